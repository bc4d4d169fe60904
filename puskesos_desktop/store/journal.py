"""The only way synced rows change: create, update and tombstone, each journalled.

Services call these inside their transaction, so a row change and its journal entry commit
or roll back together: the journal can never miss a change or record one that did not happen.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import insert
from sqlmodel import Session

from puskesos_desktop.domain.actor import Actor as Actor  # re-exported: services import it here
from puskesos_desktop.domain.audit import AuditAction
from puskesos_desktop.store import audit_log
from puskesos_desktop.store.models import JournalEntry, SyncedRecord
from puskesos_desktop.store.models.base import SYNC_BOOKKEEPING_FIELDS, new_uid, utcnow

Record = TypeVar("Record", bound=SyncedRecord)


def to_json_value(value: Any) -> Any:
    """Field values as they travel in the journal and in bundles."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _content_fields(record: SyncedRecord) -> dict[str, Any]:
    return {
        name: to_json_value(getattr(record, name))
        for name in type(record).model_fields
        if name not in SYNC_BOOKKEEPING_FIELDS
    }


def _append(
    session: Session,
    actor: Actor,
    record: SyncedRecord,
    op: str,
    fields: dict[str, Any],
    base: dict[str, Any],
) -> JournalEntry:
    entry = JournalEntry(
        table_name=type(record).__tablename__,  # type: ignore[arg-type]
        uid=record.uid,
        op=op,
        rev=record.rev,
        base_rev=record.rev - 1,
        fields=fields,
        base=base,
        at=record.updated_at,
        by=actor.by,
        origin=actor.desk_id,
    )
    session.add(entry)
    if op == "delete":
        action, detail = AuditAction.DELETE, {"change_id": entry.change_id}
    elif record.rev == 1:
        action, detail = AuditAction.CREATE, {"change_id": entry.change_id}
    else:
        action = AuditAction.UPDATE
        detail = {"change_id": entry.change_id, "fields": sorted(fields)}
    audit_log.append(
        session,
        operator=actor.operator,
        action=action,
        target_table=entry.table_name,
        target_uid=record.uid,
        detail=detail,
    )
    return entry


def create(session: Session, actor: Actor, record: Record) -> Record:
    """Insert a new synced row (rev 1) and journal all of its fields."""
    now = utcnow()
    record.rev = 1
    record.created_at = record.updated_at = now
    record.origin = actor.desk_id
    session.add(record)
    _append(session, actor, record, "upsert", _content_fields(record), {})
    return record


def update(session: Session, actor: Actor, record: Record, **changes: Any) -> bool:
    """Apply ``changes``; journal only the fields whose value really changed.

    Returns False (and writes nothing) when nothing changed, so a save without edits does
    not create noise in the journal or in the next bundle.
    """
    content_fields = set(type(record).model_fields) - SYNC_BOOKKEEPING_FIELDS
    unknown = set(changes) - content_fields
    if unknown:
        raise ValueError(f"bukan kolom data: {sorted(unknown)}")
    fields: dict[str, Any] = {}
    base: dict[str, Any] = {}
    for name, value in changes.items():
        old = getattr(record, name)
        if old != value:
            base[name] = to_json_value(old)
            fields[name] = to_json_value(value)
            setattr(record, name, value)
    if not fields:
        return False
    record.rev += 1
    record.updated_at = utcnow()
    session.add(record)
    _append(session, actor, record, "upsert", fields, base)
    return True


def delete(session: Session, actor: Actor, record: SyncedRecord) -> None:
    """Tombstone the row: it stays, marked deleted, so the deletion can travel."""
    if record.deleted:
        return
    record.deleted = True
    record.rev += 1
    record.updated_at = record.deleted_at = utcnow()
    session.add(record)
    _append(session, actor, record, "delete", {"deleted": True}, {"deleted": False})


def bulk_create(
    session: Session, actor: Actor, model: type[SyncedRecord], rows: list[dict[str, Any]]
) -> None:
    """Insert many new rows and their journal entries with two executemany calls.

    Same result as :func:`create` per row, without building ORM objects: list imports and
    demo data write hundreds of thousands of rows. Missing content fields take the model's
    defaults and ``uid`` is generated when absent, exactly as for :func:`create`.
    """
    if not rows:
        return
    now = utcnow()
    table_name = model.__tablename__  # type: ignore[attr-defined]
    defaults = {
        name: info.get_default(call_default_factory=True)
        for name, info in model.model_fields.items()
        if name not in SYNC_BOOKKEEPING_FIELDS
    }
    prepared: list[dict[str, Any]] = []
    entries: list[dict[str, Any]] = []
    for given in rows:
        row = {"uid": new_uid(), **defaults, **given}
        prepared.append(row)
        fields = {name: to_json_value(row[name]) for name in defaults}
        row.update(rev=1, created_at=now, updated_at=now, origin=actor.desk_id, deleted=False)
        entries.append(
            {
                "change_id": new_uid(),
                "table_name": table_name,
                "uid": row["uid"],
                "op": "upsert",
                "rev": 1,
                "base_rev": 0,
                "fields": fields,
                "base": {},
                "at": now,
                "by": actor.by,
                "origin": actor.desk_id,
            }
        )
    session.execute(insert(model), prepared)
    session.execute(insert(JournalEntry), entries)
    audit_log.append(
        session,
        operator=actor.operator,
        action=AuditAction.CREATE,
        target_table=table_name,
        detail={"count": len(prepared)},  # one entry per batch: imports write 100 000s
    )


def resolve_field(
    session: Session, actor: Actor, record: SyncedRecord, name: str, value: Any, other: Any
) -> JournalEntry:
    """Journal a sync-conflict resolution: ``name`` becomes ``value`` (JSON form).

    Unlike :func:`update` this always writes an entry, even when the local value is already
    the chosen one, and its ``base`` is ``other`` (the value the other desk holds): at the
    other desk the field then equals the base, so the merge takes the choice without a new
    conflict. ``name == "deleted"`` tombstones (``True``) or restores (``False``) the row.
    """
    if name == "deleted":
        record.deleted = bool(value)
        record.deleted_at = utcnow() if value else None
    else:
        column = type(record).model_fields[name]
        if column.annotation in (date, date | None) and isinstance(value, str):
            setattr(record, name, date.fromisoformat(value))
        elif column.annotation in (datetime, datetime | None) and isinstance(value, str):
            setattr(record, name, datetime.fromisoformat(value))
        else:
            setattr(record, name, value)
    record.rev += 1
    record.updated_at = utcnow()
    session.add(record)
    op = "delete" if name == "deleted" and value is True and other is False else "upsert"
    return _append(session, actor, record, op, {name: value}, {name: other})
