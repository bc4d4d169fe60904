"""Registrasi: a household of four typed with the keyboard only, then read back."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from puskesos_desktop.domain.nik import make_nik, make_no_kk
from puskesos_desktop.gui.dialogs.household_form import HouseholdForm
from puskesos_desktop.gui.views.registrasi import RegistrasiView
from puskesos_desktop.gui.views.timeline import TimelineDialog

ENTER = Qt.Key.Key_Return
KK = make_no_kk("332001", date(2019, 6, 3), 917)
FAMILY = [
    # NIK, name, sex key, place, birth date, relation, marital, education, job
    (make_nik("332001", date(1971, 3, 12), "L", 917), "Wiryo Sastro Pawiro", "L", "Jepara",
     "12/03/1971", "Kep", "K", "SLTP", "Petani"),
    (make_nik("332001", date(1974, 9, 1), "P", 918), "Sumirah Wulandari", "P", "Kudus",
     "01091974", "I", "K", "SD", "Buruh tani"),
    (make_nik("332001", date(2001, 5, 23), "L", 919), "Bagus Prasetyo Wiryo", "L", "Jepara",
     "23-05-2001", "A", "B", "SLTA", "Nelayan"),
    (make_nik("332001", date(2010, 11, 30), "P", 920), "Ratna Anjani Wiryo", "P", "Jepara",
     "30/11/2010", "A", "B", "Bel", "Pelajar"),
]  # fmt: skip


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def type_text(qtbot: QtBot, text: str) -> None:
    qtbot.keyClicks(focused(), text)


def press(qtbot: QtBot, key: Qt.Key, times: int = 1) -> None:
    for _ in range(times):
        qtbot.keyClick(focused(), key)


def test_household_of_four_by_keyboard_only(
    qtbot: QtBot, registrasi: RegistrasiView, demo_desk: object
) -> None:
    registrasi.focus_search()
    qtbot.keyClick(registrasi.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = registrasi.open_dialog
    assert isinstance(form, HouseholdForm)
    qtbot.waitUntil(lambda: focused() is form.kk.edit)

    type_text(qtbot, KK)
    press(qtbot, ENTER)
    type_text(qtbot, "Dk. Krajan")
    press(qtbot, ENTER)
    type_text(qtbot, "3")
    press(qtbot, ENTER)
    type_text(qtbot, "2")
    press(qtbot, ENTER)
    type_text(qtbot, "Krajan")
    press(qtbot, ENTER)
    for nik, name, sex, place, born, relation, marital, school, job in FAMILY:
        assert focused() is form.editor.nik.edit
        type_text(qtbot, nik)
        press(qtbot, ENTER)
        assert focused() is form.editor.nama
        for text in (name, sex, place, born, relation, marital, "I", school, job):
            type_text(qtbot, text)
            press(qtbot, ENTER)
        assert focused() is form.editor.disabilitas  # derajat is skipped while disabled
        press(qtbot, ENTER, times=3)  # disabilitas, penyakit kronis, telepon
        assert focused() is form.editor.status_domisili
        press(qtbot, ENTER)  # on the last field: add the member
        assert not form.editor.problems.isVisible(), form.editor.problems.text()
    assert len(form.members) == 4
    assert [m.data.hubungan for m in form.members] == ["KEPALA", "ISTRI", "ANAK", "ANAK"]

    qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert form.created is not None, form.problems.text()
    qtbot.waitUntil(lambda: isinstance(registrasi.open_dialog, TimelineDialog))

    household = demo_desk.registry.get_household(form.created.keluarga_uid)  # type: ignore[attr-defined]
    assert household.no_kk == KK
    assert (household.alamat, household.rt, household.rw, household.dusun) == (
        "Dk. Krajan", "003", "002", "Krajan",
    )  # fmt: skip
    members = {m.nama: m for m in household.anggota}
    assert set(members) == {row[1] for row in FAMILY}
    head = members["Wiryo Sastro Pawiro"]
    assert (head.nik, head.hubungan, head.jenis_kelamin) == (FAMILY[0][0], "KEPALA", "L")
    assert (head.tanggal_lahir, head.tempat_lahir) == (date(1971, 3, 12), "Jepara")
    assert (head.status_kawin, head.agama, head.pendidikan, head.pekerjaan) == (
        "KAWIN", "ISLAM", "SLTP", "Petani",
    )  # fmt: skip
    wife = members["Sumirah Wulandari"]
    assert (wife.hubungan, wife.jenis_kelamin, wife.tanggal_lahir) == (
        "ISTRI", "P", date(1974, 9, 1),
    )  # fmt: skip
    child = members["Ratna Anjani Wiryo"]
    assert (child.status_kawin, child.pendidikan, child.status_domisili) == (
        "BELUM_KAWIN", "BELUM_TAMAT_SD", "TETAP",
    )  # fmt: skip
    timeline = registrasi.open_dialog
    assert timeline.members.rowCount() == 4
    timeline.reject()


def test_errors_keep_the_form_and_what_was_typed(qtbot: QtBot, registrasi: RegistrasiView) -> None:
    registrasi.new_household()
    form = registrasi.open_dialog
    assert isinstance(form, HouseholdForm)
    form.confirm = lambda *_args: False  # "Buang data?" → no
    qtbot.keyClicks(form.editor.nik.edit, "3320011203710000")  # serial 0000
    form.editor.nik.validate()
    assert form.editor.nik.has_errors() and form.editor.nik.message.isVisible()
    qtbot.keyClicks(form.editor.nama, "Tanpa Kelamin")
    form.save()
    assert form.isVisible() and form.created is None
    assert form.editor.nama.text() == "Tanpa Kelamin"
    assert form.editor.problems.isVisible()
    assert "Jenis kelamin harus diisi" in form.editor.problems.text()
    form.reject()  # asks, the answer is "no": still open
    assert form.isVisible()
    form.confirm = lambda *_args: True
    form.reject()
    assert not form.isVisible()


def test_pasted_nik_is_cleaned_and_warnings_need_confirmation(
    qtbot: QtBot, registrasi: RegistrasiView
) -> None:
    registrasi.new_household()
    form = registrasi.open_dialog
    nik = FAMILY[0][0]
    form.editor.nik.edit.setText(f"'{nik[:4]} {nik[4:8]} {nik[8:12]} {nik[12:]}")  # a paste
    assert form.editor.nik.edit.text() == nik
    form.editor.tanggal_lahir.edit.setText("13/03/1971")  # one day off the NIK's date part
    form.editor.jenis_kelamin.set_code("L")
    assert form.editor.nik.warnings() and form.editor.nik.confirm.isVisibleTo(form)
    assert not form.editor.nik.has_errors()
    form.editor.nik.confirm.setChecked(True)
    assert form.editor.nik.warnings_confirmed()
    form.editor.nik.edit.setText("3.32E+15")
    assert form.editor.nik.has_errors()
    assert "angka ilmiah" in form.editor.nik.message.text()
    form.confirm = lambda *_args: True
    form.reject()
