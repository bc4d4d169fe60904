"""The report tests run on SQLite and on a real PostgreSQL server (district office).

Tests using ``context`` or ``demo_desk`` get both engines through ``backend``. A
module-scoped desk (built once, only read) takes ``module_database_url`` instead:
``ServiceContext.open(paths, database_url=module_database_url)``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pg_server as pg
import pytest
from pg_server import BACKENDS


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module", params=BACKENDS)
def module_database_url(request: pytest.FixtureRequest) -> Iterator[str | None]:
    """None (SQLite file) or a migrated PostgreSQL database for this module alone."""
    with contextlib.ExitStack() as stack:
        url = None
        if request.param == "postgresql":
            server = request.getfixturevalue("pg_server")
            template = request.getfixturevalue("pg_template")
            url = stack.enter_context(pg.private_copy(server.url, template))
        yield url
