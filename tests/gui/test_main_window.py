"""Main window on the demo village: navigation, shortcuts, status bar, search, settings."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from puskesos_desktop.gui.formatting import format_count
from puskesos_desktop.gui.main_window import PAGE_KEYS, MainWindow
from puskesos_desktop.gui.settings import KEY_GEOMETRY, stored_language
from puskesos_desktop.gui.views.lazy import LazyView
from puskesos_desktop.gui.views.placeholder import PlaceholderView

DIGIT_KEYS = [getattr(Qt.Key, f"Key_{n}") for n in range(1, 8)]


@pytest.fixture
def window(open_window: Callable[..., MainWindow], demo_desk: object) -> MainWindow:
    return open_window(demo_desk, ready="active")


def test_every_page_opens_with_ctrl_number(qtbot: QtBot, window: MainWindow) -> None:
    lazy = [view for view in window.views.values() if isinstance(view, LazyView)]
    assert lazy and all(view.view is None for view in lazy)  # built on first show only
    for row in reversed(range(len(PAGE_KEYS))):  # start at the far end: every key must act
        qtbot.keyClick(window, DIGIT_KEYS[row], Qt.KeyboardModifier.ControlModifier)
        assert window.nav.currentRow() == row
        assert window.stack.currentIndex() == row
        assert window.current_page_key() == PAGE_KEYS[row]
    assert all(view.view is not None for view in lazy)
    placeholders = [view for view in window.views.values() if isinstance(view, PlaceholderView)]
    assert placeholders == []  # every screen is built


def test_title_and_status_bar_identify_the_desk(window: MainWindow, demo_desk: object) -> None:
    profile = demo_desk.profile.get()
    assert window.windowTitle() == "Puskesos Desk — Desa Kedungmalang (DEMO)"
    assert profile.desk_id in window.status_labels.desk_label.text()
    assert "admin" in window.status_labels.operator_label.text()
    assert window.status_labels.backup_label.text().startswith("Cadangan terakhir: ")
    labels = window.status_labels
    assert "belum ada" not in labels.backup_label.text()  # start-up made the daily backup
    assert window.status_labels.sync_label.text() == "Paket terakhir dikirim: belum pernah"


def test_beranda_shows_counts_and_demo_banner(
    qtbot: QtBot, window: MainWindow, demo_desk: object
) -> None:
    counts = demo_desk.registry.counts()
    beranda = window.beranda
    qtbot.waitUntil(lambda: beranda.data is not None, timeout=20_000)  # fetched in background
    assert beranda.keluarga.value.text() == format_count(counts.keluarga)
    assert beranda.orang.value.text() == format_count(counts.orang)
    assert beranda.tanpa_nik.value.text() == format_count(counts.tanpa_nik)
    assert beranda.demo_banner.isVisible()
    assert "Desa Kedungmalang" in beranda.welcome.text()


def test_ctrl_f_focuses_search_and_typing_filters(qtbot: QtBot, window: MainWindow) -> None:
    view = window.registrasi
    assert view.model.rowCount() == 200  # the first 200 by name
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "registrasi"
    qtbot.waitUntil(view.search.hasFocus)

    wanted = view.model.row_at(0)
    qtbot.keyClicks(view.search, wanted.nik[:12])
    qtbot.waitUntil(lambda: 0 < view.model.rowCount() < 200)
    prefix = wanted.nik[:12]
    shown = [view.model.row_at(row) for row in range(view.model.rowCount())]
    assert wanted.nik in [person.nik for person in shown]
    assert all(
        (person.nik or "").startswith(prefix) or (person.no_kk or "").startswith(prefix)
        for person in shown
    )

    view.search.clear()
    qtbot.keyClicks(view.search, "9999")  # no NIK or No. KK starts like this
    qtbot.waitUntil(lambda: view.model.rowCount() == 0)
    assert view.result_label.text() == "Tidak ada yang cocok."


def test_language_choice_is_stored_for_next_start(window: MainWindow, settings: QSettings) -> None:
    window.language_actions["en"].trigger()
    assert stored_language(settings) == "en"
    assert window.pengaturan.language.currentData() == "en"
    assert "dibuka ulang" in window.statusBar().currentMessage()


def test_geometry_is_remembered(qtbot: QtBot, demo_desk: object, settings: QSettings) -> None:
    first = MainWindow(demo_desk, settings, "id")
    qtbot.addWidget(first)
    first.resize(720, 540)  # the offscreen screen is only 800×600
    first.show()
    qtbot.waitExposed(first)
    first.close()
    assert settings.value(KEY_GEOMETRY) is not None

    second = MainWindow(demo_desk, settings, "id")
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (720, 540)


def test_f1_opens_about(qtbot: QtBot, window: MainWindow, demo_desk: object) -> None:
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: window.about_box.isVisible())
    assert demo_desk.profile.get().desk_id in window.about_box.text()
    window.about_box.close()
    assert not [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]
