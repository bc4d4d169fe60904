"""Import ("Terima"): verify each file, place it in its stream, apply in one transaction.

Per file, a plain-language :class:`FileResult`: applied (with counts), already applied,
waiting for bundle N, waiting for the other parts, unknown desk (kept until its key card is
trusted), needs an app update (kept), or rejected and why.

Ordering (guarantee 5): an origin's bundles apply in ``seq`` order. The next one must
chain on the stored manifest hash of the last applied one (``prev``); a mismatch, or a
different bundle for an already applied seq, is a fork or rollback and is rejected. Early
bundles, incomplete part groups, bundles of unknown desks and of newer app versions wait
in ``kotak-masuk`` (:class:`PendingBundle`); after every import and every enrolment the
queue is tried again, so a filled gap applies what waited behind it by itself.

All or nothing (guarantee 3): one bundle, or one whole part group, is applied in a single
transaction together with its :class:`BundleLog` rows, the stream position and the
acknowledgements it carries. Cancel is checked between chunks and between files; it rolls
back the bundle being applied, never half of it.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

from sqlalchemy import func
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, select

from puskesos_desktop.domain.audit import AuditAction
from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.permissions import Permission
from puskesos_desktop.jobs import CancelToken, Progress, no_progress
from puskesos_desktop.services import sync_audit
from puskesos_desktop.services.audit import AuditService
from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.services.desk_keys import desk_keys
from puskesos_desktop.services.sync_common import (
    SCHEMA_VERSION,
    me,
    outbox_dir,
    temp_dir,
    trusted_keys,
)
from puskesos_desktop.services.sync_merge import Merger
from puskesos_desktop.services.sync_queue import Inbox, PendingView
from puskesos_desktop.services.sync_results import FileResult, ImportReport, Outcome, counts_text
from puskesos_desktop.services.sync_rules import allowed_tables, upgrade_line
from puskesos_desktop.store import dialect
from puskesos_desktop.store.models import (
    BundleLog,
    Conflict,
    IncomingStream,
    OutboxBundle,
    PendingBundle,
)
from puskesos_desktop.store.models.base import utcnow
from puskesos_desktop.sync.bundle import (
    BUNDLE_SUFFIX,
    BundleRejected,
    RejectReason,
    VerifiedBundle,
    read_bundle,
)
from puskesos_desktop.sync.change import change_from_trusted


class _Fork(Exception):  # noqa: N818 - internal signal
    pass


class _AlreadyApplied(Exception):  # noqa: N818 - internal signal
    """Another officer's process applied this bundle between reading and applying."""


RETRIES = 3
"""Attempts per bundle when PostgreSQL aborts a transaction to break a deadlock (two
officers' imports touching shared rows in opposite order): all or nothing, so a retry is
safe."""


def expand(sources: list[Path]) -> list[Path]:
    """Files as given, folders as every ``.psb`` below them, in name order."""
    files: list[Path] = []
    for source in sources:
        if Path(source).is_dir():
            files += sorted(p for p in Path(source).rglob(f"*{BUNDLE_SUFFIX}") if p.is_file())
        else:
            files.append(Path(source))
    return files


