"""Apply one verified bundle, or one whole part group, in a single transaction.

The import (:mod:`~puskesos_desktop.services.sync_import`) decides *whether* a bundle is
due; this module does the writing once it is (guarantee 3, all or nothing): the merged
changes, the :class:`BundleLog` rows, the stream position, the acknowledgements the bundle
carries and the removal of its queue rows commit together or not at all. Under the stream
lock the position read earlier is checked again, because on a district server another
officer's import may have applied the same bundle in between.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from sqlalchemy import func
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, select

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.jobs import CancelToken
from puskesos_desktop.services import sync_audit
from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.services.sync_common import SCHEMA_VERSION, me, outbox_dir
from puskesos_desktop.services.sync_merge import Merger
from puskesos_desktop.services.sync_rules import upgrade_line
from puskesos_desktop.store import dialect
from puskesos_desktop.store.models import (
    BundleLog,
    Conflict,
    IncomingStream,
    OutboxBundle,
    PendingBundle,
)
from puskesos_desktop.store.models.base import utcnow
from puskesos_desktop.sync.bundle import VerifiedBundle
from puskesos_desktop.sync.change import Change, change_from_trusted


class Fork(Exception):  # noqa: N818 - a verdict, not a failure
    """The group does not chain on what this desk already applied from its origin."""


class AlreadyApplied(Exception):  # noqa: N818 - a verdict, not a failure
    """Another officer's process applied this bundle between reading and applying."""


RETRIES = 3
"""Attempts per bundle when PostgreSQL aborts a transaction to break a deadlock (two
officers' imports touching shared rows in opposite order): all or nothing, so a retry is
safe."""


@dataclass(frozen=True)
class GroupApplied:
    """What one applied group changed, for the import's plain-language result."""

    totals: dict[str, int]
    applied: int
    conflicts: int
    rewind: sync_audit.AuditRewind | None


def apply_group(
    context: ServiceContext, group: list[VerifiedBundle], cancel: CancelToken | None
) -> GroupApplied:
    """Apply ``group`` (bundles of one origin in seq order); retried on a server deadlock.

    Raises :class:`Fork` or :class:`AlreadyApplied` when the stream moved on meanwhile.
    """
    for attempt in range(1, RETRIES + 1):
        try:
            return _apply_once(context, group, cancel)
        except (DBAPIError, UserError) as error:
            if attempt == RETRIES or not dialect.is_retryable(error):
                raise
    raise AssertionError("unreachable")


def _apply_once(
    context: ServiceContext, group: list[VerifiedBundle], cancel: CancelToken | None
) -> GroupApplied:
    first = group[0].manifest
    for before, after in pairwise(group):
        if after.manifest.prev != before.manifest_sha256:
            raise Fork
    totals: Counter[str] = Counter()
    acked_files: list[str] = []
    with context.transaction() as session:
        dialect.stream_lock(session, f"aliran-masuk:{first.origin}")
        _recheck(session, group)
        dialect.defer_foreign_keys(session)
        mine = me(session)
        protected = _protected(session, group) if mine.is_district else frozenset()
        merger = Merger(session, first.origin, cancel, protected)
        for bundle in group:
            m = bundle.manifest
            before = merger.counts.applied, merger.counts.skipped, merger.counts.conflicts
            merger.apply(_upgraded(bundle))
            counts = merger.counts
            session.add(
                BundleLog(
                    origin=m.origin,
                    seq=m.seq,
                    manifest_sha256=bundle.manifest_sha256,
                    counts=dict(m.counts),
                    applied=counts.applied - before[0],
                    skipped=counts.skipped - before[1],
                    conflicts=counts.conflicts - before[2],
                    result="konflik" if counts.conflicts > before[2] else "diterapkan",
                )
            )
            totals.update(m.counts)
            acked_files += _acknowledge(session, m.origin, m.ack.get(mine.desk_id))
        rewind = _advance_stream(session, group)
        applied, conflicts = merger.counts.applied, merger.counts.conflicts
    outbox = outbox_dir(context.paths)
    for file_name in acked_files:  # acknowledged: the outbox copy is no longer needed
        with contextlib.suppress(OSError):
            (outbox / file_name).unlink(missing_ok=True)
    return GroupApplied(dict(totals), applied, conflicts, rewind)


