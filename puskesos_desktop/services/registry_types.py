"""Values the registry services take and return: inputs, frozen results and user errors.

Kept apart from the services so forms, the list importer and tests can build inputs and
read results without pulling in the database layer. Results are plain frozen dataclasses:
they cross threads (JobRunner) and outlive the session that produced them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.nik import Severity
from puskesos_desktop.domain.registry_enums import AlasanDuplikat
from puskesos_desktop.i18n import _
from puskesos_desktop.services.context import ChangeKind, Changes

REGISTRY_CHANGED = Changes.of(ChangeKind.REGISTRY)


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class OrangInput:
    """What the person form (or an import row) holds. Choice fields take codes or labels.

    Without a NIK, give ``alasan_tanpa_nik`` (an :class:`AlasanTanpaNik`): the service
    then issues a temporary NIK and flags the person for follow-up with Dukcapil.
    """

    nama: str
    jenis_kelamin: str
    nik: str | None = None
    alasan_tanpa_nik: str = ""
    tempat_lahir: str = ""
    tanggal_lahir: date | None = None
    hubungan: str = ""
    status_kawin: str = ""
    agama: str = ""
    pendidikan: str = ""
    pekerjaan: str = ""
    disabilitas: str = ""
    disabilitas_derajat: str = ""
    penyakit_kronis: str = ""
    telepon: str = ""
    status_domisili: str = ""


@dataclass(frozen=True)
class KeluargaData:
    """The household form without its members. Empty ``kode_wilayah`` = this desk's desa."""

    no_kk: str | None = None
    alamat: str = ""
    rt: str = ""
    rw: str = ""
    dusun: str = ""
    kode_wilayah: str = ""
    desil: int | None = None
    desil_diperiksa: date | None = None


@dataclass(frozen=True)
class KeluargaInput(KeluargaData):
    """A new household with its members, saved in one call."""

    anggota: tuple[OrangInput, ...] = ()


@dataclass(frozen=True)
class PerubahanKK:
    """Why and when a household's No. KK changed (an :class:`AlasanPerubahanKK` code)."""

    alasan: str
    tanggal: date
    keterangan: str = ""


@dataclass(frozen=True)
class DuplicateDecision:
    """The operator's answer after seeing duplicate candidates.

    ``same_person_uid``: the candidate that is this person (nothing new is saved);
    ``different_person=True``: save anyway; the decision is logged with the candidates.
    """

    same_person_uid: str | None = None
    different_person: bool = False


# --------------------------------------------------------------------------- findings


@dataclass(frozen=True)
class FieldFinding:
    """A validation finding tied to a form field (``"nik"``, ``"anggota[2].nama"``, …)."""

    field: str
    code: str
    severity: Severity
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def _bullets(findings: tuple[FieldFinding, ...]) -> str:
    return "\n".join(f"• {finding.message}" for finding in findings)


class InvalidInput(UserError):  # noqa: N818 - reads as the form's answer
    """At least one ERROR finding: nothing was saved. ``findings`` holds all of them."""

    def __init__(self, findings: tuple[FieldFinding, ...]) -> None:
        errors = tuple(f for f in findings if f.is_error)
        problems = _bullets(errors)
        super().__init__(_("Data belum dapat disimpan:\n{problems}").format(problems=problems))
        self.findings = findings


class WarningsNeedConfirmation(UserError):  # noqa: N818 - a question, not a failure
    """Only warnings: show them, and save again with ``confirm_warnings=True`` if agreed."""

    def __init__(self, findings: tuple[FieldFinding, ...]) -> None:
        super().__init__(
            _(
                "Periksa peringatan berikut. Jika data sudah benar, simpan lagi dan setujui "
                "peringatannya:\n{warnings}"
            ).format(warnings=_bullets(findings))
        )
        self.findings = findings


@dataclass(frozen=True)
class DuplicateCandidate:
    """A registered person who may be the one being saved, with the reasons shown."""

    uid: str
    nik: str | None
    nama: str
    jenis_kelamin: str
    tanggal_lahir: date | None
    keluarga_uid: str | None
    no_kk: str | None
    alamat: str
    kode_wilayah: str
    status_dasar: str
    skor: float
    alasan: tuple[AlasanDuplikat, ...]
    keterangan: tuple[str, ...]


