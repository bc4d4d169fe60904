"""Registrasi search: NIK prefix and a misspelled name, Down arrow into the results, Enter opens."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from puskesos_desktop.domain.nik import make_nik, make_no_kk
from puskesos_desktop.gui.views.registrasi import RegistrasiView
from puskesos_desktop.gui.views.timeline import TimelineDialog
from puskesos_desktop.services.registry_types import KeluargaInput, OrangInput


def open_row(qtbot: QtBot, registrasi: RegistrasiView, row: int) -> TimelineDialog:
    qtbot.keyClick(registrasi.search, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is registrasi.table
    for _ in range(row):
        qtbot.keyClick(registrasi.table, Qt.Key.Key_Down)
    assert registrasi.table.currentIndex().row() == row
    qtbot.keyClick(registrasi.table, Qt.Key.Key_Return)
    dialog = registrasi.open_dialog
    assert isinstance(dialog, TimelineDialog)
    return dialog


def test_nik_prefix_then_down_and_enter_opens_the_household(
    qtbot: QtBot, registrasi: RegistrasiView, demo_desk: object
) -> None:
    wanted = demo_desk.registry.search("", limit=40)[37]  # type: ignore[attr-defined]
    registrasi.focus_search()
    qtbot.keyClicks(registrasi.search, wanted.nik[:13])
    qtbot.waitUntil(lambda: 0 < registrasi.model.rowCount() < 200)
    niks = [registrasi.model.row_at(r).nik for r in range(registrasi.model.rowCount())]
    assert all(nik.startswith(wanted.nik[:13]) for nik in niks if nik)
    dialog = open_row(qtbot, registrasi, niks.index(wanted.nik))
    assert dialog.keluarga_uid == wanted.keluarga_uid
    assert dialog.selected_person().uid == wanted.uid
    assert wanted.no_kk in dialog.info.text()
    assert dialog.members.rowCount() >= 1 and dialog.events.rowCount() >= 1
    dialog.reject()


def test_misspelled_name_is_found_and_opens(
    qtbot: QtBot, registrasi: RegistrasiView, demo_desk: object
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
    registrasi.focus_search()
    qtbot.keyClicks(registrasi.search, "solikin moh")
    uid = created.orang_uids[0]

    def found() -> bool:
        return uid in [registrasi.model.row_at(r).uid for r in range(registrasi.model.rowCount())]

    qtbot.waitUntil(found)
    row = [registrasi.model.row_at(r).uid for r in range(registrasi.model.rowCount())].index(uid)
    dialog = open_row(qtbot, registrasi, row)
    assert dialog.keluarga_uid == created.keluarga_uid
    assert dialog.title.text() == "Keluarga MOCH. SOLICHIN"
    dialog.reject()


def test_up_arrow_returns_to_the_search_box(qtbot: QtBot, registrasi: RegistrasiView) -> None:
    registrasi.focus_search()
    qtbot.keyClick(registrasi.search, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is registrasi.table
    qtbot.keyClick(registrasi.table, Qt.Key.Key_Up)
    assert QApplication.focusWidget() is registrasi.search
