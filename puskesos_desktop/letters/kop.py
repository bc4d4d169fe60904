"""The letterhead (kop surat), drawn the same way on letters and PDF reports.

An Indonesian official letterhead has the regional logo at the left and, centred across the
whole width, ``PEMERINTAH KABUPATEN X`` / ``KECAMATAN Y`` / **``DESA Z``** (bold, larger) /
address and contacts, closed by a thick-over-thin double rule. The text is centred on the
page, not in the space beside the logo, so that a kop with or without a logo looks the same;
lines are shrunk (then wrapped, for the address) until they clear the logo on both sides.

Pages after the first carry a compact running header instead (office name and a right-hand
reference such as the letter number) so a loose second sheet can be matched to its letter.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.i18n import _
from puskesos_desktop.letters.fonts import FontSet

LOGO_MAX = 24 * mm
LOGO_GAP = 3 * mm
RULE_THICK = 2.2
RULE_THIN = 0.7
RULE_GAP = 1.6
MIN_SHRINK = 0.72
LINE_STEP = 1.12


@dataclass(frozen=True, slots=True)
class Letterhead:
    """The desk's official identity as printed at the top of its documents."""

    instansi: str  # PEMERINTAH KABUPATEN JEPARA
    unit: str  # KECAMATAN BANGSRI (may be empty, e.g. at the district office)
    nama: str  # DESA BANGSRI
    alamat: str = ""
    kode_pos: str = ""
    telepon: str = ""
    email: str = ""
    laman: str = ""
    logo_png: bytes | None = None


@dataclass(frozen=True, slots=True)
class _Line:
    text: str
    font: str
    size: float


@dataclass(frozen=True, slots=True)
class KopLayout:
    """A letterhead measured for one width; draw it with :func:`draw_letterhead`."""

    lines: tuple[_Line, ...]
    logo: ImageReader | None
    logo_width: float
    logo_height: float
    text_height: float
    height: float  # from the top of the kop to the bottom of the thin rule


def _logo(png: bytes | None) -> tuple[ImageReader | None, float, float]:
    if not png:
        return None, 0.0, 0.0
    try:
        image = ImageReader(io.BytesIO(png))
        width, height = image.getSize()
    except Exception as err:  # Pillow raises many types for a damaged file
        raise UserError(
            _(
                "Logo kop surat tidak dapat dibaca. Pilih ulang berkas logo (PNG) di pengaturan "
                "kop surat, atau kosongkan logo."
            )
        ) from err
    if width <= 0 or height <= 0:
        raise UserError(_("Logo kop surat kosong. Pilih ulang berkas logo di pengaturan kop."))
    scale = min(LOGO_MAX / width, LOGO_MAX / height)
    return image, width * scale, height * scale


def _fit(text: str, font: str, size: float, width: float) -> list[_Line]:
    """Shrink to fit ``width`` (a long village name must not run under the logo); a name
    too long even at 72 % is wrapped rather than shrunk into illegibility."""
    natural = stringWidth(text, font, size)
    if natural <= width:
        return [_Line(text, font, size)]
    size = max(size * MIN_SHRINK, size * width / natural)
    return [_Line(part, font, size) for part in simpleSplit(text, font, size, width)]


def _contact_text(head: Letterhead) -> list[str]:
    address = head.alamat.strip()
    if head.kode_pos.strip():
        address = f"{address}, Kode Pos {head.kode_pos.strip()}" if address else (
            f"Kode Pos {head.kode_pos.strip()}"
        )
    contacts = [
        f"{label} {value.strip()}"
        for label, value in (("Telepon", head.telepon), ("Email:", head.email),
                             ("Laman:", head.laman))
        if value.strip()
    ]
    return [text for text in (address, ", ".join(contacts)) if text]


def layout_letterhead(head: Letterhead, fonts: FontSet, width: float) -> KopLayout:
    """Measure the kop for a content ``width``; logo problems are a :class:`UserError`."""
    logo, logo_w, logo_h = _logo(head.logo_png)
    text_width = width - 2 * (logo_w + LOGO_GAP) if logo is not None else width
    lines = _fit(head.instansi.strip().upper(), fonts.bold, 13.5, text_width)
    if head.unit.strip():
        lines += _fit(head.unit.strip().upper(), fonts.bold, 13.5, text_width)
    lines += _fit(head.nama.strip().upper(), fonts.bold, 17.5, text_width)
    for text in _contact_text(head):
        for part in simpleSplit(text, fonts.regular, 9.5, text_width):
            lines.append(_Line(part, fonts.regular, 9.5))
    text_height = sum(line.size * LINE_STEP for line in lines)
    body = max(text_height, logo_h)
    height = body + 2.5 * mm + RULE_THICK + RULE_GAP + RULE_THIN
    return KopLayout(tuple(lines), logo, logo_w, logo_h, text_height, height)


def draw_double_rule(canvas: Canvas, x: float, y: float, width: float) -> float:
    """Thick rule with its top at ``y`` and a thin one under it; returns the bottom."""
    canvas.saveState()
    canvas.setLineCap(0)
    canvas.setLineWidth(RULE_THICK)
    canvas.line(x, y - RULE_THICK / 2, x + width, y - RULE_THICK / 2)
    thin_y = y - RULE_THICK - RULE_GAP - RULE_THIN / 2
    canvas.setLineWidth(RULE_THIN)
    canvas.line(x, thin_y, x + width, thin_y)
    canvas.restoreState()
    return y - RULE_THICK - RULE_GAP - RULE_THIN


def draw_letterhead(canvas: Canvas, layout: KopLayout, x: float, top: float, width: float) -> float:
    """Draw the kop with its top edge at ``top``; returns the y of the bottom rule."""
    body = max(layout.text_height, layout.logo_height)
    if layout.logo is not None:
        logo_y = top - body / 2 - layout.logo_height / 2
        canvas.drawImage(layout.logo, x, logo_y, layout.logo_width, layout.logo_height,
                         mask="auto")
    centre = x + width / 2
    y = top - (body - layout.text_height) / 2
    for line in layout.lines:
        step = line.size * LINE_STEP
        canvas.setFont(line.font, line.size)
        # baseline about 0.8 of the step below the line's top, as cap height + descender
        canvas.drawCentredString(centre, y - step * 0.8, line.text)
        y -= step
    return draw_double_rule(canvas, x, top - body - 2.5 * mm, width)


def draw_running_header(
    canvas: Canvas, head: Letterhead, fonts: FontSet, x: float, top: float, width: float,
    reference: str,
) -> float:
    """A one-line header for continuation pages; returns the y under its rule."""
    name = " ".join(part.strip().upper() for part in (head.nama, head.unit) if part.strip())
    canvas.saveState()
    baseline = top - 10
    canvas.setFont(fonts.bold, 9.5)
    canvas.drawString(x, baseline, name)
    canvas.setFont(fonts.regular, 9)
    canvas.drawRightString(x + width, baseline, reference)
    canvas.setLineWidth(0.6)
    canvas.line(x, baseline - 5, x + width, baseline - 5)
    canvas.restoreState()
    return baseline - 5