def _recheck(session: Session, group: list[VerifiedBundle]) -> None:
    """Under the stream lock, the position read earlier must still hold: another officer
    may have applied this very bundle (→ already applied) or a different one (→ fork)."""
    first = group[0]
    stream = session.get(IncomingStream, first.manifest.origin)
    applied = stream.applied_seq if stream else 0
    if applied + 1 == first.manifest.seq:
        if first.manifest.prev != (stream.last_manifest_sha256 if stream else None):
            raise Fork
        return
    log = session.exec(
        select(BundleLog).where(
            BundleLog.origin == first.manifest.origin, BundleLog.seq == first.manifest.seq
        )
    ).first()
    if log is not None and log.manifest_sha256 == first.manifest_sha256:
        raise AlreadyApplied
    raise Fork


def _advance_stream(session: Session, group: list[VerifiedBundle]) -> sync_audit.AuditRewind | None:
    """Move the stream past the group and drop its queue rows; the audit rewind, if any."""
    origin, last = group[0].manifest.origin, group[-1]
    stream = session.get(IncomingStream, origin) or IncomingStream(origin=origin)
    stream.applied_seq = last.manifest.seq
    stream.last_manifest_sha256 = last.manifest_sha256
    stream.last_applied_at = utcnow()
    rewind = sync_audit.note_heads(stream, (bundle.manifest for bundle in group))
    session.add(stream)
    for bundle in group:
        pending = session.exec(
            select(PendingBundle).where(
                PendingBundle.origin == bundle.manifest.origin,
                PendingBundle.seq == bundle.manifest.seq,
            )
        ).all()
        for row in pending:
            session.delete(row)
    return rewind


def _upgraded(bundle: VerifiedBundle) -> Iterator[Change]:
    """The bundle's changes, lifted to this schema when an older app wrote them."""
    version = bundle.manifest.schema_version
    if version >= SCHEMA_VERSION:
        return bundle.changes()
    return (
        change_from_trusted(upgrade_line(change.to_json(), version, SCHEMA_VERSION))
        for change in bundle.changes()
    )


def _protected(session: Session, group: list[VerifiedBundle]) -> frozenset[tuple[str, str, str]]:
    """Fields the district resolved in changes the sender had not yet received."""
    origin = group[0].manifest.origin
    me_id = group[0].manifest.destination
    acked = max(bundle.manifest.ack.get(me_id, 0) for bundle in group)
    seen = session.exec(
        select(func.max(OutboxBundle.journal_seq)).where(
            OutboxBundle.destination == origin, OutboxBundle.seq <= acked
        )
    ).one()
    rows = session.exec(
        select(Conflict.table_name, Conflict.uid, Conflict.field).where(
            Conflict.origin == origin,
            Conflict.choice.in_(("ours", "theirs")),  # type: ignore[union-attr]
            Conflict.resolution_seq > (seen or 0),  # type: ignore[operator]
        )
    ).all()
    return frozenset((t, u, f) for t, u, f in rows)


def _acknowledge(session: Session, origin: str, upto: int | None) -> list[str]:
    """Mark our outbox bundles up to ``upto`` as received; their file names."""
    if not upto:
        return []
    rows = session.exec(
        select(OutboxBundle).where(
            OutboxBundle.destination == origin,
            OutboxBundle.seq <= upto,
            OutboxBundle.acknowledged == False,  # noqa: E712
        )
    ).all()
    now = utcnow()
    for row in rows:
        row.acknowledged, row.acknowledged_at = True, now
        session.add(row)
    return [row.file_name for row in rows]
