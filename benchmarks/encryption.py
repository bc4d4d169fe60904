"""The cost of SQLCipher encryption at rest: search and list import, plain vs encrypted.

Usage::

    python benchmarks/encryption.py [WORK_DIR] [--persons 20000] [--rows 5000] [--queries 200]

Builds one demo desk with ``--persons`` persons (plain SQLite), then an encrypted copy of
the same file (``encryption_files.encrypt_file``, the migration the app offers), so both
sides hold identical data. In the same run, interleaved, it times:

* ``RegistryService.search`` for NIK prefixes and partial names taken from the data; each
  query runs ``ROUNDS`` times per side and its fastest round counts (scheduler noise is
  removed equally from both sides). A third side, ``polos-sc``, reads the plain file through
  SQLCipher's own SQLite build without a key: the app's plain desks use Python's sqlite3,
  whose SQLite version differs, so only ``sqlcipher/polos-sc`` is the pure cost of the cipher;
* ``ListImportService.run`` of one generated CSV with ``--rows`` new persons, each side
  starting from a fresh copy of its database (fastest of ``IMPORT_ROUNDS``).

It prints the medians/p95 and the encrypted/plain ratios. Nothing is asserted: the figures
go into the issue's closing note.
"""

from __future__ import annotations

import argparse
import random
import secrets
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from puskesos_desktop.domain.nik import make_nik, make_no_kk
from puskesos_desktop.paths import DataPaths
from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.services.demo import DemoService
from puskesos_desktop.services.encryption_files import encrypt_file
from puskesos_desktop.services.list_import import ListImportService
from puskesos_desktop.services.profile import ProfileService
from puskesos_desktop.services.registry import RegistryService
from puskesos_desktop.store import migrate
from puskesos_desktop.store.db import make_engine

ROUNDS = 3
IMPORT_ROUNDS = 2


def build_plain(root: Path, persons: int) -> DataPaths:
    paths = DataPaths(root).ensure()
    engine = make_engine(paths.database)
    migrate.upgrade(engine)
    engine.dispose()
    context = ServiceContext.open(paths)
    demo = DemoService(context)
    demo.create_demo_desk()
    extra = persons - _count(context)
    if extra > 0:
        demo.add_population(extra, seed=7)
    with context.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    context.engine.dispose()
    return paths


def _count(context: ServiceContext) -> int:
    with context.engine.connect() as connection:
        return connection.exec_driver_sql("SELECT count(*) FROM orang").scalar_one()


def copy_desk(source: DataPaths, root: Path) -> DataPaths:
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(source.root, root)
    return DataPaths(root)


def open_context(
    paths: DataPaths, key: bytes | None, *, same_build: bool = False
) -> ServiceContext:
    """``same_build``: the plain file through the SQLCipher module without a key, which
    separates the cost of encryption from the difference between the two SQLite builds."""
    context = ServiceContext.open(paths, db_key=key)
    if same_build:
        from puskesos_desktop.store import cipher
        from puskesos_desktop.store.connect import DeskConnections, with_desk_pragmas

        dbapi = cipher.cipher_dbapi()
        context.connections = DeskConnections(paths.database, opener=lambda: with_desk_pragmas(
            dbapi.connect(str(paths.database), check_same_thread=False)
        ))  # fmt: skip
    ProfileService(context).act_as_default_operator()
    return context


def pick_queries(context: ServiceContext, count: int) -> list[str]:
    rng = random.Random(11)
    with context.engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT nik, nama FROM orang WHERE nik IS NOT NULL ORDER BY random() LIMIT ?",
            (count,),
        ).all()
    queries = []
    for nik, nama in rows:
        if rng.random() < 0.5:
            queries.append(nik[: rng.randint(6, 12)])
        else:
            words = nama.split()
            queries.append(" ".join(word[: max(3, len(word) - 1)] for word in words[:2]))
    return queries


def time_searches(services: dict[str, RegistryService], queries: list[str]) -> dict:
    best: dict[str, list[float]] = {name: [] for name in services}
    for query in queries:
        rounds: dict[str, list[float]] = {name: [] for name in services}
        for _ in range(ROUNDS):
            for name, service in services.items():  # interleaved: same conditions
                start = time.perf_counter()
                service.search(query)
                rounds[name].append(time.perf_counter() - start)
        for name in services:
            best[name].append(min(rounds[name]))
    return best


