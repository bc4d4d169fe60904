"""A damaged database file (virus, bad sector, cut copy) is detected at start, left exactly
as it is, and a restore from the newest good backup is offered, and works. Never a crash.

The oracle for random damage: either start-up says DAMAGED, or SQLite's full
``integrity_check`` finds nothing wrong either (damage in free pages is harmless).
"""

from __future__ import annotations

import io
import random
import re
import shutil
import sqlite3
import zipfile
from contextlib import closing
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from crashkit import Base, copy_desk, integrity, rows, scalar, service_context, sha256
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from puskesos_desktop.paths import DataPaths
from puskesos_desktop.services.backup import KEEP_PER_KIND, KIND_DAILY, BackupService
from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.services.integrity import damage_marker
from puskesos_desktop.services.startup import (
    StartupReport,
    StartupStatus,
    check_integrity,
    prepare_database,
)

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40


@pytest.fixture(scope="module")
def backed_up(base: Base, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The village with one good daily backup, as any desk has after its first start."""
    root = copy_desk(base.village, tmp_path_factory.mktemp("rusak") / "desk")
    with service_context(root) as context:
        BackupService(context).backup_now(kind=KIND_DAILY)
    return root


def start(root: Path) -> StartupReport:
    context = ServiceContext.open(DataPaths(root))
    try:
        return prepare_database(context)
    finally:
        context.engine.dispose()


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("puskesos.db", b"SQLite format 3\x00" + bytes(5000))
    return buffer.getvalue()


def assert_damaged_then_restored(root: Path) -> None:
    """DAMAGED with a restore offer, nothing touched; then the offered restore works."""
    database = root / "puskesos.db"
    before = sha256(database)
    report = start(root)
    assert report.status is StartupStatus.DAMAGED, report
    assert report.latest_backup is not None and "Pulihkan" in report.message
    assert sha256(database) == before, "start-up changed the damaged file"
    context = ServiceContext.open(DataPaths(root))  # no operator: the rescue path
    try:
        BackupService(context).restore(report.latest_backup.path)
    finally:
        context.engine.dispose()
    assert start(root).status is StartupStatus.READY
    assert scalar(database, "SELECT count(*) FROM orang") > 2000
    kept = [p for p in (root / "cadangan").iterdir() if p.name.startswith(("rusak-", "puskesos-"))]
    assert len(kept) >= 2, "the damaged data was not kept anywhere before the restore"


def damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    page = int.from_bytes(data[16:18], "big")
    if how == "kosong":
        path.write_bytes(b"")
    elif how == "terpotong-separuh":
        path.write_bytes(data[: len(data) // 2])
    elif how == "terpotong-tengah-halaman":
        path.write_bytes(data[: 7 * page + 123])
    elif how == "kepala-saja":
        path.write_bytes(data[:100])
    elif how == "png":
        path.write_bytes(PNG)
    elif how == "zip":
        path.write_bytes(zip_bytes())
    elif how == "kepala-rusak":
        path.write_bytes(data[:16] + b"\xff\xff" + data[18:])
    elif how == "skema-rusak":  # page 1 holds sqlite_master
        path.write_bytes(data[:100] + random.Random(1).randbytes(page - 100) + data[page:])
    else:  # pragma: no cover
        raise AssertionError(how)


@pytest.mark.parametrize(
    "how",
    ["kosong", "terpotong-separuh", "terpotong-tengah-halaman", "kepala-saja", "png", "zip",
     "kepala-rusak", "skema-rusak"],
)  # fmt: skip
def test_damaged_file_is_detected_left_alone_and_restored(
    backed_up: Path, tmp_path: Path, how: str
) -> None:
    root = copy_desk(backed_up, tmp_path / "desk")
    damage(root / "puskesos.db", how)
    assert_damaged_then_restored(root)


def test_database_replaced_by_a_folder_or_unreadable(backed_up: Path, tmp_path: Path) -> None:
    root = copy_desk(backed_up, tmp_path / "desk")
    (root / "puskesos.db").unlink()
    (root / "puskesos.db").mkdir()  # what a bad "repair" tool can leave behind
    report = start(root)
    assert report.status is StartupStatus.DAMAGED and report.latest_backup is not None


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    hits=st.lists(
        st.tuples(
            st.floats(0.0, 1.0),
            st.sampled_from([8, 64, 512, 4096]),
            st.binary(min_size=1, max_size=8),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_random_bytes_in_pages_never_pass_as_healthy(
    backed_up: Path, tmp_path_factory: pytest.TempPathFactory, hits: list
) -> None:
    root = copy_desk(backed_up, tmp_path_factory.mktemp("acak") / "desk")
    database = root / "puskesos.db"
    data = bytearray(database.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for where, length, pattern in hits:
        start_at = page + int(where * (len(data) - page - length))  # page 1 has its own test
        data[start_at : start_at + length] = (pattern * length)[:length]
    database.write_bytes(bytes(data))
    report = start(root)
    if report.status is StartupStatus.READY:
        problems = [p for p in integrity(database).split("; ") if p != "ok"]
        assert all(INDEX_ONLY.search(p) for p in problems), problems  # repaired by the daily check
    else:
        assert report.status is StartupStatus.DAMAGED and report.latest_backup is not None
    shutil.rmtree(root.parent)


INDEX_ONLY = re.compile(r"missing from index|wrong # of entries in index|non-unique entry in index")


def leaf_page(database: Path, btree: str) -> tuple[int, int]:
    """(Offset, size) of one leaf page of the table or index ``btree``."""
    with closing(sqlite3.connect(database)) as connection:
        page = connection.execute(
            "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' LIMIT 1", (btree,)
        ).fetchone()[0]
        size = connection.execute("PRAGMA page_size").fetchone()[0]
    return (page - 1) * size, size


def damage_journal_index(database: Path) -> None:
    """One byte inside a cell of ``change_journal``'s unique index: the key, not the
    structure (found by the random-damage test above)."""
    offset, size = leaf_page(database, "sqlite_autoindex_change_journal_1")
    data = bytearray(database.read_bytes())
    data[offset + size // 2] ^= 0xFF
    database.write_bytes(bytes(data))


def older(path: Path, days: int) -> Path:
    """The name ``path`` (a daily backup) would have had ``days`` earlier."""
    stamp = datetime.strptime(path.name[16:31], "%Y%m%d-%H%M%S") - timedelta(days=days)
    return path.with_name(f"puskesos-harian-{stamp:%Y%m%d-%H%M%S}.db")


def age_backups(root: Path, days: int = 1) -> None:
    """Make the desk's backups look ``days`` older, so today's daily check is due."""
    for path in (root / "cadangan").glob("puskesos-harian-*.db"):
        path.rename(older(path, days))


def journal(database: Path) -> list[tuple]:
    return rows(database, "SELECT * FROM change_journal NOT INDEXED ORDER BY rowid")


def test_damaged_index_is_detected_at_start(backed_up: Path, tmp_path: Path) -> None:
    """``quick_check`` misses it, so the daily full check before the backup must not."""
    root = copy_desk(backed_up, tmp_path / "desk")
    database = root / "puskesos.db"
    damage_journal_index(database)
    assert INDEX_ONLY.search(integrity(database))
    assert check_integrity(database) is None  # the quick check at start cannot see it
    age_backups(root)
    report = start(root)
    assert report.status is StartupStatus.READY
    assert "indeks basis data yang rusak" in report.message, report.message


def test_damaged_index_is_rebuilt_and_nothing_else_changes(backed_up: Path, tmp_path: Path) -> None:
    root = copy_desk(backed_up, tmp_path / "desk")
    database = root / "puskesos.db"
    rows_before = journal(database)
    damage_journal_index(database)
    age_backups(root)
    start(root)
    assert integrity(database) == "ok"
    assert journal(database) == rows_before
    today = [p for p in (root / "cadangan").glob(f"puskesos-harian-{date.today():%Y%m%d}-*")]
    assert len(today) == 1 and integrity(today[0]) == "ok", "no healthy backup after repair"
    assert not damage_marker(database).exists()
    assert start(root).message == "Basis data siap."  # repaired once, not every start


def duplicate_a_key(database: Path) -> None:
    """Damage to the data itself that only the full check sees: in ``orang``'s table page,
    one person's uid is overwritten with another's, so REINDEX cannot rebuild the unique
    index (two rows, one key). A bad sector in the middle of a record does just this."""
    offset, size = leaf_page(database, "orang")
    data = bytearray(database.read_bytes())
    page = bytes(data[offset : offset + size])
    uids = [u.encode() for (u,) in rows(database, "SELECT uid FROM orang")]
    first, second = [uid for uid in uids if uid in page][:2]
    where = offset + page.index(first)
    data[where : where + len(first)] = second
    database.write_bytes(bytes(data))


def test_damaged_data_never_rotates_out_the_good_backups(backed_up: Path, tmp_path: Path) -> None:
    root = copy_desk(backed_up, tmp_path / "desk")
    database = root / "puskesos.db"
    backups = root / "cadangan"
    [good] = backups.glob("puskesos-harian-*.db")
    for days in range(1, KEEP_PER_KIND + 1):  # a full rotation: the next backup prunes one
        shutil.copy(good, older(good, days))
    good.unlink()
    duplicate_a_key(database)
    assert check_integrity(database) is None and integrity(database) != "ok"
    before = {p.name: sha256(p) for p in backups.iterdir()}
    report = start(root)
    assert report.status is StartupStatus.DAMAGED, report
    assert "cadangan lama tetap disimpan" in report.message and "Pulihkan" in report.message
    assert {p.name: sha256(p) for p in backups.iterdir()} == before, "backups were touched"
    # The next start checks in full again, so the restore is offered although quick_check passes.
    assert_damaged_then_restored(root)
    assert not damage_marker(database).exists()
