"""Writing a database copy into a folder safely, and saying why it could not be written.

Backups go to cheap flashdisks that fill up or get pulled out mid-copy, and restore writes
over the live file. Both go through :func:`atomic_copy`: SQLite's online backup API copies
into a temporary file beside the final name, which is checked, fsynced and only then
renamed, so a folder never holds half a database under a real name. :func:`disk_error`
turns whatever the folder or the file did wrong into a :class:`UserError` that says what
to do.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.i18n import N_, _
from puskesos_desktop.jobs import CancelToken, Progress, throttled
from puskesos_desktop.store.cipher import connect, sqlite_errors
from puskesos_desktop.store.sqlite_files import sidecar
from puskesos_desktop.sync.outfile import fsync_dir

PAGES_PER_STEP = 256  # ~1 MB per step at 4 KiB pages, so Cancel answers quickly
TEMP_PREFIX = ".puskesos-sementara-"

# Message ids (translated where raised, in the language active then).
SOURCE_DAMAGED = N_(
    "Basis data saat ini rusak sehingga tidak dapat dicadangkan. Tutup aplikasi lalu buka lagi "
    "untuk memulihkan dari cadangan terakhir."
)
BACKUP_UNREADABLE = N_(
    "Berkas cadangan rusak atau terputus saat dibaca; data tidak diubah. Pilih cadangan lain "
    "atau pasang lagi flashdisknya, lalu coba lagi."
)


def remove_db_file(path: Path) -> None:
    """Delete a (temp) database file and any journal SQLite left beside it."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            sidecar(path, suffix).unlink(missing_ok=True)


def temp_path(directory: Path) -> Path:
    """A fresh temp file name in ``directory``, hidden and recognisable by its prefix."""
    return directory / f"{TEMP_PREFIX}{secrets.token_hex(4)}.tmp"


def atomic_copy(
    source: sqlite3.Connection,
    directory: Path,
    final: Callable[[], Path],
    progress: Progress,
    cancel: CancelToken | None,
    label: str,
    before_replace: Callable[[], None] = lambda: None,
    key: bytes | None = None,
) -> Path | None:
    """Copy ``source`` to ``final()`` via a checked, fsynced temp file in ``directory``.

    ``key`` encrypts the copy (SQLCipher re-encrypts page by page, so an encrypted desk's
    backup is never plain on disk, not even as a temp file).

    Returns None (leaving nothing behind) if the copy fails ``quick_check``. On any error,
    including :class:`Cancelled`, the temp file is removed before re-raising.
    """
    report = throttled(progress)

    def step(_status: int, remaining: int, total: int) -> None:
        report(total - remaining, total, label)
        if cancel is not None:
            cancel.check()  # raising inside the callback makes SQLite abort the copy

    temp = temp_path(directory)
    try:
        if cancel is not None:
            cancel.check()
        with closing(connect(temp, key=key)) as destination:
            source.backup(destination, pages=PAGES_PER_STEP, progress=step)
            destination.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            ok = destination.execute("PRAGMA quick_check(1)").fetchall() == [("ok",)]
        if not ok:
            remove_db_file(temp)
            return None
        with temp.open("rb+") as handle:
            os.fsync(handle.fileno())
        before_replace()
        target = final()
        temp.replace(target)
        fsync_dir(directory)
        return target
    except BaseException:
        remove_db_file(temp)
        raise


def disk_error(error: BaseException, directory: Path, damaged: str = SOURCE_DAMAGED) -> UserError:
    """Say what went wrong with the destination folder and what to do about it.

    ``damaged`` is the message id for a damaged database (:data:`SOURCE_DAMAGED` or
    :data:`BACKUP_UNREADABLE`). Only SQLite's own messages are searched for words: an
    OSError's text holds the path, and a folder may well be called "full".
    """
    code = getattr(error, "errno", None)
    text = str(error).lower() if isinstance(error, sqlite_errors()) else ""
    primary = getattr(error, "sqlite_errorcode", 0) & 0xFF
    if primary == sqlite3.SQLITE_FULL:
        text += " full"
    elif primary in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        text += " corrupt"
    if not directory.exists():
        return UserError(
            _(
                "Folder tujuan tidak ditemukan: {folder}. Periksa apakah flashdisk masih "
                "terpasang, lalu pilih folder tujuan lagi."
            ).format(folder=directory)
        )
    if code == errno.ENOSPC or "full" in text:
        return UserError(
            _(
                "Flashdisk atau disk tujuan penuh; tidak ada yang disimpan. Hapus berkas yang "
                "tidak perlu atau pakai flashdisk lain, lalu coba lagi."
            )
        )
    if any(word in text for word in ("malformed", "not a database", "corrupt")):
        return UserError(_(damaged))
    if (
        not directory.is_dir()
        or code in (errno.EACCES, errno.EPERM, errno.EROFS)
        or any(word in text for word in ("readonly", "read-only", "unable to open", "permission"))
    ):
        return UserError(
            _(
                "Folder tujuan tidak dapat ditulisi: {folder}. Flashdisk mungkin dikunci atau "
                "folder hanya-baca, atau berkas sedang dipakai program lain; pilih folder lain "
                "atau tutup program itu, lalu coba lagi."
            ).format(folder=directory)
        )
    return UserError(
        _("Gagal menulis ke {folder} ({error}). Periksa disk, lalu coba lagi.").format(
            folder=directory, error=error
        )
    )
