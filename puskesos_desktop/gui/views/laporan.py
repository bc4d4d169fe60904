"""Laporan screen: the monthly recap and the register of outgoing letters, on screen, as PDF,
as Excel and printed.

The operator picks the report, the period (a month, or from/to) and in district mode the
kecamatan/village, then "Tampilkan". Every figure comes from the one report service that
also writes the PDF and XLSX, so what the screen shows is what the paper says. Computing,
rendering and saving all run in the JobRunner (progress dialog with "Batal"); the controls
keep their values whatever happens, and a failed save says which folder to pick instead.
The last folder a report was saved to is remembered (QSettings) for the next save.

A table row opens what it counts (double-click or Enter): the persons, intakes, referrals
or verivali marks behind it in a list window (``services/reports_rows.py``, the same
conditions as the figure); in district mode a kecamatan or village row narrows the recap
to that place. The print preview offers A4 and F4 and re-lays the PDF out off the GUI
thread when the paper changes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.gui.errors import keep_until_closed, show_user_error
from puskesos_desktop.gui.runner import JobHandle, JobRunner
from puskesos_desktop.gui.widgets.period_picker import PeriodPicker
from puskesos_desktop.gui.widgets.rekap_pane import RekapPane
from puskesos_desktop.i18n import _
from puskesos_desktop.jobs import CancelToken, Progress
from puskesos_desktop.services.changes import ChangeKind, Changes

if TYPE_CHECKING:
    from datetime import date

    from puskesos_desktop.services.reports_types import (
        AgendaFilter,
        AgendaSurat,
        FilterChoices,
        Rekap,
        RekapFilter,
        SavedReport,
    )

REKAP, AGENDA = "rekap", "agenda"
KEY_FOLDER = "laporan/folder"
CHART_SIZE = (640, 300)  # points; fits the right pane at 1366×768 with readable labels
AskPath = Callable[[QWidget, str, str], str | None]


def ask_report_path(parent: QWidget, suggested: str, fmt: str) -> str | None:
    pattern = _("Dokumen PDF (*.pdf)") if fmt == "pdf" else _("Buku kerja Excel (*.xlsx)")
    path, _filter = QFileDialog.getSaveFileName(parent, _("Simpan laporan"), suggested, pattern)
    return path or None


class LaporanView(QWidget):
    def __init__(
        self,
        desk: object,
        runner: JobRunner,
        settings: QSettings,
        parent: QWidget | None = None,
        *,
        ask_path: AskPath = ask_report_path,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        self.desk, self.runner, self.settings = desk, runner, settings
        self.ask_path = ask_path
        self.shown: Rekap | AgendaSurat | None = None
        self.job: JobHandle | None = None
        self.preview: Any = None
        self.daftar_dialog: Any = None
        self.shown_filter: RekapFilter | None = None
        """The filter of the recap on screen: its rows' lists use it, not the controls."""
        self._first_show = True
        profile = desk.profile.get()  # type: ignore[attr-defined]
        self.district = profile is not None and profile.mode == "dinas"
        title = QLabel(_("Laporan"))
        title.setObjectName("pageTitle")
        self.kind = QComboBox()
        self.kind.addItem(_("Rekap bulanan layanan"), REKAP)
        self.kind.addItem(_("Buku agenda surat keluar"), AGENDA)
        self.period = PeriodPicker(today)
        self.kecamatan = QComboBox()
        self.desa = QComboBox()
        self.show_button = QPushButton(_("Tampilkan"))
        self.show_button.setObjectName("quickButton")
        self.show_button.setDefault(True)
        self.preview_button = QPushButton(_("Pratinjau / Cetak…"))
        self.pdf_button = QPushButton(_("Simpan PDF…"))
        self.xlsx_button = QPushButton(_("Simpan Excel…"))
        self.info = QLabel()
        self.info.setObjectName("hint")
        self.pane = RekapPane()
        self.pane.opens = self.row_opens
        self.pane.row_opened.connect(self.open_row)

        choose = QHBoxLayout()
        choose.addWidget(QLabel(_("Laporan:")))
        choose.addWidget(self.kind)
        choose.addSpacing(12)
        choose.addWidget(self.period)
        choose.addStretch(1)
        region = QHBoxLayout()
        self.region_label = QLabel(_("Wilayah:"))
        region.addWidget(self.region_label)
        region.addWidget(self.kecamatan, 1)
        region.addWidget(self.desa, 1)
        region.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.show_button)
        actions.addWidget(self.info, 1)
        for button in (self.preview_button, self.pdf_button, self.xlsx_button):
            actions.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 20, 28, 16)
        layout.addWidget(title)
        layout.addLayout(choose)
        layout.addLayout(region)
        layout.addLayout(actions)
        layout.addWidget(self.pane, 1)
        for widget in (self.region_label, self.kecamatan, self.desa):
            widget.setVisible(self.district)

        self.show_button.clicked.connect(self.show_report)
        self.preview_button.clicked.connect(self.open_preview)
        self.pdf_button.clicked.connect(lambda: self.save("pdf"))
        self.xlsx_button.clicked.connect(lambda: self.save("xlsx"))
        self.kind.currentIndexChanged.connect(lambda _i: self._choice_changed())
        self.period.changed.connect(self._choice_changed)
        self.kecamatan.currentIndexChanged.connect(lambda _i: self._fill_desa())
        self.desa.currentIndexChanged.connect(lambda _i: self._choice_changed())
        self.choices: FilterChoices | None = None
        if self.district:
            self._fill_choices()
        self._update_buttons()

    # -- choices ---------------------------------------------------------------------------
    def _fill_choices(self) -> None:
        self.choices = self.desk.reports.filter_choices()  # type: ignore[attr-defined]
        self.kecamatan.blockSignals(True)
        self.kecamatan.addItem(_("Semua kecamatan"), "")
        for kode, nama in self.choices.kecamatan:
            self.kecamatan.addItem(_("Kecamatan {nama}").format(nama=nama), kode)
        self.kecamatan.blockSignals(False)
        self._fill_desa()

    def _fill_desa(self) -> None:
        kode = str(self.kecamatan.currentData() or "")
        self.desa.blockSignals(True)
        self.desa.clear()
        self.desa.addItem(_("Semua desa"), "")
        for desk in self.choices.desa if self.choices else ():
            if not kode or desk.kode_kecamatan == kode:
                self.desa.addItem(desk.nama, desk.desk_id)
        self.desa.blockSignals(False)
        self._choice_changed()

    @property
    def report_kind(self) -> str:
        return str(self.kind.currentData())

    def current_filter(self) -> RekapFilter | AgendaFilter:
        """What the controls say; a UserError explains a half-typed period."""
        from puskesos_desktop.services.reports_types import AgendaFilter, RekapFilter

        periode = self.period.periode()
        if self.report_kind == AGENDA:
            return AgendaFilter(periode)
        return RekapFilter(periode, kode_kecamatan=str(self.kecamatan.currentData() or ""),
                           desk_id=str(self.desa.currentData() or ""))

    def _choice_changed(self) -> None:
        if self.shown is not None:
            self.info.setText(_("Pilihan berubah: klik \u201cTampilkan\u201d untuk memperbarui."))

    def _update_buttons(self) -> None:
        idle = self.job is None
        for button in (self.show_button, self.preview_button, self.pdf_button, self.xlsx_button):
            button.setEnabled(idle)

    # -- jobs ------------------------------------------------------------------------------
    def _start(self, job: Callable[[Progress, CancelToken], Any], title: str,
               on_success: Callable[[Any], None]) -> JobHandle | None:
        if self.job is not None:
            return None
        self.job = self.runner.run(job, title=title, on_success=on_success)
        self.job.finished.connect(self._job_finished)
        self._update_buttons()
        return self.job

    def _job_finished(self) -> None:
        self.job = None
        self._update_buttons()

    def _filter_or_complain(self) -> RekapFilter | AgendaFilter | None:
        try:
            return self.current_filter()
        except UserError as error:
            show_user_error(self, error.message)
            return None

    def show_report(self) -> JobHandle | None:
        chosen = self._filter_or_complain()
        if chosen is None:
            return None
        reports = self.desk.reports  # type: ignore[attr-defined]
        if self.report_kind == AGENDA:
            return self._start(lambda _p, _c: reports.agenda(chosen),
                               _("Menyusun buku agenda"), self._agenda_ready)

        def job(progress: Progress, cancel: CancelToken) -> tuple[Rekap, list[bytes]]:
            from puskesos_desktop.services.reports import chart_svg

            rekap = reports.rekap(chosen, progress=progress, cancel=cancel)
            return rekap, [chart_svg(grafik, *CHART_SIZE) for grafik in rekap.grafik]

        return self._start(job, _("Menyusun rekap"),
                           lambda result: self._rekap_ready(result, chosen))

    def _rekap_ready(self, result: tuple[Rekap, list[bytes]], chosen: RekapFilter) -> None:
        rekap, svgs = result
        self.shown, self.shown_filter = rekap, chosen
        self.pane.show_rekap(rekap, svgs)
        self.info.setText(_("{judul} \u2014 {periode}").format(
            judul=rekap.instansi, periode=rekap.periode.label))

    def _agenda_ready(self, agenda: AgendaSurat) -> None:
        self.shown, self.shown_filter = agenda, None
        self.pane.show_agenda(agenda)
        self.info.setText(_("{judul} \u2014 {periode}").format(
            judul=agenda.instansi, periode=agenda.periode.label))

    # -- outputs ---------------------------------------------------------------------------
    def suggested_name(self, fmt: str) -> str:
        periode = self.period.periode()
        when = (periode.mulai.strftime("%Y-%m") if periode.is_month
                else f"{periode.mulai:%Y-%m-%d} sd {periode.sampai:%Y-%m-%d}")
        stem = _("Buku agenda surat keluar") if self.report_kind == AGENDA else _("Rekap Puskesos")
        return f"{stem} {when}.{fmt}"

    def save(self, fmt: str) -> JobHandle | None:
        chosen = self._filter_or_complain()
        if chosen is None:
            return None
        folder = str(self.settings.value(KEY_FOLDER, "") or "")
        suggested = str(Path(folder) / self.suggested_name(fmt)) if folder else \
            self.suggested_name(fmt)
        path = self.ask_path(self, suggested, fmt)
        if not path:
            return None
        target = Path(path)
        if target.suffix.lower() != f".{fmt}":
            target = target.with_name(f"{target.name}.{fmt}")
        reports = self.desk.reports  # type: ignore[attr-defined]
        save = reports.save_agenda if self.report_kind == AGENDA else reports.save_rekap

        def job(progress: Progress, cancel: CancelToken) -> SavedReport:
            return save(chosen, target, fmt, progress=progress, cancel=cancel)

        return self._start(job, _("Menyimpan laporan"), self._saved)

    def _saved(self, saved: SavedReport) -> None:
        self.settings.setValue(KEY_FOLDER, str(saved.path.parent))
        self.settings.sync()
        text = _("Laporan tersimpan: {path}").format(path=saved.path)
        if saved.pages:
            text += " " + _("({n} halaman)").format(n=saved.pages)
        self.info.setText(text)
        self.runner.status_message.emit(text)

    def open_preview(self) -> JobHandle | None:
        chosen = self._filter_or_complain()
        if chosen is None:
            return None
        reports = self.desk.reports  # type: ignore[attr-defined]
        agenda = self.report_kind == AGENDA

        render = reports.render_agenda if agenda else reports.render_rekap

        def job(progress: Progress, cancel: CancelToken) -> tuple[Any, bytes, str]:
            paper = reports.default_paper()
            if agenda:
                document = reports.agenda(chosen)
            else:
                document = reports.rekap(chosen, progress=progress, cancel=cancel)
                cancel.check()
                progress(0, 0, _("Menyusun halaman PDF"))
            return document, render(document, "pdf", kertas=paper), paper

        return self._start(job, _("Menyiapkan pratinjau"),
                           lambda result: self._show_preview(result, render))

    def _show_preview(self, result: tuple[Any, bytes, str],
                      render: Callable[..., bytes]) -> None:
        """The preview of the computed report; another paper re-renders the same figures
        (no recount) on the JobRunner, since a district PDF takes a few seconds."""
        from puskesos_desktop.gui.dialogs.print_preview import PrintPreviewDialog

        document, pdf, paper = result

        def request(kertas: str) -> None:
            handle = self.runner.run(
                lambda _p, _c: render(document, "pdf", kertas=kertas),
                title=_("Menyusun ulang pratinjau"), on_success=preview.show_pdf)
            handle.then(lambda: preview.set_busy(False))  # skipped once it is closed

        preview = PrintPreviewDialog(
            None, pdf=pdf, request=request, paper=paper, title=_("Pratinjau laporan"),
            file_name=self.suggested_name("pdf"), parent=self)
        self.preview = preview
        keep_until_closed(preview)
        preview.open()

    # -- rows ------------------------------------------------------------------------------
    def row_opens(self, kunci: str) -> bool:
        """Whether double-clicking the row with ``kunci`` leads somewhere."""
        from puskesos_desktop.services.reports_rows import NARROWING_KINDS, opens_list

        kind, _sep, code = kunci.partition(":")
        if kind in NARROWING_KINDS:  # a place this screen can narrow to, and not already
            combo = self.desa if kind == "DESK" else self.kecamatan
            return self.district and combo.findData(code) >= 0 and combo.currentData() != code
        return self.shown_filter is not None and opens_list(kunci)

    def open_row(self, kunci: str) -> None:
        kind, _sep, code = kunci.partition(":")
        if kind in ("DESK", "KECAMATAN"):
            desk = next((d for d in self.choices.desa if d.desk_id == code), None) \
                if self.choices else None
            self.kecamatan.setCurrentIndex(self.kecamatan.findData(
                desk.kode_kecamatan if desk else code))
            if desk is not None:
                self.desa.setCurrentIndex(self.desa.findData(code))
            self.show_report()
            return
        if self.shown_filter is None:
            return
        from puskesos_desktop.gui.dialogs.daftar_angka import DaftarDialog
        from puskesos_desktop.services.reports_types import Tujuan

        tabel = self.pane.model.tabel
        row = next((b for b in tabel.baris if b.kunci == kunci), None) if tabel else None
        title = " \u2014 ".join(row.label) if row else kunci
        periode = self.shown_filter.periode
        self.daftar_dialog = DaftarDialog(
            self.desk, self.runner,
            Tujuan("laporan", kunci, periode.mulai, periode.sampai, rekap=self.shown_filter),
            title, parent=self)
        keep_until_closed(self.daftar_dialog)
        self.daftar_dialog.open()

    # -- refreshing ------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._first_show and not self.district:
            self._first_show = False  # a village recap is quick: show this month at once
            self.show_report()

    def on_data_changed(self, changes: Changes) -> None:
        kinds = (ChangeKind.REGISTRY, ChangeKind.RUJUKAN, ChangeKind.ASSESSMENT,
                 ChangeKind.VERIVALI, ChangeKind.SYNC)
        if self.shown is not None and any(changes.touches(kind) for kind in kinds):
            self.info.setText(_("Data berubah: klik \u201cTampilkan\u201d untuk memperbarui."))
