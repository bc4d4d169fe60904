"""Data-subject requests (UU 27/2022): a copy of one's data, correction, deletion.

* **Copy**: one JSON document for machines (:mod:`puskesos_desktop.services.subject_data`
  documents its shape) and, built from that same document, a PDF on the desk's letterhead
  for the person. Both come from one read, so they can never disagree.
* **Correction** goes through the normal registry forms (which journal and audit every
  field); :meth:`SubjectRequestService.log_correction` adds that it was the person's request.
* **Deletion** anonymises the person (:mod:`puskesos_desktop.services.anonymise`) through
  the journal, so the district's copy follows with the next bundle. Anonymising rather than
  erasing rows keeps the desk's counts true and the referral register without gaps, while
  nothing left identifies the person.

All three are the koordinator's job (Permission.SUBJECT_REQUEST) and are audited without
personal data in the audit detail.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from sqlmodel import Session, func, select

from puskesos_desktop.domain.audit import AuditAction
from puskesos_desktop.domain.dates_id import format_date
from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.permissions import Permission
from puskesos_desktop.domain.privacy import AlasanPenghapusan
from puskesos_desktop.domain.referral_state import TERMINAL
from puskesos_desktop.i18n import _
from puskesos_desktop.services.anonymise import anonymise_person, refresh_search
from puskesos_desktop.services.context import ChangeKind, Changes, ServiceContext
from puskesos_desktop.services.letter_content import issuer, letterhead
from puskesos_desktop.services.subject_data import collect
from puskesos_desktop.services.subject_pdf import sections
from puskesos_desktop.store import audit_log
from puskesos_desktop.store.journal import Actor
from puskesos_desktop.store.models import (
    Asesmen,
    DeskProfile,
    LayananMasuk,
    Orang,
    PenghapusanData,
    Rujukan,
)

DELETED_CHANGES = Changes.of(ChangeKind.REGISTRY, ChangeKind.RUJUKAN, ChangeKind.ASSESSMENT)


@dataclass(frozen=True)
class SubjectExport:
    nama_berkas: str  # without extension: "data-pribadi-1a2b3c4d-2026-11-23"
    json_bytes: bytes
    pdf_bytes: bytes


@dataclass(frozen=True)
class DeletionPreview:
    """What a deletion will do, for the confirmation the koordinator must read."""

    nama: str
    layanan_masuk: int
    asesmen: int
    rujukan: int
    rujukan_terbuka: int
    alamat_keluarga_dihapus: bool  # no other identifiable member left in the household
    sudah_dianonimkan: bool


@dataclass(frozen=True)
class SubjectDeleted:
    uid: str
    changes: Changes = field(default_factory=lambda: DELETED_CHANGES)


def _person(session: Session, uid: str) -> Orang:
    person = session.get(Orang, uid)
    if person is None or person.deleted:
        raise UserError(_("Data warga tidak ditemukan. Pilih orangnya lagi dari pencarian."))
    return person


def _audit(session: Session, actor: Actor, uid: str, what: str) -> None:
    audit_log.append(session, operator=actor.operator, action=AuditAction.SUBJECT_REQUEST,
                     target_table="orang", target_uid=uid, detail={"permintaan": what})


def _count(session: Session, model: type, *where: object) -> int:
    return session.exec(select(func.count()).select_from(model).where(
        ~model.deleted, *where)).one()  # type: ignore[attr-defined]


class SubjectRequestService:
    def __init__(self, context: ServiceContext,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._context = context
        self._now = now

    def export(self, orang_uid: str) -> SubjectExport:
        """The person's data as JSON and PDF (one read; the export is audited)."""
        from puskesos_desktop.letters.data_subject import SubjectDocument, render_subject_document

        actor = self._context.require(Permission.SUBJECT_REQUEST)
        now = self._now()
        with self._context.transaction() as session:
            person = _person(session, orang_uid)
            profile = session.get(DeskProfile, 1)
            if profile is None:
                raise UserError(_("Aplikasi belum disiapkan."))
            data = collect(session, person, {"desk_id": profile.desk_id,
                                             "nama": issuer(profile)}, now)
            _audit(session, actor, orang_uid, "salinan")
            head = letterhead(profile)
        document = SubjectDocument(letterhead=head, issuer=data["desk"]["nama"],
                                   person_name=person.nama, created=now.date(),
                                   sections=sections(data))
        text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False)
        return SubjectExport(f"data-pribadi-{orang_uid[:8]}-{now.date().isoformat()}",
                             text.encode("utf-8"), render_subject_document(document))

    def save_export(self, orang_uid: str, folder: Path) -> tuple[Path, Path]:
        """Write ``<name>.pdf`` and ``<name>.json`` into ``folder``; returns both paths."""
        export = self.export(orang_uid)
        paths = (folder / f"{export.nama_berkas}.pdf", folder / f"{export.nama_berkas}.json")
        try:
            paths[0].write_bytes(export.pdf_bytes)
            paths[1].write_bytes(export.json_bytes)
        except OSError as error:
            raise UserError(
                _(
                    "Berkas tidak dapat disimpan di {folder}: {strerror}. Pilih folder lain atau "
                    "periksa flashdisknya."
                ).format(folder=folder, strerror=error.strerror)
            ) from error
        return paths

    def log_correction(self, orang_uid: str, catatan: str = "") -> None:
        """The person asked for a correction; the edit itself is audited by the journal."""
        actor = self._context.require(Permission.SUBJECT_REQUEST)
        with self._context.transaction() as session:
            _person(session, orang_uid)
            audit_log.append(session, operator=actor.operator,
                             action=AuditAction.SUBJECT_REQUEST, target_table="orang",
                             target_uid=orang_uid,
                             detail={"permintaan": "koreksi", "catatan": catatan[:200]})

    def deletion_preview(self, orang_uid: str) -> DeletionPreview:
        self._context.require(Permission.SUBJECT_REQUEST)
        with self._context.transaction() as session:
            person = _person(session, orang_uid)
            others = 0
            if person.keluarga_uid:
                erased = select(PenghapusanData.orang_uid).where(~PenghapusanData.deleted)
                others = _count(session, Orang, Orang.keluarga_uid == person.keluarga_uid,
                                Orang.uid != person.uid, Orang.uid.not_in(erased))
            closed = [status.value for status in TERMINAL]
            household = (Asesmen.keluarga_uid == person.keluarga_uid if person.keluarga_uid
                         else Asesmen.orang_uid == orang_uid)
            return DeletionPreview(
                nama=person.nama,
                layanan_masuk=_count(session, LayananMasuk, LayananMasuk.penerima_uid == orang_uid),
                asesmen=_count(session, Asesmen, household),
                rujukan=_count(session, Rujukan, Rujukan.orang_uid == orang_uid),
                rujukan_terbuka=_count(session, Rujukan, Rujukan.orang_uid == orang_uid,
                                       Rujukan.status.not_in(closed)),  # type: ignore[attr-defined]
                alamat_keluarga_dihapus=bool(person.keluarga_uid) and others == 0,
                sudah_dianonimkan=_count(session, PenghapusanData,
                                         PenghapusanData.orang_uid == orang_uid) > 0,
            )

    def delete(self, orang_uid: str, catatan: str = "") -> SubjectDeleted:
        """Anonymise the person at their request (journalled, audited, synced)."""
        actor = self._context.require(Permission.SUBJECT_REQUEST)
        today = self._now().astimezone().date()
        with self._context.transaction() as session:
            person = _person(session, orang_uid)
            if session.exec(select(PenghapusanData).where(
                    PenghapusanData.orang_uid == orang_uid, ~PenghapusanData.deleted)).first():
                raise UserError(_("Data warga ini sudah dihapus (dianonimkan) sebelumnya."))
            anonymise_person(session, actor, person, today=today,
                             alasan=AlasanPenghapusan.PERMINTAAN, catatan=catatan.strip())
            refresh_search(session)
            _audit(session, actor, orang_uid, "hapus")
            return SubjectDeleted(orang_uid)


def deletion_consequences(preview: DeletionPreview, today: date) -> str:
    """The confirmation text: what is removed, what stays, and that it cannot be undone."""
    lines = [
        f"Data pribadi {preview.nama} akan dihapus pada {format_date(today)}:",
        "• nama, NIK, tempat dan tanggal lahir (hanya tahun lahir disimpan), telepon, "
        "pekerjaan, catatan penyakit, dan uraian pada layanan masuk dan rujukan;",
    ]
    if preview.alamat_keluarga_dihapus:
        lines.append("• alamat dan No. KK keluarganya (tidak ada anggota lain yang tersisa);")
    lines += [
        f"• {preview.layanan_masuk} layanan masuk, {preview.asesmen} asesmen dan "
        f"{preview.rujukan} rujukan tetap tercatat tanpa identitas, agar laporan tetap benar.",
        "Perubahan ini ikut terkirim ke Dinas Sosial pada pengiriman berikutnya dan TIDAK "
        "dapat dibatalkan.",
    ]
    if preview.rujukan_terbuka:
        lines.append(f"Perhatian: {preview.rujukan_terbuka} rujukan masih berjalan; lembaga "
                     "tujuan tidak akan dapat mencocokkan suratnya dengan data di desk.")
    return "\n".join(lines)

