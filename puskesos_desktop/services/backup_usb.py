"""Passphrase-protected backups for a flashdisk (age passphrase mode, via ``pyrage``).

A flashdisk gets lost more easily than a laptop. A backup of an encrypted desk is already
encrypted, but with the desk's key: if the laptop dies and the Kunci Pemulihan sheet is
lost too, that copy could never be opened again. A protected copy therefore carries the
database key inside the age envelope, so the passphrase alone restores it anywhere, and a
finder without the passphrase learns nothing (age uses scrypt for the passphrase).

Envelope plaintext: ``MAGIC`` (8 bytes), key length (1 byte: 0 for a plain desk, or 32),
the key, then the backup file's bytes (still SQLCipher-encrypted for an encrypted desk).
The whole backup passes through memory once (about 50 MB for a large village).

A ``.age`` file offered for restore is hostile input: a wrong passphrase, a cut-off file or
a foreign envelope becomes a :class:`UserError`; the unpacked database then faces the same
checks as any backup file.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Any

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.i18n import _
from puskesos_desktop.services.backup_files import disk_error, temp_path
from puskesos_desktop.store.cipher import KEY_BYTES

if TYPE_CHECKING:
    from puskesos_desktop.services.backup import BackupInfo, BackupService

SUFFIX = ".age"
MAGIC = b"PSKBAK1\n"
AGE_HEADER = b"age-encryption.org/v1\n"
MIN_PASSPHRASE = 8
MAX_PROTECTED_BYTES = 2 * 1024**3


def is_protected(path: Path) -> bool:
    """True for an age file (by its header, whatever the file is called)."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(AGE_HEADER)) == AGE_HEADER
    except OSError:
        return False


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise UserError(
            _("Frasa sandi cadangan minimal {count} karakter.").format(count=MIN_PASSPHRASE)
        )


def protect(backup: Path, target: Path, passphrase: str, key: bytes | None) -> Path:
    """Write ``backup`` (with ``key``) as an age file at ``target``, atomically.

    OSError from writing is left to the caller, which words it for the flashdisk.
    """
    from pyrage import passphrase as age

    check_passphrase(passphrase)
    packed_key = b"" if key is None else key
    payload = MAGIC + bytes([len(packed_key)]) + packed_key + backup.read_bytes()
    sealed = age.encrypt(payload, passphrase)
    del payload
    temp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        with temp.open("wb") as handle:
            handle.write(sealed)
            handle.flush()
            os.fsync(handle.fileno())
        temp.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        raise
    return target


def unprotect(path: Path, passphrase: str | None, work_dir: Path) -> tuple[Path, bytes | None]:
    """Unpack a protected backup into a temp file in ``work_dir``: (file, its key).

    The caller deletes the file. For an encrypted desk it holds only encrypted pages.
    """
    from pyrage import DecryptError
    from pyrage import passphrase as age

    if not passphrase:
        raise UserError(
            _("Cadangan {name} dilindungi frasa sandi. Masukkan frasa sandinya, lalu coba lagi.")
            .format(name=path.name)
        )
    try:
        if path.stat().st_size > MAX_PROTECTED_BYTES:
            raise UserError(_("Berkas {name} terlalu besar untuk cadangan Puskesos.")
                            .format(name=path.name))
        payload = age.decrypt(path.read_bytes(), passphrase)
    except (DecryptError, ValueError) as error:
        raise UserError(
            _(
                "Frasa sandi salah, atau berkas {name} rusak/terpotong. Periksa frasa sandinya "
                "(huruf besar/kecil berpengaruh), lalu coba lagi."
            ).format(name=path.name)
        ) from error
    except OSError as error:
        raise UserError(
            _("Berkas {name} tidak dapat dibaca. Pasang lagi flashdisknya, lalu coba lagi.")
            .format(name=path.name)
        ) from error
    key_length = payload[len(MAGIC)] if len(payload) > len(MAGIC) else -1
    start = len(MAGIC) + 1 + max(key_length, 0)
    if not payload.startswith(MAGIC) or key_length not in (0, KEY_BYTES) or len(payload) <= start:
        raise UserError(
            _("Berkas {name} bukan cadangan Puskesos. Pilih berkas cadangan lain.")
            .format(name=path.name)
        )
    key = payload[len(MAGIC) + 1 : start] if key_length else None
    staged = temp_path(work_dir)
    try:
        staged.write_bytes(payload[start:])
    except OSError as error:
        staged.unlink(missing_ok=True)
        raise UserError(
            _("Ruang disk tidak cukup untuk membuka cadangan. Kosongkan disk, lalu coba lagi.")
        ) from error
    return staged, key


def source_for_restore(
    path: Path, passphrase: str | None, desk_key: bytes | None, work_dir: Path
) -> tuple[Path, bytes | None, list[Path]]:
    """The database file to check and restore from, its key, and temp files to delete after.

    Local and plain-copied backups are read with the desk's key (or none, if plain); a
    protected backup is unpacked first and brings its own key.
    """
    from puskesos_desktop.store.sqlite_files import is_plain_sqlite

    if is_protected(path):
        staged, key = unprotect(path, passphrase, work_dir)
        return staged, key, [staged]
    if is_plain_sqlite(path) or not path.is_file():
        return path, None, []
    # Not plain SQLite: this desk's own encrypted backup, or something the checks will refuse
    # ("not a database": a foreign key and a foreign file look the same from outside).
    return path, desk_key, []


def in_desk_format(
    source: Path, source_key: bytes | None, desk_key: bytes | None, temps: list[Path]
) -> tuple[Path, bytes | None]:
    """A plain backup for an encrypted desk (or the reverse) converted to the desk's format.

    SQLite's page-by-page backup cannot cross that line; ``sqlcipher_export`` can. The copy
    for an encrypted desk is written encrypted, so no plaintext lands on disk.
    """
    from puskesos_desktop.store.cipher import export_copy

    if (source_key is None) == (desk_key is None):
        return source, source_key
    converted = temp_path(source.parent)
    temps.append(converted)
    export_copy(source, source_key, converted, desk_key)
    return converted, desk_key


def protected_backup(
    service: BackupService, dest_dir: Path, kind: str, passphrase: str, **job: Any
) -> BackupInfo:
    """A normal backup into the backups folder, then its protected copy on the flashdisk."""
    from puskesos_desktop.services.backup import BackupInfo

    check_passphrase(passphrase)
    local = service.backup_now(kind=kind, **job)
    target = dest_dir / f"{local.path.name}{SUFFIX}"
    try:
        if not dest_dir.is_dir():
            raise FileNotFoundError(2, "folder tujuan hilang", str(dest_dir))
        protect(local.path, target, passphrase, service.key)
        size = target.stat().st_size
    except OSError as error:
        raise disk_error(error, dest_dir) from error
    return BackupInfo(target, kind, local.created_at, size)
