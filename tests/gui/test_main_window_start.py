"""The window over a desk that is still finishing its start: search first, the rest after."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from puskesos_desktop.gui.main_window import PAGE_KEYS, MainWindow
from puskesos_desktop.gui.views.beranda import BerandaView
from puskesos_desktop.gui.views.pengaturan import PengaturanView
from puskesos_desktop.services.desk import Desk

WAIT_MS = 20_000


@pytest.fixture
def deferred_desk(demo_desk: Desk) -> Iterator[Desk]:
    """The demo desk restarted the way the GUI starts it (no backup taken yet today)."""
    demo_desk.context.engine.dispose()
    for info in demo_desk.backup.list_backups():
        info.path.unlink()
    desk = Desk.start(demo_desk.paths.root, log_to_file=False, defer_upkeep=True)
    yield desk
    desk.context.engine.dispose()


def test_search_answers_before_the_other_screens_are_built(
    qtbot: QtBot, deferred_desk: Desk, settings: QSettings
) -> None:
    window = MainWindow(None, settings, "id")
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.screens_ready, timeout=WAIT_MS):
        window.attach_desk(deferred_desk)
        assert not window.complete
        assert window.nav.isEnabled() and not window.backup_action.isEnabled()
        assert window.registrasi.model.rowCount() > 0  # the list before anything is typed
        waiting = window.stack.widget(PAGE_KEYS.index("beranda"))
        assert isinstance(waiting, QLabel) and waiting.text() == "Memuat data…"
        window.focus_search()
        qtbot.keyClicks(window.registrasi.search, "siti")
        window.registrasi.run_search()  # what the typing timer calls
        assert window.registrasi.model.rowCount() > 0

    assert window.complete and window.backup_action.isEnabled()
    assert isinstance(window.views["beranda"], BerandaView)
    assert window.views["pengaturan"].view is None  # built when first opened
    assert isinstance(window.pengaturan, PengaturanView)
    for key, view in window.views.items():
        assert window.stack.indexOf(view) == PAGE_KEYS.index(key)
    assert window.current_page_key() == "registrasi"  # the operator was not moved away
    assert window.stack.currentWidget() is window.registrasi
    assert window.windowTitle().endswith("(DEMO)")
    assert "admin" in window.status_labels.operator_label.text()
    assert "belum ada" not in window.status_labels.backup_label.text()  # the deferred daily backup
    assert deferred_desk.backup.list_backups()
    window.runner.wait_for_all(WAIT_MS)
