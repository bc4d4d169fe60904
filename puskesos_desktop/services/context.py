"""What every service needs: where the files are, the engine, and who is acting."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy.engine import Engine
from sqlmodel import Session

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.paths import DataPaths
from puskesos_desktop.services.changes import ChangeKind, Changes
from puskesos_desktop.store.db import make_engine, session_scope
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

    @classmethod
    def open(cls, paths: DataPaths) -> ServiceContext:
        paths.ensure()
        return cls(paths=paths, engine=make_engine(paths.database))

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with session_scope(self.engine) as session:
            yield session

    def require_actor(self) -> Actor:
        if self.actor is None:
            raise UserError("Belum ada operator yang masuk. Masuk (login) terlebih dahulu.")
        return self.actor

    def reopen_engine(self) -> None:
        """Drop pooled connections (after a restore replaced the file) and start afresh."""
        self.engine.dispose()
        self.engine = make_engine(self.paths.database)
