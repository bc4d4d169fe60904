"""Stress run of the reliability battery: hundreds of kill -9 trials per operation and
thousands of tampered bundles, with a summary table. Run by hand (Linux, it forks)::

    nice -n 10 .venv/bin/python benchmarks/stress.py                  # 100 trials, 10,000 bundles
    .venv/bin/python benchmarks/stress.py --trials 5 --bundles 300     # a quick look
    .venv/bin/python benchmarks/stress.py --only "impor paket" --trials 300

The scenarios are exactly those of ``tests/reliability`` (``scenarios.py``): each trial
copies a pristine desk, forks a child running the real service, SIGKILLs it at a random
moment (or as its write starts), then checks integrity, all-or-nothing, start-up READY,
and redoes the operation. The bundle part feeds mutated copies of a real bundle (bit
flips, cuts, junk, overwritten and duplicated slices) and signed hostile payloads to the
district's import service: every one must be REJECTED and the database file must stay
byte-identical. A failure prints its reason and counts in the table; the exit status is
1 if any failure occurred.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "reliability"))

from crashkit import Base, build_base, copy_desk, open_context, scalar, sha256
from hostile_kit import forge_bundle, hostile_payloads, mutate
from scenarios import SCENARIOS, ready


def kill_trials(base: Base, workdir: Path, trials: int, only: str | None, seed: int) -> list[tuple]:
    rows = []
    for kind in SCENARIOS:
        if only and kind.name != only:
            continue
        started = time.monotonic()
        scenario = ready(kind, base, workdir / kind.__name__)
        rnd = random.Random(f"{seed}-{kind.__name__}")
        states: Counter[str] = Counter()
        failures = 0
        for index in range(trials):
            kill = scenario.mid_write() if index % 10 == 0 else None  # the hook point, often
            try:
                states[scenario.trial(base, index, rnd, kill)] += 1
            except Exception as error:  # any exception is a finding: report, keep going
                failures += 1
                print(f"GAGAL {kind.name} #{index}: {error!r}", file=sys.stderr)
                traceback.print_exc(limit=3, file=sys.stderr)
        shutil.rmtree(workdir / kind.__name__, ignore_errors=True)
        seconds = time.monotonic() - started
        common = ", ".join(f"{label}: {count}" for label, count in states.most_common(4))
        rows.append((kind.name, trials, failures, f"{seconds:.0f} s", common))
        print(f"RESULT name=kill_{kind.__name__} value={failures} unit=failures trials={trials}",
              flush=True)  # fmt: skip
    return rows


def tampered_bundles(base: Base, workdir: Path, count: int, seed: int) -> tuple:
    from puskesos_desktop.services.sync_export import ExportService
    from puskesos_desktop.services.sync_import import ImportService, Outcome

    started = time.monotonic()
    sender = copy_desk(base.village, workdir / "pengirim")
    (workdir / "usb").mkdir()
    context = open_context(sender, base.village_keys)
    [path] = ExportService(context).export(workdir / "usb").files
    context.engine.dispose()
    good = path.read_bytes()
    district = copy_desk(base.district, workdir / "dinas")
    target = scalar(district / "puskesos.db", "SELECT desk_id FROM desk_profile")
    forged = [
        forge_bundle(base.village_keys, target, base.district_keys.age_recipient, **kwargs)
        for kwargs in hostile_payloads().values()
    ]
    before = sha256(district / "puskesos.db")
    context = open_context(district, base.district_keys)
    importer = ImportService(context)
    rnd = random.Random(seed)
    failures, accepted = 0, 0
    incoming = workdir / "masuk.psb"
    for index in range(count):
        data = forged[index % len(forged)] if index % 50 == 0 else mutate(good, rnd)
        if data == good:
            continue
        incoming.write_bytes(data)
        try:
            result = importer.import_one(incoming)
            if result.outcome != Outcome.REJECTED:
                accepted += 1
                print(f"DITERIMA #{index}: {result.outcome} {result.message}", file=sys.stderr)
        except Exception as error:
            failures += 1
            print(f"GAGAL paket #{index}: {error!r}", file=sys.stderr)
    context.engine.dispose()
    identical = sha256(district / "puskesos.db") == before
    failures += accepted + (0 if identical else 1)
    seconds = time.monotonic() - started
    note = f"{accepted} accepted; database {'byte-identical' if identical else 'CHANGED'}"
    print(f"RESULT name=tampered_bundles value={failures} unit=failures trials={count}")
    return ("paket dirusak (impor)", count, failures, f"{seconds:.0f} s", note)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=100, help="kill trials per operation")
    parser.add_argument("--bundles", type=int, default=10_000, help="tampered bundles")
    parser.add_argument("--only", help="one operation by its name, e.g. 'impor paket'")
    parser.add_argument("--seed", type=int, default=20260304)
    parser.add_argument("--workdir", type=Path, help="keep the work folder here")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="puskesos-stress-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        started = time.monotonic()
        base = build_base(workdir / "dasar")
        print(f"desks ready in {time.monotonic() - started:.0f} s ({workdir})", flush=True)
        rows = kill_trials(base, workdir, args.trials, args.only, args.seed)
        if args.bundles and not args.only:
            rows.append(tampered_bundles(base, workdir / "paket", args.bundles, args.seed))
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print("\n| operation | trials | failures | time | states seen |")
    print("|---|---|---|---|---|")
    for name, trials, failures, seconds, note in rows:
        print(f"| {name} | {trials} | {failures} | {seconds} | {note} |")
    return 1 if any(row[2] for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
