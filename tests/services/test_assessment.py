"""Assessments: append-only history, frozen score, compare, drafts, journal, hints."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlmodel import select

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.nik import make_nik
from puskesos_desktop.services.assessment import AssessmentService
from puskesos_desktop.services.assessment_types import AssessmentInput, MemberInput, PpksInput
from puskesos_desktop.services.desk import Desk
from puskesos_desktop.services.registry import RegistryService
from puskesos_desktop.services.registry_types import KeluargaInput, OrangInput
from puskesos_desktop.services.timeline import TimelineService
from puskesos_desktop.store.models import Asesmen, JournalEntry

TODAY = date(2026, 11, 23)


@pytest.fixture
def service(demo_desk: Desk) -> AssessmentService:
    return AssessmentService(demo_desk.context, today=lambda: TODAY)


@pytest.fixture
def mbah(demo_desk: Desk) -> str:
    """An elderly widow living alone: the issue's top-band example."""
    born = date(1944, 2, 3)
    created = RegistryService(demo_desk.context).create_household(
        KeluargaInput(
            alamat="Dk. Krajan",
            rt="002",
            rw="001",
            anggota=(
                OrangInput(
                    "Mbah Sarinah",
                    "P",
                    tanggal_lahir=born,
                    nik=make_nik("332001", born, "P", 971),
                    hubungan="KEPALA",
                ),
            ),
        )
    )
    return created.keluarga_uid


def _first_visit(service: AssessmentService, keluarga_uid: str) -> AssessmentInput:
    data = service.new_input(keluarga_uid)
    (member,) = data.anggota
    return replace(
        data,
        petugas="Siti Operator",
        ppks=(PpksInput("LUT", "Tinggal sendiri, tidak ada keluarga yang merawat"),),
        kebutuhan=("DASAR", "PERAWATAN"),
        sosek={"lantai": "tanah", "dinding": "bambu", "atap": "genteng"},
        aset=(),
        anggota=(
            replace(
                member,
                lansia_tinggal_sendiri=True,
                penghasilan_bulanan=0,
                kesulitan={"berjalan": 2, "melihat": 1},
                penyakit_kronis=("hipertensi",),
            ),
        ),
        pengamatan="Rumah berlantai tanah, atap bocor di dapur.",
        rekomendasi="Usulkan ATENSI lansia dan PBI-JK.",
    )


def test_new_form_has_sensible_defaults(service: AssessmentService, mbah: str) -> None:
    data = service.new_input(mbah)
    assert data.tanggal == TODAY
    assert data.petugas  # the signed-in operator
    assert data.metode == "KUNJUNGAN_RUMAH"
    (member,) = data.anggota
    assert (member.nama, member.umur, member.jenis_kelamin) == ("Mbah Sarinah", 82, "P")
    assert data.jumlah_anggota == 1


def test_elderly_alone_scores_top_band_and_the_explanation_is_frozen(
    service: AssessmentService, mbah: str
) -> None:
    saved = service.save(_first_visit(service, mbah))
    assert saved.kategori_skor == "SANGAT_PRIORITAS"
    assert saved.skor >= 70
    assert saved.penjelasan_skor.startswith(f"Skor {saved.skor} — lansia tinggal sendiri +20")
    assert "lantai tanah +10" in saved.penjelasan_skor
    detail = service.get(saved.uid)
    assert detail.summary.versi_bobot
    assert detail.penjelasan_skor == saved.penjelasan_skor
    assert detail.summary.ppks == ("LUT",)


def test_saved_assessment_reads_back_as_entered(service: AssessmentService, mbah: str) -> None:
    data = _first_visit(service, mbah)
    saved = service.save(data)
    assert service.get(saved.uid).data == data


def test_history_is_never_overwritten(service: AssessmentService, mbah: str) -> None:
    first = service.save(_first_visit(service, mbah))
    later = replace(service.new_input(mbah), petugas="Budi", sosek={"lantai": "keramik"})
    second = service.save(later)
    history = service.history(mbah)
    assert [h.uid for h in history] == [second.uid, first.uid]  # newest first
    old = service.get(first.uid)
    assert old.data.sosek["lantai"] == "tanah"
    assert old.summary.petugas == "Siti Operator"
    with pytest.raises(UserError, match="sudah final"):
        service.update_draft_record(first.uid, later)


def test_new_form_copies_the_house_forward_but_not_the_findings(
    service: AssessmentService, mbah: str
) -> None:
    service.save(_first_visit(service, mbah))
    again = service.new_input(mbah)
    assert again.sosek["lantai"] == "tanah"
    assert again.anggota[0].lansia_tinggal_sendiri is True
    assert again.ppks == () and again.kebutuhan == () and again.pengamatan == ""


