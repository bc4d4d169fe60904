"""Sinkronisasi → Terima: import files or a whole folder, one plain result per file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop.domain.permissions import Permission
from puskesos_desktop.gui.prompts import choose_directory
from puskesos_desktop.gui.roles import require_permission
from puskesos_desktop.gui.runner import JobRunner
from puskesos_desktop.gui.views.sync_send import fill_table, make_table
from puskesos_desktop.i18n import _
from puskesos_desktop.jobs import CancelToken, Progress
from puskesos_desktop.services.changes import ChangeKind, Changes

if TYPE_CHECKING:
    from puskesos_desktop.services.sync_import import FileResult, ImportReport

ChooseFiles = Callable[[QWidget], list[str]]
ChooseDir = Callable[[QWidget], str | None]
_COLOURS = {"diterapkan": "#e3f4e1", "sudah_diterapkan": "#eef0f3", "ditolak": "#fde2e1"}


def choose_bundle_files(parent: QWidget) -> list[str]:
    paths, _filter = QFileDialog.getOpenFileNames(
        parent,
        _("Pilih paket sinkronisasi"),
        "",
        _("Paket Puskesos (*.psb);;Semua berkas (*)"),
    )
    return paths


def outcome_label(outcome: str) -> str:
    return {
        "diterapkan": _("Diterapkan"),
        "sudah_diterapkan": _("Sudah pernah diterapkan"),
        "menunggu_paket": _("Menunggu paket sebelumnya"),
        "menunggu_bagian": _("Menunggu bagian lain"),
        "desk_belum_dikenal": _("Desk belum terdaftar"),
        "perlu_pembaruan": _("Perlu pembaruan aplikasi"),
        "ditolak": _("Ditolak"),
    }.get(outcome, outcome)


class ReceivePanel(QWidget):
    enrol_requested = Signal()  # "unknown desk": go to the keys tab

    def __init__(
        self,
        desk: Any,
        runner: JobRunner,
        parent: QWidget | None = None,
        *,
        choose_files: ChooseFiles = choose_bundle_files,
        choose_dir: ChooseDir = choose_directory,
    ) -> None:
        super().__init__(parent)
        self.desk, self.runner = desk, runner
        self.choose_files, self.choose_dir = choose_files, choose_dir
        intro = QLabel(
            _(
                "Pilih berkas paket (.psb) atau seluruh folder flashdisk. Setiap paket diperiksa "
                "tanda tangan dan keutuhannya sebelum diterapkan; paket yang datang lebih awal "
                "disimpan dan diterapkan otomatis setelah paket sebelumnya tiba."
            )
        )
        intro.setWordWrap(True)
        intro.setObjectName("hint")
        self.files_button = QPushButton(_("Terima dari berkas…"))
        self.folder_button = QPushButton(_("Terima dari folder…"))
        self.files_button.clicked.connect(self.import_files)
        self.folder_button.clicked.connect(self.import_folder)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = make_table([_("Berkas"), _("Hasil"), _("Keterangan")])
        self.enrol_button = QPushButton(_("Daftarkan desk baru…"))
        self.enrol_button.setVisible(False)
        self.enrol_button.clicked.connect(self.enrol_requested.emit)
        require_permission(self.enrol_button, Permission.MANAGE_KEYS, desk)
        self.pending_label = QLabel()
        self.pending_label.setObjectName("hint")
        self.pending_label.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.files_button)
        row.addWidget(self.folder_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.pending_label, 1)
        bottom.addWidget(self.enrol_button)
        layout.addLayout(bottom)
        self.refresh()

    def refresh(self) -> None:
        waiting = self.desk.sync.imports.pending()
        if waiting:
            listed = ", ".join(f"{p.origin} #{p.seq}" for p in waiting[:8])
            self.pending_label.setText(
                _("{n} paket menunggu di antrean: {items}").format(n=len(waiting), items=listed)
            )
        else:
            self.pending_label.setText(_("Tidak ada paket yang menunggu."))

    def on_data_changed(self, changes: Changes) -> None:
        if changes.touches(ChangeKind.SYNC):
            self.refresh()

    def import_files(self) -> None:
        paths = self.choose_files(self)
        if paths:
            self.run_import([Path(p) for p in paths])

    def import_folder(self) -> None:
        folder = self.choose_dir(self)
        if folder:
            self.run_import([Path(folder)])

    def run_import(self, sources: list[Path]) -> None:
        def job(progress: Progress, cancel: CancelToken) -> ImportReport:
            return self.desk.sync.imports.import_files(sources, progress=progress, cancel=cancel)

        self.runner.run(job, title=_("Menerima paket"), writes=True, on_success=self.show_report)

    def show_report(self, report: ImportReport) -> None:
        results: list[FileResult] = list(report.results)
        rows = []
        for result in results:
            name = result.file + (f" ({_('dari antrean')})" if result.from_queue else "")
            rows.append([name, outcome_label(result.outcome.value), result.message])
        fill_table(self.table, rows)
        for r, result in enumerate(results):
            colour = _COLOURS.get(result.outcome.value, "#fff4d6")
            for c in range(3):
                self.table.item(r, c).setBackground(QBrush(QColor(colour)))
        applied = sum(1 for r in results if r.outcome.value == "diterapkan")
        self.summary.setText(
            _("{n} berkas diproses, {applied} paket diterapkan.").format(
                n=len(results), applied=applied
            )
        )
        self.enrol_button.setVisible(any(r.outcome.value == "desk_belum_dikenal" for r in results))
