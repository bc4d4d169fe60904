"""The same known figures in the PDF (read back with pypdf) and the XLSX (openpyxl)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from report_kit import (  # noqa: F401 - fixture
    AGENDA_NUMBERS,
    EXPECTED,
    PERIOD,
    TOTALS,
    KnownDesk,
    known_desk_fixture,
)

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.jobs import Cancelled, CancelToken
from puskesos_desktop.reports.model import Rekap
from puskesos_desktop.reports.rekap_xlsx import HEADER_ROW
from puskesos_desktop.services.reports_types import AgendaFilter, FormatLaporan, RekapFilter


@pytest.fixture(scope="module")
def rekap(known_desk: KnownDesk) -> Rekap:
    return known_desk.reports.rekap(RekapFilter(PERIOD))


@pytest.fixture(scope="module")
def pdf_pages(known_desk: KnownDesk, rekap: Rekap) -> list[str]:
    reader = PdfReader(io.BytesIO(known_desk.reports.render_rekap(rekap, "pdf")))
    return [page.extract_text() for page in reader.pages]


@pytest.fixture(scope="module")
def workbook(known_desk: KnownDesk, rekap: Rekap):
    return load_workbook(io.BytesIO(known_desk.reports.render_rekap(rekap, "xlsx")))


def _sheet_of(workbook, rekap: Rekap, code: str):
    index = [t.kode for t in rekap.tabel].index(code)
    return workbook.worksheets[index]


# -- PDF -----------------------------------------------------------------------------------
def test_pdf_has_letterhead_page_numbers_and_signature(pdf_pages: list[str]) -> None:
    text = "\n".join(pdf_pages)
    assert "DESA KEDUNGMALANG" in pdf_pages[0]
    assert "REKAPITULASI LAYANAN PUSKESOS" in pdf_pages[0]
    assert "Periode: Maret 2026" in pdf_pages[0]
    total = len(pdf_pages)
    assert total > 1
    for number, page in enumerate(pdf_pages, start=1):
        assert f"Halaman {number} dari {total}" in page
    assert "Mengetahui," in text and "H. Sutrisno" in text and "Siti Aminah" in text


def _row_numbers(pdf_text: str, label: str, count: int) -> list[str]:
    """The ``count`` cells printed after a row label (pypdf yields one cell per line)."""
    lines = [line.strip() for line in pdf_text.splitlines()]
    start = lines.index(label) + 1
    cells = lines[start : start + count]
    assert all(re.fullmatch(r"\d[\d.]*(,\d)?|-", cell) for cell in cells), cells
    return cells


def test_pdf_rows_match_the_figures(pdf_pages: list[str], rekap: Rekap) -> None:
    text = "\n".join(pdf_pages)
    channels = rekap.table("layanan_saluran")
    assert _row_numbers(text, "Datang langsung", 4) == ["1", "1", "0", "2"]
    assert _row_numbers(text, "Telepon/WhatsApp", 4) == ["0", "0", "1", "1"]
    assert channels.cell("SALURAN:DATANG_LANGSUNG", "Jumlah") == 2
    # Referrals: 1 open at Dinsos; Puskesmas 1 served + 1 refused, median 7,0 days.
    assert _row_numbers(text, "Puskesmas", 8) == ["0", "1", "1", "0", "0", "0", "2", "7,0"]
    assert _row_numbers(text, "Dinas Sosial", 8) == ["1", "0", "0", "0", "0", "0", "1", "-"]
    assert _row_numbers(text, "Lanjut usia telantar", 4) == ["1", "0", "1", "0"]
    assert _row_numbers(text, "Bayi/anak belum dicatat di Dukcapil", 4) == ["0", "1", "1", "1"]
    assert "oleh Siti Aminah" in text


# -- XLSX ----------------------------------------------------------------------------------
def test_xlsx_one_sheet_per_table_and_filter(workbook, rekap: Rekap) -> None:
    assert len(workbook.worksheets) == len(rekap.tabel) + 1
    assert workbook.worksheets[-1].title == "Filter"
    values = {
        row[0]: row[1]
        for row in workbook["Filter"].iter_rows(min_row=HEADER_ROW + 1, values_only=True)
    }
    assert values["Periode"] == "Maret 2026"
    assert values["PPKS pertimbangan dalam SPM"] == "disertakan"
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == f"A{HEADER_ROW + 1}"
        assert sheet.cell(HEADER_ROW, 1).font.bold


def _xlsx_value(sheet, table, key: str, column: str):
    row = HEADER_ROW + 1 + [r.kunci for r in table.baris].index(key)
    col = len(table.kolom_label) + 1 + [k.judul for k in table.kolom].index(column)
    return sheet.cell(row, col)


def _evaluate(sheet, cell) -> float:
    """Work out a ``=SUM(...)`` the way a spreadsheet would (ranges and lists)."""
    total = 0.0
    for part in cell.value.removeprefix("=SUM(").removesuffix(")").split(","):
        cells = sheet[part] if ":" in part else ((sheet[part],),)
        for row in cells:
            for item in row:
                total += _evaluate(sheet, item) if item.data_type == "f" else (item.value or 0)
    return total


def test_xlsx_cells_are_numbers_and_totals_are_formulas(workbook, rekap: Rekap) -> None:
    for code, cells in EXPECTED.items():
        table = rekap.table(code)
        sheet = _sheet_of(workbook, rekap, code)
        for (key, column), value in cells.items():
            cell = _xlsx_value(sheet, table, key, column)
            if cell.data_type == "f":  # the row total
                assert _evaluate(sheet, cell) == value, (code, key, column)
            else:
                assert cell.value == value, (code, key, column)
                assert cell.value is None or cell.data_type == "n"
    for code, totals in TOTALS.items():
        table = rekap.table(code)
        sheet = _sheet_of(workbook, rekap, code)
        total_row = HEADER_ROW + 1 + len(table.baris)
        assert sheet.cell(total_row, 1).value == "Jumlah"
        for column, value in totals.items():
            index = [k.judul for k in table.kolom].index(column)
            cell = sheet.cell(total_row, len(table.kolom_label) + 1 + index)
            if column.startswith("Median"):
                assert cell.data_type == "n" and cell.value == value
            else:
                assert cell.data_type == "f" and cell.value.startswith("=SUM(")
                assert _evaluate(sheet, cell) == value, (code, column)


# -- agenda --------------------------------------------------------------------------------
def test_agenda_lists_voided_letters_in_number_order(known_desk: KnownDesk) -> None:
    agenda = known_desk.reports.agenda(AgendaFilter(PERIOD))
    assert tuple(row.nomor for row in agenda.baris) == AGENDA_NUMBERS
    assert (agenda.jumlah_terbit, agenda.jumlah_batal) == (2, 1)
    assert agenda.baris[1].keterangan == "Dibatalkan: Salah alamat tujuan"
    assert agenda.baris[2].keterangan == "Dicetak ulang 2×"
    without_void = known_desk.reports.agenda(AgendaFilter(PERIOD, termasuk_batal=False))
    assert [r.urut for r in without_void.baris] == [1, 3]

    text = "\n".join(
        p.extract_text()
        for p in PdfReader(io.BytesIO(known_desk.reports.render_agenda(agenda, "pdf"))).pages
    )
    assert "BUKU AGENDA SURAT KELUAR" in text
    assert all(number in text for number in AGENDA_NUMBERS)
    assert "Batal" in text and "Salah alamat tujuan" in text

    book = load_workbook(io.BytesIO(known_desk.reports.render_agenda(agenda, "xlsx")))
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True))
    assert [r[1] for r in rows] == list(AGENDA_NUMBERS)
    assert rows[1][5] == "Batal"
    assert sheet.cell(HEADER_ROW + 1, 3).is_date


# -- saving --------------------------------------------------------------------------------
def test_save_writes_atomically_with_progress(known_desk: KnownDesk, tmp_path: Path) -> None:
    seen: list[tuple[int, int, str]] = []
    target = tmp_path / "laporan" / "rekap-2026-03.xlsx"
    saved = known_desk.reports.save_rekap(
        RekapFilter(PERIOD),
        target,
        FormatLaporan.XLSX,
        progress=lambda d, t, label: seen.append((d, t, label)),
    )
    assert saved.path == target and saved.size == target.stat().st_size
    assert load_workbook(target).worksheets[-1].title == "Filter"
    assert seen[-1][0] == seen[-1][1]
    assert [p.name for p in target.parent.iterdir()] == [target.name]  # no temp file left
    pdf = known_desk.reports.save_rekap(RekapFilter(PERIOD), tmp_path / "r.pdf", "pdf")
    assert pdf.pages == len(PdfReader(tmp_path / "r.pdf").pages)


def test_unwritable_destination_is_a_user_error(known_desk: KnownDesk, tmp_path: Path) -> None:
    blocker = tmp_path / "berkas"
    blocker.write_text("bukan folder")
    with pytest.raises(UserError, match="Pilih folder lain"):
        known_desk.reports.save_agenda(AgendaFilter(PERIOD), blocker / "agenda.pdf", "pdf")


def test_cancel_stops_before_writing(known_desk: KnownDesk, tmp_path: Path) -> None:
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        known_desk.reports.save_rekap(RekapFilter(PERIOD), tmp_path / "x.pdf", "pdf", cancel=token)
    assert not (tmp_path / "x.pdf").exists()
