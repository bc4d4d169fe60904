"""Pieces every PDF report shares: styles, Indonesian number format, tables, signatures.

Tables are Platypus ``LongTable`` with ``repeatRows``: a district table of 300 villages
flows over several sheets and every sheet starts with the column headers again. Numbers are
right-aligned and printed the Indonesian way (``1.234``; ``7,5``), with "-" for "no value"
so an empty cell is never mistaken for a forgotten one.

The signature block is the one a monthly recap carries: "Mengetahui" with the head of the
office on the left and the operator who made the report on the right.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, LongTable, Paragraph, Spacer, TableStyle

from puskesos_desktop.domain.dates_id import format_place_date
from puskesos_desktop.letters.fonts import FontSet
from puskesos_desktop.letters.referral_data import Signatory
from puskesos_desktop.letters.text import esc
from puskesos_desktop.reports.model import Nilai, Tabel

__all__ = [
    "HEADER_FILL",
    "Pengesahan",
    "ReportStyles",
    "format_number",
    "report_styles",
    "signature_block",
    "table_flowables",
    "text_table",
]

HEADER_FILL = colors.HexColor("#e4e9ef")
TOTAL_FILL = colors.HexColor("#f3f5f7")
SIGNATURE_SPACE = 18 * mm


@dataclass(frozen=True)
class Pengesahan:
    """Who signs a report: the head "Mengetahui" (optional) and the maker."""

    tempat: str
    tanggal: date
    mengetahui: Signatory | None
    pembuat_jabatan: str
    pembuat_nama: str


@dataclass(frozen=True)
class ReportStyles:
    cell: ParagraphStyle
    number: ParagraphStyle
    head: ParagraphStyle
    heading: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    note: ParagraphStyle
    note_item: ParagraphStyle
    """A numbered note line (the recap's counting rules), indented under its heading."""
    centred: ParagraphStyle
    font: str
    bold: str


def report_styles(fonts: FontSet, size: float = 8.5) -> ReportStyles:
    cell = ParagraphStyle("rcell", fontName=fonts.regular, fontSize=size, leading=size * 1.2)
    note = ParagraphStyle(
        "rnote",
        parent=cell,
        fontSize=7.5,
        leading=9,
        textColor=colors.HexColor("#444444"),
        spaceBefore=2,
    )
    return ReportStyles(
        cell=cell,
        number=ParagraphStyle("rnum", parent=cell, alignment=TA_RIGHT),
        head=ParagraphStyle(
            "rhead",
            parent=cell,
            fontName=fonts.bold,
            fontSize=size - 0.5,
            leading=size * 1.15,
            alignment=TA_CENTER,
        ),
        heading=ParagraphStyle(
            "rheading",
            parent=cell,
            fontName=fonts.bold,
            fontSize=10,
            leading=12.5,
            spaceBefore=8,
            spaceAfter=4,
            keepWithNext=1,
        ),
        title=ParagraphStyle(
            "rtitle",
            parent=cell,
            fontName=fonts.bold,
            fontSize=12.5,
            leading=15,
            alignment=TA_CENTER,
        ),
        subtitle=ParagraphStyle(
            "rsub", parent=cell, fontSize=10, leading=12.5, alignment=TA_CENTER
        ),
        note=note,
        note_item=ParagraphStyle(
            "rnoteitem", parent=note, spaceBefore=0, leftIndent=9, firstLineIndent=-9
        ),
        centred=ParagraphStyle(
            "rcentre", parent=cell, fontSize=10, leading=12.5, alignment=TA_CENTER
        ),
        font=fonts.regular,
        bold=fonts.bold,
    )


def format_number(value: Nilai, decimals: int = 0) -> str:
    """``1234`` → ``1.234``; ``7.5`` → ``7,5``; None → ``-`` (Indonesian digit grouping)."""
    if value is None:
        return "-"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def _grid_style(rows: int, has_total: bool) -> TableStyle:
    commands: list[tuple] = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#555555")),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("VALIGN", (0, 1), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if has_total:
        commands.append(("BACKGROUND", (0, rows - 1), (-1, rows - 1), TOTAL_FILL))
    return TableStyle(commands)


def _widths(tabel: Tabel, width: float) -> list[float]:
    """Number columns 16.5–24 mm; label columns share the rest by their longest text, so a
    code or "Laki-laki" column stays narrow and a long service name gets the room."""
    numbers = len(tabel.kolom)
    number_width = max(16.5 * mm, min(24 * mm, width * 0.6 / max(numbers, 1)))
    rest = width - number_width * numbers
    longest = [
        max([len(title), *(min(len(row.label[i]), 60) for row in tabel.baris)])
        for i, title in enumerate(tabel.kolom_label)
    ]
    floor = 14 * mm
    spare = rest - floor * len(longest)
    weights = sum(longest) or 1
    return [floor + spare * n / weights for n in longest] + [number_width] * numbers


def table_flowables(number: int, tabel: Tabel, width: float, st: ReportStyles) -> list[Flowable]:
    """Heading, the table (header repeated on every page), totals row and the note."""
    head = [
        Paragraph(esc(t), st.head) for t in (*tabel.kolom_label, *(k.judul for k in tabel.kolom))
    ]
    data: list[list[object]] = [head]
    for row in tabel.baris:
        data.append(
            [
                *(Paragraph(esc(text), st.cell) for text in row.label),
                *(
                    Paragraph(format_number(v, k.desimal), st.number)
                    for v, k in zip(row.nilai, tabel.kolom, strict=True)
                ),
            ]
        )
    total = tabel.total
    if total is not None:
        labels = ["<b>Jumlah</b>", *([""] * (len(tabel.kolom_label) - 1))]
        data.append(
            [
                *(Paragraph(text, st.cell) for text in labels),
                *(
                    Paragraph(f"<b>{format_number(v, k.desimal)}</b>", st.number)
                    for v, k in zip(total, tabel.kolom, strict=True)
                ),
            ]
        )
    if not tabel.baris:
        data.append([Paragraph("<i>Tidak ada data.</i>", st.cell), *([""] * (len(data[0]) - 1))])
    table = LongTable(data, colWidths=_widths(tabel, width), repeatRows=1, hAlign="LEFT")
    table.setStyle(_grid_style(len(data), total is not None))
    if total is not None and len(tabel.kolom_label) > 1:
        span_row = len(data) - 1
        table.setStyle(
            TableStyle([("SPAN", (0, span_row), (len(tabel.kolom_label) - 1, span_row))])
        )
    if not tabel.baris:
        table.setStyle(TableStyle([("SPAN", (0, 1), (-1, 1))]))
    parts: list[Flowable] = [Paragraph(f"{number}. {esc(tabel.judul)}", st.heading), table]
    if tabel.catatan:
        parts.append(Paragraph(esc(tabel.catatan), st.note))
    if len(data) <= 14:  # a short table is never split from its heading and note
        return [KeepTogether(parts)]
    return parts


def text_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    st: ReportStyles,
    *,
    numeric: Sequence[int] = (),
    struck: Sequence[int] = (),
) -> LongTable:
    """A register-style table of texts (agenda surat): header repeated, ``struck`` rows
    (voided letters) shaded so a voided number stands out but stays readable."""
    data: list[list[object]] = [[Paragraph(esc(h), st.head) for h in headers]]
    for row in rows:
        data.append(
            [
                Paragraph(esc(text), st.number if i in numeric else st.cell)
                for i, text in enumerate(row)
            ]
        )
    if not rows:
        data.append(
            [
                Paragraph("<i>Tidak ada surat dalam periode ini.</i>", st.cell),
                *([""] * (len(headers) - 1)),
            ]
        )
    table = LongTable(data, colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    style = _grid_style(len(data), False)
    for index in struck:
        style.add("BACKGROUND", (0, index + 1), (-1, index + 1), colors.HexColor("#f6e3e3"))
    if not rows:
        style.add("SPAN", (0, 1), (-1, 1))
    table.setStyle(style)
    return table


def _signature_column(
    lines_before: list[str], name: str, nomor: str, label: str, st: ReportStyles
) -> list[Flowable]:
    column: list[Flowable] = [
        Paragraph(esc(line), st.centred) if line else Spacer(0, st.centred.leading)
        for line in lines_before
    ]
    column += [Spacer(0, SIGNATURE_SPACE), Paragraph(f"<b><u>{esc(name)}</u></b>", st.centred)]
    if nomor.strip():
        column.append(Paragraph(f"{esc(label or 'NIP')}. {esc(nomor)}", st.centred))
    return column


def signature_block(sign: Pengesahan, width: float, st: ReportStyles) -> Flowable:
    """ "Mengetahui, Kepala Desa" left; place/date and the maker right; kept on one page."""
    from reportlab.platypus import Table

    maker = _signature_column(
        [
            format_place_date(sign.tempat, sign.tanggal),
            "Yang membuat laporan,",
            sign.pembuat_jabatan,
        ],
        sign.pembuat_nama or "........................",
        "",
        "",
        st,
    )
    left: list[Flowable] = []
    head = sign.mengetahui
    if head is not None:
        before = ["", "Mengetahui,"]
        if head.atas_nama.strip():
            before.append(f"a.n. {head.atas_nama}")
        before.append(head.jabatan)
        left = _signature_column(before, head.nama, head.nomor_induk, head.nomor_induk_label, st)
    half = width / 2
    table = Table([[left, maker]], colWidths=[half, half])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), st.font),
            ]
        )
    )
    return KeepTogether([Spacer(0, 8 * mm), table])
