"""Pick a registered person by typing a name or NIK (the registry's own search).

Used wherever a form needs "who": the intake's beneficiary and applicant, the household a
member moves to. Keyboard first: type, Down arrow into the list, Enter chooses; the
choice is shown in words below so the operator sees whom they picked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from puskesos_desktop.gui.formatting import format_date
from puskesos_desktop.i18n import _

if TYPE_CHECKING:
    from puskesos_desktop.services.registry_types import PersonRow

SEARCH_DELAY_MS = 250
RESULTS = 20


def describe_person(row: PersonRow) -> str:
    born = format_date(row.tanggal_lahir)
    parts = [row.nama, row.nik or _("tanpa NIK"), born, row.alamat]
    return " · ".join(part for part in parts if part)


class PersonPicker(QWidget):
    """``chosen`` fires with the :class:`PersonRow` picked; ``person`` keeps it."""

    chosen = Signal(object)

    def __init__(self, desk: Any, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.person: PersonRow | None = None
        self.search = QLineEdit()
        self.search.setPlaceholderText(placeholder or _("Ketik nama atau NIK, lalu ↓ dan Enter"))
        self.search.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setMaximumHeight(96)
        self.results.hide()
        self.label = QLabel(_("Belum dipilih."))
        self.label.setObjectName("hint")
        self.label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self.search)
        layout.addWidget(self.results)
        layout.addWidget(self.label)
        self.setFocusProxy(self.search)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.run_search)
        self.search.textEdited.connect(lambda _text: self.timer.start())
        self.search.installEventFilter(self)
        self.results.itemActivated.connect(self._activated)
        self.results.itemClicked.connect(self._activated)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Down and self.results.count():
                self.results.show()
                self.results.setCurrentRow(0)
                self.results.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.run_search()
                if self.results.count() == 1:
                    self._activated(self.results.item(0))
                return True
        return False

    def run_search(self) -> None:
        self.timer.stop()
        text = self.search.text().strip()
        self.results.clear()
        if not text:
            self.results.hide()
            return
        for row in self.desk.registry.search(text, limit=RESULTS):
            item = QListWidgetItem(describe_person(row))
            item.setData(Qt.ItemDataRole.UserRole, row)
            self.results.addItem(item)
        if not self.results.count():
            self.results.addItem(_("Tidak ada yang cocok."))
        self.results.show()

    def _activated(self, item: QListWidgetItem) -> None:
        row = item.data(Qt.ItemDataRole.UserRole)
        if row is None:
            return
        self.set_person(row)
        self.results.hide()
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)
        self.chosen.emit(row)

    def set_person(self, row: PersonRow | None) -> None:
        self.person = row
        if row is None:
            self.label.setObjectName("hint")
            self.label.setText(_("Belum dipilih."))
        else:
            self.label.setObjectName("chosen")
            self.label.setText(_("Dipilih: {who}").format(who=describe_person(row)))
        self.label.style().unpolish(self.label)
        self.label.style().polish(self.label)

    def uid(self) -> str | None:
        return self.person.uid if self.person else None
