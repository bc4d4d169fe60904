"""What every service needs: where the files are, the engine, and who is acting."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy.engine import Engine

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.permissions import Permission
from puskesos_desktop.paths import DataPaths
from puskesos_desktop.services.changes import ChangeKind, Changes
from puskesos_desktop.services.deferred import DeferredWrites
from puskesos_desktop.store.db import make_engine, session_scope

if TYPE_CHECKING:  # the ORM and the models load on first use: search needs neither
    from sqlmodel import Session

    from puskesos_desktop.store.journal import Actor

__all__ = ["ChangeKind", "Changes", "ServiceContext"]


@dataclass
class ServiceContext:
    """Shared state of one running desk. ``actor`` is set once setup/login has happened."""

    paths: DataPaths
    engine: Engine
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
        engine = make_engine(paths.database, database_url, key=db_key)
        return cls(paths=paths, engine=engine, db_key=db_key, database_url=database_url)

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
            raise UserError("Belum ada operator yang masuk. Masuk (login) terlebih dahulu.")
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

    def reopen_engine(self) -> None:
        """Drop pooled connections (after a restore replaced the file) and start afresh."""
        self.engine.dispose()
        self.engine = make_engine(self.paths.database, self.database_url, key=self.db_key)
