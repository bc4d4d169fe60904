"""Paper sizes an Indonesian village office prints on.

A4 is the national standard, but many offices still load F4 (Folio, 215 × 330 mm) in the
shared printer; a letter laid out for the wrong sheet gets clipped or shrunk, so the size is
chosen per print. Some software uses 8.5 × 13 in (215.9 × 330.2 mm) for F4; the 0.9 mm
difference disappears in the margins, so one F4 size serves both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from reportlab.lib.units import mm

PaperName = Literal["A4", "F4"]
PAPER_NAMES: tuple[PaperName, ...] = ("A4", "F4")


@dataclass(frozen=True, slots=True)
class Paper:
    """A sheet and the margins of an official letter on it, in PDF points."""

    name: PaperName
    width: float
    height: float
    # Tata naskah dinas habit: wider left margin for the binder, narrow top for the kop.
    left: float = 25 * mm
    right: float = 20 * mm
    top: float = 10 * mm
    bottom: float = 12 * mm

    @property
    def size(self) -> tuple[float, float]:
        return (self.width, self.height)

    @property
    def content_width(self) -> float:
        return self.width - self.left - self.right

    def landscape(self) -> Paper:
        """The same sheet turned sideways for a wide table (registers, district recaps), with
        even, narrower margins: such pages are read across, not bound like a letter."""
        return Paper(self.name, self.height, self.width, left=15 * mm, right=15 * mm,
                     top=9 * mm, bottom=11 * mm)


A4 = Paper("A4", 210 * mm, 297 * mm)
F4 = Paper("F4", 215 * mm, 330 * mm)


def paper(name: str) -> Paper:
    """``"A4"`` or ``"F4"`` (case-insensitive); anything else is a programming error."""
    key = name.strip().upper() if isinstance(name, str) else ""
    if key == "A4":
        return A4
    if key == "F4":
        return F4
    raise ValueError(f"ukuran kertas harus A4 atau F4, bukan {name!r}")
