"""Registry screen: find a person by name, NIK or No. KK.

The search waits 250 ms after the last keystroke so typing a name does not run a query per
letter. It runs on the GUI thread for now: the query is indexed and capped at 200 rows; the
fast fuzzy search (and a background lane, if needed) comes with the registry work.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop.gui.formatting import format_count
from puskesos_desktop.gui.models.person_table import COL_ALAMAT, PersonTableModel
from puskesos_desktop.i18n import _
from puskesos_desktop.services.changes import ChangeKind, Changes

SEARCH_DELAY_MS = 250
RESULT_LIMIT = 200


class RegistrasiView(QWidget):
    def __init__(self, desk: object, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        title = QLabel(_("Registrasi warga"))
        title.setObjectName("pageTitle")
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Cari nama, NIK, atau No. KK…  (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.setObjectName("searchBox")
        self.result_label = QLabel()
        self.result_label.setObjectName("hint")
        self.model = PersonTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_ALAMAT, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 16)
        layout.addWidget(title)
        layout.addWidget(self.search)
        layout.addWidget(self.result_label)
        layout.addWidget(self.table, 1)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(self.timer.start)
        self.search.returnPressed.connect(self.run_search)
        self.setFocusProxy(self.search)
        self.run_search()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def run_search(self) -> None:
        self.timer.stop()
        text = self.search.text()
        rows = self.desk.registry.search(text, limit=RESULT_LIMIT)
        self.model.set_rows(rows)
        searching = bool(text.strip())
        if not rows:
            message = _("Tidak ada yang cocok.") if searching else _("Belum ada warga terdaftar.")
        elif len(rows) >= RESULT_LIMIT:
            message = _("Menampilkan {n} orang pertama (urut nama). Ketik untuk mencari.")
        elif searching:
            message = _("{n} orang ditemukan.")
        else:
            message = _("{n} orang terdaftar (urut nama).")
        self.result_label.setText(message.format(n=format_count(len(rows))))

    def on_data_changed(self, changes: Changes) -> None:
        if changes.touches(ChangeKind.REGISTRY):
            self.run_search()
