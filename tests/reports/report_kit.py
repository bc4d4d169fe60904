"""A small, known dataset for the report tests (and the Laporan screen tests of reports-gui).

Built through the real services on an empty migrated desk, with service clocks set to the
days things happened, so every expected figure below can be checked by hand. Everything
counted happens in March 2026 (``PERIOD``); one item of each kind happens in February, to
prove the period bounds. Import the fixture where needed (pytest puts a test's own folder
on ``sys.path``; from another folder add ``tests/reports`` first)::

    from report_kit import known_desk_fixture  # noqa: F401 - fixture

``EXPECTED`` lists the figures by table code, row key and column title.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

import pytest

from puskesos_desktop.domain.nik import make_nik
from puskesos_desktop.domain.referral_state import StatusRujukan
from puskesos_desktop.paths import DataPaths
from puskesos_desktop.reports.model import Periode
from puskesos_desktop.services.assessment import AssessmentService
from puskesos_desktop.services.assessment_types import PpksInput
from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.services.intake import IntakeInput, IntakeService
from puskesos_desktop.services.lembaga import LembagaInput, LembagaService
from puskesos_desktop.services.referral import ReferralService
from puskesos_desktop.services.referral_types import ReferralInput, StatusChange
from puskesos_desktop.services.registry import RegistryService
from puskesos_desktop.services.registry_types import KeluargaInput, OrangInput
from puskesos_desktop.services.reports import ReportService
from puskesos_desktop.services.verivali import VerivaliService
from puskesos_desktop.store import journal
from puskesos_desktop.store.journal import Actor
from puskesos_desktop.store.models import DeskProfile, Operator, Pejabat, SuratKeluar

PERIOD = Periode.bulan(2026, 3)
DESK_ID = "DESA-3320012001"
REGION = "33.20.01.2001"

EXPECTED: dict[str, dict[tuple[str, str], float | int | None]] = {
    "layanan_saluran": {
        ("SALURAN:DATANG_LANGSUNG", "Darurat"): 1,
        ("SALURAN:DATANG_LANGSUNG", "Segera"): 1,
        ("SALURAN:DATANG_LANGSUNG", "Jumlah"): 2,
        ("SALURAN:TELEPON_WA", "Biasa"): 1,
        ("SALURAN:KUNJUNGAN_RUMAH", "Jumlah"): 0,  # its intake is in February
    },
    "layanan_kebutuhan": {
        ("KEBUTUHAN:KESEHATAN", "Laki-laki"): 1,
        ("KEBUTUHAN:KESEHATAN", "Perempuan"): 1,
        ("KEBUTUHAN:KESEHATAN", "Jumlah"): 2,
        ("KEBUTUHAN:PERAWATAN", "Jumlah"): 1,
        ("KEBUTUHAN:DASAR", "Perempuan"): 1,
        ("KEBUTUHAN:PENDIDIKAN", "Jumlah"): 0,
    },
    "ppks": {
        ("PPKS:LUT", "Laki-laki"): 1,  # Budi, assessed twice in March: once
        ("PPKS:PD", "Jumlah orang"): 1,
        ("PPKS:FM", "Temuan tingkat keluarga"): 1,
        ("PPKS:FM", "Jumlah orang"): 0,
        ("PPKS:ABT", "Perempuan"): 1,
        ("PPKS:AT", "Laki-laki"): 1,
        ("PPKS:ABH", "Laki-laki"): 1,
        ("PPKS:AJ", "Jumlah orang"): 0,  # February assessment
    },
    "spm": {
        ("SPM:LANSIA:L", "60+"): 1,
        ("SPM:DISABILITAS:L", "60+"): 1,
        ("SPM:ANAK:P", "0–5"): 1,
        ("SPM:ANAK:L", "6–17"): 1,  # Joko: AT and ABH, one person
        ("SPM:ANAK:L", "Jumlah"): 1,
        ("SPM:LANSIA:P", "Jumlah"): 0,
    },
    "rujukan": {
        ("JENIS:PUSKESMAS", "Selesai dilayani"): 1,
        ("JENIS:PUSKESMAS", "Ditolak"): 1,
        ("JENIS:PUSKESMAS", "Jumlah dirujuk"): 2,
        ("JENIS:PUSKESMAS", "Median hari sampai hasil"): 7.0,  # 10 and 4 days
        ("JENIS:DINSOS", "Masih berjalan"): 1,
        ("JENIS:DINSOS", "Median hari sampai hasil"): None,
    },
    "verivali_hasil": {("VERIVALI:MASIH_LAYAK", "Jumlah keluarga"): 1},
    "verivali_status": {
        ("VERIVALI:DITANDAI", "Jumlah keluarga"): 3,
        ("VERIVALI:DIKUNJUNGI", "Jumlah keluarga"): 1,
        ("VERIVALI:TERBUKA", "Jumlah keluarga"): 2,
    },
    "tanpa_nik": {
        ("TANPA_NIK:BAYI", "Perempuan"): 1,
        ("TANPA_NIK:BELUM_TERCATAT", "Laki-laki"): 1,
        ("TANPA_NIK:BELUM_TERCATAT", "Jumlah"): 1,
    },
}
TOTALS: dict[str, dict[str, float | int | None]] = {
    "layanan_saluran": {"Jumlah": 3},
    "layanan_kebutuhan": {"Jumlah": 4},
    "ppks": {"Jumlah orang": 5, "Temuan tingkat keluarga": 1},
    "spm": {"Jumlah": 4},
    "rujukan": {"Jumlah dirujuk": 3, "Median hari sampai hasil": 7.0},
    "tanpa_nik": {"Jumlah": 2},
}
AGENDA_NUMBERS = ("460/001/2001/III/2026", "460/002/2001/III/2026", "460/003/2001/III/2026")


@dataclass
class KnownDesk:
    context: ServiceContext
    reports: ReportService
    people: dict[str, str]
    households: dict[str, str]


class Clock:
    """A settable "today" for the services, so things happen on the days of the story."""

    def __init__(self) -> None:
        self.day = date(2026, 2, 1)

    def __call__(self) -> date:
        return self.day


def _profile(context: ServiceContext) -> None:
    with context.transaction() as session:
        session.add(
            DeskProfile(
                mode="desa",
                desk_id=DESK_ID,
                kode_wilayah=REGION,
                nama_provinsi="JAWA TENGAH",
                nama_kabupaten="Kabupaten Jepara",
                nama_kecamatan="Kedung",
                nama_desa="Kedungmalang",
                kop_instansi="PEMERINTAH KABUPATEN JEPARA",
                kop_unit="KECAMATAN KEDUNG",
                kop_nama="DESA KEDUNGMALANG",
                alamat="Jl. Raya Kedungmalang No. 1",
                key_passphrase="-",
            )
        )
        session.add(Pejabat(peran="kepala", jabatan="Kepala Desa Kedungmalang", nama="H. Sutrisno"))
        session.add(Operator(username="siti", nama="Siti Aminah", peran="admin", password_hash="-"))
    context.actor = Actor(DESK_ID, "siti")


def _people(context: ServiceContext, clock: Clock) -> tuple[dict[str, str], dict[str, str]]:
    registry = RegistryService(context, today=clock)
    born = {
        "budi": date(1950, 5, 1),
        "siti": date(1985, 7, 10),
        "ani": date(2022, 1, 15),
        "joko": date(2012, 2, 1),
    }
    first = registry.create_household(
        KeluargaInput(
            no_kk=None,
            alamat="Dk. Krajan",
            rt="001",
            rw="002",
            dusun="Krajan",
            kode_wilayah=REGION,
            anggota=(
                OrangInput(
                    "Budi Santoso",
                    "L",
                    nik=make_nik("332001", born["budi"], "L", 11),
                    tanggal_lahir=born["budi"],
                    hubungan="KEPALA",
                ),
                OrangInput(
                    "Siti Rahayu",
                    "P",
                    nik=make_nik("332001", born["siti"], "P", 12),
                    tanggal_lahir=born["siti"],
                    hubungan="ANAK",
                ),
                OrangInput(
                    "Ani Lestari",
                    "P",
                    alasan_tanpa_nik="BAYI",
                    tanggal_lahir=born["ani"],
                    hubungan="CUCU",
                ),
            ),
        ),
        confirm_warnings=True,
    )
    second = registry.create_household(
        KeluargaInput(
            alamat="Dk. Ngemplak",
            rt="003",
            rw="001",
            dusun="Ngemplak",
            kode_wilayah=REGION,
            anggota=(
                OrangInput(
                    "Joko Prasetyo",
                    "L",
                    alasan_tanpa_nik="BELUM_TERCATAT",
                    tanggal_lahir=born["joko"],
                    hubungan="KEPALA",
                ),
            ),
        ),
        confirm_warnings=True,
    )
    budi, siti, ani = first.orang_uids
    (joko,) = second.orang_uids
    return (
        {"budi": budi, "siti": siti, "ani": ani, "joko": joko},
        {"A": first.keluarga_uid, "B": second.keluarga_uid},
    )


def _intakes(context: ServiceContext, p: dict[str, str]) -> None:
    service = IntakeService(context)
    for who, channel, urgency, needs, when, giver in (
        (
            "budi",
            "DATANG_LANGSUNG",
            "SEGERA",
            ("KESEHATAN", "PERAWATAN"),
            datetime(2026, 3, 3, 10, 0),
            "SENDIRI",
        ),
        ("siti", "TELEPON_WA", "BIASA", ("DASAR",), datetime(2026, 3, 15, 9, 0), "SENDIRI"),
        (
            "ani",
            "DATANG_LANGSUNG",
            "DARURAT",
            ("KESEHATAN",),
            datetime(2026, 3, 31, 23, 30),
            "ORANG_TUA_WALI",
        ),
        (
            "joko",
            "KUNJUNGAN_RUMAH",
            "BIASA",
            ("PENDIDIKAN",),
            datetime(2026, 2, 27, 8, 0),
            "ORANG_TUA_WALI",
        ),
    ):
        service.record(
            IntakeInput(
                penerima_uid=p[who],
                saluran=channel,
                uraian="Permohonan bantuan",
                urgensi=urgency,
                kebutuhan=needs,
                waktu=when,
                setuju_diproses=True,
                persetujuan_tanggal=when.date(),
                persetujuan_dari=giver,
            )
        )


def _assessments(
    context: ServiceContext, clock: Clock, p: dict[str, str], k: dict[str, str]
) -> None:
    clock.day = date(2026, 4, 1)
    service = AssessmentService(context, today=clock)
    for household, day, findings in (
        ("A", date(2026, 3, 10), (("LUT", p["budi"]), ("PD", p["budi"]), ("FM", None))),
        ("A", date(2026, 3, 20), (("LUT", p["budi"]), ("ABT", p["ani"]))),
        ("B", date(2026, 3, 12), (("AT", p["joko"]), ("ABH", p["joko"]))),
        ("B", date(2026, 2, 10), (("AJ", p["joko"]),)),
    ):
        data = service.new_input(k[household])
        service.save(
            replace(
                data,
                tanggal=day,
                petugas="Siti Aminah",
                ppks=tuple(
                    PpksInput(code, "Dilihat saat kunjungan", who) for code, who in findings
                ),
            )
        )


def _referrals(context: ServiceContext, clock: Clock, p: dict[str, str]) -> None:
    directory = LembagaService(context)
    puskesmas = directory.create(LembagaInput("Puskesmas Kedung I", "PUSKESMAS")).uid
    dinsos = directory.create(LembagaInput("Dinas Sosial Kabupaten Jepara", "DINSOS")).uid
    service = ReferralService(context, today=clock)

    def referral(who: str, lembaga: str, sent: date, *then: tuple[StatusRujukan, date]) -> None:
        clock.day = sent
        uid = service.create(
            ReferralInput(
                orang_uid=p[who],
                lembaga_uid=lembaga,
                alasan="Perlu layanan lanjutan.",
                setuju_dibagikan=True,
                persetujuan_dari="SENDIRI" if who in ("budi", "siti") else "ORANG_TUA_WALI",
            )
        ).uid
        service.change_status(uid, StatusChange(StatusRujukan.DIRUJUK, tanggal=sent))
        for status, day in then:
            clock.day = day
            service.change_status(
                uid, StatusChange(status, alasan="Tidak sesuai syarat", tanggal=day)
            )

    referral(
        "budi", puskesmas, date(2026, 3, 2), (StatusRujukan.SELESAI_DILAYANI, date(2026, 3, 12))
    )
    referral("siti", puskesmas, date(2026, 3, 5), (StatusRujukan.DITOLAK, date(2026, 3, 9)))
    referral("joko", dinsos, date(2026, 3, 20))
    referral(
        "ani", puskesmas, date(2026, 2, 20), (StatusRujukan.SELESAI_DILAYANI, date(2026, 3, 3))
    )
    clock.day = date(2026, 3, 25)
    service.create(ReferralInput(orang_uid=p["siti"], lembaga_uid=dinsos, alasan="Draf saja."))


def _verivali(context: ServiceContext, clock: Clock, k: dict[str, str]) -> None:
    service = VerivaliService(context, today=clock)
    clock.day = date(2026, 3, 1)
    (first,) = service.mark([k["A"]], "Periksa kelayakan PKH").marked
    clock.day = date(2026, 3, 5)
    service.mark([k["B"]], "Periksa alamat")
    clock.day = date(2026, 3, 15)
    service.record_outcome(first, "MASIH_LAYAK", tanggal=date(2026, 3, 15), petugas="Siti")
    clock.day = date(2026, 3, 20)
    (again,) = service.mark([k["A"]], "Periksa ulang setelah pindah anggota").marked
    clock.day = date(2026, 4, 2)
    service.record_outcome(again, "TIDAK_LAYAK_LAGI", tanggal=date(2026, 4, 2), petugas="Siti")


def _letters(context: ServiceContext) -> None:
    """Three March letters (the second voided) and one February letter, via the journal."""
    actor = context.require_actor()
    with context.transaction() as session:
        for urut, day, status in (
            (1, date(2026, 3, 2), "TERBIT"),
            (2, date(2026, 3, 5), "BATAL"),
            (3, date(2026, 3, 20), "TERBIT"),
            (9, date(2026, 2, 20), "TERBIT"),
        ):
            month = "III" if day.month == 3 else "II"
            journal.create(
                session,
                actor,
                SuratKeluar(
                    nomor=f"460/{urut:03d}/2001/{month}/2026",
                    urut=urut,
                    tahun=2026,
                    tanggal=day,
                    perihal="Rujukan Layanan Sosial",
                    tujuan=f"Kepala Puskesmas Kedung {urut}",
                    status=status,
                    alasan_batal="Salah alamat tujuan" if status == "BATAL" else "",
                    operator="siti",
                    jumlah_cetak_ulang=2 if urut == 3 else 0,
                ),
            )


def build_known_desk(context: ServiceContext) -> KnownDesk:
    clock = Clock()
    _profile(context)
    people, households = _people(context, clock)
    _intakes(context, people)
    _assessments(context, clock, people, households)
    _referrals(context, clock, people)
    _verivali(context, clock, households)
    _letters(context)
    return KnownDesk(
        context, ReportService(context, today=lambda: date(2026, 4, 6)), people, households
    )


@pytest.fixture(scope="module", name="known_desk")
def known_desk_fixture(
    tmp_path_factory: pytest.TempPathFactory, template_db: Path
) -> Iterator[KnownDesk]:
    """Built once per test module (a few seconds); tests only read it."""
    paths = DataPaths(tmp_path_factory.mktemp("known") / "data").ensure()
    shutil.copyfile(template_db, paths.database)
    context = ServiceContext.open(paths)
    yield build_known_desk(context)
    context.engine.dispose()
