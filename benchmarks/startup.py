"""Cold-start figures of the main window against a bare PySide6 QMainWindow, same run.

    python benchmarks/startup.py [--runs 5] [--persons 300]

Each start is a fresh process (offscreen). Printed per variant: median time from process
launch to the first paint of the main window, and to "usable" (the demo desk attached and
a registry search answered), each as a ratio to the bare window's first paint; plus peak
RSS. Goals (issue 3): first paint ≤ 1.5×, usable ≤ 4×.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _probe(kind: str, data_dir: str) -> None:
    """Runs inside the child: prints PAINT and USABLE as they happen."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    state = {"painted": False}

    class PaintWatcher(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if (
                not state["painted"]
                and event.type() == QEvent.Type.Paint
                and isinstance(getattr(obj, "window", lambda: None)(), QMainWindow)
            ):
                state["painted"] = True
                print("PAINT", flush=True)
                if kind == "bare":
                    QTimer.singleShot(0, app.quit)
            return False

    watcher = PaintWatcher()
    app.installEventFilter(watcher)
    if kind == "bare":
        window = QMainWindow()
        window.resize(1280, 760)
        window.show()
        app.exec()
        return

    from puskesos_desktop.gui import application

    def poll() -> None:
        for widget in QApplication.topLevelWidgets():
            desk = getattr(widget, "desk", None)
            if desk is not None and state["painted"] and desk.registry.search("a", limit=20):
                print("USABLE", flush=True)
                timer.stop()
                widget.close()
                app.quit()

    timer = QTimer()
    timer.timeout.connect(poll)
    timer.start(5)
    application.run_gui(argparse.Namespace(data_dir=data_dir, lang="id", demo=False))


def _measure(kind: str, data_dir: str) -> tuple[float, float | None, int]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, __file__, "--probe", kind, "--data-dir", data_dir],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert child.stdout is not None
    paint = usable = None
    for line in child.stdout:
        now = time.perf_counter() - started
        if line.startswith("PAINT") and paint is None:
            paint = now
        elif line.startswith("USABLE"):
            usable = now
    _pid, status, usage = os.wait4(child.pid, 0)
    if paint is None:
        raise SystemExit(f"{kind}: no paint observed (status {status})")
    return paint, usable, usage.ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--persons", type=int, default=300)
    parser.add_argument("--probe", choices=["bare", "ours"])
    parser.add_argument("--data-dir")
    args = parser.parse_args()
    if args.probe:
        _probe(args.probe, args.data_dir)
        return

    work = Path(tempfile.mkdtemp(prefix="puskesos-startup-"))
    data_dir = work / "data"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    subprocess.run(
        [sys.executable, "-m", "puskesos_desktop", "--data-dir", str(data_dir), "demo-data",
         "--persons", str(args.persons)],
        check=True, env=env, capture_output=True,
    )
    bare = [_measure("bare", str(data_dir)) for _ in range(args.runs)]
    ours = [_measure("ours", str(data_dir)) for _ in range(args.runs)]
    shutil.rmtree(work, ignore_errors=True)

    base = statistics.median(p for p, _u, _r in bare)
    paint = statistics.median(p for p, _u, _r in ours)
    usable = statistics.median(u for _p, u, _r in ours if u is not None)
    bare_rss = max(r for _p, _u, r in bare)
    ours_rss = max(r for _p, _u, r in ours)
    print(f"runs: {args.runs}, demo desk with {args.persons} persons, offscreen")
    print("| figure | seconds | ratio to bare first paint | goal |")
    print("|---|---|---|---|")
    print(f"| bare QMainWindow first paint | {base:.3f} | 1.00× | |")
    print(f"| our main window first paint | {paint:.3f} | {paint / base:.2f}× | ≤ 1.5× |")
    ratio = usable / base
    print(f"| usable (desk attached, search answered) | {usable:.3f} | {ratio:.2f}× | ≤ 4× |")
    print(f"peak RSS: bare {bare_rss / 1024:.0f} MB, ours {ours_rss / 1024:.0f} MB (max over runs)")


if __name__ == "__main__":
    main()
