"""Rujukan screen driven like an operator: form, letter, preview, status, verify, directory."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from message_boxes import close_message_boxes
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from referral_kit import demo_keys_fixture  # noqa: F401 - fixture

from puskesos_desktop.domain.referral_state import StatusRujukan
from puskesos_desktop.gui.runner import JobRunner
from puskesos_desktop.gui.views.rujukan import RujukanView
from puskesos_desktop.services.desk_keys import KEYS_EXTRA
from puskesos_desktop.services.lembaga import LembagaInput
from puskesos_desktop.services.referral_types import ReferralInput

WAIT_MS = 20_000


@pytest.fixture
def desk(demo_desk: Any, demo_keys: Any) -> Any:
    demo_desk.context.extras[KEYS_EXTRA] = demo_keys
    demo_desk.lembaga.create(LembagaInput(nama="Puskesmas Kedung I", jenis="PUSKESMAS",
                                          jabatan_penerima="Kepala Puskesmas Kedung I"))
    demo_desk.lembaga.create(LembagaInput(nama="RSUD Kartini", jenis="RUMAH_SAKIT"))
    return demo_desk


@pytest.fixture
def view(qtbot: QtBot, desk: Any) -> Iterator[RujukanView]:
    runner = JobRunner()
    widget = RujukanView(desk, runner)
    qtbot.addWidget(widget)
    widget.resize(1166, 740)
    widget.show()
    yield widget
    runner.shutdown(WAIT_MS)
    for dialog in widget.findChildren(QDialog):  # leave no window behind for later tests
        dialog.close()
    close_message_boxes()


def _referral(desk: Any, *, issued: bool = False, service: Any = None, **extra: Any) -> str:
    """A referral to the fixture's Puskesmas Kedung I (``service``: on another day)."""
    person = next(r for r in desk.registry.search("", limit=100)
                  if r.tanggal_lahir and r.tanggal_lahir.year < 1990)
    lembaga = next(v for v in desk.lembaga.list() if v.nama == "Puskesmas Kedung I")
    uid = (service or desk.referral).create(ReferralInput(
        orang_uid=person.uid, lembaga_uid=lembaga.uid, alasan="Perlu pemeriksaan lanjutan.",
        setuju_dibagikan=True, **extra)).uid
    if issued:
        desk.letters.issue(uid)
    return uid


