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

__all__ = ["filter_line", "needs_landscape", "render_rekap_pdf"]

CHART_HEIGHT = 62 * mm
MIN_LABEL_WIDTH = 28 * mm  # a village or kecamatan name on one or two lines
MIN_NUMBER_WIDTH = 16.5 * mm  # the narrowest figure column pdf_parts lays out


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
    if rekap.keterangan:
        story.append(Paragraph("<b>Cara penghitungan:</b>", st.note))
        story += [Paragraph(esc(f"{n}. {line}"), st.note_item)
                  for n, line in enumerate(rekap.keterangan, start=1)]
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


def needs_landscape(rekap: Rekap, paper: Paper) -> bool:
    """True when a table cannot fit across the portrait sheet at readable widths (the
    district's per-desa table: two name columns and seven figures). The whole document then
    turns, so the reader never rotates the paper back and forth between pages."""
    return any(
        len(t.kolom_label) * MIN_LABEL_WIDTH + len(t.kolom) * MIN_NUMBER_WIDTH
        > paper.content_width
        for t in rekap.tabel
    )


def render_rekap_pdf(rekap: Rekap, letterhead: Letterhead, paper: Paper, sign: Pengesahan) -> bytes:
    """PDF bytes of ``rekap`` on ``paper`` (A4/F4; landscape when a table needs it) under
    the desk's letterhead."""
    if needs_landscape(rekap, paper):
        paper = paper.landscape()
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
