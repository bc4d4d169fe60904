"""Asesmen screen: assess a household, save, reopen, compare, draft restore, verivali."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlmodel import select

from puskesos_desktop.gui.views.asesmen import PAGE_DETAIL, PAGE_FORM, AsesmenView
from puskesos_desktop.store.models import Asesmen, Orang, Verivali


@pytest.fixture
def head(demo_desk: object) -> tuple[str, str]:
    """(name, household uid) of a head of household the demo year never assessed nor
    marked for verivali, so the screen shows only what the test does."""
    with demo_desk.context.transaction() as session:  # type: ignore[attr-defined]
        person = session.exec(
            select(Orang)
            .where(
                Orang.hubungan == "KEPALA",
                Orang.keluarga_uid.not_in(select(Asesmen.keluarga_uid)),
                Orang.keluarga_uid.not_in(select(Verivali.keluarga_uid)),
            )
            .order_by(Orang.nama)
        ).first()
        return person.nama, person.keluarga_uid


@pytest.fixture
def view(qtbot: QtBot, demo_desk: object, tmp_path: Path) -> AsesmenView:
    widget = AsesmenView(demo_desk, save_path=lambda _parent, _name: str(tmp_path / "daftar"))
    qtbot.addWidget(widget)
    widget.resize(1166, 700)
    widget.show()
    return widget


def _pick(qtbot: QtBot, view: AsesmenView, name: str, keluarga_uid: str) -> None:
    view.search.clear()
    qtbot.keyClicks(view.search, name)
    qtbot.waitUntil(lambda: view.results.count() > 0)
    for row in range(view.results.count()):
        item = view.results.item(row)
        if item.data(Qt.ItemDataRole.UserRole) == keluarga_uid:
            rect = view.results.visualItemRect(item)
            qtbot.mouseClick(view.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            break
    assert view.keluarga_uid == keluarga_uid


def _fill_first_visit(qtbot: QtBot, view: AsesmenView) -> None:
    form = view.form
    form.petugas.clear()
    qtbot.keyClicks(form.petugas, "Siti Operator")
    form.needs["DASAR"].click()
    qtbot.keyClicks(form.pengamatan, "Lantai tanah, atap bocor.")
    form.setCurrentIndex(1)
    row = form.ppks_codes.index("LUT")
    form.ppks_table.item(row, 0).setCheckState(Qt.CheckState.Checked)
    form.ppks_table.item(row, 1).setText("Tinggal sendiri")
    form.setCurrentIndex(2)
    form.sosek["lantai"].set_code("tanah")
    form.setCurrentIndex(3)
    form.members.penyakit_kronis.boxes["hipertensi"].click()
    form.members.penghasilan_bulanan.set_number(0)


def test_assess_save_reopen_and_compare(
    qtbot: QtBot, view: AsesmenView, demo_desk: object, head: tuple[str, str]
) -> None:
    name, keluarga_uid = head
    _pick(qtbot, view, name, keluarga_uid)
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    assert view.pages.currentIndex() == PAGE_FORM
    _fill_first_visit(qtbot, view)
    view.refresh_score()
    panel = view.score.plain_text()
    assert "anggota dengan penyakit kronis +10" in panel and "lantai tanah +10" in panel
    assert "bukan keputusan" in panel  # the hint disclaimer
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)

    (saved,) = demo_desk.assessment.history(keluarga_uid)  # type: ignore[attr-defined]
    detail = demo_desk.assessment.get(saved.uid)  # type: ignore[attr-defined]
    assert detail.data.petugas == "Siti Operator"
    assert detail.data.sosek["lantai"] == "tanah"
    assert [p.kode for p in detail.data.ppks] == ["LUT"]
    assert detail.data.anggota[0].penyakit_kronis == ("hipertensi",)
    assert view.pages.currentIndex() == PAGE_DETAIL

    # Reopen: a fresh screen (as after a restart) shows the saved assessment.
    view.close()
    again = AsesmenView(demo_desk)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    _pick(qtbot, again, name, keluarga_uid)
    assert again.pages.currentIndex() == PAGE_DETAIL
    assert "Tanah" in again.detail.toPlainText()

    # A second visit: the house was repaired.
    qtbot.mouseClick(again.new_button, Qt.MouseButton.LeftButton)
    assert again.form.sosek["lantai"].code() == "tanah"  # carried over as a default
    again.form.sosek["lantai"].set_code("keramik")
    again.activateWindow()
    qtbot.keyClick(again.form.petugas, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert len(demo_desk.assessment.history(keluarga_uid)) == 2  # type: ignore[attr-defined]
    dialog = again.compare()
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert "Jenis lantai terluas: Tanah → Keramik" in dialog.change_lines()


def test_draft_survives_closing_the_screen(
    qtbot: QtBot, view: AsesmenView, demo_desk: object, head: tuple[str, str]
) -> None:
    name, keluarga_uid = head
    _pick(qtbot, view, name, keluarga_uid)
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    view.autosave_timer.setInterval(20)
    view.autosave_timer.start()
    qtbot.keyClicks(view.form.rekomendasi, "Rujuk ke Puskesmas")
    qtbot.waitUntil(lambda: demo_desk.assessment.load_draft(keluarga_uid) is not None)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: not view.dirty)
    view.close()

    reopened = AsesmenView(demo_desk)
    qtbot.addWidget(reopened)
    _pick(qtbot, reopened, name, keluarga_uid)
    assert reopened.pages.currentIndex() == PAGE_FORM
    assert reopened.form.rekomendasi.toPlainText() == "Rujuk ke Puskesmas"
    assert "dipulihkan" in reopened.draft_label.text()
    qtbot.mouseClick(reopened.discard_button, Qt.MouseButton.LeftButton)
    assert demo_desk.assessment.load_draft(keluarga_uid) is None  # type: ignore[attr-defined]


def test_verivali_mark_print_and_record(
    qtbot: QtBot, view: AsesmenView, demo_desk: object, head: tuple[str, str], tmp_path: Path
) -> None:
    for open_mark in demo_desk.verivali.visit_list():  # type: ignore[attr-defined]
        demo_desk.verivali.unmark(open_mark.uid)  # type: ignore[attr-defined]
    name, keluarga_uid = head
    _pick(qtbot, view, name, keluarga_uid)
    panel = view.verivali
    view.tabs.setCurrentWidget(panel)
    qtbot.keyClicks(panel.reason, "Masih layak PKH?")
    qtbot.mouseClick(panel.mark_button, Qt.MouseButton.LeftButton)
    assert panel.table.rowCount() == 1
    qtbot.mouseClick(panel.print_button, Qt.MouseButton.LeftButton)
    text = PdfReader(tmp_path / "daftar.pdf").pages[0].extract_text()
    assert name in text and "Masih layak PKH?" in text
    panel.table.selectRow(0)
    panel.outcome.setCurrentIndex(panel.outcome.findData("MASIH_LAYAK"))
    qtbot.keyClicks(panel.officer, "Pak Kadus")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    (row,) = demo_desk.verivali.for_household(keluarga_uid)  # type: ignore[attr-defined]
    assert (row.hasil, row.petugas_kunjungan) == ("MASIH_LAYAK", "Pak Kadus")
    assert panel.table.rowCount() == 0
