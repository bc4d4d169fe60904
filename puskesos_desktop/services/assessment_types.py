"""The assessment form as plain values, and its translation into the rules' facts.

:class:`AssessmentInput` is what the form edits, what a draft stores (as JSON) and what a
saved assessment reads back as, so one round trip serves autosave, reopening and copying
the last assessment forward. :func:`to_facts` is the only place that turns it into
:class:`HouseholdFacts`; the score and the hints never see the form or the database.

Conventions shared with :mod:`puskesos_desktop.domain.assessment_facts`: ``None`` = not
asked, an empty tuple = asked, none; an empty string in a choice field = not asked.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from types import MappingProxyType
from typing import Any

from puskesos_desktop.domain.assessment_enums import MetodeAsesmen, StatusAsesmen
from puskesos_desktop.domain.assessment_facts import (
    HouseholdFacts,
    JenisKelamin,
    JenjangSekolah,
    PersonFacts,
    StatusSekolah,
    TingkatDisabilitas,
)
from puskesos_desktop.domain.eligibility import ProgrammeHint
from puskesos_desktop.domain.scoring import ScoreResult
from puskesos_desktop.services.changes import ChangeKind, Changes

__all__ = [
    "ASSESSMENT_CHANGED",
    "AssessmentDetail",
    "AssessmentInput",
    "AssessmentSummary",
    "Evaluation",
    "MemberInput",
    "PpksInput",
    "SavedAssessment",
    "input_from_json",
    "input_to_json",
    "to_facts",
]

ASSESSMENT_CHANGED = Changes.of(ChangeKind.ASSESSMENT)
HOUSEHOLD_LISTS = ("aset", "ternak", "sumber_penghasilan", "program_diterima")
HOUSEHOLD_FLAGS = ("punya_kks", "pernah_bantuan_rumah", "kehilangan_mata_pencaharian")


@dataclass(frozen=True)
class PpksInput:
    kode: str
    bukti: str = ""
    orang_uid: str | None = None


@dataclass(frozen=True)
class MemberInput:
    """One member's row of the vulnerabilities tab."""

    nama: str
    orang_uid: str | None = None
    umur: int | None = None
    jenis_kelamin: str = ""  # "L" / "P" / ""
    hamil: bool | None = None
    status_sekolah: str = ""
    jenjang_sekolah: str = ""
    punya_akta_lahir: bool | None = None
    punya_nisn: bool | None = None
    yatim_piatu: bool | None = None
    disabilitas: str = ""
    ragam_disabilitas: tuple[str, ...] = ()
    kesulitan: Mapping[str, int] = field(default_factory=dict)
    penyakit_kronis: tuple[str, ...] | None = None
    jaminan_kesehatan: tuple[str, ...] | None = None
    lansia_tinggal_sendiri: bool | None = None
    penghasilan_bulanan: int | None = None
    program_diterima: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "kesulitan", MappingProxyType(dict(self.kesulitan)))

    def __hash__(self) -> int:
        return hash((self.nama, self.orang_uid, self.umur))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MemberInput):
            return NotImplemented
        return _plain(self) == _plain(other)


@dataclass(frozen=True)
class AssessmentInput:
    """The whole form. ``sosek`` maps single-choice variables of sosek.json to option codes."""

    keluarga_uid: str
    tanggal: date
    petugas: str
    metode: str = MetodeAsesmen.KUNJUNGAN_RUMAH.value
    orang_uid: str | None = None
    layanan_uid: str | None = None
    ppks: tuple[PpksInput, ...] = ()
    kebutuhan: tuple[str, ...] = ()
    catatan_kebutuhan: str = ""
    sosek: Mapping[str, str] = field(default_factory=dict)
    aset: tuple[str, ...] | None = None
    ternak: tuple[str, ...] | None = None
    sumber_penghasilan: tuple[str, ...] | None = None
    program_diterima: tuple[str, ...] | None = None
    punya_kks: bool | None = None
    pernah_bantuan_rumah: bool | None = None
    kehilangan_mata_pencaharian: bool | None = None
    luas_lantai: float | None = None
    jumlah_anggota: int | None = None
    desil: int | None = None
    desil_diperiksa: date | None = None
    anggota: tuple[MemberInput, ...] = ()
    pengamatan: str = ""
    rekomendasi: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "sosek", MappingProxyType(dict(self.sosek)))

    def __hash__(self) -> int:
        return hash((self.keluarga_uid, self.tanggal))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, AssessmentInput):
            return NotImplemented
        return input_to_json(self) == input_to_json(other)


@dataclass(frozen=True)
class Evaluation:
    """Score, hints and SPM groups computed from an input (live panel or a stored row)."""

    score: ScoreResult
    explanation: str
    hints: tuple[ProgrammeHint, ...]
    spm: tuple[str, ...]
    """SPM service codes (spm.json order)."""
    spm_labels: tuple[str, ...]


