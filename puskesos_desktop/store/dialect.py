"""The one place that knows which database engine runs: SQLite at a desk, PostgreSQL at a
district office with several officers.

Everything engine-specific sits behind these few helpers, so services stay one code path:

* :func:`raw` — the DB-API connection for hot paths that skip the ORM (search, index
  refresh, bulk writes). On SQLite it is the ``sqlite3.Connection`` itself (no wrapper, no
  cost); on PostgreSQL a thin :class:`PgRaw` that accepts the same ``?`` placeholders.
* :func:`sql` — SQL fragments that differ (boolean literals, "row is live" filters that
  keep SQLite's planner on the wanted index, the name-search statements).
* :func:`stream_lock` — serialises work on one sync stream across processes
  (a transaction-scoped advisory lock on PostgreSQL; SQLite has one writer anyway).

SQLite's connection pragmas (WAL, ``synchronous=FULL``, foreign keys) are set where its
connections are opened (:mod:`puskesos_desktop.store.connect`); PostgreSQL needs none.
"""

from __future__ import annotations

import re
import sqlite3
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

SQLITE = "sqlite"
POSTGRESQL = "postgresql"


def name_of(bind: Any) -> str:
    """``"sqlite"`` or ``"postgresql"`` for an Engine, Connection, Session or raw connection."""
    if isinstance(bind, PgRaw):
        return POSTGRESQL
    if hasattr(bind, "get_bind"):
        bind = bind.get_bind()
    dialect = getattr(bind, "dialect", None)
    return SQLITE if dialect is None else str(dialect.name)  # a raw sqlite3/SQLCipher one


def is_postgres(bind: Any) -> bool:
    return name_of(bind) == POSTGRESQL


# --------------------------------------------------------------------------- connections


_PLACEHOLDER = re.compile(r"%|\?")


@lru_cache(maxsize=256)
def _pg_sql(statement: str) -> str:
    """``?`` placeholders → ``%s`` (and a literal ``%`` → ``%%``) for psycopg. The hot-path
    SQL never holds a ``?`` inside a string literal, so no SQL parsing is needed."""
    return _PLACEHOLDER.sub(lambda m: "%%" if m.group() == "%" else "%s", statement)


def driver_sql(bind: Any, statement: str) -> str:
    """A ``?``-placeholder statement in the driver's own style, for ``exec_driver_sql``
    (``bind`` may also be an engine name, ``"sqlite"``/``"postgresql"``)."""
    engine = bind if isinstance(bind, str) else name_of(bind)
    return _pg_sql(statement) if engine == POSTGRESQL else statement


class PgRaw:
    """A psycopg connection behind the slice of the ``sqlite3.Connection`` API the hot
    paths use (``execute(...).fetchall()``, ``executemany``). Dates come back as ISO text,
    as SQLite returns them, so row builders need no second code path."""

    def __init__(self, connection: Any) -> None:
        self._connection = connection

    def _cursor(self) -> Any:
        from psycopg.types.string import TextLoader

        cursor = self._connection.cursor()
        cursor.adapters.register_loader("date", TextLoader)
        return cursor

    def execute(self, statement: str, parameters: Any = ()) -> Any:
        cursor = self._cursor()
        cursor.execute(_pg_sql(statement), tuple(parameters) or None)
        return cursor

    def executemany(self, statement: str, rows: Any) -> Any:
        cursor = self._cursor()
        rows = [tuple(row) for row in rows]
        if rows:
            cursor.executemany(_pg_sql(statement), rows)
        return cursor


RawConnection = sqlite3.Connection | PgRaw  # (or SQLCipher's look-alike)


def raw(connection: Any) -> RawConnection:
    """The DB-API connection under a SQLAlchemy Connection (it sees the transaction's rows)."""
    driver = connection.connection.driver_connection
    return PgRaw(driver) if connection.dialect.name == POSTGRESQL else driver


