"""THE chart technology of the app: reportlab graphics, one Drawing per :class:`Grafik`.

The PDF embeds the Drawing as vectors; the screen shows the very same Drawing rendered to
SVG (``render_svg``) in a QSvgWidget. One drawing code, so the chart on paper and the chart
on the Beranda cannot differ, and no second chart library (Qt Charts) has to ship.

Design for a village printer: few colours that stay distinguishable in greyscale, value
labels on the bars (a photocopied chart loses its gridlines first), whole-number axes.
"""

from __future__ import annotations

import math
import re

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from puskesos_desktop.reports.model import Grafik

__all__ = ["PALETTE", "build_chart", "render_svg"]

PALETTE = (
    colors.HexColor("#1f5f99"),  # dark blue
    colors.HexColor("#e08a1e"),  # orange
    colors.HexColor("#3f9b5b"),  # green
    colors.HexColor("#8c5aa8"),  # purple
    colors.HexColor("#b23b3b"),  # red
)
TITLE_SIZE = 10
LABEL_SIZE = 7.5


def _nice_max(value: float) -> int:
    """An axis end at a round number above ``value`` (at least 1: empty months still draw)."""
    if value <= 4:
        return max(1, math.ceil(value))
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        top = step * magnitude
        if top >= value:
            return math.ceil(top)
    return math.ceil(value)


def _step(top: int) -> int:
    return max(1, top // 5) if top > 5 else 1


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Shorten a category name with an ellipsis so it fits beside the bars."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def build_chart(
    grafik: Grafik,
    width: float,
    height: float,
    *,
    font: str = "Helvetica",
    bold: str = "Helvetica-Bold",
) -> Drawing:
    """A bar chart of ``grafik`` sized ``width`` × ``height`` points."""
    drawing = Drawing(width, height)
    drawing.add(String(0, height - TITLE_SIZE, grafik.judul, fontName=bold, fontSize=TITLE_SIZE))
    series = grafik.seri
    legend_height = 14 if len(series) > 1 else 0
    top = height - TITLE_SIZE - 8 - legend_height
    values = [list(s.nilai) for s in series] or [[0.0]]
    peak = _nice_max(max((v for row in values for v in row), default=0.0))
    if grafik.horizontal:
        label_width = min(
            width * 0.38,
            max((stringWidth(k, font, LABEL_SIZE) for k in grafik.kategori), default=20) + 10,
        )
        chart = HorizontalBarChart()
        chart.x, chart.y = label_width, 14
        chart.width, chart.height = width - label_width - 24, top - 18
        chart.categoryAxis.labels.boxAnchor = "e"
        chart.categoryAxis.labels.dx = -4
        chart.categoryAxis.reverseDirection = 1  # first category at the top, as in the table
        names = [_fit(k, font, LABEL_SIZE, label_width - 6) for k in grafik.kategori]
        chart.barLabels.boxAnchor = "w"
        chart.barLabels.dx = 3
    else:
        chart = VerticalBarChart()
        chart.x, chart.y = 28, 24
        chart.width, chart.height = width - 36, top - 30
        chart.categoryAxis.labels.boxAnchor = "n"
        chart.categoryAxis.labels.dy = -3
        names = list(grafik.kategori)
        chart.barLabels.boxAnchor = "s"
        chart.barLabels.dy = 2
    chart.data = values
    chart.categoryAxis.categoryNames = names or [""]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = LABEL_SIZE
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = peak
    chart.valueAxis.valueStep = _step(peak)
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = LABEL_SIZE
    chart.valueAxis.labelTextFormat = "%d"
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = colors.HexColor("#d8d8d8")
    chart.valueAxis.gridStrokeWidth = 0.4
    chart.barLabelFormat = lambda v: f"{v:.0f}" if v else ""
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = LABEL_SIZE - 0.5
    chart.groupSpacing = 6 if len(series) > 1 else 4
    chart.barSpacing = 1
    for index in range(len(values)):
        chart.bars[index].fillColor = PALETTE[index % len(PALETTE)]
        chart.bars[index].strokeColor = None
    drawing.add(chart)
    if len(series) > 1:
        legend = Legend()
        legend.x, legend.y = 0, height - TITLE_SIZE - 6
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.deltax = 8
        legend.dxTextSpace = 4
        legend.fontName, legend.fontSize = font, LABEL_SIZE
        legend.boxAnchor = "nw"
        legend.dx = legend.dy = 7
        legend.colorNamePairs = [(PALETTE[i % len(PALETTE)], s.nama) for i, s in enumerate(series)]
        legend.variColumn = 1
        legend.columnMaximum = 1
        legend.deltax = max(stringWidth(s.nama, font, LABEL_SIZE) for s in series) + 22
        drawing.add(legend)
    return drawing


def render_svg(grafik: Grafik, width: int, height: int) -> bytes:
    """The same Drawing as SVG bytes (screen). Helvetica metrics: any sans font fits."""
    from reportlab.graphics import renderSVG

    text = renderSVG.drawToString(build_chart(grafik, width, height))
    data = text.encode("utf-8") if isinstance(text, str) else text
    return _without_clip(data)


# (reports-gui) QtSvg implements SVG Tiny, which has no <clipPath>: it paints the clip
# rectangle as a black box over the whole chart. The clip is the drawing's own bounds, so
# dropping it changes nothing in a browser and makes the chart visible in QSvgWidget.
_CLIP_PATH = re.compile(rb'<clipPath id="clip">.*?</clipPath>', re.S)


def _without_clip(svg: bytes) -> bytes:
    return _CLIP_PATH.sub(b"", svg).replace(b' style="clip-path: url(#clip)"', b"")
