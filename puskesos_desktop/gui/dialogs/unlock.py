"""Opening an encrypted desk: the one login dialog, and the recovery-key way back in.

For an encrypted desk the database cannot be read before a password unwraps its key, so
the start-up shows the (accounts) login dialog before the screens: the same user name and
password first open the database, then sign the operator in. No second dialog follows.

When every password is lost, "Lupa kata sandi?" opens :class:`RecoveryDialog`: the printed
Kunci Pemulihan opens the database and an admin sets a new password there and then.
"""

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
from puskesos_desktop.i18n import _

if TYPE_CHECKING:
    from puskesos_desktop.services.desk import Desk
    from puskesos_desktop.services.profile import OperatorView


def login_at_start(desk: Desk) -> OperatorView | None:
    """Unlock and sign in with one dialog; None when the user chose to leave."""
    from puskesos_desktop.gui.dialogs.login import LoginDialog

    signed_in: list[OperatorView] = []
    dialog = LoginDialog(desk)
    dialog.signed_in.connect(signed_in.append)
    dialog.resize(560, 380)
    dialog.exec()
    return signed_in[0] if signed_in else None


class RecoveryDialog(QDialog):
    """Recovery key + admin name + new password; accepted once the desk is open again."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.setWindowTitle(_("Buka dengan Kunci Pemulihan"))
        explain = QLabel(
            _(
                "Ambil lembar Kunci Pemulihan dari lemari kantor desa. Ketik kuncinya, lalu "
                "buat kata sandi baru untuk seorang admin."
            )
        )
        explain.setWordWrap(True)
        self.key = QLineEdit()
        self.key.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.repeat = QLineEdit()
        for field in (self.password, self.repeat):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()
        form = QFormLayout()
        form.addRow(_("Kunci Pemulihan:"), self.key)
        form.addRow(_("Nama pengguna admin:"), self.username)
        form.addRow(_("Kata sandi baru:"), self.password)
        form.addRow(_("Ulangi kata sandi:"), self.repeat)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Buka dan simpan sandi"))
        buttons.accepted.connect(self.try_recover)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(560, 300)

    def try_recover(self) -> None:
        """Everything typed stays in the form after a refusal, except the passwords."""
        from puskesos_desktop.services.startup import StartupStatus

        if self.password.text() != self.repeat.text():
            self._complain(_("Kedua kata sandi baru tidak sama. Ketik ulang."))
            return
        try:
            if self.desk.startup.status == StartupStatus.LOCKED:
                self.desk.unlock_with_recovery(self.key.text())
            self.desk.encryption.reset_password_with_recovery(
                self.username.text(), self.password.text()
            )
        except UserError as error:
            self._complain(error.message)
            return
        self.accept()

    def _complain(self, text: str) -> None:
        self.password.clear()
        self.repeat.clear()
        self.message.setText(text)
        self.message.show()
