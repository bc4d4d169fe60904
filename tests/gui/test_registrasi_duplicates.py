"""Duplicate dialog: "Muhammad Solikhin" typed while "MOCH. SOLICHIN" (same birth date) exists."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlmodel import func, select

from puskesos_desktop.domain.nik import make_nik, make_no_kk
from puskesos_desktop.gui.dialogs.duplicate_check import DuplicateDialog
from puskesos_desktop.gui.dialogs.household_form import HouseholdForm
from puskesos_desktop.gui.dialogs.member_form import MemberDialog
from puskesos_desktop.gui.views.timeline import TimelineDialog
from puskesos_desktop.services.duplicates import DuplicateService
from puskesos_desktop.services.registry_types import KeluargaInput, OrangInput
from puskesos_desktop.store.models import Orang

BORN = date(1968, 10, 4)


@pytest.fixture
def solichin(demo_desk: object) -> tuple[str, str]:
    """(household uid, person uid) of MOCH. SOLICHIN."""
    created = demo_desk.registry.create_household(  # type: ignore[attr-defined]
        KeluargaInput(
            no_kk=make_no_kk("332001", date(2012, 1, 9), 801),
            alamat="Dk. Krajan",
            anggota=(
                OrangInput(
                    "MOCH. SOLICHIN",
                    "L",
                    nik=make_nik("332001", BORN, "L", 801),
                    tanggal_lahir=BORN,
                    hubungan="KEPALA",
                ),
            ),
        )
    )
    return created.keluarga_uid, created.orang_uids[0]


def persons(desk: object) -> int:
    with desk.context.transaction() as session:  # type: ignore[attr-defined]
        return session.exec(select(func.count()).select_from(Orang)).one()


def open_member_dialog(qtbot: QtBot, desk: object, keluarga_uid: str) -> MemberDialog:
    timeline = TimelineDialog(desk, keluarga_uid=keluarga_uid)
    qtbot.addWidget(timeline)
    timeline.show()
    qtbot.mouseClick(timeline.add_button, Qt.MouseButton.LeftButton)
    dialog = timeline.child_dialog
    assert isinstance(dialog, MemberDialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    editor = dialog.editor
    qtbot.keyClicks(editor.nik.edit, make_nik("332001", BORN, "L", 802))
    qtbot.keyClicks(editor.nama, "Muhammad Solikhin")
    qtbot.keyClicks(editor.jenis_kelamin, "L")
    qtbot.keyClicks(editor.tanggal_lahir.edit, "04/10/1968")
    qtbot.keyClicks(editor.hubungan, "F")  # famili lain
    return dialog


def ask_duplicate(qtbot: QtBot, dialog: MemberDialog) -> DuplicateDialog:
    qtbot.keyClick(dialog.editor.nama, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.duplicate_dialog is not None)
    duplicate = dialog.duplicate_dialog
    assert isinstance(duplicate, DuplicateDialog)
    assert duplicate.isVisible()
    table = duplicate.table
    assert table.item(0, 0).text() == "Muhammad Solikhin"
    assert table.item(0, 1).text() == "MOCH. SOLICHIN"
    assert table.item(2, 0).text() == table.item(2, 1).text() == "04-10-1968"
    assert "Nama mirip" in table.item(7, 1).text()
    return duplicate


def test_same_person_saves_nothing_and_opens_the_record(
    qtbot: QtBot, demo_desk: object, solichin: tuple[str, str]
) -> None:
    keluarga_uid, existing = solichin
    before = persons(demo_desk)
    dialog = open_member_dialog(qtbot, demo_desk, keluarga_uid)
    timeline = dialog.parent()
    duplicate = ask_duplicate(qtbot, dialog)
    qtbot.mouseClick(duplicate.same_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.existing_uid == existing
    assert persons(demo_desk) == before
    [decision] = DuplicateService(demo_desk.context).decisions_for(existing)  # type: ignore[attr-defined]
    assert decision.keputusan == "ORANG_SAMA"
    assert timeline.selected_person().uid == existing  # the record is shown


def test_different_person_is_saved_and_the_decision_logged(
    qtbot: QtBot, demo_desk: object, solichin: tuple[str, str]
) -> None:
    keluarga_uid, existing = solichin
    before = persons(demo_desk)
    dialog = open_member_dialog(qtbot, demo_desk, keluarga_uid)
    duplicate = ask_duplicate(qtbot, dialog)
    qtbot.mouseClick(duplicate.different_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.saved is not None and dialog.saved.created
    assert persons(demo_desk) == before + 1
    [decision] = DuplicateService(demo_desk.context).decisions_for(dialog.saved.uid)  # type: ignore[attr-defined]
    assert decision.keputusan == "ORANG_BERBEDA"
    assert existing in decision.kandidat_uids


def test_household_form_asks_when_a_member_is_added(
    qtbot: QtBot, demo_desk: object, solichin: tuple[str, str]
) -> None:
    form = HouseholdForm(demo_desk)
    qtbot.addWidget(form)
    form.show()
    editor = form.editor
    editor.tanpa_nik.setChecked(True)
    editor.alasan_tanpa_nik.set_code("DOKUMEN_HILANG")
    qtbot.keyClicks(editor.nama, "Muhammad Solikhin")
    qtbot.keyClicks(editor.jenis_kelamin, "L")
    qtbot.keyClicks(editor.tanggal_lahir.edit, "04/10/1968")
    qtbot.keyClicks(editor.hubungan, "K")
    form.add_member()
    qtbot.waitUntil(lambda: form.duplicate_dialog is not None)
    duplicate = form.duplicate_dialog
    assert isinstance(duplicate, DuplicateDialog)
    qtbot.mouseClick(duplicate.different_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(form.members) == 1)
    assert form.members[0].decision.different_person
    form.save()
    assert form.created is not None
    [decision] = DuplicateService(demo_desk.context).decisions_for(form.created.orang_uids[0])  # type: ignore[attr-defined]
    assert decision.keputusan == "ORANG_BERBEDA"
