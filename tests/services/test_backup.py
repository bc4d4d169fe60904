"""Backups and restore on real SQLite files: atomic, cancellable, and safe with bad input."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from datetime import datetime, timedelta, tzinfo
from pathlib import Path

import pytest

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.jobs import Cancelled, CancelToken
from puskesos_desktop.services import backup as backup_module
from puskesos_desktop.services.backup import (
    KIND_DAILY,
    KIND_MANUAL,
    KIND_PRE_MIGRATION,
    KIND_PRE_RESTORE,
    BackupService,
    verify_backup_file,
)
from puskesos_desktop.services.backup_files import disk_error
from puskesos_desktop.services.context import ChangeKind, ServiceContext
from puskesos_desktop.store import migrate


def nama_desa(db: Path) -> str:
    with closing(sqlite3.connect(db)) as connection:
        return connection.execute("SELECT nama_desa FROM desk_profile").fetchone()[0]


def run_sql(db: Path, sql: str) -> None:
    with closing(sqlite3.connect(db)) as connection, connection:
        connection.execute(sql)


def set_nama_desa(context: ServiceContext, value: str) -> None:
    with context.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE desk_profile SET nama_desa = ?", (value,))


def add_scratch(context: ServiceContext, rows: int) -> None:
    """~4 KB per row: 800 rows make a database that needs several backup steps."""
    with context.engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE IF NOT EXISTS scratch (b BLOB)")
        connection.exec_driver_sql(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
            "INSERT INTO scratch SELECT randomblob(4000) FROM n",
            (rows,),
        )


class FrozenClock(datetime):
    """Stands in for ``datetime`` inside the backup module so names are predictable."""

    current = datetime(2025, 3, 1, 8, 0, 0)

    @classmethod
    def now(cls, tz: tzinfo | None = None) -> datetime:
        return cls.current


@pytest.fixture
def desk(profiled_context: ServiceContext) -> ServiceContext:
    return profiled_context


@pytest.fixture
def big_desk(desk: ServiceContext) -> ServiceContext:
    add_scratch(desk, 800)
    return desk


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> type[FrozenClock]:
    monkeypatch.setattr(FrozenClock, "current", datetime(2025, 3, 1, 8, 0, 0))
    monkeypatch.setattr(backup_module, "datetime", FrozenClock)
    return FrozenClock


def live_state(context: ServiceContext) -> tuple[bytes, str]:
    return context.paths.database.read_bytes(), nama_desa(context.paths.database)


def test_round_trip_restores_data_and_keeps_a_safety_backup(desk: ServiceContext) -> None:
    service = BackupService(desk)
    calls: list[tuple[int, int, str]] = []
    info = service.backup_now(progress=lambda *call: calls.append(call))
    assert info.kind == KIND_MANUAL and info.path.parent == desk.paths.backups
    assert info.size == info.path.stat().st_size > 0
    assert calls and calls[-1][0] == calls[-1][1]
    header = info.path.read_bytes()[:100]
    assert header[18:20] == b"\x01\x01"  # rollback journal: a single self-contained file
    assert sorted(p.name for p in desk.paths.backups.iterdir()) == [info.path.name]

    set_nama_desa(desk, "Berubah")
    result = service.restore(info.path)

    assert result.changes.touches(ChangeKind.DATABASE)
    assert nama_desa(desk.paths.database) == "Sukamaju"
    with desk.engine.connect() as connection:  # the reopened engine works
        assert connection.exec_driver_sql("SELECT count(*) FROM desk_profile").scalar() == 1
    safety = [b for b in service.list_backups() if b.kind == KIND_PRE_RESTORE]
    assert len(safety) == 1
    assert nama_desa(safety[0].path) == "Berubah"
    assert not list(desk.paths.root.glob(".puskesos-sementara-*"))


def test_same_second_gets_a_counter_and_listing_is_newest_first(
    desk: ServiceContext, clock: type[FrozenClock]
) -> None:
    service = BackupService(desk)
    first = service.backup_now()
    second = service.backup_now()
    clock.current += timedelta(seconds=1)
    third = service.backup_now(kind=KIND_PRE_MIGRATION)
    assert first.path.name == "puskesos-manual-20250301-080000.db"
    assert second.path.name == "puskesos-manual-20250301-080000-2.db"
    assert third.path.name == "puskesos-sebelum-migrasi-20250301-080001.db"
    assert [b.path for b in service.list_backups()] == [third.path, second.path, first.path]
    assert service.latest() == third
    assert service.last_backup_time() == datetime(2025, 3, 1, 8, 0, 1)


def test_listing_ignores_junk_and_latest_skips_non_sqlite(desk: ServiceContext) -> None:
    service = BackupService(desk)
    good = service.backup_now()
    backups = desk.paths.backups
    (backups / "catatan.txt").write_text("bukan cadangan")
    (backups / "puskesos-manual-2025.db").write_bytes(b"x")
    (backups / "puskesos-harian-20251399-999999.db").write_bytes(b"x")  # impossible date
    (backups / "puskesos-manual-20240101-010101.db").mkdir()  # a folder with a backup's name
    (backups / "rusak-20240101-010101").mkdir()
    junk = backups / "puskesos-manual-29991231-235959.db"
    junk.write_text("SQLite? tidak, ini teks biasa")

    listed = service.list_backups()
    assert [b.path for b in listed] == [junk, good.path]
    assert service.latest() == good


def test_prune_keeps_the_newest_fourteen_of_each_kind(desk: ServiceContext) -> None:
    service = BackupService(desk)
    source = service.backup_now().path
    start = datetime(2025, 1, 1, 7, 0, 0)
    for kind, count in ((KIND_DAILY, 16), (KIND_MANUAL, 15), (KIND_PRE_MIGRATION, 2)):
        for day in range(count):
            stamp = (start + timedelta(days=day)).strftime("%Y%m%d-%H%M%S")
            shutil.copyfile(source, desk.paths.backups / f"puskesos-{kind}-{stamp}.db")
    source.unlink()

    removed = service.prune()

    kinds = [b.kind for b in service.list_backups()]
    assert kinds.count(KIND_DAILY) == 14
    assert kinds.count(KIND_MANUAL) == 14
    assert kinds.count(KIND_PRE_MIGRATION) == 2
    assert sorted(p.name for p in removed) == [
        "puskesos-harian-20250101-070000.db",
        "puskesos-harian-20250102-070000.db",
        "puskesos-manual-20250101-070000.db",
    ]


def test_ensure_daily_is_idempotent_within_a_day_and_prunes(
    desk: ServiceContext, clock: type[FrozenClock]
) -> None:
    service = BackupService(desk)
    for day in range(1, 15):  # fourteen old daily backups
        clock.current = datetime(2025, 2, day, 9, 0, 0)
        service.backup_now(kind=KIND_DAILY)
    clock.current = datetime(2025, 3, 1, 8, 0, 0)

    taken = service.ensure_daily()
    assert taken is not None and taken.kind == KIND_DAILY
    clock.current += timedelta(hours=5)
    assert service.ensure_daily() is None

    daily = [b for b in service.list_backups() if b.kind == KIND_DAILY]
    assert len(daily) == 14
    assert daily[0] == taken
    assert min(b.created_at for b in daily) == datetime(2025, 2, 2, 9, 0, 0)

    clock.current = datetime(2025, 3, 2, 7, 0, 0)
    assert service.ensure_daily() is not None


def test_ensure_daily_does_not_count_a_junk_file_as_todays_backup(
    desk: ServiceContext, clock: type[FrozenClock]
) -> None:
    junk = desk.paths.backups / "puskesos-harian-20250301-080000.db"
    junk.write_bytes(b"")
    taken = BackupService(desk).ensure_daily()
    assert taken is not None
    assert taken.path.name == "puskesos-harian-20250301-080000-2.db"


def test_backup_to_another_folder_is_not_listed(desk: ServiceContext, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    service = BackupService(desk)
    info = service.backup_now(usb)
    assert info.path.parent == usb
    verify_backup_file(info.path)
    assert service.list_backups() == []


def test_backup_to_missing_folder_fails_cleanly(desk: ServiceContext, tmp_path: Path) -> None:
    gone = tmp_path / "flashdisk-dicabut"
    with pytest.raises(UserError, match="tidak ditemukan"):
        BackupService(desk).backup_now(gone)
    assert not gone.exists()


def test_flashdisk_pulled_out_during_backup(big_desk: ServiceContext, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()

    def pull_out(done: int, total: int, label: str) -> None:
        shutil.rmtree(usb, ignore_errors=True)

    with pytest.raises(UserError, match="tidak ditemukan"):
        BackupService(big_desk).backup_now(usb, progress=pull_out)
    assert not usb.exists()


def test_destination_that_is_a_file_cannot_be_written(desk: ServiceContext, tmp_path: Path) -> None:
    not_a_folder = tmp_path / "berkas.txt"
    not_a_folder.write_text("isi")
    with pytest.raises(UserError, match="tidak dapat ditulisi"):
        BackupService(desk).backup_now(not_a_folder)
    assert not_a_folder.read_text() == "isi"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["berkas.txt", "data"]


def test_backups_folder_replaced_by_a_file(desk: ServiceContext) -> None:
    shutil.rmtree(desk.paths.backups)
    desk.paths.backups.write_text("bukan folder")
    with pytest.raises(UserError, match="tidak dapat ditulisi"):
        BackupService(desk).backup_now()


def test_read_only_folder(desk: ServiceContext, tmp_path: Path) -> None:
    locked = tmp_path / "terkunci"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running with privileges that ignore folder permissions")
        with pytest.raises(UserError, match="tidak dapat ditulisi"):
            BackupService(desk).backup_now(locked)
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)


@pytest.mark.parametrize(
    "error",
    [
        sqlite3.OperationalError("database or disk is full"),
        OSError(errno.ENOSPC, "No space left on device", "/media/usb/x"),
    ],
)
def test_full_disk_message(error: BaseException, tmp_path: Path) -> None:
    message = disk_error(error, tmp_path).message
    assert message.startswith("Flashdisk atau disk tujuan penuh")


def test_folder_named_full_is_not_mistaken_for_a_full_disk(tmp_path: Path) -> None:
    error = PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "full"))
    assert "tidak dapat ditulisi" in disk_error(error, tmp_path).message


def test_cancel_during_backup_leaves_no_file(big_desk: ServiceContext) -> None:
    token = CancelToken()
    calls: list[tuple[int, int]] = []

    def cancel_at_once(done: int, total: int, label: str) -> None:
        calls.append((done, total))
        token.cancel()

    with pytest.raises(Cancelled):
        BackupService(big_desk).backup_now(progress=cancel_at_once, cancel=token)
    assert len(calls) == 1 and calls[0][0] < calls[0][1]  # stopped after the first step
    assert list(big_desk.paths.backups.iterdir()) == []


def test_cancel_during_restore_keeps_live_data(big_desk: ServiceContext) -> None:
    service = BackupService(big_desk)
    info = service.backup_now()
    set_nama_desa(big_desk, "Berubah")
    token = CancelToken()

    def cancel_while_restoring(done: int, total: int, label: str) -> None:
        if label.startswith("Memulihkan"):
            token.cancel()

    with pytest.raises(Cancelled):
        service.restore(info.path, progress=cancel_while_restoring, cancel=token)
    assert nama_desa(big_desk.paths.database) == "Berubah"
    assert not list(big_desk.paths.root.glob(".puskesos-sementara-*"))
    set_nama_desa(big_desk, "Masih bisa menulis")


def _text_file(path: Path, _good: Path) -> None:
    path.write_text("Ini catatan biasa, bukan basis data.\n" * 20)


def _truncated(path: Path, good: Path) -> None:
    data = good.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _empty(path: Path, _good: Path) -> None:
    path.write_bytes(b"")


def _other_sqlite(path: Path, _good: Path) -> None:
    run_sql(path, "CREATE TABLE belanja (barang TEXT)")
    run_sql(path, "INSERT INTO belanja VALUES ('beras')")


def _no_profile(path: Path, good: Path) -> None:
    shutil.copyfile(good, path)
    run_sql(path, "DELETE FROM desk_profile")


def _newer_revision(path: Path, good: Path) -> None:
    shutil.copyfile(good, path)
    run_sql(path, "UPDATE alembic_version SET version_num = '9999'")


def _glob_revision(path: Path, good: Path) -> None:
    shutil.copyfile(good, path)
    run_sql(path, "UPDATE alembic_version SET version_num = '*'")


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (_text_file, "bukan basis data SQLite"),
        (_truncated, "terpotong"),
        (_empty, "kosong"),
        (_other_sqlite, "bukan data Puskesos"),
        (_no_profile, "belum berisi profil desk"),
        (_newer_revision, "versi aplikasi yang lebih baru"),
        (_glob_revision, "lebih baru"),
    ],
)
def test_restore_rejects_bad_files_and_changes_nothing(
    desk: ServiceContext,
    tmp_path: Path,
    make: Callable[[Path, Path], None],
    expected: str,
) -> None:
    service = BackupService(desk)
    good = service.backup_now(tmp_path)  # outside the backups folder
    bad = tmp_path / "cadangan-meragukan.db"
    make(bad, good.path)
    before = live_state(desk)

    with pytest.raises(UserError, match=expected):
        service.restore(bad)

    assert live_state(desk) == before
    assert service.list_backups() == []  # rejected before any safety backup
    with pytest.raises(UserError, match=expected):
        verify_backup_file(bad)


def test_restore_rejects_missing_file(desk: ServiceContext, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="tidak ditemukan"):
        BackupService(desk).restore(tmp_path / "hilang.db")


def test_restore_of_an_older_schema_runs_the_upgrade(
    desk: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = BackupService(desk)
    info = service.backup_now()
    upgraded: list[object] = []
    newer = f"{int(migrate.SCHEMA_HEAD) + 1:04d}"
    monkeypatch.setattr(migrate, "SCHEMA_HEAD", newer)  # pretend a newer schema shipped
    monkeypatch.setattr(migrate, "upgrade", lambda engine: upgraded.append(engine))

    service.restore(info.path)

    assert upgraded == [desk.engine]


def test_restore_when_the_live_database_is_gone(desk: ServiceContext) -> None:
    service = BackupService(desk)
    info = service.backup_now()
    desk.engine.dispose()
    desk.paths.database.unlink()

    service.restore(info.path)

    assert nama_desa(desk.paths.database) == "Sukamaju"
    assert [b.kind for b in service.list_backups()] == [KIND_MANUAL]
