"""The main window's permanent status labels: desk id, operator, last backup, last bundle.

They answer the questions a helper on the phone asks first ("which desk?", "who is signed
in?", "when was the last backup?", "when did the district last get our data?").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QStatusBar

from puskesos_desktop.gui.formatting import format_datetime
from puskesos_desktop.i18n import _

if TYPE_CHECKING:
    from puskesos_desktop.gui.desk_status import DeskStatus


class StatusLabels:
    """Four labels on the right of ``bar``; empty until the desk has been read."""

    def __init__(self, bar: QStatusBar) -> None:
        self.desk_label = QLabel()
        self.operator_label = QLabel()
        self.backup_label = QLabel()
        self.sync_label = QLabel()
        for label in (self.desk_label, self.operator_label, self.backup_label, self.sync_label):
            bar.addPermanentWidget(label)

    def show(self, status: DeskStatus, operator: str | None) -> None:
        profile = status.profile
        self.desk_label.setText(
            _("ID desk: {desk_id}").format(desk_id=profile.desk_id if profile else "—")
        )
        self.operator_label.setText(_("Operator: {name}").format(name=operator or "—"))
        self.backup_label.setText(
            _("Cadangan terakhir: {when}").format(when=format_datetime(status.last_backup))
        )
        self.sync_label.setText(
            _("Paket terakhir dikirim: {when}").format(when=format_datetime(status.last_sent))
            if status.last_sent is not None
            else _("Paket terakhir dikirim: belum pernah")
        )
