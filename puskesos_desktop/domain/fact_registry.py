"""The fact registry: which facts the declarative rules may test, and how to read them.

``program.json`` and ``bobot_skor.json`` name facts (``"fakta": "lantai"``); this registry
maps each name to a getter on :class:`HouseholdFacts` / :class:`PersonFacts`, its kind (so
the parser rejects ``"min"`` on a yes/no fact), where its valid codes come from, and the
Indonesian label that becomes the "still to ask" text when the fact is unknown.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum, StrEnum
from types import MappingProxyType
from typing import Any

from puskesos_desktop.domain.assessment_facts import (
    ELDERLY_AGE,
    HouseholdFacts,
    JenisKelamin,
    JenjangSekolah,
    PersonFacts,
    StatusSekolah,
    TingkatDisabilitas,
)

__all__ = [
    "DIFFICULTY_PREFIX",
    "HOUSEHOLD_FACTS",
    "PERSON_FACTS",
    "FactKind",
    "FactSpec",
    "household_fact",
    "person_fact",
    "sosek_problems",
]


class FactKind(Enum):
    BOOL = "ya/tidak"
    NUMBER = "bilangan"
    CODE = "kode"
    CODES = "daftar kode"


@dataclass(frozen=True)
class FactSpec:
    """A fact the declarative rules may test.

    ``options`` names where valid codes come from: ``"sosek:<variable>"``, ``"ppks"``,
    ``"program"``, ``"ragam_disabilitas"`` or a fixed tuple of codes.
    """

    code: str
    label: str
    kind: FactKind
    get: Callable[[Any], Any]
    options: str | tuple[str, ...] | None = None
    missing: Callable[[Any], tuple[str, ...]] | None = None
    """Labels to ask for when the value is unknown (derived facts); default ``(label,)``."""


def _codes(enum: type[StrEnum]) -> tuple[str, ...]:
    return tuple(str(member) for member in enum)


def _attr(name: str) -> Callable[[Any], Any]:
    return lambda subject: getattr(subject, name)


def _household_specs() -> list[FactSpec]:
    sosek_single = {
        "status_bangunan": "status kepemilikan bangunan",
        "bukti_lahan": "bukti kepemilikan lahan",
        "lantai": "jenis lantai terluas",
        "dinding": "jenis dinding terluas",
        "atap": "jenis atap terluas",
        "air_minum": "sumber air minum",
        "penerangan": "sumber penerangan",
        "daya_listrik": "daya listrik terpasang",
        "bahan_bakar": "bahan bakar memasak",
        "fasilitas_bab": "fasilitas buang air besar",
        "jenis_kloset": "jenis kloset",
        "pembuangan_tinja": "pembuangan akhir tinja",
    }
    sosek_multi = {
        "aset": "kepemilikan aset",
        "ternak": "kepemilikan ternak",
        "sumber_penghasilan": "sumber penghasilan keluarga",
    }

    def missing_area(facts: HouseholdFacts) -> tuple[str, ...]:
        labels = [] if facts.luas_lantai is not None else ["luas lantai rumah (m²)"]
        return (*labels, *([] if facts.jumlah_jiwa else ["jumlah anggota keluarga"]))

    def missing_income(facts: HouseholdFacts) -> tuple[str, ...]:
        if not facts.anggota:
            return ("penghasilan per bulan anggota keluarga",)
        return tuple(
            f"penghasilan per bulan ({person.nama or f'anggota ke-{index}'})"
            for index, person in enumerate(facts.anggota, start=1)
            if person.penghasilan_bulanan is None
        )

    specs = [
        FactSpec("desil", "desil DTSEN", FactKind.NUMBER, _attr("desil")),
        FactSpec("luas_lantai", "luas lantai rumah (m²)", FactKind.NUMBER, _attr("luas_lantai")),
        FactSpec(
            "jumlah_anggota", "jumlah anggota keluarga", FactKind.NUMBER, _attr("jumlah_jiwa")
        ),
        FactSpec(
            "luas_lantai_per_orang",
            "luas lantai per orang",
            FactKind.NUMBER,
            _attr("luas_lantai_per_orang"),
            missing=missing_area,
        ),
        FactSpec(
            "penghasilan_keluarga",
            "penghasilan keluarga per bulan",
            FactKind.NUMBER,
            _attr("penghasilan_keluarga"),
            missing=missing_income,
        ),
        FactSpec(
            "program_diterima",
            "program bantuan yang sedang diterima",
            FactKind.CODES,
            _attr("semua_program"),
            "program",
        ),
        FactSpec("ppks", "kategori PPKS", FactKind.CODES, _attr("ppks"), "ppks"),
        FactSpec("punya_kks", "kepemilikan kartu KKS", FactKind.BOOL, _attr("punya_kks")),
        FactSpec(
            "pernah_bantuan_rumah",
            "pernah menerima bantuan perumahan",
            FactKind.BOOL,
            _attr("pernah_bantuan_rumah"),
        ),
        FactSpec(
            "kehilangan_mata_pencaharian",
            "kehilangan mata pencaharian",
            FactKind.BOOL,
            _attr("kehilangan_mata_pencaharian"),
        ),
    ]
    specs += [
        FactSpec(code, label, FactKind.CODE, _attr(code), f"sosek:{code}")
        for code, label in sosek_single.items()
    ]
    specs += [
        FactSpec(code, label, FactKind.CODES, _attr(code), f"sosek:{code}")
        for code, label in sosek_multi.items()
    ]
    return specs


def _pregnant(person: PersonFacts) -> bool | None:
    """A man or a child is never counted as pregnant, whatever a form stored."""
    if person.bisa_hamil is False:
        return False
    return person.hamil


def _alone(person: PersonFacts) -> bool | None:
    """Only elderly people are asked; for a known younger age the answer is 'no'."""
    if person.umur is not None and person.umur < ELDERLY_AGE:
        return False
    return person.lansia_tinggal_sendiri


def _person_specs() -> list[FactSpec]:
    return [
        FactSpec("umur", "umur", FactKind.NUMBER, _attr("umur")),
        FactSpec(
            "jenis_kelamin",
            "jenis kelamin",
            FactKind.CODE,
            _attr("jenis_kelamin"),
            _codes(JenisKelamin),
        ),
        FactSpec("hamil", "sedang hamil/nifas", FactKind.BOOL, _pregnant),
        FactSpec(
            "status_sekolah",
            "status sekolah",
            FactKind.CODE,
            _attr("status_sekolah"),
            _codes(StatusSekolah),
        ),
        FactSpec(
            "jenjang_aktif",
            "jenjang sekolah saat ini",
            FactKind.CODE,
            _attr("jenjang_aktif"),
            (*_codes(JenjangSekolah), "tidak_bersekolah"),
        ),
        FactSpec("punya_akta_lahir", "akta kelahiran", FactKind.BOOL, _attr("punya_akta_lahir")),
        FactSpec("punya_nisn", "NISN", FactKind.BOOL, _attr("punya_nisn")),
        FactSpec("yatim_piatu", "status yatim/piatu", FactKind.BOOL, _attr("yatim_piatu")),
        FactSpec(
            "disabilitas",
            "tingkat disabilitas",
            FactKind.CODE,
            _attr("disabilitas"),
            _codes(TingkatDisabilitas),
        ),
        FactSpec(
            "ragam_disabilitas",
            "ragam disabilitas",
            FactKind.CODES,
            _attr("ragam_disabilitas"),
            "ragam_disabilitas",
        ),
        FactSpec(
            "kesulitan_maks",
            "kesulitan fungsional (10 butir)",
            FactKind.NUMBER,
            _attr("kesulitan_maks"),
        ),
        FactSpec("sakit_kronis", "penyakit kronis", FactKind.BOOL, _attr("sakit_kronis")),
        FactSpec(
            "penyakit_kronis",
            "penyakit kronis",
            FactKind.CODES,
            _attr("penyakit_kronis"),
            "sosek:penyakit_kronis",
        ),
        FactSpec(
            "jaminan_kesehatan",
            "jaminan kesehatan",
            FactKind.CODES,
            _attr("jaminan_kesehatan"),
            "sosek:jaminan_kesehatan",
        ),
        FactSpec("lansia_tinggal_sendiri", "lansia tinggal sendiri", FactKind.BOOL, _alone),
        FactSpec(
            "penghasilan_bulanan",
            "penghasilan per bulan",
            FactKind.NUMBER,
            _attr("penghasilan_bulanan"),
        ),
        FactSpec(
            "program_diterima",
            "program yang diterima",
            FactKind.CODES,
            _attr("program_diterima"),
            "program",
        ),
    ]


HOUSEHOLD_FACTS: Mapping[str, FactSpec] = MappingProxyType(
    {spec.code: spec for spec in _household_specs()}
)
PERSON_FACTS: Mapping[str, FactSpec] = MappingProxyType(
    {spec.code: spec for spec in _person_specs()}
)


DIFFICULTY_PREFIX = "kesulitan:"
"""``kesulitan:berjalan`` = level (0–3) of one functional-difficulty item from sosek.json."""


def household_fact(name: str) -> FactSpec | None:
    return HOUSEHOLD_FACTS.get(name)


def person_fact(name: str) -> FactSpec | None:
    """Registry lookup plus the per-item difficulty facts (items are data, not code)."""
    if name.startswith(DIFFICULTY_PREFIX):
        item = name.removeprefix(DIFFICULTY_PREFIX)
        return FactSpec(
            name,
            f"kesulitan {item.replace('_', ' ')}",
            FactKind.NUMBER,
            lambda person: person.kesulitan.get(item),
        )
    return PERSON_FACTS.get(name)


def sosek_problems(facts: HouseholdFacts, options: Mapping[str, frozenset[str]]) -> list[str]:
    """Codes in ``facts`` that the loaded sosek.json does not list (``variable → codes``).

    Services call this before saving, so an old draft written under an earlier sosek.json
    version is caught with a readable message instead of silently scoring as "unknown".
    """
    problems: list[str] = []
    subjects: list[tuple[str, Any, Mapping[str, FactSpec]]] = [("", facts, HOUSEHOLD_FACTS)]
    subjects += [(person.nama, person, PERSON_FACTS) for person in facts.anggota]
    for who, subject, registry in subjects:
        for spec in registry.values():
            if not (isinstance(spec.options, str) and spec.options.startswith("sosek:")):
                continue
            variable = spec.options.removeprefix("sosek:")
            value = spec.get(subject)
            values = {value} if isinstance(value, str) else set(value or ())
            for code in sorted(values - options.get(variable, frozenset())):
                suffix = f" ({who})" if who else ""
                problems.append(f"{spec.label}{suffix}: kode '{code}' tidak ada di sosek.json")
    for index, person in enumerate(facts.anggota, start=1):
        for item in sorted(set(person.kesulitan) - options.get("kesulitan", frozenset())):
            problems.append(f"butir kesulitan '{item}' ({person.nama or index}) tidak dikenal")
    return problems
