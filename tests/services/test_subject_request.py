"""Data-subject requests: the copy holds the person's data and nobody else's; deletion
anonymises through the journal (so the district follows) and is audited."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from referral_kit import (  # noqa: F401 - fixtures
    demo_keys_fixture,
    desk_fixture,
    make_lembaga,
    referral_input,
)
from sqlmodel import select

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.privacy import ANONYMOUS_NAME
from puskesos_desktop.services.intake import IntakeInput
from puskesos_desktop.services.subject_data import FORMAT
from puskesos_desktop.services.subject_request import deletion_consequences
from puskesos_desktop.store.models import AuditEntry, JournalEntry, PenghapusanData


def _text(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join((page.extract_text() or "").split()) for page in pages)


@pytest.fixture
def family(desk: Any) -> tuple[Any, list[Any]]:
    """A household of at least three with NIKs that the demo year never served (so what
    the copy holds is exactly what the test records): the subject and the others."""

    def served(uid: str) -> bool:
        return bool(desk.intake.for_person(uid) or desk.referral.for_person(uid)
                    or desk.consent.for_person(uid))

    for row in desk.registry.search("", limit=300):
        if not row.keluarga_uid or not row.nik:
            continue
        members = desk.registry.get_household(row.keluarga_uid).anggota
        if (len(members) >= 3 and all(m.nik for m in members)
                and not any(served(m.uid) for m in members)):
            subject = next(m for m in members if m.tanggal_lahir and m.tanggal_lahir.year < 2000)
            return subject, [m for m in members if m.uid != subject.uid]
    raise AssertionError("no suitable household in the demo village")


def _intake(desk: Any, uid: str, uraian: str) -> None:
    desk.intake.record(IntakeInput(penerima_uid=uid, saluran="DATANG_LANGSUNG", uraian=uraian,
                                   setuju_diproses=True, persetujuan_dari="KELUARGA"))


def test_copy_holds_the_persons_data_and_nobody_elses(desk: Any, family: Any) -> None:
    subject, others = family
    _intake(desk, subject.uid, "Minta bantuan kursi roda.")
    _intake(desk, others[0].uid, "Rahasia anggota lain: perlu obat jiwa.")
    desk.referral.create(referral_input(subject.uid, make_lembaga(desk)))
    export = desk.subject_request.export(subject.uid)
    data = json.loads(export.json_bytes)
    assert data["format"] == FORMAT
    assert data["orang"]["nik"] == subject.nik and data["orang"]["nama"] == subject.nama
    assert data["keluarga"]["no_kk"]
    assert [i["uraian"] for i in data["layanan_masuk"]] == ["Minta bantuan kursi roda."]
    assert len(data["rujukan"]) == 1 and data["rujukan"][0]["lembaga"]
    assert {c["jenis"] for c in data["persetujuan"]} == {"PROSES", "BAGI"}
    pdf = _text(export.pdf_bytes)
    assert "SALINAN DATA PRIBADI" in pdf and subject.nama in pdf and subject.nik in pdf
    assert "kursi roda" in pdf and "Undang-Undang Nomor 27 Tahun 2022" in pdf
    for other in others:
        for leak in (other.nama, other.nik, other.uid):
            assert leak not in export.json_bytes.decode() and leak not in pdf
    assert "obat jiwa" not in export.json_bytes.decode() and "obat jiwa" not in pdf


def test_export_is_saved_as_two_files_and_audited(desk: Any, family: Any,
                                                  tmp_path: Path) -> None:
    subject, _others = family
    pdf, js = desk.subject_request.save_export(subject.uid, tmp_path)
    assert pdf.read_bytes().startswith(b"%PDF") and json.loads(js.read_text("utf-8"))
    with desk.context.transaction() as session:
        logged = session.exec(select(AuditEntry).where(
            AuditEntry.action == "subject_request", AuditEntry.target_uid == subject.uid)).all()
    assert len(logged) == 1 and subject.nama not in str(logged[0].detail)


def test_deletion_anonymises_through_the_journal_and_keeps_the_family_address(
    desk: Any, family: Any
) -> None:
    subject, _others = family
    desk.referral.create(referral_input(subject.uid, make_lembaga(desk)))
    preview = desk.subject_request.deletion_preview(subject.uid)
    assert preview.rujukan == 1 and preview.rujukan_terbuka == 1
    assert not preview.alamat_keluarga_dihapus  # others still live there
    message = deletion_consequences(preview, date.today())
    assert subject.nama in message and "TIDAK dapat dibatalkan" in message
    assert "Dinas Sosial" in message and "masih berjalan" in message

    desk.subject_request.delete(subject.uid, "Permintaan tertulis tanggal hari ini")
    after = desk.registry.get_person(subject.uid)
    assert after.nama == ANONYMOUS_NAME and after.nik is None and after.tanggal_lahir.year == (
        subject.tanggal_lahir.year)
    assert after.jenis_kelamin == subject.jenis_kelamin
    household = desk.registry.get_household(subject.keluarga_uid)
    assert household.no_kk  # the others' address and KK stay
    with desk.context.transaction() as session:
        change = session.exec(select(JournalEntry).where(
            JournalEntry.table_name == "orang", JournalEntry.uid == subject.uid)
            .order_by(JournalEntry.seq.desc())).first()
        assert change.fields["nama"] == ANONYMOUS_NAME and change.fields["nik"] is None
        assert change.base["nik"] == subject.nik  # the district merges it without conflict
        erased = session.exec(select(PenghapusanData)).one()
        assert erased.alasan == "PERMINTAAN"
    with pytest.raises(UserError, match="sudah dihapus"):
        desk.subject_request.delete(subject.uid)
    data = json.loads(desk.subject_request.export(subject.uid).json_bytes)
    assert data["orang"]["nik"] is None and data["penghapusan"][0]["alasan"] == "PERMINTAAN"
    assert data["rujukan"][0]["alasan"].startswith("(dihapus")


def test_last_member_deleted_clears_the_household_address(desk: Any, family: Any) -> None:
    subject, others = family
    for person in [*others, subject]:
        desk.subject_request.delete(person.uid)
    household = desk.registry.get_household(subject.keluarga_uid)
    assert household.no_kk is None
    assert (household.alamat, household.rt, household.rw, household.dusun) == ("", "", "", "")
    assert household.kode_wilayah


def test_an_operator_may_not_handle_subject_requests(desk: Any, family: Any) -> None:
    subject, _others = family
    desk.context.operator_role = "operator"
    for call in (desk.subject_request.export, desk.subject_request.delete):
        with pytest.raises(UserError):
            call(subject.uid)
    assert desk.registry.get_person(subject.uid).nama == subject.nama
