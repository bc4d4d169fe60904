"""The first-run wizard, filled in like an operator would, checked through the services."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QMessageBox, QWizard
from pytestqt.qtbot import QtBot

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.gui.dialogs.setup_wizard import (
    PAGE_ADMIN,
    PAGE_DONE,
    PAGE_KOP,
    PAGE_OFFICIALS,
    PAGE_REGION,
    PAGE_SUMMARY,
    SetupWizard,
)
from puskesos_desktop.gui.widgets.logo_field import MAX_LOGO_BYTES, LogoField, load_logo_png
from puskesos_desktop.gui.widgets.region_picker import SearchCombo

Button = QWizard.WizardButton


def always_yes(*_args: object) -> bool:
    return True


def open_wizard(qtbot: QtBot, desk: object) -> SetupWizard:
    wizard = SetupWizard(desk, confirm=always_yes)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def press(qtbot: QtBot, wizard: SetupWizard, which: QWizard.WizardButton) -> None:
    button = wizard.button(which)
    assert button.isVisible() and button.isEnabled(), which
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def choose(qtbot: QtBot, combo: SearchCombo, typed: str, wanted: str) -> None:
    """Type part of a name, then pick the wanted entry from the completer popup."""
    qtbot.keyClicks(combo.lineEdit(), typed)
    completer = combo.completer()
    popup = completer.popup()
    qtbot.waitUntil(popup.isVisible)
    model = completer.completionModel()
    rows = [model.index(row, 0) for row in range(model.rowCount())]
    match = next(index for index in rows if index.data() == wanted)
    popup.setCurrentIndex(match)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: combo.currentText() == wanted and combo.selected_code() is not None)


def test_village_setup_completes_like_a_user(qtbot: QtBot, fresh_desk: object) -> None:
    wizard = open_wizard(qtbot, fresh_desk)
    assert wizard.mode_page.desa.isChecked()
    press(qtbot, wizard, Button.NextButton)

    assert wizard.currentId() == PAGE_REGION
    picker = wizard.region_page.picker
    press(qtbot, wizard, Button.NextButton)  # nothing chosen yet: stays, says why
    assert wizard.currentId() == PAGE_REGION
    assert wizard.region_page.problem_label.isVisible()
    choose(qtbot, picker.provinsi, "jawa t", "Jawa Tengah")
    choose(qtbot, picker.kabupaten, "jepa", "Kabupaten Jepara")
    choose(qtbot, picker.kecamatan, "kedu", "Kedung")
    choose(qtbot, picker.desa, "tedun", "Tedunan")
    assert picker.selected_code() == "33.20.01.2004"
    assert "Tedunan" in wizard.region_page.chosen_label.text()
    press(qtbot, wizard, Button.NextButton)

    assert wizard.currentId() == PAGE_KOP
    kop = wizard.kop_page
    assert (kop.instansi.text(), kop.unit.text(), kop.nama.text()) == (
        "PEMERINTAH KABUPATEN JEPARA",
        "KECAMATAN KEDUNG",
        "DESA TEDUNAN",
    )
    qtbot.keyClicks(kop.alamat, "Jl. Raya Tedunan No. 3")
    qtbot.keyClicks(kop.kode_pos, "594")
    press(qtbot, wizard, Button.NextButton)
    assert wizard.currentId() == PAGE_KOP  # postcode too short: message, input kept
    assert "Kode pos" in kop.problem_label.text()
    assert kop.alamat.text() == "Jl. Raya Tedunan No. 3"
    qtbot.keyClicks(kop.kode_pos, "63")
    qtbot.keyClicks(kop.telepon, "0291 555123")
    assert "Telp. 0291 555123" in kop.preview.text()
    press(qtbot, wizard, Button.NextButton)

    assert wizard.currentId() == PAGE_OFFICIALS
    officials = wizard.officials_page
    assert officials.kepala.jabatan.text() == "Kepala Desa Tedunan"
    press(qtbot, wizard, Button.NextButton)  # the head's name is required
    assert wizard.currentId() == PAGE_OFFICIALS
    qtbot.keyClicks(officials.kepala.nama, "Sutrisno")
    qtbot.keyClicks(officials.koordinator.nama, "Siti Aminah")
    press(qtbot, wizard, Button.NextButton)

    assert wizard.currentId() == PAGE_ADMIN
    admin = wizard.admin_page
    qtbot.keyClicks(admin.username, "nurul")
    qtbot.keyClicks(admin.nama, "Nurul Hidayah")
    qtbot.keyClicks(admin.password, "rahasia123")
    qtbot.keyClicks(admin.repeat, "rahasia124")
    press(qtbot, wizard, Button.NextButton)
    assert wizard.currentId() == PAGE_ADMIN
    assert "tidak sama" in admin.problem_label.text()
    assert (admin.username.text(), admin.password.text()) == ("nurul", "rahasia123")
    admin.repeat.clear()
    qtbot.keyClicks(admin.repeat, "rahasia123")
    press(qtbot, wizard, Button.NextButton)

    assert wizard.currentId() == PAGE_SUMMARY
    summary = wizard.summary_page.summary.text()
    assert "Tedunan" in summary and "Sutrisno" in summary and "nurul" in summary
    press(qtbot, wizard, Button.CommitButton)  # "Selesai": keys are generated here

    assert wizard.currentId() == PAGE_DONE
    result = wizard.setup_result
    assert result is not None
    assert wizard.done_page.fingerprint.text() == result.fingerprint
    assert not wizard.button(Button.CancelButton).isVisible()
    press(qtbot, wizard, Button.FinishButton)
    assert wizard.result() == QWizard.DialogCode.Accepted

    profile = fresh_desk.profile.get()
    assert profile is not None
    assert profile.desk_id.startswith("3320012004") and profile.desk_id == result.desk_id
    assert (profile.kop_nama, profile.alamat, profile.kode_pos, profile.telepon) == (
        "DESA TEDUNAN",
        "Jl. Raya Tedunan No. 3",
        "59463",
        "0291 555123",
    )
    assert not profile.is_demo
    signers = {(o.peran, o.nama) for o in fresh_desk.profile.officials()}
    assert signers == {("kepala", "Sutrisno"), ("koordinator", "Siti Aminah")}
    assert fresh_desk.profile.login("nurul", "rahasia123").peran == "admin"


def test_demo_choice_creates_demo_desk_with_households(qtbot: QtBot, fresh_desk: object) -> None:
    wizard = open_wizard(qtbot, fresh_desk)
    qtbot.mouseClick(wizard.mode_page.demo_button, Qt.MouseButton.LeftButton)

    assert wizard.result() == QWizard.DialogCode.Accepted
    assert wizard.setup_result is not None
    profile = fresh_desk.profile.get()
    assert profile is not None and profile.is_demo
    assert fresh_desk.registry.counts().keluarga > 0


def test_district_mode_asks_only_province_and_kabupaten(qtbot: QtBot, fresh_desk: object) -> None:
    wizard = open_wizard(qtbot, fresh_desk)
    dinas = wizard.mode_page.dinas
    # Click on the round indicator: a radio button only reacts on its indicator and label.
    qtbot.mouseClick(dinas, Qt.MouseButton.LeftButton, pos=QPoint(8, dinas.height() // 2))
    assert dinas.isChecked()
    press(qtbot, wizard, Button.NextButton)

    picker = wizard.region_page.picker
    assert picker.kabupaten.isVisible() and not picker.kecamatan.isVisible()
    assert not picker.desa.isVisible()
    choose(qtbot, picker.provinsi, "tengah", "Jawa Tengah")
    choose(qtbot, picker.kabupaten, "semarang", "Kota Semarang")
    assert picker.selected_code() == "33.74"
    press(qtbot, wizard, Button.NextButton)
    assert wizard.kop_page.nama.text() == "DINAS SOSIAL"
    press(qtbot, wizard, Button.NextButton)
    assert wizard.officials_page.kepala.title() == "Kepala Dinas Sosial"
    assert wizard.officials_page.kepala.jabatan.text() == "Kepala Dinas Sosial Kota Semarang"
    assert not wizard.officials_page.koordinator.isVisible()


def test_going_back_keeps_typed_letterhead(qtbot: QtBot, fresh_desk: object) -> None:
    wizard = open_wizard(qtbot, fresh_desk)
    press(qtbot, wizard, Button.NextButton)
    assert wizard.region_page.picker.select("33.20.01.2001")
    press(qtbot, wizard, Button.NextButton)
    wizard.kop_page.nama.setText("PEMERINTAH DESA KEDUNGMALANG")
    press(qtbot, wizard, Button.BackButton)
    press(qtbot, wizard, Button.NextButton)
    assert wizard.kop_page.nama.text() == "PEMERINTAH DESA KEDUNGMALANG"


def _write_noise_image(path: Path, side: int) -> Path:
    """Random pixels: PNG cannot compress them, so the shrinking loop really has to work."""
    pixels = random.Random(1).randbytes(side * side * 3)
    image = QImage(pixels, side, side, side * 3, QImage.Format.Format_RGB888).copy()
    assert image.save(str(path))
    return path


def test_logo_is_shrunk_to_png_and_bad_files_are_refused(qtbot: QtBot, tmp_path: Path) -> None:
    data = load_logo_png(_write_noise_image(tmp_path / "logo.png", 1400))
    assert data.startswith(b"\x89PNG") and len(data) <= MAX_LOGO_BYTES
    loaded = QImage.fromData(data, "PNG")
    assert 0 < max(loaded.width(), loaded.height()) <= 600

    broken = tmp_path / "rusak.png"
    broken.write_bytes(b"bukan gambar")
    with pytest.raises(UserError):
        load_logo_png(broken)

    field = LogoField(choose_file=lambda _parent: str(broken))
    qtbot.addWidget(field)
    field.choose()
    assert field.png is None
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    assert any("bukan gambar" in box.text() for box in boxes if box.isVisible())
    for box in boxes:
        box.close()


def test_tab_walks_the_letterhead_page_in_reading_order(qtbot: QtBot, fresh_desk: object) -> None:
    wizard = open_wizard(qtbot, fresh_desk)
    press(qtbot, wizard, Button.NextButton)
    assert wizard.region_page.picker.select("33.20.01.2001")
    press(qtbot, wizard, Button.NextButton)
    kop = wizard.kop_page
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow)
    kop.instansi.setFocus()
    visited = []
    for _ in range(7):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    assert visited == [  # "Hapus logo" is disabled while there is no logo
        kop.unit,
        kop.nama,
        kop.logo.choose_button,
        kop.alamat,
        kop.kode_pos,
        kop.telepon,
        kop.email,
    ]
