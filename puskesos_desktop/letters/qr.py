"""The signed, offline-verifiable QR payload printed on every referral letter.

A receiving puskesmas or Dinas Sosial must be able to tell, without internet, that a letter
came from a real village desk and was not edited. The QR therefore carries the letter's key
facts and an Ed25519 signature by the desk's minisign key (the same key its key card
publishes, so whoever imported the card can verify).

Payload (format ``PSK1``, ASCII, ``*``-separated, about 250 characters)::

    PSK1*<ID>*<NOMOR>*<TERBIT>*<BERLAKU>*<DESK>*<TUJUAN>*<SALT>*<HASH NIK>*<TANDA TANGAN>

* ID: the letter's full UUID as 26 base32 characters; the full 128 bits keep the id usable
  as the database key for the "voided?" check, and base32 stays in the QR alphanumeric set.
* NOMOR: the letter number as printed; TERBIT/BERLAKU: issue and last valid day, YYYYMMDD.
* DESK: the desk id in capitals (desk ids are lower-case by definition, so this is lossless).
* TUJUAN: destination short name, folded to capital ASCII, at most 40 characters.
* SALT, HASH NIK: 10 random bytes and SHA-256(salt, NIK) truncated to 16 bytes, base32. The
  NIK is never in the QR: a verifier holding the NIK can check it belongs to the letter
  (:func:`nik_matches`), but a photo of the QR alone does not leak it. NIKs have little
  entropy, so this hides the NIK from casual readers and unlinks letters, not from a
  determined brute force; the letter itself prints the NIK anyway.
* TANDA TANGAN: pure Ed25519 over ``puskesos-letter-qr/1`` + newline + everything before the
  last ``*``, 103 base32 characters.

Capital base32 keeps most of the text in the QR alphanumeric mode (5.5 bits a character
instead of 8), so the symbol stays small enough to scan at about 25 mm. Every field must
round-trip exactly; a re-encoded variant (lower case, padding, spare bits) is MALFORMED,
so no character of a valid payload can be changed without detection.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import hmac
import re
import secrets
import unicodedata
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

import minisign
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from puskesos_desktop.domain.dates_id import format_date

FORMAT_TAG = "PSK1"
SEPARATOR = "*"
SIGNING_CONTEXT = b"puskesos-letter-qr/1\n"
MAX_PAYLOAD_CHARS = 600
MAX_DESTINATION = 40
SALT_BYTES = 10
NIK_HASH_BYTES = 16
SIGNATURE_BYTES = 64
_NIK_CONTEXT = b"puskesos-nik/1\x00"

_NUMBER = re.compile(r"[A-Za-z0-9/.\-_]{1,60}")
_DESK = re.compile(r"[0-9]{10}-[0-9A-F]{4}|DINAS-[0-9]{4}")
_DESTINATION = re.compile(r"[A-Z0-9](?:[A-Z0-9 ./\-]{0,38}[A-Z0-9.])?")
_DATE = re.compile(r"[0-9]{8}")
_BASE32 = re.compile(r"[A-Z2-7]+")
_NIK = re.compile(r"[0-9]{16}")
_FIELD_COUNT = 10
_NEWER_FORMAT = re.compile(r"PSK(?!1\*)[0-9]{1,3}\*")
_NEWER_MESSAGE = (
    "Kode QR ini memakai format surat yang lebih baru daripada aplikasi ini. Perbarui "
    "aplikasi Puskesos Desk, lalu periksa ulang."
)


class QrSigner(Protocol):
    """What signing needs from :class:`puskesos_desktop.sync.keys.DeskKeys`."""

    desk_id: str
    signing: minisign.SecretKey


class Status(enum.Enum):
    VALID = "valid"
    TAMPERED = "tampered"
    UNKNOWN_DESK = "unknown_desk"
    EXPIRED = "expired"
    VOIDED = "voided"  # decided by the referral service, which knows the register
    MALFORMED = "malformed"


@dataclass(frozen=True, slots=True)
class QrFields:
    """What the service puts into a letter's QR (the NIK is hashed, never copied)."""

    letter_id: uuid.UUID
    number: str
    issued: date
    expires: date
    destination: str
    nik: str


@dataclass(frozen=True, slots=True)
class QrClaims:
    """The facts a payload states; trustworthy only inside a VALID/EXPIRED result."""

    letter_id: uuid.UUID
    number: str
    issued: date
    expires: date
    desk_id: str
    destination: str
    nik_salt: bytes
    nik_hash: bytes
    signature: bytes
    signed_text: str

    @property
    def verification_code(self) -> str:
        return _code(self.signature)


@dataclass(frozen=True, slots=True)
class VerificationResult:
    status: Status
    message: str
    claims: QrClaims | None = None

    @property
    def is_valid(self) -> bool:
        return self.status is Status.VALID

    @property
    def verification_code(self) -> str | None:
        return self.claims.verification_code if self.claims else None


