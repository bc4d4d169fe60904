"""Home-screen box: referrals whose follow-up date has passed, oldest first.

The desk promises a follow-up to every referred person; this list is the daily reminder.
Double-clicking (or the button) opens the Rujukan screen filtered to late referrals. The rows
arrive from the dashboard's background load (``set_rows``): the home screen never queries the
database on the GUI thread while the window is starting.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop.gui.formatting import format_date
from puskesos_desktop.i18n import _

if TYPE_CHECKING:
    from puskesos_desktop.services.referral_types import ReferralRow

MAX_ITEMS = 6


class OverdueList(QGroupBox):
    open_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Tindak lanjut rujukan yang terlambat"), parent)
        self.items = QListWidget()
        self.items.setMaximumHeight(140)
        self.empty = QLabel(_("Tidak ada. Semua rujukan masih dalam batas waktu tindak lanjut."))
        self.empty.setObjectName("hint")
        self.more = QPushButton(_("Buka daftar rujukan"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.items)
        layout.addWidget(self.empty)
        row = QHBoxLayout()
        row.addWidget(self.more)
        row.addStretch(1)
        layout.addLayout(row)
        self.items.itemDoubleClicked.connect(lambda _item: self.open_requested.emit())
        self.more.clicked.connect(self.open_requested.emit)
        self.items.hide()  # neither "none" nor a list until the rows have arrived
        self.empty.hide()

    def set_rows(self, rows: Sequence[ReferralRow]) -> None:
        self.items.clear()
        for row in rows[:MAX_ITEMS]:
            self.items.addItem(_("{due} · {nama} → {tujuan} ({status})").format(
                due=format_date(row.tanggal_tindak_lanjut), nama=row.orang_nama,
                tujuan=row.lembaga_nama, status=row.status_label))
            if row.tanpa_kabar:
                self.items.item(self.items.count() - 1).setForeground(QBrush(QColor("#a61b1b")))
        if len(rows) > MAX_ITEMS:
            self.items.addItem(_("… dan {n} lainnya").format(n=len(rows) - MAX_ITEMS))
        self.items.setVisible(bool(rows))
        self.empty.setVisible(not rows)
