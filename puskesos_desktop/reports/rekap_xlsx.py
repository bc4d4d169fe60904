"""The recap as an XLSX workbook: one sheet per table, a "Filter" sheet, totals as formulas.

Why formulas: the district copies village figures into its own sheets and checks them; a
``=SUM(B4:B12)`` total shows how it was made and stays right when someone corrects a cell.
Header rows are frozen and styled, widths set, numbers written as numbers (never as text a
spreadsheet would refuse to add up). Texts are written as strings: a village name such as
``=HYPERLINK(…)`` typed into a form must never become a live formula.

Normal (not write-only) mode: freeze panes and column widths need it, and a recap is a few
hundred rows at most (aggregates, even at the district), so memory is no concern.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from puskesos_desktop.reports.model import JenisKolom, Rekap, Tabel

__all__ = [
    "HEADER_ROW",
    "filter_sheet",
    "render_rekap_xlsx",
    "set_widths",
    "sheet_header",
    "sheet_title",
    "write_text_rows",
]

HEADER_ROW = 4
"""Row 1 title, row 2 the note, row 3 empty, row 4 the header, data from row 5."""
_FILL = PatternFill("solid", fgColor="E4E9EF")
_TOTAL_FILL = PatternFill("solid", fgColor="F3F5F7")
_THIN = Side(style="thin", color="888888")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
RULE_COLUMN_WIDTH = 90  # characters
RULE_CHARS_PER_LINE = 80  # what fits in it with room for proportional-font widths


def sheet_title(number: int, title: str, used: set[str]) -> str:
    """Excel allows 31 characters and no ``[]:*?/\\``; names must be unique."""
    base = _BAD_SHEET_CHARS.sub(" ", f"{number}. {title}")[:31].rstrip()
    name, suffix = base, 2
    while name.lower() in used:
        name = f"{base[:28]} {suffix}"
        suffix += 1
    used.add(name.lower())
    return name


def _text(sheet: Worksheet, row: int, column: int, value: str, **style: object) -> None:
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    cell.data_type = "s"  # a typed "=..." stays text
    for name, item in style.items():
        setattr(cell, name, item)


def sheet_header(sheet: Worksheet, title: str, note: str, headers: Sequence[str]) -> None:
    _text(sheet, 1, 1, title, font=Font(bold=True, size=12))
    if note:
        _text(sheet, 2, 1, note, font=Font(italic=True, size=9, color="444444"))
    for column, text in enumerate(headers, start=1):
        _text(
            sheet,
            HEADER_ROW,
            column,
            text,
            font=Font(bold=True),
            fill=_FILL,
            border=_BORDER,
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
        )
    sheet.row_dimensions[HEADER_ROW].height = 44
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)
    # Printed from Excel: landscape, one page wide, the header row on every sheet of paper.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"


def set_widths(sheet: Worksheet, widths: Iterable[float]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _write_table(sheet: Worksheet, tabel: Tabel) -> None:
    labels = len(tabel.kolom_label)
    sheet_header(
        sheet, tabel.judul, tabel.catatan, [*tabel.kolom_label, *(k.judul for k in tabel.kolom)]
    )
    first = HEADER_ROW + 1
    for offset, row in enumerate(tabel.baris):
        r = first + offset
        for column, text in enumerate(row.label, start=1):
            _text(sheet, r, column, text, border=_BORDER)
        for index, (value, kolom) in enumerate(zip(row.nilai, tabel.kolom, strict=True)):
            cell = sheet.cell(row=r, column=labels + index + 1)
            if kolom.jenis == JenisKolom.JUMLAH_BARIS:
                parts = ",".join(f"{get_column_letter(labels + i + 1)}{r}" for i in kolom.dari)
                cell.value = f"=SUM({parts})"
            else:
                cell.value = value
            cell.number_format = "#,##0" if not kolom.desimal else "#,##0." + "0" * kolom.desimal
            cell.border = _BORDER
    last = first + len(tabel.baris) - 1
    total = tabel.total
    if total is not None:
        r = last + 1
        _text(sheet, r, 1, "Jumlah", font=Font(bold=True), fill=_TOTAL_FILL, border=_BORDER)
        for column in range(2, labels + 1):
            _text(sheet, r, column, "", fill=_TOTAL_FILL, border=_BORDER)
        for index, (value, kolom) in enumerate(zip(total, tabel.kolom, strict=True)):
            letter = get_column_letter(labels + index + 1)
            cell = sheet.cell(row=r, column=labels + index + 1)
            if kolom.jenis == JenisKolom.NILAI:
                cell.value = value
            else:
                cell.value = f"=SUM({letter}{first}:{letter}{last})" if tabel.baris else 0
            cell.font = Font(bold=True)
            cell.fill = _TOTAL_FILL
            cell.border = _BORDER
            cell.number_format = "#,##0" if not kolom.desimal else "#,##0." + "0" * kolom.desimal
    label_widths = [  # as wide as the longest text (a code column stays narrow), at most 70
        min(70, max(8, len(title) + 2, *(len(row.label[i]) + 2 for row in tabel.baris)))
        for i, title in enumerate(tabel.kolom_label)
    ]
    set_widths(sheet, [*label_widths, *([14] * len(tabel.kolom))])


def write_text_rows(sheet: Worksheet, rows: Iterable[Sequence[object]], start: int) -> int:
    """Rows of text/number/date cells below a header; returns the next free row."""
    r = start
    for row in rows:
        for column, value in enumerate(row, start=1):
            if isinstance(value, str):
                _text(sheet, r, column, value, border=_BORDER)
            else:
                cell = sheet.cell(row=r, column=column, value=value)
                cell.border = _BORDER
                if hasattr(value, "isoformat"):
                    cell.number_format = "DD-MM-YYYY"
        r += 1
    return r


def filter_sheet(
    workbook: Workbook,
    title: str,
    instansi: str,
    pairs: Sequence[tuple[str, str]],
    made: str,
    notes: Sequence[str] = (),
) -> None:
    """What was chosen, when it was made, and ``notes``: the counting rules the PDF prints
    under its filter line, one numbered line each (wrapped, so no rule hides off-screen)."""
    sheet = workbook.create_sheet("Filter")
    sheet_header(sheet, title, instansi, ["Pilihan", "Nilai"])
    next_row = write_text_rows(sheet, pairs, HEADER_ROW + 1)
    next_row = write_text_rows(sheet, [("Dibuat", made)], next_row)
    rules = [
        ("Cara penghitungan" if n == 1 else "", f"{n}. {line}")
        for n, line in enumerate(notes, start=1)
    ]
    write_text_rows(sheet, rules, next_row)
    for row, (_name, text) in enumerate(rules, start=next_row):
        sheet.cell(row, 2).alignment = Alignment(wrap_text=True, vertical="top")
        sheet.cell(row, 1).alignment = Alignment(vertical="top")
        # Spreadsheets do not grow a row for wrapped text written by a program: set it.
        sheet.row_dimensions[row].height = 15 * math.ceil(len(text) / RULE_CHARS_PER_LINE)
    set_widths(sheet, [30, RULE_COLUMN_WIDTH])


def render_rekap_xlsx(rekap: Rekap) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = {"filter"}
    for number, tabel in enumerate(rekap.tabel, start=1):
        sheet = workbook.create_sheet(sheet_title(number, tabel.judul, used))
        _write_table(sheet, tabel)
    made = f"{rekap.dibuat_pada:%d-%m-%Y %H.%M}" + (
        f" oleh {rekap.dibuat_oleh}" if rekap.dibuat_oleh else ""
    )
    filter_sheet(
        workbook,
        f"{rekap.judul} — {rekap.periode.label}",
        rekap.instansi,
        rekap.filter,
        made,
        rekap.keterangan,
    )
    workbook.properties.title = f"{rekap.judul} {rekap.periode.label}"
    workbook.properties.creator = rekap.instansi
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
