"""Pengaturan → Pengguna: own password, and for admins the operators, roles and lock time.

Everyone sees their own account and can change their password. Only an admin sees the user
list and its buttons (``Permission.MANAGE_USERS``); other roles read who may instead
(:class:`~puskesos_desktop.gui.roles.PermissionNotice`), and the service refuses the same
calls for them anyway.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.permissions import Permission, Role
from puskesos_desktop.gui.errors import show_user_error
from puskesos_desktop.gui.formatting import format_datetime
from puskesos_desktop.gui.models.rows_table import Index, RowsTableModel
from puskesos_desktop.gui.roles import PermissionNotice
from puskesos_desktop.i18n import _
from puskesos_desktop.services.changes import ChangeKind, Changes

if TYPE_CHECKING:
    from puskesos_desktop.gui.runner import JobRunner
    from puskesos_desktop.services.desk import Desk
    from puskesos_desktop.services.operators import OperatorInfo

LOCK_CHOICES = (0, 5, 10, 15, 30, 60)


def _role_label(role: str) -> str:
    from puskesos_desktop.services.access import role_label

    return role_label(role)


class OperatorTable(RowsTableModel["OperatorInfo"]):
    def __init__(self) -> None:
        super().__init__(
            [_("Nama pengguna"), _("Nama"), _("Peran"), _("Status"), _("Terakhir masuk")]
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        row = self.row_at(index.row())
        status = _("aktif") if row.aktif else _("nonaktif")
        if row.aktif and row.wajib_ganti_sandi:
            status = _("aktif, wajib ganti sandi")
        return (
            row.username, row.nama, _role_label(row.peran), status,
            format_datetime(row.terakhir_masuk),
        )[index.column()]  # fmt: skip


class OperatorDialog(QDialog):
    """New operator (all fields) or an existing one (role and active only)."""

    def __init__(self, existing: OperatorInfo | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Ubah pengguna") if existing else _("Tambah pengguna"))
        self.username, self.nama, self.password = QLineEdit(), QLineEdit(), QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.peran = QComboBox()
        for role in Role:
            self.peran.addItem(_role_label(role.value), role.value)
        self.aktif = QCheckBox(_("Aktif (boleh masuk)"))
        self.aktif.setChecked(True)
        form = QFormLayout()
        if existing is None:
            form.addRow(_("Nama pengguna:"), self.username)
            form.addRow(_("Nama lengkap:"), self.nama)
            form.addRow(_("Kata sandi sementara:"), self.password)
        else:
            form.addRow(_("Pengguna:"), QLabel(f"{existing.username} — {existing.nama}"))
            self.peran.setCurrentIndex(max(self.peran.findData(existing.peran), 0))
            self.aktif.setChecked(existing.aktif)
        form.addRow(_("Peran:"), self.peran)
        if existing is not None:
            form.addRow("", self.aktif)
        hint = QLabel(
            _(
                "Operator: daftar, asesmen, rujukan, cetak. Koordinator: juga membatalkan "
                "surat, menyelesaikan konflik, melihat jejak audit. Admin: semuanya."
            )
        )
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)


class UsersPanel(QGroupBox):
    def __init__(self, desk: Desk, runner: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(_("Pengguna"), parent)
        self.desk = desk
        self.runner = runner
        self.me = QLabel()
        self.me.setWordWrap(True)
        self.password_button = QPushButton(_("Ganti kata sandi saya…"))
        self.password_button.clicked.connect(self.change_password)
        self.model = OperatorTable()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setMinimumHeight(150)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.add_button = QPushButton(_("Tambah pengguna…"))
        self.edit_button = QPushButton(_("Ubah peran/status…"))
        self.reset_button = QPushButton(_("Atur ulang kata sandi…"))
        self.add_button.clicked.connect(self.add_operator)
        self.edit_button.clicked.connect(self.edit_selected)
        self.reset_button.clicked.connect(self.reset_selected)
        self.lock_minutes = QComboBox()
        for minutes in LOCK_CHOICES:
            text = _("tidak pernah") if minutes == 0 else _("{n} menit").format(n=minutes)
            self.lock_minutes.addItem(text, minutes)
        self.lock_minutes.activated.connect(self.save_lock_minutes)

        me_row = QHBoxLayout()
        me_row.addWidget(self.me, 1)
        me_row.addWidget(self.password_button)
        self.admin_area = QWidget()
        buttons = QGridLayout()
        buttons.addWidget(self.add_button, 0, 0)
        buttons.addWidget(self.edit_button, 0, 1)
        buttons.addWidget(self.reset_button, 0, 2)
        lock_row = QFormLayout()
        lock_row.addRow(_("Kunci layar otomatis setelah:"), self.lock_minutes)
        admin_layout = QVBoxLayout(self.admin_area)
        admin_layout.setContentsMargins(0, 0, 0, 0)
        admin_layout.addWidget(self.table)
        admin_layout.addLayout(buttons)
        admin_layout.addLayout(lock_row)
        layout = QVBoxLayout(self)
        layout.addLayout(me_row)
        layout.addWidget(self.admin_area)
        self.notice = PermissionNotice(self.admin_area, Permission.MANAGE_USERS, desk)
        layout.addWidget(self.notice)
        self.refresh()

    # -- reading ------------------------------------------------------------------------
    def refresh(self) -> None:
        context = self.desk.context
        self.notice.apply()
        if context.actor is None:
            self.me.setText(_("Belum ada yang masuk."))
            return
        self.me.setText(
            _("Anda masuk sebagai {user} ({role}).").format(
                user=context.actor.operator, role=_role_label(context.operator_role or "")
            )
        )
        if self.notice.allowed:
            self.model.set_rows(self.desk.operators.list())
            minutes = self.desk.operators.lock_minutes()
            self.lock_minutes.setCurrentIndex(max(self.lock_minutes.findData(minutes), 0))

    def on_data_changed(self, changes: Changes) -> None:
        if changes.touches(ChangeKind.OPERATORS) or changes.touches(ChangeKind.PROFILE):
            self.refresh()

    def selected(self) -> OperatorInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    # -- actions ------------------------------------------------------------------------
    def change_password(self) -> None:
        from puskesos_desktop.gui.dialogs.password import ChangePasswordDialog

        ChangePasswordDialog(self.desk, parent=self).exec()

    def add_operator(self) -> None:
        dialog = OperatorDialog(None, self)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            if self._call(
                lambda: self.desk.operators.create(
                    dialog.username.text(), dialog.nama.text(),
                    dialog.peran.currentData(), dialog.password.text(),
                )
            ):  # fmt: skip
                return  # on a refusal the dialog opens again with what was typed

    def edit_selected(self) -> None:
        row = self.selected()
        if row is None:
            show_user_error(self, _("Pilih pengguna di daftar terlebih dahulu."))
            return
        dialog = OperatorDialog(row, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._call(
                lambda: self.desk.operators.update(
                    row.username, peran=dialog.peran.currentData(), aktif=dialog.aktif.isChecked()
                )
            )

    def reset_selected(self) -> None:
        row = self.selected()
        if row is None:
            show_user_error(self, _("Pilih pengguna di daftar terlebih dahulu."))
            return
        temporary, ok = QInputDialog.getText(
            self,
            _("Atur ulang kata sandi"),
            _("Kata sandi sementara untuk {user} (wajib diganti saat masuk):").format(
                user=row.username
            ),
            QLineEdit.EchoMode.Password,
        )
        if ok:
            self._call(lambda: self.desk.operators.reset_password(row.username, temporary))

    def save_lock_minutes(self, index: int) -> None:
        self._call(lambda: self.desk.operators.set_lock_minutes(self.lock_minutes.itemData(index)))

    def _call(self, action) -> bool:
        """Run a quick service call; report refusals; tell every view what changed."""
        try:
            changes = action()
        except UserError as error:
            show_user_error(self, error.message)
            return False
        self.runner.data_changed.emit(changes)
        return True

    def index_of(self, username: str) -> QModelIndex:
        """For tests and keyboard users: the table row of ``username``."""
        for row in range(self.model.rowCount()):
            if self.model.row_at(row).username == username:
                return self.model.index(row, 0)
        return QModelIndex()
