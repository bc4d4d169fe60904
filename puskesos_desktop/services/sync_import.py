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
transaction by :mod:`~puskesos_desktop.services.sync_apply`. Cancel is checked between
chunks and between files; it rolls back the bundle being applied, never half of it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sqlmodel import select

from puskesos_desktop.domain.audit import AuditAction
from puskesos_desktop.domain.permissions import Permission
from puskesos_desktop.i18n import _
from puskesos_desktop.jobs import CancelToken, Progress, no_progress
from puskesos_desktop.services import sync_audit
from puskesos_desktop.services.audit import AuditService
from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.services.desk_keys import desk_keys
from puskesos_desktop.services.sync_apply import (
    AlreadyApplied,
    Fork,
    GroupApplied,
    apply_group,
)
from puskesos_desktop.services.sync_common import SCHEMA_VERSION, temp_dir, trusted_keys
from puskesos_desktop.services.sync_queue import Inbox, PendingView
from puskesos_desktop.services.sync_results import FileResult, ImportReport, Outcome, counts_text
from puskesos_desktop.services.sync_rules import allowed_tables
from puskesos_desktop.store.models import BundleLog, IncomingStream, PendingBundle
from puskesos_desktop.sync.bundle import (
    BUNDLE_SUFFIX,
    BundleRejected,
    RejectReason,
    VerifiedBundle,
    read_bundle,
)


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
        progress(len(files), len(files) + 1, _("Antrean paket"))
        results += self.retry_queue(cancel=cancel)
        progress(len(files) + 1, len(files) + 1, _("Selesai"))
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
            text = _(
                "Paket dari desk {origin} yang belum terdaftar. Paket disimpan; impor kartu "
                "kunci desk itu dan cocokkan sidik jarinya, maka paket diterapkan otomatis."
            ).format(origin=m.origin)
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
            return self._already(name, path, m.origin, m.seq)
        if log is not None or m.seq <= applied or (m.seq == applied + 1 and m.prev != last_sha):
            return self._fork(name, m.origin, m.seq)
        if m.seq > applied + 1 and m.part is not None and m.part.index > 1:
            self._inbox.queue(path, m.origin, m.seq, sha, m.part, "bagian")
            text = _(
                "Bagian {index} dari {total} disimpan; menunggu bagian lain dan paket {next} "
                "dari {origin}."
            ).format(index=m.part.index, total=m.part.total, next=applied + 1, origin=m.origin)
            return FileResult(name, Outcome.WAITING_PARTS, text, m.origin, m.seq)
        if m.seq > applied + 1:
            self._inbox.queue(path, m.origin, m.seq, sha, m.part, "celah")
            text = _(
                "Menunggu paket {next} dari {origin}: paket {seq} disimpan dan diterapkan "
                "otomatis setelah paket sebelumnya diterima."
            ).format(next=applied + 1, origin=m.origin, seq=m.seq)
            return FileResult(name, Outcome.WAITING_GAP, text, m.origin, m.seq)
        group = [bundle]
        if m.part is not None:
            if m.part.index != 1:
                return self._fork(name, m.origin, m.seq)
            others = self._other_parts(m.origin, m.seq, m.part.group, m.part.total)
            if others is None:
                self._inbox.queue(path, m.origin, m.seq, sha, m.part, "bagian")
                text = _(
                    "Menunggu bagian lain paket ini ({total} bagian). Impor semua berkas "
                    "bagiannya; paket diterapkan setelah lengkap."
                ).format(total=m.part.total)
                return FileResult(name, Outcome.WAITING_PARTS, text, m.origin, m.seq)
            group += others
        try:
            done = apply_group(self._context, group, cancel)
            return self._applied(group, done, name, path)
        except Fork:
            return self._fork(name, m.origin, m.seq)
        except AlreadyApplied:
            return self._already(name, path, m.origin, m.seq)
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

    def _applied(
        self, group: list[VerifiedBundle], done: GroupApplied, name: str, path: Path
    ) -> FileResult:
        """The result of a group :func:`~.sync_apply.apply_group` just committed."""
        self._inbox.drop(path)
        for bundle in group[1:]:
            m = bundle.manifest
            self._inbox.drop(self._inbox.path_for(m.origin, m.seq, bundle.manifest_sha256))
        first = group[0].manifest
        seqs = f"{first.seq}" if len(group) == 1 else f"{first.seq}–{group[-1].manifest.seq}"
        values = {"seqs": seqs, "origin": first.origin, "counts": counts_text(done.totals)}
        if done.conflicts:
            text = _(
                "Paket {seqs} dari {origin} diterapkan: {counts}; {conflicts} konflik menunggu "
                "keputusan di kotak konflik."
            ).format(conflicts=done.conflicts, **values)
        else:
            text = _("Paket {seqs} dari {origin} diterapkan: {counts}.").format(**values)
        if done.rewind is not None:
            text += " " + sync_audit.rewind_warning(first.origin, done.rewind)
        return FileResult(
            name,
            Outcome.APPLIED,
            text,
            first.origin,
            first.seq,
            done.totals,
            done.applied,
            done.conflicts,
        )

    def _already(self, name: str, path: Path, origin: str, seq: int) -> FileResult:
        self._inbox.drop(path)
        text = _("Paket {seq} dari {origin} sudah pernah diterapkan; tidak ada yang berubah.")
        return FileResult(name, Outcome.ALREADY, text.format(seq=seq, origin=origin), origin, seq)

    def _fork(self, name: str, origin: str, seq: int) -> FileResult:
        text = _(
            "PERINGATAN: paket {seq} dari {origin} tidak menyambung dengan paket yang sudah "
            "diterima (percabangan atau paket lama yang dikirim ulang dengan isi lain). Paket "
            "ditolak. Hubungi desk pengirim dan Dinas Sosial."
        ).format(seq=seq, origin=origin)
        return FileResult(name, Outcome.REJECTED, text, origin, seq, reason="fork")
