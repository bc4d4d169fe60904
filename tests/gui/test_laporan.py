"""Laporan screen driven like an operator over the known March 2026 dataset (report_kit).

The screen model must show exactly the figures the PDF and XLSX print (reports-core checks
those files against the same ``EXPECTED``), save both files, say clearly when a folder is
not writable (keeping the choices), and stop a running job on "Batal".
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from message_boxes import close_message_boxes
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from puskesos_desktop.gui.formatting import format_number
from puskesos_desktop.gui.runner import JobRunner
from puskesos_desktop.gui.views.laporan import KEY_FOLDER, LaporanView
from puskesos_desktop.services.profile import ProfileService

sys.path.insert(0, str(Path(__file__).parents[1] / "reports"))
from report_kit import EXPECTED, TOTALS, known_desk_fixture  # noqa: F401 - fixture

WAIT_MS = 20_000


class AskPath:
    """Stands in for the save dialog: answers ``answer`` and records what was suggested."""

    def __init__(self, answer: Path | None) -> None:
        self.answer = answer
        self.suggested: list[str] = []

    def __call__(self, _parent: object, suggested: str, _fmt: str) -> str | None:
        self.suggested.append(suggested)
        return str(self.answer) if self.answer else None


@pytest.fixture
def runner() -> Iterator[JobRunner]:
    jobs = JobRunner()
    yield jobs
    jobs.shutdown(WAIT_MS)


@pytest.fixture
def view_for(qtbot: QtBot, known_desk: Any, runner: JobRunner, settings: QSettings) -> Any:
    desk = SimpleNamespace(profile=ProfileService(known_desk.context), reports=known_desk.reports)

    def make(ask_path: AskPath) -> LaporanView:
        view = LaporanView(desk, runner, settings, ask_path=ask_path)
        qtbot.addWidget(view)
        view.resize(1166, 700)
        view.period.set_month(2026, 3)
        return view

    return make


def _show_march(qtbot: QtBot, view: LaporanView) -> None:
    with qtbot.waitSignal(view.pane.shown, timeout=WAIT_MS):
        qtbot.mouseClick(view.show_button, Qt.MouseButton.LeftButton)


def test_screen_model_shows_the_exact_figures(qtbot: QtBot, view_for: Any) -> None:
    view = view_for(AskPath(None))
    view.show()  # a village desk shows this month at once; then the operator picks March
    qtbot.waitUntil(lambda: view.job is None, timeout=WAIT_MS)
    _show_march(qtbot, view)
    rekap = view.shown
    assert rekap.periode.label == "Maret 2026"
    model = view.pane.model
    for kode, cells in EXPECTED.items():
        view.pane.select(kode)
        tabel = rekap.table(kode)
        assert view.pane.heading.text() == tabel.judul
        labels = len(tabel.kolom_label)
        for (kunci, judul), value in cells.items():
            row = next(i for i, b in enumerate(tabel.baris) if b.kunci == kunci)
            column = next(i for i, k in enumerate(tabel.kolom) if k.judul == judul)
            assert model.text(row, labels + column) == format_number(
                value, tabel.kolom[column].desimal), (kode, kunci, judul)
        for judul, value in TOTALS.get(kode, {}).items():
            column = next(i for i, k in enumerate(tabel.kolom) if k.judul == judul)
            total_row = model.rowCount() - 1
            assert model.is_total_row(total_row)
            assert model.text(total_row, 0) == "Jumlah"
            assert model.text(total_row, labels + column) == format_number(
                value, tabel.kolom[column].desimal), (kode, judul)
    view.pane.select("layanan_saluran")
    assert [model.text(0, c) for c in range(model.columnCount())][-1] == "2"
    view.pane.select("grafik:0")
    assert view.pane.chart.has_chart


def test_agenda_lists_letters_in_number_order(qtbot: QtBot, view_for: Any) -> None:
    from report_kit import AGENDA_NUMBERS

    view = view_for(AskPath(None))
    view.kind.setCurrentIndex(view.kind.findData("agenda"))
    _show_march(qtbot, view)
    model = view.pane.agenda_model
    assert [model.text(r, 1) for r in range(model.rowCount())] == list(AGENDA_NUMBERS)


def test_saves_pdf_and_excel_and_remembers_the_folder(
    qtbot: QtBot, view_for: Any, tmp_path: Path, settings: QSettings
) -> None:
    out = tmp_path / "laporan"
    ask = AskPath(out / "rekap-maret")  # typed without an extension
    view = view_for(ask)
    handle = view.save("pdf")
    with qtbot.waitSignal(handle.finished, timeout=WAIT_MS):
        pass
    pdf = out / "rekap-maret.pdf"
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Maret 2026" in text
    assert settings.value(KEY_FOLDER) == str(out)
    assert "tersimpan" in view.info.text()

    ask.answer = out / "rekap-maret.xlsx"
    handle = view.save("xlsx")
    with qtbot.waitSignal(handle.finished, timeout=WAIT_MS):
        pass
    assert ask.suggested[-1] == str(out / "Rekap Puskesos 2026-03.xlsx")  # remembered folder
    workbook = load_workbook(out / "rekap-maret.xlsx")
    assert len(workbook.sheetnames) >= 2


def test_unwritable_folder_says_so_and_keeps_the_choice(
    qtbot: QtBot, view_for: Any, tmp_path: Path, settings: QSettings
) -> None:
    blocker = tmp_path / "bukan-folder"
    blocker.write_text("ini berkas, bukan folder")
    view = view_for(AskPath(blocker / "rekap.pdf"))
    view.kind.setCurrentIndex(view.kind.findData("agenda"))
    handle = view.save("pdf")
    with qtbot.waitSignal(handle.finished, timeout=WAIT_MS):
        pass
    messages = close_message_boxes()
    assert len(messages) == 1 and "tidak dapat disimpan" in messages[0]
    assert "Pilih folder lain" in messages[0]
    assert view.report_kind == "agenda" and view.period.periode().label == "Maret 2026"
    assert settings.value(KEY_FOLDER) is None
    assert view.pdf_button.isEnabled()


def test_cancel_stops_the_job_and_writes_nothing(
    qtbot: QtBot, view_for: Any, known_desk: Any, runner: JobRunner, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reports = known_desk.reports
    original = reports.rekap
    started, gate = threading.Event(), threading.Event()

    def slow_rekap(chosen: Any, *, progress: Any, cancel: Any) -> Any:
        progress(1, 10, "Menghitung")
        started.set()
        assert gate.wait(WAIT_MS / 1000)  # held until the operator pressed "Batal"
        return original(chosen, progress=progress, cancel=cancel)

    monkeypatch.setattr(reports, "rekap", slow_rekap)
    target = tmp_path / "rekap.pdf"
    view = view_for(AskPath(target))
    handle = view.save("pdf")
    qtbot.waitUntil(lambda: handle.dialog is not None and handle.dialog.isVisible(),
                    timeout=WAIT_MS)
    assert started.is_set()
    cancel = next(b for b in handle.dialog.findChildren(QPushButton) if b.text() == "Batal")
    with qtbot.waitSignal(runner.status_message, timeout=WAIT_MS) as status:
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
        gate.set()
    assert status.args == ["Dibatalkan"]
    assert not target.exists() and not list(tmp_path.glob(".laporan-*"))
    assert view.pdf_button.isEnabled()


def test_district_filters_limit_the_recap(
    qtbot: QtBot, context: Any, runner: JobRunner, settings: QSettings
) -> None:
    from datetime import date

    from test_rekap_district import _enrol, _village_data

    from puskesos_desktop.services.reports import ReportService

    _enrol(context)
    _village_data(context, "DESA-3320012001", intakes=2, without_nik=1)
    _village_data(context, "DESA-3320012002", intakes=1, without_nik=0)
    _village_data(context, "DESA-3320022001", intakes=3, without_nik=2)
    desk = SimpleNamespace(profile=ProfileService(context),
                           reports=ReportService(context, today=lambda: date(2026, 4, 2)))
    view = LaporanView(desk, runner, settings, ask_path=AskPath(None))
    qtbot.addWidget(view)
    view.period.set_month(2026, 3)
    assert view.kecamatan.isVisibleTo(view) and view.desa.isVisibleTo(view)
    assert view.kecamatan.count() == 3 and view.desa.count() == 4  # "Semua…" + choices
    view.kecamatan.setCurrentIndex(view.kecamatan.findData("33.20.01"))
    assert view.desa.count() == 3  # the two Kedung villages only
    _show_march(qtbot, view)
    per_desa = view.shown.table("per_desa")
    assert {row.kunci for row in per_desa.baris} == {"DESK:DESA-3320012001",
                                                      "DESK:DESA-3320012002"}
    view.pane.select("per_desa")
    model = view.pane.model
    assert model.text(model.rowCount() - 1, 0) == "Jumlah"
