"""Backups and restore of the desk database.

Village desks lose power often and backups go to cheap flashdisks that fill up or get
pulled out mid-copy. So a copy is made with SQLite's online backup API (the app may keep
running) into a temporary file beside its final name, checked, fsynced and only then
renamed: a folder never holds half a backup under a backup's name. Backups are single
self-contained files (journal mode DELETE, no ``-wal``) so they survive hand copying.

A file offered for restore may come from anywhere: it is hostile input, and every failure
while reading it becomes a :class:`UserError`, never a crash (the checks are in
:mod:`puskesos_desktop.services.backup_check`).
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import re
import secrets
import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from puskesos_desktop.domain.audit import AuditAction
from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.permissions import Permission
from puskesos_desktop.jobs import CancelToken, Progress, no_progress, throttled
from puskesos_desktop.services.backup_check import check_backup
from puskesos_desktop.services.backup_check import (  # still importable from here, as before
    verify_backup_file as verify_backup_file,
)
from puskesos_desktop.services.context import ChangeKind, Changes, ServiceContext
from puskesos_desktop.store import migrate
from puskesos_desktop.store.cipher import connect, sqlite_errors
from puskesos_desktop.store.sqlite_files import (
    header_problem,
    open_readonly,
    sidecar,
)

log = logging.getLogger(__name__)

KIND_DAILY = "harian"
KIND_MANUAL = "manual"
KIND_PRE_MIGRATION = "sebelum-migrasi"
KIND_PRE_RESTORE = "sebelum-pemulihan"
KINDS = (KIND_DAILY, KIND_MANUAL, KIND_PRE_MIGRATION, KIND_PRE_RESTORE)
KEEP_PER_KIND = 14
PAGES_PER_STEP = 256  # ~1 MB per step at 4 KiB pages, so Cancel answers quickly

_NAME = re.compile(r"^puskesos-(" + "|".join(KINDS) + r")-(\d{8}-\d{6})(?:-(\d{1,4}))?\.db$")
_STAMP = "%Y%m%d-%H%M%S"
_TEMP_PREFIX = ".puskesos-sementara-"
_SOURCE_DAMAGED = (
    "Basis data saat ini rusak sehingga tidak dapat dicadangkan. Tutup aplikasi lalu buka lagi "
    "untuk memulihkan dari cadangan terakhir."
)

_BACKUP_UNREADABLE = (
    "Berkas cadangan rusak atau terputus saat dibaca; data tidak diubah. Pilih cadangan lain "
    "atau pasang lagi flashdisknya, lalu coba lagi."
)


@dataclass(frozen=True)
class BackupInfo:
    """One backup file; ``created_at`` is naive local time, read from the file name."""

    path: Path
    kind: str
    created_at: datetime
    size: int


def _remove(path: Path) -> None:
    """Delete a (temp) database file and any journal SQLite left beside it."""
    for suffix in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            sidecar(path, suffix).unlink(missing_ok=True)


def _fsync_dir(directory: Path) -> None:
    """Make a rename durable on POSIX; Windows cannot open directories and needs none."""
    if os.name != "nt":
        with contextlib.suppress(OSError):
            fd = os.open(directory, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def _atomic_copy(
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

    temp = directory / f"{_TEMP_PREFIX}{secrets.token_hex(4)}.tmp"
    try:
        if cancel is not None:
            cancel.check()
        with closing(connect(temp, key=key)) as destination:
            source.backup(destination, pages=PAGES_PER_STEP, progress=step)
            destination.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            ok = destination.execute("PRAGMA quick_check(1)").fetchall() == [("ok",)]
        if not ok:
            _remove(temp)
            return None
        with temp.open("rb+") as handle:
            os.fsync(handle.fileno())
        before_replace()
        target = final()
        temp.replace(target)
        _fsync_dir(directory)
        return target
    except BaseException:
        _remove(temp)
        raise


def _disk_error(error: BaseException, directory: Path, damaged: str = _SOURCE_DAMAGED) -> UserError:
    """Say what went wrong with the destination folder and what to do about it.

    Only SQLite's own messages are searched for words: an OSError's text holds the path,
    and a folder may well be called "full".
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
            f"Folder tujuan tidak ditemukan: {directory}. Periksa apakah flashdisk masih "
            "terpasang, lalu pilih folder tujuan lagi."
        )
    if code == errno.ENOSPC or "full" in text:
        return UserError(
            "Flashdisk atau disk tujuan penuh; tidak ada yang disimpan. Hapus berkas yang tidak "
            "perlu atau pakai flashdisk lain, lalu coba lagi."
        )
    if any(word in text for word in ("malformed", "not a database", "corrupt")):
        return UserError(damaged)
    if (
        not directory.is_dir()
        or code in (errno.EACCES, errno.EPERM, errno.EROFS)
        or any(word in text for word in ("readonly", "read-only", "unable to open", "permission"))
    ):
        return UserError(
            f"Folder tujuan tidak dapat ditulisi: {directory}. Flashdisk mungkin dikunci atau "
            "folder hanya-baca, atau berkas sedang dipakai program lain; pilih folder lain "
            "atau tutup program itu, lalu coba lagi."
        )
    return UserError(f"Gagal menulis ke {directory} ({error}). Periksa disk, lalu coba lagi.")


