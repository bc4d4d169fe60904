"""The verivali visit list: a landscape A4 sheet the officer carries from house to house.

Why this layout: the list is filled in by hand at the door, so each row leaves room for the
outcome code, notes and the resident's signature, and the outcome codes are printed above
the table (no need to remember them). Rows come sorted by dusun/RW/RT (walking order). A
long list spans many sheets; each repeats the table header and carries the village running
header and "Halaman x dari y", so a dropped sheet can be put back in place.

Data in, PDF bytes out: the service passes plain rows and the letterhead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from puskesos_desktop.domain.assessment_enums import HasilVerivali
from puskesos_desktop.domain.dates_id import format_date
from puskesos_desktop.letters.document import PageSetup, build_pdf
from puskesos_desktop.letters.fonts import register_fonts
from puskesos_desktop.letters.kop import Letterhead, layout_letterhead
from puskesos_desktop.letters.paper import Paper
from puskesos_desktop.letters.text import esc

__all__ = ["A4_LANDSCAPE", "HEADERS", "TITLE", "VisitRow", "render_visit_list"]

A4_LANDSCAPE = Paper(
    "A4", 297 * mm, 210 * mm, left=14 * mm, right=14 * mm, top=9 * mm, bottom=11 * mm
)
TITLE = "DAFTAR KUNJUNGAN VERIFIKASI DAN VALIDASI DATA (VERIVALI)"
HEADERS = (
    "No",
    "Nama kepala keluarga / No. KK",
    "Alamat",
    "RT/RW",
    "Yang perlu diperiksa",
    "Hasil (1–5)",
    "Catatan petugas",
    "Tanda tangan warga",
)
# Widths in mm; they add up to the content width (297 − 28 = 269 mm).
WIDTHS_MM = (10, 50, 40, 16, 66, 17, 40, 30)
ROW_MIN_HEIGHT = 15 * mm  # room to write by hand (a spacer in the last cell)


@dataclass(frozen=True)
class VisitRow:
    nama: str
    no_kk: str
    alamat: str
    dusun: str
    rt: str
    rw: str
    periksa: str
    program: str = ""


def _styles(regular: str, bold: str) -> dict[str, ParagraphStyle]:
    cell = ParagraphStyle("cell", fontName=regular, fontSize=9, leading=11)
    return {
        "cell": cell,
        "small": ParagraphStyle(
            "small", parent=cell, fontSize=8, leading=9.5, textColor=colors.HexColor("#444444")
        ),
        "head": ParagraphStyle("head", parent=cell, fontName=bold, alignment=TA_CENTER),
        "centre": ParagraphStyle("centre", parent=cell, alignment=TA_CENTER),
        "title": ParagraphStyle(
            "title", parent=cell, fontName=bold, fontSize=12.5, leading=15, alignment=TA_CENTER
        ),
        "note": ParagraphStyle("note", parent=cell, alignment=TA_CENTER, spaceBefore=2),
    }


def _rt_rw(row: VisitRow) -> str:
    rt, rw = row.rt.strip() or "-", row.rw.strip() or "-"
    return f"{rt}/{rw}"


def _table(rows: Sequence[VisitRow], styles: dict[str, ParagraphStyle]) -> Table:
    head = [Paragraph(esc(text), styles["head"]) for text in HEADERS]
    data: list[list[object]] = [head]
    for number, row in enumerate(rows, start=1):
        name = f"<b>{esc(row.nama)}</b>"
        if row.no_kk:
            name += f"<br/><font size=8>KK {esc(row.no_kk)}</font>"
        address = esc(row.alamat)
        if row.dusun and row.dusun.lower() not in row.alamat.lower():
            address += f"<br/><font size=8>Dusun {esc(row.dusun)}</font>"
        check = esc(row.periksa)
        if row.program:
            check += f"<br/><font size=8>Program: {esc(row.program)}</font>"
        data.append(
            [
                Paragraph(str(number), styles["centre"]),
                Paragraph(name, styles["cell"]),
                Paragraph(address, styles["cell"]),
                Paragraph(esc(_rt_rw(row)), styles["centre"]),
                Paragraph(check, styles["cell"]),
                "",
                "",
                Spacer(1, ROW_MIN_HEIGHT - 6),
            ]
        )
    table = Table(data, colWidths=[w * mm for w in WIDTHS_MM], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e4e9ef")),
                ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
                ("VALIGN", (0, 1), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _legend() -> str:
    codes = "   ".join(
        f"<b>{number}</b> = {esc(choice.label)}"
        for number, choice in enumerate(HasilVerivali, start=1)
    )
    return f"Kode hasil kunjungan:   {codes}"


def render_visit_list(
    rows: Sequence[VisitRow], letterhead: Letterhead, *, printed_on: date
) -> bytes:
    """The visit list as PDF bytes; ``rows`` in the order to print (walking order)."""
    fonts = register_fonts("sans")
    paper = A4_LANDSCAPE
    kop = layout_letterhead(letterhead, fonts, paper.content_width)
    styles = _styles(fonts.regular, fonts.bold)
    printed = format_date(printed_on)
    story = [
        Paragraph(TITLE, styles["title"]),
        Paragraph(
            esc(f"Dicetak {printed} — {len(rows)} keluarga, urut dusun, RW dan RT"),
            styles["note"],
        ),
        Spacer(1, 2 * mm),
        Paragraph(_legend(), styles["small"]),
        Spacer(1, 2 * mm),
        _table(rows, styles),
        Spacer(1, 6 * mm),
        Paragraph(
            "Petugas verivali: ........................................    "
            "Tanggal kunjungan: ............................    "
            "Tanda tangan: ............................",
            styles["cell"],
        ),
    ]
    setup = PageSetup(
        paper=paper,
        fonts=fonts,
        letterhead=letterhead,
        kop=kop,
        running_reference=f"Daftar kunjungan verivali, dicetak {printed}",
    )
    return build_pdf(
        story,
        setup,
        title="Daftar kunjungan verivali",
        author=letterhead.nama,
        subject=f"Verivali {len(rows)} keluarga",
    )
