"""Start-up paths: demo setup, damaged database rescue, second start of the app."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from puskesos_desktop.gui import application, prompts
from puskesos_desktop.gui.dialogs.damaged_db import DamagedDatabaseDialog
from puskesos_desktop.gui.main_window import MainWindow
from puskesos_desktop.gui.settings import ui_settings
from puskesos_desktop.gui.single_instance import SingleInstance
from puskesos_desktop.paths import DataPaths
from puskesos_desktop.services.desk import Desk
from puskesos_desktop.services.startup import StartupStatus

WAIT_MS = 20_000


def test_demo_flag_skips_the_wizard(qtbot: QtBot, fresh_desk: Desk) -> None:
    assert fresh_desk.startup.status == StartupStatus.NEEDS_SETUP
    assert application.run_first_setup(fresh_desk, demo=True)

    assert fresh_desk.startup.status == StartupStatus.READY
    assert fresh_desk.context.actor is not None
    window = MainWindow(fresh_desk, ui_settings(fresh_desk.paths), "id")
    qtbot.addWidget(window)
    assert window.windowTitle().endswith("(DEMO)")
    assert fresh_desk.registry.counts().keluarga > 0


def _damage(desk: Desk) -> Path:
    """Overwrite the database header, as a power cut mid-write or a bad disk might."""
    desk.context.engine.dispose()
    database = desk.paths.database
    for suffix in ("-wal", "-shm"):
        database.with_name(database.name + suffix).unlink(missing_ok=True)
    with database.open("r+b") as handle:
        handle.write(b"\0" * 100)
    return database


def test_damaged_database_is_restored_from_latest_backup(qtbot: QtBot, demo_desk: Desk) -> None:
    people = demo_desk.registry.counts().orang
    assert demo_desk.backup.latest() is not None  # the daily backup made at start
    root = demo_desk.paths.root
    _damage(demo_desk)

    damaged = Desk.start(root, log_to_file=False)
    assert damaged.startup.status == StartupStatus.DAMAGED
    dialog = DamagedDatabaseDialog(damaged)
    qtbot.addWidget(dialog)
    dialog.open()
    assert dialog.latest_button.isEnabled()
    assert "(" in dialog.latest_button.text()  # shows the backup's date and time
    qtbot.mouseClick(dialog.latest_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=WAIT_MS)
    damaged.context.engine.dispose()

    healed = Desk.start(root, log_to_file=False)
    try:
        assert healed.startup.status == StartupStatus.READY
        assert healed.registry.counts().orang == people
    finally:
        healed.context.engine.dispose()


def test_damaged_dialog_quit_button_rejects(qtbot: QtBot, demo_desk: Desk) -> None:
    root = demo_desk.paths.root
    _damage(demo_desk)
    damaged = Desk.start(root, log_to_file=False)
    dialog = DamagedDatabaseDialog(damaged, choose_file=lambda _parent: None)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.mouseClick(dialog.file_button, Qt.MouseButton.LeftButton)  # chooser cancelled
    assert dialog.isVisible()
    qtbot.mouseClick(dialog.quit_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Rejected
    damaged.context.engine.dispose()


def test_second_start_raises_first_window_and_exits(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_gui installs its own
    data_dir = tmp_path / "data"
    running = SingleInstance(DataPaths.resolve(data_dir).lock_file)
    assert running.try_acquire()
    notices: list[str] = []
    monkeypatch.setattr(
        prompts, "tell", lambda _parent, _title, text, **_kw: notices.append(text)
    )
    args = argparse.Namespace(data_dir=str(data_dir), lang=None, demo=False)
    try:
        with qtbot.waitSignal(running.activation_requested, timeout=WAIT_MS):
            assert application.run_gui(args) == application.EXIT_OK
    finally:
        running.release()
    assert len(notices) == 1 and "sudah terbuka" in notices[0]


# run_gui() runs and then leaves the application's main event loop; after that, Qt timers no
# longer fire in this process, which would starve later qtbot tests. So the full start-up
# path runs in a child process, as a user would start it.
_CHILD = """
import argparse, json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from puskesos_desktop.gui import application, prompts
from puskesos_desktop.gui.main_window import MainWindow

seen = {"shell_first": None}
original_present = MainWindow.present

def record_present(self):
    if seen["shell_first"] is None:
        seen["shell_first"] = self.desk is None
    original_present(self)

MainWindow.present = record_present
app = application.create_application()

def check():
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow) and widget.complete and widget.isVisible():
            timer.stop()
            seen.update(
                title=widget.windowTitle(),
                nav=widget.nav.isEnabled(),
                beranda=widget.stack.currentWidget() is widget.views["beranda"],
                orang=widget.desk.registry.counts().orang,
            )
            widget.close()
            app.quit()

timer = QTimer()
timer.timeout.connect(check)
timer.start(20)
args = argparse.Namespace(data_dir=sys.argv[1], lang=None, demo=sys.argv[2] == "demo")
seen["exit"] = application.run_gui(args)
print(json.dumps(seen))
"""


def _start_app(data_dir: Path, mode: str) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, str(data_dir), mode],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_run_gui_with_demo_flag_opens_the_demo_village(tmp_path: Path) -> None:
    seen = _start_app(tmp_path / "data", "demo")
    assert seen["exit"] == application.EXIT_OK
    assert str(seen["title"]).endswith("(DEMO)")
    assert seen["nav"] is True and seen["beranda"] is True
    assert int(seen["orang"]) > 0


def test_run_gui_paints_the_shell_before_the_desk_is_loaded(demo_desk: Desk) -> None:
    root = demo_desk.paths.root
    demo_desk.context.engine.dispose()
    seen = _start_app(root, "existing")
    assert seen["shell_first"] is True  # painted before the database stack was attached
    assert seen["exit"] == application.EXIT_OK
    assert int(seen["orang"]) == demo_desk.registry.counts().orang
