"""A date typed the Indonesian way: ``17/08/1980`` (also ``17-08-1980``, ``17081980``).

QDateEdit makes operators step through day, month and year sections with the arrow keys
and cannot be empty, while birth dates are often unknown. A plain line edit that reads
what people type (day first, four-digit year, never guessing a century) is faster and
forgiving; the parsed date is shown back in words so a swapped day and month is noticed.
"""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from puskesos_desktop.domain.dates_id import format_date
from puskesos_desktop.gui.widgets.nik_field import set_state
from puskesos_desktop.i18n import _

_DAY_FIRST = re.compile(r"^(\d{1,2})\s*[/\-. ]\s*(\d{1,2})\s*[/\-. ]\s*(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_PACKED = re.compile(r"^(\d{2})(\d{2})(\d{4})$")


def parse_date_text(text: str) -> date | None:
    """``dd/mm/yyyy``, ``dd-mm-yyyy``, ``dd.mm.yyyy``, ``ddmmyyyy`` or ``yyyy-mm-dd``.

    Raises ValueError (Indonesian message) for text that is not a date; "" gives None.
    """
    text = text.strip()
    if not text:
        return None
    match = _DAY_FIRST.match(text) or _PACKED.match(text)
    if match:
        day, month, year = map(int, match.groups())
    elif match := _ISO.match(text):
        year, month, day = map(int, match.groups())
    else:
        raise ValueError(_("Tulis tanggal seperti 17/08/1980 (tanggal/bulan/tahun 4 angka)."))
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(
            _("Tanggal {text} tidak ada di kalender. Periksa tanggal dan bulannya.").format(
                text=text
            )
        ) from None


class DateField(QWidget):
    """``value()`` is the date or None; ``error()`` says why the text is not a date."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, show_words: bool = True) -> None:
        super().__init__(parent)
        self.show_words = show_words
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(_("hh/bb/tttt"))
        self.edit.setMaxLength(12)
        self.message = QLabel()
        self.message.setObjectName("fieldProgress")
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.message)
        self.setFocusProxy(self.edit)
        self._error = ""
        self.edit.textChanged.connect(lambda _text: self._check(typing=True))
        self.edit.editingFinished.connect(self._finish)

    def value(self) -> date | None:
        try:
            return parse_date_text(self.edit.text())
        except ValueError:
            return None

    def error(self) -> str:
        return self._error

    def set_value(self, value: date | None) -> None:
        self.edit.setText(value.strftime("%d/%m/%Y") if value else "")
        self._check(typing=False)

    def _finish(self) -> None:
        value = self.value()
        if value is not None:  # show the canonical form: 17081980 → 17/08/1980
            self.edit.setText(value.strftime("%d/%m/%Y"))
        self._check(typing=False)

    def _check(self, *, typing: bool) -> None:
        text = self.edit.text().strip()
        try:
            value = parse_date_text(text)
        except ValueError as problem:
            self._error = str(problem)
            shaped = bool(_DAY_FIRST.match(text) or _PACKED.match(text) or _ISO.match(text))
            if typing and not shaped:  # still typing: no scolding until the shape is there
                self._set_message("", "")
            else:
                self._set_message(self._error, "error")
        else:
            self._error = ""
            words = format_date(value) if (value and self.show_words) else ""
            self._set_message(words, "")
        self.changed.emit()

    def _set_message(self, text: str, state: str) -> None:
        self.message.setObjectName("fieldError" if state == "error" else "fieldProgress")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)
        self.message.setVisible(bool(text))
        set_state(self.edit, state)
