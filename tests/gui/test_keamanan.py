"""Pengaturan → Keamanan and the encrypted desk's single login dialog, driven like a user."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from puskesos_desktop.gui.main_window import MainWindow
from puskesos_desktop.services.demo import DEMO_ADMIN, DEMO_PASSWORD
from puskesos_desktop.store import keyslots

WAIT_MS = 30_000
SHOTS = os.environ.get("PUSKESOS_SHOTS")  # set to a folder to keep 1366×768 screenshots


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keyslots, "OPERATOR_COST", keyslots.RECOVERY_COST)


@pytest.fixture
def window(open_window: Callable[..., MainWindow], demo_desk: object) -> MainWindow:
    return open_window(demo_desk, ready="exposed", size=(1366, 768), page="pengaturan",
                       confirm=lambda *_args: True)


def _shot(widget: object, name: str) -> None:
    if SHOTS:
        widget.grab().save(str(Path(SHOTS) / f"encryption-{name}.png"))  # type: ignore[attr-defined]


def test_enable_encryption_shows_the_recovery_key_once(
    qtbot: QtBot, window: MainWindow, demo_desk: object, tmp_path: Path
) -> None:
    panel = window.pengaturan.security
    assert "Belum terenkripsi" in panel.summary.text()
    _shot(panel, "panel-polos")
    panel.enable(DEMO_PASSWORD)
    qtbot.waitUntil(lambda: panel.recovery_dialog is not None, timeout=WAIT_MS)
    dialog = panel.recovery_dialog
    assert dialog is not None and dialog.isVisible()
    _shot(dialog, "kunci-pemulihan")
    assert not dialog.close_button.isEnabled()
    dialog.reject()  # Escape: the key must not vanish unwritten
    assert dialog.isVisible()
    sheet = tmp_path / "kunci.pdf"
    dialog.save_sheet(str(sheet))
    assert sheet.read_bytes().startswith(b"%PDF")
    dialog.noted.setChecked(True)
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert "Terenkripsi" in panel.summary.text() and DEMO_ADMIN in panel.summary.text()
    assert demo_desk.encryption.status().encrypted  # type: ignore[attr-defined]
    _shot(panel, "panel-terenkripsi")


def test_one_login_dialog_unlocks_and_signs_in(qtbot: QtBot, demo_desk: object) -> None:
    from puskesos_desktop.gui.dialogs.login import LoginDialog
    from puskesos_desktop.services.desk import Desk

    demo_desk.encryption.enable(DEMO_ADMIN, DEMO_PASSWORD)  # type: ignore[attr-defined]
    demo_desk.context.engine.dispose()  # type: ignore[attr-defined]
    desk = Desk.start(demo_desk.paths.root, log_to_file=False)  # type: ignore[attr-defined]
    assert desk.startup.status == "locked"
    desk.login_required = True
    dialog = LoginDialog(desk)
    qtbot.addWidget(dialog)
    dialog.resize(560, 380)
    dialog.show()
    assert dialog.recovery_button.isVisible()
    signed: list[object] = []
    dialog.signed_in.connect(signed.append)
    qtbot.keyClicks(dialog.username, DEMO_ADMIN)
    qtbot.keyClicks(dialog.password, "salah-sandi1")
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert "salah" in dialog.message.text() and desk.startup.status == "locked"
    assert dialog.username.text() == DEMO_ADMIN  # what was typed stays
    _shot(dialog, "login-salah")
    qtbot.keyClicks(dialog.password, DEMO_PASSWORD)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert len(signed) == 1 and desk.startup.status == "ready"
    assert desk.context.actor is not None and desk.context.actor.operator == DEMO_ADMIN
    desk.context.engine.dispose()


def test_recovery_dialog_sets_a_new_admin_password(qtbot: QtBot, demo_desk: object) -> None:
    from puskesos_desktop.gui.dialogs.unlock import RecoveryDialog
    from puskesos_desktop.services.desk import Desk

    result = demo_desk.encryption.enable(DEMO_ADMIN, DEMO_PASSWORD)  # type: ignore[attr-defined]
    demo_desk.context.engine.dispose()  # type: ignore[attr-defined]
    desk = Desk.start(demo_desk.paths.root, log_to_file=False)  # type: ignore[attr-defined]
    dialog = RecoveryDialog(desk)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.key.setText("AAAA-BBBB")
    dialog.username.setText(DEMO_ADMIN)
    dialog.password.setText("SandiBaru2026")
    dialog.repeat.setText("SandiBaru2026")
    dialog.try_recover()
    assert "Kunci pemulihan" in dialog.message.text() and dialog.key.text() == "AAAA-BBBB"
    _shot(dialog, "pemulihan")
    dialog.key.setText(result.recovery_key)
    dialog.password.setText("SandiBaru2026")
    dialog.repeat.setText("SandiBaru2026")
    dialog.try_recover()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert desk.operators.login(DEMO_ADMIN, "SandiBaru2026").username == DEMO_ADMIN
    desk.context.engine.dispose()
