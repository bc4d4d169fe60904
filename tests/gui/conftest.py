"""GUI test fixtures: offscreen Qt, the app's look, and desks on private data dirs.

``QT_QPA_PLATFORM`` is set at import time, before pytest-qt creates the QApplication, so the
tests run headless on CI and on developer machines alike.
"""

from __future__ import annotations

import gc
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from puskesos_desktop.i18n import set_language
from puskesos_desktop.paths import DataPaths

# The offscreen platform cannot raise windows or grab the keyboard and says so as a Qt
# warning; those are facts about the test platform, not bugs in the app.
OFFSCREEN_NOISE = r"This plugin does not support"
JOIN_MS = 30_000  # a cancelled job rolls back within this even on a slow CI machine


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture(autouse=True)
def _jobs_joined_and_gui_thread_gc(qapp: QApplication) -> Iterator[None]:
    """As in the app: garbage is collected on the GUI thread only (``gui/collector.py``).

    At the end no job may outlive its test (each is cancelled and joined), and the test's
    garbage is collected here, before any later worker thread could free its windows. With
    collection off during the test, all it made is still young: collecting the two young
    generations finds it at a fraction of the cost of a full collection (0.3 s a test).
    """
    from puskesos_desktop.gui.runner import shutdown_jobs

    gc.disable()
    try:
        yield
    finally:
        joined = shutdown_jobs(JOIN_MS)
        gc.collect(1)
        gc.enable()
    assert joined, "a background job was still running after the test"


@pytest.fixture(autouse=True)
def _look_and_language(qapp: QApplication) -> Iterator[None]:
    """Same style as the real app (layout bugs show up here too); Indonesian texts."""
    from puskesos_desktop.gui.style import apply_look

    apply_look(qapp)
    set_language("id")
    yield
    set_language("id")


@pytest.fixture
def fresh_desk(data_paths: DataPaths) -> Iterator[object]:
    """A started desk on a migrated, empty database: status NEEDS_SETUP."""
    from puskesos_desktop.services.desk import Desk

    desk = Desk.start(data_paths.root, log_to_file=False)
    yield desk
    desk.context.engine.dispose()


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    from puskesos_desktop.gui.settings import ui_settings

    return ui_settings(DataPaths(tmp_path / "data"))
