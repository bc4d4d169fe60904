"""Pengaturan → Basis data: test a real PostgreSQL server, save the choice, go back to SQLite."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from puskesos_desktop.gui.runner import JobRunner
from puskesos_desktop.gui.views.database_panel import DatabasePanel
from puskesos_desktop.services import database_setting

WAIT_MS = 20_000


@pytest.fixture
def panel(qtbot: QtBot, demo_desk: object) -> Iterator[DatabasePanel]:
    runner = JobRunner()
    widget = DatabasePanel(demo_desk, runner)
    qtbot.addWidget(widget)
    widget.resize(560, 260)
    widget.show()
    yield widget
    runner.wait_for_all(WAIT_MS)


@pytest.mark.postgres
def test_tests_a_real_server_and_saves_the_choice(
    qtbot: QtBot, panel: DatabasePanel, demo_desk: object, pg_server: object, tmp_path: Path
) -> None:
    assert "SQLite" in panel.current.text()
    url = pg_server.url.replace("postgresql+psycopg://", "postgresql://")  # type: ignore[attr-defined]
    qtbot.keyClicks(panel.url, url)
    panel.test_button.click()
    qtbot.waitUntil(lambda: panel.result.text().startswith("Berhasil"), timeout=WAIT_MS)
    assert "PostgreSQL" in panel.result.text() and "kosong" in panel.result.text()
    Path("/tmp/shots").mkdir(exist_ok=True)
    panel.grab().save("/tmp/shots/postgres-database-panel.png")

    panel.save_button.click()
    qtbot.waitUntil(lambda: "Tersimpan" in panel.result.text(), timeout=WAIT_MS)
    paths = demo_desk.paths  # type: ignore[attr-defined]
    assert database_setting.resolve(paths) == pg_server.url  # type: ignore[attr-defined]

    panel.url.clear()
    panel.save_button.click()
    qtbot.waitUntil(lambda: "SQLite" in panel.result.text(), timeout=WAIT_MS)
    assert database_setting.resolve(paths) is None
