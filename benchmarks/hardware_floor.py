"""Hardware floor: start-up time and memory of the app with the demo and a 100,000-person desk.

    .venv/bin/python benchmarks/hardware_floor.py                   # built app if present
    .venv/bin/python benchmarks/hardware_floor.py --source          # force the source app
    .venv/bin/python benchmarks/hardware_floor.py --app dist/PuskesosDesk/puskesos-desktop
    .venv/bin/python benchmarks/hardware_floor.py --keep /tmp/hf    # reuse the data folders

Uses the built program (``dist/PuskesosDesk/puskesos-desktop``, see packaging/README.md)
when it exists, else ``python -m puskesos_desktop`` from this checkout; the output says
which. For each desk (the demo village, ~300 persons, and the demo plus ``--persons``,
default 100,000) it measures, after one warm-up start that takes the daily backup:

* ``--version``: the bare cost of starting the program (baseline for the ratios);
* ``doctor``: process start until the full self-check has finished (integrity check,
  keys, letter PDF, bundle round trip), with the process's peak RSS (``ru_maxrss``);
* GUI first paint (offscreen): process start until Qt first flushes the main window to
  the screen, read from Qt's own ``qt.widgets.painting`` log, so no app code is needed;
  RSS at that moment and the peak after the window has been idle for ``--settle`` seconds.

Times are medians of ``--repeat`` runs; RSS is the maximum. The 4 GB-laptop budget line
assumes Windows 10 (~2 GB) and a browser (~1 GB) leave about 1 GB, so the app should stay
well under 500 MB. Linux only for RSS (reads /proc); Windows prints times only.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILT = ROOT / "dist" / "PuskesosDesk" / "puskesos-desktop"
BUDGET_MB = 500
FLUSH = re.compile(r"Flushing QRegion\(.*\) of (\w+)\(")


@dataclass
class Sample:
    seconds: float
    rss_mb: float | None
    extra_mb: float | None = None
    note: str = ""


def app_command(args: argparse.Namespace) -> tuple[list[str], str]:
    if args.app:
        return [str(Path(args.app).resolve())], f"built app {args.app}"
    if not args.source and BUILT.is_file():
        return [str(BUILT)], f"built app {BUILT.relative_to(ROOT)}"
    why = "--source" if args.source else "no build in dist/ (packaging/README.md)"
    return [sys.executable, "-m", "puskesos_desktop"], f"SOURCE app ({why})"


def environment(home: Path, *, paint_log: bool = False) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    env.update({"QT_QPA_PLATFORM": "offscreen", "HOME": str(home), "LANG": "C.UTF-8"})
    env.pop("PUSKESOS_DATA_DIR", None)
    if paint_log:
        env["QT_LOGGING_RULES"] = "qt.widgets.painting=true"
    return env


def status_mb(pid: int, field: str) -> float | None:
    """VmRSS/VmHWM of a live process from /proc (Linux), in MB."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    match = re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE)
    return int(match.group(1)) / 1024 if match else None


def run_to_end(command: Sequence[str], env: dict[str, str], cwd: Path) -> Sample:
    """Wall time and peak RSS of one process that exits by itself."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    if hasattr(os, "wait4"):
        _pid, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        rss: float | None = usage.ru_maxrss / 1024  # kB on Linux
    else:  # Windows: no rusage for a child
        process.wait()
        elapsed, rss = time.perf_counter() - started, None
    errors = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if process.returncode not in (0, 3):
        raise RuntimeError(f"{command} exited {process.returncode}:\n{errors}")
    return Sample(elapsed, rss)


def first_paint(command: Sequence[str], env: dict[str, str], cwd: Path, settle: float) -> Sample:
    """Time to the first flush of a top-level window, RSS then and after ``settle`` seconds."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    painted = threading.Event()
    seen: dict[str, float | str] = {}

    def drain() -> None:  # keep reading so Qt's log never blocks the GUI thread
        assert process.stderr is not None
        for line in process.stderr:
            match = FLUSH.search(line)
            if match and not painted.is_set():
                seen["seconds"] = time.perf_counter() - started
                seen["window"] = match.group(1)
                painted.set()

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        if not painted.wait(timeout=180):
            raise RuntimeError("no window was painted within 180 s")
        at_paint = status_mb(process.pid, "VmRSS")
        time.sleep(settle)
        peak = status_mb(process.pid, "VmHWM")
        if process.poll() is not None:
            raise RuntimeError(f"the GUI exited early with {process.returncode}")
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        reader.join(timeout=5)
    return Sample(float(seen["seconds"]), at_paint, peak, str(seen["window"]))


