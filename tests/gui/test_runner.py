"""JobRunner: results, errors and cancel arrive on the GUI thread; writes are serial."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.gui.runner import JobRunner
from puskesos_desktop.jobs import CancelToken, Progress
from puskesos_desktop.services.changes import ChangeKind, Changes

WAIT_MS = 10_000


@pytest.fixture
def runners() -> Iterator[list[JobRunner]]:
    made: list[JobRunner] = []
    yield made
    for runner in made:  # no job may outlive its test
        assert runner.shutdown(WAIT_MS)


def make_runner(
    qtbot: QtBot, runners: list[JobRunner], reported: list[BaseException] | None = None
) -> JobRunner:
    parent = QWidget()
    qtbot.addWidget(parent)
    sink = reported if reported is not None else []
    runner = JobRunner(parent, crash_reporter=sink.append)
    runners.append(runner)
    return runner


def test_result_reaches_gui_thread_and_writes_announce_changes(
    qtbot: QtBot, runners: list[JobRunner]
) -> None:
    runner = make_runner(qtbot, runners)
    results: list[tuple[int, bool]] = []
    job_threads: list[object] = []

    def job(progress: Progress, cancel: CancelToken) -> object:
        job_threads.append(QThread.currentThread())
        progress(1, 2, "setengah")
        return 42

    def on_success(value: int) -> None:
        is_gui = QThread.currentThread() is QApplication.instance().thread()
        results.append((value, is_gui))

    changes = Changes.of(ChangeKind.REGISTRY)
    with qtbot.waitSignal(runner.data_changed, timeout=WAIT_MS) as blocker:
        runner.run(job, title="Uji", writes=True, changes=changes, on_success=on_success)
    assert blocker.args == [changes]
    assert results == [(42, True)]
    assert job_threads[0] is not QApplication.instance().thread()
    qtbot.waitUntil(lambda: not runner.busy)


def test_result_with_changes_attribute_is_used_when_none_given(
    qtbot: QtBot, runners: list[JobRunner]
) -> None:
    runner = make_runner(qtbot, runners)
    with qtbot.waitSignal(runner.data_changed, timeout=WAIT_MS) as blocker:
        runner.run(lambda p, c: Changes.of(ChangeKind.DATABASE), title="Uji", writes=True)
    assert blocker.args[0].touches(ChangeKind.BACKUP)


def test_user_error_becomes_a_warning_box(qtbot: QtBot, runners: list[JobRunner]) -> None:
    runner = make_runner(qtbot, runners)

    def job(progress: Progress, cancel: CancelToken) -> object:
        raise UserError("Flashdisk penuh.")

    handle = runner.run(job, title="Uji", writes=True)
    with qtbot.waitSignal(handle.finished, timeout=WAIT_MS):
        pass
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    boxes += runner.parent_widget.findChildren(QMessageBox)
    assert any(box.text() == "Flashdisk penuh." and box.isVisible() for box in boxes)


def test_unexpected_error_goes_to_crash_reporter(qtbot: QtBot, runners: list[JobRunner]) -> None:
    reported: list[BaseException] = []
    runner = make_runner(qtbot, runners, reported)

    def job(progress: Progress, cancel: CancelToken) -> object:
        raise ZeroDivisionError("bug")

    handle = runner.run(job, title="Uji")
    with qtbot.waitSignal(handle.finished, timeout=WAIT_MS):
        pass
    assert [type(error) for error in reported] == [ZeroDivisionError]


def test_progress_dialog_appears_and_cancel_stops_the_job(
    qtbot: QtBot, runners: list[JobRunner]
) -> None:
    runner = make_runner(qtbot, runners)
    started = threading.Event()

    def job(progress: Progress, cancel: CancelToken) -> object:
        started.set()
        progress(3, 10, "Menyalin…")
        while True:
            cancel.check()
            threading.Event().wait(0.01)  # a slow chunk of work

    handle = runner.run(job, title="Proses panjang", writes=True)
    qtbot.waitUntil(
        lambda: handle.dialog is not None and handle.dialog.isVisible(), timeout=WAIT_MS
    )
    assert handle.dialog.labelText() == "Menyalin…"
    assert (handle.dialog.value(), handle.dialog.maximum()) == (3, 10)
    with qtbot.waitSignal(runner.status_message, timeout=WAIT_MS) as blocker:
        cancel_button = handle.dialog.findChild(QPushButton)
        assert cancel_button.text() == "Batal"
        qtbot.mouseClick(cancel_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["Dibatalkan"]
    assert not runner.busy


def test_writing_jobs_run_one_after_another(qtbot: QtBot, runners: list[JobRunner]) -> None:
    runner = make_runner(qtbot, runners)
    release_first = threading.Event()
    order: list[str] = []

    def first(progress: Progress, cancel: CancelToken) -> object:
        order.append("mulai-1")
        release_first.wait(WAIT_MS / 1000)
        order.append("selesai-1")

    def second(progress: Progress, cancel: CancelToken) -> object:
        order.append("mulai-2")

    runner.run(first, title="Satu", writes=True)
    last = runner.run(second, title="Dua", writes=True)
    qtbot.waitUntil(lambda: order == ["mulai-1"], timeout=WAIT_MS)
    assert runner.write_pool.activeThreadCount() == 1
    with qtbot.waitSignal(last.finished, timeout=WAIT_MS):
        release_first.set()
    assert order == ["mulai-1", "selesai-1", "mulai-2"]
