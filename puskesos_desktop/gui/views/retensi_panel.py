"""Settings section "Retensi data": the rule, a dry run to approve, then the real run.

The dry run is read-only and lists who would be anonymised without names (a code, sex,
age, region, last activity), with a plan code. "Terapkan" stays disabled until a dry run
found someone, and applies *that* plan: if anything changed meanwhile the service refuses
and the operator runs the dry run again. The real run goes through the JobRunner's write
lane with a progress bar.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop.domain.privacy import MAX_RETENTION_YEARS, MIN_RETENTION_YEARS
from puskesos_desktop.gui.errors import show_user_error
from puskesos_desktop.gui.formatting import format_count, format_date
from puskesos_desktop.gui.prompts import Confirm, ask_yes_no
from puskesos_desktop.i18n import _
from puskesos_desktop.services.changes import ChangeKind, Changes

if TYPE_CHECKING:
    from puskesos_desktop.gui.runner import JobRunner
    from puskesos_desktop.jobs import CancelToken, Progress
    from puskesos_desktop.services.retention import RetentionPlan, RetentionResult

TABLE_ROWS_SHOWN = 6


class RetensiPanel(QGroupBox):
    def __init__(self, desk: Any, runner: JobRunner, parent: QWidget | None = None, *,
                 confirm: Confirm = ask_yes_no) -> None:
        super().__init__(_("Retensi data pribadi (UU 27/2022)"), parent)
        self.desk = desk
        self.runner = runner
        self.confirm = confirm
        self.plan: RetentionPlan | None = None
        self.years = QSpinBox()
        self.years.setRange(MIN_RETENTION_YEARS, MAX_RETENTION_YEARS)
        self.years.setSuffix(_(" tahun"))
        self.save_button = QPushButton(_("Simpan"))
        self.dry_run_button = QPushButton(_("Uji coba (tanpa mengubah data)"))
        self.apply_button = QPushButton(_("Terapkan…"))
        self.apply_button.setEnabled(False)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [_("Kode"), _("JK"), _("Umur"), _("Wilayah"), _("Kegiatan terakhir")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        row_height = self.table.verticalHeader().defaultSectionSize()
        self.table.setMinimumHeight(row_height * (TABLE_ROWS_SHOWN + 1) + 6)
        self.table.setMaximumHeight(row_height * (2 * TABLE_ROWS_SHOWN + 1) + 6)
        self.table.hide()
        self._layout()
        self.save_button.clicked.connect(self.save_years)
        self.dry_run_button.clicked.connect(self.dry_run)
        self.apply_button.clicked.connect(self.apply)
        self.years.setValue(desk.retention.years())

    def _layout(self) -> None:
        explain = QLabel(_("Warga yang tidak punya kegiatan dan kasus terbuka selama masa "
                           "simpan dianonimkan: nama, NIK, No. KK, alamat, telepon dan tanggal "
                           "lahir dihapus; jenis kelamin, tahun lahir, desa, PPKS dan skor "
                           "asesmen tetap ada untuk laporan."))
        explain.setObjectName("hint")
        explain.setWordWrap(True)
        rule = QHBoxLayout()
        rule.addWidget(QLabel(_("Masa simpan:")))
        rule.addWidget(self.years)
        rule.addWidget(self.save_button)
        rule.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.dry_run_button)
        actions.addWidget(self.apply_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(rule)
        layout.addLayout(actions)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)

    def _guarded(self, call: Any) -> Any:
        from puskesos_desktop.domain.errors import UserError

        try:
            return call()
        except UserError as error:
            show_user_error(self, error.message)
            return None

    def save_years(self) -> None:
        saved = self._guarded(lambda: self.desk.retention.save_years(self.years.value()))
        if saved is not None:
            self._forget_plan(_("Masa simpan disimpan: {n} tahun. Jalankan uji coba.").format(
                n=saved.tahun))

    def _forget_plan(self, message: str) -> None:
        self.plan = None
        self.apply_button.setEnabled(False)
        self.table.hide()
        self.summary.setText(message)

    def dry_run(self) -> None:
        plan = self._guarded(self.desk.retention.dry_run)
        if plan is None:
            return
        self.plan = plan
        self.apply_button.setEnabled(plan.jumlah > 0)
        if not plan.jumlah:
            self._forget_plan(_("Tidak ada warga yang perlu dianonimkan (tanpa kegiatan sejak "
                                "{batas}).").format(batas=format_date(plan.batas)))
            return
        sexes = ", ".join(f"{sex or '?'}: {count}" for sex, count in
                          sorted(plan.per_jenis_kelamin.items()))
        self.summary.setText(_(
            "{n} orang tanpa kegiatan sejak {batas} akan dianonimkan ({sexes}). Kode rencana: "
            "<b>{kode}</b> — sebutkan kode ini saat meminta persetujuan koordinator/kepala desa."
        ).format(n=format_count(plan.jumlah), batas=format_date(plan.batas), sexes=sexes,
                 kode=plan.kode))
        self.table.setRowCount(plan.jumlah)
        for row, person in enumerate(plan.calon):
            values = (person.kode, person.jenis_kelamin, "" if person.umur is None else
                      str(person.umur), person.kode_wilayah,
                      format_date(person.aktivitas_terakhir))
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.show()

    def apply(self) -> None:
        plan = self.plan
        if plan is None:
            return
        question = _("Anonimkan {n} orang sesuai rencana {kode}? Nama, NIK, alamat dan data "
                     "pengenal lainnya dihapus, juga di Dinas Sosial setelah pengiriman "
                     "berikutnya. Ini tidak dapat dibatalkan.").format(
            n=format_count(plan.jumlah), kode=plan.kode)
        if not self.confirm(self, _("Terapkan retensi?"), question):
            return

        def job(progress: Progress, cancel: CancelToken) -> RetentionResult:
            return self.desk.retention.apply(plan.kode, progress=progress, cancel=cancel)

        self.runner.run(job, title=_("Menganonimkan data"), writes=True,
                        changes=Changes.of(ChangeKind.REGISTRY, ChangeKind.RUJUKAN,
                                           ChangeKind.ASSESSMENT),
                        on_success=self._applied)

    def _applied(self, result: RetentionResult) -> None:
        self._forget_plan(_("{n} orang dianonimkan (rencana {kode}).").format(
            n=format_count(result.jumlah), kode=result.kode))
        self.runner.status_message.emit(self.summary.text())

    def on_data_changed(self, changes: Changes) -> None:
        """A plan is only valid for the data it was made from."""
        if self.plan is not None and (changes.touches(ChangeKind.REGISTRY)
                                      or changes.touches(ChangeKind.RUJUKAN)):
            self._forget_plan(_("Data berubah sejak uji coba. Jalankan uji coba lagi."))