def write_list(path: Path, rows: int) -> Path:
    lines = ["NIK,NO_KK,NAMA,JENIS_KELAMIN,TANGGAL_LAHIR"]
    for i in range(1, rows + 1):
        born = date(1950 + i % 50, 1 + i % 12, 1 + i % 28)
        kk = make_no_kk("332001", date(2021, 2, 2), 1 + i % 9000)
        nik = make_nik("332001", born, "L", 1 + (i * 7) % 9999)
        lines.append(f"{nik},{kk},Warga Uji {i},L,{born:%d/%m/%Y}")
    path.write_text("\ufeff" + "\n".join(lines), encoding="utf-8")
    return path


def time_import(base: DataPaths, work: Path, key: bytes | None, csv_file: Path) -> float:
    timings = []
    for round_number in range(IMPORT_ROUNDS):
        paths = copy_desk(base, work / f"impor-{round_number}")
        context = open_context(paths, key)
        start = time.perf_counter()
        ListImportService(context).run(csv_file, import_valid_only=True)
        timings.append(time.perf_counter() - start)
        context.engine.dispose()
    return min(timings)


def ms(values: list[float], quantile: float) -> float:
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, int(quantile * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("work_dir", nargs="?", default=None)
    parser.add_argument("--persons", type=int, default=20_000)
    parser.add_argument("--rows", type=int, default=5_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    work = Path(args.work_dir or tempfile.mkdtemp(prefix="puskesos-enkripsi-"))
    work.mkdir(parents=True, exist_ok=True)

    started = time.perf_counter()
    plain = build_plain(work / "polos", args.persons)
    key = secrets.token_bytes(32)
    encrypted = copy_desk(plain, work / "terenkripsi")
    encrypt_start = time.perf_counter()
    encrypt_file(encrypted.database, key)
    encrypt_seconds = time.perf_counter() - encrypt_start
    size = plain.database.stat().st_size / 1e6
    print(f"Data: {args.persons} orang, {size:.1f} MB; disiapkan dalam "
          f"{time.perf_counter() - started:.0f} s; migrasi ke terenkripsi {encrypt_seconds:.2f} s")

    contexts = {
        "polos": open_context(plain, None),
        "polos-sc": open_context(plain, None, same_build=True),
        "sqlcipher": open_context(encrypted, key),
    }
    queries = pick_queries(contexts["polos"], args.queries)
    services = {name: RegistryService(context) for name, context in contexts.items()}
    for service in services.values():  # warm: caches, vocabulary, first connection
        for query in queries[:10]:
            service.search(query)
    best = time_searches(services, queries)
    for context in contexts.values():
        context.engine.dispose()

    csv_file = write_list(work / "daftar.csv", args.rows)
    imports = {
        "polos": time_import(plain, work / "impor-polos", None, csv_file),
        "sqlcipher": time_import(encrypted, work / "impor-sqlcipher", key, csv_file),
    }

    print(f"\nCari ({len(queries)} kueri, tercepat dari {ROUNDS}):")
    print(f"  {'':10} {'median ms':>10} {'p95 ms':>10} {'total s':>9}")
    for name, values in best.items():
        print(f"  {name:10} {ms(values, 0.5):10.2f} {ms(values, 0.95):10.2f} {sum(values):9.2f}")
    for label, quantile in (("median", 0.5), ("p95", 0.95)):
        for base in ("polos", "polos-sc"):
            ratio = ms(best["sqlcipher"], quantile) / ms(best[base], quantile)
            print(f"  rasio sqlcipher/{base} ({label}): {ratio:.2f}×")
    print("  (polos-sc: berkas polos lewat build SQLite milik SQLCipher, tanpa kunci)")
    print(f"\nImpor daftar ({args.rows} baris, tercepat dari {IMPORT_ROUNDS}):")
    for name, seconds in imports.items():
        print(f"  {name:10} {seconds:8.2f} s  ({args.rows / seconds:,.0f} baris/s)")
    print(f"  rasio sqlcipher/polos: {imports['sqlcipher'] / imports['polos']:.2f}×")
    for label, quantile in (("median", 0.5), ("p95", 0.95)):
        value, base_ms = ms(best["sqlcipher"], quantile), ms(best["polos"], quantile)
        print(f"RESULT name=search_{label}_sqlcipher value={value:.2f} unit=ms "
              f"ratio={value / base_ms:.2f}")  # fmt: skip
    ratio = imports["sqlcipher"] / imports["polos"]
    print(f"RESULT name=import_sqlcipher value={imports['sqlcipher']:.2f} unit=s ratio={ratio:.2f}")
    print(f"RESULT name=encrypt_existing value={encrypt_seconds:.2f} unit=s size_mb={size:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
