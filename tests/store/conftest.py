"""The store tests run on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pg_server as pg
import pytest
from pg_server import BACKENDS
from sqlalchemy.engine import Engine

from puskesos_desktop.store.db import make_engine


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def blank_engine(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[Engine]:
    """An engine on an empty database (no schema): a new file, or a new server database."""
    with contextlib.ExitStack() as stack:
        url = None
        if backend == "postgresql":
            server = request.getfixturevalue("pg_server")
            url = stack.enter_context(pg.private_copy(server.url, "template0"))
        engine = make_engine(tmp_path / "kosong.db", url)
        yield engine
        engine.dispose()