@dataclass(frozen=True)
class AssessmentSummary:
    uid: str
    keluarga_uid: str
    tanggal: date
    petugas: str
    metode: str
    status: str
    skor: int
    kategori_skor: str
    versi_bobot: str
    ppks: tuple[str, ...]
    orang_uid: str | None = None


@dataclass(frozen=True)
class AssessmentDetail:
    summary: AssessmentSummary
    data: AssessmentInput
    penjelasan_skor: str
    """The explanation frozen at save time (weights of that day)."""


@dataclass(frozen=True)
class SavedAssessment:
    uid: str
    skor: int
    kategori_skor: str
    penjelasan_skor: str
    status: str = StatusAsesmen.FINAL.value
    changes: Changes = ASSESSMENT_CHANGED


# -- facts ---------------------------------------------------------------------------------
def _enum(kind: type, value: str) -> Any:
    return kind(value) if value else None


def _codes(values: tuple[str, ...] | None) -> frozenset[str] | None:
    return None if values is None else frozenset(values)


def member_facts(member: MemberInput) -> PersonFacts:
    return PersonFacts(
        nama=member.nama,
        umur=member.umur,
        jenis_kelamin=_enum(JenisKelamin, member.jenis_kelamin),
        hamil=member.hamil,
        status_sekolah=_enum(StatusSekolah, member.status_sekolah),
        jenjang_sekolah=_enum(JenjangSekolah, member.jenjang_sekolah),
        punya_akta_lahir=member.punya_akta_lahir,
        punya_nisn=member.punya_nisn,
        yatim_piatu=member.yatim_piatu,
        disabilitas=_enum(TingkatDisabilitas, member.disabilitas),
        ragam_disabilitas=frozenset(member.ragam_disabilitas),
        kesulitan=dict(member.kesulitan),
        penyakit_kronis=_codes(member.penyakit_kronis),
        jaminan_kesehatan=_codes(member.jaminan_kesehatan),
        lansia_tinggal_sendiri=member.lansia_tinggal_sendiri,
        penghasilan_bulanan=member.penghasilan_bulanan,
        program_diterima=frozenset(member.program_diterima),
    )


def to_facts(data: AssessmentInput) -> HouseholdFacts:
    """The facts the score and the hints read; raises ValueError on impossible values."""
    # Only variables HouseholdFacts knows: a variable added to sosek.json later is kept in
    # the record (and shown) but no rule can read it until the facts learn about it.
    known = {f.name for f in fields(HouseholdFacts)}
    sosek = {key: value for key, value in data.sosek.items() if value and key in known}
    return HouseholdFacts(
        anggota=tuple(member_facts(member) for member in data.anggota),
        jumlah_anggota=data.jumlah_anggota,
        desil=data.desil,
        desil_diperiksa=data.desil_diperiksa,
        luas_lantai=data.luas_lantai,
        ppks=frozenset(item.kode for item in data.ppks),
        **{name: _codes(getattr(data, name)) for name in HOUSEHOLD_LISTS},
        **{name: getattr(data, name) for name in HOUSEHOLD_FLAGS},
        **sosek,
    )


# -- JSON (drafts) -------------------------------------------------------------------------
def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    return value


def input_to_json(data: AssessmentInput) -> str:
    return json.dumps(_plain(data), ensure_ascii=False, sort_keys=True)


def _tuple(value: Any) -> tuple[str, ...] | None:
    return None if value is None else tuple(value)


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def input_from_json(text: str) -> AssessmentInput:
    """Inverse of :func:`input_to_json`; unknown keys (older drafts) are ignored."""
    raw = json.loads(text)
    known = {f.name for f in fields(MemberInput)}
    members = []
    for item in raw.get("anggota", []):
        values = {key: value for key, value in item.items() if key in known}
        for name in ("ragam_disabilitas", "program_diterima"):
            values[name] = tuple(values.get(name) or ())
        for name in ("penyakit_kronis", "jaminan_kesehatan"):
            values[name] = _tuple(values.get(name))
        values["kesulitan"] = {k: int(v) for k, v in (values.get("kesulitan") or {}).items()}
        members.append(MemberInput(**values))
    top = {f.name for f in fields(AssessmentInput)}
    values = {key: value for key, value in raw.items() if key in top}
    values["tanggal"] = _date(values.get("tanggal")) or date.today()
    values["desil_diperiksa"] = _date(values.get("desil_diperiksa"))
    values["anggota"] = tuple(members)
    values["ppks"] = tuple(PpksInput(**item) for item in values.get("ppks", []))
    values["kebutuhan"] = tuple(values.get("kebutuhan", ()))
    for name in HOUSEHOLD_LISTS:
        values[name] = _tuple(values.get(name))
    return AssessmentInput(**values)
