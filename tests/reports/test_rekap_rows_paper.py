"""Recap rows open the records they count; the recap prints on A4 or F4 (landscape when a
district table needs it) and explains its counting rules on paper and in the workbook."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from report_kit import PERIOD, KnownDesk, known_desk_fixture  # noqa: F401 - fixture
from reportlab.lib.units import mm
from test_rekap_district import district  # noqa: F401 - fixture

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.reports.model import JenisKolom, Rekap, Tabel
from puskesos_desktop.services.reports import ReportService
from puskesos_desktop.services.reports_rows import LIST_KINDS, opens_list
from puskesos_desktop.services.reports_types import RekapFilter, Tujuan

CHOSEN = RekapFilter(PERIOD)


@pytest.fixture(scope="module")
def rekap(known_desk: KnownDesk) -> Rekap:
    return known_desk.reports.rekap(CHOSEN)


def _figure(tabel: Tabel, index: int) -> int:
    """What a row's list must hold: its row total (PPKS: persons plus household findings)."""
    row = tabel.baris[index]
    if tabel.kode == "ppks":
        return int(row.nilai[2] or 0) + int(row.nilai[3] or 0)
    column = next(
        (i for i, k in enumerate(tabel.kolom) if k.jenis == JenisKolom.JUMLAH_BARIS), 0
    )
    return int(row.nilai[column] or 0)


def test_every_row_list_is_as_long_as_its_figure(known_desk: KnownDesk, rekap: Rekap) -> None:
    opened = set()
    for tabel in rekap.tabel:
        for index, row in enumerate(tabel.baris):
            if not opens_list(row.kunci):
                continue
            daftar = known_desk.reports.daftar(Tujuan("laporan", row.kunci, rekap=CHOSEN))
            assert len(daftar.baris) == _figure(tabel, index), (tabel.kode, row.kunci)
            assert not daftar.terpotong
            opened.add(row.kunci.partition(":")[0])
    assert opened == LIST_KINDS  # every kind of row was exercised on the known dataset


def test_row_lists_name_the_counted_records(known_desk: KnownDesk) -> None:
    lut = known_desk.reports.daftar(Tujuan("laporan", "PPKS:LUT", rekap=CHOSEN))
    assert lut.judul == "PPKS LUT (Lanjut usia telantar) — Maret 2026"
    assert [row[0] for row in lut.baris] == ["Budi Santoso"]  # assessed twice: listed once
    family = known_desk.reports.daftar(Tujuan("laporan", "PPKS:FM", rekap=CHOSEN))
    assert family.baris[0][0].startswith("Keluarga ")  # a household-level finding
    sent = known_desk.reports.daftar(Tujuan("laporan", "JENIS:PUSKESMAS", rekap=CHOSEN))
    assert sent.kolom[0] == "Tanggal dikirim"
    assert all(row[2] for row in sent.baris)  # the destination is named


def test_rows_without_a_list_say_so(known_desk: KnownDesk) -> None:
    assert not opens_list("DESK:DESA-3320012001") and not opens_list("")
    with pytest.raises(UserError, match="tidak mempunyai daftar"):
        known_desk.reports.daftar(Tujuan("laporan", "DESK:DESA-3320012001", rekap=CHOSEN))


def _page_mm(pdf: bytes) -> tuple[int, int]:
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    return round(float(box.width) / mm), round(float(box.height) / mm)


def test_recap_and_agenda_print_on_the_chosen_paper(known_desk: KnownDesk, rekap: Rekap) -> None:
    reports = known_desk.reports
    assert _page_mm(reports.render_rekap(rekap, "pdf", kertas="F4")) == (215, 330)
    assert _page_mm(reports.render_rekap(rekap, "pdf", kertas="A4")) == (210, 297)
    assert reports.default_paper() in ("A4", "F4")
    from puskesos_desktop.services.reports_types import AgendaFilter

    agenda = reports.agenda(AgendaFilter(PERIOD))
    assert _page_mm(reports.render_agenda(agenda, "pdf", kertas="F4")) == (330, 215)


def test_counting_rules_on_paper_and_in_the_workbook(known_desk: KnownDesk, rekap: Rekap) -> None:
    assert any("Status rujukan dihitung per tanggal laporan dibuat" in r for r in rekap.keterangan)
    assert any(r.startswith("Median hari sampai hasil") for r in rekap.keterangan)
    pdf = known_desk.reports.render_rekap(rekap, "pdf")
    first_page = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert "Cara penghitungan:" in first_page
    assert "Status rujukan dihitung per tanggal laporan dibuat" in first_page
    assert "bukan jumlah median per baris" in first_page
    sheet = load_workbook(io.BytesIO(known_desk.reports.render_rekap(rekap, "xlsx")))["Filter"]
    rows = [(a.value, b.value) for a, b in sheet.iter_rows(min_col=1, max_col=2)]
    start = [a for a, _b in rows].index("Cara penghitungan")
    assert [b for _a, b in rows[start:]] == [
        f"{n}. {line}" for n, line in enumerate(rekap.keterangan, start=1)
    ]


def test_district_recap_turns_landscape(district: ReportService) -> None:  # noqa: F811
    rekap = district.rekap(RekapFilter(PERIOD))
    assert any("belum mengirim" in line for line in rekap.keterangan)
    assert _page_mm(district.render_rekap(rekap, "pdf", kertas="F4")) == (330, 215)
    assert _page_mm(district.render_rekap(rekap, "pdf", kertas="A4")) == (297, 210)
