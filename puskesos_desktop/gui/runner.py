"""JobRunner: run plain service functions off the GUI thread (see architecture.md, "Long jobs").

A job is ``fn(progress, cancel) -> result``. Jobs that write to the database share one serial
lane because SQLite has a single writer; reads use a parallel pool. Progress, results and
errors travel back as queued Qt signals, so every callback below runs on the GUI thread and
the UI never needs ``processEvents()``.

Lifetimes decide the shape of this module, because a window can close, and its runner,
handles and views be deleted, while one of its jobs still runs:

- A worker thread holds plain Python objects only (a :class:`_Ticket`) and signals one
  process-wide :class:`_Lanes` object that lives as long as the application, never an object
  a window owns, which could be half-destroyed on the GUI thread at that very moment.
- The job's closure, which usually holds a view, travels back with its outcome, so the last
  reference to a view is always dropped on the GUI thread (a Python-owned widget freed on a
  worker thread crashes Qt). Cycles are collected there too: see ``gui/collector.py``.
- On the GUI thread an outcome reaches its handle only while the handle, and the Qt object
  its success callback belongs to, still exist; otherwise it is dropped. Deleting a runner
  does not wait for its jobs; the application cancels and joins all jobs before it quits.
"""

from __future__ import annotations

import atexit
import itertools
import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QThreadPool, QTimer, Signal, Slot
from shiboken6 import isValid

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.gui.errors import report_exception, show_user_error
from puskesos_desktop.i18n import _
from puskesos_desktop.jobs import Cancelled, CancelToken, Progress
from puskesos_desktop.services.changes import Changes

if TYPE_CHECKING:  # the progress widgets load with the first dialog, not before paint
    from PySide6.QtWidgets import QProgressBar, QProgressDialog, QWidget

log = logging.getLogger(__name__)

Job = Callable[[Progress, CancelToken], Any]
DIALOG_DELAY_MS = 500  # quick jobs finish before any dialog flickers up
QUIT_WAIT_MS = 10_000  # at exit: how long cancelled jobs get to roll back


@dataclass(eq=False)
class _Ticket:
    """Everything a worker thread holds: plain Python objects, never a Qt object."""

    key: int
    job: Job | None
    token: CancelToken
    done: threading.Event = field(default_factory=threading.Event)


@dataclass(frozen=True)
class _Outcome:
    value: Any = None
    error: BaseException | None = None
    job: Job | None = None  # handed back so its closure is freed on the GUI thread


