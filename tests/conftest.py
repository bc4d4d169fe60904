"""Shared fixtures: an isolated data dir per test and a migrated template database.

Migrating takes a while (Alembic import + DDL), so one template is built per session and
copied for each test that needs a fresh, empty, migrated desk.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from puskesos_desktop.paths import DATA_DIR_ENV, DataPaths


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may ever touch the real user data directory."""
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "data"))


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from puskesos_desktop.store import migrate
    from puskesos_desktop.store.db import make_engine

    path = tmp_path_factory.mktemp("template") / "puskesos.db"
    engine = make_engine(path)
    migrate.upgrade(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture
def data_paths(tmp_path: Path, template_db: Path) -> DataPaths:
    """A data dir whose database is migrated to head and empty (setup not done)."""
    paths = DataPaths(tmp_path / "data").ensure()
    shutil.copyfile(template_db, paths.database)
    return paths


@pytest.fixture
def context(data_paths: DataPaths) -> Iterator[object]:
    from puskesos_desktop.services.context import ServiceContext

    ctx = ServiceContext.open(data_paths)
    yield ctx
    ctx.engine.dispose()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory, template_db: Path) -> Path:
    """A data dir with the demo village set up (keys included), built once per session."""
    from puskesos_desktop.services.context import ServiceContext
    from puskesos_desktop.services.demo import DemoService

    root = tmp_path_factory.mktemp("demo") / "data"
    paths = DataPaths(root).ensure()
    shutil.copyfile(template_db, paths.database)
    ctx = ServiceContext.open(paths)
    DemoService(ctx).create_demo_desk()
    with ctx.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    ctx.engine.dispose()
    return root


@pytest.fixture
def demo_desk(tmp_path: Path, demo_template: Path) -> Iterator[object]:
    """A started :class:`Desk` on a private copy of the demo data dir."""
    from puskesos_desktop.services.desk import Desk

    root = tmp_path / "data"
    shutil.copytree(demo_template, root)
    desk = Desk.start(root, log_to_file=False)
    yield desk
    desk.context.engine.dispose()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark tests that need a QApplication ``gui``; ``pytest -m "not gui"`` is the fast lane."""
    for item in items:
        if {"qtbot", "qapp"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.gui)
