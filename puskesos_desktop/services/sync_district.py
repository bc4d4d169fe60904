"""District mode: the enrolled village desks at a glance, and NIKs registered twice.

Each desk's status includes the audit chain head its bundles reported and, if that chain
ever went backwards, the bundle that showed it (:mod:`~puskesos_desktop.services.sync_audit`).

The consolidated registry needs nothing special: every village's rows land in the same
tables, so the registry search already spans all villages (``origin`` says which).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, text
from sqlmodel import Session, select

from puskesos_desktop.domain.audit import AuditAction, AuditHead
from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.permissions import Permission
from puskesos_desktop.i18n import _
from puskesos_desktop.services.context import ChangeKind, Changes, ServiceContext
from puskesos_desktop.services.sync_audit import AuditRewind, reported_head, rewind_of
from puskesos_desktop.store import audit_log, dialect
from puskesos_desktop.store.models import (
    BundleLog,
    Conflict,
    IncomingStream,
    Orang,
    PendingBundle,
    TrustedDesk,
)

MIN_REVIEW_NOTE = 10
MAX_REVIEW_NOTE = 500


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
    audit_rewound_at: datetime | None = None  # when the bundle that showed it was applied


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
            rewound_at = _rewound_at(session, streams.values())
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
                        rewound_at.get(desk.desk_id),
                    )
                )
            return result

    def mark_audit_reviewed(self, desk_id: str, note: str) -> Changes:
        """Clear a village's "audit chain went backwards" flag once someone looked into it.

        Koordinator or admin only, with a note of what was checked; the audit entry keeps
        who, when, the note and the heads, so clearing never hides what was seen. The head
        last reported stays: the next bundle must extend it, or the desk is flagged again.
        """
        actor = self._context.require(Permission.REVIEW_AUDIT_FLAG)
        text = " ".join(note.split())
        if len(text) < MIN_REVIEW_NOTE:
            raise UserError(
                _(
                    "Tulis catatan pemeriksaan (minimal {n} huruf): apa yang diperiksa di desa "
                    "itu dan apa hasilnya."
                ).format(n=MIN_REVIEW_NOTE)
            )
        with self._context.transaction() as session:
            stream = session.get(IncomingStream, desk_id)
            rewind = rewind_of(stream)
            if stream is None or rewind is None:
                raise UserError(
                    _("Desk {desk} tidak sedang ditandai; muat ulang daftar desk.").format(
                        desk=desk_id
                    )
                )
            detail = {
                "desk": desk_id,
                "paket": rewind.seq,
                "dari_entri": rewind.from_id,
                "ke_entri": rewind.to_id,
                "catatan": text[:MAX_REVIEW_NOTE],
            }
            stream.audit_rewound_seq = None
            stream.audit_rewound_from = stream.audit_rewound_to = None
            session.add(stream)
            audit_log.append(
                session, operator=actor.operator, action=AuditAction.AUDIT_FLAG_REVIEW,
                target_table="aliran_masuk", target_uid=desk_id, detail=detail,
            )  # fmt: skip
        return Changes.of(ChangeKind.SYNC)

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


def _rewound_at(session: Session, streams: Iterable[IncomingStream]) -> dict[str, datetime]:
    """When the bundle that showed each flagged rewind was applied (from the bundle log)."""
    found: dict[str, datetime] = {}
    for stream in streams:
        if stream.audit_rewound_seq is None:
            continue
        applied = session.exec(
            select(BundleLog.applied_at).where(
                BundleLog.origin == stream.origin, BundleLog.seq == stream.audit_rewound_seq
            )
        ).first()
        if applied is not None:
            found[stream.origin] = applied
    return found
