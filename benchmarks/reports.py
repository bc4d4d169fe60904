"""District recap benchmark: 300 villages, up to 1,000,000 persons, PDF + XLSX.

    .venv/bin/python benchmarks/reports.py                       # 100k and 1M persons
    .venv/bin/python benchmarks/reports.py --persons 100000       # one size only
    .venv/bin/python benchmarks/reports.py --rebuild              # rebuild cached databases

Builds (once, cached in ``$TMPDIR/puskesos-bench-reports``) a district-mode database: 300
enrolled village desks with real Kemendagri desa codes, households of four, 2 % of persons
without NIK, and a year of activity (intakes, assessments with PPKS, referrals with their
status history, verivali marks, bundle logs). Rows are bulk-inserted with ``executemany``
straight into SQLite in big transactions (not through the journal: this measures the
report, not the import), in the storage format SQLAlchemy itself writes.

Each size is then measured in a fresh child process, so its peak RSS is its own:

* baseline: a raw ``sqlite3`` ``SELECT origin, count(*) FROM orang GROUP BY origin`` (the
  cheapest possible pass over every person), its time and the RSS after it;
* the district recap (``ReportService.rekap``: every table, per kecamatan, per desa, the
  desks that sent nothing), then the PDF and the XLSX written to disk.

Flat memory means: the peak RSS of the 1M run is (nearly) that of the 100k run; the recap
never loads person rows, only aggregates.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CACHE = Path(tempfile.gettempdir()) / "puskesos-bench-reports"
VILLAGES = 300
MONTH = "2026-10"
DISTRICT = "DINAS-3300"
CHUNK = 50_000


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


class Inserter:
    """executemany into one table, filling every column the caller does not give with the
    model's scalar default (or "", 0, NULL, "[]" by type), so new columns added by other
    migrations never break the benchmark."""

    def __init__(self, db: sqlite3.Connection, table: str, given: tuple[str, ...]) -> None:
        from sqlalchemy import JSON, Boolean, Integer
        from sqlmodel import SQLModel

        import puskesos_desktop.store.models  # noqa: F401 - registers the tables

        columns = SQLModel.metadata.tables[table].columns
        self.db, self.given = db, given
        self.rest: list[tuple[str, object]] = []
        for column in columns:
            if column.name in given or (column.primary_key and isinstance(column.type, Integer)):
                continue
            default = column.default.arg if column.default is not None else None
            if callable(default):
                default = None
            if isinstance(column.type, JSON):
                value: object = json.dumps(default if default is not None else [])
            elif default is not None:
                value = int(default) if isinstance(default, bool) else default
            elif column.nullable:
                value = None
            else:
                value = 0 if isinstance(column.type, Integer | Boolean) else ""
            self.rest.append((column.name, value))
        names = [*given, *(name for name, _ in self.rest)]
        self.sql = (
            f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
        )
        self.tail = tuple(value for _, value in self.rest)
        self.rows: list[tuple[object, ...]] = []

    def add(self, *values: object) -> None:
        self.rows.append((*values, *self.tail))
        if len(self.rows) >= CHUNK:
            self.flush()

    def flush(self) -> None:
        self.db.executemany(self.sql, self.rows)
        self.rows.clear()


def _villages() -> list[str]:
    from puskesos_desktop.services.wilayah import region_index

    index = region_index()
    codes: list[str] = []
    for kabupaten in index.children("33"):
        for kecamatan in index.children(kabupaten.kode):
            codes += [desa.kode for desa in index.children(kecamatan.kode)]
            if len(codes) >= VILLAGES:
                return codes[:VILLAGES]
    return codes


def build(path: Path, persons: int) -> float:
    """Create the district database at ``path``; returns seconds taken."""
    from puskesos_desktop.store import migrate
    from puskesos_desktop.store.db import make_engine

    started = time.perf_counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    engine = make_engine(path)
    migrate.upgrade(engine)
    engine.dispose()
    rng = random.Random(8)
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    now = _stamp(datetime(2026, 11, 5, tzinfo=UTC))
    db.execute(
        "INSERT INTO desk_profile (id, mode, desk_id, kode_wilayah, nama_provinsi, "
        "nama_kabupaten, nama_kecamatan, nama_desa, kop_instansi, kop_unit, kop_nama, alamat, "
        "kode_pos, telepon, email, key_passphrase, is_demo, created_at) VALUES "
        "(1, 'dinas', ?, '33', 'JAWA TENGAH', 'Provinsi Jawa Tengah', '', '', "
        "'PEMERINTAH PROVINSI JAWA TENGAH', '', 'DINAS SOSIAL', '', '', '', '', '-', 0, ?)",
        (DISTRICT, now),
    )
    codes = _villages()
    desks = [f"DESA-{code.replace('.', '')}" for code in codes]
    trusted = Inserter(
        db,
        "desk_tepercaya",
        (
            "desk_id",
            "kind",
            "official_name",
            "region_code",
            "card_json",
            "fingerprint",
            "minisign_public_key",
            "age_recipient",
            "enrolled_by",
            "enrolled_at",
        ),
    )
    bundles = Inserter(
        db, "log_paket", ("origin", "seq", "manifest_sha256", "applied_at", "counts", "result")
    )
    for number, (desk, code) in enumerate(zip(desks, codes, strict=True)):
        trusted.add(desk, "desa", f"Puskesos {desk}", code, "{}", "-", "-", "-", "admin", now)
        if number % 10:  # every tenth village has sent nothing this month
            bundles.add(
                desk,
                1,
                f"{number:064d}",
                _stamp(datetime(2026, 10, 20, tzinfo=UTC)),
                "{}",
                "diterapkan",
            )
    trusted.flush()
    bundles.flush()
    sync = ("uid", "rev", "created_at", "updated_at", "origin", "deleted")
    lembaga = Inserter(db, "lembaga", (*sync, "nama", "jenis", "melayani", "sumber"))
    kinds = ("PUSKESMAS", "DINSOS", "DUKCAPIL", "BPJS", "LKS")
    for index, kind in enumerate(kinds):
        lembaga.add(f"L{index}", 0, now, now, DISTRICT, 0, f"Layanan {kind}", kind, "[]", "dinas")
    lembaga.flush()
    keluarga = Inserter(db, "keluarga", (*sync, "kode_wilayah", "alamat"))
    orang = Inserter(
        db,
        "orang",
        (
            *sync,
            "keluarga_uid",
            "nik",
            "alasan_tanpa_nik",
            "nama",
            "jenis_kelamin",
            "tanggal_lahir",
            "status_dasar",
        ),
    )
    intake = Inserter(
        db,
        "layanan_masuk",
        (*sync, "waktu", "saluran", "penerima_uid", "uraian", "kebutuhan", "urgensi", "operator"),
    )
    asesmen = Inserter(
        db,
        "asesmen",
        (*sync, "keluarga_uid", "orang_uid", "tanggal", "petugas", "metode", "kebutuhan", "status"),
    )
    ppks = Inserter(db, "asesmen_ppks", (*sync, "asesmen_uid", "kode", "orang_uid"))
    rujukan = Inserter(
        db,
        "rujukan",
        (
            *sync,
            "orang_uid",
            "lembaga_uid",
            "alasan",
            "urgensi",
            "status",
            "status_tanggal",
            "kode_balik",
            "operator",
            "tanggal_tindak_lanjut",
        ),
    )
    riwayat = Inserter(
        db,
        "riwayat_status_rujukan",
        (*sync, "rujukan_uid", "dari_status", "ke_status", "tanggal", "oleh"),
    )
    verivali = Inserter(
        db,
        "verivali",
        (
            *sync,
            "keluarga_uid",
            "alasan",
            "ditandai_oleh",
            "ditandai_pada",
            "hasil",
            "tanggal_kunjungan",
        ),
    )
    start = date(2025, 11, 1)
    channels = ("DATANG_LANGSUNG", "KUNJUNGAN_RUMAH", "TELEPON_WA", "RUJUKAN_MASUK")
    needs = ("DASAR", "KESEHATAN", "PENDIDIKAN", "PERUMAHAN", "DOKUMEN", "PERAWATAN", "EKONOMI")
    codes_ppks = ("LUT", "PD", "FM", "AT", "ABT", "KBA", "GLD", "ADK", "PRSE")
    outcomes = (
        "DIRUJUK",
        "DITERIMA",
        "SELESAI_DILAYANI",
        "SELESAI_DILAYANI",
        "DITOLAK",
        "DIBATALKAN",
    )
    for person in range(persons):
        desk = desks[person * VILLAGES // persons]
        if person % 4 == 0:
            kk = f"k{person}"
            region = codes[person * VILLAGES // persons]
            keluarga.add(kk, 0, now, now, desk, 0, region, "Dk. Krajan")
        uid = f"o{person}"
        born = date(1940, 1, 1) + timedelta(days=rng.randrange(30_000))
        temporary = person % 50 == 0
        nik = f"0{person:015d}" if temporary else f"33{person:014d}"
        orang.add(
            uid,
            0,
            now,
            now,
            desk,
            0,
            kk,
            nik,
            "BELUM_TERCATAT" if temporary else "",
            f"Warga {person}",
            "LP"[person % 2],
            born.isoformat(),
            "HIDUP",
        )
        day = start + timedelta(days=rng.randrange(365))
        if person % 50 == 1:
            moment = _stamp(datetime(day.year, day.month, day.day, 3, tzinfo=UTC))
            intake.add(
                f"i{person}",
                0,
                now,
                now,
                desk,
                0,
                moment,
                rng.choice(channels),
                uid,
                "Permohonan",
                json.dumps(rng.sample(needs, 2)),
                "BIASA",
                "op",
            )
        if person % 100 == 2:
            asesmen.add(
                f"a{person}",
                0,
                now,
                now,
                desk,
                0,
                kk,
                uid,
                day.isoformat(),
                "Petugas",
                "KUNJUNGAN_RUMAH",
                "[]",
                "FINAL",
            )
            for code in rng.sample(codes_ppks, 2):
                ppks.add(f"p{person}{code}", 0, now, now, desk, 0, f"a{person}", code, uid)
        if person % 200 == 3:
            status = rng.choice(outcomes)
            end = day + timedelta(days=rng.randrange(1, 40))
            rujukan.add(
                f"r{person}",
                0,
                now,
                now,
                desk,
                0,
                uid,
                f"L{person % 5}",
                "Rujukan",
                "BIASA",
                status,
                end.isoformat(),
                f"K{person}",
                "op",
                (day + timedelta(days=14)).isoformat(),
            )
            riwayat.add(
                f"h{person}",
                0,
                now,
                now,
                desk,
                0,
                f"r{person}",
                "DRAF",
                "DIRUJUK",
                day.isoformat(),
                "op",
            )
        if person % 400 == 4:
            visited = person % 800 == 4
            verivali.add(
                f"v{person}",
                0,
                now,
                now,
                desk,
                0,
                kk,
                "Periksa",
                "op",
                day.isoformat(),
                "MASIH_LAYAK" if visited else "",
                (day + timedelta(days=5)).isoformat() if visited else None,
            )
    for table in (keluarga, orang, intake, asesmen, ppks, rujukan, riwayat, verivali):
        table.flush()
    db.commit()
    db.execute("ANALYZE")
    db.close()
    return time.perf_counter() - started


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def baseline(path: Path) -> dict[str, float]:
    """Child process: the cheapest pass over every person, raw sqlite3, nothing imported."""
    started = time.perf_counter()
    with sqlite3.connect(path) as db:
        db.execute("SELECT origin, count(*) FROM orang GROUP BY origin").fetchall()
    return {"baseline_s": time.perf_counter() - started, "rss_baseline": _rss_mb()}


def measure(path: Path, out: Path) -> dict[str, float]:
    """Child process: the recap, then the PDF and XLSX saved (each recomputes, as the GUI
    job does); imports are done before the clock starts. JSON on stdout."""
    import puskesos_desktop.reports.rekap_pdf
    import puskesos_desktop.reports.rekap_xlsx
    import puskesos_desktop.services.reports_figures  # noqa: F401 - imports are not timed
    from puskesos_desktop.paths import DataPaths
    from puskesos_desktop.services.context import ServiceContext
    from puskesos_desktop.services.reports import ReportService
    from puskesos_desktop.services.reports_types import RekapFilter, parse_month

    result: dict[str, float] = {"rss_imported": _rss_mb()}
    context = ServiceContext.open(DataPaths(path.parent))
    service = ReportService(context)
    chosen = RekapFilter(parse_month(MONTH))
    started = time.perf_counter()
    rekap = service.rekap(chosen)
    result["rekap_s"] = time.perf_counter() - started
    for kind in ("pdf", "xlsx"):
        started = time.perf_counter()
        saved = service.save_rekap(chosen, out / f"rekap-{path.parent.name}.{kind}", kind)
        result[f"{kind}_s"] = time.perf_counter() - started
        if saved.pages:
            result["pdf_pages"] = saved.pages
    result["rss_peak"] = _rss_mb()
    result["desa_rows"] = len(rekap.table("per_desa").baris)
    return result


def _child(*args: str) -> dict[str, float]:
    child = subprocess.run(
        [sys.executable, __file__, *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    if child.returncode != 0:
        raise SystemExit(child.stderr)
    return json.loads(child.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--persons", default="100000,1000000", help="comma-separated sizes (default 100000,1000000)"
    )
    parser.add_argument("--rebuild", action="store_true", help="rebuild cached databases")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--baseline", help=argparse.SUPPRESS)
    parser.add_argument("--out", default=str(CACHE / "out"), help="where PDF/XLSX are written")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.child:
        print(json.dumps(measure(Path(args.child), out)))
        return 0
    if args.baseline:
        print(json.dumps(baseline(Path(args.baseline))))
        return 0
    rows = []
    for size in (int(s) for s in args.persons.split(",")):
        path = CACHE / f"d{size}" / "puskesos.db"
        built = None
        done = path.with_name("built.ok")  # written last: a half-built file is rebuilt
        if args.rebuild or not done.exists():
            print(f"membangun basis data {size:,} orang …", file=sys.stderr, flush=True)
            built = build(path, size)
            done.write_text("ok")
        result = _child("--baseline", str(path))
        result |= _child("--child", str(path), "--out", str(out))
        rows.append((size, built, result))
    print(f"\nDistrict recap, {VILLAGES} villages, month {MONTH} (times in s, RSS in MB)")
    print(
        f"{'persons':>10} {'build':>7} {'GROUP BY':>9} {'rekap':>7} {'+PDF':>6} {'+XLSX':>6} "
        f"{'pages':>6} {'RSS GROUP BY':>13} {'RSS imported':>13} {'RSS peak':>9}"
    )
    for size, built, r in rows:
        print(
            f"{size:>10,} {built or 0:>7.1f} {r['baseline_s']:>9.2f} {r['rekap_s']:>7.2f} "
            f"{r['pdf_s']:>6.2f} {r['xlsx_s']:>6.2f} {r.get('pdf_pages', 0):>6.0f} "
            f"{r['rss_baseline']:>13.0f} {r['rss_imported']:>13.0f} {r['rss_peak']:>9.0f}"
        )
    if len(rows) > 1:
        (small_n, _b, small), (large_n, _b2, large) = rows[0], rows[-1]
        print(
            f"recap peak RSS above its imports: {small['rss_peak'] - small['rss_imported']:.0f} MB "
            f"at {small_n:,} persons, {large['rss_peak'] - large['rss_imported']:.0f} MB at "
            f"{large_n:,}; recap time = {large['rekap_s'] / max(large['baseline_s'], 1e-3):.1f}× "
            "one raw GROUP BY pass at the largest size"
        )
    print(f"(build 0 = cached in {CACHE}; files in {out})")
    for size, _built, r in rows:  # ratio: against one raw GROUP BY pass over the same data
        base_s = max(r["baseline_s"], 1e-3)
        print(f"RESULT name=rekap_{size} value={r['rekap_s']:.2f} unit=s "
              f"ratio={r['rekap_s'] / base_s:.1f}")  # fmt: skip
        for name in ("pdf", "xlsx"):  # added to the recap's time
            print(f"RESULT name={name}_{size} value={r[name + '_s']:.2f} unit=s")
        print(f"RESULT name=rss_peak_{size} value={r['rss_peak']:.0f} unit=MB "
              f"ratio={r['rss_peak'] / max(r['rss_imported'], 1):.2f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
