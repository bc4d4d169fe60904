"""Draw the app icon: ``packaging/icon.png`` (256 px) and ``packaging/icon.ico`` (16-256 px).

    .venv/bin/python packaging/make_icon.py

A rounded square in the app's dark blue with a white "P" and a small warm heart in the
bowl's corner: "Puskesos" and care, legible down to 16 px. Drawn at 4x and scaled down
for smooth edges. Uses Pillow (installed with reportlab) and the bundled Liberation Sans.
Both outputs are committed, so a build never needs to run this.
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
FONT = HERE.parent / "resources" / "fonts" / "LiberationSans-Bold.ttf"
BLUE = (31, 58, 95, 255)  # #1f3a5f, the app's dark blue
WHITE = (255, 255, 255, 255)
HEART = (242, 177, 52, 255)  # warm yellow, readable on the blue
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]
SCALE = 4


def _heart(cx: float, cy: float, size: float) -> list[tuple[float, float]]:
    """The classic parametric heart, ``size`` wide, centred on (cx, cy)."""
    points = []
    for step in range(200):
        t = 2 * math.pi * step / 200
        x = 16 * math.sin(t) ** 3
        y = 13 * math.cos(t) - 5 * math.cos(2 * t) - 2 * math.cos(3 * t) - math.cos(4 * t)
        points.append((cx + x * size / 34, cy - y * size / 34))
    return points


def draw(size: int = 256) -> Image.Image:
    big = size * SCALE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    margin = big * 0.04
    pen.rounded_rectangle((margin, margin, big - margin, big - margin), radius=big * 0.2, fill=BLUE)
    font = ImageFont.truetype(str(FONT), int(big * 0.72))
    left, top, right, bottom = pen.textbbox((0, 0), "P", font=font)
    x = (big - (right - left)) / 2 - left - big * 0.05
    y = (big - (bottom - top)) / 2 - top
    pen.text((x, y), "P", font=font, fill=WHITE)
    # A ring of blue around the heart keeps it apart from the letter at small sizes.
    cx, cy, heart = big * 0.71, big * 0.71, big * 0.30
    pen.polygon(_heart(cx, cy, heart * 1.28), fill=BLUE)
    pen.polygon(_heart(cx, cy, heart), fill=HEART)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    icon = draw(256)
    icon.save(HERE / "icon.png", optimize=True)
    icon.save(HERE / "icon.ico", sizes=ICO_SIZES)
    print(f"{HERE / 'icon.png'}\n{HERE / 'icon.ico'}")


if __name__ == "__main__":
    main()
