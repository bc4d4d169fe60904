"""The start-up sequence shared by the GUI, the CLI and ``doctor`` (no Qt here).

Order matters. The integrity check comes first and only reads: a damaged file must stay
exactly as it is so that it can still be rescued or sent to the district. A file from a
newer app is not touched either (an old app must never "upgrade" it). Only then is the
schema brought up to date, after a safety backup of any existing data, because a
migration cut off by a power failure is the one moment data could be lost.

The common path (schema already current) stays cheap: Alembic is imported only when an
upgrade is really due.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.services.backup import (
    KIND_PRE_MIGRATION,
    BackupInfo,
    BackupService,
    verify_backup_file,
)
from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.services.integrity import Health, check_before_backup, marked_damage
from puskesos_desktop.store import migrate
from puskesos_desktop.store.db import translate_sqlite_error
from puskesos_desktop.store.sqlite_files import open_readonly, sqlite_file_problem


class StartupStatus(StrEnum):
    READY = "ready"
    NEEDS_SETUP = "needs_setup"  # schema in place, no desk profile yet: run the wizard
    DAMAGED = "damaged"  # nothing was changed; offer restore from ``latest_backup``
    TOO_NEW = "too_new"  # written by a newer app; nothing was changed
    LOCKED = "locked"  # encrypted desk: a password (or the recovery key) must unlock it first


@dataclass(frozen=True)
class StartupReport:
    status: StartupStatus
    message: str  # Indonesian, shown as-is
    latest_backup: BackupInfo | None = None
    migrated_from: str | None = None
    pre_migration_backup: BackupInfo | None = None


def check_integrity(db_path: Path, key: bytes | None = None) -> str | None:
    """None when the file is fine or absent (a new desk); else an Indonesian description.

    An existing but empty file counts as damaged: SQLite writes a header as soon as the
    app first connects, so an empty file means something cut the file off. Only
    ``quick_check`` runs here, unless the last daily full check found damage.
    """
    if not db_path.exists():
        return None
    problem = sqlite_file_problem(db_path, key) or marked_damage(db_path, key)
    return None if problem is None else f"Basis data rusak: {problem}."


def _restore_advice(latest: BackupInfo | None) -> str:
    if latest is None:
        return (
            "Tidak ada cadangan di komputer ini. Pulihkan dari cadangan di flashdisk, atau "
            "hubungi petugas Dinas Sosial. Berkas data tidak diubah."
        )
    when = latest.created_at.strftime("%d-%m-%Y %H:%M")
    return (
        f"Pulihkan dari cadangan terakhir ({when}); data yang dimasukkan sesudah itu perlu "
        "diisi ulang. Berkas data yang rusak tidak diubah."
    )


def _restorable_backup(backups: BackupService) -> BackupInfo | None:
    """The newest backup that passes the full restore check, so "Pulihkan" will work.

    Costs a quick_check per candidate, which is fine on this rare path only.
    """
    for info in backups.list_backups():
        try:
            verify_backup_file(info.path, backups.key)
        except UserError:
            continue
        return info
    return None


def _has_foreign_tables(db_path: Path, key: bytes | None) -> bool:
    """True if a file without a schema revision already holds tables (not ours to upgrade)."""
    if not db_path.exists() or db_path.stat().st_size == 0:
        return False
    with closing(open_readonly(db_path, key)) as connection:
        rows = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "AND name != 'alembic_version' LIMIT 1"
        ).fetchall()
    return bool(rows)


@contextmanager
def _disk_errors_as_user_errors(folder: Path) -> Iterator[None]:
    """A full or read-only disk during start-up is the user's to fix, not a crash."""
    try:
        yield
    except Exception as error:
        friendly = translate_sqlite_error(error, folder)
        if friendly is not None:
            raise friendly from error
        raise


def _upgrade(context: ServiceContext) -> None:
    with _disk_errors_as_user_errors(context.paths.root):
        migrate.upgrade(context.engine)


def _has_profile(context: ServiceContext) -> bool:
    with _disk_errors_as_user_errors(context.paths.root), context.connections.borrow() as reader:
        return reader.execute("SELECT 1 FROM desk_profile LIMIT 1").fetchone() is not None


