"""District mode: the enrolled village desks at a glance, and NIKs registered twice.

Each desk's status includes the audit chain head its bundles reported and, if that chain
ever went backwards, the bundle that showed it (:mod:`~puskesos_desktop.services.sync_audit`).

The consolidated registry needs nothing special: every village's rows land in the same
tables, so the registry search already spans all villages (``origin`` says which).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, text
from sqlmodel import select

from puskesos_desktop.domain.audit import AuditHead
from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.services.sync_audit import AuditRewind, reported_head, rewind_of
from puskesos_desktop.store import dialect
from puskesos_desktop.store.models import (
    BundleLog,
    Conflict,
    IncomingStream,
    Orang,
    PendingBundle,
    TrustedDesk,
)


@dataclass(frozen=True)
class DeskStatus:
    desk_id: str
    name: str
    revoked: bool
    last_seq: int  # highest seq applied without gaps
    last_received_at: datetime | None
    waiting: tuple[int, ...]  # seqs waiting in the queue
    missing: tuple[int, ...]  # seqs needed before the waiting ones apply
    open_conflicts: int
    persons: int
    audit_head: AuditHead | None = None  # as reported by the last applied bundle
    audit_rewind: AuditRewind | None = None  # the chain went backwards: investigate


@dataclass(frozen=True)
class DuplicateNik:
    nik: str
    persons: tuple[tuple[str, str, str], ...]  # (uid, name, origin desk)


class DistrictService:
    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    def desks(self) -> list[DeskStatus]:
        with self._context.transaction() as session:
            villages = session.exec(
                select(TrustedDesk).where(TrustedDesk.kind == "desa").order_by(TrustedDesk.desk_id)
            ).all()
            streams = {s.origin: s for s in session.exec(select(IncomingStream))}
            last_log = dict(
                session.exec(
                    select(BundleLog.origin, func.max(BundleLog.applied_at)).group_by(
                        BundleLog.origin
                    )
                ).all()
            )
            conflicts = dict(
                session.exec(
                    select(Conflict.origin, func.count())
                    .where(Conflict.resolved == False)  # noqa: E712
                    .group_by(Conflict.origin)
                ).all()
            )
            persons = dict(
                session.exec(
                    select(Orang.origin, func.count())
                    .where(Orang.deleted == False)  # noqa: E712
                    .group_by(Orang.origin)
                ).all()
            )
            pending: dict[str, list[int]] = {}
            for row in session.exec(select(PendingBundle).order_by(PendingBundle.seq)):
                pending.setdefault(row.origin, []).append(row.seq)
            result = []
            for desk in villages:
                applied = streams[desk.desk_id].applied_seq if desk.desk_id in streams else 0
                waiting = tuple(pending.get(desk.desk_id, ()))
                missing = tuple(
                    s for s in range(applied + 1, max(waiting, default=applied)) if s not in waiting
                )
                result.append(
                    DeskStatus(
                        desk.desk_id,
                        desk.official_name,
                        desk.revoked,
                        applied,
                        last_log.get(desk.desk_id),
                        waiting,
                        missing,
                        conflicts.get(desk.desk_id, 0),
                        persons.get(desk.desk_id, 0),
                        reported_head(streams.get(desk.desk_id)),
                        rewind_of(streams.get(desk.desk_id)),
                    )
                )
            return result

    def duplicate_niks(self, limit: int = 500) -> list[DuplicateNik]:
        """The same real NIK registered by two or more villages (temporary NIKs excluded)."""
        with self._context.transaction() as session:
            live = f"deleted = {dialect.sql(session).false}"
            query = text(
                f"SELECT nik, uid, nama, origin FROM orang WHERE {live} AND nik IN ("
                f" SELECT nik FROM orang WHERE {live} AND nik IS NOT NULL AND nik NOT LIKE '0%'"
                " GROUP BY nik HAVING COUNT(DISTINCT origin) > 1 LIMIT :limit)"
                " ORDER BY nik, origin"
            )
            rows = session.connection().execute(query, {"limit": limit}).all()
        grouped: dict[str, list[tuple[str, str, str]]] = {}
        for nik, uid, nama, origin in rows:
            grouped.setdefault(nik, []).append((uid, nama, origin))
        return [DuplicateNik(nik, tuple(persons)) for nik, persons in grouped.items()]
