"""Beranda dashboard on the demo village with some work done: numbers, charts, click-through."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from beranda_activity import add_activity
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from puskesos_desktop.gui.formatting import format_count
from puskesos_desktop.gui.main_window import MainWindow
from puskesos_desktop.gui.views.beranda import BerandaView
from puskesos_desktop.gui.views.lazy import LazyView
from puskesos_desktop.gui.widgets.overdue_list import MAX_ITEMS
from puskesos_desktop.services.changes import ChangeKind, Changes
from puskesos_desktop.services.intake import IntakeInput

WAIT_MS = 20_000


@pytest.fixture
def demo_board(demo_desk: Any) -> Any:
    """The dashboard of the demo village's own year, before the test's activity."""
    return demo_desk.reports.dashboard()


@pytest.fixture
def busy_desk(demo_desk: Any, demo_board: Any) -> Any:
    add_activity(demo_desk)
    return demo_desk


@pytest.fixture
def window(open_window: Callable[..., MainWindow], busy_desk: Any) -> Iterator[MainWindow]:
    main = open_window(busy_desk, ready="beranda", size=(1366, 740))
    yield main
    main.runner.shutdown(WAIT_MS)
    for dialog in main.findChildren(QDialog):
        dialog.close()


def test_screen_paints_before_figures_are_fetched(qtbot: QtBot, busy_desk: Any) -> None:
    from puskesos_desktop.gui.runner import JobRunner

    runner = JobRunner()
    view = BerandaView(busy_desk, runner)
    qtbot.addWidget(view)
    assert view.orang.value.text() == "…" and not runner.busy  # nothing fetched yet
    with qtbot.waitSignal(view.loaded, timeout=WAIT_MS):
        view.show()
    assert view.orang.value.text() == format_count(busy_desk.registry.counts().orang)
    runner.shutdown(WAIT_MS)


def test_numbers_and_trend_match_the_report_service(
    window: MainWindow, busy_desk: Any, demo_board: Any
) -> None:
    beranda = window.beranda
    board = busy_desk.reports.dashboard()
    counts = busy_desk.registry.counts()
    assert beranda.keluarga.value.text() == format_count(counts.keluarga)
    assert beranda.tanpa_nik.value.text() == format_count(counts.tanpa_nik)
    added = board.angka("layanan_masuk").nilai - demo_board.angka("layanan_masuk").nilai
    assert added == 5  # add_activity's five intakes
    shown = {kode: b.value.text() for kode, b in beranda.month_buttons.items()}
    assert shown == {a.kode: format_count(a.nilai) for a in board.bulan}
    for group, figures in ((beranda.status_group, board.rujukan_status),
                           (beranda.attention_group, board.perhatian),
                           (beranda.verivali_group, board.verivali)):
        assert {k: b.value.text() for k, b in group.buttons.items()} == {
            a.kode: format_count(a.nilai) for a in figures}
    assert beranda.trend.has_chart
    assert beranda.trend.renderer().defaultSize().width() > 0
    late = len(busy_desk.referral.overdue())
    assert late == demo_board.angka("terlambat").nilai + 1  # add_activity's late one
    assert beranda.overdue.items.count() == min(late, MAX_ITEMS) + (late > MAX_ITEMS)


def test_status_number_opens_the_filtered_referral_list(qtbot: QtBot, window: MainWindow) -> None:
    button = window.beranda.status_group.buttons["status:DIRUJUK"]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.current_page_key() == "rujukan"
    rujukan = window.views["rujukan"]
    assert isinstance(rujukan, LazyView)
    view = rujukan.view
    assert view.filter.currentData() == "DIRUJUK"
    assert view.model.rowCount() == int(button.value.text())


def test_month_number_opens_the_rows_behind_it(
    qtbot: QtBot, window: MainWindow, demo_board: Any
) -> None:
    button = window.beranda.month_buttons["layanan_masuk"]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = window.daftar_dialog
    qtbot.waitUntil(lambda: dialog.daftar is not None, timeout=WAIT_MS)
    expected = demo_board.angka("layanan_masuk").nilai + 5  # the demo's month + add_activity
    assert dialog.model.rowCount() == int(button.value.text()) == expected
    assert dialog.count.text() == f"{format_count(expected)} baris"
    dialog.close()


def test_every_dashboard_list_is_as_long_as_its_number(busy_desk: Any) -> None:
    """Service level: the list behind each number (or the Rujukan filter) counts the same."""
    board = busy_desk.reports.dashboard()
    for group in (board.bulan, board.rujukan_status, board.perhatian, board.verivali):
        for angka in group:
            tujuan = angka.tujuan
            if tujuan.layar == "rujukan" and tujuan.mulai is None:
                rows = busy_desk.referral.list(tujuan.filter)
            else:
                rows = busy_desk.reports.daftar(tujuan).baris
            assert len(rows) == angka.nilai, angka.kode


def test_new_intake_refreshes_the_numbers(qtbot: QtBot, window: MainWindow,
                                          busy_desk: Any) -> None:
    button = window.beranda.month_buttons["layanan_masuk"]
    before = int(button.value.text())
    person = next(p for p in busy_desk.registry.search("a", limit=20) if p.nik)
    busy_desk.intake.record(IntakeInput(penerima_uid=person.uid, saluran="DATANG_LANGSUNG",
                                        uraian="Minta bantuan sembako"))
    with qtbot.waitSignal(window.beranda.loaded, timeout=WAIT_MS):
        window.runner.data_changed.emit(Changes.of(ChangeKind.REGISTRY))
    assert int(button.value.text()) == before + 1
