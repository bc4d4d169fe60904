"""A chart on screen: the SVG that ``reports/charts.py`` draws with reportlab, shown as is.

Why SVG and not Qt Charts: the PDF and the screen use the same reportlab drawing, so a bar
looks (and counts) the same in both. The SVG bytes are made on a worker thread together with
the figures; this widget only loads them on the GUI thread. The drawing keeps its aspect
ratio (bars are never stretched into slabs on a wide 1366 px screen) and a chart that has
nothing to show says so in words instead of drawing an empty frame.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import QSizePolicy, QWidget

from puskesos_desktop.i18n import _

DEFAULT_SIZE = QSize(520, 260)


class SvgChart(QSvgWidget):
    """Shows one chart; ``set_svg(b"")`` shows ``empty_text`` instead."""

    def __init__(self, empty_text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty_text = empty_text or _("Belum ada data untuk grafik ini.")
        self.renderer().setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setMinimumHeight(120)
        self._has_chart = False

    @property
    def has_chart(self) -> bool:
        return self._has_chart

    def set_svg(self, svg: bytes) -> None:
        self._has_chart = bool(svg) and self.renderer().load(QByteArray(svg))
        self.renderer().setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)  # load resets it
        self.updateGeometry()
        self.update()

    def _natural(self) -> QSize:
        size = self.renderer().defaultSize() if self._has_chart else QSize()
        return size if size.isValid() and not size.isEmpty() else DEFAULT_SIZE

    def sizeHint(self) -> QSize:
        return self._natural()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        natural = self._natural()
        return max(self.minimumHeight(), round(width * natural.height() / natural.width()))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        if self._has_chart:  # white paper behind the chart, as in the PDF
            painter.fillRect(self.rect(), Qt.GlobalColor.white)
            self.renderer().render(painter)
            painter.end()
            return
        painter.setPen(self.palette().placeholderText().color())
        painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.empty_text)
        painter.end()
