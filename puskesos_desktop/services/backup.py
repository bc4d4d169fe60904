"""Backups and restore of the desk database.

Village desks lose power often and backups go to cheap flashdisks that fill up or get
pulled out mid-copy. So a copy is made with SQLite's online backup API (the app may keep
running) into a temporary file beside its final name, checked, fsynced and only then
renamed (:mod:`puskesos_desktop.services.backup_files`): a folder never holds half a
backup under a backup's name. Backups are single self-contained files (journal mode
DELETE, no ``-wal``) so they survive hand copying.

A file offered for restore may come from anywhere: it is hostile input, and every failure
while reading it becomes a :class:`UserError`, never a crash (the checks are in
:mod:`puskesos_desktop.services.backup_check`).
"""

from __future__ import annotations

import contextlib
import errno
import logging
import re
import shutil
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from puskesos_desktop.domain.audit import AuditAction
from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.permissions import Permission
from puskesos_desktop.i18n import _
from puskesos_desktop.jobs import CancelToken, Progress, no_progress
from puskesos_desktop.services.backup_check import check_backup
from puskesos_desktop.services.backup_check import (  # still importable from here, as before
    verify_backup_file as verify_backup_file,
)
from puskesos_desktop.services.backup_files import (
    BACKUP_UNREADABLE,
    SOURCE_DAMAGED,
    atomic_copy,
    disk_error,
    remove_db_file,
)
from puskesos_desktop.services.backup_server import refuse_on_server
from puskesos_desktop.services.context import ChangeKind, Changes, ServiceContext
from puskesos_desktop.services.restore_accounts import (
    AccountsAfterRestore,
    put_back,
    read_accounts,
    restore_notice,
)
from puskesos_desktop.store import migrate
from puskesos_desktop.store.cipher import connect, sqlite_errors
from puskesos_desktop.store.sqlite_files import header_problem, open_readonly, sidecar

if TYPE_CHECKING:
    from sqlmodel import Session

log = logging.getLogger(__name__)

KIND_DAILY = "harian"
KIND_MANUAL = "manual"
KIND_PRE_MIGRATION = "sebelum-migrasi"
KIND_PRE_RESTORE = "sebelum-pemulihan"
KINDS = (KIND_DAILY, KIND_MANUAL, KIND_PRE_MIGRATION, KIND_PRE_RESTORE)
KEEP_PER_KIND = 14

_NAME = re.compile(r"^puskesos-(" + "|".join(KINDS) + r")-(\d{8}-\d{6})(?:-(\d{1,4}))?\.db$")
_STAMP = "%Y%m%d-%H%M%S"


