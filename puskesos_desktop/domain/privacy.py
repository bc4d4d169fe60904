"""Personal-data rules (UU 27/2022): consent kinds, data minimisation, anonymisation.

Pure rules, no I/O. Three decisions live here so that the letter, the data-subject export,
the retention job and their tests all read the same table:

* **Consent** is recorded per kind (process / share) and, for sharing, per destination,
  together with *how* it was given — the law wants it provable (domain.md §9).
* **Minimisation**: a referral letter carries only the person fields its destination needs
  to deliver the service (:data:`LETTER_FIELDS`). Health and disability are specific
  personal data (art. 4; disability treated as health data), so they go only where care is
  given; programme membership (PKH, PBI…) and the DTSEN desil go only where eligibility is
  decided. Why each destination gets what it gets is written beside its row.
* **Anonymisation** keeps what statistics need — sex, birth *year* (so the age band), the
  desa, PPKS categories, disability category, assessment scores — and removes direct
  identifiers: name, NIK, No. KK, address, phone, exact birth date, free text.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from puskesos_desktop.domain.registry_enums import Choice

ANONYMOUS_NAME = "Warga anonim"
"""The name an anonymised person keeps (``orang.nama`` may not be empty)."""
ANONYMISED_TEXT = "(dihapus: data dianonimkan)"
"""Replaces required free text (intake description, referral reason) of an anonymised person."""
DEFAULT_RETENTION_YEARS = 5
MIN_RETENTION_YEARS = 1
MAX_RETENTION_YEARS = 30


class JenisPersetujuan(Choice):
    """What the person agreed to. Processing is the desk's own work (intake, assessment);
    sharing sends data outside the desk, so it is asked per destination."""

    PROSES = "PROSES", "Pemrosesan data"
    BAGI = "BAGI", "Pembagian data"


class CaraPersetujuan(Choice):
    """How consent was given; a thumbprint is how many elderly residents sign."""

    TERTULIS = "TERTULIS", "Tertulis (tanda tangan)", "TANDA TANGAN"
    CAP_JEMPOL = "CAP_JEMPOL", "Cap jempol", "JEMPOL"
    LISAN = "LISAN", "Lisan (disaksikan petugas)"

    @property
    def phrase(self) -> str:
        """As the letter says it: "… atas persetujuannya secara tertulis tanggal …"."""
        return {"TERTULIS": "secara tertulis", "CAP_JEMPOL": "dengan cap jempol",
                "LISAN": "secara lisan"}[self.value]


class AlasanPenghapusan(Choice):
    """Why a person's identifying data was removed."""

    RETENSI = "RETENSI", "Masa simpan habis (retensi)"
    PERMINTAAN = "PERMINTAAN", "Permintaan warga (hak hapus)"


# --- minimisation ----------------------------------------------------------------------------


class DataSurat(StrEnum):
    """Person fields a referral letter can carry, in the order the identity table prints them."""

    NAMA = "nama"
    NIK = "nik"
    NO_KK = "no_kk"
    TTL = "ttl"  # tempat/tanggal lahir
    JENIS_KELAMIN = "jenis_kelamin"
    ALAMAT = "alamat"
    PEKERJAAN = "pekerjaan"
    DESIL = "desil"
    DISABILITAS = "disabilitas"
    PENYAKIT = "penyakit_kronis"
    PROGRAM = "program"


_D = DataSurat
_CORE = (_D.NAMA, _D.TTL, _D.JENIS_KELAMIN, _D.ALAMAT)
"""Every destination needs to recognise and reach the person: name, age, sex, address."""

LEGACY_FIELDS: tuple[DataSurat, ...] = (_D.NAMA, _D.NIK, _D.NO_KK, _D.TTL, _D.JENIS_KELAMIN,
                                        _D.ALAMAT, _D.PEKERJAAN, _D.DESIL)
"""What letters printed before minimisation existed (archived copies reprint unchanged)."""

LETTER_FIELDS: dict[str, tuple[DataSurat, ...]] = {
    # Dinas Sosial runs the SLRT, verifies DTSEN data and issues PBI-JK/Rutilahu
    # recommendations (domain.md §1, §5): it decides eligibility, so it gets the full picture.
    "DINSOS": (*_CORE, _D.NIK, _D.NO_KK, _D.PEKERJAAN, _D.DESIL, _D.DISABILITAS, _D.PENYAKIT,
               _D.PROGRAM),
    # TKSK maps PPKS and assists BPNT (§1): NIK to match, desil and programmes, disability
    # as a PPKS category; no diagnosis, no family card.
    "TKSK": (*_CORE, _D.NIK, _D.DESIL, _D.DISABILITAS, _D.PROGRAM),
    # Health care needs identity (JKN runs on the NIK), disability and illness; not the
    # family's welfare programmes or desil (§5 PBI-JK is decided by Dinsos, not the clinic).
    "PUSKESMAS": (*_CORE, _D.NIK, _D.DISABILITAS, _D.PENYAKIT),
    "RUMAH_SAKIT": (*_CORE, _D.NIK, _D.DISABILITAS, _D.PENYAKIT),
    # PBI-JK: DTSEN membership, NIK and KK matched at Dukcapil, chronic and catastrophic
    # illness recorded (§5); disability is not an insurance criterion.
    "BPJS": (*_CORE, _D.NIK, _D.NO_KK, _D.DESIL, _D.PENYAKIT, _D.PROGRAM),
    # Dukcapil issues identity documents: identity only, nothing about welfare or health.
    "DUKCAPIL": (*_CORE, _D.NIK, _D.NO_KK),
    # KIP/PIP gives priority to PKH/KKS families (§5): the school sees programme membership,
    # never health or disability (children's data, art. 25) nor the family's desil.
    "SEKOLAH": (*_CORE, _D.NIK, _D.PROGRAM),
    # The PKH facilitator handles programme conditions and data updates (§1, §5); severe
    # disability is a PKH component. No diagnosis.
    "PKH": (*_CORE, _D.NIK, _D.NO_KK, _D.DESIL, _D.DISABILITAS, _D.PROGRAM),
    # An LKS/panti is not a government body (§9: sharing needs explicit consent); it needs
    # to know the care needed (disability), not the NIK, family card or welfare status.
    "LKS": (*_CORE, _D.DISABILITAS),
    # Police/UPTD PPA protect victims: identity to open a case, nothing more.
    "PPA": (*_CORE, _D.NIK),
    "LAINNYA": _CORE,
}


def letter_fields(jenis_lembaga: str) -> tuple[DataSurat, ...]:
    """The fields a letter to this kind of destination carries (unknown kinds: the core)."""
    return LETTER_FIELDS.get(jenis_lembaga, _CORE)


# --- anonymisation ---------------------------------------------------------------------------


def year_only_birth_date(born: date, on: date) -> date:
    """Keep only the birth year: 1 January or 31 December, whichever gives the same age
    on ``on`` (the anonymisation day), so age-band statistics do not move that day."""
    had_birthday = (born.month, born.day) <= (on.month, on.day)
    return date(born.year, 1, 1) if had_birthday else date(born.year, 12, 31)


def cutoff_date(today: date, years: int) -> date:
    """The day before which a person's last activity must lie to be anonymised."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)
