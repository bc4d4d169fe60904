"""Frasa sandi for flashdisk backups: chosen when a copy is saved, asked when one is restored.

A flashdisk is lost or lent more easily than the laptop, and the copy holds every resident's
personal data, so protection is ticked by default; the operator may untick it (a copy that
stays in the office safe). The protected file is an age envelope (``services.backup_usb``)
that opens with the passphrase alone, even on a new laptop after the old one died.

Both questions are injectable callables (like ``confirm`` in ``gui.prompts``) so tests can
answer them without driving a modal dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.gui.prompts import ask_passphrase
from puskesos_desktop.i18n import _


@dataclass(frozen=True)
class UsbCopy:
    """The operator's choice for a copy on a flashdisk; ``passphrase`` None: unprotected."""

    passphrase: str | None


AskUsbCopy = Callable[[QWidget], UsbCopy | None]  # None: the operator cancelled
AskRestorePassphrase = Callable[[QWidget, str], str | None]  # (parent, file name)


class UsbPassphraseDialog(QDialog):
    """Protect the copy (ticked) with a passphrase typed twice; the form keeps what was typed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Cadangkan ke flashdisk"))
        explain = QLabel(
            _(
                "Flashdisk mudah hilang atau dipinjam orang. Frasa sandi mengunci salinan ini: "
                "tanpa frasa sandi, isinya tidak dapat dibuka siapa pun. Catat frasa sandinya "
                "dan simpan di lemari kantor desa; bila lupa, salinan ini tidak dapat dipulihkan."
            )
        )
        explain.setWordWrap(True)
        self.protect = QCheckBox(_("Lindungi dengan frasa sandi (disarankan)"))
        self.protect.setChecked(True)
        self.passphrase = QLineEdit()
        self.repeat = QLineEdit()
        for field in (self.passphrase, self.repeat):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        hint = QLabel(_("Minimal 8 karakter; boleh beberapa kata, misalnya nama tempat."))
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()
        form = QFormLayout()
        form.addRow(_("Frasa sandi:"), self.passphrase)
        form.addRow(_("Ulangi frasa sandi:"), self.repeat)
        form.addRow("", hint)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Simpan cadangan"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Batal"))
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.protect)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.protect.toggled.connect(self._show_fields)
        self.resize(520, 300)
        self.passphrase.setFocus()

    def _show_fields(self, protect: bool) -> None:
        for field in (self.passphrase, self.repeat):
            field.setEnabled(protect)
        self.message.hide()

    def choice(self) -> UsbCopy:
        return UsbCopy(self.passphrase.text() if self.protect.isChecked() else None)

    def try_accept(self) -> None:
        """Checks the passphrase here, so a typo is caught before the copy is written."""
        from puskesos_desktop.services.backup_usb import check_passphrase

        if self.protect.isChecked():
            try:
                check_passphrase(self.passphrase.text())
            except UserError as error:
                self._complain(error.message)
                return
            if self.passphrase.text() != self.repeat.text():
                self._complain(_("Kedua frasa sandi tidak sama. Ketik ulang."))
                self.repeat.clear()
                return
        self.accept()

    def _complain(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()


def ask_usb_copy(parent: QWidget) -> UsbCopy | None:
    dialog = UsbPassphraseDialog(parent)
    return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_restore_passphrase(parent: QWidget, name: str) -> str | None:
    return ask_passphrase(
        parent,
        _("Cadangan terlindung"),
        _("Berkas {name} dilindungi frasa sandi. Ketik frasa sandinya:").format(name=name),
    )


def passphrase_for(
    parent: QWidget, path: Path, ask: AskRestorePassphrase
) -> tuple[bool, str | None]:
    """(go on?, passphrase) for restoring ``path``: only a protected (age) file is asked for."""
    from puskesos_desktop.services.backup_usb import is_protected

    if not is_protected(path):
        return True, None
    passphrase = ask(parent, path.name)
    return passphrase is not None, passphrase
