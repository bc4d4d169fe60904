"""Thread safety and object lifetime: jobs that outlive their window, exit, garbage collection.

Each test here failed (or crashed) before the fix it guards: results delivered to deleted
views, a runner's deletion blocking until its job ended, a progress update re-entered by the
result, jobs cut off at exit, cycles of Qt objects freed on a worker thread, and a Qt binding
that freed ``None`` on Python 3.11.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import threading
import weakref
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from puskesos_desktop.gui.collector import GuiThreadCollector
from puskesos_desktop.gui.runner import JobRunner, shutdown_jobs
from puskesos_desktop.jobs import CancelToken, Progress

WAIT_MS = 10_000


class _View(QWidget):
    """A screen that shows a job's result in a child widget, as the real views do."""

    def __init__(self, shown: list[object]) -> None:
        super().__init__()
        self.label = QLabel(self)
        self.shown = shown

    def show_result(self, value: object) -> None:
        self.label.setText(str(value))  # raises once the C++ widget is gone
        self.shown.append(value)


class _Gate:
    """A job that waits until the test releases it, and says whether it was released."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.release = threading.Event()
        self.released: bool | None = None

    def __call__(self, progress: Progress, cancel: CancelToken) -> str:
        self.started.set()
        self.released = self.release.wait(WAIT_MS / 1000)
        return "hasil"


def _delete_now(widget: QWidget) -> None:
    """What closing a window does to it a moment later, done at once."""
    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not isValid(widget)


@pytest.fixture
def owner(qtbot: QtBot) -> Iterator[QWidget]:
    """The long-lived window that owns the runner (the main window, in the app)."""
    window = QWidget()
    qtbot.addWidget(window)
    yield window
    assert shutdown_jobs(WAIT_MS)


def _bound(view: _View) -> Callable[[object], None]:
    return view.show_result


def _lambda(view: _View) -> Callable[[object], None]:
    return lambda value: view.show_result(value)


@pytest.mark.parametrize("callback", [_bound, _lambda], ids=["method", "lambda"])
def test_result_for_a_view_deleted_meanwhile_is_dropped(
    qtbot: QtBot, owner: QWidget, callback: Callable[[_View], Callable[[object], None]]
) -> None:
    runner = JobRunner(owner, crash_reporter=pytest.fail)
    shown: list[object] = []
    view = _View(shown)
    gate = _Gate()
    handle = runner.run(gate, title="Memuat", on_success=callback(view), dialog=False)
    handle.then(lambda: view.show_result("akhir"))  # re-enable buttons, say
    assert gate.started.wait(WAIT_MS / 1000)
    _delete_now(view)  # the operator closed the screen while it was loading
    with qtbot.waitSignal(handle.finished, timeout=WAIT_MS):
        gate.release.set()
    assert shown == [] and not runner.busy


def test_deleting_a_runner_mid_job_neither_waits_nor_delivers(
    qtbot: QtBot, owner: QWidget
) -> None:
    window = QWidget()  # a dialog with its own runner, closed while its job runs
    runner = JobRunner(window, crash_reporter=pytest.fail)
    lanes = runner.lanes
    delivered: list[object] = []
    gate = _Gate()
    handle = runner.run(gate, title="Memuat", on_success=delivered.append, dialog=False)
    key = handle.key
    assert gate.started.wait(WAIT_MS / 1000)
    _delete_now(window)  # runner and handle go with it; this must not block on the job
    gate.release.set()
    assert shutdown_jobs(WAIT_MS)
    qtbot.waitUntil(lambda: key not in lanes.handles, timeout=WAIT_MS)
    assert gate.released is True  # the job was still waiting when the window was gone
    assert delivered == []


def test_then_runs_after_success_and_after_failure(qtbot: QtBot, owner: QWidget) -> None:
    runner = JobRunner(owner, crash_reporter=lambda _error: None)
    ended: list[str] = []

    def failing(progress: Progress, cancel: CancelToken) -> None:
        raise ZeroDivisionError("bug")

    for name, job in (("ok", lambda _p, _c: 1), ("gagal", failing)):
        handle = runner.run(job, title=name, dialog=False)
        handle.then(lambda name=name: ended.append(name))
        with qtbot.waitSignal(handle.finished, timeout=WAIT_MS):
            pass
    assert ended == ["ok", "gagal"]


def test_result_arriving_during_a_progress_update_is_delivered_once(
    qtbot: QtBot, owner: QWidget
) -> None:
    runner = JobRunner(owner, crash_reporter=pytest.fail)
    go = threading.Event()
    results: list[str] = []

    def job(progress: Progress, cancel: CancelToken) -> str:
        progress(1, 3, "Menyalin 1")
        go.wait(WAIT_MS / 1000)
        progress(2, 3, "Menyalin 2")
        return "selesai"

    handle = runner.run(job, title="Salin", writes=True, on_success=results.append)
    qtbot.waitUntil(lambda: handle.dialog is not None and handle.dialog.isVisible()
                    and handle.dialog.labelText() == "Menyalin 1", timeout=WAIT_MS)
    go.set()
    assert runner.wait_for_all(WAIT_MS)  # progress and result now wait in the queue together
    with qtbot.waitSignal(handle.finished, timeout=WAIT_MS):
        pass
    assert results == ["selesai"] and handle.dialog is None


def test_shutdown_cancels_running_jobs_and_never_starts_queued_ones(
    qtbot: QtBot, owner: QWidget
) -> None:
    runner = JobRunner(owner, crash_reporter=pytest.fail)
    statuses: list[str] = []
    runner.status_message.connect(statuses.append)
    started = threading.Event()
    queued_ran: list[bool] = []

    def endless(progress: Progress, cancel: CancelToken) -> None:
        started.set()
        while True:
            cancel.check()
            threading.Event().wait(0.01)  # a slow chunk of work

    runner.run(endless, title="Cadangan", writes=True, dialog=False)
    runner.run(lambda _p, _c: queued_ran.append(True), title="Antre", writes=True, dialog=False)
    assert started.wait(WAIT_MS / 1000)
    assert shutdown_jobs(WAIT_MS)
    qtbot.waitUntil(lambda: not runner.busy, timeout=WAIT_MS)
    assert statuses == ["Dibatalkan", "Dibatalkan"] and queued_ran == []


def test_garbage_holding_qt_objects_is_freed_on_the_gui_thread(
    qtbot: QtBot, owner: QWidget
) -> None:
    gc.enable()  # as at start-up, before the application installs the collector
    collector = GuiThreadCollector(owner, interval_ms=10)
    assert not gc.isenabled()
    runner = JobRunner(owner, crash_reporter=pytest.fail)
    freed_in: list[str] = []
    gc.collect()
    closed = QObject()  # say, a closed dialog that is still in a reference cycle
    closed.cycle = closed  # type: ignore[attr-defined]
    weakref.finalize(closed, lambda: freed_in.append(threading.current_thread().name))
    del closed

    kept: list[object] = []

    def allocating(progress: Progress, cancel: CancelToken) -> None:
        kept.append([[n] for n in range(50_000)])  # enough to start a collection here

    handle = runner.run(allocating, title="Muat", dialog=False)
    with qtbot.waitSignal(handle.finished, timeout=WAIT_MS):
        pass
    assert freed_in in ([], [threading.main_thread().name])
    qtbot.waitUntil(lambda: freed_in != [], timeout=WAIT_MS)  # the collector's timer
    assert freed_in == [threading.main_thread().name]
    collector.timer.stop()


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None and True are immortal from 3.12")
def test_qt_calls_leave_the_reference_counts_of_none_and_true_alone(owner: QWidget) -> None:
    """PySide6 6.12.0 wheels drop a reference to None or True on every void call, signal
    emit and single-shot timer on Python 3.11; after enough calls Python aborts
    ("deallocating None"). pyproject.toml keeps that version off Python 3.11."""
    from PySide6.QtCore import QTimer

    runner = JobRunner(owner, crash_reporter=pytest.fail)
    before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(500):
        owner.setEnabled(True)
        runner.status_message.emit("")
        QTimer.singleShot(0, owner, lambda: None)
    QCoreApplication.processEvents()
    after = sys.getrefcount(None), sys.getrefcount(True)
    assert after[0] >= before[0] - 50 and after[1] >= before[1] - 50


_QUITTING_APP = """
import json, threading
from PySide6.QtCore import QTimer
from puskesos_desktop.gui.application import create_application
from puskesos_desktop.gui.runner import JobRunner

app = create_application()
runner = JobRunner()
started, seen = threading.Event(), {"cancelled": False, "queued_ran": False}

def endless(progress, cancel):
    started.set()
    while not cancel.cancelled:
        threading.Event().wait(0.01)
    seen["cancelled"] = True

def queued(progress, cancel):
    seen["queued_ran"] = True

handle = runner.run(endless, title="Cadangan", writes=True, dialog=False)
runner.run(queued, title="Antre", writes=True, dialog=False)
QTimer.singleShot(0, lambda: (started.wait(10), app.quit()))
app.exec()
seen["joined"] = not runner.busy or runner.wait_for_all(0)
print(json.dumps(seen))
"""


def test_quitting_the_application_cancels_and_joins_its_jobs() -> None:
    result = subprocess.run(
        [sys.executable, "-X", "faulthandler", "-c", _QUITTING_APP],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    seen: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen == {"cancelled": True, "queued_ran": False, "joined": True}
    assert "QThread" not in result.stderr and "Fatal" not in result.stderr
