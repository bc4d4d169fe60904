"""The monthly recap as a PDF: letterhead, title, filter line, numbered tables, charts,
"Halaman x dari y" and the signature block.

The same :class:`Rekap` feeds the screen and the XLSX, so the figures printed here are
exactly the ones shown there. Each chart is printed right after the table it illustrates
(``Grafik.tabel``): the reader sees the numbers and their picture together.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from puskesos_desktop.domain.dates_id import format_date
from puskesos_desktop.letters.document import PageSetup, build_pdf
from puskesos_desktop.letters.fonts import register_fonts
from puskesos_desktop.letters.kop import Letterhead, layout_letterhead
from puskesos_desktop.letters.paper import Paper
from puskesos_desktop.letters.text import esc
from puskesos_desktop.reports.charts import build_chart
from puskesos_desktop.reports.model import Grafik, Rekap
from puskesos_desktop.reports.pdf_parts import (
    Pengesahan,
    ReportStyles,
    report_styles,
    signature_block,
    table_flowables,
)

__all__ = ["filter_line", "render_rekap_pdf"]

CHART_HEIGHT = 62 * mm


def filter_line(pairs: tuple[tuple[str, str], ...]) -> str:
    """``Periode: Maret 2026 · Wilayah: Desa Kedungmalang · …`` (printed under the title)."""
    return " · ".join(f"{name}: {value}" for name, value in pairs)


def _chart(grafik: Grafik, width: float, st: ReportStyles) -> Flowable:
    rows = max(len(grafik.kategori), 1) * max(len(grafik.seri), 1)
    height = max(CHART_HEIGHT, (rows * 5.5 + 24) * mm / 2) if grafik.horizontal else CHART_HEIGHT
    drawing = build_chart(grafik, width, height, font=st.font, bold=st.bold)
    return KeepTogether([Spacer(0, 4 * mm), drawing])


def build_story(rekap: Rekap, width: float, st: ReportStyles, sign: Pengesahan) -> list[Flowable]:
    story: list[Flowable] = [
        Paragraph(esc(rekap.judul), st.title),
        Paragraph(esc(f"{rekap.instansi} — {rekap.periode.label}"), st.subtitle),
        Spacer(0, 1.5 * mm),
        Paragraph(esc(filter_line(rekap.filter)), st.note),
        Paragraph(
            esc(
                f"Dibuat {format_date(rekap.dibuat_pada.date())} pukul "
                f"{rekap.dibuat_pada:%H.%M}"
                + (f" oleh {rekap.dibuat_oleh}" if rekap.dibuat_oleh else "")
            ),
            st.note,
        ),
    ]
    charts = {g.tabel: g for g in rekap.grafik if g.tabel}
    for number, tabel in enumerate(rekap.tabel, start=1):
        story += table_flowables(number, tabel, width, st)
        if tabel.kode in charts:
            story.append(_chart(charts[tabel.kode], width, st))
    for grafik in rekap.grafik:
        if not grafik.tabel:
            story.append(_chart(grafik, width, st))
    story.append(signature_block(sign, width, st))
    return story


def render_rekap_pdf(rekap: Rekap, letterhead: Letterhead, paper: Paper, sign: Pengesahan) -> bytes:
    """PDF bytes of ``rekap`` on ``paper`` (A4/F4 portrait) under the desk's letterhead."""
    fonts = register_fonts("sans")
    kop = layout_letterhead(letterhead, fonts, paper.content_width)
    st = report_styles(fonts)
    setup = PageSetup(
        paper=paper,
        fonts=fonts,
        letterhead=letterhead,
        kop=kop,
        running_reference=f"Rekapitulasi {rekap.periode.label}",
    )
    return build_pdf(
        build_story(rekap, paper.content_width, st, sign),
        setup,
        title=f"{rekap.judul.title()} {rekap.periode.label}",
        author=rekap.instansi,
        subject=filter_line(rekap.filter),
    )
