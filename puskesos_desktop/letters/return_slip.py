"""The return slip (lembar balik) at the foot of a referral letter.

The receiving agency ticks what happened, signs, stamps, and sends the slip back with the
resident; the desk operator types the short return code to record the outcome. The slip
repeats the letter number, date and name so a slip torn off and separated can still be
matched by hand, and it is built as one block that :class:`document.BottomAnchored` never
splits across pages.
"""

from __future__ import annotations

from datetime import date

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from puskesos_desktop.domain.dates_id import format_date
from puskesos_desktop.letters.fonts import FontSet
from puskesos_desktop.letters.text import esc

SLIP_TITLE = "LEMBAR BALIK"
_DOTS = (0.6, 2.2)


def draw_scissors(canvas: Canvas, x: float, middle: float) -> None:
    """A small pair of open scissors pointing right along the cut line, drawn as vectors
    (no symbol font to embed for one glyph)."""
    canvas.saveState()
    canvas.setDash()
    canvas.setLineWidth(0.8)
    for sign in (1, -1):
        canvas.circle(x + 2.6, middle + sign * 2.7, 2.0, stroke=1, fill=0)
        path = canvas.beginPath()  # blade from this handle across the pivot to the far tip
        path.moveTo(x + 4.3, middle + sign * 1.7)
        path.lineTo(x + 15.5, middle - sign * 2.6)
        path.lineTo(x + 14.0, middle - sign * 1.4)
        path.close()
        canvas.drawPath(path, stroke=1, fill=1)
    canvas.restoreState()


class CutLine(Flowable):
    """A dashed cut line across the width with scissors at the left."""

    def __init__(self, fonts: FontSet, height: float = 12.0) -> None:
        super().__init__()
        self.fonts = fonts
        self.height = height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        middle = self.height / 2
        label = "potong di sini"
        label_width = stringWidth(label, self.fonts.italic, 7.5)
        canvas.saveState()
        canvas.setLineWidth(0.6)
        canvas.setDash(4, 3)
        canvas.line(20, middle, self.width - label_width - 4, middle)
        draw_scissors(canvas, 0, middle)
        canvas.setFont(self.fonts.italic, 7.5)
        canvas.drawRightString(self.width, middle - 2.5, label)
        canvas.restoreState()


class Checkboxes(Flowable):
    """Empty tick boxes with their labels on one line (vector squares: crisp on any
    printer and no symbol font to embed)."""

    def __init__(self, labels: tuple[str, ...], font: str, size: float,
                 height: float = 16.0) -> None:
        super().__init__()
        self.labels = labels
        self.font = font
        self.size = size
        self.height = height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        box = self.size * 0.95
        baseline = 1.0
        x = 0.0
        canvas.saveState()
        canvas.setLineWidth(0.7)
        canvas.setFont(self.font, self.size)
        for label in self.labels:
            canvas.rect(x, baseline - 0.5, box, box, stroke=1, fill=0)
            x += box + 3
            canvas.drawString(x, baseline, label)
            x += stringWidth(label, self.font, self.size) + 10
        canvas.restoreState()


class FillIn(Flowable):
    """``Label: ........`` with a dotted writing line to the right edge."""

    def __init__(self, label: str, font: str, size: float, height: float = 17.0) -> None:
        super().__init__()
        self.label = label
        self.font = font
        self.size = size
        self.height = height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        baseline = 1.0  # level with the checkbox Paragraph beside it
        canvas.saveState()
        canvas.setFont(self.font, self.size)
        canvas.drawString(0, baseline, self.label)
        start = stringWidth(self.label, self.font, self.size) + 3 if self.label else 0
        canvas.setLineWidth(0.5)
        canvas.setDash(*_DOTS)
        canvas.line(start, baseline - 1, self.width - 2, baseline - 1)
        canvas.restoreState()


def return_slip(
    fonts: FontSet,
    width: float,
    *,
    return_code: str,
    number: str,
    issued: date,
    person_name: str,
    return_to: str,
) -> list[Flowable]:
    """Cut line plus the slip table, ``width`` wide."""
    size = 9.5
    base = ParagraphStyle("slip", fontName=fonts.regular, fontSize=size, leading=size * 1.3)
    title = ParagraphStyle("slipTitle", parent=base, fontName=fonts.bold, fontSize=10.5)
    code_style = ParagraphStyle("slipCode", parent=base, alignment=2, fontSize=10.5,
                                leading=14)
    note = ParagraphStyle("slipNote", parent=base, fontName=fonts.italic, fontSize=8.5,
                          leading=11)
    sign_width = 44 * mm
    left_width = width - sign_width - 4 * mm
    first = left_width * 0.6
    fill_rows = Table(
        [[Checkboxes(("Diterima", "Ditolak", "Sudah dilayani"), fonts.regular, size),
          FillIn("Tanggal:", fonts.regular, size)],
         [FillIn("Keterangan:", fonts.regular, size),
          FillIn("Nama petugas:", fonts.regular, size)]],
        colWidths=[first, left_width - first],
        rowHeights=[8.5 * mm, 8.5 * mm],
        style=[("FONTNAME", (0, 0), (-1, -1), fonts.regular),
               ("LEFTPADDING", (0, 0), (-1, -1), 0),
               ("RIGHTPADDING", (0, 0), (0, -1), 8),
               ("RIGHTPADDING", (1, 0), (1, -1), 0),
               ("TOPPADDING", (0, 0), (-1, -1), 0),
               ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
               ("VALIGN", (0, 0), (-1, -1), "BOTTOM")],
    )
    sign_box = Table(
        [[Paragraph("Tanda tangan &amp; cap", ParagraphStyle(
            "slipSign", parent=note, alignment=1))]],
        colWidths=[sign_width], rowHeights=[17 * mm],
        style=[("FONTNAME", (0, 0), (-1, -1), fonts.regular),
               ("BOX", (0, 0), (-1, -1), 0.5, colors.black),
               ("VALIGN", (0, 0), (-1, -1), "TOP")],
    )
    heading = Table(
        [[Paragraph(f"{SLIP_TITLE} \u2014 diisi oleh lembaga penerima", title),
          Paragraph(f'Kode balik: <b><font size="12.5">{esc(return_code)}</font></b>',
                    code_style)]],
        colWidths=[width - 70 * mm, 70 * mm],
        style=[("FONTNAME", (0, 0), (-1, -1), fonts.regular),
               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
               ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
               ("VALIGN", (0, 0), (-1, -1), "BOTTOM")],
    )
    rows = [
        [heading, Spacer(0, 0)],
        [Paragraph(f"Surat rujukan Nomor {esc(number)} tanggal {format_date(issued)} atas "
                   f"nama <b>{esc(person_name)}</b>", base), Spacer(0, 0)],
        [fill_rows, sign_box],
        [Paragraph(f"Kembalikan lembar ini ke {esc(return_to)} (melalui warga atau dikirim "
                   "langsung oleh lembaga penerima).", note), Spacer(0, 0)],
    ]
    table = Table(
        rows,
        colWidths=[left_width + 4 * mm, sign_width],
        style=TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), fonts.regular),
            ("SPAN", (0, 0), (1, 0)),
            ("SPAN", (0, 1), (1, 1)),
            ("SPAN", (0, 3), (1, 3)),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
            ("VALIGN", (0, 2), (0, 2), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 2), (0, 2), 4 * mm),
            ("TOPPADDING", (0, 0), (-1, -1), 0.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ("TOPPADDING", (0, 3), (-1, 3), 2.5),
        ]),
    )
    return [CutLine(fonts), table]