def prepare_database(context: ServiceContext, *, daily_backup: bool = True) -> StartupReport:
    """Check, migrate and back up the desk database; say what the app should show next.

    Raises :class:`UserError` only when the disk itself fails (full, read-only) or the
    safety backup before a migration cannot be made; the migration is then not attempted.

    ``daily_backup=False`` leaves today's backup to :func:`take_daily_backup`: the GUI runs
    it on a worker once search answers, because it copies the whole file (seconds on a big
    desk) and protects against tomorrow's accident, not against this start.
    """
    if context.on_server:  # a district's PostgreSQL server: no file to check or copy
        from puskesos_desktop.services.startup_server import prepare_server_database

        return prepare_server_database(context)
    try:
        paths = context.paths.ensure()
    except OSError as error:
        raise UserError(
            f"Folder data {context.paths.root} tidak dapat dibuat atau ditulisi. Periksa izin "
            "folder itu atau jalankan aplikasi dengan --data-dir ke folder lain."
        ) from error
    db, key = paths.database, context.db_key
    if key is None:
        from puskesos_desktop.services.encryption import desk_is_encrypted

        if desk_is_encrypted(paths):
            return StartupReport(
                StartupStatus.LOCKED,
                "Basis data terenkripsi. Masuk dengan nama pengguna dan kata sandi Anda.",
            )
    backups = BackupService(context)

    problem = check_integrity(db, key)
    if problem is not None:
        latest = _restorable_backup(backups)
        message = f"{problem} {_restore_advice(latest)}"
        return StartupReport(StartupStatus.DAMAGED, message, latest)

    with _disk_errors_as_user_errors(paths.root):  # a full disk: no room for the -shm file
        revision = migrate.stored_revision(db, key)
        foreign = revision is None and _has_foreign_tables(db, key)
    if revision is not None and revision not in migrate.known_revisions():
        return StartupReport(
            StartupStatus.TOO_NEW,
            "Basis data dibuat oleh versi aplikasi yang lebih baru. Pasang versi terbaru "
            "Puskesos Desk (minta ke petugas Dinas Sosial), lalu buka lagi. Data tidak diubah.",
            backups.latest(),
        )
    if foreign:
        latest = _restorable_backup(backups)
        message = (
            "Basis data tidak dikenali: berisi tabel tetapi tanpa catatan versi skema. "
            f"{_restore_advice(latest)}"
        )
        return StartupReport(StartupStatus.DAMAGED, message, latest)

    migrated_from: str | None = None
    pre_migration: BackupInfo | None = None
    if revision is None:
        _upgrade(context)  # new desk: create the schema
    elif revision != migrate.SCHEMA_HEAD:
        try:
            pre_migration = backups.backup_now(kind=KIND_PRE_MIGRATION)
        except UserError as error:
            raise UserError(
                "Cadangan sebelum pembaruan basis data gagal dibuat, jadi pembaruan tidak "
                f"dijalankan dan data tidak diubah. {error.message}"
            ) from error
        _upgrade(context)
        migrated_from = revision

    if not _has_profile(context):
        return StartupReport(
            StartupStatus.NEEDS_SETUP,
            "Aplikasi belum disiapkan. Isi data desa dan operator pada penyiapan awal.",
            backups.latest(),
            migrated_from,
            pre_migration,
        )
    if not daily_backup:
        return StartupReport(
            StartupStatus.READY, "Basis data siap.", backups.latest(), migrated_from, pre_migration
        )
    daily = take_daily_backup(context)
    return replace(daily, migrated_from=migrated_from, pre_migration_backup=pre_migration)


def take_daily_backup(context: ServiceContext) -> StartupReport:
    """Today's full check and automatic backup, unless done today; then old ones are pruned.

    The full check comes first (see :mod:`puskesos_desktop.services.integrity`): damaged
    indexes are rebuilt; damaged data gives DAMAGED, and nothing is copied or pruned.
    Otherwise READY, with the message to show (a failed backup leaves the desk usable).
    """
    backups = BackupService(context)
    repaired = ""
    try:
        if backups.daily_due():
            check = check_before_backup(context)
            if check.health is Health.DAMAGED:
                latest = _restorable_backup(backups)
                message = f"{check.message} {_restore_advice(latest)}"
                return StartupReport(StartupStatus.DAMAGED, message, latest)
            repaired = f"{check.message} " if check.message else ""
        backups.ensure_daily()
    except UserError as error:  # the desk can still work; the user is told why
        message = f"{repaired}Basis data siap, tetapi cadangan harian gagal dibuat. {error.message}"
        return StartupReport(StartupStatus.READY, message, backups.latest())
    return StartupReport(StartupStatus.READY, f"{repaired}Basis data siap.", backups.latest())
