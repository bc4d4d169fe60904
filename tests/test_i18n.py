"""Every visible string has an English translation that keeps its placeholders."""

from __future__ import annotations

import gettext
import importlib.util
from pathlib import Path

import pytest

from puskesos_desktop import i18n

ROOT = Path(__file__).resolve().parent.parent


def _tooling():
    spec = importlib.util.spec_from_file_location("i18n_tooling", ROOT / "packaging" / "i18n.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_message_has_an_english_translation_with_same_placeholders() -> None:
    tooling = _tooling()
    english = tooling.read_catalog("en")
    untranslated, broken = [], []
    for message in tooling.extract():
        if not message.id:
            continue
        translated = english.get(message.id)
        if translated is None or not translated.string:
            untranslated.append(message.id)
        elif i18n.placeholders(message.id) != i18n.placeholders(translated.string):
            broken.append(message.id)
    assert untranslated == [], "run: python packaging/i18n.py update, then translate"
    assert broken == []


def test_compiled_catalogue_matches_the_po_file() -> None:
    tooling = _tooling()
    english = tooling.read_catalog("en")
    with tooling.po_path("en").with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [m.id for m in english if m.id and compiled.gettext(m.id) != m.string]
    assert stale == [], "run: python packaging/i18n.py compile"


@pytest.fixture
def english() -> object:
    i18n.set_language("en")
    yield
    i18n.set_language("id")


def test_switching_language_translates_and_falls_back(english: object) -> None:
    assert i18n.current_language() == "en"
    assert i18n._("Semua pemeriksaan lulus.") == "All checks passed."
    i18n.set_language("xx")
    assert i18n.current_language() == "id"
    assert i18n._("Semua pemeriksaan lulus.") == "Semua pemeriksaan lulus."
