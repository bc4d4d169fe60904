"""Shipped reference data (``resources/referensi/*.json``), read once and cached.

The files are regulations kept as data; :func:`load_all_reference_data` is called at start
so that a broken or missing file stops the app with a message naming the file and line
(see :mod:`puskesos_desktop.domain.reference`) instead of failing later in a form.

Each loader is cached with :func:`functools.cache`: the files never change while the app
runs (they are part of the installation), and the score/hints are computed often.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.reference import (
    NeedCatalogue,
    PpksCatalogue,
    ProgrammeCatalogue,
    PsksCatalogue,
    ScoreWeights,
    SosekCatalogue,
    SpmCatalogue,
    parse_needs,
    parse_ppks,
    parse_programmes,
    parse_psks,
    parse_score_weights,
    parse_sosek,
    parse_spm,
)
from puskesos_desktop.i18n import _
from puskesos_desktop.paths import resource

__all__ = [
    "REFERENCE_FILES",
    "ReferenceData",
    "clear_cache",
    "load_all_reference_data",
    "need_catalogue",
    "ppks_catalogue",
    "programme_catalogue",
    "psks_catalogue",
    "read_reference_file",
    "score_weights",
    "sosek_catalogue",
    "spm_catalogue",
]

REFERENCE_FILES = (
    "ppks.json",
    "psks.json",
    "spm.json",
    "kebutuhan.json",
    "sosek.json",
    "program.json",
    "bobot_skor.json",
)


def read_reference_file(name: str) -> bytes:
    """Raw bytes of one shipped file; a missing or unreadable file is a UserError."""
    try:
        return resource("referensi", name).read_bytes()
    except OSError as error:
        raise UserError(
            _(
                "Berkas referensi {name} tidak dapat dibaca ({error}). Pasang ulang aplikasi."
            ).format(name=name, error=error.strerror or error)
        ) from error


@cache
def ppks_catalogue() -> PpksCatalogue:
    return parse_ppks(read_reference_file("ppks.json"), "ppks.json")


@cache
def psks_catalogue() -> PsksCatalogue:
    return parse_psks(read_reference_file("psks.json"), "psks.json")


@cache
def spm_catalogue() -> SpmCatalogue:
    return parse_spm(read_reference_file("spm.json"), ppks=ppks_catalogue())


@cache
def need_catalogue() -> NeedCatalogue:
    return parse_needs(read_reference_file("kebutuhan.json"), "kebutuhan.json")


@cache
def sosek_catalogue() -> SosekCatalogue:
    return parse_sosek(read_reference_file("sosek.json"), "sosek.json")


@cache
def programme_catalogue() -> ProgrammeCatalogue:
    return parse_programmes(
        read_reference_file("program.json"), ppks=ppks_catalogue(), sosek=sosek_catalogue()
    )


@cache
def score_weights() -> ScoreWeights:
    return parse_score_weights(
        read_reference_file("bobot_skor.json"),
        ppks=ppks_catalogue(),
        sosek=sosek_catalogue(),
        programmes=programme_catalogue(),
    )


@dataclass(frozen=True)
class ReferenceData:
    ppks: PpksCatalogue
    psks: PsksCatalogue
    spm: SpmCatalogue
    needs: NeedCatalogue
    sosek: SosekCatalogue
    programmes: ProgrammeCatalogue
    weights: ScoreWeights

    @property
    def versions(self) -> dict[str, str]:
        """File name → ``versi``, e.g. for the About dialog and the diagnostics report."""
        return {
            "ppks.json": self.ppks.version,
            "psks.json": self.psks.version,
            "spm.json": self.spm.version,
            "kebutuhan.json": self.needs.version,
            "sosek.json": self.sosek.version,
            "program.json": self.programmes.version,
            "bobot_skor.json": self.weights.version,
        }


def load_all_reference_data() -> ReferenceData:
    """Load and validate every file (raises the first UserError); called at start."""
    return ReferenceData(
        ppks=ppks_catalogue(),
        psks=psks_catalogue(),
        spm=spm_catalogue(),
        needs=need_catalogue(),
        sosek=sosek_catalogue(),
        programmes=programme_catalogue(),
        weights=score_weights(),
    )


def clear_cache() -> None:
    """Forget loaded files (tests; a future 'reload reference data' action)."""
    for loader in (
        ppks_catalogue,
        psks_catalogue,
        spm_catalogue,
        need_catalogue,
        sosek_catalogue,
        programme_catalogue,
        score_weights,
    ):
        loader.cache_clear()
