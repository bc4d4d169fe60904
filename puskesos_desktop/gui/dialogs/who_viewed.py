""""Siapa yang membuka data ini?": every opening of a person's record, from the audit log."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop.gui.views.audit_panel import AuditTable
from puskesos_desktop.i18n import _

if TYPE_CHECKING:
    from puskesos_desktop.services.desk import Desk


class WhoViewedDialog(QDialog):
    def __init__(
        self, desk: Desk, person_uid: str, person_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Siapa yang membuka data ini"))
        rows = desk.audit.who_viewed(person_uid)
        intro = QLabel(
            _("Data {name} (dan keluarganya) dibuka {count} kali, terbaru di atas.").format(
                name=person_name, count=len(rows)
            )
        )
        intro.setWordWrap(True)
        self.model = AuditTable()
        self.model.set_rows(rows)
        table = QTableView()
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.resize(720, 420)
