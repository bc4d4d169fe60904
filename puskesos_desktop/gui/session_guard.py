"""Who is at the desk: login at start, idle auto-lock, switch user, forced password change.

The lock screen is a modal, full-screen :class:`LoginDialog` on top of everything; nothing
behind it is closed or rebuilt, so an unsaved form keeps what was typed. The idle timer is
an application-wide event filter: any key press, click or wheel turn restarts it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QWindow

from puskesos_desktop.gui.dialogs.login import LoginDialog
from puskesos_desktop.gui.roles import refresh_roles
from puskesos_desktop.services.changes import ChangeKind, Changes

if TYPE_CHECKING:
    from puskesos_desktop.gui.main_window import MainWindow
    from puskesos_desktop.services.profile import OperatorView

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class IdleWatcher(QObject):
    """Emits ``idle`` after ``minutes`` without keyboard or mouse input (0 = never).

    It watches the top-level windows (each ``QWindow``, where all input for the window
    arrives before Qt hands it to a widget), not the whole application: a Python event
    filter costs some 80 µs per call, and an application-wide one also sees every paint,
    layout and child event of every widget; screens took over half as long again to build.
    Dialogs are windows too: each is watched once it first gets the focus.
    """

    idle = Signal()

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            for window in app.topLevelWindows():
                self.watch(window)
            app.focusWindowChanged.connect(self.watch)

    def watch(self, window: QWindow | None) -> None:
        """Count input in ``window`` as activity (installing twice has no further effect)."""
        if window is not None:
            window.installEventFilter(self)

    def set_minutes(self, minutes: int) -> None:
        self.set_interval_ms(minutes * 60_000)

    def set_interval_ms(self, milliseconds: int) -> None:
        self.timer.stop()
        if milliseconds > 0:
            self.timer.setInterval(milliseconds)
            self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS and self.timer.interval() > 0 and self.timer.isActive():
            self.timer.start()  # restart the countdown
        return False


class SessionGuard(QObject):
    """Owned by the main window once its desk is attached."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: LoginDialog | None = None
        self.watcher = IdleWatcher(self)
        self.watcher.idle.connect(self.lock)
        window.runner.data_changed.connect(self._on_data_changed)

    @property
    def desk(self):  # -> Desk
        return self.window.desk

    @property
    def locked(self) -> bool:
        return self.dialog is not None and self.dialog.isVisible()

    def require_login(self) -> None:
        """Start-up: nobody is signed in until the login dialog succeeds."""
        self.desk.context.actor, self.desk.context.operator_role = None, None
        self._show(LoginDialog(self.desk, parent=self.window), full_screen=False)
        if self.window.complete:
            self._show_demo_hint()
        else:
            self.window.screens_ready.connect(self._show_demo_hint)

    def signed_in_at_unlock(self, view: OperatorView) -> None:
        """An encrypted desk: the start-up login dialog opened it and signed ``view`` in."""
        self._signed_in(view)
        if self.window.complete:
            self._show_demo_hint()

    def lock(self) -> None:
        """Cover the screen and ask the same operator's password (or another operator's)."""
        actor = self.desk.context.actor
        if self.locked or actor is None:
            return
        from puskesos_desktop.domain.audit import AuditAction

        self.watcher.timer.stop()
        self.desk.audit.record(AuditAction.LOCK)
        dialog = LoginDialog(self.desk, locked_user=actor.operator, parent=self.window)
        self._show(dialog, full_screen=True)

    def _show(self, dialog: LoginDialog, *, full_screen: bool) -> None:
        self.dialog = dialog
        dialog.signed_in.connect(self._signed_in)
        dialog.quit_requested.connect(self.window.close)
        if full_screen:
            dialog.showFullScreen()
        else:
            dialog.resize(560, 380)
            dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def _show_demo_hint(self) -> None:
        profile = self.desk.profile.get()
        if self.dialog is not None and profile is not None and profile.is_demo:
            self.dialog.demo_hint.show()

    def _signed_in(self, view: OperatorView) -> None:
        self.dialog = None
        self.window.postpone_upkeep()  # at start-up: the first search comes before it
        self.window.refresh_status()
        self.window.runner.data_changed.emit(Changes.of(ChangeKind.OPERATORS))
        self.watcher.set_minutes(self.desk.operators.lock_minutes())
        if view.wajib_ganti_sandi:
            from puskesos_desktop.gui.dialogs.password import ChangePasswordDialog

            self.password_dialog = ChangePasswordDialog(self.desk, forced=True, parent=self.window)
            self.password_dialog.open()

    def _on_data_changed(self, changes: Changes) -> None:
        if changes.touches(ChangeKind.OPERATORS):  # signed in, switched user, role changed
            refresh_roles()
        if changes.touches(ChangeKind.PROFILE) and not self.locked and self.desk.context.actor:
            self.watcher.set_minutes(self.desk.operators.lock_minutes())
