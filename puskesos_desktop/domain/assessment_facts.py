"""The facts an assessment (asesmen) records, as plain typed values.

The score and the programme hints read ONLY these facts, never the database or the form,
so they can be unit-tested on worked examples and explained to a resident line by line.

``None`` always means "not asked / not known yet" and is different from ``False`` or an
empty set ("asked: no / none"). The rules treat unknown facts as unknown (never as "no"),
so a hint can say *which* fact is still missing instead of silently deciding.

Socio-economic answers (floor, wall, roof, …) are stored as the option CODES of
``sosek.json`` (Regsosek 2022 lists), not as enums: the lists are data and may change with
a regulation; :func:`sosek_problems` checks facts against the loaded list. Options that do
not change with regulations (sex, school status, the 4-level difficulty scale) are enums.

The names the declarative rules may use for these facts are in :mod:`fact_registry`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum, StrEnum
from types import MappingProxyType

__all__ = [
    "ELDERLY_AGE",
    "HouseholdFacts",
    "JenisKelamin",
    "JenjangSekolah",
    "PersonFacts",
    "StatusSekolah",
    "TingkatDisabilitas",
    "TingkatKesulitan",
]

ELDERLY_AGE = 60
"""Lansia in UU 13/1998 and for PPKS LUT. (PKH's 70+ practice lives in program.json.)"""


class JenisKelamin(StrEnum):
    LAKI_LAKI = "L"
    PEREMPUAN = "P"


class StatusSekolah(StrEnum):
    """Partisipasi sekolah, Regsosek 2022 question 412."""

    TIDAK_PERNAH = "tidak_pernah"
    MASIH_SEKOLAH = "masih_sekolah"
    TIDAK_SEKOLAH_LAGI = "tidak_sekolah_lagi"


class JenjangSekolah(StrEnum):
    """Current level for a child in school; Paket A/B/C, MI/MTs/MA and SLB map to SD/SMP/SMA."""

    PAUD = "PAUD"
    SD = "SD"
    SMP = "SMP"
    SMA = "SMA"
    PT = "PT"


class TingkatDisabilitas(StrEnum):
    """The officer's overall judgement; PKH's 'disabilitas berat' component reads BERAT."""

    TIDAK = "tidak"
    RINGAN = "ringan"
    SEDANG = "sedang"
    BERAT = "berat"


class TingkatKesulitan(IntEnum):
    """Washington Group style scale used by Regsosek 2022 (428a–j), ordered by severity.

    Regsosek numbers it the other way round (1 = cannot at all); ``sosek.json`` keeps that
    code next to ours for exports.
    """

    TIDAK_KESULITAN = 0
    SEDIKIT_KESULITAN = 1
    BANYAK_KESULITAN = 2
    TIDAK_BISA = 3


def _frozen(codes: frozenset[str] | set[str] | tuple[str, ...] | None) -> frozenset[str] | None:
    return None if codes is None else frozenset(codes)


@dataclass(frozen=True)
class PersonFacts:
    """One member (anggota rumah tangga) as assessed."""

    nama: str = ""
    umur: int | None = None
    jenis_kelamin: JenisKelamin | None = None
    hamil: bool | None = None
    """Pregnant OR in the post-natal (nifas) period: PKH treats both as one component."""
    status_sekolah: StatusSekolah | None = None
    jenjang_sekolah: JenjangSekolah | None = None
    punya_akta_lahir: bool | None = None
    punya_nisn: bool | None = None
    yatim_piatu: bool | None = None
    disabilitas: TingkatDisabilitas | None = None
    ragam_disabilitas: frozenset[str] = frozenset()
    """PD sub-types from ppks.json: FIS, INT, MEN, SEN, GANDA."""
    kesulitan: Mapping[str, TingkatKesulitan] = field(default_factory=dict)
    """Functional-difficulty item code (sosek.json) → level; items not asked are absent."""
    penyakit_kronis: frozenset[str] | None = None
    """Codes from sosek.json ``penyakit_kronis``; empty set = asked, none."""
    jaminan_kesehatan: frozenset[str] | None = None
    """Codes from sosek.json ``jaminan_kesehatan`` (PBI-JKN, mandiri…); empty = none."""
    lansia_tinggal_sendiri: bool | None = None
    penghasilan_bulanan: int | None = None
    """Rupiah per month; 0 = no income."""
    program_diterima: frozenset[str] = frozenset()
    """Programme codes this person receives (e.g. PBI_JK, PIP)."""

    def __post_init__(self) -> None:
        if self.umur is not None and not 0 <= self.umur <= 130:
            raise ValueError(f"umur tidak masuk akal: {self.umur}")
        if self.penghasilan_bulanan is not None and self.penghasilan_bulanan < 0:
            raise ValueError("penghasilan tidak boleh negatif")
        object.__setattr__(self, "ragam_disabilitas", frozenset(self.ragam_disabilitas))
        object.__setattr__(self, "program_diterima", frozenset(self.program_diterima))
        object.__setattr__(self, "penyakit_kronis", _frozen(self.penyakit_kronis))
        object.__setattr__(self, "jaminan_kesehatan", _frozen(self.jaminan_kesehatan))
        levels = {key: TingkatKesulitan(value) for key, value in self.kesulitan.items()}
        object.__setattr__(self, "kesulitan", MappingProxyType(levels))

    def __hash__(self) -> int:
        # ``kesulitan`` is a mapping, so hash a projection (equal objects stay equal-hashed).
        return hash((self.nama, self.umur, frozenset(self.kesulitan.items())))

    # Derived facts: each answers "unknown" only when it truly cannot be known.
    @property
    def bisa_hamil(self) -> bool | None:
        """Pregnancy only asked of women 10–55; others are known not pregnant."""
        if self.jenis_kelamin is JenisKelamin.LAKI_LAKI:
            return False
        if self.umur is not None and not 10 <= self.umur <= 55:
            return False
        return None

    @property
    def kesulitan_maks(self) -> int | None:
        """Highest difficulty level recorded (0–3), or None when no item was asked."""
        return max(self.kesulitan.values(), default=None)

    @property
    def sakit_kronis(self) -> bool | None:
        return None if self.penyakit_kronis is None else bool(self.penyakit_kronis)

    @property
    def jenjang_aktif(self) -> str | None:
        """Level currently attended, or ``tidak_bersekolah``; None if unknown."""
        if self.status_sekolah is None:
            return None
        if self.status_sekolah is not StatusSekolah.MASIH_SEKOLAH:
            return "tidak_bersekolah"
        return None if self.jenjang_sekolah is None else str(self.jenjang_sekolah)


@dataclass(frozen=True)
class HouseholdFacts:
    """A household (rumah tangga/keluarga) as assessed, with the members assessed."""

    anggota: tuple[PersonFacts, ...] = ()
    jumlah_anggota: int | None = None
    """Members on the KK / living in the house; defaults to ``len(anggota)``."""
    desil: int | None = None
    """DTSEN desil as REPORTED (the desk cannot compute it)."""
    desil_diperiksa: date | None = None
    luas_lantai: float | None = None
    status_bangunan: str | None = None
    bukti_lahan: str | None = None
    lantai: str | None = None
    dinding: str | None = None
    atap: str | None = None
    air_minum: str | None = None
    penerangan: str | None = None
    daya_listrik: str | None = None
    bahan_bakar: str | None = None
    fasilitas_bab: str | None = None
    jenis_kloset: str | None = None
    pembuangan_tinja: str | None = None
    aset: frozenset[str] | None = None
    ternak: frozenset[str] | None = None
    sumber_penghasilan: frozenset[str] | None = None
    punya_kks: bool | None = None
    pernah_bantuan_rumah: bool | None = None
    kehilangan_mata_pencaharian: bool | None = None
    program_diterima: frozenset[str] | None = None
    """Household-level programmes (PKH, BPNT, …); None = not asked."""
    ppks: frozenset[str] = frozenset()
    """PPKS categories the assessment assigned (any member)."""

    def __post_init__(self) -> None:
        if self.desil is not None and not 1 <= self.desil <= 10:
            raise ValueError(f"desil harus 1–10, bukan {self.desil}")
        if self.jumlah_anggota is not None and self.jumlah_anggota < 1:
            raise ValueError("jumlah anggota minimal 1")
        if self.luas_lantai is not None and self.luas_lantai <= 0:
            raise ValueError("luas lantai harus lebih dari 0")
        object.__setattr__(self, "anggota", tuple(self.anggota))
        object.__setattr__(self, "ppks", frozenset(self.ppks))
        for name in ("aset", "ternak", "sumber_penghasilan", "program_diterima"):
            object.__setattr__(self, name, _frozen(getattr(self, name)))

    @property
    def jumlah_jiwa(self) -> int | None:
        return self.jumlah_anggota if self.jumlah_anggota is not None else len(self.anggota) or None

    @property
    def luas_lantai_per_orang(self) -> float | None:
        """The RST/Rutilahu criterion compares this with 7.2 m² per person."""
        if self.luas_lantai is None or not self.jumlah_jiwa:
            return None
        return round(self.luas_lantai / self.jumlah_jiwa, 2)

    @property
    def penghasilan_keluarga(self) -> int | None:
        """Sum of members' monthly incomes; unknown if any member's income is unknown."""
        incomes = [person.penghasilan_bulanan for person in self.anggota]
        if not incomes or any(income is None for income in incomes):
            return None
        return sum(income for income in incomes if income is not None)

    @property
    def semua_program(self) -> frozenset[str] | None:
        """Programmes received by the household or any member."""
        personal = frozenset().union(*(person.program_diterima for person in self.anggota))
        if self.program_diterima is None:
            return personal or None
        return self.program_diterima | personal
