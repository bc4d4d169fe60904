"""The register of outgoing letters (buku agenda surat keluar) as PDF and XLSX.

Landscape, because a register is read across: number, date, subject, addressee, status and
remarks side by side. Voided letters keep their row (shaded, status "Batal" and the reason):
the running numbers must show no gap an auditor cannot explain.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from puskesos_desktop.domain.dates_id import format_date
from puskesos_desktop.letters.document import PageSetup, build_pdf
from puskesos_desktop.letters.fonts import register_fonts
from puskesos_desktop.letters.kop import Letterhead, layout_letterhead
from puskesos_desktop.letters.paper import Paper
from puskesos_desktop.letters.text import esc
from puskesos_desktop.reports.model import AgendaSurat
from puskesos_desktop.reports.pdf_parts import (
    Pengesahan,
    report_styles,
    signature_block,
    text_table,
)
from puskesos_desktop.reports.rekap_pdf import filter_line
from puskesos_desktop.reports.rekap_xlsx import (
    HEADER_ROW,
    filter_sheet,
    set_widths,
    sheet_header,
    write_text_rows,
)

__all__ = ["render_agenda_pdf", "render_agenda_xlsx"]

TITLE = "BUKU AGENDA SURAT KELUAR"


def _headers(doc: AgendaSurat) -> list[str]:
    headers = ["No", "Nomor surat", "Tanggal", "Perihal", "Tujuan", "Status", "Keterangan"]
    return [*headers[:1], "Desk asal", *headers[1:]] if doc.dengan_asal else headers


def _pdf_rows(doc: AgendaSurat) -> list[list[str]]:
    rows = []
    for number, line in enumerate(doc.baris, start=1):
        row = [
            str(number),
            line.nomor,
            line.tanggal.strftime("%d-%m-%Y"),
            line.perihal,
            line.tujuan,
            line.status_label,
            line.keterangan,
        ]
        rows.append([*row[:1], line.asal, *row[1:]] if doc.dengan_asal else row)
    return rows


def render_agenda_pdf(
    doc: AgendaSurat, letterhead: Letterhead, paper: Paper, sign: Pengesahan
) -> bytes:
    fonts = register_fonts("sans")
    landscape = paper.landscape()
    width = landscape.content_width
    st = report_styles(fonts)
    kop = layout_letterhead(letterhead, fonts, width)
    widths_mm: Sequence[float] = (10, 55, 20, 60, 55, 15, 0)
    if doc.dengan_asal:
        widths_mm = (10, 35, 45, 20, 50, 45, 15, 0)
    fixed = sum(w * mm for w in widths_mm)
    widths = [w * mm if w else width - fixed for w in widths_mm]
    voided = [i for i, line in enumerate(doc.baris) if line.status == "BATAL"]
    issued = len(doc.baris) - len(voided)
    story: list[Flowable] = [
        Paragraph(TITLE, st.title),
        Paragraph(esc(f"{doc.instansi} — {doc.periode.label}"), st.subtitle),
        Spacer(0, 1.5 * mm),
        Paragraph(esc(filter_line(doc.filter)), st.note),
        Paragraph(
            esc(
                f"{len(doc.baris)} surat: {issued} terbit, {len(voided)} batal. Dibuat "
                f"{format_date(doc.dibuat_pada.date())}."
            ),
            st.note,
        ),
        Spacer(0, 3 * mm),
        text_table(_headers(doc), _pdf_rows(doc), widths, st, numeric=(0,), struck=voided),
        signature_block(sign, width, st),
    ]
    setup = PageSetup(
        paper=landscape,
        fonts=fonts,
        letterhead=letterhead,
        kop=kop,
        running_reference=f"Buku agenda surat keluar {doc.periode.label}",
    )
    return build_pdf(
        story,
        setup,
        title=f"Buku Agenda Surat Keluar {doc.periode.label}",
        author=doc.instansi,
        subject=filter_line(doc.filter),
    )


def render_agenda_xlsx(doc: AgendaSurat) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Agenda surat keluar"
    sheet_header(sheet, f"{TITLE} — {doc.periode.label}", doc.instansi, _headers(doc))
    rows: list[list[object]] = []
    for number, line in enumerate(doc.baris, start=1):
        row: list[object] = [
            number,
            line.nomor,
            line.tanggal,
            line.perihal,
            line.tujuan,
            line.status_label,
            line.keterangan,
        ]
        rows.append([*row[:1], line.asal, *row[1:]] if doc.dengan_asal else row)
    write_text_rows(sheet, rows, HEADER_ROW + 1)
    widths = [6, 30, 12, 40, 36, 9, 40]
    set_widths(sheet, [*widths[:1], 26, *widths[1:]] if doc.dengan_asal else widths)
    last_column = sheet.cell(HEADER_ROW, len(_headers(doc))).column_letter
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last_column}{HEADER_ROW + max(len(rows), 1)}"
    filter_sheet(
        workbook,
        f"{TITLE} — {doc.periode.label}",
        doc.instansi,
        doc.filter,
        f"{doc.dibuat_pada:%d-%m-%Y %H.%M}",
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
