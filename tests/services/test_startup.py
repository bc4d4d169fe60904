"""The start-up sequence on real files: new, ready, damaged, too new, and due for migration."""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.paths import DataPaths
from puskesos_desktop.services.backup import (
    KIND_DAILY,
    KIND_PRE_MIGRATION,
    KIND_PRE_RESTORE,
    BackupService,
)
from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.services.startup import StartupStatus, check_integrity, prepare_database
from puskesos_desktop.store import migrate
from puskesos_desktop.store.connect import DeskConnections


def query(db: Path, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(db)) as connection, connection:
        return connection.execute(sql).fetchall()


def close_all(context: ServiceContext) -> None:
    """Close pooled connections; the last close folds the WAL into the main file."""
    context.engine.dispose()
    assert not Path(f"{context.paths.database}-wal").exists()


def files_of(paths: DataPaths) -> dict[str, bytes]:
    """Every file beside the database (main, -wal, -shm) with its bytes."""
    return {p.name: p.read_bytes() for p in paths.root.glob("puskesos.db*")}


@pytest.fixture
def ready(profiled_context: ServiceContext) -> ServiceContext:
    """A set-up desk with some data, started once (so today's daily backup exists)."""
    context = profiled_context
    with context.engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE scratch (b BLOB)")
        connection.exec_driver_sql(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100) "
            "INSERT INTO scratch SELECT randomblob(4000) FROM n"
        )
    assert prepare_database(context).status == StartupStatus.READY
    return context


def test_new_desk_needs_setup_and_takes_no_backup(tmp_path: Path) -> None:
    context = ServiceContext.open(DataPaths(tmp_path / "baru"))
    try:
        report = prepare_database(context)
    finally:
        context.engine.dispose()
    assert report.status == StartupStatus.NEEDS_SETUP
    assert report.migrated_from is None and report.pre_migration_backup is None
    assert report.latest_backup is None
    assert BackupService(context).list_backups() == []
    assert migrate.stored_revision(context.paths.database) == migrate.SCHEMA_HEAD


def test_migrated_empty_desk_needs_setup(context: ServiceContext) -> None:
    report = prepare_database(context)
    assert report.status == StartupStatus.NEEDS_SETUP
    assert report.message
    assert BackupService(context).list_backups() == []


def test_ready_desk_takes_one_daily_backup(ready: ServiceContext) -> None:
    report = prepare_database(ready)
    assert report.status == StartupStatus.READY
    assert report.pre_migration_backup is None and report.migrated_from is None
    assert report.latest_backup is not None and report.latest_backup.kind == KIND_DAILY
    assert [b.kind for b in BackupService(ready).list_backups()] == [KIND_DAILY]


def test_current_schema_does_not_load_alembic(ready: ServiceContext) -> None:
    close_all(ready)
    code = (
        "import sys\n"
        "from puskesos_desktop.paths import DataPaths\n"
        "from puskesos_desktop.services.context import ServiceContext\n"
        "from puskesos_desktop.services.startup import prepare_database\n"
        f"context = ServiceContext.open(DataPaths.resolve({str(ready.paths.root)!r}))\n"
        "print(prepare_database(context).status, 'alembic' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["ready", "False"]


def test_check_integrity_on_absent_and_good_files(ready: ServiceContext, tmp_path: Path) -> None:
    assert check_integrity(tmp_path / "tidak-ada.db") is None
    assert check_integrity(ready.paths.database) is None


def _random_bytes_in_the_middle(db: Path) -> None:
    data = bytearray(db.read_bytes())
    page = len(data) // 4096 // 2 * 4096
    data[page : page + 4096] = random.Random(7).randbytes(4096)
    db.write_bytes(bytes(data))


def _truncated(db: Path) -> None:
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2])


def _zero_length(db: Path) -> None:
    db.write_bytes(b"")


def _text_file(db: Path) -> None:
    db.write_text("Daftar hadir rapat desa\n" * 50)


@pytest.mark.parametrize(
    "damage", [_random_bytes_in_the_middle, _truncated, _zero_length, _text_file]
)
def test_damaged_database_is_left_alone_then_restored(
    ready: ServiceContext, damage: Callable[[Path], None]
) -> None:
    db = ready.paths.database
    with ready.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE desk_profile SET nama_desa = 'Sesudah cadangan'")
    close_all(ready)
    damage(db)
    before = files_of(ready.paths)

    report = prepare_database(ready)

    assert report.status == StartupStatus.DAMAGED
    assert "rusak" in report.message and "Pulihkan" in report.message
    assert files_of(ready.paths) == before  # not a byte changed, no -wal/-shm created
    assert report.latest_backup is not None and report.latest_backup.kind == KIND_DAILY
    assert check_integrity(db) is not None

    BackupService(ready).restore(report.latest_backup.path)

    assert prepare_database(ready).status == StartupStatus.READY
    assert query(db, "SELECT nama_desa FROM desk_profile") == [("Sukamaju",)]
    assert query(db, "SELECT count(*) FROM scratch") == [(100,)]
    kept = list(ready.paths.backups.glob("rusak-*/puskesos.db"))
    assert len(kept) == 1 and kept[0].read_bytes() == before["puskesos.db"]
    assert KIND_PRE_RESTORE not in {b.kind for b in BackupService(ready).list_backups()}


