"""Draw a QR symbol into a PDF as vector rectangles.

A raster QR image gets resampled by the PDF viewer and the printer driver; on a cheap inkjet
or a faxed copy the modules blur. Vector modules print as sharp as the printer allows and add
no image decoding to the render time. segno (pure Python, no Pillow) computes the matrix.

The payload is split into segments so the long base32 tail uses the QR alphanumeric mode
(5.5 bits a character) even when the letter number holds lower-case letters that force the
byte mode (8 bits) for its own run: the symbol stays a version or two smaller and easier to
scan at 25 mm.
"""

from __future__ import annotations

import re

import segno
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

_ALPHANUMERIC_RUN = re.compile(r"[0-9A-Z $%*+\-./:]+")
_MIN_ALPHANUMERIC_RUN = 12  # shorter runs cost more in mode switches than they save
QUIET_ZONE_MODULES = 4
# ISO 18004 picks the mask with the lowest penalty among eight; segno does that in pure
# Python for ~11 ms, a quarter of the 50 ms letter budget. Our payloads are mostly base32 of
# random bytes, for which the masks barely differ: over 60 signed payloads mask 3 scored on
# average 3 % (at worst 15 %) above the best penalty, far from anything a scanner notices.
# Any mask decodes the same; the decode test reads the printed page back at 200 dpi.
FIXED_MASK = 3


def _segments(payload: str) -> list[str]:
    """Runs of text: long alphanumeric runs apart from the rest. segno picks each segment's
    mode itself (alphanumeric, or byte for a run holding lower case or ``_``)."""
    segments: list[str] = []
    position = 0
    for match in _ALPHANUMERIC_RUN.finditer(payload):
        if match.end() - match.start() < _MIN_ALPHANUMERIC_RUN:
            continue
        if match.start() > position:
            segments.append(payload[position : match.start()])
        segments.append(match.group())
        position = match.end()
    if position < len(payload):
        segments.append(payload[position:])
    return segments


def qr_matrix(payload: str) -> list[list[bool]]:
    """Dark (True) and light modules of the symbol, without the quiet zone.

    Error correction level M (15 %) survives a fold or a stamp's edge across the symbol;
    segno raises it further when that fits in the same symbol version. ASCII only, so the
    byte segments read the same in any decoder charset. The mask is fixed (``FIXED_MASK``).
    """
    if not payload.isascii():
        raise ValueError("QR payload must be ASCII")
    symbol = segno.make(_segments(payload), error="M", micro=False, encoding="ascii",
                        mask=FIXED_MASK)
    return [[bool(module) for module in row] for row in symbol.matrix]


def draw_qr(canvas: Canvas, matrix: list[list[bool]], x: float, y: float, size: float) -> None:
    """Paint ``matrix`` with its lower-left corner at (x, y), ``size`` points wide.

    Each horizontal run of dark modules is one rectangle, all in one filled path, which keeps
    the PDF small and lets the rasteriser fill the union without hairline seams. The path is
    written in module units (small integers) under a scaling transform: shorter to format
    and exact, so neighbouring modules share edges without rounding gaps.
    """
    count = len(matrix)
    path = canvas.beginPath()
    for row_index, row in enumerate(matrix):
        top = count - row_index
        column = 0
        while column < count:
            if not row[column]:
                column += 1
                continue
            start = column
            while column < count and row[column]:
                column += 1
            path.rect(start, top - 1, column - start, 1)
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(size / count, size / count)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


class QrFlowable(Flowable):
    """The QR symbol ``size`` wide, as a platypus flowable.

    With ``quiet_zone`` the flowable also reserves the 4 white modules around the symbol;
    without it the caller's layout must leave that space white (saves height on a full page).
    """

    def __init__(self, payload: str, size: float = 25 * mm, *, quiet_zone: bool = True) -> None:
        super().__init__()
        self.matrix = qr_matrix(payload)
        self.size = size
        self.quiet = size / len(self.matrix) * QUIET_ZONE_MODULES if quiet_zone else 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        side = self.size + 2 * self.quiet
        return side, side

    def draw(self) -> None:
        draw_qr(self.canv, self.matrix, self.quiet, self.quiet, self.size)
