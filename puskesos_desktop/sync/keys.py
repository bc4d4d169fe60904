"""The desk's key pairs, minisign signatures and key cards (see docs sync-bundle.md).

Each desk owns an Ed25519 **minisign** signing key and an **age** X25519 identity. Both
secret halves live in the keys folder encrypted with one passphrase that the caller keeps in
the database: a thief needs the folder *and* the database, and a stolen backup of either
alone is useless. The public halves travel on a **key card** (``*.pskey``) that is
self-signed and identified by a short fingerprint people compare by phone.

Files in the keys folder (all written atomically; secrets are 0600):

* ``minisign.key``      minisign secret key, minisign's own scrypt encryption
* ``minisign.pub``      minisign public key file, usable with ``minisign -V -p``
* ``age-identity.age``  an ``age-keygen``-style identity file encrypted with age's scrypt
  passphrase mode; its ``#`` comment lines bind the desk id and the minisign public key to
  the identity under age's authenticated encryption, so the folder cannot be mixed up
* ``age-recipient.txt`` the age recipient (``age1…``)

No secret, passphrase or key material is ever logged or put into an exception message.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import unicodedata
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, NoReturn

import minisign
import pyrage

from puskesos_desktop.domain.desk_id import desk_kind, is_valid_desk_id, region_code_of
from puskesos_desktop.domain.errors import UserError

MINISIGN_KEY = "minisign.key"
MINISIGN_PUB = "minisign.pub"
AGE_IDENTITY = "age-identity.age"
AGE_RECIPIENT = "age-recipient.txt"
KEY_FILES = (MINISIGN_KEY, MINISIGN_PUB, AGE_IDENTITY, AGE_RECIPIENT)
ARCHIVE_DIR = "lama"

# scrypt N=2^15, r=8, p=1 (32 MiB, ~0.1 s): py-minisign's own default, passed explicitly so
# a library upgrade cannot silently change it. The minisign CLI default (N=2^20, 1 GiB,
# seconds) defends human-chosen passwords; ours is a random 32-byte token, so a moderate cost
# loses nothing and keeps start-up fast on old village laptops. The CLI reads these limits
# from the file, so it can still open the key.
MINISIGN_OPSLIMIT = 1_048_576
MINISIGN_MEMLIMIT = 33_554_432
MIN_PASSPHRASE_LENGTH = 16

SIGNATURE_UNTRUSTED_COMMENT = "signature from minisign secret key"
KEYCARD_FORMAT = "puskesos-keycard/1"
KEYCARD_SUFFIX = ".pskey"
KEYCARD_MAX_BYTES = 16 * 1024
_KEY_FILE_MAX_BYTES = 64 * 1024
_MAX_NAME_LENGTH = 200
_MAX_SIGNATURE_CHARS = 1024

_MINISIGN_PK = re.compile(r"RW[A-Za-z0-9+/]{54}")
_AGE_RECIPIENT = re.compile(r"age1[02-9ac-hj-np-z]{58}")
_COMMENT_CHARS = re.compile(r"[\t\x20-\x7e]*")
_BAD_NAME_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_CARD_FIELDS = frozenset(
    {"format", "desk_id", "kind", "official_name", "region_code", "minisign_public_key",
     "age_recipient", "created_at", "signature"}
)
_OPTIONAL_CARD_FIELDS = frozenset({"previous_key_signature"})


class SignatureInvalid(UserError):  # noqa: N818 - name fixed by the sync design
    """A signature that does not verify, is malformed, or was not written the canonical way."""


@dataclass(frozen=True, slots=True)
class KeyInfo:
    """The public facts about a desk's keys, safe to show, print and store."""

    desk_id: str
    minisign_public_key: str
    age_recipient: str
    fingerprint: str