class _Lanes(QObject):
    """The process-wide pools and mailbox, a child of the QApplication.

    Workers emit only on this object. It outlives every window, so a worker never signals
    an object that the GUI thread is deleting; the outcome itself waits in ``_outcomes``
    and the signal carries just its key, so the worker keeps no reference to it.
    """

    progressed = Signal(int, int, int, str)  # key, done, total, label
    finished = Signal(int)  # key

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self.read_pool = QThreadPool(self)
        self.write_pool = QThreadPool(self)
        self.write_pool.setMaxThreadCount(1)
        self.handles: dict[int, JobHandle] = {}  # GUI thread only
        self.tickets: dict[int, _Ticket] = {}  # GUI thread only
        self._outcomes: dict[int, _Outcome] = {}  # filled by workers
        self._lock = threading.Lock()
        self._keys = itertools.count(1)
        self.progressed.connect(self._on_progressed)
        self.finished.connect(self._on_finished)
        app.aboutToQuit.connect(self.shutdown)

    def start(self, handle: JobHandle, job: Job, writes: bool) -> int:
        ticket = _Ticket(next(self._keys), job, handle.token)
        self.handles[ticket.key] = handle
        self.tickets[ticket.key] = ticket
        (self.write_pool if writes else self.read_pool).start(partial(self._work, ticket))
        return ticket.key

    # -- worker thread ---------------------------------------------------------------------
    def _work(self, ticket: _Ticket) -> None:
        job, ticket.job = ticket.job, None
        assert job is not None
        progress = partial(self._progress, ticket.key)
        try:
            ticket.token.check()  # cancelled while queued (e.g. at exit): do not start
            outcome = _Outcome(value=job(progress, ticket.token), job=job)
        except BaseException as error:  # delivered to the GUI thread, never lost
            outcome = _Outcome(error=error, job=job)
        del job
        with self._lock:
            self._outcomes[ticket.key] = outcome
        del outcome  # from here on only the GUI thread holds the result and the job
        try:
            self.finished.emit(ticket.key)
        except RuntimeError:  # the application object is already gone: nobody to tell
            log.info("job selesai setelah aplikasi ditutup")
        finally:
            ticket.done.set()

    def _progress(self, key: int, done: int, total: int, label: str) -> None:
        self.progressed.emit(key, done, total, label)

    # -- GUI thread ------------------------------------------------------------------------
    def _live(self, key: int) -> JobHandle | None:
        handle = self.handles.get(key)
        return handle if handle is not None and isValid(handle) else None

    @Slot(int, int, int, str)
    def _on_progressed(self, key: int, done: int, total: int, label: str) -> None:
        handle = self._live(key)
        if handle is not None:
            handle.show_progress(done, total, label)

    @Slot(int)
    def _on_finished(self, key: int) -> None:
        with self._lock:
            outcome = self._outcomes.pop(key)
        self.tickets.pop(key, None)
        handle = self._live(key)
        self.handles.pop(key, None)
        if handle is None:
            log.info("job selesai setelah jendelanya ditutup; hasilnya dibuang")
            return
        handle.deliver(outcome)

    def cancel_and_join(self, keys: Iterable[int] | None, msecs: int) -> bool:
        """Cancel the given jobs (None: all) and wait up to ``msecs`` (-1: forever)."""
        chosen = self.tickets if keys is None else {k: self.tickets[k] for k in keys
                                                   if k in self.tickets}
        for ticket in chosen.values():
            ticket.token.cancel()
        return self.join(chosen.values(), msecs)

    def join(self, tickets: Iterable[_Ticket], msecs: int) -> bool:
        """Block until the jobs have finished (their outcomes are then queued for delivery)."""
        deadline = None if msecs < 0 else time.monotonic() + msecs / 1000
        for ticket in list(tickets):
            timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
            if not ticket.done.wait(timeout):  # releases the GIL: the job can finish
                return False
        return True

    @Slot()
    def shutdown(self) -> None:
        if not self.cancel_and_join(None, QUIT_WAIT_MS):
            log.warning("proses latar belakang belum selesai saat aplikasi ditutup")


_current: list[_Lanes] = []


def _lanes() -> _Lanes:
    """The lanes of the running QApplication, made on first use (in the GUI thread)."""
    if not _current or not isValid(_current[0]):
        app = QCoreApplication.instance()
        if app is None:
            raise RuntimeError("JobRunner needs a QApplication")
        _current[:] = [_Lanes(app)]
    return _current[0]


def shutdown_jobs(msecs: int = QUIT_WAIT_MS) -> bool:
    """Cancel every job of every runner and wait for them; True when none is left running.

    Called when the application quits and at interpreter exit, so no worker thread is cut
    off halfway, and by the tests so no job outlives its test.
    """
    if not _current or not isValid(_current[0]):
        return True
    return _current[0].cancel_and_join(None, msecs)


atexit.register(shutdown_jobs)


