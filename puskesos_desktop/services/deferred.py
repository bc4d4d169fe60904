"""Writes that wait until the start-up worker has loaded the ORM.

A GUI start signs the operator in before the ORM is loaded (:mod:`services.sign_in`). The
audit entry of that login (or of a failed one) still has to be written, through the ORM and
the audit hash chain. Importing the ORM on the GUI thread while the worker imports it would
make the login wait for the whole import, so such writes are held and run by the worker
right after it loaded the ORM (``Desk.finish_start``), in the order they were made. Outside
that window (CLI, tests, any later login) a write runs at once, in the caller's thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from puskesos_desktop.domain.errors import UserError

log = logging.getLogger(__name__)

Write = Callable[[], None]


class DeferredWrites:
    def __init__(self) -> None:
        self._lock = threading.RLock()  # a held write may make another
        self._held: list[Write] | None = None  # None: writes run at once

    def hold(self) -> None:
        """From now on, writes wait for :meth:`release`."""
        with self._lock:
            if self._held is None:
                self._held = []

    def run(self, write: Write) -> None:
        """Run ``write`` now, or keep it for :meth:`release` while held."""
        with self._lock:
            if self._held is not None:
                self._held.append(write)
                return
        write()

    def release(self) -> None:
        """Run the held writes in order, then let new ones run at once.

        The lock is kept while they run, so a write made meanwhile cannot overtake them.
        A write that fails for a reason the user could fix (a full disk) is logged and the
        others still run: the login it records has already happened.
        """
        with self._lock:
            held, self._held = self._held or [], None
            for write in held:
                try:
                    write()
                except UserError as error:
                    log.warning("Catatan tertunda tidak tersimpan: %s", error.message)
