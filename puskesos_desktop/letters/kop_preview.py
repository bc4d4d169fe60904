"""The letterhead alone, as a small PDF strip: the live preview in the profile settings.

Drawn by the same :func:`layout_letterhead`/:func:`draw_letterhead` as every letter and at
the same content width as an A4 letter, so line shrinking and wrapping in the preview are
exactly what will print; only the page is cropped to the kop (plus a small margin).
"""

from __future__ import annotations

import io

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from puskesos_desktop.letters.fonts import register_fonts
from puskesos_desktop.letters.kop import Letterhead, draw_letterhead, layout_letterhead
from puskesos_desktop.letters.paper import A4

MARGIN = 4 * mm


def render_letterhead_pdf(head: Letterhead) -> bytes:
    """One page just big enough for the kop; a damaged logo is a UserError (from layout)."""
    fonts = register_fonts("sans")
    width = A4.content_width
    layout = layout_letterhead(head, fonts, width)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width + 2 * MARGIN, layout.height + 2 * MARGIN))
    canvas.setTitle("Pratinjau kop surat")
    draw_letterhead(canvas, layout, MARGIN, layout.height + MARGIN, width)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
