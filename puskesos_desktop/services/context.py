"""What every service needs: where the files are, the engine, and who is acting."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.permissions import Permission
from puskesos_desktop.i18n import _
from puskesos_desktop.paths import DataPaths
from puskesos_desktop.services.changes import ChangeKind, Changes
from puskesos_desktop.services.deferred import DeferredWrites
from puskesos_desktop.store.connect import DeskConnections
from puskesos_desktop.store.db import session_scope

if TYPE_CHECKING:  # the ORM and the models load on first use: search needs neither
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

    from puskesos_desktop.store.dialect import RawConnection
    from puskesos_desktop.store.journal import Actor

__all__ = ["ChangeKind", "Changes", "ServiceContext"]


@dataclass
class ServiceContext:
    """Shared state of one running desk. ``actor`` is set once setup/login has happened."""

    paths: DataPaths
    connections: DeskConnections
    actor: Actor | None = None
    operator_role: str | None = None
    extras: dict[str, object] = field(default_factory=dict)
    # The SQLCipher key of an encrypted desk, once a password or the recovery key unwrapped
    # it (``services.encryption``); None for a plain SQLite desk. Never logged.
    db_key: bytes | None = field(default=None, repr=False)
    # A district's PostgreSQL server (``postgresql+psycopg://…``) instead of the SQLite
    # file in ``paths``; see ``services.database_setting``. May hold a password: never logged.
    database_url: str | None = field(default=None, repr=False)
    # Writes that wait while a GUI start loads the ORM on a worker (see services.deferred).
    deferred: DeferredWrites = field(default_factory=DeferredWrites, repr=False)

    @classmethod
    def open(
        cls, paths: DataPaths, *, db_key: bytes | None = None, database_url: str | None = None
    ) -> ServiceContext:
        paths.ensure()
        connections = DeskConnections(paths.database, key=db_key, url=database_url)
        return cls(paths=paths, connections=connections, db_key=db_key, database_url=database_url)

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine for ORM work; SQLAlchemy itself loads on first use."""
        return self.connections.engine

    @contextmanager
    def read_connection(self) -> Iterator[RawConnection]:
        """A DB-API connection for reads without the ORM (search, login); database failures
        become :class:`UserError`."""
        from puskesos_desktop.store.db import translate_sqlite_error

        try:
            with self.connections.borrow() as connection:
                yield connection
        except Exception as error:
            friendly = translate_sqlite_error(error)
            if friendly is not None:
                raise friendly from error
            raise

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with session_scope(self.engine) as session:
            yield session

    @property
    def on_server(self) -> bool:
        """True at a district office running on PostgreSQL (no local file, no file backups)."""
        return bool(self.database_url)

    def require_actor(self) -> Actor:
        if self.actor is None:
            raise UserError(_("Belum ada operator yang masuk. Masuk (login) terlebih dahulu."))
        return self.actor

    def require(self, permission: Permission) -> Actor:
        """The signed-in actor, if their role allows ``permission``; else a UserError.

        Every sensitive service call starts with this, so the rule holds whatever the GUI
        shows (see ``domain/permissions.py`` for the table).
        """
        from puskesos_desktop.services.access import check

        actor = self.require_actor()
        check(self.operator_role, permission)
        return actor

    def release_connections(self) -> None:
        """Close every open connection (before a restore or re-encryption replaces the
        file); the next use opens new ones."""
        self.connections.dispose()

    def reopen_engine(self) -> None:
        """Start afresh with the current file, key and server (after a restore or unlock)."""
        self.connections.dispose()
        self.connections = DeskConnections(
            self.paths.database, key=self.db_key, url=self.database_url
        )