def _owner_gone(callback: Callable[..., Any]) -> bool:
    """True when ``callback`` belongs to, or captured, a Qt object deleted meanwhile.

    A view closed while its job ran: calling its method would touch freed widgets.
    """
    holders = [getattr(callback, "__self__", None)]
    for cell in getattr(callback, "__closure__", None) or ():
        try:
            holders.append(cell.cell_contents)
        except ValueError:  # an empty cell
            continue
    return any(isinstance(holder, QObject) and not isValid(holder) for holder in holders)


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
        self.key = 0  # set by JobRunner.run
        self.dialog: QProgressDialog | None = None
        self.done = False
        self._bar: QProgressBar | None = None
        self._runner = runner
        self._on_success = on_success
        self._writes = writes
        self._changes = changes
        self._afterwards: list[Callable[[], None]] = []
        self._last: tuple[int, int, str] = (0, 0, title)

    def then(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` once the job has ended, however it ended.

        Unlike a lambda connected to ``finished``, it is skipped when it belongs to, or
        captured, a Qt object deleted meanwhile (see ``_owner_gone``).
        """
        self._afterwards.append(callback)

    def cancel(self) -> None:
        self.token.cancel()
        if self.dialog is not None:
            self.dialog.setLabelText(_("Membatalkan…"))

    @Slot()
    def show_dialog(self) -> None:
        if self.done or self.dialog is not None:
            return
        from PySide6.QtWidgets import QProgressBar, QProgressDialog

        dialog = QProgressDialog(self._runner.parent_widget)
        dialog.setWindowTitle(self.title)
        from PySide6.QtCore import Qt  # first use builds ~100 enums: not before first paint

        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        # Progress goes to this bar directly: QProgressDialog.setValue() runs processEvents()
        # in a modal dialog, which could deliver the result, and close and delete the dialog,
        # in the middle of an update.
        self._bar = QProgressBar()
        dialog.setBar(self._bar)
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

    def show_progress(self, done: int, total: int, label: str) -> None:
        self._last = (done, total, label or self.title)
        self._apply_progress()

    def _apply_progress(self) -> None:
        if self.dialog is None or self._bar is None or self.token.cancelled:
            return
        done, total, label = self._last
        self._bar.setMaximum(max(total, 0))  # 0 = "busy" bar until a total is known
        self._bar.setValue(min(done, total) if total else 0)
        self.dialog.setLabelText(label)

    def deliver(self, outcome: _Outcome) -> None:
        """On the GUI thread: the job's result or error, once."""
        self._close()
        error = outcome.error
        if error is None:
            if self._writes:
                changes = self._changes or _changes_of(outcome.value)
                if changes is not None:  # other views still need to know
                    self._runner.data_changed.emit(changes)
            if self._on_success is not None:
                if _owner_gone(self._on_success):
                    log.info("hasil job dibuang: %s (layarnya sudah ditutup)", self.title)
                else:
                    self._on_success(outcome.value)
        elif isinstance(error, Cancelled):
            self._runner.status_message.emit(_("Dibatalkan"))
        elif isinstance(error, UserError):
            show_user_error(self._runner.parent_widget, error.message)
        else:
            self._runner.crash_reporter(error)
        for callback in self._afterwards:
            if not _owner_gone(callback):
                callback()
        self.finished.emit()

    def _close(self) -> None:
        self.done = True
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = self._bar = None
        self._runner._forget(self)


def _changes_of(result: Any) -> Changes | None:
    if isinstance(result, Changes):
        return result
    changes = getattr(result, "changes", None)
    return changes if isinstance(changes, Changes) else None


class JobRunner(QObject):
    """Starts jobs and tells the views when data changed.

    All runners share the application's lanes: one serial lane for writing jobs (whichever
    window starts them) and one pool for reads.
    """

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
        self.lanes = _lanes()
        self.read_pool, self.write_pool = self.lanes.read_pool, self.lanes.write_pool
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
        handle.key = self.lanes.start(handle, job, writes)
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
        """Block until this runner's jobs are done (shutdown and tests, never while the UI
        runs); their outcomes are delivered when the event loop next runs."""
        tickets = self.lanes.tickets
        return self.lanes.join((tickets[h.key] for h in self.active if h.key in tickets), msecs)

    def shutdown(self, msecs: int = QUIT_WAIT_MS) -> bool:
        """Cancel whatever still runs and wait for it (jobs roll back when cancelled)."""
        return self.lanes.cancel_and_join([handle.key for handle in self.active], msecs)

    def _forget(self, handle: JobHandle) -> None:
        if handle in self.active:
            self.active.remove(handle)
        handle.deleteLater()