def prepare_desk(base: list[str], data: Path, persons: int, home: Path) -> float | None:
    """Create the demo desk (+ ``persons``) unless the folder already has one; seconds taken."""
    if (data / "puskesos.db").exists():
        return None
    started = time.perf_counter()
    subprocess.run(
        [*base, "--data-dir", str(data), "demo-data", "--persons", str(persons)],
        env=environment(home), cwd=home, check=True, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, timeout=3600,
    )  # fmt: skip
    return time.perf_counter() - started


def count_persons(data: Path) -> int:
    with sqlite3.connect(data / "puskesos.db") as connection:
        return connection.execute("SELECT COUNT(*) FROM orang").fetchone()[0]


def key_unlock_note(data: Path) -> str:
    """age's scrypt cost for the desk keys: unlocking them needs 128 * r(8) * 2**logN bytes."""
    try:
        head = (data / "kunci" / "age-identity.age").read_bytes()[:400].decode(errors="replace")
    except OSError:
        return ""
    match = re.search(r"-> scrypt \S+ (\d+)", head)
    if match is None:
        return ""
    log_n = int(match.group(1))
    return f"  keys: age scrypt 2^{log_n}, {128 * 8 * 2**log_n / 2**20:.0f} MB to unlock (doctor)"


def fmt_mb(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f} MB"


def measure(base: list[str], data: Path, home: Path, args: argparse.Namespace) -> list[str]:
    cli = [*base, "--data-dir", str(data)]
    env = environment(home)
    warm = run_to_end([*cli, "doctor"], env, home)  # daily backup, page cache
    runs: dict[str, list[Sample]] = {"version": [], "doctor": [], "gui": []}
    for _ in range(args.repeat):
        runs["version"].append(run_to_end([*base, "--version"], env, home))
        runs["doctor"].append(run_to_end([*cli, "doctor"], env, home))
        if not args.no_gui:
            gui_env = environment(home, paint_log=True)
            runs["gui"].append(first_paint(cli, gui_env, home, args.settle))
    baseline = statistics.median(sample.seconds for sample in runs["version"])
    rows = [f"  warm-up doctor (takes the daily backup): {warm.seconds:.2f} s"]
    if note := key_unlock_note(data):
        rows.append(note)
    for name, label in (("version", "--version"), ("doctor", "doctor"), ("gui", "GUI paint")):
        samples = runs[name]
        if not samples:
            continue
        seconds = statistics.median(sample.seconds for sample in samples)
        rss = max((s.rss_mb for s in samples if s.rss_mb is not None), default=None)
        peak = max((s.extra_mb for s in samples if s.extra_mb is not None), default=None)
        extra = f"  peak after {args.settle:.0f} s idle {fmt_mb(peak)}" if name == "gui" else ""
        window = f"  ({samples[0].note})" if samples[0].note else ""
        rows.append(
            f"  {label:<10} {seconds:7.2f} s  x{seconds / baseline:5.1f}  "
            f"RSS {fmt_mb(rss):>7}{extra}{window}"
        )
        rows.append(
            f"RESULT name=floor_{data.name}_{name} value={seconds:.2f} unit=s "
            f"ratio={seconds / baseline:.2f} rss_mb={rss if rss is None else round(rss)}"
        )
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", help="path of a built puskesos-desktop executable")
    parser.add_argument("--source", action="store_true", help="measure the source app")
    parser.add_argument("--persons", type=int, default=100_000, help="size of the large desk")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--settle", type=float, default=3.0, help="idle seconds after paint")
    parser.add_argument("--no-gui", action="store_true", help="skip the GUI measurement")
    parser.add_argument("--keep", type=Path, help="keep/reuse the data folders here")
    args = parser.parse_args(argv)

    base, what = app_command(args)
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="puskesos-floor-"))
    workdir.mkdir(parents=True, exist_ok=True)
    home = workdir / "home"
    home.mkdir(exist_ok=True)
    print(f"Hardware floor — {what}")
    print(f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}, data in {workdir}")
    try:
        for label, folder, persons in (
            ("demo desk", "demo", 0),
            (f"demo + {args.persons:,} persons", f"besar-{args.persons}", args.persons),
        ):
            data = workdir / folder
            made = prepare_desk(base, data, persons, home)
            size = (data / "puskesos.db").stat().st_size / 2**20
            made_text = f", created in {made:.0f} s" if made is not None else ""
            print(f"\n{label}: {count_persons(data):,} persons, database {size:.0f} MB{made_text}")
            for row in measure(base, data, home, args):
                print(row)
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nBudget on a 4 GB laptop with a browser open: under {BUDGET_MB} MB for the app.")
    print(f"(benchmark process itself: {own:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
