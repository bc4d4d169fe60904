"""Shared fixtures: an isolated data dir per test and a migrated template database.

Migrating takes a while (Alembic import + DDL), so one template is built per session and
copied for each test that needs a fresh, empty, migrated desk.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from puskesos_desktop.paths import DATA_DIR_ENV, DataPaths


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may ever touch the real user data directory (or a configured server)."""
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "data"))
    monkeypatch.delenv("PUSKESOS_DATABASE_URL", raising=False)


# -- database engines --------------------------------------------------------------------
# Tests run on SQLite. The store, sync and report folders override ``backend`` with
# ``pg_server.BACKENDS`` (their conftest.py), so each of their tests also runs on a real PostgreSQL
# server (tests/pg_server.py), where ``context``/``demo_desk`` get a private database.

@pytest.fixture
def backend() -> str:
    return "sqlite"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[object]:
    import pg_server

    if not pg_server.available():
        if pg_server.required():
            pytest.fail("PUSKESOS_TEST_POSTGRES=1 but no PostgreSQL server or binaries")
        pytest.skip("PostgreSQL not installed (apt-get install postgresql)")
    server = pg_server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def pg_template(pg_server: object) -> str:
    """Name of a migrated, empty template database (copied per test, like ``template_db``)."""
    import pg_server as pg

    from puskesos_desktop.store import migrate
    from puskesos_desktop.store.db import make_server_engine

    url = pg.create_database(pg_server.url, "puskesos_template")  # type: ignore[attr-defined]
    engine = make_server_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    return "puskesos_template"


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest) -> Iterator[str | None]:
    """None (the SQLite file in the data dir) or the URL of a fresh migrated database."""
    if backend == "sqlite":
        yield None
        return
    import pg_server as pg

    server = request.getfixturevalue("pg_server")
    with pg.private_copy(server.url, request.getfixturevalue("pg_template")) as url:
        yield url


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
def context(data_paths: DataPaths, database_url: str | None) -> Iterator[object]:
    from puskesos_desktop.services.context import ServiceContext

    ctx = ServiceContext.open(data_paths, database_url=database_url)
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


@pytest.fixture(scope="session")
def pg_demo_template(
    tmp_path_factory: pytest.TempPathFactory, pg_server: object, pg_template: str
) -> Path:
    """The demo village on PostgreSQL (database ``puskesos_demo``) and its data dir."""
    import pg_server as pg

    from puskesos_desktop.services.context import ServiceContext
    from puskesos_desktop.services.demo import DemoService

    root = tmp_path_factory.mktemp("pg-demo") / "data"
    url = pg.create_database(pg_server.url, "puskesos_demo", pg_template)  # type: ignore[attr-defined]
    ctx = ServiceContext.open(DataPaths(root).ensure(), database_url=url)
    DemoService(ctx).create_demo_desk()
    ctx.engine.dispose()
    return root


@pytest.fixture
def demo_desk(
    tmp_path: Path, backend: str, request: pytest.FixtureRequest
) -> Iterator[object]:
    """A started :class:`Desk` on a private copy of the demo data dir (and database)."""
    import pg_server as pg

    from puskesos_desktop.services.desk import Desk

    root = tmp_path / "data"
    with contextlib.ExitStack() as stack:
        url = None
        if backend == "sqlite":
            shutil.copytree(request.getfixturevalue("demo_template"), root)
        else:
            shutil.copytree(request.getfixturevalue("pg_demo_template"), root)
            server = request.getfixturevalue("pg_server")
            url = stack.enter_context(pg.private_copy(server.url, "puskesos_demo"))
        desk = Desk.start(root, log_to_file=False, database_url=url)
        yield desk
        desk.context.engine.dispose()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark tests that need a QApplication ``gui``; ``pytest -m "not gui"`` is the fast lane."""
    for item in items:
        if {"qtbot", "qapp"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.gui)