@contextmanager
def lock_wait(connection: RawConnection, milliseconds: int, *, usual_ms: int) -> Iterator[None]:
    """Wait at most ``milliseconds`` for another writer's locks inside this block (a search
    must not hang behind a long import): SQLite's busy timeout, PostgreSQL's lock_timeout
    (transaction-scoped, so nothing to restore there)."""
    if isinstance(connection, PgRaw):
        connection.execute(f"SET LOCAL lock_timeout = '{int(milliseconds)}ms'")
        yield
        return
    connection.execute(f"PRAGMA busy_timeout = {int(milliseconds)}")
    try:
        yield
    finally:
        connection.execute(f"PRAGMA busy_timeout = {int(usual_ms)}")


# --------------------------------------------------------------------------- SQL fragments


@dataclass(frozen=True)
class Sql:
    """Fragments that differ between the engines. Pick one with :func:`sql`."""

    name: str
    true: str
    false: str
    insert_ignore: str  # "INSERT OR IGNORE INTO" (SQLite) / "INSERT INTO" (+ ON CONFLICT)
    on_conflict_ignore: str  # "" / " ON CONFLICT DO NOTHING"

    def live(self, alias: str) -> str:
        """``alias`` is not a tombstone. SQLite: ``+col`` keeps the planner off the
        low-selectivity ``deleted`` index; PostgreSQL has native booleans."""
        return f"+{alias}.deleted = 0" if self.name == SQLITE else f"NOT {alias}.deleted"

    def insert_or_ignore(self, table: str, columns: str, values: str = "") -> str:
        """``INSERT … VALUES (?…)`` that skips rows clashing with a unique key."""
        marks = values or ", ".join("?" for _ in columns.split(","))
        return (
            f"{self.insert_ignore} {table}({columns}) VALUES ({marks}){self.on_conflict_ignore}"
        )


SQLITE_SQL = Sql(SQLITE, "1", "0", "INSERT OR IGNORE INTO", "")
POSTGRES_SQL = Sql(POSTGRESQL, "TRUE", "FALSE", "INSERT INTO", " ON CONFLICT DO NOTHING")


def sql(bind: Any) -> Sql:
    return POSTGRES_SQL if name_of(bind) == POSTGRESQL else SQLITE_SQL


# --------------------------------------------------------------------------- transactions


def defer_foreign_keys(session: Any) -> None:
    """Check foreign keys at commit, not per row: a bundle may bring a person before the
    household it belongs to. (PostgreSQL: only constraints declared DEFERRABLE defer.)"""
    statement = (
        "SET CONSTRAINTS ALL DEFERRED" if is_postgres(session) else "PRAGMA defer_foreign_keys=ON"
    )
    session.connection().exec_driver_sql(statement)


def is_retryable(error: BaseException | None) -> bool:
    """PostgreSQL aborted the transaction to break a deadlock or a serialisation clash
    (also when already wrapped: SQLAlchemy's ``orig``, a UserError's ``__cause__``)."""
    while error is not None:
        if getattr(error, "sqlstate", None) in ("40P01", "40001"):
            return True
        error = getattr(error, "orig", None) or error.__cause__
    return False


# --------------------------------------------------------------------------- locks


def lock_key(name: str) -> int:
    """A stable signed 64-bit advisory-lock key for a name (same in every process)."""
    return zlib.crc32(name.encode("utf-8")) - 2**31


def stream_lock(session: Any, name: str) -> None:  # Session or Connection
    """Hold an exclusive lock on ``name`` until the transaction ends (PostgreSQL).

    Two officers importing bundles of the same stream at once then take turns: the second
    waits, re-reads the stream position the first committed, and sees "already applied".
    On SQLite the write transaction itself is the lock (one writer per file).
    """
    if is_postgres(session):
        connection = session.connection() if hasattr(session, "get_bind") else session
        connection.exec_driver_sql("SELECT pg_advisory_xact_lock(%(key)s)", {"key": lock_key(name)})
