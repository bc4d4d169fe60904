"""Rescue dialog for a damaged database, shown instead of the main window.

The damaged file has not been touched (start-up only reads it). The operator gets three plain
choices: restore the newest backup, pick a backup file (e.g. from a flashdisk), or quit and
call for help. The restore itself runs through the JobRunner, which keeps a raw copy of the
damaged files first, so nothing is lost whichever way it goes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop.gui.dialogs.backup_passphrase import (
    AskRestorePassphrase,
    ask_restore_passphrase,
    passphrase_for,
)
from puskesos_desktop.gui.formatting import format_datetime
from puskesos_desktop.gui.prompts import choose_backup_file
from puskesos_desktop.gui.runner import JobRunner
from puskesos_desktop.i18n import _
from puskesos_desktop.jobs import CancelToken, Progress

if TYPE_CHECKING:
    from puskesos_desktop.services.backup import RestoreResult


class DamagedDatabaseDialog(QDialog):
    """Accepted once a restore succeeded; rejected when the operator chose to quit."""

    def __init__(
        self,
        desk: object,
        parent: QWidget | None = None,
        *,
        choose_file: Callable[[QWidget], str | None] = choose_backup_file,
        ask_passphrase: AskRestorePassphrase = ask_restore_passphrase,
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.choose_file, self.ask_passphrase = choose_file, ask_passphrase
        self.runner = JobRunner(self)
        # After a restore: which password now opens the desk (``RestoreResult.notice``),
        # for the start-up code to show once the dialog closed.
        self.restore_notice = ""
        self.setWindowTitle(_("Basis data rusak"))
        self.setMinimumWidth(560)
        report = desk.startup
        icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(size)
        )
        heading = QLabel(_("Basis data Puskesos tidak dapat dibuka karena rusak."))
        heading.setObjectName("pageTitle")
        heading.setWordWrap(True)
        message = QLabel(report.message)
        message.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        text_column = QVBoxLayout()
        text_column.addWidget(heading)
        text_column.addWidget(message)
        top.addLayout(text_column, 1)

        latest = report.latest_backup
        if latest is not None:
            label = _("Pulihkan dari cadangan terakhir ({when})").format(
                when=format_datetime(latest.created_at)
            )
        else:
            label = _("Pulihkan dari cadangan terakhir (tidak ada)")
        self.latest_button = QPushButton(label)
        self.latest_button.setEnabled(latest is not None)
        self.file_button = QPushButton(_("Pilih berkas cadangan…"))
        self.quit_button = QPushButton(_("Keluar"))
        for button in (self.latest_button, self.file_button, self.quit_button):
            button.setMinimumHeight(34)
        self.latest_button.clicked.connect(lambda: latest is not None and self.restore(latest.path))
        self.file_button.clicked.connect(self._choose_and_restore)
        self.quit_button.clicked.connect(self.reject)
        (self.latest_button if latest is not None else self.file_button).setDefault(True)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addSpacing(12)
        layout.addWidget(self.latest_button)
        layout.addWidget(self.file_button)
        layout.addWidget(self.quit_button)

    def _choose_and_restore(self) -> None:
        path = self.choose_file(self)
        if path:
            self.restore(Path(path))

    def restore(self, path: Path) -> None:
        """A flashdisk copy protected by a passphrase (``.age``) asks for it first."""
        go_on, passphrase = passphrase_for(self, path, self.ask_passphrase)
        if not go_on:
            return

        def job(progress: Progress, cancel: CancelToken) -> RestoreResult:
            return self.desk.backup.restore(
                path, passphrase=passphrase, progress=progress, cancel=cancel
            )

        def done(result: RestoreResult) -> None:
            self.restore_notice = result.notice
            self.accept()

        for button in (self.latest_button, self.file_button):
            button.setEnabled(False)
        handle = self.runner.run(job, title=_("Memulihkan data"), writes=True, on_success=done)
        handle.finished.connect(self._reenable)

    def _reenable(self) -> None:
        if self.result() != QDialog.DialogCode.Accepted:
            self.latest_button.setEnabled(self.desk.startup.latest_backup is not None)
            self.file_button.setEnabled(True)
