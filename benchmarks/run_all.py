"""Run every benchmark script in this folder with quick arguments; one markdown table.

    .venv/bin/python benchmarks/run_all.py                 # all, quick sizes
    .venv/bin/python benchmarks/run_all.py letters sync    # only these
    .venv/bin/python benchmarks/run_all.py --full          # each script's own defaults

Convention: a benchmark reports each figure on its own stdout line

    RESULT name=<id> value=<number> unit=<unit> [ratio=<number>] [goal=<text>] [key=value…]

(values without spaces; ``ratio`` is against the baseline the script measures in the same
run, which is what stays comparable between machines). Everything else a script prints
is for people and ignored here. A script that prints no RESULT line, or fails, gets a row
saying so, so a new benchmark cannot silently drop out of the table.
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
QUICK: dict[str, list[str]] = {  # small enough that the whole table takes minutes
    "letters": ["--count", "50", "--repeat", "10"],
    "search": ["--persons", "20000", "--queries", "40"],
    "sync": ["--records", "5000"],
    "startup": ["--runs", "2"],
    "hardware_floor": ["--persons", "5000", "--repeat", "1", "--no-gui", "--source"],
    "stress": ["--trials", "2", "--bundles", "200"],
    "encryption": ["--persons", "2000", "--rows", "1000", "--queries", "40"],
    "reports": ["--persons", "20000"],
    "district": ["--scale", "0.01", "--engines", "sqlite"],
}
SKIP = {"run_all", "fuzz_bundle"}  # fuzzing runs until stopped: not a benchmark
COLUMNS = ("script", "name", "value", "unit", "ratio", "goal")


def parse_results(script: str, output: str) -> list[dict[str, str]]:
    rows = []
    for line in output.splitlines():
        if not line.startswith("RESULT "):
            continue
        fields = dict(part.split("=", 1) for part in line.split()[1:] if "=" in part)
        rows.append({"script": script, **fields})
    return rows


def run(script: Path, full: bool, timeout: float) -> tuple[list[dict[str, str]], str]:
    args = [] if full else QUICK.get(script.stem, [])
    command = [sys.executable, str(script), *args]
    print(f"$ {shlex.join(command)}", file=sys.stderr, flush=True)
    started = time.monotonic()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})  # fmt: skip
    except subprocess.TimeoutExpired:
        return [], f"timed out after {timeout:.0f} s"
    seconds = time.monotonic() - started
    rows = parse_results(script.stem, done.stdout)
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["?"])[-1][:120]
        return rows, f"exit {done.returncode} after {seconds:.0f} s: {tail}"
    return rows, "" if rows else f"no RESULT lines (ran {seconds:.0f} s)"


def cell(text: str) -> str:
    return text.replace("|", "\\|")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("only", nargs="*", help="script names without .py")
    parser.add_argument("--full", action="store_true", help="each script's own defaults")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per script")
    args = parser.parse_args()
    scripts = [p for p in sorted(HERE.glob("*.py")) if p.stem not in SKIP]
    if args.only:
        scripts = [p for p in scripts if p.stem in args.only]
    table: list[dict[str, str]] = []
    failed = False
    for script in scripts:
        rows, problem = run(script, args.full, args.timeout)
        table += rows
        if problem:
            failed = failed or not problem.startswith("no RESULT")
            table.append({"script": script.stem, "name": "—", "goal": problem})
    print("| " + " | ".join(COLUMNS) + " |")
    print("|" + "---|" * len(COLUMNS))
    for row in table:
        print("| " + " | ".join(cell(row.get(column, "")) for column in COLUMNS) + " |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
