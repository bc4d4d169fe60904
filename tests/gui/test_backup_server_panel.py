"""Pengaturan on a PostgreSQL desk: the Cadangan panel says who backs up, and how."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from puskesos_desktop.gui.runner import JobRunner
from puskesos_desktop.gui.views.backup_server_panel import ServerBackupPanel
from puskesos_desktop.gui.views.pengaturan import PengaturanView


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgresql"])
def test_server_desk_shows_pg_dump_advice_instead_of_backups(
    qtbot: QtBot, demo_desk: object
) -> None:
    runner = JobRunner()
    view = PengaturanView(demo_desk, runner, "id")
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    qtbot.waitExposed(view)
    panel = view.backups
    assert isinstance(panel, ServerBackupPanel)
    assert panel.server.text().startswith("127.0.0.1:") and panel.database.text()
    commands = panel.commands.toPlainText()
    assert f"pg_dump -h 127.0.0.1 -p {panel.server.text().split(':')[1]}" in commands
    assert panel.database.text() in commands and "pg_restore" in commands
    panel.copy_button.click()
    assert QApplication.clipboard().text() == commands
    if Path("/tmp/shots").is_dir():
        view.grab().save("/tmp/shots/recovery-pg-backup-panel.png")
    runner.wait_for_all(20_000)
