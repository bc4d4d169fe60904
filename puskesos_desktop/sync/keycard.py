"""Key cards (``*.pskey``) and key rotation (see docs sync-bundle.md).

A key card carries a desk's public halves: its minisign public key and age recipient, bound
to the desk id, kind, region and official name by a self-signature. Trust does not come from
that signature (anyone can self-sign) but from people comparing the short
:attr:`KeyCard.fingerprint` by phone. Rotation writes a new card counter-signed by the old
key, so a desk that trusts the old card can accept the successor without a new phone call.

The key files themselves, signing and verification live in :mod:`puskesos_desktop.sync.keys`.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, NoReturn

import pyrage

from puskesos_desktop.domain.desk_id import desk_kind, is_valid_desk_id, region_code_of
from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.i18n import _
from puskesos_desktop.sync.keys import (
    _AGE_RECIPIENT,
    AGE_IDENTITY,
    KEY_FILES,
    MINISIGN_KEY,
    DeskKeys,
    SignatureInvalid,
    _check_new_keys_args,
    _create_keys,
    _public_key,
    _write_atomic,
    fingerprint,
    sign_bytes,
    verify_bytes,
)

ARCHIVE_DIR = "lama"
KEYCARD_FORMAT = "puskesos-keycard/1"
KEYCARD_SUFFIX = ".pskey"
KEYCARD_MAX_BYTES = 16 * 1024
_MAX_NAME_LENGTH = 200
_MAX_SIGNATURE_CHARS = 1024

_BAD_NAME_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_CARD_FIELDS = frozenset(
    {"format", "desk_id", "kind", "official_name", "region_code", "minisign_public_key",
     "age_recipient", "created_at", "signature"}
)
_OPTIONAL_CARD_FIELDS = frozenset({"previous_key_signature"})


# --- key cards ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class KeyCard:
    """The public half of a desk, as exchanged in a ``.pskey`` file."""

    desk_id: str
    kind: Literal["desa", "dinas"]
    official_name: str
    region_code: str
    minisign_public_key: str
    age_recipient: str
    created_at: str
    signature: str
    previous_key_signature: str | None = None
    format: str = KEYCARD_FORMAT

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.minisign_public_key, self.age_recipient)

    def to_dict(self) -> dict[str, str]:
        return {k: v for k, v in asdict(self).items() if v is not None}


def _canonical(obj: dict[str, str]) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _body(card: KeyCard, *, with_previous: bool) -> dict[str, str]:
    body = card.to_dict()
    del body["signature"]
    if not with_previous:
        body.pop("previous_key_signature", None)
    return body


def _self_comment(desk_id: str) -> str:
    return f"{KEYCARD_FORMAT} self desk:{desk_id}"


def _rotation_comment(desk_id: str) -> str:
    return f"{KEYCARD_FORMAT} rotation desk:{desk_id}"


def _check_name(name: str) -> str:
    name = name.strip() if isinstance(name, str) else ""
    if not 0 < len(name) <= _MAX_NAME_LENGTH or any(
        unicodedata.category(ch) in _BAD_NAME_CATEGORIES for ch in name
    ):
        raise UserError(
            _(
                "Nama resmi pada kartu kunci harus diisi, 1-{maximum} karakter, tanpa "
                "karakter kontrol."
            ).format(maximum=_MAX_NAME_LENGTH)
        )
    return name


def _build_card(
    keys: DeskKeys, kind: str, official_name: str, region_code: str, previous: DeskKeys | None
) -> KeyCard:
    region = region_code.strip().replace(".", "") if isinstance(region_code, str) else ""
    if kind != desk_kind(keys.desk_id) or region != region_code_of(keys.desk_id):
        raise UserError(
            _(
                "Jenis ({kind}) atau kode wilayah ({region_code}) tidak sesuai dengan ID desk "
                "{desk_id}. Periksa profil desk."
            ).format(kind=kind, region_code=region_code, desk_id=keys.desk_id)
        )
    card = KeyCard(
        desk_id=keys.desk_id,
        kind=desk_kind(keys.desk_id),
        official_name=_check_name(official_name),
        region_code=region,
        minisign_public_key=keys.public_key_b64,
        age_recipient=keys.age_recipient,
        created_at=datetime.now().astimezone().isoformat(timespec="seconds"),
        signature="",
    )
    if previous is not None:
        old = sign_bytes(previous, _canonical(_body(card, with_previous=False)),
                         _rotation_comment(keys.desk_id))
        card = _replace(card, previous_key_signature=old.decode("ascii"))
    signed = sign_bytes(keys, _canonical(_body(card, with_previous=True)),
                        _self_comment(keys.desk_id))
    return _replace(card, signature=signed.decode("ascii"))


def _replace(card: KeyCard, **changes: str) -> KeyCard:
    return KeyCard(**{**asdict(card), **changes})


def make_key_card(
    keys: DeskKeys, kind: Literal["desa", "dinas"], official_name: str, region_code: str
) -> KeyCard:
    """This desk's self-signed key card. ``region_code`` may be dotted or plain."""
    return _build_card(keys, kind, official_name, region_code, None)


