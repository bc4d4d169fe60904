"""Cold-start figures of the main window against a bare PySide6 QMainWindow, same run.

    python benchmarks/startup.py [--runs 5] [--persons 300]

Each start is a fresh process (offscreen); bare and ours alternate, so a machine that gets
busier meanwhile slows both alike. Printed: median time from process launch to the first
paint of the main window, and to "usable": the demo desk attached, the operator signed in
through the login dialog (admin / demo12345, typed at once) and the Registrasi screen's
search box (typed "a") answered with real rows, through the same call the screen makes on a
keystroke. Each is a ratio to the bare window's first paint. Also printed:
"complete" (every screen, the title and the status bar filled in, the daily backup and
operator sign-in done) and peak RSS. Goals (issue 3): first paint ≤ 1.5×, usable ≤ 4×.

Bytecode is cached in the run's temporary folder (an installed app ships compiled
modules), and one start of each variant before the measured ones fills that cache.
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
DEMO_USER, DEMO_PASSWORD = "admin", "demo12345"
CHILD_TIMEOUT_MS = 120_000


def _probe(kind: str, data_dir: str) -> None:
    """Runs inside the child: prints PAINT, USABLE and COMPLETE as they happen."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    state = {"painted": False}
    QTimer.singleShot(CHILD_TIMEOUT_MS, lambda: os._exit(3))  # never hang the benchmark

    class PaintWatcher(QObject):
        """Watches one window's own events: an application-wide Python event filter would
        cost some 80 µs per event, so a window with more widgets would pay more for being
        watched (about 30 ms for ours) than the bare one."""

        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if not state["painted"] and event.type() == QEvent.Type.Paint:
                state["painted"] = True
                print("PAINT", flush=True)
                obj.removeEventFilter(self)
                if kind == "bare":
                    QTimer.singleShot(0, app.quit)
            return False

    watcher = PaintWatcher()
    if kind == "bare":
        window = QMainWindow()
        window.resize(1280, 760)
        window.installEventFilter(watcher)
        window.show()
        app.exec()
        return

    from puskesos_desktop.gui import application
    from puskesos_desktop.gui.main_window import MainWindow

    present = MainWindow.present

    def watched_present(window: MainWindow) -> None:  # the same watch as the bare window's
        window.installEventFilter(watcher)
        present(window)

    MainWindow.present = watched_present  # type: ignore[method-assign]

    def poll() -> None:
        widgets = QApplication.topLevelWidgets()
        login = [w for w in widgets if w.objectName() == "loginScreen" and w.isVisible()]
        if login:
            if "login" not in state:  # type as a quick operator would, then press Masuk
                state["login"] = True
                login[0].username.setText(DEMO_USER)
                login[0].password.setText(DEMO_PASSWORD)
                login[0].try_login()
            return
        for widget in widgets:
            registrasi = getattr(widget, "registrasi", None)
            if registrasi is None or not state["painted"]:
                continue
            if "usable" not in state:
                registrasi.search.setText("a")
                registrasi.run_search()  # what the search box's timer calls
                if registrasi.model.rowCount() > 0:
                    state["usable"] = True
                    print("USABLE", flush=True)
            if state.get("usable") and getattr(widget, "complete", True):  # older windows
                print("COMPLETE", flush=True)
                timer.stop()
                widget.close()
                app.quit()

    timer = QTimer()
    timer.timeout.connect(poll)
    timer.start(5)
    application.run_gui(argparse.Namespace(data_dir=data_dir, lang="id", demo=False))


Figures = tuple[float, float | None, float | None, int]  # paint, usable, complete, RSS


def _child_env(work: Path) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    return env


def _measure(kind: str, data_dir: str, env: dict[str, str]) -> Figures:
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, __file__, "--probe", kind, "--data-dir", data_dir],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert child.stdout is not None
    paint = usable = complete = None
    for line in child.stdout:
        now = time.perf_counter() - started
        if line.startswith("PAINT") and paint is None:
            paint = now
        elif line.startswith("USABLE"):
            usable = now
        elif line.startswith("COMPLETE"):
            complete = now
    _pid, status, usage = os.wait4(child.pid, 0)
    if paint is None or (kind == "ours" and complete is None):
        raise SystemExit(f"{kind}: start not observed to the end (status {status})")
    return paint, usable, complete, usage.ru_maxrss


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
    data_dir = str(work / "data")
    env = _child_env(work)
    subprocess.run(
        [sys.executable, "-m", "puskesos_desktop", "--data-dir", data_dir, "demo-data",
         "--persons", str(args.persons)],
        check=True, env=env, capture_output=True,
    )
    for kind in ("bare", "ours"):  # fill the bytecode cache; not counted
        _measure(kind, data_dir, env)
    bare: list[Figures] = []
    ours: list[Figures] = []
    for _ in range(args.runs):
        bare.append(_measure("bare", data_dir, env))
        ours.append(_measure("ours", data_dir, env))
    shutil.rmtree(work, ignore_errors=True)

    base = statistics.median(run[0] for run in bare)
    print(f"runs: {args.runs}, demo desk with {args.persons} persons, offscreen")
    print("| figure | seconds | ratio to bare first paint | goal |")
    print("|---|---|---|---|")
    print(f"| bare QMainWindow first paint | {base:.3f} | 1.00× | |")
    rows = (
        ("our main window first paint", 0, "≤ 1.5×", "first_paint"),
        ("usable (signed in, search box answered)", 1, "≤ 4×", "usable"),
        ("complete (all screens, status bar, daily backup)", 2, "", "complete"),
    )
    results = [f"RESULT name=bare_first_paint value={base:.3f} unit=s ratio=1.00"]
    for label, column, goal, name in rows:
        seconds = statistics.median(run[column] or 0.0 for run in ours)
        print(f"| {label} | {seconds:.3f} | {seconds / base:.2f}× | {goal} |")
        target = f" goal={goal.replace(' ', '')}" if goal else ""
        results.append(f"RESULT name={name} value={seconds:.3f} unit=s "
                       f"ratio={seconds / base:.2f}{target}")  # fmt: skip
    bare_rss, ours_rss = (max(run[3] for run in runs) / 1024 for runs in (bare, ours))
    print(f"peak RSS: bare {bare_rss:.0f} MB, ours {ours_rss:.0f} MB (max over runs)")
    results.append(f"RESULT name=peak_rss value={ours_rss:.0f} unit=MB "
                   f"ratio={ours_rss / bare_rss:.2f}")  # fmt: skip
    print("\n".join(results))


if __name__ == "__main__":
    main()
