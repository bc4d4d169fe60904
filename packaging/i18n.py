"""Keep the English catalogue in step with the Indonesian message ids in the code.

    python packaging/i18n.py update    # add new msgids to en.po (empty), drop vanished ones
    python packaging/i18n.py compile   # write en.mo from en.po

Message ids are Indonesian (the default UI needs no catalogue); `tests/test_i18n.py`
fails when a visible string has no English translation or the .mo is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "puskesos_desktop"
LOCALE = ROOT / "resources" / "locale"
KEYWORDS = {"_": None, "N_": None}


def extract() -> Catalog:
    """Every ``_()``/``N_()`` string of the package (letters are never translated)."""
    catalog = Catalog(project="puskesos-desktop", locale="id")
    method_map = [("**/migrations/**", "ignore"), ("**.py", "python")]
    for filename, lineno, message, _comments, _context in extract_from_dir(
        PACKAGE, method_map=method_map, keywords=KEYWORDS
    ):
        catalog.add(message, locations=[(filename, lineno)])
    return catalog


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "puskesos.po"


def read_catalog(language: str) -> Catalog:
    with po_path(language).open("rb") as handle:
        return read_po(handle, locale=language)


def update(language: str = "en") -> int:
    template = extract()
    path = po_path(language)
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog = read_catalog(language) if path.exists() else Catalog(locale=language)
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    with path.open("wb") as handle:
        write_po(handle, catalog, omit_header=False, sort_output=True, no_location=True)
    missing = [m.id for m in catalog if m.id and not m.string]
    for message in missing:
        print(f"belum diterjemahkan: {message!r}")
    return len(missing)


def compile_catalog(language: str = "en") -> None:
    catalog = read_catalog(language)
    with po_path(language).with_suffix(".mo").open("wb") as handle:
        write_mo(handle, catalog)


if __name__ == "__main__":
    action = sys.argv[1] if len(sys.argv) > 1 else "update"
    if action == "update":
        sys.exit(1 if update() else 0)
    compile_catalog()
