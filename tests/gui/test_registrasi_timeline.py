"""Household timeline: change the No. KK and split a member off, history kept and shown."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from puskesos_desktop.domain.nik import make_nik, make_no_kk
from puskesos_desktop.gui.dialogs.household_changes import ChangeKKDialog, MoveMemberDialog
from puskesos_desktop.gui.views.timeline import TimelineDialog
from puskesos_desktop.services.registry_types import KeluargaInput, OrangInput

OLD_KK = make_no_kk("332001", date(2012, 1, 9), 871)
NEW_KK = make_no_kk("332001", date(2024, 2, 5), 872)
SPLIT_KK = make_no_kk("332001", date(2025, 3, 6), 873)


@pytest.fixture
def timeline(qtbot: QtBot, demo_desk: object) -> TimelineDialog:
    father, son = date(1960, 1, 2), date(1990, 6, 7)
    created = demo_desk.registry.create_household(  # type: ignore[attr-defined]
        KeluargaInput(
            no_kk=OLD_KK,
            alamat="Dk. Krajan",
            anggota=(
                OrangInput(
                    "Karto Diharjo",
                    "L",
                    nik=make_nik("332001", father, "L", 871),
                    tanggal_lahir=father,
                    hubungan="KEPALA",
                ),
                OrangInput(
                    "Slamet Riyadi",
                    "L",
                    nik=make_nik("332001", son, "L", 872),
                    tanggal_lahir=son,
                    hubungan="ANAK",
                ),
            ),
        )
    )
    dialog = TimelineDialog(demo_desk, keluarga_uid=created.keluarga_uid)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_change_no_kk_keeps_the_old_number(
    qtbot: QtBot, timeline: TimelineDialog, demo_desk: object
) -> None:
    qtbot.mouseClick(timeline.kk_button, Qt.MouseButton.LeftButton)
    dialog = timeline.child_dialog
    assert isinstance(dialog, ChangeKKDialog)
    qtbot.keyClicks(dialog.new_kk.edit, NEW_KK)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.problems.isVisible() and "alasan" in dialog.problems.text()  # still open
    dialog.reason.set_code("PINDAH_KECAMATAN")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: timeline.child_dialog is None)
    household = demo_desk.registry.get_household(timeline.keluarga_uid)  # type: ignore[attr-defined]
    assert household.no_kk == NEW_KK
    [change] = household.riwayat_kk
    assert (change.no_kk_lama, change.no_kk_baru, change.alasan) == (
        OLD_KK,
        NEW_KK,
        "PINDAH_KECAMATAN",
    )
    assert NEW_KK in timeline.info.text()
    titles = [timeline.events.item(r, 1).text() for r in range(timeline.events.rowCount())]
    assert f"No. KK berubah: {OLD_KK} → {NEW_KK}" in titles


def test_member_splits_off_into_a_new_household(
    qtbot: QtBot, timeline: TimelineDialog, demo_desk: object
) -> None:
    son = next(p for p in timeline.people if p.nama == "Slamet Riyadi")
    timeline.members.selectRow(timeline.people.index(son))
    qtbot.mouseClick(timeline.move_button, Qt.MouseButton.LeftButton)
    dialog = timeline.child_dialog
    assert isinstance(dialog, MoveMemberDialog)
    dialog.to_new.click()
    qtbot.keyClicks(dialog.new_kk.edit, SPLIT_KK)
    dialog.relation.set_code("KEPALA")
    dialog.reason.set_code("PECAH_KK")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: timeline.child_dialog is None)
    registry = demo_desk.registry  # type: ignore[attr-defined]
    moved = registry.get_person(son.uid)
    assert moved.keluarga_uid != timeline.keluarga_uid and moved.hubungan == "KEPALA"
    assert registry.get_household(moved.keluarga_uid).no_kk == SPLIT_KK
    assert [p.nama for p in timeline.people] == ["Karto Diharjo"]
    titles = [timeline.events.item(r, 1).text() for r in range(timeline.events.rowCount())]
    assert "Slamet Riyadi pindah (keluar dari keluarga ini)" in titles
