"""Page machinery shared by letters and reports: kop pages, page numbers, bottom anchoring.

* The first page carries the full letterhead, later pages a compact running header, so a
  loose second sheet still says whose letter it belongs to (templates switch by themselves).
* "Halaman 1 dari 2" needs the total before any page is written; :func:`numbered_canvas`
  keeps the pages in memory and stamps the numbers on save (one pass, no double build). A
  single-page document gets no number, as on a typed letter.
* :class:`BottomAnchored` puts a block (the return slip) at the foot of the page it lands on
  and moves it whole to a new page when it does not fit: a tear-off slip must never split.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from puskesos_desktop.letters.fonts import FontSet
from puskesos_desktop.letters.kop import (
    KopLayout,
    Letterhead,
    draw_letterhead,
    draw_running_header,
)
from puskesos_desktop.letters.paper import Paper

FOOTER_SPACE = 6 * mm
HEADER_GAP = 3.5 * mm
RUNNING_HEADER_HEIGHT = 20.0


def numbered_canvas(font: str, size: float, paper: Paper) -> type[Canvas]:
    """A Canvas class that writes ``Halaman n dari N`` centred at the foot of every page."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                if total > 1:
                    self.setFont(font, size)
                    self.drawCentredString(
                        paper.width / 2, paper.bottom - 2, f"Halaman {number} dari {total}"
                    )
                super().showPage()
            super().save()

    return NumberedCanvas


class BottomAnchored(Flowable):
    """Stacks ``flowables`` at the bottom of the frame, or moves them whole to a new page."""

    def __init__(self, flowables: Sequence[Flowable], min_gap: float = 4 * mm) -> None:
        super().__init__()
        self.flowables = list(flowables)
        self.min_gap = min_gap
        self._heights: list[float] = []
        self._inner = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._heights = [item.wrap(avail_width, avail_height)[1] for item in self.flowables]
        self._inner = sum(self._heights)
        self.width = avail_width
        needed = self._inner + self.min_gap
        self.height = avail_height if needed <= avail_height else needed
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []  # never split: the frame then moves us to the next page

    def draw(self) -> None:
        y = self._inner
        for item, height in zip(self.flowables, self._heights, strict=True):
            y -= height
            item.drawOn(self.canv, 0, y)


@dataclass(frozen=True, slots=True)
class PageSetup:
    """What every page of one document shows around the flowing text."""

    paper: Paper
    fonts: FontSet
    letterhead: Letterhead
    kop: KopLayout
    running_reference: str  # e.g. "Surat Rujukan Nomor 460/007/2001/XI/2026"


def _frame(paper: Paper, top: float, frame_id: str) -> Frame:
    bottom = paper.bottom + FOOTER_SPACE
    return Frame(
        paper.left, bottom, paper.content_width, top - bottom, id=frame_id,
        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
    )


def build_pdf(
    story: list[Flowable], setup: PageSetup, *, title: str, author: str, subject: str,
    keywords: str = "",
) -> bytes:
    """Lay ``story`` out on kop pages and return the PDF bytes.

    ``keywords`` lands in the document metadata (a letter puts its QR text there, so a PDF
    can be verified without decoding the QR image).
    """
    # Binary (not ASCII85) streams: a quarter smaller and a few ms faster; our PDFs travel
    # as files, never through 7-bit channels. reportlab only has this as a global setting.
    rl_config.useA85 = 0
    paper = setup.paper
    page_top = paper.height - paper.top
    first_top = page_top - setup.kop.height - HEADER_GAP
    later_top = page_top - RUNNING_HEADER_HEIGHT - HEADER_GAP

    def first_page(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        draw_letterhead(canvas, setup.kop, paper.left, page_top, paper.content_width)

    def later_page(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        draw_running_header(canvas, setup.letterhead, setup.fonts, paper.left, page_top,
                            paper.content_width, setup.running_reference)

    templates = [
        PageTemplate("pertama", [_frame(paper, first_top, "isi1")], onPage=first_page,
                     pagesize=paper.size, autoNextPageTemplate="lanjutan"),
        PageTemplate("lanjutan", [_frame(paper, later_top, "isi")], onPage=later_page,
                     pagesize=paper.size),
    ]
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=paper.size,
        pageTemplates=templates,
        title=title,
        author=author,
        subject=subject,
        keywords=keywords,
        creator="Puskesos Desk",
        producer="Puskesos Desk (reportlab)",
        lang="id-ID",
        initialFontName=setup.fonts.regular,
        leftMargin=paper.left,
        rightMargin=paper.right,
        topMargin=paper.top,
        bottomMargin=paper.bottom,
    )
    canvasmaker: Callable[..., Canvas] = numbered_canvas(setup.fonts.regular, 8.5, paper)
    doc.build(story, canvasmaker=canvasmaker)
    return buffer.getvalue()
