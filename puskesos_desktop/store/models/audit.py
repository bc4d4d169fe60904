"""The audit log (local, never synced): who did what, when, chained by SHA-256.

``at`` and ``detail`` are stored as the exact text that was hashed (ISO-8601 UTC and
canonical JSON), so verifying never depends on how a driver round-trips datetimes or JSON.
Ids are assigned by the writer (previous id + 1), so a deleted row leaves a visible gap.
"""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class AuditEntry(SQLModel, table=True):
    __tablename__ = "jejak_audit"

    id: int = Field(primary_key=True)
    at: str = Field(max_length=40, index=True)
    operator: str = Field(max_length=40, index=True)
    action: str = Field(max_length=24, index=True)
    target_table: str | None = Field(default=None, max_length=40)
    target_uid: str | None = Field(default=None, max_length=36, index=True)
    detail: str = Field(default="{}")
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)
