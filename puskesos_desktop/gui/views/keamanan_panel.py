"""Settings section "Keamanan": encryption at rest, the recovery key, USB passphrases.

A plain desk is offered encryption here (an admin's password is asked again, because the
first key slot is made from it). The job runs in the JobRunner's write lane: every
connection is closed while the file is swapped. The recovery key is then shown once in
:class:`RecoveryKeyDialog`, which cannot be closed before the operator confirms they
printed or wrote it down.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.gui.errors import show_user_error
from puskesos_desktop.gui.prompts import Confirm, ask_passphrase, ask_yes_no
from puskesos_desktop.i18n import _
from puskesos_desktop.services.changes import ChangeKind, Changes

if TYPE_CHECKING:
    from puskesos_desktop.gui.runner import JobRunner
    from puskesos_desktop.jobs import CancelToken, Progress
    from puskesos_desktop.services.encryption import EnableResult


class RecoveryKeyDialog(QDialog):
    """Shows a new recovery key once; "Tutup" unlocks only after "sudah dicatat" is ticked."""

    def __init__(self, desk: Any, recovery_key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.recovery_key = recovery_key
        self.setWindowTitle(_("Kunci Pemulihan"))
        explain = QLabel(
            _(
                "Basis data kini terenkripsi. Kunci di bawah ini membuka data bila semua kata "
                "sandi terlupa. Cetak lembarnya (atau tulis tangan), simpan di lemari kantor "
                "desa, terpisah dari laptop. Kunci ini tidak akan ditampilkan lagi."
            )
        )
        explain.setWordWrap(True)
        self.key_label = QLabel(recovery_key.replace("-", " - "))
        font = QFont(self.key_label.font())
        font.setPointSize(font.pointSize() + 6)
        font.setBold(True)
        self.key_label.setFont(font)
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_label.setStyleSheet("border: 2px solid #333; padding: 12px; background: #fff;")
        self.save_button = QPushButton(_("Simpan lembar untuk dicetak (PDF)…"))
        self.save_button.clicked.connect(lambda: self.save_sheet())
        self.noted = QCheckBox(_("Kunci ini sudah saya cetak atau catat dan simpan"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setText(_("Tutup"))
        self.close_button.setEnabled(False)
        self.noted.toggled.connect(self.close_button.setEnabled)
        buttons.rejected.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.key_label)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.noted)
        layout.addWidget(buttons)
        self.resize(620, 300)

    def save_sheet(self, path: str | None = None) -> None:
        if not path:
            path, _filter = QFileDialog.getSaveFileName(
                self, _("Simpan lembar Kunci Pemulihan"), "kunci-pemulihan.pdf", "PDF (*.pdf)"
            )
        if not path:
            return
        try:
            Path(path).write_bytes(self.desk.encryption.recovery_sheet_pdf(self.recovery_key))
        except OSError as error:
            show_user_error(self, _("Lembar tidak dapat disimpan: {error}").format(error=error))

    def reject(self) -> None:
        """Escape must not lose a key nobody has written down yet."""
        if self.noted.isChecked():
            super().reject()


class KeamananPanel(QGroupBox):
    def __init__(self, desk: Any, runner: JobRunner, parent: QWidget | None = None, *,
                 confirm: Confirm = ask_yes_no) -> None:
        super().__init__(_("Keamanan: enkripsi basis data"), parent)
        self.desk = desk
        self.runner = runner
        self.confirm = confirm
        self.recovery_dialog: RecoveryKeyDialog | None = None
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.enable_button = QPushButton(_("Enkripsi basis data…"))
        self.renew_button = QPushButton(_("Buat Kunci Pemulihan baru…"))
        self.enable_button.clicked.connect(lambda: self.enable())
        self.renew_button.clicked.connect(self.renew)
        buttons = QHBoxLayout()
        buttons.addWidget(self.enable_button)
        buttons.addWidget(self.renew_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        status = self.desk.encryption.status()
        if status.encrypted:
            text = _(
                "Terenkripsi (SQLCipher). Kata sandi yang membuka data: {names}. "
                "Kunci Pemulihan: {recovery}."
            ).format(
                names=", ".join(status.operators) or "—",
                recovery=_("ada") if status.has_recovery else _("tidak ada"),
            )
        else:
            text = _(
                "Belum terenkripsi: siapa pun yang memegang laptop ini (misalnya di tempat "
                "servis) dapat menyalin data warga. Enkripsi memakan waktu kurang dari satu "
                "menit; cadangan lama ikut dienkripsi."
            )
        self.summary.setText(text)
        self.enable_button.setVisible(not status.encrypted)
        self.renew_button.setVisible(status.encrypted)

    def on_data_changed(self, changes: Changes) -> None:
        if changes.touches(ChangeKind.DATABASE):
            self.refresh()

    def enable(self, password: str | None = None) -> None:
        actor = self.desk.context.actor
        if actor is None:
            return
        if password is None:
            password = ask_passphrase(self, _("Enkripsi basis data"), _(
                "Ketik kata sandi Anda ({user}). Kata sandi ini nanti membuka basis data."
            ).format(user=actor.operator))
        if not password:
            return

        def job(progress: Progress, cancel: CancelToken) -> EnableResult:
            return self.desk.encryption.enable(
                actor.operator, password, progress=progress, cancel=cancel
            )

        self.runner.run(job, title=_("Mengenkripsi basis data"), writes=True,
                        on_success=lambda result: self.show_key(result.recovery_key))

    def renew(self) -> None:
        if not self.confirm(self, _("Buat Kunci Pemulihan baru?"), _(
            "Lembar Kunci Pemulihan yang lama tidak berlaku lagi. Lanjutkan?"
        )):
            return
        try:
            self.show_key(self.desk.encryption.renew_recovery_key())
        except UserError as error:
            show_user_error(self, error.message)

    def show_key(self, recovery_key: str) -> None:
        self.refresh()
        self.recovery_dialog = RecoveryKeyDialog(self.desk, recovery_key, self)
        self.recovery_dialog.open()
