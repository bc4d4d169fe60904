"""Layanan masuk: pick the beneficiary by search, describe the need, record consent, save."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from puskesos_desktop.gui.dialogs.intake_form import IntakeForm
from puskesos_desktop.gui.views.registrasi import RegistrasiView


@pytest.fixture
def adult(demo_desk: object) -> object:
    """A living adult of the demo village with a unique-enough NIK prefix, whom the demo
    year never served (so the intake the test records is their only one)."""
    rows = demo_desk.registry.search("", limit=300)  # type: ignore[attr-defined]
    return next(
        r for r in rows
        if r.tanggal_lahir and r.tanggal_lahir.year < 1990 and r.nik
        and not demo_desk.intake.for_person(r.uid)  # type: ignore[attr-defined]
    )


def open_form(qtbot: QtBot, demo_desk: object) -> IntakeForm:
    view = RegistrasiView(demo_desk)
    qtbot.addWidget(view)
    view.show()
    qtbot.mouseClick(view.intake_button, Qt.MouseButton.LeftButton)
    form = view.open_dialog
    assert isinstance(form, IntakeForm)
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    return form


def pick(qtbot: QtBot, form: IntakeForm, nik: str) -> None:
    qtbot.keyClicks(form.penerima.search, nik)
    qtbot.keyClick(form.penerima.search, Qt.Key.Key_Return)  # search now; one hit is chosen
    assert form.penerima.uid() is not None


def test_intake_with_consent_is_saved(qtbot: QtBot, demo_desk: object, adult: object) -> None:
    form = open_form(qtbot, demo_desk)
    pick(qtbot, form, adult.nik)  # type: ignore[attr-defined]
    assert form.penerima.uid() == adult.uid  # type: ignore[attr-defined]
    assert not form.domisili.isVisible()
    qtbot.keyClicks(form.saluran, "Tel")
    qtbot.keyClicks(form.uraian, "Atap rumah bocor, suami sakit stroke sejak Mei.")
    form.needs["KESEHATAN"].click()
    form.needs["PERUMAHAN"].click()
    qtbot.keyClicks(form.urgensi, "S")
    form.setuju_diproses.click()
    assert form.pemberi.isEnabled()
    qtbot.keyClick(form.uraian, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert form.saved is not None, form.problems.text()
    assert not form.isVisible()

    [intake] = demo_desk.intake.for_person(adult.uid)  # type: ignore[attr-defined]
    assert intake.saluran == "TELEPON_WA" and intake.urgensi == "SEGERA"
    assert set(intake.kebutuhan) == {"KESEHATAN", "PERUMAHAN"}
    assert intake.setuju_diproses and not intake.setuju_dibagikan
    assert intake.persetujuan_dari == "SENDIRI"
    assert intake.persetujuan_tanggal == date.today()
    assert intake.persetujuan_dicatat_oleh == intake.operator == "admin"
    assert intake.pelapor_uid == adult.uid  # type: ignore[attr-defined]


def test_reporter_other_than_beneficiary_and_domicile_flag(
    qtbot: QtBot, demo_desk: object, adult: object
) -> None:
    demo_desk.registry.mark_moved(adult.uid, date.today(), "Semarang")  # type: ignore[attr-defined]
    form = open_form(qtbot, demo_desk)
    pick(qtbot, form, adult.nik)  # type: ignore[attr-defined]
    assert form.domisili.isVisible() and "pindah keluar" in form.domisili.text()
    form.other_applicant.click()
    qtbot.keyClicks(form.uraian, "Dilaporkan tetangga: tinggal sendiri, tidak makan.")
    form.save()
    assert form.saved is None
    assert "nama pelapor" in form.problems.text()
    assert form.uraian.toPlainText().startswith("Dilaporkan")  # nothing typed is lost
    qtbot.keyClicks(form.pelapor_nama, "Bu Sri")
    qtbot.keyClicks(form.pelapor_telepon, "0812 3456 7890")
    qtbot.keyClicks(form.pelapor_hubungan, "tetangga")
    form.save()
    assert form.saved is not None and form.saved.luar_wilayah, form.problems.text()
    [intake] = demo_desk.intake.for_person(adult.uid)  # type: ignore[attr-defined]
    assert (intake.pelapor_nama, intake.pelapor_telepon) == ("Bu Sri", "081234567890")
    assert not intake.setuju_diproses and intake.persetujuan_dari == ""
    assert intake.luar_wilayah and "pindah keluar" in intake.catatan_domisili
