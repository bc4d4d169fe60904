"""Damage found by the daily full check, after the window is usable: the operator is told
at once, in a dialog (a status-bar line would scroll away), how to get to the restore."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from puskesos_desktop.gui.main_window import MainWindow
from puskesos_desktop.services.desk import Desk
from puskesos_desktop.services.integrity import damage_marker
from puskesos_desktop.services.startup import StartupStatus

WAIT_MS = 20_000


def make_unrepairable(database: object) -> None:
    """A damaged file in miniature: its schema says an index is UNIQUE that holds equal
    keys. ``quick_check`` passes; the full check fails and REINDEX cannot mend it."""
    with closing(sqlite3.connect(database)) as connection:  # type: ignore[arg-type]
        connection.execute("PRAGMA writable_schema=ON")
        connection.execute(
            "UPDATE sqlite_master SET sql = 'CREATE UNIQUE INDEX ix_keluarga_deleted ON "
            "keluarga (deleted)' WHERE name = 'ix_keluarga_deleted'"
        )
        connection.commit()


@pytest.fixture
def damaged_desk(demo_desk: Desk) -> Iterator[Desk]:
    demo_desk.context.engine.dispose()
    for info in demo_desk.backup.list_backups():
        info.path.unlink()
    make_unrepairable(demo_desk.paths.database)
    desk = Desk.start(demo_desk.paths.root, log_to_file=False, defer_upkeep=True)
    yield desk
    desk.context.engine.dispose()


def test_damage_found_after_start_opens_a_dialog(
    qtbot: QtBot, damaged_desk: Desk, settings: QSettings
) -> None:
    assert damaged_desk.startup.status is StartupStatus.READY  # quick_check cannot see it
    window = MainWindow(None, settings, "id")
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.screens_ready, timeout=WAIT_MS):
        window.attach_desk(damaged_desk)
    box = window.damage_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "pemeriksaan harian menemukan kerusakan" in box.text()
    assert "buka lagi" in box.text()
    assert damaged_desk.backup.list_backups() == [], "a damaged file was backed up"
    assert damage_marker(damaged_desk.paths.database).exists()
    box.close()
