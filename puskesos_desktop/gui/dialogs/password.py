"""Change one's own password; ``forced`` after an admin reset (no way around it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.passwords import MIN_LENGTH
from puskesos_desktop.i18n import _

if TYPE_CHECKING:
    from puskesos_desktop.services.desk import Desk


class ChangePasswordDialog(QDialog):
    def __init__(self, desk: Desk, *, forced: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.forced = forced
        self.setWindowTitle(_("Ganti kata sandi"))
        intro = QLabel(
            _("Admin telah mengatur ulang kata sandi Anda. Buat kata sandi baru sekarang.")
            if forced
            else _("Ketik kata sandi lama, lalu kata sandi baru dua kali.")
        )
        intro.setWordWrap(True)
        rule = QLabel(
            _("Minimal {count} karakter, berisi huruf dan angka.").format(count=MIN_LENGTH)
        )
        rule.setObjectName("hint")
        self.old, self.new, self.repeat = QLineEdit(), QLineEdit(), QLineEdit()
        for field in (self.old, self.new, self.repeat):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()
        form = QFormLayout()
        form.addRow(_("Kata sandi lama:"), self.old)
        form.addRow(_("Kata sandi baru:"), self.new)
        form.addRow(_("Ulangi kata sandi baru:"), self.repeat)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save)
        if not forced:
            buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(super().reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(rule)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def save(self) -> None:
        try:
            self.desk.operators.change_own_password(
                self.old.text(), self.new.text(), self.repeat.text()
            )
        except UserError as error:  # the typed passwords stay, except what was wrong
            self.message.setText(error.message)
            self.message.show()
            return
        self.accept()

    def reject(self) -> None:
        """A forced change cannot be skipped with Escape."""
        if not self.forced:
            super().reject()
