"""Reports: the monthly recap, the Beranda dashboard and the register of outgoing letters.

Every number comes from :mod:`services.reports_figures` (one SQL aggregate per table, so a
district database of a million persons is summed inside SQLite and memory stays flat). The
screen, the PDF and the XLSX receive the same :class:`Rekap`, so they cannot disagree.

Writing a file is a job (``progress``/``cancel``): the GUI runs it in JobRunner; reads only,
so it may run beside other reads. The file is written to a temporary name next to the
target and renamed at the end: a power cut never leaves half a report under the real name.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.i18n import _
from puskesos_desktop.jobs import CancelToken, Progress, no_progress
from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.services.reports_types import (
    AgendaFilter,
    AgendaSurat,
    Dashboard,
    FilterChoices,
    FormatLaporan,
    Grafik,
    Rekap,
    RekapFilter,
    SavedReport,
    Tujuan,
)

if TYPE_CHECKING:
    from puskesos_desktop.services.reports_daftar import Daftar

__all__ = ["ReportService", "chart_svg"]


def chart_svg(grafik: Grafik, width: int, height: int) -> bytes:
    """The chart as SVG bytes (for a QSvgWidget): the very drawing the PDF embeds."""
    from puskesos_desktop.reports.charts import render_svg

    return render_svg(grafik, width, height)


class ReportService:
    def __init__(self, context: ServiceContext, today: Callable[[], date] = date.today) -> None:
        self._context = context
        self._today = today

    # -- figures ---------------------------------------------------------------------------
    def filter_choices(self) -> FilterChoices:
        """Kecamatan and village desks to offer in the filter (district mode only)."""
        from puskesos_desktop.services.reports_district import filter_choices

        with self._context.transaction() as session:
            return filter_choices(session)

    def rekap(
        self,
        chosen: RekapFilter,
        *,
        progress: Progress = no_progress,
        cancel: CancelToken | None = None,
    ) -> Rekap:
        """All recap tables for ``chosen`` (district mode adds per-kecamatan/desa tables and
        the desks that sent no bundle). One read transaction, so the tables are consistent."""
        from puskesos_desktop.services.reports_figures import build_rekap

        maker = self._operator()
        with self._context.transaction() as session:
            return build_rekap(
                session,
                chosen,
                operator=maker,
                now=datetime.now(),
                progress=progress,
                cancel=cancel or CancelToken(),
            )

    def dashboard(self) -> Dashboard:
        """Beranda: this month, referrals by status, overdue follow-ups, verivali, 12 months."""
        from puskesos_desktop.services.reports_dashboard import build_dashboard

        with self._context.transaction() as session:
            return build_dashboard(session, self._today())

    # (reports-gui) The rows behind one dashboard number, for the Beranda click-through.
    def daftar(self, tujuan: Tujuan) -> Daftar:
        from puskesos_desktop.services.reports_daftar import build_daftar

        with self._context.transaction() as session:
            return build_daftar(session, tujuan)

    def agenda(self, chosen: AgendaFilter) -> AgendaSurat:
        """Outgoing letters of the period in number order, voided ones included."""
        from puskesos_desktop.services.reports_agenda import build_agenda

        with self._context.transaction() as session:
            return build_agenda(session, chosen, now=datetime.now())

    # -- documents -------------------------------------------------------------------------
    def default_paper(self) -> str:
        """"A4" or "F4": the desk's letter paper, which reports print on unless told."""
        from puskesos_desktop.services.reports_output import default_paper

        with self._context.transaction() as session:
            return default_paper(session)

    def render_rekap(
        self, rekap: Rekap, fmt: FormatLaporan | str, *, kertas: str | None = None
    ) -> bytes:
        """The recap as PDF or XLSX bytes (print preview, tests). ``kertas`` "A4"/"F4"
        overrides the desk's paper for this PDF (the preview's paper choice)."""
        from puskesos_desktop.services.reports_output import render_rekap

        with self._context.transaction() as session:
            return render_rekap(
                session, rekap, FormatLaporan(fmt), today=self._today(), kertas=kertas
            )

    def render_agenda(
        self, agenda: AgendaSurat, fmt: FormatLaporan | str, *, kertas: str | None = None
    ) -> bytes:
        from puskesos_desktop.services.reports_output import render_agenda

        maker = self._operator()
        with self._context.transaction() as session:
            return render_agenda(
                session,
                agenda,
                FormatLaporan(fmt),
                maker=maker,
                today=self._today(),
                kertas=kertas,
            )

    def save_rekap(
        self,
        chosen: RekapFilter,
        target: Path,
        fmt: FormatLaporan | str,
        *,
        kertas: str | None = None,
        progress: Progress = no_progress,
        cancel: CancelToken | None = None,
    ) -> SavedReport:
        """Compute and write the recap to ``target`` (a job: progress, cancel, atomic write);
        ``kertas`` as in :meth:`render_rekap`."""
        token = cancel or CancelToken()
        kind = FormatLaporan(fmt)
        rekap = self.rekap(chosen, progress=_scaled(progress, 0, 70), cancel=token)
        token.check()
        progress(75, 100, _("Menyusun berkas laporan"))
        data = self.render_rekap(rekap, kind, kertas=kertas)
        token.check()
        return self._write(target, data, kind, progress)

    def save_agenda(
        self,
        chosen: AgendaFilter,
        target: Path,
        fmt: FormatLaporan | str,
        *,
        kertas: str | None = None,
        progress: Progress = no_progress,
        cancel: CancelToken | None = None,
    ) -> SavedReport:
        token = cancel or CancelToken()
        kind = FormatLaporan(fmt)
        progress(0, 100, _("Membaca buku agenda surat keluar"))
        agenda = self.agenda(chosen)
        token.check()
        progress(50, 100, _("Menyusun berkas laporan"))
        data = self.render_agenda(agenda, kind, kertas=kertas)
        token.check()
        return self._write(target, data, kind, progress)

    # -- helpers ---------------------------------------------------------------------------
    def _operator(self) -> str:
        """Full name of the signed-in operator (printed as maker), "" when nobody is."""
        from puskesos_desktop.services.reports_output import operator_name

        actor = self._context.actor
        if actor is None:
            return ""
        with self._context.transaction() as session:
            return operator_name(session, actor.operator)

    @staticmethod
    def _write(target: Path, data: bytes, kind: FormatLaporan, progress: Progress) -> SavedReport:
        progress(90, 100, _("Menyimpan berkas"))
        write_atomically(Path(target), data)
        progress(100, 100, _("Selesai"))
        pages = _pdf_pages(data) if kind == FormatLaporan.PDF else None
        return SavedReport(Path(target), kind, len(data), pages)


def write_atomically(target: Path, data: bytes) -> None:
    """Temp file in the same folder, fsync, rename: the old file or the whole new one."""
    temp_name = ""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(prefix=".laporan-", suffix=".tmp", dir=target.parent)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temp_name).replace(target)
    except OSError as error:
        if temp_name:
            Path(temp_name).unlink(missing_ok=True)
        raise UserError(
            _(
                "Laporan tidak dapat disimpan di {path} ({reason}). Pilih folder lain, atau "
                "tutup berkas itu bila sedang dibuka di Excel."
            ).format(path=target, reason=error.strerror or error)
        ) from error


def _pdf_pages(data: bytes) -> int:
    """Counted from the page objects reportlab writes (no PDF parser needed)."""
    return data.count(b"/Type /Page\n") or data.count(b"/Type /Page ") or 0


def _scaled(progress: Progress, start: int, end: int) -> Progress:
    def forward(done: int, total: int, label: str) -> None:
        share = done / total if total else 1.0
        progress(start + round((end - start) * share), 100, label)

    return forward