def test_new_referral_form_letter_preview_and_save_pdf(qtbot: QtBot, view: RujukanView,
                                                       desk: Any, tmp_path: Path) -> None:
    adult = next(r for r in desk.registry.search("", limit=100)
                 if r.nik and r.tanggal_lahir and r.tanggal_lahir.year < 1990)
    form = view.new_referral()
    qtbot.keyClicks(form.search, adult.nik)
    qtbot.waitUntil(lambda: form.results.count() > 0)
    first = form.results.item(0)
    rect = form.results.visualItemRect(first)
    qtbot.mouseClick(form.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert form.orang_uid
    form.lembaga.setCurrentIndex(form.lembaga.findText("Puskesmas Kedung I (Puskesmas)"))
    qtbot.keyClicks(form.alasan, "Lansia tinggal sendiri, perlu pemeriksaan rutin.")
    qtbot.keyClicks(form.layanan, "Pemeriksaan kesehatan lansia")
    form.documents[0].click()
    assert not form.issue_button.isEnabled()  # no letter without consent
    form.consent.click()
    assert form.issue_button.isEnabled()
    earlier = desk.letters.register()  # the demo year's letters
    qtbot.mouseClick(form.issue_button, Qt.MouseButton.LeftButton)
    assert form.saved_uid, close_message_boxes()

    qtbot.waitUntil(lambda: view.preview is not None and view.preview.isVisible(),
                    timeout=WAIT_MS)
    preview = view.preview
    assert preview is not None and preview.pages.count() == 1
    letters = [row for row in desk.letters.register() if row not in earlier]
    assert len(letters) == 1
    referral = desk.referral.get(letters[0].rujukan_uid)
    assert referral.status == StatusRujukan.DIRUJUK
    assert referral.dokumen_dibawa == ("Fotokopi KTP",)
    assert referral.layanan_diminta == ("Pemeriksaan kesehatan lansia",)

    target = tmp_path / "surat"
    preview._ask_path = lambda _parent, _name: str(target)
    qtbot.mouseClick(preview.save_button, Qt.MouseButton.LeftButton)
    saved = target.with_suffix(".pdf")
    text = PdfReader(io.BytesIO(saved.read_bytes())).pages[0].extract_text()
    assert letters[0].nomor in text and referral.orang_nama in text
    def reprints() -> int:
        (row,) = [r for r in desk.letters.register() if r.uid == letters[0].uid]
        return row.jumlah_cetak_ulang

    assert reprints() == 0  # first output: not a reprint
    preview.paper.setCurrentIndex(preview.paper.findData("F4"))
    qtbot.mouseClick(preview.save_button, Qt.MouseButton.LeftButton)
    assert reprints() == 1
    height = float(PdfReader(io.BytesIO(saved.read_bytes())).pages[0].mediabox.height)
    assert round(height * 25.4 / 72) == 330
    preview.close()


def test_status_change_through_the_dialog(qtbot: QtBot, view: RujukanView, desk: Any) -> None:
    uid = _referral(desk, issued=True)
    view.refresh(uid)
    assert view.current is not None and view.current.uid == uid
    dialog = view.change_status()
    dialog.choose(StatusRujukan.DITOLAK)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert any("alasan" in text.lower() for text in close_message_boxes())
    assert desk.referral.get(uid).status == StatusRujukan.DIRUJUK
    dialog.choose(StatusRujukan.DITERIMA)
    qtbot.keyClicks(dialog.catatan, "Dikonfirmasi lewat telepon")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert desk.referral.get(uid).status == StatusRujukan.DITERIMA
    assert desk.referral.history(uid)[-1].catatan == "Dikonfirmasi lewat telepon"
    assert "Diterima" in view.info.text()


def test_redirect_return_slip_and_void(qtbot: QtBot, view: RujukanView, desk: Any) -> None:
    uid = _referral(desk, issued=True)
    view.refresh(uid)
    dialog = view.change_status()
    dialog.choose(StatusRujukan.DIALIHKAN)
    assert dialog.new_lembaga.isVisible()
    assert dialog.new_lembaga.findText("Puskesmas Kedung I") == -1  # not where it was sent
    dialog.new_lembaga.setCurrentIndex(dialog.new_lembaga.findText("RSUD Kartini"))
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert desk.referral.get(uid).status == StatusRujukan.DIALIHKAN
    assert view.current is not None and view.current.uid == desk.referral.get(uid).rujukan_baru_uid
    assert view.current.lembaga_nama == "RSUD Kartini"

    second = _referral(desk, issued=True)
    code = desk.referral.get(second).kode_balik
    slip = view.record_slip()
    qtbot.keyClicks(slip.code, code.lower())
    qtbot.mouseClick(slip.findChildren(type(view.new_button))[0], Qt.MouseButton.LeftButton)
    assert desk.referral.get(second).orang_nama in slip.found.text()
    slip.outcomes.button(2).click()  # Sudah dilayani
    qtbot.keyClicks(slip.petugas, "Bidan Sari")
    qtbot.mouseClick(slip.ok, Qt.MouseButton.LeftButton)
    assert desk.referral.get(second).status == StatusRujukan.SELESAI_DILAYANI

    third = _referral(desk, issued=True)
    view.refresh(third)
    assert view.void_button.isEnabled()
    view.void_letter("Nama salah ketik")  # default operator in the demo is admin
    assert desk.letters.letters_for(third)[0].status == "BATAL"
    assert view.issue_button.isEnabled()


def test_verify_dialog_and_directory(qtbot: QtBot, view: RujukanView, desk: Any,
                                     tmp_path: Path) -> None:
    uid = _referral(desk, issued=True)
    surat = desk.letters.letters_for(uid)[0]
    pdf = tmp_path / "surat.pdf"
    pdf.write_bytes(desk.letters.render(surat.uid))
    dialog = view.open_verify()
    dialog._ask_file = lambda _parent: str(pdf)
    dialog.check_pdf()
    assert dialog.verdict.isVisible() and "SAH" in dialog.verdict.text()
    qtbot.keyClicks(dialog.text, "PSK1*rusak")
    qtbot.mouseClick(dialog.findChildren(type(view.new_button))[1], Qt.MouseButton.LeftButton)
    assert "Bukan kode surat" in dialog.verdict.text()
    dialog.close()

    directory = view.open_directory()
    directory.start_new()
    qtbot.keyClicks(directory.nama, "Unit PPA Polres Jepara")
    directory.jenis.setCurrentIndex(directory.jenis.findData("PPA"))
    directory.melayani.item(5).setCheckState(Qt.CheckState.Checked)
    qtbot.mouseClick(directory.save_button, Qt.MouseButton.LeftButton)
    created = [v for v in desk.lembaga.list() if v.nama == "Unit PPA Polres Jepara"]
    assert created and created[0].melayani == ("PERLINDUNGAN",)
    directory.close()


def test_home_screen_lists_overdue_follow_ups(qtbot: QtBot, desk: Any) -> None:
    from puskesos_desktop.gui.views.beranda import BerandaView
    from puskesos_desktop.gui.widgets.overdue_list import MAX_ITEMS
    from puskesos_desktop.services.referral import ReferralService

    # Followed up long ago, so it is the oldest of the overdue (the demo year has a few).
    long_ago = ReferralService(desk.context, today=lambda: date.today() - timedelta(days=200))
    uid = _referral(desk, issued=True, service=long_ago,
                    tanggal_tindak_lanjut=date.today() - timedelta(days=190))
    desk.__dict__["referral"] = ReferralService(
        desk.context, today=lambda: date.today() + timedelta(days=30))
    late = len(desk.referral.overdue())
    runner = JobRunner()
    home = BerandaView(desk, runner)
    qtbot.addWidget(home)
    with qtbot.waitSignal(home.loaded, timeout=WAIT_MS):
        home.show()  # figures arrive from a background job
    assert home.overdue.items.count() == min(late, MAX_ITEMS) + (late > MAX_ITEMS)
    assert desk.referral.get(uid).orang_nama in home.overdue.items.item(0).text()
    with qtbot.waitSignal(home.open_target) as signal:
        home.overdue.more.click()
    assert (signal.args[0].layar, signal.args[0].filter) == ("rujukan", "TERLAMBAT")
    runner.shutdown(WAIT_MS)