class DeskKeys:
    """Both unlocked key pairs of this desk. Never printed, pickled or logged."""

    __slots__ = ("age_identity", "age_recipient", "desk_id", "public_key", "signing")

    def __init__(
        self,
        desk_id: str,
        signing: minisign.SecretKey,
        age_identity: pyrage.x25519.Identity,
    ) -> None:
        self.desk_id = desk_id
        self.signing = signing
        self.public_key = signing.get_public_key()
        self.age_identity = age_identity
        self.age_recipient = str(age_identity.to_public())

    @property
    def public_key_b64(self) -> str:
        return self.public_key.to_base64().decode("ascii")

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key_b64, self.age_recipient)

    @property
    def info(self) -> KeyInfo:
        return KeyInfo(self.desk_id, self.public_key_b64, self.age_recipient, self.fingerprint)

    def wipe(self) -> None:
        """Overwrite the signing key in memory once the keys are no longer needed."""
        self.signing.wipe()

    def __repr__(self) -> str:
        return f"DeskKeys(desk_id={self.desk_id!r}, fingerprint={self.fingerprint!r})"

    __str__ = __repr__

    def __reduce__(self) -> NoReturn:
        raise TypeError("DeskKeys berisi kunci rahasia dan tidak boleh diserialisasi")


def fingerprint(minisign_public_key_b64: str, age_recipient: str) -> str:
    """``3F2A-91C0-7B4E-0D11``: the first 8 bytes of SHA-256 over both public halves.

    Hashed text is ``<minisign key base64>\\n<age recipient>`` so IT staff can recompute it:
    ``printf '%s\\n%s' "$PK" "$AGE" | sha256sum``. 64 bits resist a targeted collision far
    beyond what a forger of a village key card could spend, and 16 digits fit a phone call.
    """
    text = f"{minisign_public_key_b64}\n{age_recipient}".encode()
    digits = hashlib.sha256(text).digest()[:8].hex().upper()
    return "-".join(digits[i : i + 4] for i in range(0, 16, 4))


# --- files -------------------------------------------------------------------------------


