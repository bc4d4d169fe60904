"""The change journal: every change to a synced row, written in the same transaction.

This is exactly what a sync bundle carries (see ``shared/docs/sync-bundle.md``): change id,
table, uid, op, rev/base_rev, the touched fields after and before, who and when.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from puskesos_desktop.store.models.base import new_uid, utcnow


class JournalEntry(SQLModel, table=True):
    __tablename__ = "change_journal"

    seq: int | None = Field(default=None, primary_key=True)
    change_id: str = Field(default_factory=new_uid, max_length=36, unique=True)
    table_name: str = Field(max_length=40)
    uid: str = Field(max_length=36, index=True)
    op: str = Field(max_length=6)  # "upsert" / "delete"
    rev: int
    base_rev: int
    fields: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    base: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    at: datetime = Field(default_factory=utcnow)
    by: str = Field(max_length=100)
    origin: str = Field(max_length=40, index=True)