def test_draft_record_can_be_corrected_then_finalised(
    service: AssessmentService, mbah: str
) -> None:
    data = _first_visit(service, mbah)
    saved = service.save(data, final=False)
    assert saved.status == "DRAF"
    fixed = replace(data, rekomendasi="Rujuk ke Puskesmas dulu.", ppks=())
    service.update_draft_record(saved.uid, fixed)
    assert service.get(saved.uid).data == fixed
    assert service.finalise(saved.uid).status == "FINAL"
    with pytest.raises(UserError):
        service.update_draft_record(saved.uid, data)


def test_compare_lists_changes_in_indonesian(service: AssessmentService, mbah: str) -> None:
    first = service.save(_first_visit(service, mbah))
    data = service.new_input(mbah)
    (member,) = data.anggota
    second = service.save(
        replace(
            data,
            petugas="Budi",
            sosek={**data.sosek, "lantai": "keramik"},
            ppks=(PpksInput("LUT"), PpksInput("PD", "Sulit berjalan")),
            anggota=(replace(member, kesulitan={"berjalan": 3, "melihat": 1}),),
        )
    )
    lines = service.compare(first.uid, second.uid)
    assert "Jenis lantai terluas: Tanah → Keramik" in lines
    assert any(
        line.startswith("Kategori PPKS: Lanjut usia telantar (LUT): Tinggal sendiri")
        for line in lines
    )
    assert any(
        "kesulitan berjalan" in line and "→ Tidak bisa sama sekali" in line for line in lines
    )
    assert any(line.startswith("Skor prioritas: ") for line in lines)
    assert service.compare(first.uid, first.uid) == []


def test_draft_round_trip_and_removed_on_save(service: AssessmentService, mbah: str) -> None:
    assert service.load_draft(mbah) is None
    data = _first_visit(service, mbah)
    service.save_draft(data)
    service.save_draft(replace(data, pengamatan="diketik lagi"))
    loaded = service.load_draft(mbah)
    assert loaded == replace(data, pengamatan="diketik lagi")
    service.save(loaded)
    assert service.load_draft(mbah) is None


def test_every_row_is_journalled(demo_desk: Desk, service: AssessmentService, mbah: str) -> None:
    def journalled() -> list[str]:
        with demo_desk.context.transaction() as session:
            return list(session.exec(select(JournalEntry.table_name)).all())

    before = journalled()  # the demo year's assessments are journalled too
    saved = service.save(_first_visit(service, mbah))
    with demo_desk.context.transaction() as session:
        row = session.get(Asesmen, saved.uid)
        assert row is not None and row.rev == 1
    tables = journalled()
    for table in ("asesmen", "asesmen_ppks", "asesmen_orang"):
        assert tables.count(table) - before.count(table) == 1, table
    assert len(tables) - len(before) == 3


def test_invalid_input_lists_every_problem(service: AssessmentService, mbah: str) -> None:
    data = replace(
        service.new_input(mbah),
        petugas=" ",
        tanggal=date(2027, 1, 1),
        ppks=(PpksInput("XYZ"),),
        sosek={"lantai": "emas"},
    )
    with pytest.raises(UserError) as error:
        service.save(data)
    message = str(error.value)
    for part in ("petugas", "masa depan", "XYZ", "emas"):
        assert part in message


def test_hints_and_spm_groups_from_stored_facts(service: AssessmentService, mbah: str) -> None:
    saved = service.save(_first_visit(service, mbah))
    evaluation = service.evaluate_stored(saved.uid)
    assert evaluation.spm == ("LANSIA",)
    assert evaluation.hints and all(h.disclaimer for h in evaluation.hints)
    assert {h.programme_code for h in evaluation.hints} >= {"PKH", "ATENSI", "BLT_DD"}


def test_pregnant_mother_and_school_child_show_pkh_components(
    service: AssessmentService, mbah: str
) -> None:
    data = replace(
        service.new_input(mbah),
        desil=2,
        desil_diperiksa=date(2026, 10, 1),
        anggota=(
            MemberInput("Ibu Ani", umur=29, jenis_kelamin="P", hamil=True),
            MemberInput(
                "Dodi",
                umur=9,
                jenis_kelamin="L",
                status_sekolah="masih_sekolah",
                jenjang_sekolah="SD",
            ),
        ),
    )
    pkh = next(h for h in service.evaluate(data).hints if h.programme_code == "PKH")
    assert {c.person for c in pkh.components} == {"Ibu Ani", "Dodi"}
    assert any("Ibu Ani" in reason for reason in pkh.reasons)


def test_assessment_appears_on_the_household_timeline(
    demo_desk: Desk, service: AssessmentService, mbah: str
) -> None:
    saved = service.save(_first_visit(service, mbah))
    events = TimelineService(demo_desk.context).household(mbah).peristiwa
    assert any(e.sumber == "asesmen" and e.sumber_uid == saved.uid for e in events)