class DuplicatesFound(UserError):  # noqa: N818 - a question, not a failure
    """Possible duplicates: answer with a :class:`DuplicateDecision` and save again."""

    def __init__(
        self, candidates: tuple[DuplicateCandidate, ...], member_index: int | None = None
    ) -> None:
        names = ", ".join(f"{c.nama} ({c.nik or _('tanpa NIK')})" for c in candidates[:3])
        if member_index is None:
            message = _(
                "Orang ini mungkin sudah terdaftar: {names}. Pilih apakah ini orang yang sama "
                "(buka data yang ada) atau orang yang berbeda (simpan sebagai orang baru)."
            ).format(names=names)
        else:
            message = _(
                "Orang ini (anggota ke-{number}) mungkin sudah terdaftar: {names}. Pilih apakah "
                "ini orang yang sama (buka data yang ada) atau orang yang berbeda (simpan sebagai "
                "orang baru)."
            ).format(number=member_index + 1, names=names)
        super().__init__(message)
        self.candidates = candidates
        self.member_index = member_index


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class PersonRow:
    """One search result line."""

    uid: str
    nik: str | None
    nama: str
    jenis_kelamin: str
    tanggal_lahir: date | None
    alamat: str
    no_kk: str | None
    keluarga_uid: str | None = None
    status_dasar: str = "HIDUP"
    skor: float = 0.0


@dataclass(frozen=True)
class PersonDetail:
    uid: str
    rev: int
    keluarga_uid: str | None
    nik: str | None
    alasan_tanpa_nik: str
    tindak_lanjut_dukcapil: bool
    nama: str
    jenis_kelamin: str
    tempat_lahir: str
    tanggal_lahir: date | None
    hubungan: str
    status_kawin: str
    agama: str
    pendidikan: str
    pekerjaan: str
    disabilitas: str
    disabilitas_derajat: str
    penyakit_kronis: str
    telepon: str
    status_domisili: str
    status_dasar: str
    tanggal_status: date | None
    keterangan_status: str

    @property
    def nik_sementara(self) -> bool:
        return bool(self.nik) and self.nik.startswith("0")  # type: ignore[union-attr]


@dataclass(frozen=True)
class KKChange:
    uid: str
    no_kk_lama: str | None
    no_kk_baru: str | None
    alasan: str
    tanggal: date
    keterangan: str


@dataclass(frozen=True)
class HouseholdDetail:
    uid: str
    rev: int
    no_kk: str | None
    alamat: str
    rt: str
    rw: str
    dusun: str
    kode_wilayah: str
    desil: int | None
    desil_diperiksa: date | None
    anggota: tuple[PersonDetail, ...]
    riwayat_kk: tuple[KKChange, ...]

    @property
    def alamat_lengkap(self) -> str:
        return format_address(self.alamat, self.rt, self.rw, self.dusun)


@dataclass(frozen=True)
class RegistryCounts:
    keluarga: int
    orang: int
    tanpa_nik: int


@dataclass(frozen=True)
class CreatedHousehold:
    """``orang_uids`` follow ``anggota``; a member answered "same person" is in ``reused``."""

    keluarga_uid: str
    orang_uids: tuple[str, ...]
    reused: tuple[str, ...] = ()
    warnings: tuple[FieldFinding, ...] = ()
    changes: Changes = field(default_factory=lambda: REGISTRY_CHANGED)


@dataclass(frozen=True)
class SavedHousehold:
    keluarga_uid: str
    changed: bool
    warnings: tuple[FieldFinding, ...] = ()
    changes: Changes = field(default_factory=lambda: REGISTRY_CHANGED)


@dataclass(frozen=True)
class SavedPerson:
    """``created`` is False when the operator said the person already existed (or no edit)."""

    uid: str
    nik: str | None
    created: bool
    nik_sementara: bool = False
    warnings: tuple[FieldFinding, ...] = ()
    notes: tuple[str, ...] = ()
    changes: Changes = field(default_factory=lambda: REGISTRY_CHANGED)


@dataclass(frozen=True)
class MovedMember:
    orang_uid: str
    keluarga_asal_uid: str | None
    keluarga_tujuan_uid: str
    riwayat_uid: str
    notes: tuple[str, ...] = ()
    changes: Changes = field(default_factory=lambda: REGISTRY_CHANGED)


def format_address(alamat: str, rt: str, rw: str, dusun: str) -> str:
    """``Dk. Krajan, RT 001/RW 002, Dusun Krajan`` — the one way addresses are shown."""
    parts = [alamat]
    if rt or rw:
        parts.append(f"RT {rt}/RW {rw}")
    if dusun:
        parts.append(f"Dusun {dusun}")
    return ", ".join(part for part in parts if part)
