"""Registrasi search: NIK prefix and a misspelled name, Down arrow into the results, Enter opens."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from puskesos_desktop.domain.nik import make_nik, make_no_kk
from puskesos_desktop.gui.views.registrasi import RegistrasiView
from puskesos_desktop.gui.views.timeline import TimelineDialog
from puskesos_desktop.services.registry_types import KeluargaInput, OrangInput


@pytest.fixture
def view(qtbot: QtBot, demo_desk: object) -> RegistrasiView:
    widget = RegistrasiView(demo_desk)
    qtbot.addWidget(widget)
    widget.resize(1166, 700)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def open_row(qtbot: QtBot, view: RegistrasiView, row: int) -> TimelineDialog:
    qtbot.keyClick(view.search, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is view.table
    for _ in range(row):
        qtbot.keyClick(view.table, Qt.Key.Key_Down)
    assert view.table.currentIndex().row() == row
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    dialog = view.open_dialog
    assert isinstance(dialog, TimelineDialog)
    return dialog


def test_nik_prefix_then_down_and_enter_opens_the_household(
    qtbot: QtBot, view: RegistrasiView, demo_desk: object
) -> None:
    wanted = demo_desk.registry.search("", limit=40)[37]  # type: ignore[attr-defined]
    view.focus_search()
    qtbot.keyClicks(view.search, wanted.nik[:13])
    qtbot.waitUntil(lambda: 0 < view.model.rowCount() < 200)
    niks = [view.model.row_at(r).nik for r in range(view.model.rowCount())]
    assert all(nik.startswith(wanted.nik[:13]) for nik in niks if nik)
    dialog = open_row(qtbot, view, niks.index(wanted.nik))
    assert dialog.keluarga_uid == wanted.keluarga_uid
    assert dialog.selected_person().uid == wanted.uid
    assert wanted.no_kk in dialog.info.text()
    assert dialog.members.rowCount() >= 1 and dialog.events.rowCount() >= 1
    dialog.reject()


def test_misspelled_name_is_found_and_opens(
    qtbot: QtBot, view: RegistrasiView, demo_desk: object
) -> None:
    born = date(1968, 10, 4)
    created = demo_desk.registry.create_household(  # type: ignore[attr-defined]
        KeluargaInput(
            no_kk=make_no_kk("332001", date(2012, 1, 9), 851),
            alamat="Dk. Krajan",
            anggota=(
                OrangInput(
                    "MOCH. SOLICHIN",
                    "L",
                    nik=make_nik("332001", born, "L", 851),
                    tanggal_lahir=born,
                    hubungan="KEPALA",
                ),
            ),
        )
    )
    view.focus_search()
    qtbot.keyClicks(view.search, "solikin moh")
    uid = created.orang_uids[0]

    def found() -> bool:
        return uid in [view.model.row_at(r).uid for r in range(view.model.rowCount())]

    qtbot.waitUntil(found)
    row = [view.model.row_at(r).uid for r in range(view.model.rowCount())].index(uid)
    dialog = open_row(qtbot, view, row)
    assert dialog.keluarga_uid == created.keluarga_uid
    assert dialog.title.text() == "Keluarga MOCH. SOLICHIN"
    dialog.reject()


def test_up_arrow_returns_to_the_search_box(qtbot: QtBot, view: RegistrasiView) -> None:
    view.focus_search()
    qtbot.keyClick(view.search, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is view.table
    qtbot.keyClick(view.table, Qt.Key.Key_Up)
    assert QApplication.focusWidget() is view.search
