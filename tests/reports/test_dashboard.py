"""Beranda figures over the known dataset, and the chart the screen and the PDF share."""

from __future__ import annotations

from xml.etree import ElementTree

from report_kit import PERIOD, KnownDesk, known_desk_fixture  # noqa: F401 - fixture

from puskesos_desktop.reports.charts import build_chart
from puskesos_desktop.services.reports import chart_svg
from puskesos_desktop.services.reports_types import RekapFilter


def test_dashboard_figures(known_desk: KnownDesk) -> None:
    board = known_desk.reports.dashboard()  # "today" is 6 April 2026
    assert board.bulan_ini.label == "April 2026"
    values = {
        a.kode: a.nilai
        for group in (board.bulan, board.rujukan_status, board.perhatian, board.verivali)
        for a in group
    }
    assert values["layanan_masuk"] == 0 and values["asesmen"] == 0
    assert values["status:DRAF"] == 1
    assert values["status:DIRUJUK"] == 1
    assert values["status:SELESAI_DILAYANI"] == 2
    assert values["status:DITOLAK"] == 1
    assert values["terlambat"] == 1 and values["tanpa_kabar"] == 1  # Joko's, due 3 April
    assert values["tanpa_nik"] == 2
    assert values["verivali_terbuka"] == 1
    assert values["verivali_dikunjungi"] == 1  # the 2 April visit
    assert values["verivali_selesai"] == 2
    assert board.angka("terlambat").tujuan.filter == "TERLAMBAT"


def test_trend_matches_the_recap_of_each_month(known_desk: KnownDesk) -> None:
    board = known_desk.reports.dashboard()
    assert len(board.tren_bulan) == 12 and board.tren_bulan[-1] == board.bulan_ini
    series = {s.nama: s.nilai for s in board.tren.seri}
    march = board.tren_bulan.index(PERIOD)
    assert series["Layanan masuk"][march - 1 : march + 1] == (1.0, 3.0)
    assert series["Asesmen"][march - 1 : march + 1] == (1.0, 3.0)
    assert series["Rujukan dikirim"][march - 1 : march + 1] == (1.0, 3.0)
    assert series["Rujukan mendapat hasil"][march] == 3.0
    rekap = known_desk.reports.rekap(RekapFilter(PERIOD))
    assert rekap.table("layanan_saluran").total[-1] == series["Layanan masuk"][march]
    assert rekap.table("rujukan").total[-2] == series["Rujukan dikirim"][march]


def test_chart_svg_is_the_pdf_drawing(known_desk: KnownDesk) -> None:
    board = known_desk.reports.dashboard()
    svg = chart_svg(board.tren, 640, 260)
    root = ElementTree.fromstring(svg)
    assert root.tag.endswith("svg")
    text = svg.decode("utf-8")
    assert "Layanan masuk" in text and "Mar 26" in text
    drawing = build_chart(board.tren, 640, 260)
    assert (drawing.width, drawing.height) == (640, 260)
