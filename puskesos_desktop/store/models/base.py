"""Columns shared by every record that travels in sync bundles.

A synced row is born with a UUID (``uid``) on the desk that created it, so rows from many
villages never collide at the district. ``rev`` counts its changes; a delete is a tombstone
(``deleted``) so the deletion itself can travel.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """Timezone-aware UTC: SQLModel's datetime columns store UTC and refuse naive values."""
    return datetime.now(UTC)


def new_uid() -> str:
    return str(uuid.uuid4())


class SyncedRecord(SQLModel):
    """Mixin for synced tables; only :mod:`puskesos_desktop.store.journal` changes these."""

    uid: str = Field(default_factory=new_uid, primary_key=True, max_length=36)
    rev: int = Field(default=0)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    origin: str = Field(default="", max_length=40)
    deleted: bool = Field(default=False, index=True)
    deleted_at: datetime | None = Field(default=None)


SYNC_BOOKKEEPING_FIELDS = frozenset(SyncedRecord.model_fields)
