"""One passphrase-protected file that carries a desk's key folder to another installation.

At a district office several officers' installations share one PostgreSQL server, and all
of them sign and decrypt bundles as the same desk. Copying ``kunci/`` by hand out of a
hidden AppData folder went wrong too often (wrong folder, half a copy), so the folder
travels as one ``*.puskesos-kunci`` file instead.

The file is an age envelope in passphrase (scrypt) mode; the plaintext is ``MAGIC`` and a
canonical JSON object: format, desk id, fingerprint, and every file as base64 under its
path relative to the keys folder. The secret keys inside stay encrypted with the random
passphrase kept in the database, so a finder of a lost flashdisk who guessed the typed
passphrase would still need the database.

A file offered for import is hostile input: its size, the envelope, the JSON, every path
and every file size are checked before anything touches the keys folder, and the folder is
written with :class:`~puskesos_desktop.sync.outfile.AtomicFiles` (whole files or none).
This module checks the shape; the service checks the keys against the database.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyrage

from puskesos_desktop.domain.desk_id import is_valid_desk_id
from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.i18n import _
from puskesos_desktop.sync.keycard import ARCHIVE_DIR
from puskesos_desktop.sync.keys import (
    AGE_IDENTITY,
    AGE_RECIPIENT,
    KEY_FILES,
    MINISIGN_KEY,
    MINISIGN_PUB,
    ROTATION_CARD,
    fingerprint,
)
from puskesos_desktop.sync.outfile import KEY_FILE, AtomicFiles

SUFFIX = ".puskesos-kunci"
MAGIC = b"PSKKUNCI1\n"
FORMAT = 1
SET_ASIDE_DIR = "diganti"  # replaced keys go here, never into lama/ (letters trust lama/)
MAX_FILE_BYTES = 1024 * 1024  # ~1 KB per key set: room for hundreds of rotations
MAX_ENTRY_BYTES = 64 * 1024
MAX_ENTRIES = 400
MIN_PASSPHRASE = 10

_STAMP = r"\d{8}T\d{6}Z(?:-\d{1,4})?"
_NAMES = "|".join(re.escape(name) for name in KEY_FILES)
_PATH = re.compile(rf"(?:{_NAMES}|{re.escape(ROTATION_CARD)}|{ARCHIVE_DIR}/{_STAMP}/(?:{_NAMES}))")
_SECRET = (MINISIGN_KEY, AGE_IDENTITY)
_FINGERPRINT = re.compile(r"[0-9A-F]{4}(?:-[0-9A-F]{4}){3}")


@dataclass(frozen=True)
class KeyShare:
    """The unpacked file: whose keys, their fingerprint, and the files by relative path."""

    desk_id: str
    fingerprint: str
    files: dict[str, bytes]


def check_passphrase(passphrase: str) -> None:
    """The typed passphrase guards the desk's keys on a flashdisk: long, and not a number
    (dates and phone numbers are the first guesses)."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise UserError(
            _("Frasa sandi berkas kunci minimal {count} karakter.").format(count=MIN_PASSPHRASE)
        )
    if passphrase.replace(" ", "").isdigit() or len(set(passphrase)) < 4:
        raise UserError(
            _(
                "Frasa sandi ini terlalu mudah ditebak. Pakai beberapa kata, misalnya nama "
                "tempat dan benda, bukan angka atau huruf berulang."
            )
        )


def file_name(desk_id: str, day: datetime) -> str:
    """``kunci-dinas-3320-20261123.puskesos-kunci``."""
    return f"kunci-{desk_id.lower()}-{day:%Y%m%d}{SUFFIX}"


def public_fingerprint(files: dict[str, bytes]) -> str | None:
    """The fingerprint from the two public files alone (no unlocking); None if unreadable."""
    try:
        lines = files[MINISIGN_PUB].decode("ascii").splitlines()
        recipient = files[AGE_RECIPIENT].decode("ascii").strip()
    except (KeyError, UnicodeDecodeError):
        return None
    return fingerprint(lines[1].strip(), recipient) if len(lines) >= 2 else None


# --- reading and writing the keys folder -------------------------------------------------


def _read_small(path: Path) -> bytes:
    with path.open("rb") as handle:
        data = handle.read(MAX_ENTRY_BYTES + 1)
    if len(data) > MAX_ENTRY_BYTES:
        raise UserError(_("Berkas kunci {name} terlalu besar.").format(name=path.name))
    return data


def collect(keys_dir: Path) -> dict[str, bytes]:
    """The key files to share: the current set, the rotation card, the archived sets."""
    files: dict[str, bytes] = {}
    for name in KEY_FILES:
        try:
            files[name] = _read_small(keys_dir / name)
        except FileNotFoundError:
            raise UserError(
                _("Berkas kunci {name} tidak ada di folder {folder}.").format(
                    name=name, folder=keys_dir
                )
            ) from None
    candidates = [keys_dir / ROTATION_CARD, *sorted((keys_dir / ARCHIVE_DIR).glob("*/*"))]
    for path in candidates:
        relative = path.relative_to(keys_dir).as_posix()
        if _PATH.fullmatch(relative) and path.is_file():
            files[relative] = _read_small(path)
    if len(files) > MAX_ENTRIES:
        raise UserError(_("Folder kunci berisi terlalu banyak berkas lama untuk disimpan."))
    return files