def _write_atomic(path: Path, data: bytes, *, secret: bool) -> None:
    """temp file + fsync + replace, so a crash leaves the old file or the new one, never half."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600 if secret else 0o644)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if secret:  # Windows only knows read-only; there the data dir's ACL applies
            with contextlib.suppress(OSError):
                tmp.chmod(0o600)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # Windows cannot open directories; NTFS journals the rename anyway
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _read_key_file(keys_dir: Path, name: str) -> bytes:
    path = keys_dir / name
    try:
        with path.open("rb") as handle:
            data = handle.read(_KEY_FILE_MAX_BYTES + 1)
    except FileNotFoundError:
        raise UserError(
            f"Berkas kunci {name} tidak ada di folder {keys_dir}. Pulihkan folder kunci "
            "dari cadangan; tanpa kunci ini paket sinkronisasi tidak bisa dibuat atau dibaca."
        ) from None
    except OSError as err:
        raise UserError(
            f"Berkas kunci {name} tidak dapat dibaca ({err.strerror}). Periksa izin folder "
            f"{keys_dir} atau pulihkan dari cadangan."
        ) from None
    if len(data) > _KEY_FILE_MAX_BYTES:
        _corrupt(keys_dir, name)
    return data


def _corrupt(keys_dir: Path, name: str) -> NoReturn:
    raise UserError(
        f"Berkas kunci {name} di folder {keys_dir} rusak atau bukan milik instalasi ini. "
        "Pulihkan folder kunci dari cadangan yang sama dengan basis datanya."
    ) from None


def minisign_pub_file_bytes(public_key_b64: str, desk_id: str) -> bytes:
    """A ``minisign.pub`` file as minisign writes it, for ``minisign -V -p`` by IT staff."""
    return f"untrusted comment: minisign public key {desk_id}\n{public_key_b64}\n".encode()


def _age_identity_text(
    desk_id: str, public_key_b64: str, identity: pyrage.x25519.Identity
) -> str:
    return (
        "# puskesos-desktop age identity\n"
        f"# desk: {desk_id}\n"
        f"# minisign public key: {public_key_b64}\n"
        f"# public key: {identity.to_public()}\n"
        f"{identity}\n"
    )


def _check_new_keys_args(keys_dir: Path, passphrase: str, desk_id: str, overwrite: bool) -> None:
    if not is_valid_desk_id(desk_id):
        raise ValueError("desk_id tidak sah")
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise ValueError("frasa sandi kunci harus acak dan minimal 16 karakter")
    if not overwrite and any((keys_dir / name).exists() for name in KEY_FILES):
        raise UserError(
            f"Folder {keys_dir} sudah berisi kunci desk. Kunci lama tidak ditimpa; "
            "gunakan menu rotasi kunci bila kunci memang harus diganti."
        )


def _create_keys(keys_dir: Path, passphrase: str, desk_id: str) -> DeskKeys:
    keys_dir.mkdir(parents=True, exist_ok=True)
    signing = minisign.KeyPair.generate().secret_key
    with minisign.SecretKey.from_base64(signing.to_base64()) as stored:
        stored.encrypt(passphrase, opslimit=MINISIGN_OPSLIMIT, memlimit=MINISIGN_MEMLIMIT)
        encrypted_key = bytes(stored) + b"\n"
    identity = pyrage.x25519.Identity.generate()
    keys = DeskKeys(desk_id, signing, identity)
    identity_text = _age_identity_text(desk_id, keys.public_key_b64, identity)
    encrypted_identity = pyrage.passphrase.encrypt(identity_text.encode(), passphrase)
    _write_atomic(keys_dir / MINISIGN_KEY, encrypted_key, secret=True)
    _write_atomic(keys_dir / AGE_IDENTITY, encrypted_identity, secret=True)
    pub = minisign_pub_file_bytes(keys.public_key_b64, desk_id)
    _write_atomic(keys_dir / MINISIGN_PUB, pub, secret=False)
    _write_atomic(keys_dir / AGE_RECIPIENT, f"{keys.age_recipient}\n".encode(), secret=False)
    return keys


def generate_keys(
    keys_dir: Path, passphrase: str, desk_id: str, *, overwrite: bool = False
) -> KeyInfo:
    """Create this desk's two key pairs in ``keys_dir`` and return their public facts.

    ``passphrase`` must be a random string (e.g. ``secrets.token_urlsafe(32)``) that the
    caller stores in the database: it encrypts both secret keys, so the key files alone are
    useless to whoever copies them. Existing keys are never replaced unless ``overwrite``.
    Takes a second or two: age calibrates its scrypt cost to about one second.
    """
    _check_new_keys_args(keys_dir, passphrase, desk_id, overwrite)
    keys = _create_keys(keys_dir, passphrase, desk_id)
    try:
        return keys.info
    finally:
        keys.wipe()


def load_keys(keys_dir: Path, passphrase: str) -> DeskKeys:
    """Unlock the keys in ``keys_dir``; missing, corrupt, mixed-up files or a wrong passphrase
    are a UserError. Cheap checks run before age's deliberate ~1 s scrypt, so callers should
    keep the returned keys for the session rather than reload them per bundle."""
    files = {name: _read_key_file(keys_dir, name) for name in KEY_FILES}
    signing = _unlock_signing(keys_dir, files, passphrase)
    try:
        desk_id, identity = _unlock_age(keys_dir, files, passphrase, signing)
    except BaseException:
        signing.wipe()
        raise
    return DeskKeys(desk_id, signing, identity)


def _unlock_signing(
    keys_dir: Path, files: dict[str, bytes], passphrase: str
) -> minisign.SecretKey:
    try:
        signing = minisign.SecretKey.from_bytes(files[MINISIGN_KEY].rstrip(b"\n"))
        encrypted = signing.is_encrypted()
    except ValueError:
        _corrupt(keys_dir, MINISIGN_KEY)
    if not encrypted:
        raise UserError(
            f"Berkas kunci {MINISIGN_KEY} tersimpan tanpa enkripsi, padahal kunci rahasia "
            "harus selalu terenkripsi. Buat kunci baru lewat rotasi kunci."
        )
    try:
        signing.decrypt(passphrase)
    except ValueError:
        raise UserError(
            "Kunci desk tidak dapat dibuka: frasa sandi di basis data tidak cocok dengan "
            f"folder {keys_dir}. Pulihkan folder kunci dan basis data dari cadangan yang sama."
        ) from None
    try:
        stored_public = minisign.PublicKey.from_bytes(files[MINISIGN_PUB].rstrip(b"\n"))
    except ValueError:
        stored_public = None
    if stored_public != signing.get_public_key():
        signing.wipe()
        _corrupt(keys_dir, MINISIGN_PUB)
    return signing


def _unlock_age(
    keys_dir: Path, files: dict[str, bytes], passphrase: str, signing: minisign.SecretKey
) -> tuple[str, pyrage.x25519.Identity]:
    """The identity and the desk id recorded beside it, both under age's authentication."""
    recipient = files[AGE_RECIPIENT].decode("ascii", "replace").strip()
    if not _AGE_RECIPIENT.fullmatch(recipient):
        _corrupt(keys_dir, AGE_RECIPIENT)
    try:
        text = pyrage.passphrase.decrypt(files[AGE_IDENTITY], passphrase).decode("utf-8")
    except (pyrage.DecryptError, ValueError):
        _corrupt(keys_dir, AGE_IDENTITY)
    lines = text.splitlines()
    comments = [line[2:] for line in lines if line.startswith("# ") and ": " in line]
    header = dict(line.split(": ", 1) for line in comments)
    secret_lines = [line for line in lines if line.startswith("AGE-SECRET-KEY-1")]
    try:
        identity = pyrage.x25519.Identity.from_str(secret_lines[0])
    except (pyrage.IdentityError, IndexError):
        _corrupt(keys_dir, AGE_IDENTITY)
    desk_id = header.get("desk", "")
    public_key_b64 = signing.get_public_key().to_base64().decode("ascii")
    if (
        len(secret_lines) != 1
        or not is_valid_desk_id(desk_id)
        or header.get("minisign public key") != public_key_b64
        or header.get("public key") != str(identity.to_public())
    ):
        _corrupt(keys_dir, AGE_IDENTITY)
    if recipient != str(identity.to_public()):
        _corrupt(keys_dir, AGE_RECIPIENT)
    return desk_id, identity


