"""Export: "Kirim ke Dinas" (village) and "Kirim ke Desa" (district), receipts, kirim ulang.

One export = the next bundle (or parts) of the stream to one destination, carrying every
journal change not yet sent there, plus ``ack`` for the streams this desk receives and the
head of this desk's audit chain (see :mod:`~puskesos_desktop.services.sync_audit`). Steps:

1. in one transaction: read the journal after the stream's ``last_journal_seq``, write
   the bundle files into ``kotak-keluar`` (atomic, all parts or none), record them
   (:class:`OutboxBundle`) and advance the stream. If recording fails the files are
   removed, so a seq is never used for two different contents (that would be a fork);
2. then copy the files to the chosen folder (USB stick), all together or none. If the
   stick is full the bundle stays recorded in the outbox and "kirim ulang" copies the very
   same bytes later.

What goes where: a village sends everything except what came from the destination. The
district sends a village only the district's own changes that concern it: changes to rows
born at that village (referral outcomes, verivali results, conflict resolutions) and
broadcast tables such as the service directory.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlmodel import Session
from sqlmodel import select as sql_select

from puskesos_desktop.domain.audit import AuditAction, AuditHead
from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.permissions import Permission
from puskesos_desktop.i18n import _
from puskesos_desktop.jobs import CancelToken, Progress, no_progress
from puskesos_desktop.services.audit import AuditService
from puskesos_desktop.services.changes import ChangeKind, Changes
from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.services.desk_keys import desk_keys
from puskesos_desktop.services.sync_common import (
    APP_VERSION,
    BROADCAST_TABLES,
    SCHEMA_VERSION,
    Me,
    default_destination,
    me,
    outbox_dir,
    temp_dir,
    trusted_desk,
)
from puskesos_desktop.store import audit_log
from puskesos_desktop.store.models import (
    SYNCED_TABLES,
    IncomingStream,
    JournalEntry,
    OutboxBundle,
    OutgoingStream,
)
from puskesos_desktop.store.models.base import utcnow
from puskesos_desktop.sync.bundle import (
    DEFAULT_PART_SIZE,
    Change,
    WrittenBundle,
    iso_timestamp,
    write_bundles,
)
from puskesos_desktop.sync.container import CHUNK
from puskesos_desktop.sync.outfile import AtomicFiles, write_error


@dataclass(frozen=True)
class OutboxItem:
    destination: str
    seq: int
    file_name: str
    size: int
    change_count: int
    counts: dict[str, int]
    created_at: datetime
    acknowledged: bool
    acknowledged_at: datetime | None
    part: str  # "2/3" or ""


@dataclass(frozen=True)
class ExportResult:
    destination: str
    files: tuple[Path, ...]  # in the chosen folder
    written: tuple[OutboxItem, ...]
    unacknowledged: tuple[OutboxItem, ...]  # earlier bundles not yet acknowledged
    change_count: int
    changes: Changes = field(default_factory=lambda: Changes.of(ChangeKind.SYNC))


def _item(row: OutboxBundle) -> OutboxItem:
    part = f"{row.part_index}/{row.part_total}" if row.part_total else ""
    return OutboxItem(
        row.destination,
        row.seq,
        row.file_name,
        row.size,
        row.change_count,
        dict(row.counts),
        row.created_at,
        row.acknowledged,
        row.acknowledged_at,
        part,
    )


def acks(session: Session, mine: Me) -> dict[str, int]:
    """For each stream this desk receives: the highest seq applied without gaps."""
    rows = session.exec(sql_select(IncomingStream).where(IncomingStream.applied_seq > 0)).all()
    return {row.origin: row.applied_seq for row in rows if row.origin != mine.desk_id}


class _RowOrigins:
    """Where a row was born (``origin`` column), cached: decides what concerns a village."""

    def __init__(self, session: Session) -> None:
        self.connection = session.connection()
        self.cache: dict[tuple[str, str], str | None] = {}

    def __call__(self, table: str, uid: str) -> str | None:
        key = (table, uid)
        if key not in self.cache:
            if len(self.cache) > 100_000:
                self.cache.clear()
            model_table = SYNCED_TABLES[table].__table__  # type: ignore[attr-defined]
            self.cache[key] = self.connection.execute(
                select(model_table.c.origin).where(model_table.c.uid == uid)
            ).scalar()
        return self.cache[key]


def journal_changes(
    session: Session, mine: Me, destination: str, after: int, upto: int
) -> Iterator[Change]:
    """The journal entries in ``(after, upto]`` that belong in a bundle to ``destination``."""
    journal = JournalEntry.__table__  # type: ignore[attr-defined]
    query = (
        select(journal)
        .where(journal.c.seq > after, journal.c.seq <= upto, journal.c.origin != destination)
        .order_by(journal.c.seq)
    )
    origins = _RowOrigins(session) if mine.is_district else None
    # A statement option: on the connection it would stay and make every later statement
    # of this transaction a server-side cursor on PostgreSQL.
    result = session.connection().execute(query.execution_options(yield_per=2_000))
    for row in result:
        if origins is not None:
            if row.origin != mine.desk_id or row.table_name not in SYNCED_TABLES:
                continue
            if (
                row.table_name not in BROADCAST_TABLES
                and origins(row.table_name, row.uid) != destination
            ):
                continue
        yield Change(
            row.change_id,
            row.table_name,
            row.uid,
            row.op,
            row.rev,
            row.base_rev,
            iso_timestamp(row.at),
            row.by,
            row.fields,
            row.base,
        )


def _copy_group(sources: list[Path], directory: Path) -> list[Path]:
    """Copy finished bundle files byte for byte into ``directory``: all appear, or none."""
    with AtomicFiles(directory) as files:
        for source in sources:
            try:
                original = source.open("rb")
            except OSError as err:
                raise UserError(
                    _(
                        "Salinan paket {name} di kotak keluar tidak dapat dibaca ({strerror}). "
                        "Periksa folder data."
                    ).format(name=source.name, strerror=err.strerror)
                ) from None
            with original:
                handle = files.open(source.name)
                try:
                    shutil.copyfileobj(original, handle, CHUNK)
                except OSError as err:
                    raise write_error(err, directory) from None
        return files.commit()


class ExportService:
    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    def export(
        self,
        directory: Path,
        destination: str | None = None,
        *,
        receipt_only: bool = False,
        part_size: int = DEFAULT_PART_SIZE,
        progress: Progress = no_progress,
        cancel: CancelToken | None = None,
    ) -> ExportResult:
        """Write the next bundle to ``destination`` into ``directory``.

        ``receipt_only`` writes a standalone receipt: no changes, only ``ack``.
        """
        self._context.require(Permission.SYNC)
        keys = desk_keys(self._context)
        outbox = outbox_dir(self._context.paths)
        progress(0, 3, _("Menyiapkan paket"))
        with self._context.transaction() as session:
            mine = me(session)
            destination = destination or default_destination(session, mine)
            target = trusted_desk(session, destination)
            if target.revoked:
                raise UserError(
                    _(
                        "Kunci desk {destination} sudah dicabut; paket tidak dibuat."
                    ).format(destination=destination)
                )
            stream = session.get(OutgoingStream, destination) or OutgoingStream(
                destination=destination
            )
            journal = JournalEntry.__table__  # type: ignore[attr-defined]
            upto = (
                session.connection()
                .execute(select(journal.c.seq).order_by(journal.c.seq.desc()).limit(1))
                .scalar()
                or 0
            )
            changes: Any = (
                iter(())
                if receipt_only
                else journal_changes(session, mine, destination, stream.last_journal_seq, upto)
            )
            if cancel is not None:
                cancel.check()
            progress(1, 3, _("Menulis paket"))
            try:
                written = write_bundles(
                    outbox,
                    changes,
                    origin_keys=keys,
                    destination=destination,
                    destination_recipient=target.age_recipient,
                    first_seq=stream.last_seq + 1,
                    prev=stream.last_manifest_sha256,
                    schema_version=SCHEMA_VERSION,
                    app_version=APP_VERSION,
                    ack=acks(session, mine),
                    part_size=part_size,
                    audit=AuditHead(*audit_log.head(session)),  # read in this transaction
                    tmp_dir=temp_dir(self._context.paths),
                )
            except ValueError as err:  # a journal change the receiver would refuse
                raise UserError(
                    _(
                        "Ada perubahan data yang tidak dapat dikemas ke paket ({error}). Paket "
                        "tidak dibuat; laporkan masalah ini ke pengelola aplikasi."
                    ).format(error=str(err)[:200])
                ) from None
            try:
                rows = self._record(session, stream, written, upto if not receipt_only else None)
                session.flush()
                items = tuple(_item(row) for row in rows)
                unacked = self._unacknowledged(session, destination, exclude=len(rows))
            except BaseException:
                for bundle in written:
                    with contextlib.suppress(OSError):
                        (outbox / bundle.file_name).unlink(missing_ok=True)
                raise
        progress(2, 3, "Menyalin ke folder tujuan")
        try:
            files = _copy_group([outbox / b.file_name for b in written], Path(directory))
        except UserError as error:
            raise UserError(
                _(
                    "{message}\nPaket sudah tersimpan di kotak keluar; pilih “Kirim ulang” setelah "
                    "masalahnya diatasi."
                ).format(message=error.message)
            ) from None
        progress(3, 3, _("Selesai"))
        total = sum(b.manifest.change_count for b in written)
        AuditService(self._context).record(
            AuditAction.EXPORT, "paket_keluar", None,
            {"tujuan": destination, "perubahan": total, "berkas": [p.name for p in files]},
        )  # fmt: skip
        return ExportResult(destination, tuple(files), items, unacked, total)

    def _record(
        self,
        session: Session,
        stream: OutgoingStream,
        written: list[WrittenBundle],
        upto: int | None,
    ) -> list[OutboxBundle]:
        rows = []
        for bundle in written:
            m = bundle.manifest
            row = OutboxBundle(
                destination=m.destination,
                seq=m.seq,
                file_name=bundle.file_name,
                manifest_sha256=bundle.manifest_sha256,
                size=bundle.size,
                change_count=m.change_count,
                counts=dict(m.counts),
                part_group=m.part.group if m.part else None,
                part_index=m.part.index if m.part else None,
                part_total=m.part.total if m.part else None,
                journal_seq=upto or stream.last_journal_seq,
            )
            session.add(row)
            rows.append(row)
        last = written[-1]
        stream.last_seq = last.manifest.seq
        stream.last_manifest_sha256 = last.manifest_sha256
        if upto is not None:
            stream.last_journal_seq = max(stream.last_journal_seq, upto)
        stream.last_sent_at = utcnow()
        session.add(stream)
        return rows

    def _unacknowledged(
        self, session: Session, destination: str, exclude: int = 0
    ) -> tuple[OutboxItem, ...]:
        rows = session.exec(
            sql_select(OutboxBundle)
            .where(OutboxBundle.destination == destination, OutboxBundle.acknowledged == False)  # noqa: E712
            .order_by(OutboxBundle.seq)  # type: ignore[arg-type]
        ).all()
        items = [_item(row) for row in rows]
        return tuple(items[: len(items) - exclude] if exclude else items)

    def outbox(self, destination: str | None = None) -> list[OutboxItem]:
        """Bundles sent (newest first), with their acknowledgement.

        "Newest" is the order they were written in (row id), never ``created_at``: a
        laptop clock set back by hand would otherwise list the latest bundle last.
        """
        with self._context.transaction() as session:
            query = sql_select(OutboxBundle).order_by(
                OutboxBundle.id.desc()  # type: ignore[union-attr]
            )
            if destination:
                query = query.where(OutboxBundle.destination == destination)
            return [_item(row) for row in session.exec(query).all()]

    def last_sent(self) -> datetime | None:
        with self._context.transaction() as session:
            streams = session.exec(sql_select(OutgoingStream)).all()
            moments = [s.last_sent_at for s in streams if s.last_sent_at is not None]
            return max(moments) if moments else None

    def resend(self, destination: str, seqs: list[int], directory: Path) -> list[Path]:
        """Kirim ulang: copy unacknowledged bundles byte for byte (whole part groups)."""
        outbox = outbox_dir(self._context.paths)
        with self._context.transaction() as session:
            rows = session.exec(
                sql_select(OutboxBundle).where(OutboxBundle.destination == destination)
            ).all()
            chosen = {row.seq for row in rows if row.seq in seqs}
            groups = {row.part_group for row in rows if row.seq in chosen and row.part_group}
            names = [
                row.file_name
                for row in sorted(rows, key=lambda r: r.seq)
                if row.seq in chosen or (row.part_group and row.part_group in groups)
            ]
            missing = [name for name in names if not (outbox / name).exists()]
        if not names:
            raise UserError(_("Pilih paket yang akan dikirim ulang."))
        if missing:
            raise UserError(
                _(
                    "Salinan paket {name} sudah tidak ada di kotak keluar (paket yang sudah "
                    "diterima Dinas dihapus dari kotak keluar)."
                ).format(name=missing[0])
            )
        return _copy_group([outbox / name for name in names], Path(directory))
