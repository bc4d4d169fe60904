"""Turning a plain database file into an encrypted one without ever losing it.

The order (used for the live database and for each old plain backup):

1. The plain file is checkpointed (its ``-wal`` is emptied into it), so deleting the
   sidecars later can never drop a committed save.
2. ``sqlcipher_export`` writes an encrypted copy to a temp file beside it.
3. The copy is checked with the key: ``quick_check`` and the row count of every table must
   equal the original's. Then it is fsynced.
4. Before the swap the plain file gets a second name (a hard link), then the encrypted
   copy atomically replaces it. A power cut leaves either the plain file under its name
   (nothing changed) or the encrypted one; never neither.
5. Only now is the plaintext overwritten with zeros through the extra name, fsynced and
   unlinked, so the plain data is not left in the folder for a file-recovery tool.
   On flash media (SSD, flashdisk) wear levelling may keep old blocks regardless: zeroing
   is best effort, which is why new desks are encrypted from the very first row.

The "safety backup" of this change is therefore the plain original itself, kept until its
encrypted replacement is in place and verified, and no longer. A stale hard link left by a
power cut in step 4/5 is shredded at the next migration (:func:`shred_leftovers`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
from contextlib import closing
from pathlib import Path

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.i18n import _
from puskesos_desktop.store.cipher import connect, export_copy, sqlite_errors
from puskesos_desktop.store.sqlite_files import sidecar

log = logging.getLogger(__name__)

_ENCRYPTING = ".puskesos-enkripsi-"
_PLAIN_LEFTOVER = ".puskesos-polos-"
_CHUNK = 1024 * 1024


def table_counts(path: Path, key: bytes | None) -> dict[str, int]:
    """Rows per table: the proof that a converted copy holds everything the original did."""
    with closing(connect(f"{path.resolve().as_uri()}?mode=ro", key=key, uri=True)) as db:
        names = [
            row[0]
            for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {name: db.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def _checkpoint(path: Path) -> None:
    with closing(connect(path, key=None)) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _fsync(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(directory: Path) -> None:
    if os.name != "nt":
        with contextlib.suppress(OSError):
            fd = os.open(directory, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def shred(path: Path) -> None:
    """Overwrite a file with zeros, fsync and delete it (best effort on flash media)."""
    with contextlib.suppress(OSError):
        size = path.stat().st_size
        with path.open("rb+") as handle:
            zeros = bytes(_CHUNK)
            for offset in range(0, size, _CHUNK):
                handle.write(zeros[: min(_CHUNK, size - offset)])
            handle.flush()
            os.fsync(handle.fileno())
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def shred_leftovers(directory: Path) -> None:
    """Remove what a power cut during a swap left: temp copies and extra plain names.

    An extra name made just before the cut may still be the only other name of a file that
    was never replaced: then it is merely unlinked, because zeroing it would zero that file.
    """
    with contextlib.suppress(OSError):
        entries = list(directory.iterdir())
        kept = {
            (stat.st_dev, stat.st_ino)
            for entry in entries
            if not entry.name.startswith((_ENCRYPTING, _PLAIN_LEFTOVER))
            for stat in (entry.stat(),)
        }
        for entry in entries:
            if entry.name.startswith(_ENCRYPTING):
                entry.unlink(missing_ok=True)
            elif entry.name.startswith(_PLAIN_LEFTOVER):
                stat = entry.stat()
                if (stat.st_dev, stat.st_ino) in kept:
                    entry.unlink()
                else:
                    shred(entry)


def encrypt_file(path: Path, key: bytes) -> None:
    """Replace the plain SQLite file ``path`` by an encrypted copy, following the steps above.

    The caller must have closed every connection to ``path``. Raises :class:`UserError`
    (nothing changed) when the copy cannot be made or does not match the original.
    """
    directory = path.parent
    temp = directory / f"{_ENCRYPTING}{secrets.token_hex(4)}.tmp"
    try:
        _checkpoint(path)
        before = table_counts(path, None)
        export_copy(path, None, temp, key)
        with closing(connect(temp, key=key)) as db:
            healthy = db.execute("PRAGMA quick_check(1)").fetchall() == [("ok",)]
        if not healthy or table_counts(temp, key) != before:
            raise UserError(
                _(
                    "Salinan terenkripsi tidak sama dengan data asli, jadi enkripsi dibatalkan dan "
                    "data tidak diubah. Jalankan 'puskesos-desktop doctor', lalu coba lagi."
                )
            )
        _fsync(temp)
    except (OSError, *sqlite_errors()) as error:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        raise UserError(
            _(
                "Salinan terenkripsi tidak dapat dibuat di {directory} ({error}). Periksa ruang "
                "disk, lalu coba lagi; data tidak diubah."
            ).format(directory=directory, error=error)
        ) from error
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        raise
    _swap(temp, path)


def _swap(encrypted: Path, path: Path) -> None:
    plain_name = path.parent / f"{_PLAIN_LEFTOVER}{secrets.token_hex(4)}.tmp"
    try:
        os.link(path, plain_name)  # NTFS and ext4; FAT flashdisks fall back to a plain delete
    except OSError:
        plain_name = None
    for suffix in ("-wal", "-shm"):  # empty after the checkpoint; must not meet the new file
        sidecar(path, suffix).unlink(missing_ok=True)
    encrypted.replace(path)
    _fsync_dir(path.parent)
    if plain_name is not None:
        shred(plain_name)
    log.info("Berkas %s kini terenkripsi", path.name)