@dataclass(frozen=True)
class BackupInfo:
    """One backup file; ``created_at`` is naive local time, read from the file name."""

    path: Path
    kind: str
    created_at: datetime
    size: int


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did; ``notice`` tells the operator which password now opens the desk."""

    changes: Changes
    accounts: AccountsAfterRestore
    notice: str


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
        refuse_on_server(self._context)
        if passphrase is not None and dest_dir is not None:
            from puskesos_desktop.services.backup_usb import protected_backup

            job = {"progress": progress, "cancel": cancel}
            return protected_backup(self, Path(dest_dir), kind, passphrase, **job)
        directory = self._paths.backups if dest_dir is None else Path(dest_dir)
        live = self._paths.database
        if not live.is_file():
            raise UserError(
                _("Belum ada data untuk dicadangkan. Selesaikan penyiapan awal dulu.")
            )
        if header_problem(live, self.key is not None) is not None:  # empty or foreign file
            raise UserError(_(SOURCE_DAMAGED))
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
                final = atomic_copy(
                    source, directory, free_name, progress, cancel, _("Mencadangkan data…"),
                    key=self.key,
                )
            if final is None:
                raise UserError(_(SOURCE_DAMAGED))
            size = final.stat().st_size
        except (OSError, *sqlite_errors()) as error:
            raise disk_error(error, directory) from error
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
        if self._context.on_server:  # the server's administrator backs it up (pg_dump)
            return False
        today = datetime.now().date()
        done_today = (
            info.created_at.date() == today and self._looks_whole(info.path)
            for info in self.list_backups()
            if info.kind == KIND_DAILY
        )
        return not any(done_today)

    def ensure_daily(self) -> BackupInfo | None:
        """Take today's automatic backup unless a good one exists; then prune old backups."""
        if self._context.on_server:  # nothing here to copy; never prune the old local files
            return None
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
    ) -> RestoreResult:
        """Replace the live database with the backup at ``path``, keeping a safety copy first.

        Pooled connections are closed first (the last close checkpoints the WAL), and stale
        ``-wal``/``-shm`` files are deleted before the rename: SQLite would otherwise replay
        the old database's WAL into the restored file. Callers run it in the serial write
        lane, with no other job holding a connection. A protected (``.age``) file needs its
        ``passphrase``; whatever its format, the restored file gets this desk's. Today's
        operator accounts stay (:mod:`~puskesos_desktop.services.restore_accounts`).
        """
        from puskesos_desktop.services.backup_usb import in_desk_format, source_for_restore

        path = Path(path)
        if self._context.actor is not None:  # None only in the damaged-database rescue
            self._context.require(Permission.RESTORE)  # (before login: nobody can sign in)
        refuse_on_server(self._context)
        source, source_key, temps = source_for_restore(
            path, passphrase, self.key, self._paths.backups
        )
        try:
            revision = check_backup(source, source_key, path.name)
            format_changed = (source_key is None) != (self.key is None)
            try:
                source, source_key = in_desk_format(source, source_key, self.key, temps)
            except (OSError, *sqlite_errors()) as error:
                raise disk_error(error, self._paths.backups, BACKUP_UNREADABLE) from error
            accounts = self._replace_live(path, source, source_key, revision, progress, cancel)
        finally:
            for temp in temps:
                remove_db_file(temp)
        notice = restore_notice(
            accounts, encrypted=self.key is not None, format_changed=format_changed
        )
        return RestoreResult(Changes.of(ChangeKind.DATABASE), accounts, notice)

    def _replace_live(
        self,
        path: Path,
        source: Path,
        source_key: bytes | None,
        revision: str,
        progress: Progress,
        cancel: CancelToken | None,
    ) -> AccountsAfterRestore:
        live = self._paths.database
        accounts = read_accounts(live, self.key)  # before the file is replaced
        if live.exists():
            self._safety_copy(progress, cancel)
        self._context.release_connections()

        def drop_sidecars() -> None:
            for suffix in ("-wal", "-shm"):
                sidecar(live, suffix).unlink(missing_ok=True)

        try:
            with closing(open_readonly(source, source_key)) as reader:
                restored = atomic_copy(
                    reader,
                    live.parent,
                    lambda: live,
                    progress,
                    cancel,
                    _("Memulihkan data…"),
                    before_replace=drop_sidecars,
                    key=self.key,
                )
        except (OSError, *sqlite_errors()) as error:
            raise disk_error(error, live.parent, BACKUP_UNREADABLE) from error
        finally:
            self._context.reopen_engine()
        if restored is None:
            raise UserError(_(BACKUP_UNREADABLE))
        if revision != migrate.SCHEMA_HEAD:
            migrate.upgrade(self._context.engine)
        with self._context.transaction() as session:  # accounts and audit entry: all or none
            kept = put_back(session, accounts)
            detail = {"berkas": path.name, "revisi": revision, "akun": str(kept)}
            self._audit(AuditAction.RESTORE, detail, session)
        log.info("Data dipulihkan dari %s (revisi %s, akun %s)", path, revision, kept)
        return kept

    def _audit(
        self, action: AuditAction, detail: dict[str, object], session: Session | None = None
    ) -> None:
        from puskesos_desktop.services.audit import AuditService

        AuditService(self._context).record(action, detail=detail, session=session)

    def _safety_copy(self, progress: Progress, cancel: CancelToken | None) -> None:
        """Back up the current data; if it is too damaged for that, keep its raw files."""
        try:
            self.backup_now(kind=KIND_PRE_RESTORE, progress=progress, cancel=cancel)
            return
        except UserError as error:
            reason = error.message
        self._context.release_connections()
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
                _(
                    "Salinan pengaman data saat ini gagal dibuat, jadi pemulihan dibatalkan. "
                    "{reason}"
                ).format(reason=reason)
            ) from error
        log.warning("Data rusak (%s); berkas mentahnya disalin ke %s", reason, target)
