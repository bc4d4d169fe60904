"""Key slots: the database key, wrapped once per operator password and once by the recovery key.

The slot file lives beside the sync keys (``kunci/basisdata-kunci.json``), outside the
database, because it must be read before the database can be opened. Each slot holds the
same 32-byte key sealed with AES-256-GCM (``cryptography``) under a key derived by scrypt
from a secret: an operator's password, or the printed recovery key. The slot's kind and
label are the AEAD's associated data, so a slot cannot be relabelled to another operator.

Operator slots use scrypt N=2^17, r=8 (128 MiB, about half a second on an old laptop):
a stolen laptop's slot file can only be attacked by guessing passwords, one slow, memory-
hard try at a time. The recovery key carries 130 random bits, so its slot uses a light N.

The file is hostile input (a repair shop, a virus on a flashdisk, a power cut): every field
is checked, the scrypt cost is bounded before any work, and any problem becomes a
:class:`UserError` in Indonesian. Writes go to a temp file that is fsynced and renamed.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import json
import os
import secrets
from dataclasses import dataclass, replace
from pathlib import Path

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.i18n import N_, _
from puskesos_desktop.store.cipher import KEY_BYTES

SLOT_FILE = "basisdata-kunci.json"
FORMAT = "puskesos-slot-kunci"
VERSION = 1
KIND_OPERATOR = "operator"
KIND_RECOVERY = "pemulihan"
RECOVERY_LABEL = "pemulihan"
OPERATOR_COST = (2**17, 8, 1)
RECOVERY_COST = (2**14, 8, 1)
_MIN_N = 2**14
_MAXMEM = 256 * 1024 * 1024  # scrypt needs 128 * n * r bytes; bounded before any work
_MAX_SLOTS = 200
_MAX_FILE_BYTES = 256 * 1024
_NONCE_BYTES, _SALT_BYTES = 12, 16


class SlotFileError(UserError):
    """The slot file is missing, damaged or not ours."""


def slot_file(keys_dir: Path) -> Path:
    return keys_dir / SLOT_FILE


def _damaged(why: str) -> SlotFileError:
    """``why`` is a message id (``N_``), translated here with the rest."""
    return SlotFileError(
        _(
            "Berkas kunci basis data ({file}) rusak: {why}. Buka dengan Kunci Pemulihan "
            "(lembar yang disimpan di lemari kantor desa), lalu buat kata sandi baru."
        ).format(file=SLOT_FILE, why=_(why))
    )


def _derive(secret: bytes, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(secret, salt=salt, n=n, r=r, p=p, maxmem=_MAXMEM + 1024 * 1024, dklen=32)


def _aad(kind: str, label: str) -> bytes:
    return json.dumps([FORMAT, VERSION, kind, label]).encode()


def normal_label(username: str) -> str:
    """Slots are found by user name regardless of case, as the login dialog does."""
    return username.strip().casefold()


@dataclass(frozen=True)
class Slot:
    kind: str
    label: str
    n: int
    r: int
    p: int
    salt: bytes
    nonce: bytes
    sealed: bytes

    @classmethod
    def seal(cls, kind: str, label: str, secret: bytes, key: bytes) -> Slot:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        n, r, p = OPERATOR_COST if kind == KIND_OPERATOR else RECOVERY_COST
        salt, nonce = secrets.token_bytes(_SALT_BYTES), secrets.token_bytes(_NONCE_BYTES)
        wrapping = _derive(secret, salt, n, r, p)
        sealed = AESGCM(wrapping).encrypt(nonce, key, _aad(kind, label))
        return cls(kind, label, n, r, p, salt, nonce, sealed)

    def open(self, secret: bytes) -> bytes | None:
        """The database key, or None when ``secret`` is wrong (the AEAD tag fails)."""
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        wrapping = _derive(secret, self.salt, self.n, self.r, self.p)
        try:
            key = AESGCM(wrapping).decrypt(self.nonce, self.sealed, _aad(self.kind, self.label))
        except InvalidTag:
            return None
        return key if len(key) == KEY_BYTES else None

    def as_json(self) -> dict[str, object]:
        encode = base64.b64encode
        return {
            "jenis": self.kind,
            "label": self.label,
            "kdf": {"nama": "scrypt", "n": self.n, "r": self.r, "p": self.p},
            "garam": encode(self.salt).decode(),
            "nonce": encode(self.nonce).decode(),
            "sandi": encode(self.sealed).decode(),
        }

    @classmethod
    def from_json(cls, raw: object) -> Slot:
        if not isinstance(raw, dict):
            raise _damaged(N_("slot bukan objek"))
        kind, label, kdf = raw.get("jenis"), raw.get("label"), raw.get("kdf")
        if kind not in (KIND_OPERATOR, KIND_RECOVERY) or not isinstance(label, str):
            raise _damaged(N_("jenis atau label slot tidak dikenal"))
        if not isinstance(kdf, dict) or kdf.get("nama") != "scrypt":
            raise _damaged(N_("cara penurunan kunci tidak dikenal"))
        n, r, p = kdf.get("n"), kdf.get("r"), kdf.get("p")
        costs_ok = (
            all(type(value) is int for value in (n, r, p))
            and n >= _MIN_N  # type: ignore[operator]
            and n & (n - 1) == 0  # type: ignore[operator]
            and 8 <= r <= 16  # type: ignore[operator]
            and 128 * n * r <= _MAXMEM  # type: ignore[operator]
            and 1 <= p <= 4  # type: ignore[operator]
        )
        if not costs_ok:
            raise _damaged(N_("parameter scrypt di luar batas"))
        try:
            salt, nonce, sealed = (
                base64.b64decode(str(raw.get(name, "")), validate=True)
                for name in ("garam", "nonce", "sandi")
            )
        except (binascii.Error, ValueError) as error:
            raise _damaged(N_("isi slot bukan base64")) from error
        if len(salt) != _SALT_BYTES or len(nonce) != _NONCE_BYTES or len(sealed) != KEY_BYTES + 16:
            raise _damaged(N_("panjang isi slot salah"))
        return cls(kind, label, n, r, p, salt, nonce, sealed)  # type: ignore[arg-type]


@dataclass(frozen=True)
class KeySlots:
    """All slots of one desk; changes return a new value, :meth:`save` writes it."""

    slots: tuple[Slot, ...] = ()

    @property
    def operators(self) -> tuple[str, ...]:
        return tuple(slot.label for slot in self.slots if slot.kind == KIND_OPERATOR)

    @property
    def has_recovery(self) -> bool:
        return any(slot.kind == KIND_RECOVERY for slot in self.slots)

    def find(self, kind: str, label: str) -> Slot | None:
        return next((s for s in self.slots if s.kind == kind and s.label == label), None)

    def open_operator(self, username: str, password: str) -> bytes | None:
        slot = self.find(KIND_OPERATOR, normal_label(username))
        return None if slot is None else slot.open(password.encode())

    def open_recovery(self, compact_key: str) -> bytes | None:
        slot = self.find(KIND_RECOVERY, RECOVERY_LABEL)
        return None if slot is None else slot.open(compact_key.encode())

    def with_operator(self, username: str, password: str, key: bytes) -> KeySlots:
        label = normal_label(username)
        return self._with(Slot.seal(KIND_OPERATOR, label, password.encode(), key))

    def with_recovery(self, compact_key: str, key: bytes) -> KeySlots:
        return self._with(Slot.seal(KIND_RECOVERY, RECOVERY_LABEL, compact_key.encode(), key))

    def without_operator(self, username: str) -> KeySlots:
        label = normal_label(username)
        kept = (s for s in self.slots if not (s.kind == KIND_OPERATOR and s.label == label))
        return replace(self, slots=tuple(kept))

    def _with(self, slot: Slot) -> KeySlots:
        kept = [s for s in self.slots if (s.kind, s.label) != (slot.kind, slot.label)]
        return replace(self, slots=(*kept, slot))

    @classmethod
    def load(cls, path: Path) -> KeySlots:
        try:
            if path.stat().st_size > _MAX_FILE_BYTES:
                raise _damaged(N_("berkasnya terlalu besar"))
            raw = json.loads(path.read_bytes().decode("utf-8"))
        except FileNotFoundError as error:
            raise SlotFileError(
                _(
                    "Berkas kunci basis data ({file}) tidak ditemukan di {folder}. Salin "
                    "kembali folder 'kunci' dari cadangan, atau buka dengan Kunci Pemulihan."
                ).format(file=SLOT_FILE, folder=path.parent)
            ) from error
        except (OSError, UnicodeDecodeError, ValueError) as error:
            raise _damaged(N_("isinya tidak terbaca")) from error
        if not isinstance(raw, dict) or raw.get("format") != FORMAT:
            raise _damaged(N_("bukan berkas kunci Puskesos"))
        if raw.get("versi") != VERSION:
            raise _damaged(N_("versinya tidak dikenal (mungkin dari aplikasi yang lebih baru)"))
        items = raw.get("slot")
        if not isinstance(items, list) or not 0 < len(items) <= _MAX_SLOTS:
            raise _damaged(N_("daftar slot kosong atau tidak sah"))
        return cls(tuple(Slot.from_json(item) for item in items))

    def save(self, path: Path) -> None:
        """Atomic replace: a power cut leaves the old file or the new one, never half."""
        document = {"format": FORMAT, "versi": VERSION, "slot": [s.as_json() for s in self.slots]}
        temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            with temp.open("w", encoding="utf-8") as handle:
                json.dump(document, handle, indent=1)
                handle.flush()
                os.fsync(handle.fileno())
            temp.replace(path)
        except OSError as error:
            with contextlib.suppress(OSError):
                temp.unlink(missing_ok=True)
            raise UserError(
                _(
                    "Berkas kunci basis data tidak dapat disimpan di {folder}. Periksa ruang "
                    "disk dan izin folder data, lalu coba lagi."
                ).format(folder=path.parent)
            ) from error
