"""GUI test fixtures: offscreen Qt, the app's look, desks on private data dirs, and the
main window or a screen opened the way most tests need it.

``QT_QPA_PLATFORM`` is set at import time, before pytest-qt creates the QApplication, so the
tests run headless on CI and on developer machines alike.
"""

from __future__ import annotations

import gc
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from puskesos_desktop.i18n import set_language
from puskesos_desktop.paths import DataPaths

if TYPE_CHECKING:
    from puskesos_desktop.gui.main_window import MainWindow
    from puskesos_desktop.gui.views.registrasi import RegistrasiView

# The service tests' kits serve here too: ``desk_kit`` (the three enrolled desks of
# ``desks``) and ``referral_kit`` (the demo desk's unlocked keys, ``demo_keys``).
SERVICE_TESTS = Path(__file__).resolve().parent.parent / "services"
sys.path[:0] = [str(SERVICE_TESTS / "sync"), str(SERVICE_TESTS)]

# The offscreen platform cannot raise windows or grab the keyboard and says so as a Qt
# warning; those are facts about the test platform, not bugs in the app.
OFFSCREEN_NOISE = r"This plugin does not support"
JOIN_MS = 30_000  # a cancelled job rolls back within this even on a slow CI machine
READY_MS = 20_000  # the demo village's window builds its screens within this
Ready = Literal["complete", "exposed", "active", "beranda"]


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


@pytest.fixture
def open_window(qtbot: QtBot, settings: QSettings) -> Iterator[Callable[..., MainWindow]]:
    """Opens the main window over a desk, in Indonesian, and joins its jobs after the test.

    ``open_window(desk, ready=..., size=(w, h), page="pengaturan", **prompts)``: ``ready`` is
    what to wait for once it is shown: "complete" (every screen built), "exposed" (painted),
    "active" (painted and holding the keyboard, for shortcuts) or "beranda" (Beranda's
    figures fetched); ``page`` a key of ``PAGE_KEYS`` to open; ``prompts`` the window's
    injected questions and choosers (``confirm``, ``choose_dir``, …) as in ``MainWindow``.
    """
    opened: list[MainWindow] = []

    def open_(
        desk: Any,
        *,
        ready: Ready = "complete",
        size: tuple[int, int] | None = None,
        page: str | None = None,
        **prompts: Any,
    ) -> MainWindow:
        from puskesos_desktop.gui.main_window import PAGE_KEYS, MainWindow

        main = MainWindow(desk, settings, "id", **prompts)
        qtbot.addWidget(main)
        opened.append(main)
        if size is not None:
            main.resize(*size)
        if ready == "beranda":
            with qtbot.waitSignal(main.beranda.loaded, timeout=READY_MS):
                main.show()
        else:
            main.show()
        if ready == "complete":
            qtbot.waitUntil(lambda: main.complete, timeout=READY_MS)
        elif ready in ("exposed", "active"):
            qtbot.waitExposed(main)
        if ready == "active":
            main.activateWindow()
            qtbot.waitUntil(main.isActiveWindow, timeout=READY_MS)
        if page is not None:
            main.show_page(PAGE_KEYS.index(page))
        return main

    yield open_
    for main in opened:
        main.runner.wait_for_all(JOIN_MS)


@pytest.fixture
def registrasi(qtbot: QtBot, demo_desk: object) -> RegistrasiView:
    """The Registrasi screen alone on the demo village, active so it gets the keys typed."""
    from puskesos_desktop.gui.views.registrasi import RegistrasiView

    widget = RegistrasiView(demo_desk)
    qtbot.addWidget(widget)
    widget.resize(1166, 700)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


@pytest.fixture
def desks(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, template_db: Path
) -> Iterator[Any]:
    """A village, the district and a second village, enrolled (``desk_kit``), on SQLite."""
    from desk_kit import Desks, shared_templates, start_copy

    templates = shared_templates(tmp_path_factory, template_db)
    made = Desks(
        *(start_copy(templates[n], tmp_path / n) for n in ("village", "district", "village2"))
    )
    yield made
    for desk in made.all():
        desk.context.engine.dispose()
