"""Numbers, dates and sizes the Indonesian way (``1.234``, ``23-11-2025 15:07``, ``1,2 MB``).

Kept free of Qt so the rules are trivial to test and reuse in every view.
"""

from __future__ import annotations

from datetime import date, datetime

from puskesos_desktop.i18n import _


def format_count(value: int) -> str:
    """Thousands separated by a dot, as on Indonesian forms."""
    return f"{value:,}".replace(",", ".")


def format_number(value: float | None, decimals: int = 0) -> str:
    """A report cell: ``1.234``, ``2,5`` (decimal comma), ``-`` for "no value"."""
    if value is None:
        return "-"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def format_date(value: date | None) -> str:
    if value is None:
        return ""
    return value.strftime("%d-%m-%Y")


def format_datetime(value: datetime | None) -> str:
    """Local wall-clock time; aware timestamps (stored in UTC) are converted first."""
    if value is None:
        return _("belum ada")
    if value.tzinfo is not None:
        value = value.astimezone()
    return value.strftime("%d-%m-%Y %H:%M")


def format_size(size: int) -> str:
    """Bytes in KB/MB with a decimal comma."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