def _write_group(directory: Path, entries: dict[str, bytes]) -> None:
    """Write ``entries`` (plain names) into ``directory`` all together; secrets get 0600."""
    directory.mkdir(parents=True, exist_ok=True)
    with AtomicFiles(directory, KEY_FILE) as group:
        for name, data in entries.items():
            handle = group.open(name)
            if name in _SECRET:  # Windows has no fchmod; there the data folder's ACL applies
                with contextlib.suppress(AttributeError, OSError):
                    os.fchmod(handle.fileno(), 0o600)
            handle.write(data)
        group.commit()


def install(keys_dir: Path, files: dict[str, bytes], *, set_aside: bool) -> Path | None:
    """Put ``files`` into ``keys_dir``; returns where the replaced set was kept, if any.

    Archived sets come first and never overwrite a local one; the current set is written
    last, all four files together, so a failure before then leaves the old keys working.
    """
    kept = None
    if set_aside:
        current = {name: (keys_dir / name).read_bytes() for name in (*KEY_FILES, ROTATION_CARD)
                   if (keys_dir / name).is_file()}
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        kept = keys_dir / SET_ASIDE_DIR / stamp
        _write_group(kept, current)
    archived: dict[str, dict[str, bytes]] = {}
    for relative, data in files.items():
        if relative.startswith(f"{ARCHIVE_DIR}/"):
            _lama, stamp, name = relative.split("/")
            archived.setdefault(stamp, {})[name] = data
    for stamp, entries in sorted(archived.items()):
        if not (keys_dir / ARCHIVE_DIR / stamp).exists():
            _write_group(keys_dir / ARCHIVE_DIR / stamp, entries)
    top = {name: data for name, data in files.items() if "/" not in name}
    _write_group(keys_dir, top)
    return kept


# --- the envelope ------------------------------------------------------------------------


def seal(desk_id: str, key_fingerprint: str, files: dict[str, bytes], passphrase: str) -> bytes:
    """The encrypted file's bytes (age scrypt: about a second on purpose)."""
    check_passphrase(passphrase)
    body = {
        "format": FORMAT,
        "desk_id": desk_id,
        "fingerprint": key_fingerprint,
        "files": {name: base64.b64encode(data).decode("ascii") for name, data in files.items()},
    }
    text = json.dumps(body, sort_keys=True, separators=(",", ":")).encode("ascii")
    return pyrage.passphrase.encrypt(MAGIC + text, passphrase)


def read_file(path: Path) -> bytes:
    """The file's bytes, refusing anything larger than a key file can be."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError:
        raise UserError(
            _("Berkas {name} tidak dapat dibaca. Pasang lagi flashdisknya, lalu coba lagi.")
            .format(name=path.name)
        ) from None
    if len(data) > MAX_FILE_BYTES:
        raise _not_a_key_file(path.name)
    return data


def _not_a_key_file(name: str) -> UserError:
    return UserError(
        _(
            "Berkas {name} bukan berkas kunci desk Puskesos (atau rusak). Pilih berkas "
            "berakhiran {suffix} yang disimpan lewat \"Simpan kunci ke berkas…\"."
        ).format(name=name, suffix=SUFFIX)
    )


def open_sealed(data: bytes, passphrase: str, name: str) -> KeyShare:
    """Decrypt and check the shape; every defect is one clean :class:`UserError`."""
    if not data.startswith(b"age-encryption.org/v1\n"):
        raise _not_a_key_file(name)
    try:
        plain = pyrage.passphrase.decrypt(data, passphrase)
    except (pyrage.DecryptError, ValueError):
        raise UserError(
            _(
                "Frasa sandi salah, atau berkas {name} rusak/terpotong. Periksa frasa sandinya "
                "(huruf besar/kecil berpengaruh), lalu coba lagi."
            ).format(name=name)
        ) from None
    try:
        share = _parse(plain)
    except (ValueError, TypeError, KeyError, RecursionError, binascii.Error):
        share = None
    if share is None:
        raise _not_a_key_file(name)
    return share


def _parse(plain: bytes) -> KeyShare | None:
    if not plain.startswith(MAGIC):
        return None
    body = json.loads(plain[len(MAGIC) :].decode("ascii"))
    if not isinstance(body, dict) or set(body) != {"format", "desk_id", "fingerprint", "files"}:
        return None
    desk_id, key_fingerprint, entries = body["desk_id"], body["fingerprint"], body["files"]
    if (
        body["format"] != FORMAT
        or not isinstance(desk_id, str)
        or not is_valid_desk_id(desk_id)
        or not isinstance(key_fingerprint, str)
        or not _FINGERPRINT.fullmatch(key_fingerprint)
        or not isinstance(entries, dict)
        or len(entries) > MAX_ENTRIES
        or not set(KEY_FILES) <= set(entries)
    ):
        return None
    files: dict[str, bytes] = {}
    for relative, encoded in entries.items():
        if not isinstance(encoded, str) or not _PATH.fullmatch(relative):
            return None
        if len(encoded) > MAX_ENTRY_BYTES * 4 // 3 + 4:
            return None
        files[relative] = base64.b64decode(encoded, validate=True)
    if public_fingerprint(files) != key_fingerprint:
        return None
    return KeyShare(desk_id, key_fingerprint, files)
