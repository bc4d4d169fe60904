"""Buttons follow the signed-in role, and change when another operator signs in on the lock
screen: an operator cannot press "Batalkan surat", a koordinator can (and it works)."""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot
from referral_kit import demo_keys_fixture  # noqa: F401 - fixture

from puskesos_desktop.domain.permissions import Permission
from puskesos_desktop.gui.main_window import PAGE_KEYS, MainWindow
from puskesos_desktop.gui.roles import refresh_roles, require_permission
from puskesos_desktop.services.desk_keys import KEYS_EXTRA
from puskesos_desktop.services.lembaga import LembagaInput
from puskesos_desktop.services.referral_types import ReferralInput

SHOTS = Path("/tmp/shots")
PASSWORD = "sandiku123"


@pytest.fixture
def desk(demo_desk: Any, demo_keys: Any) -> Any:
    """The demo desk with an operator and a koordinator who have set their own passwords."""
    demo_desk.context.extras[KEYS_EXTRA] = demo_keys
    for username, role in (("sari", "operator"), ("budi", "koordinator")):
        demo_desk.operators.create(username, username.title(), role, "sementara1")
    for username in ("sari", "budi"):
        demo_desk.operators.login(username, "sementara1")
        demo_desk.operators.change_own_password("sementara1", PASSWORD, PASSWORD)
    demo_desk.operators.login("admin", "demo12345")
    return demo_desk


@pytest.fixture
def window(open_window: Callable[..., MainWindow], desk: Any) -> MainWindow:
    return open_window(desk, size=(1366, 768))


def _switch_user(qtbot: QtBot, window: MainWindow, user: str, password: str) -> None:
    """Lock the screen, choose "another operator", sign in: what a colleague does."""
    window.session.lock()
    lock = window.session.dialog
    assert lock is not None and lock.isVisible()
    qtbot.mouseClick(lock.switch_button, Qt.MouseButton.LeftButton)
    lock.username.setText(user)
    qtbot.keyClicks(lock.password, password)
    qtbot.keyClick(lock.password, Qt.Key.Key_Return)
    assert not lock.isVisible(), lock.message.text()
    assert window.desk.context.actor.operator == user


def _issued_letter(desk: Any) -> str:
    person = next(r for r in desk.registry.search("", limit=100) if r.tanggal_lahir)
    lembaga = desk.lembaga.create(LembagaInput(nama="Puskesmas Kedung I", jenis="PUSKESMAS"))
    uid = desk.referral.create(ReferralInput(
        orang_uid=person.uid, lembaga_uid=lembaga.uid, alasan="Perlu pemeriksaan lanjutan.",
        setuju_dibagikan=True)).uid  # fmt: skip
    desk.letters.issue(uid)
    return uid


def _shot(widget: QWidget, name: str) -> None:
    if SHOTS.is_dir():
        widget.grab().save(str(SHOTS / f"accounts2-{name}.png"))


def test_void_button_follows_the_operator_who_signed_in_on_the_lock_screen(
    qtbot: QtBot, window: MainWindow, desk: Any
) -> None:
    uid = _issued_letter(desk)
    window.show_page(PAGE_KEYS.index("rujukan"))
    view = window.views["rujukan"].build()
    view.refresh(uid)
    assert view.void_button.isEnabled() and view.settings_action.isEnabled()  # admin
    backups = window.pengaturan.backups

    _switch_user(qtbot, window, "sari", PASSWORD)
    gc.collect()  # the gates must outlive garbage collection: Qt owns them
    view.refresh(uid)  # the view re-enables the button for the selected letter …
    assert not view.void_button.isEnabled()  # … the role vetoes it
    assert view.void_button.toolTip() == (
        "Hanya koordinator atau admin yang boleh membatalkan surat."
    )
    assert not view.settings_action.isEnabled()
    assert view.reprint_button.isEnabled()  # printing is every role's work
    assert not backups.restore_file_button.isEnabled()
    assert "Hanya admin" in backups.restore_file_button.toolTip()
    assert backups.backup_button.isEnabled()
    _shot(view, "rujukan-operator")

    _switch_user(qtbot, window, "budi", PASSWORD)
    assert view.void_button.isEnabled() and view.void_button.toolTip() == ""
    assert not view.settings_action.isEnabled() and not backups.restore_file_button.isEnabled()
    view.void_letter("Nama salah ketik")
    assert desk.letters.letters_for(uid)[0].status == "BATAL"
    assert not view.void_button.isEnabled()  # nothing left to void: the view's own rule

    _switch_user(qtbot, window, "admin", "demo12345")
    assert view.settings_action.isEnabled() and backups.restore_file_button.isEnabled()


def test_the_pengaturan_panels_and_sync_actions_are_gated(
    qtbot: QtBot, window: MainWindow, desk: Any
) -> None:
    _switch_user(qtbot, window, "budi", PASSWORD)  # koordinator
    window.show_page(PAGE_KEYS.index("sinkronisasi"))
    sync = window.views["sinkronisasi"].build()
    conflicts, keys = sync.conflicts, sync.keys
    for button in (conflicts.keep_ours, conflicts.take_theirs):
        assert button.toolTip() == ""  # koordinator resolves conflicts
    for button in (keys.rotate_button, keys.import_button):
        assert not button.isEnabled() and "mengelola kunci" in button.toolTip()
    settings = window.pengaturan
    for button in (settings.retention.save_button, settings.retention.apply_button,
                   settings.security.renew_button):  # fmt: skip
        assert not button.isEnabled() and button.toolTip().startswith("Hanya admin")
    window.show_page(PAGE_KEYS.index("pengaturan"))
    _shot(window, "pengaturan-koordinator")

    _switch_user(qtbot, window, "sari", PASSWORD)
    for button in (conflicts.keep_ours, conflicts.take_theirs):
        assert not button.isEnabled() and "koordinator" in button.toolTip()
    _switch_user(qtbot, window, "admin", "demo12345")
    assert keys.rotate_button.isEnabled() and settings.retention.save_button.isEnabled()


def test_a_gate_keeps_what_the_view_wants_and_dies_with_its_button(qtbot: QtBot, desk: Any) -> None:
    button = QPushButton("Pulihkan…")
    button.setToolTip("Pulihkan dari cadangan")
    require_permission(button, Permission.RESTORE, desk)
    assert button.isEnabled() and button.toolTip() == "Pulihkan dari cadangan"  # admin
    button.setEnabled(False)  # e.g. nothing selected
    desk.operators.login("sari", PASSWORD)
    refresh_roles()
    button.setEnabled(True)  # selected now: the role still says no
    assert not button.isEnabled() and "Hanya admin" in button.toolTip()
    desk.operators.login("admin", "demo12345")
    refresh_roles()
    assert button.isEnabled() and button.toolTip() == "Pulihkan dari cadangan"
    shiboken6.delete(button)  # its gate goes with it
    refresh_roles()  # and is skipped, not an error