def key_card_to_bytes(card: KeyCard) -> bytes:
    """Indented UTF-8 JSON, readable in Notepad; the signature covers values, not layout."""
    text = json.dumps(card.to_dict(), sort_keys=True, indent=2, ensure_ascii=False)
    return f"{text}\n".encode()


def _card_error(reason: str) -> UserError:
    return UserError(
        _(
            "Kartu kunci tidak dapat diterima: {reason}. Minta kartu kunci (.pskey) yang asli "
            "langsung dari desk pemiliknya, lalu cocokkan sidik jarinya lewat telepon."
        ).format(reason=reason)
    )


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _card_error("ada kolom yang ganda")
    return result


def _reject_constant(name: str) -> NoReturn:
    raise _card_error(f"nilai {name} tidak diperbolehkan")


def _parse_card(data: bytes) -> KeyCard:
    if len(data) > KEYCARD_MAX_BYTES:
        raise _card_error(f"berkas lebih besar dari {KEYCARD_MAX_BYTES // 1024} KiB")
    try:
        obj = json.loads(
            data.decode("utf-8-sig"),
            object_pairs_hook=_unique_pairs,
            parse_constant=_reject_constant,
        )
    except (ValueError, RecursionError):
        raise _card_error("isinya bukan JSON UTF-8 yang sah") from None
    if not isinstance(obj, dict):
        raise _card_error("isinya bukan objek JSON")
    keys = set(obj)
    if not keys >= _CARD_FIELDS or not keys <= _CARD_FIELDS | _OPTIONAL_CARD_FIELDS:
        raise _card_error("kolomnya tidak lengkap atau ada kolom yang tidak dikenal")
    if not all(isinstance(value, str) for value in obj.values()):
        raise _card_error("ada kolom yang bukan teks")
    if obj["format"] != KEYCARD_FORMAT:
        raise _card_error(
            f"formatnya {obj['format'][:40]!r}, bukan {KEYCARD_FORMAT} (perbarui aplikasi bila "
            "kartu dibuat oleh versi yang lebih baru)"
        )
    desk_id = obj["desk_id"]
    if not is_valid_desk_id(desk_id):
        raise _card_error("ID desk tidak sah")
    if obj["kind"] != desk_kind(desk_id) or obj["region_code"] != region_code_of(desk_id):
        raise _card_error("jenis atau kode wilayah tidak sesuai dengan ID desk")
    try:
        name_ok = _check_name(obj["official_name"]) == obj["official_name"]
    except UserError:
        name_ok = False
    if not name_ok:
        raise _card_error("nama resmi tidak sah")
    created = obj["created_at"]
    try:
        stamp = datetime.fromisoformat(created) if len(created) <= 40 else None
    except ValueError:
        stamp = None
    if stamp is None or stamp.tzinfo is None:
        raise _card_error("waktu pembuatan tidak sah")
    try:
        _public_key(obj["minisign_public_key"])
    except ValueError:
        raise _card_error("kunci publik minisign tidak sah") from None
    try:
        if not _AGE_RECIPIENT.fullmatch(obj["age_recipient"]):
            raise ValueError
        pyrage.x25519.Recipient.from_str(obj["age_recipient"])
    except (ValueError, pyrage.RecipientError):
        raise _card_error("penerima age tidak sah") from None
    for name in ("signature", *_OPTIONAL_CARD_FIELDS):
        if name in obj and (len(obj[name]) > _MAX_SIGNATURE_CHARS or not obj[name].isascii()):
            raise _card_error("tanda tangan tidak sah")
    card = KeyCard(**obj)
    try:
        comment = verify_bytes(
            card.minisign_public_key,
            _canonical(_body(card, with_previous=True)),
            card.signature.encode("ascii"),
        )
    except SignatureInvalid:
        comment = None
    if comment != _self_comment(desk_id):
        raise SignatureInvalid(
            "Kartu kunci telah diubah atau rusak: tanda tangannya tidak cocok. Minta kartu "
            "kunci (.pskey) yang asli langsung dari desk pemiliknya."
        )
    return card


