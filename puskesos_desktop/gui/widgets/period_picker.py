"""Choose a report period: a calendar month (the usual case) or any from/to range.

Month names come from ``domain/dates_id.py`` so they read "November", never the laptop's
English locale. The range fields are the app's day-first date fields; a range that ends
before it starts is refused by ``Periode`` itself with an Indonesian message.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QRadioButton, QSpinBox, QWidget

from puskesos_desktop.domain.dates_id import MONTHS
from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.gui.widgets.date_field import DateField
from puskesos_desktop.i18n import _

if TYPE_CHECKING:
    from puskesos_desktop.reports.model import Periode


class PeriodPicker(QWidget):
    changed = Signal()

    def __init__(self, today: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        today = today or date.today()
        self.by_month = QRadioButton(_("Bulan"))
        self.by_range = QRadioButton(_("Dari"))
        self.month = QComboBox()
        for number, name in enumerate(MONTHS, start=1):
            self.month.addItem(name, number)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.start = DateField(show_words=False)
        self.end = DateField(show_words=False)
        for field in (self.start, self.end):
            field.edit.setMaximumWidth(110)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        for widget in (self.by_month, self.month, self.year):
            layout.addWidget(widget)
        layout.addSpacing(10)
        layout.addWidget(self.by_range)
        layout.addWidget(self.start)
        layout.addWidget(QLabel(_("s.d.")))
        layout.addWidget(self.end)
        self.set_month(today.year, today.month)
        self.start.set_value(today.replace(day=1))
        self.end.set_value(today)
        self.by_month.toggled.connect(self._mode_changed)
        self.month.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.year.valueChanged.connect(lambda _v: self.changed.emit())
        self.start.changed.connect(self.changed.emit)
        self.end.changed.connect(self.changed.emit)

    def set_month(self, year: int, month: int) -> None:
        self.by_month.setChecked(True)
        self.year.setValue(year)
        self.month.setCurrentIndex(month - 1)
        self._mode_changed()

    def set_range(self, start: date, end: date) -> None:
        self.by_range.setChecked(True)
        self.start.set_value(start)
        self.end.set_value(end)
        self._mode_changed()

    def periode(self) -> Periode:
        """The chosen period; a UserError says what to fix in the range fields."""
        from puskesos_desktop.reports.model import Periode

        if self.by_month.isChecked():
            return Periode.bulan(self.year.value(), int(self.month.currentData()))
        start, end = self.start.value(), self.end.value()
        if start is None or end is None:
            raise UserError(
                _("Isi tanggal awal dan akhir periode, mis. 01/10/2026 s.d. 31/10/2026.")
            )
        return Periode(start, end)

    def _mode_changed(self, *_args: object) -> None:
        monthly = self.by_month.isChecked()
        self.month.setEnabled(monthly)
        self.year.setEnabled(monthly)
        self.start.setEnabled(not monthly)
        self.end.setEnabled(not monthly)
        self.changed.emit()
