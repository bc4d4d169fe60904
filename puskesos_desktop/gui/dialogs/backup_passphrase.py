"""Frasa sandi for flashdisk backups: chosen when a copy is saved, asked when one is restored.

A flashdisk is lost or lent more easily than the laptop, and the copy holds every resident's
personal data, so protection is ticked by default; the operator may untick it (a copy that
stays in the office safe). The protected file is an age envelope (``services.backup_usb``)
that opens with the passphrase alone, even on a new laptop after the old one died.

The same dialog, with other wording and no tick box, chooses the passphrase of a desk key
file (Pengaturan → Kunci desk untuk petugas lain).

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
class Wording:
    """The texts of a passphrase dialog: a flashdisk backup here, a key file elsewhere."""

    title: str
    explain: str
    hint: str
    ok: str


def _backup_wording() -> Wording:
    return Wording(
        _("Cadangkan ke flashdisk"),
        _(
            "Flashdisk mudah hilang atau dipinjam orang. Frasa sandi mengunci salinan ini: "
            "tanpa frasa sandi, isinya tidak dapat dibuka siapa pun. Catat frasa sandinya "
            "dan simpan di lemari kantor desa; bila lupa, salinan ini tidak dapat dipulihkan."
        ),
        _("Minimal 8 karakter; boleh beberapa kata, misalnya nama tempat."),
        _("Simpan cadangan"),
    )


def _check_backup_passphrase(passphrase: str) -> None:
    from puskesos_desktop.services.backup_usb import check_passphrase

    check_passphrase(passphrase)


@dataclass(frozen=True)
class UsbCopy:
    """The operator's choice for a copy on a flashdisk; ``passphrase`` None: unprotected."""

    passphrase: str | None


AskUsbCopy = Callable[[QWidget], UsbCopy | None]  # None: the operator cancelled
AskRestorePassphrase = Callable[[QWidget, str], str | None]  # (parent, file name)


class UsbPassphraseDialog(QDialog):
    """Protect the copy (ticked) with a passphrase typed twice; the form keeps what was typed.

    ``wording``, ``check`` and ``optional=False`` (no tick box: the file is always
    protected) let the key file of ``views.key_share_panel`` ask the same way.
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        wording: Wording | None = None,
        check: Callable[[str], None] = _check_backup_passphrase,
        optional: bool = True,
    ) -> None:
        super().__init__(parent)
        texts = wording or _backup_wording()
        self.check = check
        self.setWindowTitle(texts.title)
        explain = QLabel(texts.explain)
        explain.setWordWrap(True)
        self.protect = QCheckBox(_("Lindungi dengan frasa sandi (disarankan)"))
        self.protect.setChecked(True)
        self.protect.setVisible(optional)
        self.passphrase = QLineEdit()
        self.repeat = QLineEdit()
        for field in (self.passphrase, self.repeat):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        hint = QLabel(texts.hint)
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
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(texts.ok)
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
        if self.protect.isChecked():
            try:
                self.check(self.passphrase.text())
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
