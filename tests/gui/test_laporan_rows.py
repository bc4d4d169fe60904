"""Laporan rows open what they count; district tables fit 1366 px; the preview switches paper.

Driven like an operator: double-click a row or select it and press Enter, click a village
row at the district, pick F4 in the print preview. The lists are checked against the row's
own figure (the service test holds every mapped row to that; here the screen wiring).
"""

from __future__ import annotations

import io
import sys
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from pypdf import PdfReader
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot
from reportlab.lib.units import mm
from test_laporan import WAIT_MS, AskPath, _show_march, runner, view_for  # noqa: F401

from puskesos_desktop.gui.runner import JobRunner
from puskesos_desktop.gui.views.laporan import LaporanView
from puskesos_desktop.services.profile import ProfileService

sys.path.insert(0, str(Path(__file__).parents[1] / "reports"))
from report_kit import known_desk_fixture  # noqa: F401 - fixture

MAIN_WINDOW_PAGE = (1366 - 200 - 20, 640)  # the page area at 1366×768 beside the sidebar


def _row(view: LaporanView, kode: str, kunci: str) -> int:
    view.pane.select(kode)
    return next(i for i, b in enumerate(view.shown.table(kode).baris) if b.kunci == kunci)


def _double_click(qtbot: QtBot, view: LaporanView, row: int) -> None:
    """Press, release, double-click: the event sequence of a real double-click."""
    table = view.pane.table
    index = view.pane.model.index(row, 0)
    table.scrollTo(index)
    point = table.visualRect(index).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=point)


def _listed(qtbot: QtBot, view: LaporanView) -> Any:
    dialog = view.daftar_dialog
    qtbot.waitUntil(lambda: dialog.daftar is not None, timeout=WAIT_MS)
    return dialog


def test_rows_open_their_lists(qtbot: QtBot, view_for: Any) -> None:  # noqa: F811
    view = view_for(AskPath(None))
    view.show()
    qtbot.waitUntil(lambda: view.job is None, timeout=WAIT_MS)
    _show_march(qtbot, view)

    _double_click(qtbot, view, _row(view, "ppks", "PPKS:LUT"))
    dialog = _listed(qtbot, view)
    assert dialog.daftar.judul == "PPKS LUT (Lanjut usia telantar) — Maret 2026"
    assert dialog.model.rowCount() == 1
    assert view.pane.open_hint.isVisible()
    dialog.close()

    row = _row(view, "rujukan", "JENIS:PUSKESMAS")
    view.pane.table.setFocus()
    view.pane.table.setCurrentIndex(view.pane.model.index(row, 0))
    qtbot.keyClick(view.pane.table, Qt.Key.Key_Return)
    dialog = _listed(qtbot, view)
    assert dialog.daftar.judul.startswith("Rujukan ke Puskesmas")
    assert dialog.model.rowCount() == view.shown.table("rujukan").cell(
        "JENIS:PUSKESMAS", "Jumlah dirujuk")
    dialog.close()

    opened = view.daftar_dialog
    _double_click(qtbot, view, view.pane.model.rowCount() - 1)  # the "Jumlah" row
    assert view.daftar_dialog is opened  # nothing new opened
    assert "Klik dua kali" in view.pane.model.data(
        view.pane.model.index(0, 0), Qt.ItemDataRole.ToolTipRole)


def _district_view(qtbot: QtBot, context: Any, runner: JobRunner,  # noqa: F811
                   settings: QSettings) -> LaporanView:
    from test_rekap_district import _enrol, _village_data

    from puskesos_desktop.services.reports import ReportService

    _enrol(context)
    for desk_id, intakes in (("DESA-3320012001", 2), ("DESA-3320012002", 1),
                             ("DESA-3320022001", 3)):
        _village_data(context, desk_id, intakes=intakes, without_nik=1)
    desk = SimpleNamespace(profile=ProfileService(context),
                           reports=ReportService(context, today=lambda: date(2026, 4, 2)))
    view = LaporanView(desk, runner, settings, ask_path=AskPath(None))
    qtbot.addWidget(view)
    view.resize(*MAIN_WINDOW_PAGE)
    view.period.set_month(2026, 3)
    view.show()
    _show_march(qtbot, view)
    return view


def test_district_tables_fit_and_a_village_row_narrows(
    qtbot: QtBot, context: Any, runner: JobRunner, settings: QSettings  # noqa: F811
) -> None:
    view = _district_view(qtbot, context, runner, settings)
    for kode in ("per_kecamatan", "per_desa", "belum_kirim", "rujukan"):
        view.pane.select(kode)
        qtbot.waitUntil(lambda: view.pane.table.horizontalScrollBar().maximum() == 0)
    view.pane.select("per_desa")
    model = view.pane.model
    assert model.headerData(6, Qt.Orientation.Horizontal) == "Rujukan\nmendapat hasil"
    assert model.headerData(6, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == \
        "Rujukan mendapat hasil"  # the full title

    row = _row(view, "per_desa", "DESK:DESA-3320022001")
    with qtbot.waitSignal(view.pane.shown, timeout=WAIT_MS):
        _double_click(qtbot, view, row)
    assert view.kecamatan.currentData() == "33.20.02"
    assert view.desa.currentData() == "DESA-3320022001"
    assert [b.kunci for b in view.shown.table("per_desa").baris] == ["DESK:DESA-3320022001"]
    assert view.shown.table("layanan_saluran").total[-1] == 3
    assert not view.row_opens("DESK:DESA-3320022001")  # already narrowed: nothing to open


def _page_mm(pdf: bytes) -> tuple[int, int]:
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    return round(float(box.width) / mm), round(float(box.height) / mm)


def test_preview_switches_paper(
    qtbot: QtBot, context: Any, runner: JobRunner, settings: QSettings  # noqa: F811
) -> None:
    view = _district_view(qtbot, context, runner, settings)
    qtbot.mouseClick(view.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.preview is not None and view.preview.page_count > 0,
                    timeout=WAIT_MS)
    preview = view.preview
    assert preview.paper.isEnabled() and preview.paper_name == "A4"
    assert preview.landscape and _page_mm(preview.pdf) == (297, 210)
    preview.paper.setCurrentIndex(preview.paper.findData("F4"))
    qtbot.waitUntil(lambda: _page_mm(preview.pdf) == (330, 215), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: preview.print_button.isEnabled(), timeout=WAIT_MS)
    assert preview.page_info.text().endswith("halaman")
    preview.close()