class BackupService:
    """Daily, manual and safety backups, and restore from any backup file."""

    def __init__(self, context: ServiceContext) -> None:
        self._context = context
        self._paths = context.paths

    @property
    def key(self) -> bytes | None:
        """The desk's SQLCipher key: backups of an encrypted desk are encrypted with it."""
        return self._context.db_key

    def backup_now(
        self,
        dest_dir: Path | None = None,
        kind: str = KIND_MANUAL,
        *,
        passphrase: str | None = None,
        progress: Progress = no_progress,
        cancel: CancelToken | None = None,
    ) -> BackupInfo:
        """Copy the live database into ``dest_dir`` (default: the backups folder) atomically.

        Copies to other folders (a flashdisk) are not listed by :meth:`list_backups`.
        With ``passphrase`` the flashdisk gets an age-protected copy (``services.backup_usb``).
        """
        if kind not in KINDS:
            raise ValueError(f"unknown backup kind {kind!r}")
        if passphrase is not None and dest_dir is not None:
            from puskesos_desktop.services.backup_usb import protected_backup

            job = {"progress": progress, "cancel": cancel}
            return protected_backup(self, Path(dest_dir), kind, passphrase, **job)
        directory = self._paths.backups if dest_dir is None else Path(dest_dir)
        live = self._paths.database
        if not live.is_file():
            raise UserError("Belum ada data untuk dicadangkan. Selesaikan penyiapan awal dulu.")
        if header_problem(live, self.key is not None) is not None:  # empty or foreign file
            raise UserError(_SOURCE_DAMAGED)
        created = datetime.now().replace(microsecond=0)
        if dest_dir is None:
            # Names order the backups, so they must never go backwards: after the clock was
            # set back (years ahead, then "fixed"), the newest copy would sort as the oldest
            # and be pruned at once. It takes the newest stamp and a higher counter instead.
            newest = next(iter(self.list_backups()), None)
            if newest is not None and newest.created_at > created:
                created = newest.created_at
        base = f"puskesos-{kind}-{created.strftime(_STAMP)}"

        def free_name() -> Path:
            """The next counter above every copy with this stamp (pruning leaves gaps)."""
            matches = (_NAME.match(entry.name) for entry in directory.glob(f"{base}*.db"))
            used = [int(m[3] or 1) for m in matches if m is not None]
            counter = max(used, default=0) + 1
            return directory / (f"{base}.db" if counter == 1 else f"{base}-{counter}.db")

        try:
            if dest_dir is None:
                directory.mkdir(parents=True, exist_ok=True)
            elif not directory.is_dir():
                raise FileNotFoundError(errno.ENOENT, "folder tujuan hilang", str(directory))
            uri = f"{live.resolve().as_uri()}?mode=rw"
            with closing(connect(uri, key=self.key, uri=True, timeout=10)) as source:
                final = _atomic_copy(
                    source, directory, free_name, progress, cancel, "Mencadangkan data…",
                    key=self.key,
                )
            if final is None:
                raise UserError(_SOURCE_DAMAGED)
            size = final.stat().st_size
        except (OSError, *sqlite_errors()) as error:
            raise _disk_error(error, directory) from error
        log.info("Cadangan %s dibuat: %s", kind, final)
        if kind == KIND_MANUAL:  # automatic copies are not someone taking the data out
            where = "folder_cadangan" if dest_dir is None else "folder_lain"
            self._audit(AuditAction.BACKUP, {"berkas": final.name, "tujuan": where})
        return BackupInfo(final, kind, created, size)

    def list_backups(self) -> list[BackupInfo]:
        """Backups in the backups folder, newest first; anything else there is ignored."""
        found: list[tuple[datetime, int, BackupInfo]] = []
        with contextlib.suppress(OSError):
            for entry in self._paths.backups.iterdir():
                match = _NAME.match(entry.name)
                try:
                    if match is None or not entry.is_file():
                        continue
                    created = datetime.strptime(match[2], _STAMP)
                    info = BackupInfo(entry, match[1], created, entry.stat().st_size)
                except (ValueError, OSError):
                    continue
                found.append((created, int(match[3] or 1), info))
        found.sort(key=lambda item: item[:2], reverse=True)
        return [info for _, _, info in found]

    def latest(self) -> BackupInfo | None:
        """Newest backup of any kind that at least looks like a whole SQLite file."""
        return next(
            (info for info in self.list_backups() if self._looks_whole(info.path)), None
        )

    def last_backup_time(self) -> datetime | None:
        info = self.latest()
        return None if info is None else info.created_at

    def daily_due(self) -> bool:
        """True until today's automatic backup exists (start-up checks the file first)."""
        today = datetime.now().date()
        done_today = (
            info.created_at.date() == today and self._looks_whole(info.path)
            for info in self.list_backups()
            if info.kind == KIND_DAILY
        )
        return not any(done_today)

    def ensure_daily(self) -> BackupInfo | None:
        """Take today's automatic backup unless a good one exists; then prune old backups."""
        taken = self.backup_now(kind=KIND_DAILY) if self.daily_due() else None
        self.prune()
        return taken

    def prune(self, keep: int = KEEP_PER_KIND) -> list[Path]:
        """Keep the newest ``keep`` backups of each kind; returns the files removed."""
        seen: dict[str, int] = {}
        removed: list[Path] = []
        for info in self.list_backups():
            seen[info.kind] = seen.get(info.kind, 0) + 1
            if seen[info.kind] > keep:
                with contextlib.suppress(OSError):
                    info.path.unlink()
                    removed.append(info.path)
        return removed

    def _looks_whole(self, path: Path) -> bool:
        return header_problem(path, self.key is not None) is None

    def restore(
        self,
        path: Path,
        *,
        passphrase: str | None = None,
        progress: Progress = no_progress,
        cancel: CancelToken | None = None,
    ) -> Changes:
        """Replace the live database with the backup at ``path``, keeping a safety copy first.

        Pooled connections are closed first (the last close checkpoints the WAL), and stale
        ``-wal``/``-shm`` files are deleted before the rename: SQLite would otherwise replay
        the old database's WAL into the restored file. Callers run it in the serial write
        lane, with no other job holding a connection. A protected (``.age``) file needs its
        ``passphrase``; whatever its format, the restored file gets this desk's.
        """
        from puskesos_desktop.services.backup_usb import in_desk_format, source_for_restore

        path = Path(path)
        if self._context.actor is not None:  # None only in the damaged-database rescue
            self._context.require(Permission.RESTORE)  # (before login: nobody can sign in)
        source, source_key, temps = source_for_restore(
            path, passphrase, self.key, self._paths.backups
        )
        try:
            revision = check_backup(source, source_key, path.name)
            try:
                source, source_key = in_desk_format(source, source_key, self.key, temps)
            except (OSError, *sqlite_errors()) as error:
                raise _disk_error(error, self._paths.backups, _BACKUP_UNREADABLE) from error
            return self._replace_live(path, source, source_key, revision, progress, cancel)
        finally:
            for temp in temps:
                _remove(temp)

    def _replace_live(
        self,
        path: Path,
        source: Path,
        source_key: bytes | None,
        revision: str,
        progress: Progress,
        cancel: CancelToken | None,
    ) -> Changes:
        live = self._paths.database
        if live.exists():
            self._safety_copy(progress, cancel)
        self._context.engine.dispose()

        def drop_sidecars() -> None:
            for suffix in ("-wal", "-shm"):
                sidecar(live, suffix).unlink(missing_ok=True)

        try:
            with closing(open_readonly(source, source_key)) as reader:
                restored = _atomic_copy(
                    reader,
                    live.parent,
                    lambda: live,
                    progress,
                    cancel,
                    "Memulihkan data…",
                    before_replace=drop_sidecars,
                    key=self.key,
                )
        except (OSError, *sqlite_errors()) as error:
            raise _disk_error(error, live.parent, _BACKUP_UNREADABLE) from error
        finally:
            self._context.reopen_engine()
        if restored is None:
            raise UserError(_BACKUP_UNREADABLE)
        if revision != migrate.SCHEMA_HEAD:
            migrate.upgrade(self._context.engine)
        log.info("Data dipulihkan dari %s (revisi %s)", path, revision)
        self._audit(AuditAction.RESTORE, {"berkas": path.name, "revisi": revision})
        return Changes.of(ChangeKind.DATABASE)

    def _audit(self, action: AuditAction, detail: dict[str, object]) -> None:
        from puskesos_desktop.services.audit import AuditService

        AuditService(self._context).record(action, detail=detail)

    def _safety_copy(self, progress: Progress, cancel: CancelToken | None) -> None:
        """Back up the current data; if it is too damaged for that, keep its raw files."""
        try:
            self.backup_now(kind=KIND_PRE_RESTORE, progress=progress, cancel=cancel)
            return
        except UserError as error:
            reason = error.message
        self._context.engine.dispose()
        stamp = datetime.now().strftime(_STAMP)
        target, counter = self._paths.backups / f"rusak-{stamp}", 2
        live = self._paths.database
        try:
            while target.exists():
                target, counter = self._paths.backups / f"rusak-{stamp}-{counter}", counter + 1
            target.mkdir(parents=True)
            for source in (live, sidecar(live, "-wal"), sidecar(live, "-shm")):
                if source.exists():
                    shutil.copy2(source, target / source.name)
        except OSError as error:
            raise UserError(
                f"Salinan pengaman data saat ini gagal dibuat, jadi pemulihan dibatalkan. {reason}"
            ) from error
        log.warning("Data rusak (%s); berkas mentahnya disalin ke %s", reason, target)
