"""An encrypted desk in the GUI: one password prompt at start, and a lock screen that only
signs in again (the database stays open behind it, with the forms the operator was filling).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from puskesos_desktop.gui.dialogs.intake_form import IntakeForm
from puskesos_desktop.gui.main_window import MainWindow
from puskesos_desktop.services.demo import DEMO_ADMIN, DEMO_PASSWORD
from puskesos_desktop.services.desk import Desk
from puskesos_desktop.services.login_guard import MAX_FAILURES
from puskesos_desktop.store import keyslots

WAIT_MS = 20_000


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keyslots, "OPERATOR_COST", keyslots.RECOVERY_COST)


def _encrypt(demo_desk: Desk) -> Path:
    """Encrypt the demo village; returns its data dir with every connection closed."""
    demo_desk.operators.create("sari", "Sari Wulandari", "operator", "sementara1")
    demo_desk.encryption.enable(DEMO_ADMIN, DEMO_PASSWORD)
    demo_desk.context.engine.dispose()
    return demo_desk.paths.root


@pytest.fixture
def window(open_window: Callable[..., MainWindow], demo_desk: Desk) -> Iterator[MainWindow]:
    """The main window over the encrypted desk, opened and signed in as at start-up."""
    desk = Desk.start(_encrypt(demo_desk), log_to_file=False)
    desk.login_required = True
    desk.unlock(DEMO_ADMIN, DEMO_PASSWORD)
    view = desk.operators.login(DEMO_ADMIN, DEMO_PASSWORD)
    main = open_window(desk)
    main.session.signed_in_at_unlock(view)
    yield main
    main.runner.wait_for_all(WAIT_MS)  # before its database closes (open_window joins later)
    desk.context.engine.dispose()


def _type_password(qtbot: QtBot, window: MainWindow, password: str) -> None:
    dialog = window.session.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)


def test_idle_lock_signs_in_again_without_reopening_the_database(
    qtbot: QtBot, window: MainWindow
) -> None:
    desk = window.desk
    engine = desk.context.engine
    form = IntakeForm(desk, parent=window)
    form.show()
    qtbot.keyClicks(form.uraian, "Pak Darmo butuh kruk")
    with qtbot.waitSignal(window.session.watcher.idle, timeout=5_000):
        window.session.watcher.set_interval_ms(1)
    lock = window.session.dialog
    assert lock is not None and lock.isFullScreen()
    assert not lock.recovery_button.isVisible()  # the database is open: no recovery here

    _type_password(qtbot, window, "salah-sandi1")
    # Enter counted once and left the lock screen as it was (not "Ganti pengguna" mode).
    assert (
        lock.isVisible()
        and f"percobaan sebelum dikunci sementara: {MAX_FAILURES - 1}." in lock.message.text()
    )
    assert lock.username.text() == DEMO_ADMIN and lock.username.isReadOnly()
    _type_password(qtbot, window, DEMO_PASSWORD)
    assert not lock.isVisible(), lock.message.text()
    assert desk.context.engine is engine  # same engine: nothing was closed or reopened
    assert form.uraian.toPlainText() == "Pak Darmo butuh kruk"
    assert desk.registry.counts().orang > 0


def test_switch_user_on_the_lock_screen_gives_an_older_operator_a_slot(
    qtbot: QtBot, window: MainWindow
) -> None:
    desk = window.desk
    assert desk.encryption.status().operators == (DEMO_ADMIN,)
    window.session.lock()
    lock = window.session.dialog
    qtbot.mouseClick(lock.switch_button, Qt.MouseButton.LeftButton)
    lock.username.setText("sari")
    _type_password(qtbot, window, "sementara1")
    assert desk.context.actor is not None and desk.context.actor.operator == "sari"
    assert set(desk.encryption.status().operators) == {DEMO_ADMIN, "sari"}
    window.session.password_dialog.close()  # the forced change is tested elsewhere


# run_gui() leaves the application's event loop for good, so the full start runs in a child
# process (see test_application.py). A timer answers each login dialog that appears.
_CHILD = """
import argparse, json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from puskesos_desktop.gui import application
from puskesos_desktop.gui.dialogs.login import LoginDialog
from puskesos_desktop.gui.main_window import MainWindow

seen = {"login_dialogs": 0}
answered = set()
app = application.create_application()

def check():
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, LoginDialog) and widget.isVisible() and id(widget) not in answered:
            answered.add(id(widget))
            seen["login_dialogs"] += 1
            widget.username.setText(sys.argv[2])
            widget.password.setText(sys.argv[3])
            widget.try_login()
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow) and widget.complete and widget.isVisible():
            timer.stop()
            actor = widget.desk.context.actor
            seen.update(
                actor=actor.operator if actor else None,
                covered=widget.session.locked,
                orang=widget.desk.registry.counts().orang,
            )
            widget.close()
            app.quit()

timer = QTimer()
timer.timeout.connect(check)
timer.start(20)
args = argparse.Namespace(data_dir=sys.argv[1], lang=None, demo=False)
seen["exit"] = application.run_gui(args)
print(json.dumps(seen))
"""


def test_encrypted_desk_asks_for_the_password_once_at_start(demo_desk: Desk) -> None:
    people = demo_desk.registry.counts().orang
    root = _encrypt(demo_desk)
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, str(root), DEMO_ADMIN, DEMO_PASSWORD],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["login_dialogs"] == 1  # the one dialog opened the database AND signed in
    assert seen["actor"] == DEMO_ADMIN and seen["covered"] is False
    assert seen["orang"] == people and seen["exit"] == 0

