"""The desk's key pairs and minisign signatures (see docs sync-bundle.md).

Each desk owns an Ed25519 **minisign** signing key and an **age** X25519 identity. Both
secret halves live in the keys folder encrypted with one passphrase that the caller keeps in
the database: a thief needs the folder *and* the database, and a stolen backup of either
alone is useless. The public halves travel on a **key card** (``*.pskey``) that is
self-signed and identified by a short fingerprint people compare by phone; cards and key
rotation live in :mod:`puskesos_desktop.sync.keycard`.

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
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import minisign
import pyrage

from puskesos_desktop.domain.desk_id import is_valid_desk_id
from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.i18n import _
from puskesos_desktop.sync.outfile import fsync_dir

MINISIGN_KEY = "minisign.key"
MINISIGN_PUB = "minisign.pub"
AGE_IDENTITY = "age-identity.age"
AGE_RECIPIENT = "age-recipient.txt"
KEY_FILES = (MINISIGN_KEY, MINISIGN_PUB, AGE_IDENTITY, AGE_RECIPIENT)
ROTATION_CARD = "kartu-rotasi.pskey"  # the card to send villages after rotating the keys

# scrypt N=2^15, r=8, p=1 (32 MiB, ~0.1 s): py-minisign's own default, passed explicitly so
# a library upgrade cannot silently change it. The minisign CLI default (N=2^20, 1 GiB,
# seconds) defends human-chosen passwords; ours is a random 32-byte token, so a moderate cost
# loses nothing and keeps start-up fast on old village laptops. The CLI reads these limits
# from the file, so it can still open the key.
MINISIGN_OPSLIMIT = 1_048_576
MINISIGN_MEMLIMIT = 33_554_432
MIN_PASSPHRASE_LENGTH = 16

SIGNATURE_UNTRUSTED_COMMENT = "signature from minisign secret key"
_KEY_FILE_MAX_BYTES = 64 * 1024

_MINISIGN_PK = re.compile(r"RW[A-Za-z0-9+/]{54}")
_AGE_RECIPIENT = re.compile(r"age1[02-9ac-hj-np-z]{58}")
_COMMENT_CHARS = re.compile(r"[\t\x20-\x7e]*")


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
    fsync_dir(path.parent)


def _read_key_file(keys_dir: Path, name: str) -> bytes:
    path = keys_dir / name
    try:
        with path.open("rb") as handle:
            data = handle.read(_KEY_FILE_MAX_BYTES + 1)
    except FileNotFoundError:
        raise UserError(
            _(
                "Berkas kunci {name} tidak ada di folder {keys_dir}. Pulihkan folder kunci dari "
                "cadangan; tanpa kunci ini paket sinkronisasi tidak bisa dibuat atau dibaca."
            ).format(name=name, keys_dir=keys_dir)
        ) from None
    except OSError as err:
        raise UserError(
            _(
                "Berkas kunci {name} tidak dapat dibaca ({strerror}). Periksa izin folder "
                "{keys_dir} atau pulihkan dari cadangan."
            ).format(name=name, strerror=err.strerror, keys_dir=keys_dir)
        ) from None
    if len(data) > _KEY_FILE_MAX_BYTES:
        _corrupt(keys_dir, name)
    return data


def _corrupt(keys_dir: Path, name: str) -> NoReturn:
    raise UserError(
        _(
            "Berkas kunci {name} di folder {keys_dir} rusak atau bukan milik instalasi ini. "
            "Pulihkan folder kunci dari cadangan yang sama dengan basis datanya."
        ).format(name=name, keys_dir=keys_dir)
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
            _(
                "Folder {keys_dir} sudah berisi kunci desk. Kunci lama tidak ditimpa; gunakan menu "
                "rotasi kunci bila kunci memang harus diganti."
            ).format(keys_dir=keys_dir)
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
            _(
                "Berkas kunci {name} tersimpan tanpa enkripsi, padahal kunci rahasia harus "
                "selalu terenkripsi. Buat kunci baru lewat rotasi kunci."
            ).format(name=MINISIGN_KEY)
        )
    try:
        signing.decrypt(passphrase)
    except ValueError:
        raise UserError(
            _(
                "Kunci desk tidak dapat dibuka: frasa sandi di basis data tidak cocok dengan "
                "folder {keys_dir}. Pulihkan folder kunci dan basis data dari cadangan yang sama."
            ).format(keys_dir=keys_dir)
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
