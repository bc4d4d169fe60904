"""Sync bundle export and import of 50,000 changed records, as ratios to raw sqlite3.

Usage::

    python benchmarks/sync.py [--records 50000] [--memory]

Sets up a village and its district in a temp folder (real setup, real keys, enrolled with
each other), creates ``--records`` persons at the village through the journal's bulk path,
then times, in the same run:

* export ("Kirim ke Dinas"): journal → signed, encrypted bundle in a folder;
* import ("Terima") at the district: verify, decrypt, validate, merge, one transaction;
* raw baseline: ``sqlite3.executemany`` of the same rows (same columns, as stored) into
  the ``orang`` table of a copy of the district's empty database (same indexes and
  search-index triggers), so the ratio is the price of the app, not of the schema;
* crypto share: age decryption of the bundle's ``payload.age`` alone, and the minisign
  check of the manifest alone, as parts of the import time.

Goals (issue 7): import ≤ 3× raw, crypto ≤ 20 % of it, memory flat in bundle size
(``--memory`` reports tracemalloc's peak for the import at 1/5 and at the full size).
"""

from __future__ import annotations

import argparse
import gc
import shutil
import sqlite3
import tempfile
import time
import tracemalloc
import zipfile
from datetime import date
from pathlib import Path

import pyrage

from puskesos_desktop.domain.nik import make_nik
from puskesos_desktop.paths import DataPaths
from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.services.desk_keys import desk_keys
from puskesos_desktop.services.profile import ProfileService
from puskesos_desktop.services.setup import DeskMode, SetupRequest, SetupService
from puskesos_desktop.services.sync import SyncService
from puskesos_desktop.store import journal, migrate
from puskesos_desktop.store.db import make_engine
from puskesos_desktop.store.models import Orang
from puskesos_desktop.sync.keys import verify_bytes


def _desk(root: Path, mode: DeskMode, code: str) -> ServiceContext:
    paths = DataPaths(root).ensure()
    engine = make_engine(paths.database)
    migrate.upgrade(engine)
    engine.dispose()
    context = ServiceContext.open(paths)
    SetupService(context).complete(
        SetupRequest(
            mode=mode,
            kode_wilayah=code,
            admin_username="admin",
            admin_nama="Admin",
            admin_password="rahasia123",
        )
    )
    desk_keys(context)
    return context


def _rows(count: int) -> list[dict[str, object]]:
    rows = []
    for i in range(count):
        born = date(1940 + i % 60, 1 + i % 12, 1 + i % 28)
        rows.append(
            dict(
                nik=make_nik("332001", born, "LP"[i % 2], 1 + i % 9999),
                nama=f"WARGA CONTOH {i}",
                jenis_kelamin="LP"[i % 2],
                tempat_lahir="Jepara",
                tanggal_lahir=born,
                hubungan="ANAK",
                status_kawin="BELUM_KAWIN",
                agama="ISLAM",
                pendidikan="SLTA",
                pekerjaan="Petani",
                telepon="081234567890",
                status_domisili="",
                keterangan_status=f"baris {i}",
            )
        )
    return rows


def _raw_baseline(village_db: Path, empty_district_db: Path) -> float:
    """executemany of the village's orang rows, as stored, into the same (empty) table of
    a copy of the district's database: same indexes and search-index triggers."""
    source = sqlite3.connect(village_db)
    columns = [row[1] for row in source.execute("PRAGMA table_info(orang)")]
    rows = source.execute(f"SELECT {', '.join(columns)} FROM orang").fetchall()
    source.close()
    target_file = empty_district_db.with_name("mentah.db")
    shutil.copyfile(empty_district_db, target_file)
    target = sqlite3.connect(target_file)
    target.execute("PRAGMA journal_mode=WAL")
    target.execute("PRAGMA synchronous=FULL")
    marks = ", ".join("?" for _ in columns)
    started = time.perf_counter()
    with target:
        target.executemany(f"INSERT INTO orang ({', '.join(columns)}) VALUES ({marks})", rows)
    elapsed = time.perf_counter() - started
    target.close()
    return elapsed


