"""A district's import of every village's bundle: SQLite file vs PostgreSQL server.

    .venv/bin/python benchmarks/district.py                    # 300 villages, 1,000,000 persons
    .venv/bin/python benchmarks/district.py --scale 0.1        # 30 villages, 100,000 persons
    .venv/bin/python benchmarks/district.py --engines sqlite   # one engine only

Generation is real but cheap: one village is set up through ``SetupService`` (age's
scrypt is paid once), each of the others is a copy of that data folder with its own desk
id, region and in-memory Ed25519/X25519 keys, filled by ``DemoService.add_population`` (bulk
inserts) and exported through the real exporter: signed, encrypted ``.psb`` files. The
district then imports all of them through ``ImportService`` on each engine, in a child
process per engine so that each reports its own peak RSS, and rebuilds the search index
(which a district does once after a big import).

PostgreSQL is the server from ``PUSKESOS_TEST_POSTGRES_URL``, or a private throwaway one
(``tests/pg_server.py``; durability off, as for tests: imports on a tuned production
server with fsync on are slower). Its own memory is not in the child's RSS.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

FULL_VILLAGES = 300
FULL_PERSONS = 1_000_000


def _memory_keys(desk_id: str) -> Any:
    import minisign
    import pyrage

    from puskesos_desktop.sync.keys import DeskKeys

    return DeskKeys(
        desk_id, minisign.KeyPair.generate().secret_key, pyrage.x25519.Identity.generate()
    )


def _setup(root: Path, template_db: Path, mode: str, region: str) -> Any:
    from puskesos_desktop.paths import DataPaths
    from puskesos_desktop.services.context import ServiceContext
    from puskesos_desktop.services.setup import DeskMode, SetupRequest, SetupService

    paths = DataPaths(root).ensure()
    shutil.copyfile(template_db, paths.database)
    context = ServiceContext.open(paths)
    SetupService(context).complete(
        SetupRequest(DeskMode(mode), region, "admin", "Admin", "rahasia-benchmark-1")
    )
    return context


def _village_copy(source: Path, root: Path, index: int, persons: int) -> Any:
    """A copy of the first village with its own identity, keys and population."""
    from puskesos_desktop.paths import DataPaths
    from puskesos_desktop.services.context import ServiceContext
    from puskesos_desktop.services.demo import DemoService
    from puskesos_desktop.services.desk_keys import KEYS_EXTRA
    from puskesos_desktop.store.journal import Actor

    shutil.copytree(source, root)
    kecamatan, desa = 1 + index // 40, 2001 + index % 40
    region = f"33.20.{kecamatan:02d}.{desa}"
    desk_id = f"3320{kecamatan:02d}{desa}-{index:04x}"
    with sqlite3.connect(root / "puskesos.db") as db:
        db.execute(
            "UPDATE desk_profile SET desk_id = ?, kode_wilayah = ?, nama_desa = ?",
            (desk_id, region, f"DESA {index + 1}"),
        )
    context = ServiceContext.open(DataPaths(root))
    context.extras[KEYS_EXTRA] = _memory_keys(desk_id)
    context.actor, context.operator_role = Actor(desk_id, "admin"), "admin"
    DemoService(context).add_population(persons, seed=index + 1)
    return context


def generate(work: Path, villages: int, persons: int) -> tuple[Path, Any, list[Path]]:
    """The district's data folder (SQLite), its keys, and one bundle per village."""
    from puskesos_desktop.services.desk_keys import KEYS_EXTRA, desk_keys
    from puskesos_desktop.services.sync import SyncService
    from puskesos_desktop.store import migrate
    from puskesos_desktop.store.db import make_engine

    template_db = work / "template.db"
    engine = make_engine(template_db)
    migrate.upgrade(engine)
    engine.dispose()
    district = _setup(work / "dinas", template_db, "dinas", "33.20")
    district_keys = desk_keys(district)
    first = _setup(work / "desa-template", template_db, "desa", "33.20.01.2001")
    first.engine.dispose()
    district_card = SyncService(district).trust.my_card()
    bundles: list[Path] = []
    (work / "usb").mkdir()
    started = time.perf_counter()
    for index in range(villages):
        share = persons // villages + (1 if index < persons % villages else 0)
        root = work / "desa" / f"{index:03d}"
        village = _village_copy(work / "desa-template", root, index, share)
        sync = SyncService(village)
        sync.trust.trust_card(district_card.card_bytes, district_card.fingerprint)
        card = sync.trust.my_card()
        SyncService(district).trust.trust_card(card.card_bytes, card.fingerprint)
        result = sync.exports.export(work / "usb", "dinas-3320")
        bundles += list(result.files)
        village.engine.dispose()
        shutil.rmtree(root)  # keep the disk small
        if (index + 1) % 10 == 0 or index + 1 == villages:
            rate = (index + 1) / (time.perf_counter() - started)
            print(f"  {index + 1}/{villages} desa dibuat ({rate:.1f} desa/detik)", flush=True)
    district.extras.pop(KEYS_EXTRA, None)
    district.engine.dispose()
    return work / "dinas", district_keys, bundles


