"""GUI entry point: one QApplication, one instance per data folder, then the right first screen.

Start-up order: Qt application and look → language → crash handler → single-instance lock
→ the main window's shell is shown (first paint, before the database stack is imported)
→ once it has painted, ``Desk.start`` on a worker thread (integrity check, migration; no
SQLAlchemy, no ORM), which then imports the registry screen, the login dialog and their
services → by status: unlock, rescue dialog, "too new" notice, setup wizard (or the demo
village), or the registry screen, whose search works at once, under the login dialog →
once the GUI has waited a moment for the operator, the rest on a worker (daily backup,
ORM; see ``MainWindow.start_upkeep``) → the other screens and the status bar.

The worker waits for the first paint because Python runs one thread at a time: imports on
the worker would otherwise slow the paint down, and seeing the window is what tells the
operator that the double-click worked. For the same reason the upkeep waits until the
sign-in and the first search are done (``benchmarks/startup.py`` measures both moments)."""

from __future__ import annotations

import argparse
import logging
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QWidget

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.gui.collector import install_collector
from puskesos_desktop.gui.errors import install_exception_handler
from puskesos_desktop.gui.main_window import MainWindow
from puskesos_desktop.gui.qt_i18n import install_stock_translator
from puskesos_desktop.gui.runner import QUIT_WAIT_MS
from puskesos_desktop.gui.settings import stored_language, ui_settings
from puskesos_desktop.gui.single_instance import SingleInstance
from puskesos_desktop.gui.style import apply_look
from puskesos_desktop.i18n import _, set_language
from puskesos_desktop.paths import DataPaths, resource

if TYPE_CHECKING:
    from puskesos_desktop.services.desk import Desk

log = logging.getLogger(__name__)

APP_TITLE = "Puskesos Desk"
EXIT_OK, EXIT_PROBLEM = 0, 1