def read_key_card(data: bytes) -> KeyCard:
    """Parse and self-verify a hostile ``.pskey``; any defect is one clean UserError.

    A valid self-signature only proves the card is intact and its owner holds the key; trust
    comes from comparing :attr:`KeyCard.fingerprint` with the owner by phone.
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError("read_key_card expects bytes")
    try:
        return _parse_card(bytes(data))
    except UserError:
        raise
    except (ValueError, TypeError, RecursionError, pyrage.RecipientError):
        raise _card_error("isinya tidak sah") from None


# --- rotation ----------------------------------------------------------------------------


def _archive_current(keys_dir: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = keys_dir / ARCHIVE_DIR / stamp
    counter = 1
    while target.exists():
        counter += 1
        target = keys_dir / ARCHIVE_DIR / f"{stamp}-{counter}"
    target.mkdir(parents=True)
    for name in KEY_FILES:
        source = keys_dir / name
        if source.exists():
            secret = name in (MINISIGN_KEY, AGE_IDENTITY)
            _write_atomic(target / name, source.read_bytes(), secret=secret)
    return target


def rotate_keys(
    keys_dir: Path, passphrase: str, old_keys: DeskKeys, *, official_name: str
) -> tuple[DeskKeys, KeyCard]:
    """Replace the desk's keys; the new card is counter-signed by ``old_keys``.

    The current files are copied to ``lama/<UTC timestamp>/`` first (they can still decrypt
    bundles already sent), then the new files replace them one by one. A crash in between
    leaves a mixed folder that :func:`load_keys` rejects, with the old set safe in ``lama``.
    """
    _check_new_keys_args(keys_dir, passphrase, old_keys.desk_id, overwrite=True)
    _archive_current(keys_dir)
    new_keys = _create_keys(keys_dir, passphrase, old_keys.desk_id)
    kind = desk_kind(old_keys.desk_id)
    card = _build_card(new_keys, kind, official_name, region_code_of(old_keys.desk_id), old_keys)
    return new_keys, card


def verify_rotation(old_card: KeyCard, new_card: KeyCard) -> bool:
    """True when ``new_card`` is an intact successor of ``old_card`` signed by its old key."""
    if (
        new_card.previous_key_signature is None
        or old_card.desk_id != new_card.desk_id
        or old_card.minisign_public_key == new_card.minisign_public_key
        or old_card.age_recipient == new_card.age_recipient
    ):
        return False
    try:
        new_checked = read_key_card(key_card_to_bytes(new_card))
        comment = verify_bytes(
            old_card.minisign_public_key,
            _canonical(_body(new_checked, with_previous=False)),
            new_card.previous_key_signature.encode("ascii"),
        )
    except (UserError, ValueError):
        return False
    return comment == _rotation_comment(new_card.desk_id)
