"""The "Kunci Pemulihan" sheet: one page with the desk letterhead, kept in the office safe.

It is the only way back into an encrypted desk when every operator password is lost, so
it says plainly what it is, where to keep it, and how to use it, and shows the key in big
letters, in groups of four, in a box, with room to note where the sheet is filed.
Official Indonesian only (never translated), like the letters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from puskesos_desktop.domain.dates_id import format_date
from puskesos_desktop.letters.document import PageSetup, build_pdf
from puskesos_desktop.letters.fonts import register_fonts
from puskesos_desktop.letters.kop import Letterhead, layout_letterhead
from puskesos_desktop.letters.paper import A4

_STEPS = (
    "Buka aplikasi Puskesos Desk. Pada layar masuk, pilih <b>Lupa kata sandi? Pakai Kunci "
    "Pemulihan</b>.",
    "Ketik kunci di atas (tanda hubung dan huruf kecil/besar tidak berpengaruh).",
    "Isi nama pengguna admin dan kata sandi baru. Kata sandi lama tidak berlaku lagi untuk "
    "admin itu.",
    "Setelah masuk, buat Kunci Pemulihan baru di Pengaturan → Keamanan bila lembar ini "
    "pernah dilihat orang yang tidak berhak, lalu musnahkan lembar ini.",
)


@dataclass(frozen=True)
class RecoverySheet:
    recovery_key: str  # printed form, e.g. 7KQ2-M4XA-…
    desk_name: str  # "Puskesos Desa Kedungmalang"
    created: datetime


def render_recovery_sheet(letterhead: Letterhead, sheet: RecoverySheet) -> bytes:
    fonts = register_fonts("sans")
    width = A4.content_width
    body = ParagraphStyle("body", fontName=fonts.regular, fontSize=11, leading=15)
    title = ParagraphStyle("title", parent=body, fontName=fonts.bold, fontSize=15,
                           leading=19, alignment=TA_CENTER)
    centred = ParagraphStyle("centred", parent=body, alignment=TA_CENTER)
    key_style = ParagraphStyle("key", parent=body, fontName=fonts.bold, fontSize=22,
                               leading=30, alignment=TA_CENTER)
    groups = sheet.recovery_key.split("-")
    lines = ["&nbsp;&nbsp;".join(groups[i : i + 4]) for i in range(0, len(groups), 4)]
    key_box = Table([[Paragraph("<br/>".join(lines), key_style)]], colWidths=[width - 20 * mm])
    key_box.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 2, "black"),
        ("TOPPADDING", (0, 0), (-1, -1), 5 * mm), ("BOTTOMPADDING", (0, 0), (-1, -1), 5 * mm),
    ]))  # fmt: skip
    steps = Table(
        [[Paragraph(f"{n}.", body), Paragraph(text, body)] for n, text in enumerate(_STEPS, 1)],
        colWidths=[8 * mm, width - 8 * mm],
    )
    steps.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    note = Table(
        [[Paragraph("Disimpan di:", body), ""], [Paragraph("Disimpan oleh (nama, paraf):", body),
                                                  ""]],
        colWidths=[62 * mm, width - 62 * mm], rowHeights=[11 * mm, 11 * mm],
    )
    note.setStyle(TableStyle([("LINEBELOW", (1, 0), (1, -1), 0.6, "black"),
                              ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                              ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story = [
        Spacer(0, 4 * mm),
        Paragraph("KUNCI PEMULIHAN BASIS DATA", title),
        Paragraph(f"{sheet.desk_name} — dibuat {format_date(sheet.created.date())}, "
                  f"pukul {sheet.created:%H.%M}", centred),
        Spacer(0, 6 * mm),
        Paragraph(
            "Data warga di komputer Puskesos disimpan terenkripsi. Kunci di bawah ini membuka "
            "basis data bila <b>semua kata sandi operator terlupa</b>. Siapa pun yang memegang "
            "lembar ini dan komputernya dapat membaca seluruh data warga.", body),
        Spacer(0, 6 * mm),
        key_box,
        Spacer(0, 6 * mm),
        Paragraph("<b>Simpan</b> di lemari besi atau lemari terkunci kantor desa, terpisah dari "
                  "komputer. <b>Jangan</b> difoto, dikirim lewat WhatsApp, atau ditempel di "
                  "dekat komputer.", body),
        Spacer(0, 5 * mm),
        Paragraph("<b>Cara memakai:</b>", body),
        Spacer(0, 1.5 * mm),
        steps,
        Spacer(0, 8 * mm),
        note,
    ]
    kop = layout_letterhead(letterhead, fonts, width)
    setup = PageSetup(A4, fonts, letterhead, kop, running_reference="Kunci Pemulihan")
    return build_pdf(story, setup, title="Kunci Pemulihan", author=sheet.desk_name,
                     subject="Kunci pemulihan basis data terenkripsi")
