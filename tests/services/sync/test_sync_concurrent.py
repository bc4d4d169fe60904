"""Two officers import at once into one PostgreSQL database (district office on a server).

Two real processes, each with its own data folder (as two laptops would have) and the same
server database, import overlapping sets of bundles from two villages in different orders.
Nothing may be applied twice, nobody may deadlock, and the end state must equal a serial
import of the same bundles into a fresh copy of the district.
"""

from __future__ import annotations

import multiprocessing
import shutil
import sys
from pathlib import Path
from typing import Any

import pg_server as pg
import pytest
from desk_kit import Desks, Template, add_people, send
from sqlalchemy import text

from puskesos_desktop.services.desk import Desk
from puskesos_desktop.services.desk_keys import KEYS_EXTRA
from puskesos_desktop.services.sync_results import Outcome

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(sys.platform == "win32", reason="needs fork"),
]
ROUNDS = 3
PERSONS = 150  # per bundle: enough that two imports really overlap in time


@pytest.fixture
def backend() -> str:
    return "postgresql"


def _officer(root: Path, url: str, keys: object, files: list[Path], results: Any) -> None:
    """One officer's installation: start, import the files, report outcomes per file."""
    desk = Desk.start(root, log_to_file=False, database_url=url)
    desk.context.extras[KEYS_EXTRA] = keys
    report = desk.sync.imports.import_files(files)
    results.put([((r.origin, r.seq), r.outcome.value) for r in report.results])
    desk.context.engine.dispose()


def _state(url: str) -> dict[str, Any]:
    from puskesos_desktop.store.db import make_server_engine

    engine = make_server_engine(url)
    queries = {
        "orang": "SELECT uid, nama, nik, rev, deleted, origin FROM orang ORDER BY uid",
        "log": "SELECT origin, seq, manifest_sha256, applied, skipped, conflicts, result "
        "FROM log_paket ORDER BY origin, seq",
        "aliran": "SELECT origin, applied_seq, last_manifest_sha256 FROM aliran_masuk "
        "ORDER BY origin",
        "jurnal": "SELECT change_id, table_name, uid, rev FROM change_journal "
        "WHERE origin != 'dinas-3320' ORDER BY change_id",
        "konflik": "SELECT count(*) FROM konflik",
        "antrean": "SELECT count(*) FROM paket_tertunda",
    }
    with engine.connect() as connection:
        state = {name: connection.execute(text(sql)).all() for name, sql in queries.items()}
    engine.dispose()
    return state


def _origin_seq(path: Path) -> tuple[str, int]:
    origin, seq, _destination = path.stem.split("_")
    return origin, int(seq)


def _bundles(desks: Desks, tmp_path: Path) -> tuple[list[Path], list[Path]]:
    first: list[Path] = []
    second: list[Path] = []
    for round_ in range(ROUNDS):
        add_people(desks.village, PERSONS, start=1 + round_ * PERSONS)
        add_people(desks.village2, PERSONS, start=5_000 + round_ * PERSONS)
        first += send(desks.village, desks.district, tmp_path / f"usb-a{round_}")
        second += send(desks.village2, desks.district, tmp_path / f"usb-b{round_}")
    return first, second


def test_two_officers_importing_at_once_equal_a_serial_import(
    desks: Desks,
    tmp_path: Path,
    pg_server: pg.Server,
    active_templates: dict[str, Template],
) -> None:
    a, b = _bundles(desks, tmp_path)
    url = desks.district.context.database_url
    assert url is not None
    keys = desks.district.context.extras[KEYS_EXTRA]
    district_root = desks.district.paths.root
    for desk in desks.all():
        desk.context.engine.dispose()  # nothing pooled may cross the fork

    # Overlapping sets, opposite orders: early bundles wait in each officer's queue.
    plans = {
        "petugas1": a + b[:2],
        "petugas2": list(reversed(b)) + list(reversed(a[1:])),
    }
    fork = multiprocessing.get_context("fork")
    results = fork.Queue()
    children = []
    for name, files in plans.items():
        root = tmp_path / name
        shutil.copytree(district_root, root)
        child = fork.Process(target=_officer, args=(root, url, keys, files, results))
        child.start()
        children.append(child)
    outcomes = [results.get(timeout=240) for _ in children]
    for child in children:
        child.join(timeout=60)
        assert child.exitcode == 0
    # An officer opening the import again applies whatever still waits in their queue.
    for name in plans:
        _officer(tmp_path / name, url, keys, [], results)
        outcomes.append(results.get(timeout=60))

    applied = [key for run in outcomes for key, outcome in run if outcome == Outcome.APPLIED.value]
    assert sorted(applied) == sorted(_origin_seq(p) for p in a + b)  # each bundle exactly once
    assert not [o for run in outcomes for _f, o in run if o == Outcome.REJECTED.value]

    database = active_templates["district"].database
    assert database is not None
    with pg.private_copy(pg_server.url, database) as serial_url:
        serial_root = tmp_path / "serial"
        shutil.copytree(district_root, serial_root)
        _officer(serial_root, serial_url, keys, a + b, results)
        assert {o for _f, o in results.get(timeout=120)} == {Outcome.APPLIED.value}
        expected = _state(serial_url)
    found = _state(url)
    assert len(found["orang"]) == 2 * ROUNDS * PERSONS
    assert found == expected
