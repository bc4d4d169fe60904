"""Pengguna and Jejak audit in Pengaturan, and "who opened this person" from the detail."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from puskesos_desktop.gui.main_window import PAGE_KEYS, MainWindow
from puskesos_desktop.gui.views.timeline import TimelineDialog
from puskesos_desktop.services.changes import ChangeKind, Changes

SHOTS = Path("/tmp/shots")


@pytest.fixture
def window(open_window: Callable[..., MainWindow], demo_desk: object) -> MainWindow:
    return open_window(demo_desk, size=(1366, 768))


def _shot(widget, name: str) -> None:
    if SHOTS.is_dir():
        widget.grab().save(str(SHOTS / f"accounts-{name}.png"))


def test_admin_adds_an_operator_and_sees_the_chain_status(
    qtbot: QtBot, window: MainWindow, demo_desk
) -> None:
    window.show_page(PAGE_KEYS.index("pengaturan"))
    users, audit = window.pengaturan.users, window.pengaturan.audit
    assert users.admin_area.isVisible() and audit.area.isVisible()
    assert not users.notice.isVisible() and not audit.notice.isVisible()
    demo_desk.operators.create("sari", "Sari Wulandari", "operator", "sementara1")
    window.runner.data_changed.emit(demo_desk.operators.reset_password("sari", "sementara2"))
    assert users.index_of("sari").isValid()
    assert "wajib ganti sandi" in users.model.data(users.model.index(1, 3))
    audit.verify()
    qtbot.waitUntil(lambda: audit.status.text().startswith("Utuh"), timeout=10_000)
    assert audit.model.rowCount() >= 2
    _shot(window, "pengaturan")
    with sqlite3.connect(demo_desk.paths.database) as connection:
        connection.execute("UPDATE jejak_audit SET operator = 'x' WHERE id = 3")
    audit.verify()
    qtbot.waitUntil(lambda: audit.status.text().startswith("RUSAK"), timeout=10_000)
    assert "nomor 3" in audit.status.text()


def test_operator_role_reads_who_may_instead_of_the_user_list_and_audit(
    qtbot: QtBot, window: MainWindow, demo_desk
) -> None:
    demo_desk.operators.create("sari", "Sari Wulandari", "operator", "sementara1")
    demo_desk.operators.login("sari", "sementara1")
    window.runner.data_changed.emit(Changes.of(ChangeKind.OPERATORS))
    window.show_page(PAGE_KEYS.index("pengaturan"))
    users, audit = window.pengaturan.users, window.pengaturan.audit
    assert "sari" in users.me.text() and users.password_button.isVisible()
    assert not users.admin_area.isVisible() and users.model.rowCount() == 0
    assert users.notice.isVisible()
    assert users.notice.text() == "Hanya admin yang boleh mengelola pengguna."
    assert audit.isVisible() and not audit.area.isVisible() and audit.model.rowCount() == 0
    assert audit.notice.text() == "Hanya koordinator atau admin yang boleh melihat jejak audit."
    _shot(users, "users-operator")
    _shot(audit, "audit-operator")

    demo_desk.operators.login("admin", "demo12345")  # e.g. switched user on the lock screen
    window.runner.data_changed.emit(Changes.of(ChangeKind.OPERATORS))
    assert users.admin_area.isVisible() and users.model.rowCount() == 2
    assert audit.area.isVisible() and audit.model.rowCount() > 0
    assert not users.notice.isVisible() and not audit.notice.isVisible()


def test_who_opened_this_person_in_two_clicks(qtbot: QtBot, window: MainWindow, demo_desk) -> None:
    person = demo_desk.registry.search("", limit=1)[0]
    dialog = TimelineDialog(demo_desk, orang_uid=person.uid, parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.members.selectRow(
        next(i for i, p in enumerate(dialog.people) if p.uid == person.uid)
    )
    qtbot.mouseClick(dialog.viewed_button, Qt.MouseButton.LeftButton)  # click 1 (2: open)
    viewed = dialog.child_dialog
    assert viewed is not None and viewed.isVisible()
    assert viewed.model.rowCount() >= 1
    assert viewed.model.data(viewed.model.index(0, 2)) == "admin"
    assert viewed.model.data(viewed.model.index(0, 3)) == "membuka data warga"
    _shot(viewed, "who-viewed")
