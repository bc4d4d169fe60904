"""The login screen: at start-up, and as the idle lock screen that keeps open forms.

Start mode asks for user name and password (the demo village shows its credentials). Lock
mode covers the whole screen, so nobody walking past sees personal data, and asks the same
operator's password; "Ganti pengguna" lets another operator sign in instead. Nothing behind
it is closed, so forms and what was typed in them are still there after unlocking.

The check runs on the GUI thread: scrypt takes about 50 ms and the operator is waiting for
exactly this answer. Lockout and the wording of refusals come from ``OperatorService``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.i18n import _

if TYPE_CHECKING:
    from puskesos_desktop.services.desk import Desk
    from puskesos_desktop.services.profile import OperatorView

DEMO_HINT_USER, DEMO_HINT_PASSWORD = "admin", "demo12345"


class LoginDialog(QDialog):
    """``signed_in(view)`` fires on success; ``quit_requested`` when start mode is left."""

    signed_in = Signal(object)
    quit_requested = Signal()

    def __init__(
        self,
        desk: Desk,
        *,
        locked_user: str | None = None,
        demo: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.locked_user = locked_user
        self.setObjectName("loginScreen")
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setWindowTitle(_("Kunci layar") if locked_user else _("Masuk"))

        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        self.username = QLineEdit()
        self.username.setMaxLength(40)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setObjectName("error")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()
        self.demo_hint = QLabel(
            _("Desa demo: nama pengguna {user}, kata sandi {password}").format(
                user=DEMO_HINT_USER, password=DEMO_HINT_PASSWORD
            )
        )
        self.demo_hint.setObjectName("hint")
        self.demo_hint.setVisible(demo)
        self.login_button = QPushButton(_("Masuk"))
        self.login_button.setDefault(True)
        self.switch_button = QPushButton(_("Ganti pengguna"))
        self.quit_button = QPushButton(_("Keluar dari aplikasi"))
        self.recovery_button = QPushButton(_("Lupa kata sandi? Pakai Kunci Pemulihan"))
        self.recovery_button.setFlat(True)
        self.recovery_button.setVisible(self._desk_locked())
        for button in (self.switch_button, self.quit_button, self.recovery_button):
            button.setAutoDefault(False)  # "Masuk" stays the highlighted default button

        form = QFormLayout()
        form.addRow(_("Nama pengguna:"), self.username)
        form.addRow(_("Kata sandi:"), self.password)
        buttons = QHBoxLayout()
        buttons.addWidget(self.switch_button)
        buttons.addWidget(self.quit_button)
        buttons.addStretch(1)
        buttons.addWidget(self.login_button)
        card = QFrame()
        card.setObjectName("loginCard")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setMaximumWidth(460)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(24, 20, 24, 20)
        inner.setSpacing(10)
        for widget in (self.title, self.explain):
            inner.addWidget(widget)
        inner.addLayout(form)
        inner.addWidget(self.message)
        inner.addWidget(self.demo_hint)
        inner.addLayout(buttons)
        inner.addWidget(self.recovery_button)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 3)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(1)

        self.login_button.clicked.connect(self.try_login)
        self.password.returnPressed.connect(self.try_login)
        self.username.returnPressed.connect(self.password.setFocus)
        self.switch_button.clicked.connect(self.switch_user)
        self.quit_button.clicked.connect(self._quit)
        self.recovery_button.clicked.connect(self.recover)
        self._show_mode()

    def _show_mode(self) -> None:
        locked = self.locked_user is not None
        self.title.setText(_("Layar dikunci") if locked else _("Masuk ke Puskesos Desk"))
        self.explain.setText(
            _(
                "Layar dikunci. Data yang sedang diisi tetap ada. Ketik kata sandi {user} "
                "untuk melanjutkan."
            ).format(user=self.locked_user)
            if locked
            else _("Data warga di komputer ini rahasia. Masuk dengan akun Anda sendiri.")
        )
        self.username.setText(self.locked_user or "")
        self.username.setReadOnly(locked)
        self.switch_button.setVisible(locked)
        self.quit_button.setVisible(not locked)
        (self.password if locked else self.username).setFocus()

    def switch_user(self) -> None:
        """Another operator takes over the desk; the open forms stay as they are."""
        self.locked_user = None
        self.password.clear()
        self.message.hide()
        self._show_mode()
        self.quit_button.hide()

    def try_login(self) -> None:
        name, password = self.username.text().strip(), self.password.text()
        if not name or not password:
            self._complain(_("Isi nama pengguna dan kata sandi."))
            return
        try:
            if self._desk_locked():  # encrypted desk: the same credentials open the database
                self.desk.unlock(name, password)
                if not self._desk_ready():  # opened, but damaged or too new: start-up says so
                    super().accept()
                    return
            view: OperatorView = self.desk.operators.login(name, password)
        except UserError as error:
            self.password.clear()
            self.password.setFocus()
            self._complain(error.message)
            return
        self.password.clear()
        self.signed_in.emit(view)
        super().accept()

    def _complain(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def _desk_ready(self) -> bool:
        from puskesos_desktop.services.startup import StartupStatus

        return self.desk.startup.status == StartupStatus.READY

    def _desk_locked(self) -> bool:
        return self.desk.startup.status == "locked"  # StartupStatus.LOCKED (encrypted desk)

    def recover(self) -> None:
        """Every password lost: the Kunci Pemulihan opens the desk, then sign in as usual."""
        from puskesos_desktop.gui.dialogs.unlock import RecoveryDialog

        dialog = RecoveryDialog(self.desk, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.recovery_button.hide()
            self.username.setText(dialog.username.text())
            self.password.setText(dialog.password.text())
            self.try_login()

    def _quit(self) -> None:
        self.quit_requested.emit()
        super().reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter in a field is handled by that field (``returnPressed``) and stops here.

        QDialog would also "click" its default button, and Qt makes an auto-default button
        that held the focus the default: on the lock screen that was "Ganti pengguna", so a
        mistyped password followed by Enter switched to another user and emptied the name.
        """
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        """Escape never uncovers the screen; only a login (or Keluar at start) ends it."""

    def closeEvent(self, event: QCloseEvent) -> None:
        """The window's X: leaves the app at start, does nothing on the lock screen."""
        event.ignore()
        if self.quit_button.isVisible():
            self._quit()
