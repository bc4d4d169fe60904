"""Pengaturan → Jejak audit: is the hash chain intact, and a searchable list of entries.

Open to koordinator and admin (``Permission.VIEW_AUDIT``); an operator reads who may
instead (:class:`~puskesos_desktop.gui.roles.PermissionNotice`). The check reads every
entry, so it runs as a job with a progress bar; the list shows the newest 500 matches.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop.domain.audit import AuditAction
from puskesos_desktop.domain.permissions import Permission
from puskesos_desktop.gui.models.rows_table import Index, RowsTableModel
from puskesos_desktop.gui.roles import PermissionNotice
from puskesos_desktop.i18n import N_, _
from puskesos_desktop.services.changes import ChangeKind, Changes

if TYPE_CHECKING:
    from puskesos_desktop.gui.runner import JobRunner
    from puskesos_desktop.services.audit import AuditRow, AuditVerification
    from puskesos_desktop.services.desk import Desk

ACTION_LABELS: dict[str, str] = {
    AuditAction.CREATE: N_("buat data"),
    AuditAction.UPDATE: N_("ubah data"),
    AuditAction.DELETE: N_("hapus data"),
    AuditAction.LETTER_PRINT: N_("cetak surat"),
    AuditAction.LETTER_REPRINT: N_("cetak ulang surat"),
    AuditAction.LETTER_VOID: N_("batalkan surat"),
    AuditAction.EXPORT: N_("kirim paket"),
    AuditAction.IMPORT: N_("terima paket"),
    AuditAction.BACKUP: N_("cadangkan"),
    AuditAction.RESTORE: N_("pulihkan"),
    AuditAction.LOGIN: N_("masuk"),
    AuditAction.LOGIN_FAILED: N_("gagal masuk"),
    AuditAction.LOGOUT: N_("keluar"),
    AuditAction.LOCK: N_("layar dikunci"),
    AuditAction.VIEW_SENSITIVE: N_("membuka data warga"),
    AuditAction.PASSWORD_CHANGE: N_("ganti kata sandi"),
    AuditAction.PASSWORD_RESET: N_("atur ulang kata sandi"),
    AuditAction.OPERATOR_CREATE: N_("tambah pengguna"),
    AuditAction.OPERATOR_UPDATE: N_("ubah pengguna"),
    AuditAction.SETTINGS_CHANGE: N_("ubah pengaturan"),
    AuditAction.KEY_CHANGE: N_("ubah kunci"),
    AuditAction.AUDIT_FLAG_REVIEW: N_("periksa jejak audit desa"),
    AuditAction.KEY_EXPORT: N_("simpan kunci ke berkas"),
    AuditAction.KEY_IMPORT: N_("pasang kunci dari berkas"),
}


def action_label(action: str) -> str:
    return _(ACTION_LABELS[action]) if action in ACTION_LABELS else action


class AuditTable(RowsTableModel["AuditRow"]):
    def __init__(self) -> None:
        super().__init__([_("No."), _("Waktu (UTC)"), _("Pengguna"), _("Tindakan"), _("Data")])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row: AuditRow = self.row_at(index.row())
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.detail
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        target = " ".join(p for p in (row.target_table or "", (row.target_uid or "")[:8]) if p)
        when = row.at[:16].replace("T", " ")
        return (str(row.id), when, row.operator, action_label(row.action), target)[index.column()]


class AuditPanel(QGroupBox):
    def __init__(self, desk: Desk, runner: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(_("Jejak audit"), parent)
        self.desk = desk
        self.runner = runner
        self.status = QLabel(_("Keutuhan belum diperiksa."))
        self.status.setWordWrap(True)
        self.verify_button = QPushButton(_("Periksa keutuhan"))
        self.verify_button.clicked.connect(self.verify)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Cari pengguna, tabel, atau kode data…"))
        self.search.returnPressed.connect(self.refresh)
        self.action = QComboBox()
        self.action.addItem(_("Semua tindakan"), "")
        for value in ACTION_LABELS:
            self.action.addItem(action_label(value), str(value))
        self.action.activated.connect(lambda _index: self.refresh())
        self.model = AuditTable()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setMinimumHeight(220)
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.verify_button)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        filters.addWidget(self.action, 1)
        self.area = QWidget()
        area_layout = QVBoxLayout(self.area)
        area_layout.setContentsMargins(0, 0, 0, 0)
        area_layout.addLayout(top)
        area_layout.addLayout(filters)
        area_layout.addWidget(self.table)
        layout = QVBoxLayout(self)
        layout.addWidget(self.area)
        self.notice = PermissionNotice(self.area, Permission.VIEW_AUDIT, desk)
        layout.addWidget(self.notice)
        self.refresh()

    def refresh(self) -> None:
        self.notice.apply()
        if self.notice.allowed:
            rows = self.desk.audit.search(self.search.text(), self.action.currentData() or "")
            self.model.set_rows(rows)

    def on_data_changed(self, changes: Changes) -> None:
        if changes.touches(ChangeKind.OPERATORS) or self.isVisible():
            self.refresh()

    def verify(self) -> None:
        audit = self.desk.audit
        self.runner.run(
            lambda progress, cancel: audit.verify(progress=progress, cancel=cancel),
            title=_("Memeriksa jejak audit"),
            on_success=self.show_verification,
        )

    def show_verification(self, result: AuditVerification) -> None:
        if result.ok:
            text = _("Utuh: {count} entri diperiksa, tidak ada yang diubah atau dihapus.")
            self.status.setStyleSheet("color: #1b5e20;")
        elif result.reason == "missing":
            text = _("RUSAK: entri nomor {id} hilang (dihapus). {count} entri sebelumnya utuh.")
            self.status.setStyleSheet("color: #b00020; font-weight: 600;")
        else:
            text = _(
                "RUSAK: entri nomor {id} diubah setelah dicatat. {count} entri sebelumnya utuh."
            )
            self.status.setStyleSheet("color: #b00020; font-weight: 600;")
        self.status.setText(text.format(count=result.checked, id=result.first_broken_id))
