"""Many service calls as one transaction, on a clock the caller moves: the demo's year.

The demo plays a year of desk work through the real services (so the journal and the
audit chain are complete). Called one by one, each call commits: a thousand fsyncs on a
``synchronous=FULL`` SQLite file. :class:`OneTransaction` hands every call the same open
session instead, so the year commits once and rolls back as a whole if anything fails.
Used only by :mod:`services.demo_activity`; real screens keep one call = one transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import date

from sqlalchemy import event
from sqlmodel import Session

from puskesos_desktop.services.context import ServiceContext


@dataclass
class OneTransaction(ServiceContext):
    """The desk's context, but every ``transaction()`` is the demo's one open session."""

    session: Session | None = None

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        assert self.session is not None
        yield self.session


@contextmanager
def rows_kept(session: Session) -> Iterator[None]:
    """Hold every row the session loads or writes, for the length of the year's play.

    The identity map holds rows weakly: once a service call returns, its rows are dropped
    and the next ``session.get`` of the same person (every intake, visit and referral
    reads the person, household and service again) is another SELECT. Kept, it is a dict
    lookup; the demo's few thousand rows are a few MB.
    """
    kept: list[object] = []

    def keep(_session: Session, row: object) -> None:
        kept.append(row)

    events = ("loaded_as_persistent", "pending_to_persistent")
    for name in events:
        event.listen(session, name, keep)
    try:
        yield
    finally:
        for name in events:
            event.remove(session, name, keep)
        kept.clear()


@dataclass
class Clock:
    """The day the services believe it is (their ``today`` callable)."""

    day: date

    def __call__(self) -> date:
        return self.day


def batched(context: ServiceContext, session: Session) -> OneTransaction:
    """``context`` (same paths, actor, keys cache) whose transactions are ``session``."""
    values = {f.name: getattr(context, f.name) for f in fields(ServiceContext)}
    return OneTransaction(**values, session=session)
