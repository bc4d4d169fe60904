"""Embedded Unicode fonts for letters and reports.

reportlab's built-in Helvetica/Times are not embedded and only know Latin-1, so a name such
as "Ni Luh Putu Ayu Ṣ'adiyah" would print with holes and look different on every viewer.
We ship Liberation Sans and Serif (SIL OFL; metric-compatible with Arial and Times New Roman,
the faces Indonesian offices type letters in); they cover Latin Extended Additional, so
Balinese, Javanese and Arabic-derived names with dots below and macrons print. Symbols the
faces lack (scissors, tick boxes) are drawn as vectors instead of pulling in a symbol font.
reportlab embeds only the glyphs used, so a letter stays small.

Registration is global inside reportlab, so it happens once per process, under a lock (batch
printing may render from a worker thread).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from puskesos_desktop.paths import resource

FontStyle = Literal["sans", "serif"]

_FILES: dict[FontStyle, str] = {"sans": "LiberationSans", "serif": "LiberationSerif"}
_VARIANTS = (("", "Regular"), ("-Bold", "Bold"), ("-Italic", "Italic"),
             ("-BoldItalic", "BoldItalic"))

_lock = threading.Lock()
_registered: dict[FontStyle, FontSet] = {}


@dataclass(frozen=True, slots=True)
class FontSet:
    """reportlab names of one registered family; ``family`` works in Paragraph markup."""

    family: str
    regular: str
    bold: str
    italic: str
    bold_italic: str


def font_dir() -> Path:
    """Where the TTFs ship (``resources/fonts``), from source, wheel or frozen build."""
    return resource("fonts")


def _register_family(style: FontStyle, directory: Path) -> FontSet:
    family = f"Puskesos{style.capitalize()}"
    names = [f"{family}{suffix}" for suffix, _ in _VARIANTS]
    for name, (_, variant) in zip(names, _VARIANTS, strict=True):
        path = directory / f"{_FILES[style]}-{variant}.ttf"
        if not path.is_file():
            raise FileNotFoundError(
                f"Huruf {path.name} tidak ditemukan di {directory}; instalasi aplikasi tidak "
                "lengkap. Pasang ulang aplikasi."
            )
        pdfmetrics.registerFont(TTFont(name, str(path)))
    regular, bold, italic, bold_italic = names
    pdfmetrics.registerFontFamily(
        family, normal=regular, bold=bold, italic=italic, boldItalic=bold_italic
    )
    for name, is_bold, is_italic in ((regular, 0, 0), (bold, 1, 0), (italic, 0, 1),
                                     (bold_italic, 1, 1)):
        addMapping(family, is_bold, is_italic, name)
    return FontSet(family, regular, bold, italic, bold_italic)


def register_fonts(style: FontStyle = "sans", directory: Path | None = None) -> FontSet:
    """Register (once) and return the font family for ``style``; safe from any thread."""
    if style not in _FILES:
        raise ValueError(f"gaya huruf harus 'sans' atau 'serif', bukan {style!r}")
    with _lock:
        cached = _registered.get(style)
        if cached is not None:
            return cached
        base = directory if directory is not None else font_dir()
        fonts = _register_family(style, base)
        _registered[style] = fonts
        return fonts
