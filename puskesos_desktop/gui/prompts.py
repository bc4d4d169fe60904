"""Small blocking questions and notices with Indonesian button texts.

Callers take these as injectable callables (``confirm=...``) so that tests can answer them
without driving a modal dialog.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from puskesos_desktop.i18n import _

Confirm = Callable[[QWidget, str, str], bool]


def ask_yes_no(parent: QWidget | None, title: str, text: str) -> bool:
    """Yes/No question whose safe answer (No) is the default button."""
    box = QMessageBox(
        QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent
    )
    yes = box.addButton(_("Ya"), QMessageBox.ButtonRole.YesRole)
    no = box.addButton(_("Tidak"), QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes


def tell(parent: QWidget | None, title: str, text: str, *, critical: bool = False) -> None:
    """A blocking notice with one "Tutup" button (used before the main window exists)."""
    icon = QMessageBox.Icon.Critical if critical else QMessageBox.Icon.Information
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.addButton(_("Tutup"), QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def ask_passphrase(parent: QWidget, title: str, text: str) -> str | None:
    """A password or passphrase typed without echo; None when cancelled or left empty."""
    value, ok = QInputDialog.getText(parent, title, text, QLineEdit.EchoMode.Password)
    return value if ok and value else None


def choose_directory(parent: QWidget) -> str | None:
    path = QFileDialog.getExistingDirectory(parent, _("Pilih folder tujuan (mis. flashdisk)"))
    return path or None


def choose_backup_file(parent: QWidget) -> str | None:
    path, _filter = QFileDialog.getOpenFileName(
        parent,
        _("Pilih berkas cadangan"),
        "",
        _("Cadangan Puskesos (*.db *.age);;Semua berkas (*)"),
    )
    return path or None
