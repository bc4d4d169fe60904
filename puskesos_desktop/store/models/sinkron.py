"""Sync bookkeeping of this desk (local tables, never synced themselves).

Who is trusted (``desk_tepercaya``), where each outgoing and incoming bundle stream stands
(``aliran_keluar``/``aliran_masuk``), the copies kept for "kirim ulang"
(``paket_keluar``), one log row per applied bundle (``log_paket``), bundles that arrived
early or cannot be applied yet (``paket_tertunda``) and the conflict inbox (``konflik``).

Idempotence ("a change id is never applied twice") needs no table of its own: every applied
incoming change is written to the change journal with the sender's desk as ``origin`` and
``change_journal.change_id`` is unique. That journal row is also what lets the district
forward a change to another desk, while the export to the sender skips it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from puskesos_desktop.store.models.base import utcnow


class TrustedDesk(SQLModel, table=True):
    """An enrolled desk: its key card as imported after the fingerprint was compared."""

    __tablename__ = "desk_tepercaya"

    id: int | None = Field(default=None, primary_key=True)
    desk_id: str = Field(max_length=40, unique=True)
    kind: str = Field(max_length=5)  # desa / dinas
    official_name: str = Field(max_length=200)
    region_code: str = Field(max_length=13)
    card_json: str
    fingerprint: str = Field(max_length=19)
    minisign_public_key: str = Field(max_length=60)
    age_recipient: str = Field(max_length=70)
    enrolled_at: datetime = Field(default_factory=utcnow)
    enrolled_by: str = Field(max_length=100)
    revoked: bool = Field(default=False)
    revoked_at: datetime | None = Field(default=None)
    # Keys before a rotation: [{"minisign_public_key", "age_recipient", "fingerprint"}],
    # still accepted for bundles already on their way (revoking the desk revokes them too).
    previous_keys: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )


class OutgoingStream(SQLModel, table=True):
    """This desk → one destination: the last bundle written and the journal read so far."""

    __tablename__ = "aliran_keluar"

    destination: str = Field(max_length=40, primary_key=True)
    last_seq: int = Field(default=0)
    last_manifest_sha256: str | None = Field(default=None, max_length=64)
    last_journal_seq: int = Field(default=0)
    last_sent_at: datetime | None = Field(default=None)


class OutboxBundle(SQLModel, table=True):
    """A written bundle, kept in ``kotak-keluar`` until the destination acknowledges it."""

    __tablename__ = "paket_keluar"
    __table_args__ = (UniqueConstraint("destination", "seq"),)

    id: int | None = Field(default=None, primary_key=True)
    destination: str = Field(max_length=40, index=True)
    seq: int
    file_name: str = Field(max_length=80)
    manifest_sha256: str = Field(max_length=64)
    size: int
    change_count: int
    counts: dict[str, int] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    part_group: str | None = Field(default=None, max_length=36)
    part_index: int | None = Field(default=None)
    part_total: int | None = Field(default=None)
    journal_seq: int = Field(default=0)  # journal read up to here when it was written
    created_at: datetime = Field(default_factory=utcnow)
    acknowledged: bool = Field(default=False)
    acknowledged_at: datetime | None = Field(default=None)


class IncomingStream(SQLModel, table=True):
    """One origin → this desk: highest seq applied without gaps and its manifest hash.

    ``audit_*``: the head of the origin's audit chain that its last applied bundle
    reported, and the first bundle whose head went backwards (``audit_rewound_seq``, ids
    before → after; null while it never did). The flag stays: history rewritten at a
    village is for the district to investigate, not for the next bundle to erase.
    """

    __tablename__ = "aliran_masuk"

    origin: str = Field(max_length=40, primary_key=True)
    applied_seq: int = Field(default=0)
    last_manifest_sha256: str | None = Field(default=None, max_length=64)
    last_applied_at: datetime | None = Field(default=None)
    audit_last_id: int | None = Field(default=None)
    audit_hash: str | None = Field(default=None, max_length=64)
    audit_rewound_seq: int | None = Field(default=None)
    audit_rewound_from: int | None = Field(default=None)
    audit_rewound_to: int | None = Field(default=None)


class BundleLog(SQLModel, table=True):
    """One applied bundle, written in the same transaction as its changes."""

    __tablename__ = "log_paket"
    __table_args__ = (UniqueConstraint("origin", "seq"),)

    id: int | None = Field(default=None, primary_key=True)
    origin: str = Field(max_length=40, index=True)
    seq: int
    manifest_sha256: str = Field(max_length=64)
    applied_at: datetime = Field(default_factory=utcnow)
    counts: dict[str, int] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    applied: int = Field(default=0)  # changes written
    skipped: int = Field(default=0)  # already known (same change id)
    conflicts: int = Field(default=0)
    result: str = Field(max_length=20)  # diterapkan / konflik


class PendingBundle(SQLModel, table=True):
    """A verified (or not yet verifiable) bundle waiting in ``kotak-masuk``."""

    __tablename__ = "paket_tertunda"
    __table_args__ = (UniqueConstraint("origin", "seq", "manifest_sha256"),)

    id: int | None = Field(default=None, primary_key=True)
    origin: str = Field(max_length=40, index=True)
    seq: int
    manifest_sha256: str = Field(max_length=64)
    reason: str = Field(max_length=20)  # celah / bagian / desk_asing / versi_baru
    file_path: str = Field(max_length=300)
    part_group: str | None = Field(default=None, max_length=36)
    part_index: int | None = Field(default=None)
    part_total: int | None = Field(default=None)
    received_at: datetime = Field(default_factory=utcnow)


class Conflict(SQLModel, table=True):
    """The same field changed on both sides: base, ours (kept) and theirs, until resolved."""

    __tablename__ = "konflik"

    id: int | None = Field(default=None, primary_key=True)
    table_name: str = Field(max_length=40)
    uid: str = Field(max_length=36, index=True)
    field: str = Field(max_length=64)
    base: Any = Field(default=None, sa_column=Column(JSON, nullable=True))
    ours: Any = Field(default=None, sa_column=Column(JSON, nullable=True))
    theirs: Any = Field(default=None, sa_column=Column(JSON, nullable=True))
    ours_by: str = Field(default="", max_length=100)
    ours_at: datetime | None = Field(default=None)
    theirs_by: str = Field(max_length=100)
    theirs_at: datetime
    origin: str = Field(max_length=40, index=True)
    change_id: str = Field(max_length=36)
    created_at: datetime = Field(default_factory=utcnow)
    resolved: bool = Field(default=False, index=True)
    resolved_at: datetime | None = Field(default=None)
    resolved_by: str | None = Field(default=None, max_length=100)
    choice: str | None = Field(default=None, max_length=10)  # ours/theirs/remote/superseded
    resolution_seq: int | None = Field(default=None)  # journal seq of the resolving change
