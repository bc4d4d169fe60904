"""The conflict inbox: base / ours / theirs with who and when, and the operator's choice.

Resolving writes a new journalled change (:func:`puskesos_desktop.store.journal.resolve_field`)
whose base is the *other* side's value, so it travels back and the other desk takes it
without a new conflict; there it also closes that desk's own copy of the conflict.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import select

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.permissions import Permission
from puskesos_desktop.i18n import N_, _
from puskesos_desktop.services.changes import ChangeKind, Changes
from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.services.sync_rules import table_columns, to_json
from puskesos_desktop.store import journal
from puskesos_desktop.store.models import SYNCED_TABLES, Conflict, Orang
from puskesos_desktop.store.models.base import utcnow

TABLE_LABELS = {
    "orang": N_("Penduduk"),
    "keluarga": N_("Keluarga"),
    "riwayat_kk": N_("Riwayat KK"),
    "riwayat_anggota": N_("Riwayat anggota keluarga"),
    "keputusan_duplikat": N_("Keputusan duplikat"),
    "layanan_masuk": N_("Layanan masuk"),
    "asesmen": N_("Asesmen"),
    "asesmen_ppks": N_("PPKS asesmen"),
    "asesmen_orang": N_("Anggota asesmen"),
    "verivali": N_("Verivali"),
    "rujukan": N_("Rujukan"),
    "riwayat_status_rujukan": N_("Riwayat status rujukan"),
    "surat_keluar": N_("Surat keluar"),
    "lembaga": N_("Lembaga layanan"),
    "persetujuan": N_("Persetujuan"),
    "penghapusan_data": N_("Penghapusan data"),
}
"""Synced tables as users name them; translate with :func:`table_label` when shown."""


def table_label(table: str) -> str:
    """The table's name in the active language (an unknown table shows its own name)."""
    return _(TABLE_LABELS[table]) if table in TABLE_LABELS else table


@dataclass(frozen=True)
class ConflictView:
    id: int
    table: str
    table_label: str
    uid: str
    record_label: str  # e.g. the person's name, so the operator knows whose data it is
    field: str
    base: Any
    ours: Any
    theirs: Any
    ours_by: str
    ours_at: datetime | None
    theirs_by: str
    theirs_at: datetime
    origin: str
    resolved: bool
    choice: str | None


@dataclass(frozen=True)
class ResolveResult:
    conflict: ConflictView
    changes: Changes = field(
        default_factory=lambda: Changes.of(ChangeKind.SYNC, ChangeKind.DATABASE)
    )


def _label(session: Any, table: str, uid: str) -> str:
    if table == "orang":
        person = session.get(Orang, uid)
        return person.nama if person is not None else uid[:8]
    return uid[:8]


def _current(record: Any, name: str) -> Any:
    if name == "deleted":
        return bool(record.deleted)
    return to_json(table_columns(type(record).__tablename__).get(name), getattr(record, name))


def _view(session: Any, row: Conflict) -> ConflictView:
    return ConflictView(
        row.id or 0,
        row.table_name,
        table_label(row.table_name),
        row.uid,
        _label(session, row.table_name, row.uid),
        row.field,
        row.base,
        row.ours,
        row.theirs,
        row.ours_by,
        row.ours_at,
        row.theirs_by,
        row.theirs_at,
        row.origin,
        row.resolved,
        row.choice,
    )


class ConflictService:
    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    def open_conflicts(self, origin: str | None = None) -> list[ConflictView]:
        with self._context.transaction() as session:
            query = select(Conflict).where(Conflict.resolved == False)  # noqa: E712
            if origin:
                query = query.where(Conflict.origin == origin)
            rows = session.exec(query.order_by(Conflict.id)).all()  # type: ignore[arg-type]
            return [_view(session, row) for row in rows]

    def count_open(self) -> int:
        return len(self.open_conflicts())

    def resolve(self, conflict_id: int, choice: str) -> ResolveResult:
        """``choice`` is ``"ours"`` (keep the local value) or ``"theirs"`` (take the other)."""
        if choice not in ("ours", "theirs"):
            raise ValueError("choice harus ours atau theirs")
        actor = self._context.require(Permission.RESOLVE_CONFLICT)
        with self._context.transaction() as session:
            row = session.get(Conflict, conflict_id)
            if row is None or row.resolved:
                raise UserError(_("Konflik ini sudah diselesaikan atau tidak ada lagi."))
            model = SYNCED_TABLES[row.table_name]
            record = session.get(model, row.uid)
            if record is None:
                raise UserError(_("Data yang berkonflik tidak ditemukan lagi."))
            # "ours" is the value here now (it may have changed since the conflict arose);
            # the change's base is the value the other desk holds, so it applies there.
            current = _current(record, row.field)
            chosen, other = (current, row.theirs) if choice == "ours" else (row.theirs, current)
            entry = journal.resolve_field(session, actor, record, row.field, chosen, other)
            session.flush()
            same_field = session.exec(
                select(Conflict).where(
                    Conflict.table_name == row.table_name,
                    Conflict.uid == row.uid,
                    Conflict.field == row.field,
                    Conflict.resolved == False,  # noqa: E712
                )
            ).all()
            for open_row in same_field:
                open_row.resolved, open_row.resolved_at = True, utcnow()
                open_row.resolved_by, open_row.choice = actor.by, choice
                open_row.resolution_seq = entry.seq
                session.add(open_row)
            session.flush()
            return ResolveResult(_view(session, row))
