"""Backups in Pengaturan: list, back up now (here or to a flashdisk), restore.

Both actions run through the JobRunner's write lane, so a slow flashdisk never freezes the
window and a restore can never overlap another write. Restoring always asks first and says
that the current data is backed up before it is replaced (the service does that).
A copy on a flashdisk may be protected with a passphrase (``dialogs.backup_passphrase``);
restoring such a file asks for it, and a wrong one changes nothing. File and folder
choosers, the passphrase questions and the confirmation are injectable so tests can drive
them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop.domain.permissions import Permission
from puskesos_desktop.gui.dialogs.backup_passphrase import (
    AskRestorePassphrase,
    AskUsbCopy,
    ask_restore_passphrase,
    ask_usb_copy,
    passphrase_for,
)
from puskesos_desktop.gui.formatting import format_datetime
from puskesos_desktop.gui.models.backup_table import BackupTableModel
from puskesos_desktop.gui.prompts import (
    Confirm,
    ask_yes_no,
    choose_backup_file,
    choose_directory,
)
from puskesos_desktop.gui.roles import require_permission
from puskesos_desktop.gui.runner import JobRunner
from puskesos_desktop.i18n import _
from puskesos_desktop.jobs import CancelToken, Progress
from puskesos_desktop.services.changes import ChangeKind, Changes

if TYPE_CHECKING:
    from puskesos_desktop.services.backup import BackupInfo, RestoreResult

ChooseDir = Callable[[QWidget], str | None]
ChooseFile = Callable[[QWidget], str | None]


class BackupPanel(QGroupBox):
    def __init__(
        self,
        desk: object,
        runner: JobRunner,
        parent: QWidget | None = None,
        *,
        confirm: Confirm = ask_yes_no,
        choose_dir: ChooseDir = choose_directory,
        choose_file: ChooseFile = choose_backup_file,
        ask_usb: AskUsbCopy = ask_usb_copy,
        ask_passphrase: AskRestorePassphrase = ask_restore_passphrase,
    ) -> None:
        super().__init__(_("Cadangan data"), parent)
        self.desk, self.runner = desk, runner
        self.confirm, self.choose_dir, self.choose_file = confirm, choose_dir, choose_file
        self.ask_usb, self.ask_passphrase = ask_usb, ask_passphrase
        self.restored_box: QMessageBox | None = None  # "Pemulihan selesai", once shown
        intro = QLabel(
            _(
                "Cadangan harian dibuat otomatis setiap aplikasi dibuka. Simpan juga salinan di "
                "flashdisk secara berkala, karena laptop bisa rusak atau hilang."
            )
        )
        intro.setWordWrap(True)
        intro.setObjectName("hint")
        self.model = BackupTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.backup_button = QPushButton(_("Cadangkan sekarang"))
        self.backup_to_button = QPushButton(_("Cadangkan ke flashdisk…"))
        self.backup_to_button.setToolTip(
            _("Salinan ke flashdisk atau folder lain, bisa dilindungi frasa sandi")
        )
        self.restore_button = QPushButton(_("Pulihkan…"))
        self.restore_button.setToolTip(_("Pulihkan data dari cadangan yang dipilih di daftar"))
        self.restore_file_button = QPushButton(_("Pulihkan dari berkas…"))
        self.backup_button.clicked.connect(lambda: self.backup_now())
        self.backup_to_button.clicked.connect(self.backup_to_folder)
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_file_button.clicked.connect(self.restore_from_file)
        for button in (self.restore_button, self.restore_file_button):
            require_permission(button, Permission.RESTORE, desk)
        buttons = QGridLayout()
        buttons.addWidget(self.backup_button, 0, 0)
        buttons.addWidget(self.backup_to_button, 0, 1)
        buttons.addWidget(self.restore_button, 1, 0)
        buttons.addWidget(self.restore_file_button, 1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        # Buttons above the list: the panel is as tall as the settings column beside it, so
        # below the list they sat far under the fold of a 1366×768 screen.
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self.empty_label = QLabel(_("Belum ada cadangan di komputer ini."))
        self.empty_label.setObjectName("hint")
        layout.addWidget(self.empty_label)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_rows(self.desk.backup.list_backups())
        self.empty_label.setVisible(self.model.rowCount() == 0)
        self._update_buttons()

    def on_data_changed(self, changes: Changes) -> None:
        if changes.touches(ChangeKind.BACKUP):
            self.refresh()

    def _update_buttons(self, *_args: object) -> None:
        self.restore_button.setEnabled(self.table.selectionModel().hasSelection())

    # -- backup ------------------------------------------------------------------------
    def backup_now(self, dest_dir: Path | None = None, passphrase: str | None = None) -> None:
        def job(progress: Progress, cancel: CancelToken) -> BackupInfo:
            return self.desk.backup.backup_now(
                dest_dir, passphrase=passphrase, progress=progress, cancel=cancel
            )

        self.runner.run(
            job,
            title=_("Mencadangkan data"),
            writes=True,
            changes=Changes.of(ChangeKind.BACKUP),
            on_success=self._backed_up,
        )

    def backup_to_folder(self) -> None:
        folder = self.choose_dir(self)
        copy = self.ask_usb(self) if folder else None
        if folder and copy is not None:
            self.backup_now(Path(folder), copy.passphrase)

    def _backed_up(self, info: BackupInfo) -> None:
        from puskesos_desktop.services.backup_usb import SUFFIX

        text = (
            _("Cadangan berfrasa sandi tersimpan: {path}")
            if info.path.suffix == SUFFIX
            else _("Cadangan tersimpan: {path}")
        )
        self.runner.status_message.emit(text.format(path=info.path))

    # -- restore -----------------------------------------------------------------------
    def restore_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        info = self.model.row_at(rows[0].row())
        self.restore(
            info.path, _("cadangan tanggal {when}").format(when=format_datetime(info.created_at))
        )

    def restore_from_file(self) -> None:
        path = self.choose_file(self)
        if path:
            self.restore(Path(path), _("berkas {name}").format(name=Path(path).name))

    def restore(self, path: Path, described: str) -> None:
        text = _(
            "Semua data sekarang akan diganti dengan isi {what}. Data yang dimasukkan "
            "sesudah cadangan itu dibuat tidak akan tampil lagi.\n\n"
            "Sebelum memulihkan, keadaan sekarang dicadangkan dulu secara otomatis "
            "(jenis \u201cSebelum pemulihan\u201d), jadi masih bisa dikembalikan.\n\n"
            "Lanjutkan pemulihan?"
        ).format(what=described)
        go_on, passphrase = passphrase_for(self, path, self.ask_passphrase)
        if not go_on or not self.confirm(self, _("Pulihkan data?"), text):
            return

        def job(progress: Progress, cancel: CancelToken) -> RestoreResult:
            return self.desk.backup.restore(
                path, passphrase=passphrase, progress=progress, cancel=cancel
            )

        self.runner.run(
            job,
            title=_("Memulihkan data"),
            writes=True,
            on_success=lambda result: self._restored(described, result),
        )

    def _restored(self, described: str, result: RestoreResult) -> None:
        """Done: the status line, and a box that says which password now opens the desk."""
        message = _("Data berhasil dipulihkan dari {what}.").format(what=described)
        self.runner.status_message.emit(message)
        self.restored_box = QMessageBox(
            QMessageBox.Icon.Information,
            _("Pemulihan selesai"),
            f"{message}\n\n{result.notice}",
            QMessageBox.StandardButton.Ok,
            self,
        )
        self.restored_box.open()
