"""Consent ledger, the consent line on letters, and per-destination minimisation."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from pypdf import PdfReader
from referral_kit import (  # noqa: F401 - fixtures
    adult,
    demo_keys_fixture,
    desk_fixture,
    make_lembaga,
    referral_input,
)
from sqlmodel import select

from puskesos_desktop.domain.dates_id import format_date
from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.services.assessment import AssessmentService
from puskesos_desktop.services.consent import ConsentInput
from puskesos_desktop.services.intake import IntakeInput
from puskesos_desktop.services.registry import input_from_detail
from puskesos_desktop.store.models import JournalEntry, Persetujuan


def _text(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join((page.extract_text() or "").split()) for page in pages)


def test_referral_consent_is_in_the_ledger_and_printed_with_how_and_when(desk: Any) -> None:
    person = adult(desk)
    lembaga = make_lembaga(desk)
    given = date.today() - timedelta(days=2)
    uid = desk.referral.create(referral_input(
        person.uid, lembaga, persetujuan_cara="CAP_JEMPOL", persetujuan_tanggal=given)).uid
    (row,) = [r for r in desk.consent.for_person(person.uid) if r.lembaga_uid == lembaga]
    assert (row.jenis, row.lembaga_uid, row.cara, row.diberikan) == (
        "BAGI", lembaga, "CAP_JEMPOL", True)
    assert row.tanggal == given and row.dicatat_oleh
    assert desk.referral.get(uid).persetujuan_cara == "CAP_JEMPOL"
    text = _text(desk.letters.issue(uid).pdf)
    assert f"atas persetujuannya dengan cap jempol tanggal {format_date(given)}" in text


def test_saving_a_draft_again_does_not_repeat_the_consent(desk: Any) -> None:
    person = adult(desk)
    earlier = len(desk.consent.for_person(person.uid))  # the demo year's consents
    data = referral_input(person.uid, make_lembaga(desk), persetujuan_cara="LISAN")
    uid = desk.referral.create(data).uid
    desk.referral.update_draft(uid, replace(data, alasan="Alasan diperjelas oleh petugas."))
    assert len(desk.consent.for_person(person.uid)) == earlier + 1
    desk.referral.update_draft(uid, replace(data, setuju_dibagikan=False))
    latest = desk.consent.for_person(person.uid)[0]
    assert not latest.diberikan  # unticking is recorded as a withdrawal


def test_withdrawn_consent_blocks_the_letter_until_given_again(desk: Any) -> None:
    person = adult(desk)
    lembaga = make_lembaga(desk)
    uid = desk.referral.create(referral_input(person.uid, lembaga)).uid
    desk.consent.record(ConsentInput(person.uid, "BAGI", diberikan=False, lembaga_uid=lembaga))
    issued = desk.letters.register()
    with pytest.raises(UserError, match="menarik persetujuan"):
        desk.letters.issue(uid)
    assert desk.letters.register() == issued
    desk.consent.record(ConsentInput(person.uid, "BAGI", lembaga_uid=lembaga, cara="TERTULIS"))
    assert desk.letters.issue(uid).nomor


def test_withdrawing_processing_blocks_sharing_with_any_destination(desk: Any) -> None:
    person = adult(desk)
    uid = desk.referral.create(referral_input(person.uid, make_lembaga(desk))).uid
    desk.consent.record(ConsentInput(person.uid, "PROSES", diberikan=False))
    with pytest.raises(UserError, match="pemrosesan"):
        desk.letters.issue(uid)


def test_intake_consents_go_to_the_ledger_and_the_journal(desk: Any) -> None:
    person = adult(desk)
    earlier = {r.uid for r in desk.consent.for_person(person.uid)}
    desk.intake.record(IntakeInput(
        penerima_uid=person.uid, saluran="DATANG_LANGSUNG", uraian="Minta bantuan berobat.",
        setuju_diproses=True, setuju_dibagikan=True, persetujuan_cara="LISAN"))
    rows = [r for r in desk.consent.for_person(person.uid) if r.uid not in earlier]
    assert sorted(r.jenis for r in rows) == ["BAGI", "PROSES"]
    assert {r.cara for r in rows} == {"LISAN"}
    with desk.context.transaction() as session:
        journalled = session.exec(select(JournalEntry.uid).where(
            JournalEntry.table_name == "persetujuan")).all()
        ledger = session.exec(select(Persetujuan.uid)).all()
    assert sorted(journalled) == sorted(ledger)  # every consent once in the journal
    assert {r.uid for r in rows} <= set(ledger)


def test_a_child_cannot_consent_alone(desk: Any) -> None:
    today = date.today()
    young = next(r for r in desk.registry.search("", limit=300)
                 if r.tanggal_lahir and today.year - r.tanggal_lahir.year <= 12)
    with pytest.raises(UserError, match="orang tua atau wali"):
        desk.consent.record(ConsentInput(young.uid, "PROSES", pemberi="SENDIRI"))
    desk.consent.record(ConsentInput(young.uid, "PROSES", pemberi="ORANG_TUA_WALI"))


# --- minimisation --------------------------------------------------------------------------


@pytest.fixture
def sick_pkh_adult(desk: Any) -> Any:
    """An adult with a disability and a chronic illness whose household receives PKH."""
    person = adult(desk, 3)
    detail = desk.registry.get_person(person.uid)
    desk.registry.update_person(person.uid, replace(
        input_from_detail(detail), disabilitas="FISIK", disabilitas_derajat="BERAT",
        penyakit_kronis="Diabetes melitus"), confirm_warnings=True)
    service = AssessmentService(desk.context)
    data = service.new_input(detail.keluarga_uid)
    service.save(replace(data, petugas="Siti Operator", program_diterima=("PKH",), aset=()))
    return desk.registry.get_person(person.uid)


def _letter_to(desk: Any, person: Any, jenis: str) -> str:
    lembaga = make_lembaga(desk, f"Tujuan {jenis}", jenis=jenis)
    uid = desk.referral.create(referral_input(person.uid, lembaga)).uid
    return _text(desk.letters.issue(uid).pdf)


def test_a_school_letter_shows_programmes_but_no_health_or_disability(
    desk: Any, sick_pkh_adult: Any
) -> None:
    text = _letter_to(desk, sick_pkh_adult, "SEKOLAH")
    assert sick_pkh_adult.nama in text and sick_pkh_adult.nik in text
    assert "Program Keluarga Harapan" in text
    for hidden in ("Disabilitas", "Fisik", "Diabetes", "Penyakit Kronis", "Desil", "No. KK"):
        assert hidden not in text


def test_a_puskesmas_letter_shows_health_but_no_programmes_or_family_card(
    desk: Any, sick_pkh_adult: Any
) -> None:
    text = _letter_to(desk, sick_pkh_adult, "PUSKESMAS")
    assert "Fisik (berat)" in text and "Diabetes melitus" in text
    for hidden in ("Program Keluarga Harapan", "Program Bantuan", "Desil", "No. KK"):
        assert hidden not in text


def test_referral_changes_sent_by_sync_carry_no_identity(desk: Any) -> None:
    """Bundles carry journal entries; referral, letter and consent rows must name the person
    only by uid (the district gets identity from the registry, not copied into referrals)."""
    person = adult(desk)
    uid = desk.referral.create(referral_input(person.uid, make_lembaga(desk))).uid
    desk.letters.issue(uid)
    with desk.context.transaction() as session:
        entries = session.exec(select(JournalEntry).where(JournalEntry.table_name.in_(
            ["rujukan", "surat_keluar", "riwayat_status_rujukan", "persetujuan"]))).all()
    assert entries
    for entry in entries:
        carried = repr(entry.fields) + repr(entry.base)
        assert person.nik not in carried and person.nama not in carried
