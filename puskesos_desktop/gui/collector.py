"""Python's cyclic garbage collector, run on the GUI thread only.

Python starts a collection in whichever thread crosses an allocation threshold, often a
JobRunner worker busy in SQLAlchemy. A collection frees every unreachable cycle, and a cycle
can hold a closed window's Python-owned widgets or a JobRunner; their C++ destructors would
then run on the worker thread, which Qt forbids (a GUI test run crashed this way, inside
garbage collection). So while the application runs, automatic collection is off and a timer
on the GUI thread collects instead, using the same generation counters and thresholds.
Reference counting still frees everything that is not in a cycle at once, as usual.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

CHECK_MS = 1000  # a collection never waits more than about a second of event loop


class GuiThreadCollector(QObject):
    """Owned by the QApplication; collects on its thread about once a second."""

    def __init__(self, parent: QObject, interval_ms: int = CHECK_MS) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(interval_ms)

    def check(self) -> int:
        """Collect the oldest generation whose counter passed Python's threshold (as the
        interpreter itself would); returns how many unreachable objects were found."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self.thresholds[generation]:
                return gc.collect(generation)
        return 0


def install_collector(app: QObject) -> GuiThreadCollector:
    """Switch to GUI-thread collection for ``app`` (once; later calls return the same)."""
    existing = app.findChild(GuiThreadCollector)
    return existing if existing is not None else GuiThreadCollector(app)