def test_damaged_without_backups_says_where_else_to_look(ready: ServiceContext) -> None:
    close_all(ready)
    for info in BackupService(ready).list_backups():
        info.path.unlink()
    _zero_length(ready.paths.database)
    report = prepare_database(ready)
    assert report.status == StartupStatus.DAMAGED
    assert report.latest_backup is None
    assert "flashdisk" in report.message


def test_unknown_revision_is_too_new_and_left_alone(ready: ServiceContext) -> None:
    db = ready.paths.database
    close_all(ready)
    query(db, "UPDATE alembic_version SET version_num = '9999'")
    before = db.read_bytes()

    report = prepare_database(ready)

    assert report.status == StartupStatus.TOO_NEW
    assert "versi aplikasi yang lebih baru" in report.message
    assert db.read_bytes() == before
    assert query(db, "SELECT version_num FROM alembic_version") == [("9999",)]


def test_missing_revision_row_is_not_migrated_over(ready: ServiceContext) -> None:
    """Tables without a revision: neither new nor ours to upgrade, so nothing is touched."""
    db = ready.paths.database
    close_all(ready)
    query(db, "DELETE FROM alembic_version")
    before = db.read_bytes()

    report = prepare_database(ready)

    assert report.status == StartupStatus.DAMAGED
    assert "tidak dikenali" in report.message
    assert db.read_bytes() == before


def test_pre_migration_backup_only_when_an_upgrade_is_due(
    ready: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    upgraded: list[object] = []
    monkeypatch.setattr(migrate, "upgrade", lambda engine: upgraded.append(engine))

    current = prepare_database(ready)
    assert current.pre_migration_backup is None and upgraded == []

    stored = migrate.SCHEMA_HEAD
    monkeypatch.setattr(migrate, "SCHEMA_HEAD", f"{int(stored) + 1:04d}")  # a newer one "ships"
    report = prepare_database(ready)

    assert report.status == StartupStatus.READY
    assert report.migrated_from == stored
    assert upgraded == [ready.engine]
    backup = report.pre_migration_backup
    assert backup is not None and backup.kind == KIND_PRE_MIGRATION
    assert query(backup.path, "SELECT nama_desa FROM desk_profile") == [("Sukamaju",)]
    assert query(backup.path, "SELECT version_num FROM alembic_version") == [(stored,)]


def test_unusable_data_folder_is_a_user_error(tmp_path: Path) -> None:
    root = tmp_path / "data"
    root.mkdir()
    (root / "cadangan").write_text("bukan folder")
    paths = DataPaths(root)
    context = ServiceContext(paths=paths, connections=DeskConnections(paths.database))
    with pytest.raises(UserError, match="Folder data"):
        prepare_database(context)
    assert not paths.database.exists()


def test_damaged_offers_the_newest_backup_that_verifies(ready: ServiceContext) -> None:
    close_all(ready)
    good = BackupService(ready).latest()
    (ready.paths.backups / "puskesos-manual-29991231-235959.db").write_text("bukan cadangan")
    _zero_length(ready.paths.database)
    report = prepare_database(ready)
    assert report.status == StartupStatus.DAMAGED
    assert report.latest_backup == good


def test_wal_left_by_a_crash_is_read_not_reported_damaged(
    ready: ServiceContext, tmp_path: Path
) -> None:
    with ready.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE desk_profile SET nama_desa = 'Di WAL'")
    copy = DataPaths(tmp_path / "salinan").ensure()
    for name in ("puskesos.db", "puskesos.db-wal", "puskesos.db-shm"):
        (copy.root / name).write_bytes((ready.paths.root / name).read_bytes())
    assert (copy.root / "puskesos.db-wal").stat().st_size > 0

    assert check_integrity(copy.database) is None
    context = ServiceContext.open(copy)
    try:
        assert prepare_database(context).status == StartupStatus.READY
    finally:
        context.engine.dispose()
    assert query(copy.database, "SELECT nama_desa FROM desk_profile") == [("Di WAL",)]
