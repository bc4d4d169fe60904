"""Intake log: validation, consent, the domicile rule, and the household timeline."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import func, select

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.nik import make_nik
from puskesos_desktop.services.desk import Desk
from puskesos_desktop.services.intake import IntakeInput, IntakeService, need_choices
from puskesos_desktop.services.registry import RegistryService
from puskesos_desktop.services.registry_types import KeluargaData, KeluargaInput, OrangInput
from puskesos_desktop.services.timeline import JenisPeristiwa, TimelineService
from puskesos_desktop.store.models import JournalEntry


@pytest.fixture
def people(demo_desk: Desk) -> dict[str, str]:
    registry = RegistryService(demo_desk.context)
    local = registry.create_household(
        KeluargaInput(
            alamat="Dk. Krajan",
            anggota=(
                OrangInput(
                    "Mbah Karsih",
                    "P",
                    tanggal_lahir=date(1940, 4, 4),
                    nik=make_nik("332001", date(1940, 4, 4), "P", 951),
                    hubungan="KEPALA",
                ),
                OrangInput(
                    "Cucu Karsih",
                    "L",
                    tanggal_lahir=date(2015, 4, 4),
                    nik=make_nik("332001", date(2015, 4, 4), "L", 952),
                    hubungan="CUCU",
                ),
            ),
        )
    )
    outsider = registry.create_household(
        KeluargaInput(
            kode_wilayah="33.19.01.2001",
            alamat="Bakalankrapyak",
            anggota=(
                OrangInput(
                    "Tamu Kudus",
                    "L",
                    tanggal_lahir=date(1980, 1, 1),
                    nik=make_nik("331901", date(1980, 1, 1), "L", 953),
                    hubungan="KEPALA",
                ),
            ),
        )
    )
    return {
        "karsih": local.orang_uids[0],
        "cucu": local.orang_uids[1],
        "keluarga": local.keluarga_uid,
        "tamu": outsider.orang_uids[0],
    }


def intake(**changes: object) -> IntakeInput:
    values = {
        "penerima_uid": "",
        "saluran": "DATANG_LANGSUNG",
        "uraian": "Butuh kursi roda",
        "kebutuhan": ("PERAWATAN",),
        "urgensi": "SEGERA",
    }
    return IntakeInput(**{**values, **changes})  # type: ignore[arg-type]


def test_intake_is_logged_with_consent_and_journal(demo_desk: Desk, people: dict[str, str]) -> None:
    service = IntakeService(demo_desk.context)
    saved = service.record(
        intake(
            penerima_uid=people["karsih"],
            pelapor_nama="Bu RT Sumini",
            pelapor_telepon="0812 111 222",
            pelapor_hubungan="Tetangga",
            setuju_diproses=True,
            setuju_dibagikan=True,
            saluran="Kunjungan rumah",
            waktu=datetime(2026, 3, 2, 9, 30, tzinfo=UTC),
        )
    )
    assert not saved.luar_wilayah and saved.catatan_domisili == ""
    view = service.get(saved.uid)
    assert (view.saluran, view.urgensi, view.kebutuhan) == (
        "KUNJUNGAN_RUMAH",
        "SEGERA",
        ("PERAWATAN",),
    )
    assert (view.pelapor_uid, view.pelapor_nama, view.pelapor_telepon) == (
        None,
        "Bu RT Sumini",
        "0812111222",
    )
    assert view.persetujuan_tanggal == date.today() and view.persetujuan_dari == "SENDIRI"
    assert view.persetujuan_dicatat_oleh == "admin" == view.operator
    assert view.penerima_nama == "Mbah Karsih"
    with demo_desk.context.transaction() as session:
        assert (
            session.exec(
                select(func.count())
                .select_from(JournalEntry)
                .where(JournalEntry.table_name == "layanan_masuk", JournalEntry.uid == saved.uid)
            ).one()
            == 1
        )
    assert [v.uid for v in service.for_person(people["karsih"])] == [saved.uid]


def test_self_report_sets_applicant_to_beneficiary(demo_desk: Desk, people: dict[str, str]) -> None:
    service = IntakeService(demo_desk.context)
    view = service.get(service.record(intake(penerima_uid=people["karsih"])).uid)
    assert view.pelapor_uid == people["karsih"]
    assert not view.setuju_diproses and view.persetujuan_tanggal is None


def test_beneficiary_from_another_district_is_flagged(
    demo_desk: Desk, people: dict[str, str]
) -> None:
    service = IntakeService(demo_desk.context)
    check = service.domicile_check(people["tamu"])
    assert (
        check.luar_wilayah
        and "Kabupaten Kudus" in check.pesan
        and "Kabupaten Jepara" in check.pesan
    )
    saved = service.record(intake(penerima_uid=people["tamu"]))
    assert saved.luar_wilayah and "rujuk" in saved.catatan_domisili
    assert service.get(saved.uid).luar_wilayah


def test_moved_away_beneficiary_is_flagged_and_deceased_refused(
    demo_desk: Desk, people: dict[str, str]
) -> None:
    registry, service = RegistryService(demo_desk.context), IntakeService(demo_desk.context)
    registry.mark_moved(people["cucu"], date(2026, 1, 1), "Ikut orang tua ke Semarang")
    assert service.record(intake(penerima_uid=people["cucu"], uraian="Beasiswa")).luar_wilayah
    registry.mark_deceased(people["karsih"], date(2026, 1, 2))
    with pytest.raises(UserError, match="sudah meninggal"):
        service.record(intake(penerima_uid=people["karsih"]))


def test_invalid_intake_lists_every_problem(demo_desk: Desk, people: dict[str, str]) -> None:
    with pytest.raises(UserError) as caught:
        IntakeService(demo_desk.context).record(
            intake(
                penerima_uid=people["karsih"],
                saluran="burung merpati",
                urgensi="nanti",
                uraian=" ",
                kebutuhan=("TIDAK_ADA",),
                setuju_dibagikan=True,
                waktu=datetime(2099, 1, 1, tzinfo=UTC),
            )
        )
    message = caught.value.message
    for expected in ("saluran", "urgensi", "keluhan", "TIDAK_ADA", "pemrosesan", "belum terjadi"):
        assert expected in message


def test_child_consent_comes_from_a_guardian(demo_desk: Desk, people: dict[str, str]) -> None:
    service = IntakeService(demo_desk.context)
    with pytest.raises(UserError, match="orang tua atau wali"):
        service.record(intake(penerima_uid=people["cucu"], setuju_diproses=True))
    saved = service.record(
        intake(penerima_uid=people["cucu"], setuju_diproses=True, persetujuan_dari="Orang tua/wali")
    )
    assert service.get(saved.uid).persetujuan_dari == "ORANG_TUA_WALI"


def test_need_choices_come_from_the_reference_file() -> None:
    codes = [code for code, _label in need_choices()]
    assert "PERAWATAN" in codes and "KESEHATAN" in codes


def test_household_timeline_orders_members_history_and_intakes(
    demo_desk: Desk, people: dict[str, str]
) -> None:
    registry, service = RegistryService(demo_desk.context), IntakeService(demo_desk.context)
    service.record(intake(penerima_uid=people["karsih"], waktu=datetime(2026, 2, 1, tzinfo=UTC)))
    registry.move_member(
        people["cucu"],
        keluarga_baru=KeluargaData(alamat="Rumah orang tua"),
        hubungan_baru="ANAK",
        alasan="IKUT_KELUARGA",
        tanggal=date(2026, 3, 1),
    )
    timeline = TimelineService(demo_desk.context).household(people["keluarga"])
    kinds = [event.jenis for event in timeline.peristiwa]
    assert kinds.count(JenisPeristiwa.TERDAFTAR) == 2  # the grandchild moved out, still shown
    assert JenisPeristiwa.LAYANAN_MASUK in kinds and JenisPeristiwa.PINDAH_ANGGOTA in kinds
    times = [event.waktu for event in timeline.peristiwa]
    assert times == sorted(times)
    move = next(e for e in timeline.peristiwa if e.jenis == JenisPeristiwa.PINDAH_ANGGOTA)
    assert "keluar dari" in move.judul and move.sumber == "riwayat_anggota"
    assert [m.nama for m in timeline.keluarga.anggota] == ["Mbah Karsih"]
    person = TimelineService(demo_desk.context).person(people["cucu"])
    assert {e.jenis for e in person.peristiwa} == {
        JenisPeristiwa.TERDAFTAR,
        JenisPeristiwa.PINDAH_ANGGOTA,
    }
