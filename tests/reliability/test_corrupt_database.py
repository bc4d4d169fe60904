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
from pathlib import Path

import pytest
from crashkit import Base, copy_desk, integrity, scalar, service_context, sha256
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from puskesos_desktop.paths import DataPaths
from puskesos_desktop.services.backup import KIND_DAILY, BackupService
from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.services.startup import StartupReport, StartupStatus, prepare_database

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
        assert all(INDEX_ONLY.search(p) for p in problems), problems  # see the xfail below
    else:
        assert report.status is StartupStatus.DAMAGED and report.latest_backup is not None
    shutil.rmtree(root.parent)


INDEX_ONLY = re.compile(r"missing from index|wrong # of entries in index|non-unique entry in index")


@pytest.mark.xfail(
    strict=True,
    reason="start-up runs quick_check, which skips index contents "
    "(open finding: detect at the daily backup and repair with REINDEX)",
)
def test_damaged_index_is_detected_at_start(backed_up: Path, tmp_path: Path) -> None:
    """Found by the random-damage test: one byte in an index page of ``change_journal``
    passes ``quick_check``, and start-up says READY."""
    root = copy_desk(backed_up, tmp_path / "desk")
    database = root / "puskesos.db"
    with closing(sqlite3.connect(database)) as connection:
        page = connection.execute(
            "SELECT pageno FROM dbstat WHERE name = 'sqlite_autoindex_change_journal_1' "
            "AND pagetype = 'leaf' LIMIT 1"
        ).fetchone()[0]
        size = connection.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(database.read_bytes())
    data[(page - 1) * size + size // 2] ^= 0xFF  # inside a cell: the key, not the structure
    database.write_bytes(bytes(data))
    assert INDEX_ONLY.search(integrity(database))
    assert start(root).status is StartupStatus.DAMAGED
