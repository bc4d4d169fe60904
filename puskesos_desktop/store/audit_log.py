"""Append to the audit hash chain inside the caller's transaction.

Writing in the caller's session means the audit entry and the change it describes commit
or roll back together: the log never shows a change that did not happen, nor misses one.
SQLite has one writer at a time, so reading the head and appending cannot interleave with
another desk process; on a district PostgreSQL server several officers write at once, so
the first append of a transaction takes the chain's advisory lock before reading the head
(otherwise two officers both take id n+1 and one transaction fails). The head is cached
on the session for the rest of the transaction (many journal writes in one call) and
dropped on commit or rollback.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import event
from sqlmodel import Session, col, select

from puskesos_desktop.domain.audit import GENESIS_HASH, canonical_json, entry_hash
from puskesos_desktop.store.dialect import stream_lock
from puskesos_desktop.store.models import AuditEntry
from puskesos_desktop.store.models.base import utcnow

_HEAD_KEY = "puskesos_audit_head"
_CHAIN_LOCK = "jejak-audit"
SYSTEM_OPERATOR = "-"  # entries written with nobody signed in (start-up, failed logins)


def head(session: Session) -> tuple[int, str]:
    """``(last id, last hash)`` of the chain; ``(0, GENESIS_HASH)`` when it is empty."""
    cached = session.info.get(_HEAD_KEY)
    if cached is not None:
        return cached
    with session.no_autoflush:
        row = session.exec(
            select(AuditEntry.id, AuditEntry.hash).order_by(col(AuditEntry.id).desc()).limit(1)
        ).first()
    return (row[0], row[1]) if row is not None else (0, GENESIS_HASH)


def _forget_head(session: Session, *_args: object) -> None:
    session.info.pop(_HEAD_KEY, None)


def append(
    session: Session,
    *,
    operator: str | None,
    action: str,
    target_table: str | None = None,
    target_uid: str | None = None,
    detail: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Add one chained entry to ``session`` (committed with the caller's transaction).

    ``detail`` must be small JSON-able facts (field names, counts, a letter number), never
    personal data: the audit log outlives anonymisation.
    """
    if _HEAD_KEY not in session.info:
        stream_lock(session, _CHAIN_LOCK)
    last_id, last_hash = head(session)
    content: dict[str, Any] = {
        "id": last_id + 1,
        "at": utcnow().isoformat(timespec="microseconds"),
        "operator": (operator or SYSTEM_OPERATOR)[:40],
        "action": str(action),
        "target_table": target_table,
        "target_uid": target_uid,
        "detail": canonical_json(dict(detail or {})),
    }
    digest = entry_hash(content, last_hash)
    entry = AuditEntry(**content, prev_hash=last_hash, hash=digest)
    session.add(entry)
    if _HEAD_KEY not in session.info:
        for name in ("after_commit", "after_soft_rollback"):
            if not event.contains(session, name, _forget_head):
                event.listen(session, name, _forget_head)
    session.info[_HEAD_KEY] = (content["id"], digest)
    return entry