class ImportService:
    def __init__(self, context: ServiceContext) -> None:
        self._context = context
        self._inbox = Inbox(context)

    # -- public -----------------------------------------------------------------------------
    def import_files(
        self,
        sources: list[Path],
        *,
        progress: Progress = no_progress,
        cancel: CancelToken | None = None,
    ) -> ImportReport:
        self._context.require(Permission.SYNC)
        files = expand(sources)
        results: list[FileResult] = []
        for index, path in enumerate(files):
            if cancel is not None:
                cancel.check()
            progress(index, len(files) + 1, path.name)
            results.append(self.import_one(path, cancel=cancel))
        progress(len(files), len(files) + 1, "Antrean paket")
        results += self.retry_queue(cancel=cancel)
        progress(len(files) + 1, len(files) + 1, "Selesai")
        return ImportReport(tuple(results))

    def import_one(self, path: Path, *, cancel: CancelToken | None = None) -> FileResult:
        name = Path(path).name
        try:
            bundle = self._read(path)
        except BundleRejected as err:
            return self._rejected(name, err, path)
        with bundle:
            result = self._place(bundle, Path(path), name, cancel=cancel)
        if result.outcome == Outcome.APPLIED:
            AuditService(self._context).record(
                AuditAction.IMPORT, "paket_masuk", None,
                {"asal": result.origin, "seq": result.seq, "berkas": name,
                 "diterapkan": result.applied, "konflik": result.conflicts},
            )  # fmt: skip
        return result

    def retry_queue(self, *, cancel: CancelToken | None = None) -> list[FileResult]:
        """Try every waiting bundle again (after a gap filled, an enrolment, an update)."""
        results: list[FileResult] = []
        progress_made = True
        while progress_made:
            progress_made = False
            with self._context.transaction() as session:
                waiting = session.exec(
                    select(PendingBundle).order_by(PendingBundle.origin, PendingBundle.seq)
                ).all()
                streams = {s.origin: s.applied_seq for s in session.exec(select(IncomingStream))}
            for row in waiting:
                if not Path(row.file_path).is_file():
                    continue  # kept by another officer's installation (shared server)
                due = row.seq == streams.get(row.origin, 0) + 1
                if not due and row.reason not in ("desk_asing", "versi_baru"):
                    continue
                result = self.import_one(Path(row.file_path), cancel=cancel)
                if result.outcome in (Outcome.APPLIED, Outcome.REJECTED, Outcome.ALREADY):
                    results.append(replace(result, from_queue=True))
                    if result.outcome != Outcome.APPLIED:
                        self._inbox.forget(row.id)
                    progress_made = True  # the queue changed: look at it afresh
                    break
        return results

    def pending(self) -> list[PendingView]:
        return self._inbox.pending()

    # -- reading ----------------------------------------------------------------------------
    def _read(self, path: Path) -> VerifiedBundle:
        with self._context.transaction() as session:
            trusted = trusted_keys(session)
        return read_bundle(
            path,
            trusted_keys=trusted,
            my_keys=desk_keys(self._context),
            schema_version=SCHEMA_VERSION,
            allowed_tables=allowed_tables(),
            tmp_dir=temp_dir(self._context.paths),
        )

    def _rejected(self, name: str, err: BundleRejected, path: Path) -> FileResult:
        m = err.manifest
        origin, seq = (m.origin, m.seq) if m is not None else (None, None)
        if err.reason == RejectReason.UNKNOWN_DESK and m is not None:
            self._inbox.queue(
                Path(path), m.origin, m.seq, err.manifest_sha256 or "", None, "desk_asing"
            )
            text = (
                f"Paket dari desk {m.origin} yang belum terdaftar. Paket disimpan; impor kartu "
                "kunci desk itu dan cocokkan sidik jarinya, maka paket diterapkan otomatis."
            )
            return FileResult(name, Outcome.UNKNOWN_DESK, text, origin, seq, reason=err.reason)
        if err.reason == RejectReason.NEWER_VERSION and m is not None:
            self._inbox.queue(
                Path(path), m.origin, m.seq, err.manifest_sha256 or "", None, "versi_baru"
            )
            return FileResult(
                name, Outcome.NEWER_VERSION, err.message, origin, seq, reason=err.reason
            )
        return FileResult(name, Outcome.REJECTED, err.message, origin, seq, reason=err.reason)

    # -- placing ----------------------------------------------------------------------------
    def _place(
        self, bundle: VerifiedBundle, path: Path, name: str, *, cancel: CancelToken | None
    ) -> FileResult:
        m, sha = bundle.manifest, bundle.manifest_sha256
        with self._context.transaction() as session:
            log = session.exec(
                select(BundleLog).where(BundleLog.origin == m.origin, BundleLog.seq == m.seq)
            ).first()
            stream = session.get(IncomingStream, m.origin)
            applied = stream.applied_seq if stream else 0
            last_sha = stream.last_manifest_sha256 if stream else None
        if log is not None and log.manifest_sha256 == sha:
            self._inbox.drop(path)
            text = f"Paket {m.seq} dari {m.origin} sudah pernah diterapkan; tidak ada yang berubah."
            return FileResult(name, Outcome.ALREADY, text, m.origin, m.seq)
        if log is not None or m.seq <= applied or (m.seq == applied + 1 and m.prev != last_sha):
            return self._fork(name, m.origin, m.seq)
        if m.seq > applied + 1 and m.part is not None and m.part.index > 1:
            self._inbox.queue(path, m.origin, m.seq, sha, m.part, "bagian")
            text = (
                f"Bagian {m.part.index} dari {m.part.total} disimpan; menunggu bagian lain "
                f"dan paket {applied + 1} dari {m.origin}."
            )
            return FileResult(name, Outcome.WAITING_PARTS, text, m.origin, m.seq)
        if m.seq > applied + 1:
            self._inbox.queue(path, m.origin, m.seq, sha, m.part, "celah")
            text = (
                f"Menunggu paket {applied + 1} dari {m.origin}: paket {m.seq} disimpan dan "
                "diterapkan otomatis setelah paket sebelumnya diterima."
            )
            return FileResult(name, Outcome.WAITING_GAP, text, m.origin, m.seq)
        group = [bundle]
        if m.part is not None:
            if m.part.index != 1:
                return self._fork(name, m.origin, m.seq)
            others = self._other_parts(m.origin, m.seq, m.part.group, m.part.total)
            if others is None:
                self._inbox.queue(path, m.origin, m.seq, sha, m.part, "bagian")
                text = (
                    f"Menunggu bagian lain paket ini ({m.part.total} bagian). Impor semua "
                    "berkas bagiannya; paket diterapkan setelah lengkap."
                )
                return FileResult(name, Outcome.WAITING_PARTS, text, m.origin, m.seq)
            group += others
        try:
            return self._apply_retrying(group, name, path, cancel)
        except _Fork:
            return self._fork(name, m.origin, m.seq)
        except _AlreadyApplied:
            self._inbox.drop(path)
            text = f"Paket {m.seq} dari {m.origin} sudah pernah diterapkan; tidak ada yang berubah."
            return FileResult(name, Outcome.ALREADY, text, m.origin, m.seq)
        finally:
            for extra in group[1:]:
                extra.close()

    def _other_parts(
        self, origin: str, seq: int, group: str, total: int
    ) -> list[VerifiedBundle] | None:
        with self._context.transaction() as session:
            rows = session.exec(
                select(PendingBundle).where(
                    PendingBundle.origin == origin, PendingBundle.part_group == group
                )
            ).all()
        by_seq = {row.seq: row for row in rows}
        wanted = range(seq + 1, seq + total)
        if any(s not in by_seq for s in wanted):
            return None
        parts: list[VerifiedBundle] = []
        try:
            for s in wanted:
                parts.append(self._read(Path(by_seq[s].file_path)))
        except BundleRejected:
            for part in parts:
                part.close()
            return None
        return parts

    def _apply_retrying(
        self, group: list[VerifiedBundle], name: str, path: Path, cancel: CancelToken | None
    ) -> FileResult:
        for attempt in range(1, RETRIES + 1):
            try:
                return self._apply_group(group, name, path, cancel)
            except (DBAPIError, UserError) as error:
                if attempt == RETRIES or not dialect.is_retryable(error):
                    raise
        raise AssertionError("unreachable")

    @staticmethod
    def _recheck(session: Session, group: list[VerifiedBundle]) -> None:
        """Under the stream lock, the position read earlier must still hold: another officer
        may have applied this very bundle (→ already applied) or a different one (→ fork)."""
        first = group[0]
        stream = session.get(IncomingStream, first.manifest.origin)
        applied = stream.applied_seq if stream else 0
        if applied + 1 == first.manifest.seq:
            if first.manifest.prev != (stream.last_manifest_sha256 if stream else None):
                raise _Fork
            return
        log = session.exec(
            select(BundleLog).where(
                BundleLog.origin == first.manifest.origin, BundleLog.seq == first.manifest.seq
            )
        ).first()
        if log is not None and log.manifest_sha256 == first.manifest_sha256:
            raise _AlreadyApplied
        raise _Fork

    def _apply_group(
        self, group: list[VerifiedBundle], name: str, path: Path, cancel: CancelToken | None
    ) -> FileResult:
        first = group[0].manifest
        for before, after in pairwise(group):
            if after.manifest.prev != before.manifest_sha256:
                raise _Fork
        totals: Counter[str] = Counter()
        applied = conflicts = 0
        acked_files: list[str] = []
        with self._context.transaction() as session:
            dialect.stream_lock(session, f"aliran-masuk:{first.origin}")
            self._recheck(session, group)
            dialect.defer_foreign_keys(session)
            mine = me(session)
            protected = self._protected(session, group) if mine.is_district else frozenset()
            merger = Merger(session, first.origin, cancel, protected)
            for bundle in group:
                m = bundle.manifest
                before = merger.counts.applied, merger.counts.skipped, merger.counts.conflicts
                merger.apply(self._upgraded(bundle))
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
                acked_files += self._acknowledge(session, m.origin, m.ack.get(mine.desk_id))
            last = group[-1]
            stream = session.get(IncomingStream, first.origin) or IncomingStream(
                origin=first.origin
            )
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
            applied, conflicts = merger.counts.applied, merger.counts.conflicts
        self._inbox.drop(path)
        for bundle in group[1:]:
            self._inbox.drop(
                self._inbox.path_for(
                    bundle.manifest.origin, bundle.manifest.seq, bundle.manifest_sha256
                )
            )
        outbox = outbox_dir(self._context.paths)
        for file_name in acked_files:  # acknowledged: the outbox copy is no longer needed
            with contextlib.suppress(OSError):
                (outbox / file_name).unlink(missing_ok=True)
        seqs = f"{first.seq}" if len(group) == 1 else f"{first.seq}–{group[-1].manifest.seq}"
        text = f"Paket {seqs} dari {first.origin} diterapkan: {counts_text(dict(totals))}"
        if conflicts:
            text += f"; {conflicts} konflik menunggu keputusan di kotak konflik"
        text += "."
        if rewind is not None:
            text += " " + sync_audit.rewind_warning(first.origin, rewind)
        return FileResult(
            name,
            Outcome.APPLIED,
            text,
            first.origin,
            first.seq,
            dict(totals),
            applied,
            conflicts,
        )

    def _upgraded(self, bundle: VerifiedBundle):  # -> Iterator[Change]
        version = bundle.manifest.schema_version
        if version >= SCHEMA_VERSION:
            return bundle.changes()
        return (
            change_from_trusted(upgrade_line(change.to_json(), version, SCHEMA_VERSION))
            for change in bundle.changes()
        )

    def _protected(
        self, session: Session, group: list[VerifiedBundle]
    ) -> frozenset[tuple[str, str, str]]:
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

    def _acknowledge(self, session: Session, origin: str, upto: int | None) -> list[str]:
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

    def _fork(self, name: str, origin: str, seq: int) -> FileResult:
        text = (
            f"PERINGATAN: paket {seq} dari {origin} tidak menyambung dengan paket yang sudah "
            "diterima (percabangan atau paket lama yang dikirim ulang dengan isi lain). Paket "
            "ditolak. Hubungi desk pengirim dan Dinas Sosial."
        )
        return FileResult(name, Outcome.REJECTED, text, origin, seq, reason="fork")
