"""GUI entry point: one QApplication, one instance per data folder, then the right first screen.

Start-up order: Qt application and look → language → crash handler → single-instance lock
→ ``Desk.start`` (integrity check and migration) → by status: rescue dialog, "too new"
notice, setup wizard (or the demo village) or straight to the main window.
"""

from __future__ import annotations

import argparse
import logging
import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.gui.dialogs.damaged_db import DamagedDatabaseDialog
from puskesos_desktop.gui.dialogs.setup_wizard import SetupWizard
from puskesos_desktop.gui.errors import install_exception_handler
from puskesos_desktop.gui.main_window import MainWindow
from puskesos_desktop.gui.prompts import tell
from puskesos_desktop.gui.qt_i18n import install_stock_translator
from puskesos_desktop.gui.settings import stored_language, ui_settings
from puskesos_desktop.gui.single_instance import SingleInstance
from puskesos_desktop.gui.style import apply_look
from puskesos_desktop.i18n import _, set_language
from puskesos_desktop.paths import DataPaths
from puskesos_desktop.services.desk import Desk
from puskesos_desktop.services.startup import StartupStatus

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
    apply_look(app)
    return app


def open_desk(
    args: argparse.Namespace, language: str, settings: object
) -> tuple[MainWindow | None, int]:
    """Start the desk and walk it to READY; returns the main window or an exit code."""
    desk = Desk.start(args.data_dir, lang=language)
    while desk.startup.status == StartupStatus.DAMAGED:
        dialog = DamagedDatabaseDialog(desk)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None, EXIT_PROBLEM
        desk.context.engine.dispose()
        desk = Desk.start(args.data_dir, lang=language)
    if desk.startup.status == StartupStatus.TOO_NEW:
        tell(None, APP_TITLE, desk.startup.message, critical=True)
        return None, EXIT_PROBLEM
    demo = bool(getattr(args, "demo", False))
    if desk.startup.status == StartupStatus.NEEDS_SETUP and not run_first_setup(desk, demo=demo):
        return None, EXIT_OK
    window = MainWindow(desk, settings, language)  # type: ignore[arg-type]
    return window, EXIT_OK


def run_first_setup(desk: Desk, *, demo: bool) -> bool:
    """The wizard, or the demo village for ``--demo``; True once the desk is set up."""
    if demo:
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
    paths = DataPaths.resolve(args.data_dir).ensure()
    settings = ui_settings(paths)
    language = args.lang or stored_language(settings)
    set_language(language)
    app._puskesos_translator = install_stock_translator(app)  # type: ignore[attr-defined]
    install_exception_handler()

    instance = SingleInstance(paths.lock_file)
    if not instance.try_acquire():
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
    try:
        try:
            window, code = open_desk(args, language, settings)
        except UserError as error:
            log.warning("Gagal membuka desk: %s", error.message)
            tell(None, APP_TITLE, error.message, critical=True)
            return EXIT_PROBLEM
        if window is None:
            return code
        instance.activation_requested.connect(window.bring_to_front)
        window.present()
        return app.exec()
    finally:
        instance.release()
