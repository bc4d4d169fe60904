"""District mode: the recap per kecamatan and per desa, and the desks that sent nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from puskesos_desktop.domain.nik import make_nik
from puskesos_desktop.reports.model import Periode
from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.services.intake import IntakeInput, IntakeService
from puskesos_desktop.services.registry import RegistryService
from puskesos_desktop.services.registry_types import KeluargaInput, OrangInput
from puskesos_desktop.services.reports import ReportService
from puskesos_desktop.services.reports_types import RekapFilter
from puskesos_desktop.store.journal import Actor
from puskesos_desktop.store.models import BundleLog, DeskProfile, PendingBundle, TrustedDesk

PERIOD = Periode.bulan(2026, 3)
# Two villages in Kecamatan Kedung (33.20.01), one in Kecamatan Pecangaan (33.20.02).
DESKS = {
    "DESA-3320012001": "33.20.01.2001",
    "DESA-3320012002": "33.20.01.2002",
    "DESA-3320022001": "33.20.02.2001",
}


def _enrol(context: ServiceContext) -> None:
    with context.transaction() as session:
        session.add(
            DeskProfile(
                mode="dinas",
                desk_id="DINAS-3320",
                kode_wilayah="33.20",
                nama_provinsi="JAWA TENGAH",
                nama_kabupaten="Kabupaten Jepara",
                kop_instansi="PEMERINTAH KABUPATEN JEPARA",
                kop_nama="DINAS SOSIAL",
                key_passphrase="-",
            )
        )
        for desk_id, region in DESKS.items():
            session.add(
                TrustedDesk(
                    desk_id=desk_id,
                    kind="desa",
                    official_name=f"Puskesos {desk_id}",
                    region_code=region,
                    card_json="{}",
                    fingerprint="-",
                    minisign_public_key="-",
                    age_recipient="-",
                    enrolled_by="admin",
                )
            )
        # Kedung 2001 sent a bundle in March; Kedung 2002's March bundle waits in the queue;
        # Pecangaan 2001 last sent in January.
        session.add(
            BundleLog(
                origin="DESA-3320012001",
                seq=1,
                manifest_sha256="a",
                applied_at=datetime(2026, 3, 10, tzinfo=UTC),
                result="diterapkan",
            )
        )
        session.add(
            PendingBundle(
                origin="DESA-3320012002",
                seq=2,
                manifest_sha256="b",
                reason="celah",
                file_path="x",
                received_at=datetime(2026, 3, 28, tzinfo=UTC),
            )
        )
        session.add(
            BundleLog(
                origin="DESA-3320022001",
                seq=1,
                manifest_sha256="c",
                applied_at=datetime(2026, 1, 15, tzinfo=UTC),
                result="diterapkan",
            )
        )


def _village_data(context: ServiceContext, desk_id: str, intakes: int, without_nik: int) -> None:
    """As if it came by bundle: rows carry the village desk as their origin."""
    context.actor = Actor(desk_id, "operator")
    born = date(1980, 1, 1 + list(DESKS).index(desk_id))  # no duplicate across villages
    members = [
        OrangInput(
            f"Warga {i}", "L", nik=make_nik("332001", born, "L", 100 + i), tanggal_lahir=born
        )
        for i in range(intakes)
    ]
    members += [
        OrangInput(
            f"{name} {desk_id[-4:]}",
            "P",
            alasan_tanpa_nik="LAINNYA",
            tanggal_lahir=born.replace(year=1950 + 9 * i),
        )
        for i, name in enumerate(("Sumirah", "Kartini")[:without_nik])
    ]
    created = RegistryService(context, today=lambda: date(2026, 3, 1)).create_household(
        KeluargaInput(alamat="Dk. Krajan", kode_wilayah=DESKS[desk_id], anggota=tuple(members)),
        confirm_warnings=True,
    )
    for uid in created.orang_uids[:intakes]:
        IntakeService(context).record(
            IntakeInput(
                penerima_uid=uid,
                saluran="DATANG_LANGSUNG",
                uraian="Minta bantuan",
                kebutuhan=("DASAR",),
                waktu=datetime(2026, 3, 12, 9, 0),
            )
        )


@pytest.fixture
def district(context: ServiceContext) -> ReportService:
    _enrol(context)
    _village_data(context, "DESA-3320012001", intakes=2, without_nik=1)
    _village_data(context, "DESA-3320012002", intakes=1, without_nik=0)
    _village_data(context, "DESA-3320022001", intakes=3, without_nik=2)
    return ReportService(context, today=lambda: date(2026, 4, 2))


def test_per_desa_and_per_kecamatan(district: ReportService) -> None:
    rekap = district.rekap(RekapFilter(PERIOD))
    assert rekap.mode == "dinas"
    per_desa = rekap.table("per_desa")
    assert per_desa.cell("DESK:DESA-3320012001", "Layanan masuk") == 2
    assert per_desa.cell("DESK:DESA-3320022001", "Layanan masuk") == 3
    assert per_desa.cell("DESK:DESA-3320022001", "Penduduk tanpa NIK") == 2
    assert per_desa.total[0] == 6
    per_kecamatan = rekap.table("per_kecamatan")
    assert per_kecamatan.cell("KECAMATAN:33.20.01", "Layanan masuk") == 3
    assert per_kecamatan.cell("KECAMATAN:33.20.02", "Layanan masuk") == 3
    assert per_kecamatan.cell("KECAMATAN:33.20.01", "Penduduk tanpa NIK") == 1
    assert rekap.table("layanan_saluran").total[-1] == 6  # the detail tables cover all


def test_desks_without_a_bundle_this_month(district: ReportService) -> None:
    missing = district.rekap(RekapFilter(PERIOD)).table("belum_kirim")
    assert [row.kunci for row in missing.baris] == ["DESK:DESA-3320022001"]
    (row,) = missing.baris
    assert row.label[2] == "15-01-2026"
    assert row.nilai == ((date(2026, 3, 31) - date(2026, 1, 15)).days,)


def test_filter_by_kecamatan_counts_only_its_villages(district: ReportService) -> None:
    rekap = district.rekap(RekapFilter(PERIOD, kode_kecamatan="33.20.01"))
    assert rekap.table("layanan_saluran").total[-1] == 3
    assert {row.kunci for row in rekap.table("per_desa").baris} == {
        "DESK:DESA-3320012001",
        "DESK:DESA-3320012002",
    }
    assert ("Kecamatan", "Kedung") in rekap.filter
    choices = district.filter_choices()
    assert [code for code, _name in choices.kecamatan] == ["33.20.01", "33.20.02"]
    assert len(choices.desa) == 3


def test_district_pdf_and_xlsx_render(district: ReportService) -> None:
    import io

    from openpyxl import load_workbook
    from pypdf import PdfReader

    rekap = district.rekap(RekapFilter(PERIOD))
    text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(district.render_rekap(rekap, "pdf"))).pages
    )
    assert "Ringkasan per desa" in text and "DINAS SOSIAL" in text
    book = load_workbook(io.BytesIO(district.render_rekap(rekap, "xlsx")))
    assert any("Ringkasan per desa" in sheet.title for sheet in book.worksheets)
