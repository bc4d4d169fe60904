"""Pengaturan → Kunci desk untuk petugas lain: carry the desk keys to another officer's laptop.

At a district office on a shared server every installation must sign and decrypt as the
same desk. Instead of copying a hidden ``kunci`` folder by hand, the admin saves one file
protected by a passphrase ("Simpan kunci ke berkas…"), carries it on a flashdisk and
installs it on the other laptop ("Pasang kunci dari berkas…"). Both sides show the
fingerprint, large, so the two officers can compare it; installing asks first, and asks
again in plain words when different keys would be replaced.

Unlocking and age's scrypt take a second or two each, so both run through the JobRunner.
Choosers, passphrase questions and the confirmation are injectable for tests.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop.domain.permissions import Permission
from puskesos_desktop.gui.dialogs.backup_passphrase import UsbPassphraseDialog, Wording
from puskesos_desktop.gui.prompts import Confirm, ask_passphrase, ask_yes_no, choose_directory
from puskesos_desktop.gui.roles import require_permission
from puskesos_desktop.gui.runner import JobRunner
from puskesos_desktop.i18n import _
from puskesos_desktop.jobs import CancelToken, Progress
from puskesos_desktop.services.changes import Changes

if TYPE_CHECKING:
    from puskesos_desktop.services.key_share import InstalledKeys, KeyFilePreview, SavedKeys

ChooseDir = Callable[[QWidget], str | None]
ChooseFile = Callable[[QWidget], str | None]
AskNewPassphrase = Callable[[QWidget], str | None]
AskPassphrase = Callable[[QWidget, str], str | None]  # (parent, file name)


def choose_key_file(parent: QWidget) -> str | None:
    path, _filter = QFileDialog.getOpenFileName(
        parent,
        _("Pilih berkas kunci desk"),
        "",
        _("Berkas kunci desk (*.puskesos-kunci);;Semua berkas (*)"),
    )
    return path or None


def _check_key_passphrase(passphrase: str) -> None:
    from puskesos_desktop.sync.keyshare import check_passphrase

    check_passphrase(passphrase)


def ask_new_passphrase(parent: QWidget) -> str | None:
    """The backup passphrase dialog, worded for the key file and always protected."""
    wording = Wording(
        _("Simpan kunci desk ke berkas"),
        _(
            "Berkas ini berisi kunci desk: siapa pun yang memegangnya bersama frasa sandinya "
            "dapat menandatangani paket atas nama desk ini. Pilih frasa sandi yang tidak "
            "mudah ditebak dan sampaikan langsung kepada petugas penerima, jangan ditulis "
            "di flashdisk."
        ),
        _("Minimal 10 karakter; sebaiknya beberapa kata, misalnya nama tempat dan benda."),
        _("Simpan berkas kunci"),
    )
    dialog = UsbPassphraseDialog(
        parent, wording=wording, check=_check_key_passphrase, optional=False
    )
    return dialog.choice().passphrase if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_file_passphrase(parent: QWidget, name: str) -> str | None:
    return ask_passphrase(
        parent,
        _("Berkas kunci desk"),
        _("Ketik frasa sandi berkas {name}:").format(name=name),
    )


class KeySharePanel(QGroupBox):
    def __init__(
        self,
        desk: Any,
        runner: JobRunner,
        parent: QWidget | None = None,
        *,
        choose_dir: ChooseDir = choose_directory,
        choose_file: ChooseFile = choose_key_file,
        ask_new: AskNewPassphrase = ask_new_passphrase,
        ask_existing: AskPassphrase = ask_file_passphrase,
        confirm: Confirm = ask_yes_no,
    ) -> None:
        from puskesos_desktop.services.key_share import INSTALL_BUTTON, SAVE_BUTTON

        super().__init__(_("Kunci desk untuk petugas lain"), parent)
        self.desk, self.runner = desk, runner
        self.choose_dir, self.choose_file = choose_dir, choose_file
        self.ask_new, self.ask_existing, self.confirm = ask_new, ask_existing, confirm
        guide = QLabel(
            _(
                "Semua petugas yang memakai server ini harus memakai kunci desk yang sama. "
                "Di komputer yang kuncinya sudah berfungsi, pilih \"{save}\" dan simpan ke "
                "flashdisk. Di komputer petugas lain, pilih \"{install}\". Cocokkan sidik jari "
                "di kedua layar, lalu hapus berkas itu dari flashdisk."
            ).format(save=_(SAVE_BUTTON), install=_(INSTALL_BUTTON))
        )
        guide.setWordWrap(True)
        guide.setObjectName("hint")
        self.state = QLabel(_("Kunci desk di komputer ini, sidik jari:"))
        self.missing = QLabel(
            _(
                "Komputer ini belum memiliki kunci desk yang lengkap, jadi belum dapat "
                "mengirim atau menerima paket. Pasang kunci dari berkas yang disimpan di "
                "komputer petugas lain."
            )
        )
        self.missing.setObjectName("flagBox")
        self.missing.setWordWrap(True)
        self.fingerprint = QLabel()
        self.fingerprint.setObjectName("fingerprint")
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(16)
        font.setBold(True)
        self.fingerprint.setFont(font)
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_button = QPushButton(_(SAVE_BUTTON))
        self.install_button = QPushButton(_(INSTALL_BUTTON))
        self.save_button.clicked.connect(self.save)
        self.install_button.clicked.connect(self.install)
        for button in (self.save_button, self.install_button):
            require_permission(button, Permission.MANAGE_KEYS, desk)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.install_button)
        buttons.addStretch(1)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.setObjectName("okBox")
        self.result.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(guide)
        layout.addWidget(self.missing)
        layout.addWidget(self.state)
        layout.addWidget(self.fingerprint)
        layout.addLayout(buttons)
        layout.addWidget(self.result)
        self.refresh()

    def refresh(self) -> None:
        """What this laptop's keys folder holds (public files only: no unlocking here)."""
        local = self.desk.key_share.local()
        ready = local.complete and local.fingerprint is not None
        self.fingerprint.setText(local.fingerprint if ready else "")
        for widget in (self.state, self.fingerprint):
            widget.setVisible(ready)
        self.missing.setVisible(not ready)
        self.save_button.setEnabled(ready)

    def _show(self, text: str) -> None:
        self.result.setText(text)
        self.result.setVisible(bool(text))

    # -- saving -----------------------------------------------------------------------------
    def save(self) -> None:
        folder = self.choose_dir(self)
        if not folder:
            return
        passphrase = self.ask_new(self)
        if passphrase is None:
            return
        self._show("")

        def job(progress: Progress, cancel: CancelToken) -> SavedKeys:
            return self.desk.key_share.save(
                Path(folder), passphrase, progress=progress, cancel=cancel
            )

        self.runner.run(job, title=_("Menyimpan kunci desk"), writes=True,
                        changes=Changes(), on_success=self._saved)

    def _saved(self, saved: SavedKeys) -> None:
        self._show(
            _(
                "Berkas kunci disimpan: {path}\n\nSidik jari: {fingerprint}\n\nBawa flashdisk "
                "ini ke komputer petugas lain dan pilih \"Pasang kunci dari berkas…\" di sana. "
                "Sampaikan frasa sandinya secara langsung. Setelah terpasang, hapus berkas "
                "ini dari flashdisk."
            ).format(path=saved.path, fingerprint=saved.fingerprint)
        )

    # -- installing -------------------------------------------------------------------------
    def install(self) -> None:
        path = self.choose_file(self)
        if not path:
            return
        passphrase = self.ask_existing(self, Path(path).name)
        if passphrase is None:
            return
        self._show("")

        def job(progress: Progress, cancel: CancelToken) -> KeyFilePreview:
            return self.desk.key_share.preview(Path(path), passphrase)

        self.runner.run(
            job,
            title=_("Memeriksa berkas kunci"),
            on_success=lambda preview: self._confirm(Path(path), passphrase, preview),
        )

    def _confirm(self, path: Path, passphrase: str, preview: KeyFilePreview) -> None:
        if preview.already_installed:
            self._show(
                _("Kunci ini sudah terpasang di komputer ini (sidik jari {fingerprint}).")
                .format(fingerprint=preview.fingerprint)
            )
            return
        text = _(
            "Berkas kunci desk {desk_id}.\n\nSidik jari:\n\n    {fingerprint}\n\nCocokkan "
            "dengan sidik jari di layar komputer tempat berkas ini disimpan (Pengaturan → "
            "Kunci desk untuk petugas lain). Apakah sama persis?"
        ).format(desk_id=preview.desk_id, fingerprint=preview.fingerprint)
        if preview.replaces_other_keys:
            text += "\n\n" + _(
                "Perhatian: komputer ini sudah memiliki kunci lain (sidik jari {here}). Kunci "
                "itu akan diganti; salinannya disimpan di folder kunci/diganti."
            ).format(here=preview.local_fingerprint or "?")
        if not self.confirm(self, _("Pasang kunci desk"), text):
            return

        def job(progress: Progress, cancel: CancelToken) -> InstalledKeys:
            return self.desk.key_share.install(
                path, passphrase, replace=preview.replaces_other_keys,
                progress=progress, cancel=cancel,
            )

        self.runner.run(job, title=_("Memasang kunci desk"), writes=True,
                        changes=Changes(), on_success=self._installed)

    def _installed(self, installed: InstalledKeys) -> None:
        self.refresh()
        self._show(
            _(
                "Kunci desk {desk_id} terpasang (sidik jari {fingerprint}). Komputer ini kini "
                "dapat mengirim dan menerima paket. Hapus berkas kunci dari flashdisk."
            ).format(desk_id=installed.desk_id, fingerprint=installed.fingerprint)
        )
