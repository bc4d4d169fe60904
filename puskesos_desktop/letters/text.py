"""Turning operator-typed text into safe reportlab Paragraph markup.

Paragraph text is an XML-like markup: a reason such as ``anak < 5 tahun & ibu hamil`` would
break the parser or, worse, inject markup (``<font size=80>``). Everything typed by a person
goes through :func:`esc`; control characters (pasted from Word or WhatsApp) are dropped
because they render as boxes or upset the layout.
"""

from __future__ import annotations

import re
import unicodedata
from xml.sax.saxutils import escape

_SPACES = re.compile(r"[ \t\u00a0]+")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def clean(text: str) -> str:
    """Drop control and format characters except line breaks; normalise to NFC so a name
    typed with combining marks prints with the font's composed glyphs."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return "".join(
        ch for ch in text if ch == "\n" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs")
    )


def esc(text: str) -> str:
    """One line of typed text as Paragraph markup (line breaks become spaces)."""
    return escape(_SPACES.sub(" ", clean(text).replace("\n", " ")).strip())


def paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs as markup; single line breaks are kept as ``<br/>``."""
    result = []
    for block in _PARAGRAPH_BREAK.split(clean(text)):
        lines = [escape(_SPACES.sub(" ", line).strip()) for line in block.split("\n")]
        markup = "<br/>".join(line for line in lines if line)
        if markup:
            result.append(markup)
    return result