def create_application() -> QApplication:
    """The (only) QApplication, reused when one exists already (tests, embedding)."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_TITLE)
    app.setApplicationDisplayName(APP_TITLE)
    app.setOrganizationName("Puskesos")
    app.setWindowIcon(QIcon(str(resource("icons", "app.png"))))
    apply_look(app)
    return app


class DeskLoader(QObject):
    """Runs ``Desk.start`` off the GUI thread; the result arrives as a queued signal."""

    loaded = Signal(object)
    failed = Signal(object)

    def __init__(self, data_dir: str | None, language: str) -> None:
        super().__init__()
        self._data_dir = data_dir
        self._language = language
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="desk-start", daemon=True)
        self._thread.start()

    def join(self, seconds: float) -> None:
        """At exit: let a start that is still checking or migrating finish, not cut it off."""
        if self._thread is not None:
            self._thread.join(seconds)

    def _run(self) -> None:
        from puskesos_desktop.services.desk import Desk

        try:
            desk = Desk.start(self._data_dir, lang=self._language, defer_upkeep=True)
            if desk.upkeep_pending:  # READY: the registry screen and the login come next
                load_first_screens(desk)
            self.loaded.emit(desk)
        except Exception as error:  # any failure is reported on the GUI thread
            self.failed.emit(error)


def load_first_screens(desk: Desk) -> None:
    """Import, on the start worker, what the GUI thread builds first: the registry screen,
    the login dialog, and the search and sign-in services behind them.

    Meanwhile the GUI thread has nothing to do (the window has painted), so the 0.1–0.2 s
    these imports take on an old laptop (Qt's Python enums included) no longer delay the
    moment the operator can sign in and search. Only modules load here; no widget is made.
    """
    import puskesos_desktop.gui.dialogs.login
    import puskesos_desktop.gui.session_guard
    import puskesos_desktop.gui.views.registrasi  # noqa: F401

    desk.search, desk.operators  # noqa: B018 - builds the services (imports) now


class AfterFirstPaint(QObject):
    """Calls ``then`` once, right after ``widget`` has painted for the first time."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self._then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._then)  # after this paint, not before it
        return False


def walk_to_ready(desk: Desk, args: argparse.Namespace, language: str) -> Desk | None:
    """Rescue, refuse or set up until the desk is READY; None means the user gave up."""
    from PySide6.QtWidgets import QDialog

    from puskesos_desktop.gui.dialogs.damaged_db import DamagedDatabaseDialog
    from puskesos_desktop.gui.prompts import tell
    from puskesos_desktop.services.desk import Desk
    from puskesos_desktop.services.startup import StartupStatus

    while desk.startup.status in (StartupStatus.LOCKED, StartupStatus.DAMAGED):
        if desk.startup.status == StartupStatus.LOCKED:  # encrypted: one dialog unlocks + signs in
            from puskesos_desktop.gui.dialogs.unlock import login_at_start

            desk.login_required = True
            view = login_at_start(desk)
            if desk.startup.status == StartupStatus.LOCKED:  # the operator chose to leave
                return None
            if view is not None:  # unlocked and signed in; else unlocked but DAMAGED
                desk.unlocked_view = view  # type: ignore[attr-defined]  # see on_loaded
            continue
        dialog = DamagedDatabaseDialog(desk)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        if dialog.restore_notice:  # which password works now (see services.restore_accounts)
            tell(None, APP_TITLE, dialog.restore_notice)
        desk.context.release_connections()
        desk = Desk.start(args.data_dir, lang=language)  # an encrypted desk: LOCKED again
    if desk.startup.status == StartupStatus.TOO_NEW:
        tell(None, APP_TITLE, desk.startup.message, critical=True)
        return None
    demo = bool(getattr(args, "demo", False))
    if desk.startup.status == StartupStatus.NEEDS_SETUP and not run_first_setup(desk, demo=demo):
        return None
    return desk


def run_first_setup(desk: Desk, *, demo: bool) -> bool:
    """The wizard, or the demo village for ``--demo``; True once the desk is set up."""
    from puskesos_desktop.gui.dialogs.setup_wizard import SetupWizard

    if demo:
        from PySide6.QtCore import Qt  # not before the first paint: see main_window.py

        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            desk.demo.create_demo_desk()
        finally:
            QGuiApplication.restoreOverrideCursor()
    else:
        wizard = SetupWizard(desk)
        wizard.exec()
        if wizard.setup_result is None and not desk.setup.is_done():
            return False
    desk.mark_ready()
    desk.sign_in_default_operator()
    return True


def run_gui(args: argparse.Namespace) -> int:
    """Run the desktop application until its window closes; returns the exit code."""
    app = create_application()
    install_collector(app)  # garbage is freed on the GUI thread only: see gui/collector.py
    paths = DataPaths.resolve(args.data_dir).ensure()
    settings = ui_settings(paths)
    language = args.lang or stored_language(settings)
    set_language(language)
    app._puskesos_translator = install_stock_translator(app)  # type: ignore[attr-defined]
    install_exception_handler()

    instance = SingleInstance(paths.lock_file)
    if not instance.try_acquire(listen=False):
        from puskesos_desktop.gui.prompts import tell

        instance.notify_running_instance()
        tell(
            None,
            APP_TITLE,
            _(
                "Puskesos Desk sudah terbuka. Jendelanya ditampilkan ke depan; lihat juga di "
                "taskbar bagian bawah layar."
            ),
        )
        return EXIT_OK
    window = MainWindow(None, settings, language)
    instance.activation_requested.connect(window.bring_to_front)
    if paths.database.exists():
        window.present()  # a first start goes to the wizard instead of an empty window
    outcome = {"code": EXIT_OK}

    def give_up(code: int) -> None:
        outcome["code"] = code
        window.close()
        app.quit()

    def on_loaded(desk: Desk) -> None:
        from puskesos_desktop.services.startup import StartupStatus

        first_status = desk.startup.status
        if first_status != StartupStatus.READY:
            window.hide()
        ready = walk_to_ready(desk, args, language)
        if ready is None:
            give_up(EXIT_OK if first_status == StartupStatus.NEEDS_SETUP else EXIT_PROBLEM)
            return
        ready.login_required = True  # the window asks who is at the desk (accounts)
        window.attach_desk(ready)
        window.present()
        unlocked_view = getattr(ready, "unlocked_view", None)
        if unlocked_view is None:
            window.require_login()
        else:  # an encrypted desk's login dialog already signed the operator in
            window.session.signed_in_at_unlock(unlocked_view)

    def on_failed(error: BaseException) -> None:
        if isinstance(error, UserError):
            from puskesos_desktop.gui.prompts import tell

            log.warning("Gagal membuka desk: %s", error.message)
            tell(None, APP_TITLE, error.message, critical=True)
            give_up(EXIT_PROBLEM)
            return
        sys.excepthook(type(error), error, error.__traceback__)
        give_up(EXIT_PROBLEM)

    loader = DeskLoader(args.data_dir, language)
    loader.loaded.connect(on_loaded)
    loader.failed.connect(on_failed)

    def after_paint() -> None:
        instance.listen()
        loader.start()

    if window.isVisible():
        AfterFirstPaint(window, after_paint)
    else:
        after_paint()
    try:
        app.exec()  # on quit, JobRunner jobs are cancelled and joined (gui/runner.py)
        return outcome["code"]
    finally:
        loader.join(QUIT_WAIT_MS / 1000)
        instance.release()
