"""The one way into the desk database: its PRAGMAs, a small read pool, the lazy engine.

Importing SQLAlchemy takes about a quarter of a second (more on an old laptop), yet the
first things an operator does after a start — sign in, type a name into the registry
search — need one ``SELECT`` each. So reads on the desk's SQLite file borrow plain DB-API
connections from :class:`DeskConnections`, and the SQLAlchemy engine that the ORM writes
through is made on first use, usually by a worker while the login dialog is up
(:meth:`~puskesos_desktop.services.desk.Desk.finish_start`). Both open the file through
:func:`open_desk_file`, so every connection has the same PRAGMAs.

Power cuts are common at village desks, so every connection runs WAL with
``synchronous=FULL``: a save the UI reported survives a cut. Foreign keys are enforced.

On a district's PostgreSQL server reads go through the engine (it is needed at once there).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from puskesos_desktop.store.cipher import connect

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from puskesos_desktop.store.dialect import RawConnection

IDLE_READERS = 4  # more than the GUI thread and a couple of workers ever read at once
BUSY_TIMEOUT_MS = 5000


def open_desk_file(db_path: Path, key: bytes | None = None) -> Any:
    """A DB-API connection to the desk file with the desk's PRAGMAs, usable from any thread.

    ``key`` (32 bytes) opens an encrypted desk through SQLCipher (see ``store.cipher``).
    """
    return with_desk_pragmas(connect(db_path, key=key, check_same_thread=False))


def with_desk_pragmas(connection: Any) -> Any:
    """``connection`` set up as every desk connection must be (closed if that fails)."""
    try:
        for pragma in (
            "PRAGMA journal_mode=WAL",
            "PRAGMA synchronous=FULL",
            "PRAGMA foreign_keys=ON",
            f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
        ):
            connection.execute(pragma)
    except BaseException:
        connection.close()
        raise
    return connection


class DeskConnections:
    """Where one desk's data lives (file + key, or a server URL) and its open connections.

    Thread-safe: the GUI thread searches while workers import or back up. :meth:`dispose`
    closes everything (before a restore replaces the file, or a key change re-encrypts it);
    connections borrowed at that moment are closed when they come back.
    """

    def __init__(
        self,
        db_path: Path,
        *,
        key: bytes | None = None,
        url: str | None = None,
        opener: Callable[[], Any] | None = None,
    ) -> None:
        """``opener`` replaces :func:`open_desk_file` (benchmarks compare SQLite builds)."""
        self.db_path = db_path
        self.key = key
        self.url = url
        self._open = opener or partial(open_desk_file, db_path, key)
        self._lock = threading.Lock()
        self._engine: Engine | None = None
        self._idle: list[Any] = []
        self._generation = 0

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, made (and SQLAlchemy imported) on first use."""
        with self._lock:
            if self._engine is None:
                from sqlalchemy import event

                from puskesos_desktop.store.db import make_engine

                self._engine = make_engine(self.db_path, self.url, key=self.key, opener=self._open)
                # whoever disposes the engine (restore, re-encryption) closes ours too
                event.listen(self._engine, "engine_disposed", lambda _e: self._close_readers())
            return self._engine

    @contextmanager
    def borrow(self) -> Iterator[RawConnection]:
        """A connection for reads outside any transaction (search, login, start-up checks)."""
        if self.url:
            from puskesos_desktop.store.dialect import raw

            with self.engine.connect() as connection:
                yield raw(connection)
            return
        with self._lock:
            generation = self._generation
            connection = self._idle.pop() if self._idle else None
        if connection is None:
            connection = self._open()
        try:
            yield connection
        finally:
            self._give_back(connection, generation)

    def _give_back(self, connection: Any, generation: int) -> None:
        with self._lock:
            keep = generation == self._generation and len(self._idle) < IDLE_READERS
            if keep and not connection.in_transaction:
                self._idle.append(connection)
                return
        connection.close()

    def dispose(self) -> None:
        """Close every pooled connection, ours and the engine's; the next use opens anew."""
        with self._lock:
            engine = self._engine
        if engine is None:
            self._close_readers()
        else:
            engine.dispose()  # its engine_disposed event closes ours too

    def _close_readers(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
            self._generation += 1
        for connection in idle:
            connection.close()