def copy_to_server(database: Path, url: str) -> None:
    """The district desk as set up on SQLite (profile, operators, trusted desks), copied
    table by table onto an empty PostgreSQL database migrated to the same schema."""
    from sqlalchemy import Integer, func, insert, select
    from sqlmodel import SQLModel

    from puskesos_desktop.store import migrate
    from puskesos_desktop.store.db import make_engine, make_server_engine

    source, target = make_engine(database), make_server_engine(url)
    migrate.upgrade(target)
    with source.connect() as read, target.begin() as write:
        for table in SQLModel.metadata.sorted_tables:
            if table.name == "orang_cari":
                continue  # filled by the triggers on orang
            rows = [dict(row._mapping) for row in read.execute(select(table))]
            if rows:
                write.execute(insert(table), rows)
            keys = list(table.primary_key.columns)
            if len(keys) == 1 and isinstance(keys[0].type, Integer) and rows:
                top = write.execute(select(func.max(keys[0]))).scalar()
                write.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', '{keys[0].name}'), "
                    f"{int(top)})"
                )
    source.dispose()
    target.dispose()


def _import_child(root: Path, url: str | None, keys: Any, bundles: list[Path], out: Any) -> None:
    try:
        out.put(_import(root, url, keys, bundles))
    except BaseException as error:
        out.put(error)
        raise


def _import(root: Path, url: str | None, keys: Any, bundles: list[Path]) -> tuple:
    from puskesos_desktop.services.desk import Desk
    from puskesos_desktop.services.desk_keys import KEYS_EXTRA
    from puskesos_desktop.services.sync_results import Outcome

    desk = Desk.start(root, log_to_file=False, database_url=url)
    desk.context.extras[KEYS_EXTRA] = keys
    started = time.perf_counter()
    report = desk.sync.imports.import_files(bundles)
    imported = time.perf_counter() - started
    applied = sum(1 for r in report.results if r.outcome == Outcome.APPLIED)
    started = time.perf_counter()
    desk.registry.refresh_search_index()
    indexed = time.perf_counter() - started
    with desk.context.engine.connect() as connection:
        persons = connection.exec_driver_sql("SELECT count(*) FROM orang").scalar()
        if url:
            size = connection.exec_driver_sql(
                "SELECT pg_database_size(current_database())"
            ).scalar()
        else:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            size = (root / "puskesos.db").stat().st_size
    desk.context.engine.dispose()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return applied, persons, imported, indexed, size, peak_mb


def measure(engine: str, district: Path, keys: Any, bundles: list[Path], work: Path) -> dict:
    import pg_server

    root = work / f"dinas-{engine}"
    shutil.copytree(district, root)
    url = None
    server = None
    if engine == "postgresql":
        server = pg_server.start()
        name = "puskesos_district_bench"
        url = pg_server.create_database(server.url, name, "template0")
        copy_to_server(root / "puskesos.db", url)
    context = multiprocessing.get_context("fork")
    out = context.Queue()
    child = context.Process(target=_import_child, args=(root, url, keys, bundles, out))
    child.start()
    found = out.get()
    child.join()
    if isinstance(found, BaseException):
        raise SystemExit(f"impor ke {engine} gagal: {found!r}")
    applied, persons, imported, indexed, size, peak = found
    if server is not None:
        pg_server.drop_database(server.url, name)
        server.stop()
    shutil.rmtree(root)
    return dict(applied=applied, persons=persons, imported=imported, indexed=indexed,
                size=size, peak=peak)  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="share of 300 desa / 1M orang")
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--work", type=Path, help="folder for the generated files (temp)")
    args = parser.parse_args()
    villages = max(2, round(FULL_VILLAGES * args.scale))
    persons = max(villages * 10, round(FULL_PERSONS * args.scale))
    work = args.work or Path(tempfile.mkdtemp(prefix="puskesos-district-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"Skala {args.scale}: {villages} desa, {persons} orang; folder {work}", flush=True)
    started = time.perf_counter()
    district, keys, bundles = generate(work, villages, persons)
    made = time.perf_counter() - started
    megabytes = sum(p.stat().st_size for p in bundles) / 1e6
    print(f"RESULT name=generate value={made:.1f} unit=s villages={villages} persons={persons}")
    print(f"RESULT name=bundles value={megabytes:.1f} unit=MB files={len(bundles)}")
    rows = {}
    for engine in args.engines.split(","):
        print(f"Impor ke {engine} …", flush=True)
        rows[engine] = found = measure(engine, district, keys, bundles, work)
        assert found["applied"] == len(bundles) and found["persons"] == persons, found
        tag = f"engine={engine} scale={args.scale}"
        print(f"RESULT name=import_{engine} value={found['imported']:.1f} unit=s {tag}")
        print(f"RESULT name=index_{engine} value={found['indexed']:.1f} unit=s {tag}")
        print(f"RESULT name=db_size_{engine} value={found['size'] / 1e6:.0f} unit=MB {tag}")
        print(f"RESULT name=peak_rss_{engine} value={found['peak']:.0f} unit=MB {tag}")
    print("\n| engine | import s | persons/s | index s | DB MB | peak RSS MB |")
    print("|---|---|---|---|---|---|")
    for engine, r in rows.items():
        rate = r["persons"] / r["imported"]
        print(f"| {engine} | {r['imported']:.1f} | {rate:,.0f} | {r['indexed']:.1f} | "
              f"{r['size'] / 1e6:.0f} | {r['peak']:.0f} |")  # fmt: skip
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
