"""The "data pribadi" document: everything the desk holds about one person, for that person.

UU 27/2022 gives residents the right to see and get a copy of their data. The copy is
handed over on paper at the desk, so it must read like an official document — the desk's
letterhead, plain Indonesian, one section per kind of record — not like a database dump.
The machine-readable twin is the JSON export of :mod:`puskesos_desktop.services.subject_request`.

Plain data in, PDF bytes out (no session): the service chooses what is printed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from puskesos_desktop.domain.dates_id import format_date
from puskesos_desktop.letters.document import PageSetup, build_pdf
from puskesos_desktop.letters.fonts import register_fonts
from puskesos_desktop.letters.kop import Letterhead, layout_letterhead
from puskesos_desktop.letters.paper import paper as paper_named
from puskesos_desktop.letters.text import esc

TITLE = "SALINAN DATA PRIBADI"
RIGHTS = (
    "Dokumen ini memuat seluruh data tentang Anda yang disimpan {issuer}, diberikan atas "
    "permintaan Anda sesuai Undang-Undang Nomor 27 Tahun 2022 tentang Pelindungan Data "
    "Pribadi. Anda berhak meminta data yang salah diperbaiki, menarik persetujuan, dan "
    "meminta data Anda dihapus. Sampaikan permintaan tersebut kepada petugas Puskesos."
)


@dataclass(frozen=True, slots=True)
class Section:
    """A titled part; each record is a list of ``(label, value)`` rows. An empty section
    prints ``empty_text`` so the reader knows nothing is held, rather than wondering."""

    title: str
    records: tuple[tuple[tuple[str, str], ...], ...]
    empty_text: str = "Tidak ada data."


@dataclass(frozen=True, slots=True)
class SubjectDocument:
    letterhead: Letterhead
    issuer: str  # "Puskesos Desa Bangsri"
    person_name: str
    created: date
    sections: tuple[Section, ...]


def _styles(font: str, bold: str) -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=font, fontSize=10, leading=12.6)
    return {
        "body": body,
        "title": ParagraphStyle("title", parent=body, fontName=bold, fontSize=13, leading=16,
                                alignment=1, spaceAfter=2 * mm),
        "heading": ParagraphStyle("heading", parent=body, fontName=bold, fontSize=11,
                                  leading=14, spaceBefore=3 * mm, spaceAfter=1.5 * mm),
        "small": ParagraphStyle("small", parent=body, fontSize=8.5, leading=10.5),
    }


def _record(rows: tuple[tuple[str, str], ...], width: float, style: ParagraphStyle) -> Table:
    label_width = 48 * mm
    cells = [[Paragraph(esc(label), style), Paragraph(esc(value) or "-", style)]
             for label, value in rows]
    table = Table(cells, colWidths=[label_width, width - label_width], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), style.fontName),  # else reportlab pulls in Helvetica
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LINEBELOW", (0, -1), (-1, -1), 0.4, "#999999"),
        ("BACKGROUND", (0, 0), (0, -1), "#F2F2F2"),
    ]))
    return table


def build_story(doc: SubjectDocument, width: float, font: str, bold: str) -> list[Flowable]:
    st = _styles(font, bold)
    story: list[Flowable] = [
        Paragraph(f"<u>{TITLE}</u>", st["title"]),
        Paragraph(f"Nama: <b>{esc(doc.person_name)}</b> &nbsp;&nbsp; Dibuat: "
                  f"{format_date(doc.created)}", st["body"]),
        Spacer(0, 2 * mm),
        Paragraph(esc(RIGHTS.format(issuer=doc.issuer)), st["small"]),
    ]
    for section in doc.sections:
        heading = Paragraph(esc(section.title), st["heading"])
        if not section.records:
            story += [KeepTogether([heading, Paragraph(esc(section.empty_text), st["body"])])]
            continue
        story += [CondPageBreak(25 * mm), heading]
        story += [KeepTogether([_record(record, width, st["body"]), Spacer(0, 2 * mm)])
                  for record in section.records]
    return story


def render_subject_document(doc: SubjectDocument, paper: str = "A4") -> bytes:
    sheet = paper_named(paper)
    fonts = register_fonts("sans")
    kop = layout_letterhead(doc.letterhead, fonts, sheet.content_width)
    setup = PageSetup(sheet, fonts, doc.letterhead, kop,
                      running_reference=f"Salinan Data Pribadi {doc.person_name}")
    return build_pdf(build_story(doc, sheet.content_width, fonts.regular, fonts.bold), setup,
                     title=f"Salinan Data Pribadi {doc.person_name}", author=doc.issuer,
                     subject="Salinan data pribadi (UU 27/2022)")
