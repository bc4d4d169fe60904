"""Pengaturan → Profil desk dan pejabat: edit like an admin, check through the services."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from puskesos_desktop.gui.dialogs.pejabat import OfficialDialog
from puskesos_desktop.gui.roles import refresh_roles
from puskesos_desktop.gui.runner import JobRunner
from puskesos_desktop.gui.views.pengaturan import PengaturanView
from puskesos_desktop.gui.views.profil_panel import ProfilPanel

SHOTS = Path("/tmp/shots")


@pytest.fixture
def view(qtbot: QtBot, demo_desk: Any) -> Iterator[PengaturanView]:
    runner = JobRunner()
    page = PengaturanView(demo_desk, runner, "id", confirm=lambda *_args: True)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    yield page
    runner.wait_for_all(10_000)


def _select(panel: ProfilPanel, nama: str) -> None:
    index = panel.index_of(nama)
    assert index.isValid(), nama
    panel.table.selectionModel().select(
        index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        | QItemSelectionModel.SelectionFlag.Rows)


def _warnings(close: bool = False) -> list[str]:
    boxes = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, QMessageBox) and w.isVisible()]
    texts = [box.text() for box in boxes]
    for box in boxes if close else ():
        box.close()
    return texts


def test_admin_changes_phone_and_kepala_desa(
        qtbot: QtBot, view: PengaturanView, demo_desk: Any) -> None:
    panel = view.profile_panel
    telepon = panel.edits["telepon"]
    assert not panel.save_button.isEnabled()  # nothing changed yet
    telepon.clear()
    qtbot.keyClicks(telepon, "telp")
    assert telepon.property("state") == "error" and panel.problems.isVisible()
    assert not panel.save_button.isEnabled()
    telepon.clear()
    qtbot.keyClicks(telepon, "(0291) 555 777")
    assert telepon.property("state") == "" and not panel.problems.isVisible()
    qtbot.waitUntil(lambda: not panel._timer.isActive(), timeout=5_000)  # preview redrawn
    assert not panel.preview.pixmap().isNull()
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert demo_desk.profile.get().telepon == "(0291) 555 777"
    assert "disimpan" in panel.status.text() and not panel.save_button.isEnabled()

    def fill(dialog: QDialog) -> bool:
        assert isinstance(dialog, OfficialDialog)
        assert dialog.jabatan.text() == "Kepala Desa Kedungmalang"
        dialog.nama.setText("Hj. Ratna Dewi")
        dialog.nip.setText("19751212 200501 2 003")
        return True

    panel.open_dialog = fill
    _select(panel, "Suwarno")
    assert panel.edit_button.isEnabled()
    qtbot.mouseClick(panel.edit_button, Qt.MouseButton.LeftButton)
    heads = [o for o in demo_desk.profile.officials() if o.peran == "kepala"]
    assert [(o.nama, o.nip) for o in heads] == [("Hj. Ratna Dewi", "19751212 200501 2 003")]
    assert panel.index_of("Hj. Ratna Dewi").isValid()
    if SHOTS.is_dir():
        view.grab().save(str(SHOTS / "profile-pengaturan-saved.png"))


def test_new_kepala_retires_the_old_and_a_refusal_keeps_the_typing(
        qtbot: QtBot, view: PengaturanView, demo_desk: Any) -> None:
    panel = view.profile_panel
    seen: list[str] = []

    def add(dialog: QDialog) -> bool:
        assert isinstance(dialog, OfficialDialog)
        seen.append(dialog.nama.text())
        if len(seen) == 1:
            dialog.nama.setText("Bambang Sutejo")
            demo_desk.context.operator_role = "operator"  # refused by the service
            return True
        demo_desk.context.operator_role = "admin"
        return len(seen) == 2

    panel.open_dialog = add
    panel.add_official()
    qtbot.waitUntil(lambda: any("admin" in text for text in _warnings()), timeout=5_000)
    assert seen == ["", "Bambang Sutejo"]  # opened again with what was typed
    _warnings(close=True)
    assert "Suwarno" in panel.officials_note.text()
    officials = {o.nama: o.aktif for o in demo_desk.profile_edit.officials()}
    assert officials == {"Bambang Sutejo": True, "Siti Rahmawati": True, "Suwarno": False}


def test_operator_sees_the_profile_but_cannot_save(
        qtbot: QtBot, view: PengaturanView, demo_desk: Any) -> None:
    demo_desk.context.operator_role = "operator"
    refresh_roles()
    panel = view.profile_panel
    panel.edits["telepon"].setText("0291 123456")
    assert not panel.save_button.isEnabled() and not panel.add_button.isEnabled()
    assert "admin" in panel.save_button.toolTip()
