"""Draw the navigation icons: ``resources/icons/nav/<page>.png`` (22 px) and ``@2x`` (44 px).

    .venv/bin/python packaging/make_nav_icons.py

White line drawings for the dark blue navigation list, one per page: a house (Beranda), a
person with a card (Registrasi), a clipboard with a tick (Asesmen), a letter with an arrow
(Rujukan), two turning arrows (Sinkronisasi), a bar chart (Laporan), a gear (Pengaturan).
They replace Qt's generic standard pixmaps, which said little and cost some 10 ms before
the first paint (building ``QStyle``'s Python enums). Drawn at 8x and scaled down for
smooth edges; the outputs are committed, so a build never needs to run this.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "resources" / "icons" / "nav"
WHITE = (255, 255, 255, 255)
SIZE = 22
SCALE = 8
U = SIZE * SCALE / 22  # one unit of the 22-point design grid, in canvas pixels
LINE = round(1.8 * U)

Pen = ImageDraw.ImageDraw


def _p(*points: float) -> list[tuple[float, float]]:
    """Design-grid coordinates (0–22) to canvas pixels."""
    return [(points[i] * U, points[i + 1] * U) for i in range(0, len(points), 2)]


def _box(x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
    return (x0 * U, y0 * U, x1 * U, y1 * U)


def beranda(pen: Pen) -> None:
    pen.line(_p(2, 11, 11, 3, 20, 11), fill=WHITE, width=LINE, joint="curve")
    pen.line(_p(5, 9, 5, 19, 17, 19, 17, 9), fill=WHITE, width=LINE, joint="curve")
    pen.rectangle(_box(9.2, 13, 12.8, 19), fill=WHITE)


def registrasi(pen: Pen) -> None:
    pen.rounded_rectangle(_box(2, 4, 20, 18), radius=2 * U, outline=WHITE, width=LINE)
    pen.ellipse(_box(5, 7, 9.6, 11.6), fill=WHITE)
    pen.pieslice(_box(4, 11.5, 10.6, 18.5), 180, 360, fill=WHITE)
    for y in (8.5, 11.5, 14.5):
        pen.line(_p(12.5, y, 17.5, y), fill=WHITE, width=LINE)


def asesmen(pen: Pen) -> None:
    pen.rounded_rectangle(_box(4, 4, 18, 20.5), radius=1.5 * U, outline=WHITE, width=LINE)
    pen.rounded_rectangle(_box(8, 2, 14, 6), radius=1 * U, fill=WHITE)
    pen.line(_p(7.5, 13, 10, 15.8, 15, 9.5), fill=WHITE, width=LINE, joint="curve")


def rujukan(pen: Pen) -> None:
    pen.rectangle(_box(2, 6, 15, 17), outline=WHITE, width=LINE)
    pen.line(_p(2.5, 6.5, 8.5, 11.5, 14.5, 6.5), fill=WHITE, width=LINE, joint="curve")
    pen.line(_p(12, 14, 20, 14), fill=WHITE, width=LINE)
    pen.polygon(_p(21, 14, 17, 10.5, 17, 17.5), fill=WHITE)


def _arc_arrow(pen: Pen, start: float, end: float) -> None:
    """An arc of the circle around the centre, ending in an arrowhead."""
    pen.arc(_box(4, 4, 18, 18), start, end, fill=WHITE, width=LINE)
    angle = math.radians(end)
    x, y = 11 + 7 * math.cos(angle), 11 + 7 * math.sin(angle)
    tangent = angle + math.pi / 2
    tip = (x + 2.6 * math.cos(tangent), y + 2.6 * math.sin(tangent))
    side = [(x + 2.6 * math.cos(angle + s), y + 2.6 * math.sin(angle + s)) for s in (0, math.pi)]
    pen.polygon(_p(*tip, *side[0], *side[1]), fill=WHITE)


def sinkronisasi(pen: Pen) -> None:
    _arc_arrow(pen, 200, 330)
    _arc_arrow(pen, 20, 150)


def laporan(pen: Pen) -> None:
    pen.line(_p(3, 3, 3, 19, 20, 19), fill=WHITE, width=LINE, joint="curve")
    for x, top in ((6.5, 12), (10.5, 7), (14.5, 10), (18.5, 5)):
        pen.rectangle(_box(x - 1.3, top, x + 1.3, 17.5), fill=WHITE)


def pengaturan(pen: Pen) -> None:
    outline = []
    for tooth in range(8):  # each tooth: a slope up, a flat top, a slope down
        centre = math.pi * 2 * tooth / 8
        for radius, offset in ((7.4, -0.42), (9.6, -0.2), (9.6, 0.2), (7.4, 0.42)):
            outline += [
                11 + radius * math.cos(centre + offset),
                11 + radius * math.sin(centre + offset),
            ]
    pen.polygon(_p(*outline), fill=WHITE)
    pen.ellipse(_box(7.8, 7.8, 14.2, 14.2), fill=(0, 0, 0, 0))


ICONS: dict[str, Callable[[Pen], None]] = {
    "beranda": beranda,
    "registrasi": registrasi,
    "asesmen": asesmen,
    "rujukan": rujukan,
    "sinkronisasi": sinkronisasi,
    "laporan": laporan,
    "pengaturan": pengaturan,
}


def draw(icon: Callable[[Pen], None]) -> Image.Image:
    canvas = Image.new("RGBA", (SIZE * SCALE, SIZE * SCALE), (0, 0, 0, 0))
    icon(ImageDraw.Draw(canvas))
    return canvas


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, icon in ICONS.items():
        big = draw(icon)
        for suffix, pixels in (("", SIZE), ("@2x", SIZE * 2)):
            path = OUT / f"{name}{suffix}.png"
            big.resize((pixels, pixels), Image.Resampling.LANCZOS).save(path, optimize=True)
            print(path)


if __name__ == "__main__":
    main()