# --- signatures --------------------------------------------------------------------------


def sign_bytes(keys: DeskKeys, data: bytes, trusted_comment: str) -> bytes:
    """The exact ``.minisig`` file bytes minisign writes: prehashed ``ED``, fixed untrusted
    comment, trailing newline. ``trusted_comment`` must be printable ASCII on one line."""
    signature = keys.signing.sign(
        data,
        prehash=True,
        untrusted_comment=SIGNATURE_UNTRUSTED_COMMENT,
        trusted_comment=trusted_comment,
    )
    return bytes(signature) + b"\n"


def _public_key(public_key_b64: str) -> minisign.PublicKey:
    if not isinstance(public_key_b64, str) or not _MINISIGN_PK.fullmatch(public_key_b64):
        raise ValueError("bad public key")
    return minisign.PublicKey.from_base64(public_key_b64)


def verify_bytes(public_key_b64: str, data: bytes, signature: bytes) -> str:
    """Check ``signature`` over ``data`` and return its trusted comment.

    Only the canonical form that :func:`sign_bytes` writes is accepted (a base64 variant or
    another line ending would be a bit flip that Ed25519 cannot see). Every failure raises
    :class:`SignatureInvalid`.
    """
    try:
        key = _public_key(public_key_b64)
    except ValueError:
        raise SignatureInvalid(
            "Kunci publik penanda tangan tidak sah. Impor ulang kartu kunci desk pengirim."
        ) from None
    try:
        parsed = minisign.Signature.from_bytes(signature)
        canonical = (
            parsed.is_prehashed()
            and parsed.untrusted_comment == SIGNATURE_UNTRUSTED_COMMENT
            and _COMMENT_CHARS.fullmatch(parsed.trusted_comment) is not None
            and bytes(parsed) + b"\n" == signature
        )
        if canonical:
            key.verify(data, parsed)
    except (ValueError, TypeError):
        canonical = False
    if not canonical:
        raise SignatureInvalid(
            "Tanda tangan tidak sah: berkas telah diubah atau tidak ditandatangani oleh desk "
            "yang diakui. Minta pengirim mengirim ulang berkas aslinya."
        )
    return parsed.trusted_comment


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
            f"Nama resmi pada kartu kunci harus diisi, 1-{_MAX_NAME_LENGTH} karakter, "
            "tanpa karakter kontrol."
        )
    return name


def _build_card(
    keys: DeskKeys, kind: str, official_name: str, region_code: str, previous: DeskKeys | None
) -> KeyCard:
    region = region_code.strip().replace(".", "") if isinstance(region_code, str) else ""
    if kind != desk_kind(keys.desk_id) or region != region_code_of(keys.desk_id):
        raise UserError(
            f"Jenis ({kind}) atau kode wilayah ({region_code}) tidak sesuai dengan ID desk "
            f"{keys.desk_id}. Periksa profil desk."
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
        f"Kartu kunci tidak dapat diterima: {reason}. Minta kartu kunci (.pskey) yang asli "
        "langsung dari desk pemiliknya, lalu cocokkan sidik jarinya lewat telepon."
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