def _b32(data: bytes) -> str:
    return base64.b32encode(data).decode("ascii").rstrip("=")


def _unb32(text: str, size: int) -> bytes:
    """Strict decode: capitals only, exact length, and the text must re-encode identically
    (otherwise the spare bits of the last character could be flipped unnoticed)."""
    if not _BASE32.fullmatch(text):
        raise ValueError("bad base32")
    data = base64.b32decode(text + "=" * (-len(text) % 8))
    if len(data) != size or _b32(data) != text:
        raise ValueError("non-canonical base32")
    return data


def _code(signature: bytes) -> str:
    digest = _b32(hashlib.sha256(b"puskesos-code/1\x00" + signature).digest()[:5])
    return f"{digest[:4]}-{digest[4:8]}"


def _nik_hash(salt: bytes, nik: str) -> bytes:
    return hashlib.sha256(_NIK_CONTEXT + salt + nik.encode("ascii")).digest()[:NIK_HASH_BYTES]


def fold_destination(name: str) -> str:
    """``"Puskesmas Bangsrí (Rawat Inap)"`` → ``"PUSKESMAS BANGSRI RAWAT INAP"``: the short
    destination label the QR carries (capital ASCII, at most 40 characters)."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).upper()
    text = re.sub(r"[^A-Z0-9 ./\-]+", " ", text)
    text = re.sub(r"\s+", " ", text).strip(" -/")
    return text[:MAX_DESTINATION].rstrip(" -/")


def _date_text(day: date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _raw_public_key(public_key_b64: str) -> bytes:
    """The 32-byte Ed25519 key inside a minisign public key (``Ed`` + key id + key)."""
    key = minisign.PublicKey.from_base64(public_key_b64)  # validates algorithm and length
    return base64.b64decode(key.to_base64())[10:]


def _raw_signature(signature: minisign.Signature) -> bytes:
    """The pure Ed25519 signature from minisign's own serialisation (line 2 = ``Ed`` + key
    id + signature), so no private key bytes are ever touched outside the library."""
    line = bytes(signature).split(b"\n")[1]
    return base64.b64decode(line)[10 : 10 + SIGNATURE_BYTES]


def make_qr_payload(fields: QrFields, keys: QrSigner) -> str:
    """Sign ``fields`` with the desk's key and return the QR text.

    Inputs come from the service, so a bad value (NIK not 16 digits, number outside the
    numbering alphabet, expiry before issue) is a programming error: ``ValueError``.
    """
    nik = fields.nik.strip()
    if not _NIK.fullmatch(nik):
        raise ValueError("NIK harus 16 angka")
    if not _NUMBER.fullmatch(fields.number):
        raise ValueError("nomor surat berisi karakter di luar pola penomoran")
    if fields.expires < fields.issued:
        raise ValueError("tanggal berlaku berakhir sebelum tanggal terbit")
    destination = fold_destination(fields.destination)
    desk = keys.desk_id.upper()
    if not _DESTINATION.fullmatch(destination) or not _DESK.fullmatch(desk):
        raise ValueError("nama tujuan atau ID desk tidak dapat dimuat dalam QR")
    salt = secrets.token_bytes(SALT_BYTES)
    parts = [
        FORMAT_TAG,
        _b32(fields.letter_id.bytes),
        fields.number,
        _date_text(fields.issued),
        _date_text(fields.expires),
        desk,
        destination,
        _b32(salt),
        _b32(_nik_hash(salt, nik)),
    ]
    signed_text = SEPARATOR.join(parts)
    signature = keys.signing.sign(
        SIGNING_CONTEXT + signed_text.encode("ascii"),
        prehash=False,
        trusted_comment=f"letter-qr:{FORMAT_TAG}",
    )
    return f"{signed_text}{SEPARATOR}{_b32(_raw_signature(signature))}"


def _parse_date(text: str) -> date:
    if not _DATE.fullmatch(text):
        raise ValueError("bad date")
    return date(int(text[:4]), int(text[4:6]), int(text[6:]))


def parse_payload(text: object) -> QrClaims:
    """Structure only, no signature check; any defect is ``ValueError``."""
    if not isinstance(text, str) or len(text) > MAX_PAYLOAD_CHARS or not text.isascii():
        raise ValueError("not a payload")
    parts = text.strip().split(SEPARATOR)
    if len(parts) != _FIELD_COUNT or parts[0] != FORMAT_TAG:
        raise ValueError("wrong shape")
    _, letter_id, number, issued, expires, desk, destination, salt, nik_hash, sig = parts
    if not (_NUMBER.fullmatch(number) and _DESK.fullmatch(desk)
            and _DESTINATION.fullmatch(destination)):
        raise ValueError("bad field")
    claims = QrClaims(
        letter_id=uuid.UUID(bytes=_unb32(letter_id, 16)),
        number=number,
        issued=_parse_date(issued),
        expires=_parse_date(expires),
        desk_id=desk.lower(),
        destination=destination,
        nik_salt=_unb32(salt, SALT_BYTES),
        nik_hash=_unb32(nik_hash, NIK_HASH_BYTES),
        signature=_unb32(sig, SIGNATURE_BYTES),
        signed_text=SEPARATOR.join(parts[:-1]),
    )
    if claims.expires < claims.issued:
        raise ValueError("expiry before issue")
    return claims


def verification_code(payload: str) -> str:
    """``ABCD-EFGH``: 40 bits derived from the signature, printed beside the QR.

    People can read it over the phone to the desk, and a verifier shows it so the operator
    can check it matches the paper (a QR sticker pasted over another letter would not).
    Raises ``ValueError`` for a malformed payload (callers pass their own, fresh payload).
    """
    return parse_payload(payload).verification_code


def nik_matches(payload: str, nik: str) -> bool:
    """Whether ``nik`` is the NIK this letter was issued for (False for garbage)."""
    try:
        claims = parse_payload(payload)
    except (ValueError, TypeError):
        return False
    candidate = nik.strip() if isinstance(nik, str) else ""
    if not _NIK.fullmatch(candidate):
        return False
    return hmac.compare_digest(_nik_hash(claims.nik_salt, candidate), claims.nik_hash)


def _signature_ok(public_keys: Sequence[str], claims: QrClaims) -> bool:
    message = SIGNING_CONTEXT + claims.signed_text.encode("ascii")
    for key_b64 in public_keys:
        try:
            Ed25519PublicKey.from_public_bytes(_raw_public_key(key_b64)).verify(
                claims.signature, message
            )
        except (InvalidSignature, ValueError, TypeError):
            continue
        return True
    return False


_MESSAGES = {
    Status.MALFORMED: "Teks ini bukan kode QR surat Puskesos yang utuh (rusak, terpotong, atau "
    "bukan dari surat Puskesos). Pindai ulang kode QR pada surat aslinya.",
    Status.UNKNOWN_DESK: "Surat ini mengaku diterbitkan oleh desk {desk}, tetapi kartu kunci "
    "desk tersebut belum diimpor. Keasliannya belum dapat dipastikan: impor kartu kunci desk "
    "itu (cocokkan sidik jarinya lewat telepon), lalu periksa ulang.",
    Status.TAMPERED: "Surat TIDAK SAH: isi kode QR telah diubah atau tanda tangannya bukan "
    "dari desk {desk}. Jangan layani berdasarkan surat ini; hubungi Puskesos desa penerbit.",
    Status.EXPIRED: "Tanda tangan surat nomor {number} asli, tetapi masa berlakunya sudah "
    "habis pada {expires}. Minta warga mengurus surat rujukan baru.",
    Status.VOIDED: "Surat nomor {number} telah DIBATALKAN oleh desk penerbit. Jangan layani "
    "berdasarkan surat ini; hubungi Puskesos desa penerbit.",
    Status.VALID: "Surat SAH: nomor {number}, terbit {issued}, untuk {destination}, "
    "berlaku sampai {expires}, ditandatangani desk {desk}. Pastikan kode verifikasi {code} "
    "sama dengan yang tercetak di samping kode QR.",
}


def _result(status: Status, claims: QrClaims | None = None) -> VerificationResult:
    values = {}
    if claims is not None:
        values = {
            "desk": claims.desk_id,
            "number": claims.number,
            "issued": format_date(claims.issued),
            "expires": format_date(claims.expires),
            "destination": claims.destination,
            "code": claims.verification_code,
        }
    return VerificationResult(status, _MESSAGES[status].format(**values), claims)


def parse_and_verify(
    text: object, known_keys: Mapping[str, str | Sequence[str]], today: date
) -> VerificationResult:
    """Check a pasted or scanned QR text against the desk keys this installation trusts.

    ``known_keys`` maps desk id to its minisign public key, or to several (old keys after a
    rotation still vouch for letters signed before it). Hostile input never raises: anything
    unreadable is MALFORMED. The letter is valid through its expiry day.
    """
    try:
        claims = parse_payload(text)
    except (ValueError, TypeError, OverflowError):
        if isinstance(text, str) and _NEWER_FORMAT.match(text.strip()):
            return VerificationResult(Status.MALFORMED, _NEWER_MESSAGE)
        return _result(Status.MALFORMED)
    entry = known_keys.get(claims.desk_id)
    if not entry:
        return _result(Status.UNKNOWN_DESK, claims)
    keys = [entry] if isinstance(entry, str) else [k for k in entry if isinstance(k, str)]
    if not _signature_ok(keys, claims):
        return _result(Status.TAMPERED, claims)
    if today > claims.expires:
        return _result(Status.EXPIRED, claims)
    return _result(Status.VALID, claims)


def mark_voided(result: VerificationResult) -> VerificationResult:
    """The service's verdict for a genuine letter its register shows as voided."""
    if result.claims is None or result.status not in (Status.VALID, Status.EXPIRED):
        return result
    return _result(Status.VOIDED, result.claims)
