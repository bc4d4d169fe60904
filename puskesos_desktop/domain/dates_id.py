"""Indonesian calendar words: the one home for month and weekday names.

Letters, reports and the verification screen all print dates the way an Indonesian office
writes them (``22 November 2026``, ``Minggu, 22 November 2026``). ``strftime("%B")`` cannot
do this: it follows the operating-system locale, which on a village laptop is often English
or missing, so the names are spelled out here and never depend on the machine.
"""

from __future__ import annotations

from datetime import date

MONTHS: tuple[str, ...] = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

# Index 0 is Monday, matching ``date.weekday()``.
WEEKDAYS: tuple[str, ...] = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


def month_name(month: int) -> str:
    """``11`` → ``"November"``; anything outside 1–12 is a programming error."""
    if not isinstance(month, int) or isinstance(month, bool) or not 1 <= month <= 12:
        raise ValueError(f"bulan harus 1-12, bukan {month!r}")
    return MONTHS[month - 1]


def weekday_name(day: date) -> str:
    """``date(2026, 11, 22)`` → ``"Minggu"``."""
    return WEEKDAYS[day.weekday()]


def format_date(day: date) -> str:
    """``22 November 2026``: day without a leading zero, as typed in official letters."""
    return f"{day.day} {month_name(day.month)} {day.year}"


def format_date_with_weekday(day: date) -> str:
    """``Minggu, 22 November 2026`` (appointments, minutes of meetings)."""
    return f"{weekday_name(day)}, {format_date(day)}"


def format_place_date(place: str, day: date) -> str:
    """``Jepara, 22 November 2026``: the place-and-date line above a signature."""
    place = place.strip()
    return f"{place}, {format_date(day)}" if place else format_date(day)


def format_month_year(month: int, year: int) -> str:
    """``November 2026``: report periods."""
    return f"{month_name(month)} {year}"
