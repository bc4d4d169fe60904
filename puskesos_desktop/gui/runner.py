"""JobRunner: run plain service functions off the GUI thread (see architecture.md, "Long jobs").

A job is ``fn(progress, cancel) -> result``. Jobs that write to the database share one serial
lane because SQLite has a single writer; reads use a parallel pool. Progress, results and
errors travel back as queued Qt signals, so every callback below runs on the GUI thread and
the UI never needs ``processEvents()``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.gui.errors import report_exception, show_user_error
from puskesos_desktop.i18n import _
from puskesos_desktop.jobs import Cancelled, CancelToken, Progress
from puskesos_desktop.services.changes import Changes

log = logging.getLogger(__name__)

Job = Callable[[Progress, CancelToken], Any]
DIALOG_DELAY_MS = 500  # quick jobs finish before any dialog flickers up


class _Signals(QObject):
    """Lives in the GUI thread; emitted from the worker, so connections are queued."""

    progress = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)


class _Worker(QRunnable):
    def __init__(self, job: Job, token: CancelToken, signals: _Signals) -> None:
        super().__init__()
        self._job, self._token, self._signals = job, token, signals

    def run(self) -> None:
        try:
            result = self._job(self._progress, self._token)
        except BaseException as error:  # delivered to the GUI thread, never lost
            self._emit(self._signals.failed, error)
        else:
            self._emit(self._signals.succeeded, result)

    def _progress(self, done: int, total: int, label: str) -> None:
        self._emit(self._signals.progress, done, total, label)

    def _emit(self, signal: object, *args: object) -> None:
        # If the window was closed meanwhile, the receiver is gone; nothing left to tell.
        try:
            signal.emit(*args)  # type: ignore[attr-defined]
        except RuntimeError:
            log.info("job selesai setelah jendelanya ditutup")


class JobHandle(QObject):
    """One running job: its cancel token, its (late) progress dialog and its outcome."""

    finished = Signal()

    def __init__(
        self,
        runner: JobRunner,
        title: str,
        on_success: Callable[[Any], None] | None,
        writes: bool,
        changes: Changes | None,
    ) -> None:
        super().__init__(runner)
        self.title = title
        self.token = CancelToken()
        self.signals = _Signals(self)
        self.dialog: QProgressDialog | None = None
        self.done = False
        self._runner = runner
        self._on_success = on_success
        self._writes = writes
        self._changes = changes
        self._last: tuple[int, int, str] = (0, 0, title)
        self.signals.progress.connect(self._on_progress)
        self.signals.succeeded.connect(self._on_succeeded)
        self.signals.failed.connect(self._on_failed)

    def cancel(self) -> None:
        self.token.cancel()
        if self.dialog is not None:
            self.dialog.setLabelText(_("Membatalkan…"))

    @Slot()
    def show_dialog(self) -> None:
        if self.done or self.dialog is not None:
            return
        dialog = QProgressDialog(self._runner.parent_widget)
        dialog.setWindowTitle(self.title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setCancelButtonText(_("Batal"))
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(0)
        dialog.setMinimumWidth(420)
        dialog.canceled.disconnect()  # keep it open while the job winds down
        dialog.canceled.connect(self.cancel)
        self.dialog = dialog
        self._apply_progress()
        dialog.show()

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, label: str) -> None:
        self._last = (done, total, label or self.title)
        self._apply_progress()

    def _apply_progress(self) -> None:
        if self.dialog is None or self.token.cancelled:
            return
        done, total, label = self._last
        self.dialog.setMaximum(max(total, 0))  # 0 = "busy" bar until a total is known
        self.dialog.setValue(min(done, total) if total else 0)
        self.dialog.setLabelText(label)

    @Slot(object)
    def _on_succeeded(self, result: Any) -> None:
        self._close()
        if self._writes:
            changes = self._changes or _changes_of(result)
            if changes is not None:
                self._runner.data_changed.emit(changes)
        if self._on_success is not None:
            self._on_success(result)
        self.finished.emit()

    @Slot(object)
    def _on_failed(self, error: BaseException) -> None:
        self._close()
        if isinstance(error, Cancelled):
            self._runner.status_message.emit(_("Dibatalkan"))
        elif isinstance(error, UserError):
            show_user_error(self._runner.parent_widget, error.message)
        else:
            self._runner.crash_reporter(error)
        self.finished.emit()

    def _close(self) -> None:
        self.done = True
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        self._runner._forget(self)


def _changes_of(result: Any) -> Changes | None:
    if isinstance(result, Changes):
        return result
    changes = getattr(result, "changes", None)
    return changes if isinstance(changes, Changes) else None


class JobRunner(QObject):
    """Starts jobs and tells the views when data changed."""

    data_changed = Signal(object)  # Changes
    status_message = Signal(str)

    def __init__(
        self,
        parent_widget: QWidget | None = None,
        crash_reporter: Callable[[BaseException], None] = report_exception,
    ) -> None:
        super().__init__(parent_widget)
        self.parent_widget = parent_widget
        self.crash_reporter = crash_reporter
        self.read_pool = QThreadPool(self)
        self.write_pool = QThreadPool(self)
        self.write_pool.setMaxThreadCount(1)
        self.active: list[JobHandle] = []

    def run(
        self,
        job: Job,
        *,
        title: str,
        on_success: Callable[[Any], None] | None = None,
        writes: bool = False,
        changes: Changes | None = None,
        dialog: bool = True,
    ) -> JobHandle:
        """Start ``job``; ``changes`` overrides what a writing job's result reports.

        ``dialog=False`` is for background refreshes the operator did not ask for (the
        dashboard): a modal progress dialog would block the window they are about to use.
        """
        handle = JobHandle(self, title, on_success, writes, changes)
        self.active.append(handle)
        worker = _Worker(job, handle.token, handle.signals)
        (self.write_pool if writes else self.read_pool).start(worker)
        if dialog:
            QTimer.singleShot(DIALOG_DELAY_MS, handle, handle.show_dialog)
        log.info("job mulai: %s (menulis=%s)", title, writes)
        return handle

    @property
    def busy(self) -> bool:
        return bool(self.active)

    @property
    def writing(self) -> bool:
        return any(handle._writes for handle in self.active)

    def wait_for_all(self, msecs: int = -1) -> bool:
        """Block until the pools are idle (used on shutdown, never while the UI runs)."""
        return self.write_pool.waitForDone(msecs) and self.read_pool.waitForDone(msecs)

    def shutdown(self, msecs: int = 10_000) -> bool:
        """Cancel whatever still runs and wait for it (jobs roll back when cancelled)."""
        for handle in self.active:
            handle.token.cancel()
        return self.wait_for_all(msecs)

    def _forget(self, handle: JobHandle) -> None:
        if handle in self.active:
            self.active.remove(handle)
        handle.deleteLater()
