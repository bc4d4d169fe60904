"""Login at start, idle lock that keeps an unsaved form, switch user, forced password change."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from puskesos_desktop.gui.dialogs.intake_form import IntakeForm
from puskesos_desktop.gui.dialogs.password import ChangePasswordDialog
from puskesos_desktop.gui.main_window import MainWindow


@pytest.fixture
def window(open_window: Callable[..., MainWindow], demo_desk: object) -> MainWindow:
    return open_window(demo_desk)


def _sign_in(qtbot: QtBot, window: MainWindow, user: str, password: str) -> None:
    dialog = window.session.dialog
    assert dialog is not None and dialog.isVisible()
    if not dialog.username.isReadOnly():
        dialog.username.setText(user)
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)


def test_start_requires_login_and_shows_demo_credentials(
    qtbot: QtBot, window: MainWindow, demo_desk
) -> None:
    window.require_login()
    dialog = window.session.dialog
    assert demo_desk.context.actor is None
    qtbot.waitUntil(dialog.demo_hint.isVisible)
    assert "admin" in dialog.demo_hint.text() and "demo12345" in dialog.demo_hint.text()
    _sign_in(qtbot, window, "admin", "salah-sandi1")
    assert dialog.isVisible() and "Sisa percobaan" in dialog.message.text()
    assert demo_desk.context.actor is None
    _sign_in(qtbot, window, "admin", "demo12345")
    assert not dialog.isVisible()
    assert demo_desk.context.actor.operator == "admin"
    assert "admin" in window.status_labels.operator_label.text()


def test_typing_in_a_dialog_keeps_the_lock_away(
    qtbot: QtBot, window: MainWindow, demo_desk
) -> None:
    window.require_login()
    _sign_in(qtbot, window, "admin", "demo12345")
    form = IntakeForm(demo_desk, parent=window)  # a window of its own, like every dialog
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is form.windowHandle())
    watcher = window.session.watcher
    keys = QTimer()
    typed: list[int] = []

    def press() -> None:  # input as the platform delivers it: to the window, then the widget
        QTest.keyClick(form.windowHandle(), Qt.Key.Key_A)
        typed.append(1)

    keys.timeout.connect(press)
    keys.start(100)
    watcher.set_interval_ms(2_000)
    qtbot.waitUntil(lambda: len(typed) >= 30, timeout=20_000)  # three seconds of typing
    keys.stop()
    assert not window.session.locked
    with qtbot.waitSignal(watcher.idle, timeout=10_000):  # and then nobody touches it
        pass
    assert window.session.locked


def test_idle_lock_keeps_the_typed_form(qtbot: QtBot, window: MainWindow, demo_desk) -> None:
    window.require_login()
    _sign_in(qtbot, window, "admin", "demo12345")
    form = IntakeForm(demo_desk, parent=window)
    form.show()
    qtbot.keyClicks(form.uraian, "Ibu Sumi butuh kursi roda")
    with qtbot.waitSignal(window.session.watcher.idle, timeout=5_000):
        window.session.watcher.set_interval_ms(1)  # "N minutes" without input, made short
    lock = window.session.dialog
    assert lock is not None and lock.isVisible() and lock.isFullScreen()
    assert lock.username.text() == "admin" and lock.username.isReadOnly()
    lock.reject()  # Escape does not uncover the screen
    assert lock.isVisible()
    _sign_in(qtbot, window, "admin", "demo12345")
    assert not lock.isVisible()
    assert form.isVisible()
    assert form.uraian.toPlainText() == "Ibu Sumi butuh kursi roda"
    actions = [row.action for row in demo_desk.audit.search(limit=3)]
    assert actions[:2] == ["login", "lock"]


def test_switch_user_on_the_lock_screen(qtbot: QtBot, window: MainWindow, demo_desk) -> None:
    demo_desk.operators.create("sari", "Sari Wulandari", "operator", "sementara1")
    window.session.lock()
    lock = window.session.dialog
    qtbot.mouseClick(lock.switch_button, Qt.MouseButton.LeftButton)
    assert not lock.username.isReadOnly()
    _sign_in(qtbot, window, "sari", "sementara1")
    assert demo_desk.context.actor.operator == "sari"
    assert demo_desk.context.operator_role == "operator"
    forced = window.session.password_dialog  # an admin-set password must be changed first
    assert isinstance(forced, ChangePasswordDialog) and forced.isVisible()
    forced.reject()
    assert forced.isVisible()
    forced.old.setText("sementara1")
    forced.new.setText("sarisari9")
    forced.repeat.setText("sarisari8")
    forced.save()
    assert forced.isVisible() and "tidak sama" in forced.message.text()
    forced.repeat.setText("sarisari9")
    forced.save()
    assert not forced.isVisible()
    assert demo_desk.operators.login("sari", "sarisari9").wajib_ganti_sandi is False
