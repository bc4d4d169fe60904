"""Long-job plumbing shared by services, CLI and GUI (no Qt here).

A job is a plain function taking ``progress`` and ``cancel``; the CLI passes a printer,
tests a list collector, and the GUI's JobRunner a queued signal.
"""

from __future__ import annotations

import threading
import time
from typing import Protocol


class Progress(Protocol):
    def __call__(self, done: int, total: int, label: str) -> None: ...


class Cancelled(Exception):  # noqa: N818 - a signal, not an error
    """Raised inside a job when the user pressed Cancel; callers treat it silently."""


class CancelToken:
    """Thread-safe flag the GUI sets and the job checks between chunks."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled


def no_progress(done: int, total: int, label: str) -> None:
    """Progress sink for callers that do not display anything."""


def throttled(progress: Progress, interval: float = 0.1) -> Progress:
    """Forward at most one update per ``interval`` seconds, but always the final one."""
    last = 0.0

    def forward(done: int, total: int, label: str) -> None:
        nonlocal last
        now = time.monotonic()
        if done >= total or now - last >= interval:
            last = now
            progress(done, total, label)

    return forward