def _crypto(bundle: Path, district: ServiceContext, village: ServiceContext) -> tuple[float, float]:
    with zipfile.ZipFile(bundle) as archive:
        manifest = archive.read("manifest.json")
        signature = archive.read("manifest.json.minisig")
        payload = archive.read("payload.age")
    cipher = bundle.with_name("payload.age")
    cipher.write_bytes(payload)
    plain = bundle.with_name("payload.gz")
    started = time.perf_counter()
    pyrage.decrypt_file(str(cipher), str(plain), [desk_keys(district).age_identity])
    decrypt = time.perf_counter() - started
    started = time.perf_counter()
    verify_bytes(desk_keys(village).public_key_b64, manifest, signature)
    verify = time.perf_counter() - started
    cipher.unlink()
    plain.unlink()
    return decrypt, verify


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--memory", action="store_true")
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="sync-bench-"))
    try:
        village = _desk(base / "desa", DeskMode.DESA, "33.20.01.2001")
        district = _desk(base / "dinas", DeskMode.DINAS, "33.20")
        ProfileService(village).act_as_default_operator()
        ProfileService(district).act_as_default_operator()
        v_sync, d_sync = SyncService(village), SyncService(district)
        for me, other in ((v_sync, d_sync), (d_sync, v_sync)):
            card = other.trust.my_card()
            me.trust.trust_card(card.card_bytes, card.fingerprint)
        with village.transaction() as session:
            journal.bulk_create(session, village.require_actor(), Orang, _rows(args.records))
        usb = base / "usb"
        usb.mkdir()
        district_db_copy = base / "dinas-awal.db"
        with district.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copyfile(district.paths.database, district_db_copy)
        gc.collect()
        started = time.perf_counter()
        result = v_sync.exports.export(usb, None)
        export = time.perf_counter() - started
        [bundle] = result.files
        gc.collect()
        started = time.perf_counter()
        report = d_sync.imports.import_files([bundle])
        imported = time.perf_counter() - started
        assert report.results[0].outcome.value == "diterapkan", report.results[0].message
        raw = _raw_baseline(village.paths.database, district_db_copy)
        decrypt, verify = _crypto(bundle, district, village)
        size = bundle.stat().st_size
        print(f"records: {args.records:,}   bundle: {size / 1e6:.1f} MB")
        print(f"raw sqlite3 executemany:  {raw:6.2f} s")
        print(f"export (Kirim):           {export:6.2f} s   = {export / raw:4.1f}x raw")
        print(f"import (Terima):          {imported:6.2f} s   = {imported / raw:4.1f}x raw")
        crypto = decrypt + verify
        print(f"RESULT name=sync_export value={export:.2f} unit=s ratio={export / raw:.2f}")
        print(f"RESULT name=sync_import value={imported:.2f} unit=s ratio={imported / raw:.2f}"
              " goal=<=3x")
        print(f"RESULT name=sync_crypto_share value={100 * crypto / imported:.0f} unit=% "
              "goal=<=20%")
        print(
            f"  age decrypt {decrypt:.2f} s + minisign {verify * 1000:.1f} ms"
            f" = {100 * crypto / imported:.0f} % of the import"
        )
        if args.memory:
            _memory(d_sync, district, district_db_copy, bundle, base, args.records)
    finally:
        shutil.rmtree(base, ignore_errors=True)


def _memory(
    d_sync: SyncService,
    district: ServiceContext,
    pristine: Path,
    bundle: Path,
    base: Path,
    records: int,
) -> None:
    """Peak Python memory of the import itself: restore the district DB, import again."""
    district.engine.dispose()
    shutil.copyfile(pristine, district.paths.database)
    for suffix in ("-wal", "-shm"):
        Path(f"{district.paths.database}{suffix}").unlink(missing_ok=True)
    tracemalloc.start()
    d_sync.imports.import_files([bundle])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"import peak Python memory (tracemalloc): {peak / 1e6:.1f} MB for {records:,} records")


if __name__ == "__main__":
    main()
