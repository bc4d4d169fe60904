"""The referral letter (surat rujukan) a resident carries to the receiving agency.

Layout follows domain.md §8 and common village practice: kop with a double rule; the title
underlined with the number under it; Lampiran/Perihal; "Kepada Yth."; "Dengan hormat,"; the
person's identity as a colon-aligned table; reason, requested services and documents
brought; the UU PDP consent statement; a closing line of thanks; the signature block on the
right with room for a wet signature and stamp; the signed QR with its verification code at
the left of the signature; Tembusan; and the tear-off return slip at the foot of the last
page. Text that runs long flows onto further pages with a running header and page numbers.

Everything arrives as frozen data prepared by the referral service (number allocated, QR
payload signed); rendering is pure and takes no settings from anywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
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

from puskesos_desktop.domain.dates_id import format_date, format_place_date
from puskesos_desktop.letters.document import BottomAnchored, PageSetup, build_pdf
from puskesos_desktop.letters.fonts import FontSet, FontStyle, register_fonts
from puskesos_desktop.letters.kop import Letterhead, layout_letterhead
from puskesos_desktop.letters.paper import Paper, PaperName
from puskesos_desktop.letters.paper import paper as paper_named
from puskesos_desktop.letters.qr import parse_payload
from puskesos_desktop.letters.qr_draw import QrFlowable
from puskesos_desktop.letters.referral_data import (
    Addressee,
    Consent,
    LetterData,
    PersonIdentity,
    Signatory,
)
from puskesos_desktop.letters.return_slip import return_slip
from puskesos_desktop.letters.text import esc, paragraphs

__all__ = [
    "Addressee",
    "Consent",
    "LetterData",
    "Letterhead",
    "PersonIdentity",
    "Signatory",
    "render_referral_letter",
]

BODY_SIZE = 10.5
QR_SIZE = 25 * mm
SIGNATURE_WIDTH = 72 * mm
SIGNATURE_SPACE = 18 * mm  # wet signature and stamp


@dataclass(frozen=True, slots=True)
class _Styles:
    body: ParagraphStyle
    table: ParagraphStyle
    justified: ParagraphStyle
    title: ParagraphStyle
    number: ParagraphStyle
    centred: ParagraphStyle
    small: ParagraphStyle
    small_justified: ParagraphStyle
    code: ParagraphStyle
    code_big: ParagraphStyle


@lru_cache(maxsize=4)
def _styles(fonts: FontSet) -> _Styles:
    # allowWidows=0: never strand the last line of a paragraph alone on the next page.
    body = ParagraphStyle("body", fontName=fonts.regular, fontSize=BODY_SIZE,
                          leading=BODY_SIZE * 1.27, allowWidows=0, allowOrphans=0)
    small = ParagraphStyle("small", parent=body, fontSize=9, leading=11)
    return _Styles(
        body=body,
        table=ParagraphStyle("table", parent=body, leading=BODY_SIZE * 1.17),
        justified=ParagraphStyle("justified", parent=body, alignment=TA_JUSTIFY,
                                 spaceAfter=3),
        title=ParagraphStyle("title", parent=body, fontName=fonts.bold, fontSize=13,
                             leading=16, alignment=TA_CENTER),
        number=ParagraphStyle("number", parent=body, alignment=TA_CENTER),
        centred=ParagraphStyle("centred", parent=body, alignment=TA_CENTER),
        small=small,
        small_justified=ParagraphStyle("smallJustified", parent=small, alignment=TA_JUSTIFY),
        code=ParagraphStyle("code", parent=small, fontSize=8.5, leading=10.5),
        code_big=ParagraphStyle("codeBig", parent=small, fontName=fonts.bold, fontSize=11,
                                leading=14),
    )


def _grid(
    rows: list[list[Flowable | str]], widths: list[float], font: str, row_gap: float = 1.5
) -> Table:
    """A borderless table with no padding except a little space between rows.

    ``font`` applies to every cell: reportlab sets a cell font even for flowable cells and
    would otherwise pull in (unembedded) Helvetica.
    """
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), row_gap),
    ]
    return Table(rows, colWidths=widths, style=TableStyle(commands), hAlign="LEFT")


def _text_cells(table: Table, style: ParagraphStyle, columns: tuple[int, int]) -> Table:
    """Plain-string cells in ``columns`` use the paragraph font; strings are drawn directly,
    which spares a Paragraph wrap per label (a good part of the render time)."""
    first, last = columns
    table.setStyle(TableStyle([
        ("FONT", (first, 0), (last, -1), style.fontName, style.fontSize, style.leading),
    ]))
    return table


def _pairs(pairs: list[tuple[str, str]], label_width: float, width: float,
           style: ParagraphStyle, row_gap: float = 1.5) -> Table:
    """``Label : value`` rows with aligned colons; values wrap under themselves."""
    rows: list[list[Flowable | str]] = [
        [label, ":", Paragraph(value, style)] for label, value in pairs
    ]
    table = _grid(rows, [label_width, 3.5 * mm, width - label_width - 3.5 * mm],
                  style.fontName, row_gap)
    return _text_cells(table, style, (0, 1))


def _numbered(items: tuple[str, ...], width: float, style: ParagraphStyle,
              number_width: float = 6 * mm) -> Table:
    rows: list[list[Flowable | str]] = [
        [f"{index}.", Paragraph(esc(item), style)] for index, item in enumerate(items, start=1)
    ]
    return _text_cells(_grid(rows, [number_width, width - number_width], style.fontName, 0.5),
                       style, (0, 0))


def _birth(person: PersonIdentity) -> str:
    born = format_date(person.tanggal_lahir) if person.tanggal_lahir else "-"
    place = person.tempat_lahir.strip()
    return f"{esc(place)}, {born}" if place else born


def _address(person: PersonIdentity) -> str:
    rt_rw = f"RT {esc(person.rt) or '-'} / RW {esc(person.rw) or '-'}"
    street = esc(person.alamat)
    return f"{street}, {rt_rw}" if street else rt_rw


def _identity(person: PersonIdentity, width: float, style: ParagraphStyle) -> Table:
    """Only the rows the destination needs (``person.fields``), in a fixed order."""
    desil = f"Desil {person.desil}" if person.desil else "Belum terdata di DTSEN"
    rows = {
        "nama": ("Nama", f"<b>{esc(person.nama)}</b>"),
        "nik": ("NIK", esc(person.nik) or "-"),
        "no_kk": ("No. KK", esc(person.no_kk) or "-"),
        "ttl": ("Tempat/Tanggal Lahir", _birth(person)),
        "jenis_kelamin": ("Jenis Kelamin", esc(person.jenis_kelamin) or "-"),
        "alamat": ("Alamat", _address(person)),
        "pekerjaan": ("Pekerjaan", esc(person.pekerjaan) or "-"),
        "desil": ("Desil DTSEN", desil),
        "disabilitas": ("Disabilitas", esc(person.disabilitas) or "Tidak ada"),
        "penyakit_kronis": ("Penyakit Kronis", esc(person.penyakit_kronis) or "Tidak ada"),
        "program": ("Program Bantuan", esc(person.program) or "Belum menerima"),
    }
    pairs = [pair for key, pair in rows.items() if key in person.fields]
    return _pairs(pairs, 40 * mm, width, style, row_gap=0.8)


def _heading(data: LetterData, width: float, st: _Styles) -> list[Flowable]:
    to = data.addressee
    addressee = [Paragraph("Kepada Yth.", st.body),
                 Paragraph(f"<b>{esc(to.jabatan or to.lembaga)}</b>", st.body)]
    if to.alamat.strip():
        addressee.append(Paragraph(esc(to.alamat), st.body))
    addressee.append(Paragraph(f"di {esc(to.tempat) or 'Tempat'}", st.body))
    left = width * 0.52
    subject = _pairs([("Lampiran", esc(data.lampiran) or "-"), ("Perihal", esc(data.perihal))],
                     19 * mm, left - 4 * mm, st.body)
    return [
        Paragraph(f"<u>{esc(data.title)}</u>", st.title),
        Paragraph(f"Nomor: {esc(data.number)}", st.number),
        Spacer(0, 4 * mm),
        # Lampiran/Perihal at the left and the addressee at the right, as in a surat dinas.
        _grid([[subject, addressee]], [left, width - left], st.body.fontName),
        Spacer(0, 3.5 * mm),
    ]


def _body(data: LetterData, width: float, st: _Styles) -> list[Flowable]:
    indent = 8 * mm
    inner = width - indent
    story: list[Flowable] = [
        Paragraph("Dengan hormat,", st.body),
        Spacer(0, 1.5 * mm),
        Paragraph(f"Bersama ini {esc(data.issuer)} merujuk warga dengan identitas sebagai "
                  "berikut:", st.justified),
        _indented(_identity(data.person, inner, st.table), indent, width, st.body.fontName),
        Spacer(0, 2.5 * mm),
        Paragraph("Alasan rujukan:", st.body),
    ]
    story += [Paragraph(text, st.justified) for text in paragraphs(data.reason) or ["-"]]
    story += _lists(data, width, st)
    if data.valid_until is not None and not data.qr_payload:  # else printed beside the QR
        story += [Spacer(0, 1.5 * mm), Paragraph(
            f"Surat rujukan ini berlaku sampai dengan tanggal {format_date(data.valid_until)}.",
            st.justified)]
    consent = data.consent
    story += [
        Spacer(0, 2 * mm),
        Paragraph(
            f"Data pribadi {esc(consent.given_by)} diberikan kepada "
            f"{esc(data.addressee.lembaga)} untuk keperluan rujukan ini atas persetujuannya "
            f"{esc(consent.how) + ' ' if consent.how else ''}"
            f"tanggal {format_date(consent.given_on)} (UU Nomor 27 Tahun 2022 "
            "tentang Pelindungan Data Pribadi).",
            st.small_justified,
        ),
    ]
    return story


def _lists(data: LetterData, width: float, st: _Styles) -> list[Flowable]:
    """Requested services and documents brought. Side by side when both are given: that
    saves the lines that let a typical letter and its return slip share one sheet."""
    blocks = [
        (title, items)
        for title, items in (("Layanan yang dimohon:", data.services),
                             ("Dokumen yang dibawa:", data.attachments))
        if items
    ]
    if len(blocks) == 2:
        gap = 6 * mm
        half = (width - gap) / 2
        cells: list[Flowable | str] = [
            [Paragraph(title, st.body), _numbered(items, half, st.body)]  # type: ignore[misc]
            for title, items in blocks
        ]
        return [Spacer(0, 1.5 * mm),
                _grid([cells], [half + gap, half - gap], st.body.fontName)]
    story: list[Flowable] = []
    for title, items in blocks:
        story += [Spacer(0, 1.5 * mm), Paragraph(title, st.body),
                  _numbered(items, width, st.body)]
    return story


def _indented(flowable: Flowable, indent: float, width: float, font: str) -> Table:
    return _grid([[Spacer(0, 0), flowable]], [indent, width - indent], font, row_gap=0)


def _signatory_lines(data: LetterData, st: _Styles) -> list[Flowable]:
    sig = data.signatory
    lines: list[Flowable] = [Paragraph(esc(format_place_date(data.place, data.issued)),
                                       st.centred)]
    if sig.atas_nama.strip():
        lines.append(Paragraph(f"a.n. {esc(sig.atas_nama)}", st.centred))
    lines += [Paragraph(esc(sig.jabatan), st.centred), Spacer(0, SIGNATURE_SPACE),
              Paragraph(f"<b><u>{esc(sig.nama)}</u></b>", st.centred)]
    if sig.nomor_induk.strip():  # no empty "NIP." line for officials without one
        label = esc(sig.nomor_induk_label) or "NIP"
        lines.append(Paragraph(f"{label}. {esc(sig.nomor_induk)}", st.centred))
    return lines


def _qr_block(data: LetterData, width: float, st: _Styles) -> Table:
    caption: list[Flowable] = [
        Paragraph("Kode verifikasi:", st.code),
        Paragraph(f"<b>{esc(data.verification_code) or '-'}</b>", st.code_big),
    ]
    if data.valid_until is not None:
        caption.append(Paragraph(f"Berlaku sampai {format_date(data.valid_until)}", st.code))
    caption.append(Paragraph("Pindai QR untuk memeriksa keaslian.", st.code))
    # No drawn quiet zone: the page margin (left), the spacers above and below and the
    # gap before the caption keep more than the 4 white modules a scanner needs.
    qr = QrFlowable(data.qr_payload, QR_SIZE, quiet_zone=False)
    gap = 3 * mm
    table = _grid([[qr, caption]], [QR_SIZE + gap, width - QR_SIZE - gap], st.body.fontName,
                  row_gap=0)
    table.setStyle(TableStyle([("VALIGN", (1, 0), (1, 0), "MIDDLE")]))
    return table


def _tembusan(data: LetterData, width: float, st: _Styles) -> list[Flowable]:
    if not data.tembusan:
        return []
    return [Paragraph("Tembusan:", st.small), _numbered(data.tembusan, width, st.small, 5 * mm)]


def _closing(data: LetterData, width: float, st: _Styles) -> list[Flowable]:
    """Closing line, signature block and Tembusan, kept on one page together.

    The left of the signature holds the QR (top, beside the place and date) and the Tembusan
    (bottom-left, beside the name, where it ends a typed letter anyway): the space beside a
    signature is otherwise empty, and using it lets a letter and its slip share one sheet.
    """
    left_width = width - SIGNATURE_WIDTH
    inner = left_width - 4 * mm
    left: list[Flowable] = []
    if data.qr_payload:
        left = [Spacer(0, 1.5 * mm), _qr_block(data, inner, st), Spacer(0, 2.5 * mm)]
    left += _tembusan(data, inner, st)
    signature = _grid([[left, _signatory_lines(data, st)]], [left_width, SIGNATURE_WIDTH],
                      st.body.fontName)
    if not data.qr_payload:  # Tembusan alone: level with the name at the bottom
        signature.setStyle(TableStyle([("VALIGN", (0, 0), (0, 0), "BOTTOM")]))
    closing: list[Flowable] = [
        Spacer(0, 1.5 * mm),
        Paragraph("Demikian surat rujukan ini kami sampaikan. Atas perhatian dan kerja sama "
                  "Bapak/Ibu, kami ucapkan terima kasih.", st.justified),
        Spacer(0, 2 * mm),
        signature,
    ]
    # The signature must never sit alone on a page without the closing text above it.
    return [CondPageBreak(55 * mm), KeepTogether(closing)]


def build_story(data: LetterData, fonts: FontSet, sheet: Paper) -> list[Flowable]:
    """The flowables of the letter; exposed so reports can reuse parts in their own PDFs."""
    width = sheet.content_width
    st = _styles(fonts)
    story = _heading(data, width, st) + _body(data, width, st) + _closing(data, width, st)
    if data.return_code:
        slip = return_slip(
            fonts, width, return_code=data.return_code, number=data.number,
            issued=data.issued, person_name=data.person.nama, return_to=data.issuer,
        )
        story.append(BottomAnchored(slip, min_gap=2 * mm))
    return story


def check_qr_matches(data: LetterData) -> None:
    """The printed number, date, expiry and code must be what the QR states, or a verifier
    would call a genuine letter's paper and QR inconsistent. A mismatch is a service bug,
    so it raises ``ValueError`` rather than printing a misleading letter."""
    if not data.qr_payload:
        return
    claims = parse_payload(data.qr_payload)
    if (
        claims.number != data.number
        or claims.issued != data.issued
        or (data.valid_until is not None and claims.expires != data.valid_until)
        or claims.verification_code != data.verification_code
    ):
        raise ValueError("isi kode QR tidak sesuai dengan nomor/tanggal/kode pada surat")


def render_referral_letter(
    data: LetterData, paper: PaperName | str = "A4", *, font_style: FontStyle = "sans"
) -> bytes:
    """The letter as PDF bytes on A4 or F4 paper.

    ``font_style`` "sans" (Liberation Sans, metrics of Arial) or "serif" (Liberation Serif,
    metrics of Times New Roman), per the office's habit. A damaged logo is a UserError; a QR
    payload that contradicts the printed facts is a ``ValueError`` (see
    :func:`check_qr_matches`).
    """
    check_qr_matches(data)
    sheet = paper_named(paper)
    fonts = register_fonts(font_style)
    kop = layout_letterhead(data.letterhead, fonts, sheet.content_width)
    setup = PageSetup(sheet, fonts, data.letterhead, kop,
                      running_reference=f"{data.title.title()} Nomor {data.number}")
    return build_pdf(
        build_story(data, fonts, sheet),
        setup,
        title=f"{data.title.title()} {data.number}",
        author=data.issuer,
        subject=data.perihal,
        # The signed QR text (no NIK in it) for `letter verify <file.pdf>` without imaging.
        keywords=data.qr_payload,
    )
