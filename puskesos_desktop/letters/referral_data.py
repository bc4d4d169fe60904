"""What a referral letter says, as plain frozen data (filled by the referral service).

Kept apart from the layout so the service, the verification screen and tests can build and
compare letters without importing reportlab's machinery. Names and addresses are printed
exactly as given (no case changes): official spelling is the operator's call.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from puskesos_desktop.domain.privacy import LEGACY_FIELDS
from puskesos_desktop.domain.referral_state import DEFAULT_PERIHAL
from puskesos_desktop.letters.kop import Letterhead


@dataclass(frozen=True, slots=True)
class Addressee:
    """``Kepada Yth. <jabatan> / <alamat> / di <tempat>``."""

    jabatan: str  # Kepala Puskesmas Bangsri
    lembaga: str  # Puskesmas Bangsri (named in the consent statement)
    alamat: str = ""
    tempat: str = "Tempat"


@dataclass(frozen=True, slots=True)
class PersonIdentity:
    """The identity table; the NIK and No. KK are printed as given (16 digits)."""

    nama: str
    nik: str
    no_kk: str
    tempat_lahir: str
    tanggal_lahir: date | None
    jenis_kelamin: str  # Laki-laki / Perempuan
    alamat: str  # dusun/jalan, without RT/RW
    rt: str
    rw: str
    pekerjaan: str
    desil: int | None  # DTSEN decile 1-10; None = not in DTSEN
    disabilitas: str = ""  # "Fisik (berat)"; health data, only where care is given
    penyakit_kronis: str = ""
    program: str = ""  # social programmes received, e.g. "PKH, PBI-JK"
    fields: tuple[str, ...] = LEGACY_FIELDS
    """Rows the identity table prints (:data:`puskesos_desktop.domain.privacy.LETTER_FIELDS`
    for the destination); the default is what letters printed before minimisation."""


@dataclass(frozen=True, slots=True)
class Consent:
    """The recorded UU PDP consent to share this person's data with the destination."""

    given_on: date
    given_by: str = "yang bersangkutan"  # or "orang tua/wali yang bersangkutan"
    how: str = ""  # "secara tertulis", "dengan cap jempol", "secara lisan"; "" = not recorded


@dataclass(frozen=True, slots=True)
class Signatory:
    """Signature block; ``atas_nama`` prints ``a.n. <atas_nama>`` above the jabatan."""

    jabatan: str
    nama: str
    nomor_induk: str = ""  # empty: no NIP line at all (village officials often have none)
    nomor_induk_label: str = "NIP"  # NIP, NIAP or NIPD
    atas_nama: str = ""


@dataclass(frozen=True, slots=True)
class LetterData:
    """Everything printed on one letter. ``qr_payload``/``verification_code`` come from
    :func:`puskesos_desktop.letters.qr.make_qr_payload`; empty means no QR (e.g. a preview).
    """

    letterhead: Letterhead
    issuer: str  # "Puskesos Desa Bangsri": who refers, and where the slip goes back
    number: str
    place: str
    issued: date
    addressee: Addressee
    person: PersonIdentity
    reason: str
    consent: Consent
    signatory: Signatory
    perihal: str = DEFAULT_PERIHAL
    lampiran: str = "-"
    services: tuple[str, ...] = ()
    attachments: tuple[str, ...] = ()
    tembusan: tuple[str, ...] = ()
    valid_until: date | None = None
    qr_payload: str = ""
    verification_code: str = ""
    return_code: str = ""  # empty: no return slip
    title: str = "SURAT RUJUKAN"
