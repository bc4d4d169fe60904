"""Fixtures: three enrolled desks (see ``desk_kit``), fresh copies per test.

Every test using ``desks`` runs twice: with the district on SQLite and with the district
on a real PostgreSQL server (villages always keep their SQLite files).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pg_server as pg
import pytest
from desk_kit import Desks, Template, shared_templates, start_copy
from pg_server import BACKENDS


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def sync_templates(
    tmp_path_factory: pytest.TempPathFactory, template_db: Path
) -> dict[str, Template]:
    return shared_templates(tmp_path_factory, template_db)


@pytest.fixture(scope="session")
def pg_sync_templates(
    tmp_path_factory: pytest.TempPathFactory, template_db: Path, pg_server: pg.Server,
    pg_template: str,
) -> dict[str, Template]:
    url = pg.create_database(pg_server.url, "sync_district", pg_template)
    return shared_templates(tmp_path_factory, template_db, url)


@pytest.fixture
def active_templates(backend: str, request: pytest.FixtureRequest) -> dict[str, Template]:
    """The template desks of this test's engine (the district's keys differ per set)."""
    on_server = backend == "postgresql"
    return request.getfixturevalue("pg_sync_templates" if on_server else "sync_templates")


@pytest.fixture
def desks(
    tmp_path: Path, backend: str, active_templates: dict[str, Template],
    request: pytest.FixtureRequest,
) -> Iterator[Desks]:
    on_server = backend == "postgresql"
    templates = active_templates
    with contextlib.ExitStack() as stack:
        url = None
        if on_server:
            server = request.getfixturevalue("pg_server")
            database = templates["district"].database
            url = stack.enter_context(pg.private_copy(server.url, database))
        made = Desks(
            start_copy(templates["village"], tmp_path / "village"),
            start_copy(templates["district"], tmp_path / "district", url),
            start_copy(templates["village2"], tmp_path / "village2"),
        )
        yield made
        for desk in made.all():
            desk.context.engine.dispose()
