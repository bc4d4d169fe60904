"""Sinkronisasi → Desk desa (district mode): every village desk at a glance.

Last bundle received and when, gaps, pending conflicts, records and the head of each desk's
audit chain; a desk whose chain went backwards is marked red with a warning above the list,
and a koordinator or admin clears the mark once it was looked into ("Periksa peringatan…",
with a note: ``dialogs.audit_flag_review``). Below it, the same NIK registered by two
villages, which the district officer has to sort out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from puskesos_desktop.domain.permissions import Permission
from puskesos_desktop.gui.dialogs.audit_flag_review import ask_review_note
from puskesos_desktop.gui.formatting import format_count, format_datetime
from puskesos_desktop.gui.roles import require_permission
from puskesos_desktop.gui.runner import JobRunner
from puskesos_desktop.gui.views.sync_send import fill_table, make_table
from puskesos_desktop.i18n import _
from puskesos_desktop.jobs import CancelToken, Progress
from puskesos_desktop.services.changes import ChangeKind, Changes

if TYPE_CHECKING:
    from puskesos_desktop.services.sync_district import DeskStatus

AskNote = Callable[[QWidget, "DeskStatus"], str | None]


class DesksPanel(QWidget):
    def __init__(
        self,
        desk: Any,
        runner: JobRunner | None = None,
        parent: QWidget | None = None,
        *,
        ask_note: AskNote = ask_review_note,
    ) -> None:
        super().__init__(parent)
        self.desk, self.ask_note = desk, ask_note
        self.runner = runner if runner is not None else JobRunner(self)
        self.statuses: list[DeskStatus] = []
        self.table = make_table(
            [
                _("Desa"),
                _("ID desk"),
                _("Paket terakhir"),
                _("Diterima"),
                _("Kekosongan"),
                _("Konflik"),
                _("Penduduk"),
                _("Jejak audit"),
            ]
        )
        self.audit_column = self.table.columnCount() - 1
        self.audit_warning = QLabel()
        self.audit_warning.setObjectName("problems")
        self.audit_warning.setWordWrap(True)
        self.audit_warning.hide()
        self.review_button = QPushButton(_("Periksa peringatan…"))
        self.review_button.setToolTip(
            _("Tandai peringatan jejak audit desa yang dipilih sudah diperiksa, dengan catatan")
        )
        self.review_button.clicked.connect(self.review_selected)
        require_permission(self.review_button, Permission.REVIEW_AUDIT_FLAG, desk)
        warning_row = QHBoxLayout()
        warning_row.addWidget(self.audit_warning, 1)
        warning_row.addWidget(self.review_button)
        self.duplicates = make_table([_("NIK"), _("Terdaftar di")])
        self.duplicates_label = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Desk desa yang terdaftar:")))
        layout.addLayout(warning_row)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.duplicates_label)
        layout.addWidget(self.duplicates, 1)
        self.table.itemSelectionChanged.connect(self._update_review_button)
        self.refresh()

    def refresh(self) -> None:
        from puskesos_desktop.services.sync_audit import rewind_text

        rows, flagged = [], []
        self.statuses = self.desk.sync.district.desks()
        for status in self.statuses:
            gap = ""
            if status.missing:
                gap = _("menunggu paket {seqs}").format(
                    seqs=", ".join(str(s) for s in status.missing[:5])
                )
            name = status.name + (f" ({_('DICABUT')})" if status.revoked else "")
            head = status.audit_head
            audit = "—" if head is None else _("{n} entri").format(n=format_count(head.last_id))
            if status.audit_rewind is not None:
                audit = "\u26a0 " + rewind_text(status.audit_rewind)
                flagged.append((len(rows), status.name))
            rows.append(
                [
                    name,
                    status.desk_id,
                    str(status.last_seq or "—"),
                    format_datetime(status.last_received_at),
                    gap or "—",
                    str(status.open_conflicts),
                    format_count(status.persons),
                    audit,
                ]
            )
        fill_table(self.table, rows)
        for row, _name in flagged:
            self.table.item(row, self.audit_column).setForeground(QBrush(QColor("#a61b1b")))
        self.audit_warning.setText(
            _(
                "{desks}: jejak audit mundur atau ditulis ulang. Ada catatan yang dihapus "
                "atau diubah, atau basis data lama dipulihkan. Periksa laptop desk itu "
                "bersama operatornya, lalu pilih desanya dan klik Periksa peringatan."
            ).format(desks=", ".join(name for _row, name in flagged))
        )
        self.audit_warning.setVisible(bool(flagged))  # after the text: wrapped height
        self.review_button.setVisible(bool(flagged))
        self._update_review_button()
        duplicates = self.desk.sync.district.duplicate_niks()
        self.duplicates_label.setText(
            _("NIK yang terdaftar di lebih dari satu desa: {n}").format(n=len(duplicates))
        )
        self.duplicates.setVisible(bool(duplicates))
        fill_table(
            self.duplicates,
            [
                [d.nik, "; ".join(f"{name} ({origin})" for _uid, name, origin in d.persons)]
                for d in duplicates
            ],
        )

    def selected_status(self) -> DeskStatus | None:
        rows = self.table.selectionModel().selectedRows()
        return self.statuses[rows[0].row()] if rows else None

    def _update_review_button(self) -> None:
        status = self.selected_status()
        self.review_button.setEnabled(status is not None and status.audit_rewind is not None)

    def review_selected(self) -> None:
        """Ask for the note, then clear the flag in the write lane; the list refreshes."""
        status = self.selected_status()
        if status is None or status.audit_rewind is None:
            return
        note = self.ask_note(self, status)
        if not note:
            return

        def job(_progress: Progress, _cancel: CancelToken) -> Changes:
            return self.desk.sync.district.mark_audit_reviewed(status.desk_id, note)

        def done(_changes: Changes) -> None:
            self.refresh()
            self.runner.status_message.emit(
                _("Peringatan jejak audit {desk} ditandai sudah diperiksa.").format(
                    desk=status.name
                )
            )

        self.runner.run(job, title=_("Menyimpan pemeriksaan"), writes=True, on_success=done)

    def on_data_changed(self, changes: Changes) -> None:
        if changes.touches(ChangeKind.SYNC):
            self.refresh()
