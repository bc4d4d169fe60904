"""The shipped reference files (``resources/referensi``), parsed once by the domain parsers.

The domain tests work on the real catalogues, parsed here with the stdlib-only parsers of
:mod:`puskesos_desktop.domain.reference`, not through ``services/reference.py``: a domain
test must not need the service layer (nor its path lookup) to run.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from puskesos_desktop.domain.reference import (
    PpksCatalogue,
    ProgrammeCatalogue,
    ScoreWeights,
    SosekCatalogue,
    SpmCatalogue,
    parse_ppks,
    parse_programmes,
    parse_score_weights,
    parse_sosek,
    parse_spm,
)

REFERENSI = Path(__file__).resolve().parents[2] / "resources" / "referensi"


def text_of(name: str) -> str:
    """The text of one shipped file, e.g. ``"ppks.json"``."""
    return (REFERENSI / name).read_text(encoding="utf-8")


@cache
def ppks() -> PpksCatalogue:
    return parse_ppks(text_of("ppks.json"))


@cache
def sosek() -> SosekCatalogue:
    return parse_sosek(text_of("sosek.json"))


@cache
def programmes() -> ProgrammeCatalogue:
    return parse_programmes(text_of("program.json"), ppks=ppks(), sosek=sosek())


@cache
def spm() -> SpmCatalogue:
    return parse_spm(text_of("spm.json"), ppks=ppks())


@cache
def weights() -> ScoreWeights:
    return parse_score_weights(
        text_of("bobot_skor.json"), ppks=ppks(), sosek=sosek(), programmes=programmes()
    )
