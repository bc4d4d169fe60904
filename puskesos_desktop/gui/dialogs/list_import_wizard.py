"""Impor daftar: a village list (CSV/XLSX) into the registry, in four visible steps.

1. choose the file; 2. check the detected column mapping against a preview (each combo
can be changed); 3. every row is checked with the form's rules (in the background, with
progress and cancel) and the problems are listed, with an XLSX report to send back to
whoever keeps the list; 4. the operator imports only the valid rows — or nothing. A
family with one bad row is skipped whole (the service never half-imports a household),
and the import itself is one transaction, so Batal during the run leaves no trace.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop.gui.errors import show_user_error
from puskesos_desktop.gui.formatting import format_count
from puskesos_desktop.i18n import _
from puskesos_desktop.jobs import CancelToken, Progress

if TYPE_CHECKING:
    from puskesos_desktop.gui.runner import JobRunner
    from puskesos_desktop.services.list_import import ImportCheck, ImportPreview, ImportResult

ChooseFile = Callable[[QWidget], str | None]
ChooseTarget = Callable[[QWidget, str], str | None]
PAGE_FILE, PAGE_MAPPING, PAGE_CHECK, PAGE_DONE = range(4)
PROBLEM_ROWS_SHOWN = 2_000
WRAPPED_ROWS = 300  # beyond this, long messages stay on one line (tooltips show them whole)
_ERROR_BG = QBrush(QColor("#fdecec"))


def choose_list_file(parent: QWidget) -> str | None:
    path, _filter = QFileDialog.getOpenFileName(
        parent, _("Pilih daftar warga"), "", _("Daftar (*.csv *.xlsx);;Semua berkas (*)")
    )
    return path or None


def choose_report_target(parent: QWidget, suggested: str) -> str | None:
    path, _filter = QFileDialog.getSaveFileName(
        parent, _("Simpan laporan kesalahan"), suggested, _("Excel (*.xlsx)")
    )
    return path or None


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.setTabKeyNavigation(False)
    table.setWordWrap(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


class ListImportWizard(QDialog):
    """``result`` holds the :class:`ImportResult` after a finished import."""

    def __init__(
        self,
        desk: Any,
        runner: JobRunner,
        parent: QWidget | None = None,
        *,
        choose_file: ChooseFile = choose_list_file,
        choose_target: ChooseTarget = choose_report_target,
    ) -> None:
        from puskesos_desktop.services.list_rows import Kolom

        super().__init__(parent)
        self.desk, self.runner = desk, runner
        self.choose_file, self.choose_target = choose_file, choose_target
        self.columns = list(Kolom)
        self.path: Path | None = None
        self.preview: ImportPreview | None = None
        self.checked: ImportCheck | None = None
        self.result: ImportResult | None = None
        self.report_path: Path | None = None
        self.setWindowTitle(_("Impor daftar warga"))
        self.pages = QStackedWidget()
        self.pages.addWidget(self._file_page())
        self.pages.addWidget(self._mapping_page())
        self.pages.addWidget(self._check_page())
        self.pages.addWidget(self._done_page())
        self.back_button = QPushButton(_("‹ Kembali"))
        self.next_button = QPushButton(_("Lanjut ›"))
        self.import_button = QPushButton(_("Impor baris yang valid saja"))
        self.cancel_button = QPushButton(_("Batal"))
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.import_button.clicked.connect(self.run_import)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        for button in (self.cancel_button, self.next_button, self.import_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addLayout(buttons)
        self.resize(1200, 660)
        self._go(PAGE_FILE)

    # -- pages --------------------------------------------------------------------------------
    def _file_page(self) -> QWidget:
        page = QWidget()
        intro = QLabel(
            _("<h3>Langkah 1 dari 4 — Pilih berkas</h3>"
              "<p>Daftar DTKS atau daftar warga desa dalam bentuk CSV atau Excel (.xlsx). "
              "Baris judul (NIK, NAMA, JENIS_KELAMIN, …) dikenali otomatis. Data belum "
              "disimpan sebelum Anda memilih <b>Impor</b> di langkah terakhir.</p>")
        )  # fmt: skip
        intro.setWordWrap(True)
        self.file_button = QPushButton(_("Pilih berkas CSV/XLSX…"))
        self.file_button.setObjectName("quickButton")
        self.file_button.clicked.connect(self.pick_file)
        self.file_label = QLabel(_("Belum ada berkas dipilih."))
        self.file_label.setObjectName("hint")
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        row = QHBoxLayout()
        row.addWidget(self.file_button)
        row.addWidget(self.file_label, 1)
        layout.addLayout(row)
        layout.addStretch(1)
        return page

    def _mapping_page(self) -> QWidget:
        page = QWidget()
        self.mapping_intro = QLabel()
        self.mapping_intro.setWordWrap(True)
        self.missing_label = QLabel()
        self.missing_label.setObjectName("problems")
        self.missing_label.setWordWrap(True)
        self.missing_label.hide()
        self.combos: dict[str, QComboBox] = {}
        mapping_box = QGroupBox(_("Kolom di berkas"))
        form = QFormLayout(mapping_box)
        for column in self.columns:
            combo = QComboBox()
            combo.currentIndexChanged.connect(self._mapping_changed)
            self.combos[column.name] = combo
            form.addRow(column.value + ":", combo)
        scroll = QScrollArea()
        scroll.setWidget(mapping_box)
        scroll.setWidgetResizable(True)
        scroll.setFixedWidth(370)
        self.preview_table = _table([])
        preview_box = QGroupBox(_("Contoh isi (20 baris pertama, dibaca dengan aturan formulir)"))
        QVBoxLayout(preview_box).addWidget(self.preview_table)
        columns = QHBoxLayout()
        columns.addWidget(scroll)
        columns.addWidget(preview_box, 1)
        layout = QVBoxLayout(page)
        layout.addWidget(self.mapping_intro)
        layout.addWidget(self.missing_label)
        layout.addLayout(columns, 1)
        return page

    def _check_page(self) -> QWidget:
        page = QWidget()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.report_button = QPushButton(_("Simpan laporan kesalahan (XLSX)…"))
        self.report_button.clicked.connect(self.save_report)
        self.report_label = QLabel()
        self.report_label.setObjectName("hint")
        self.problem_table = _table(
            [_("Baris"), _("Kolom"), _("Nilai"), _("Masalah"), _("Tingkat")]
        )
        self.problem_table.horizontalHeader().setSectionResizeMode(
            3, QHeaderView.ResizeMode.Stretch
        )
        row = QHBoxLayout()
        row.addWidget(self.report_button)
        row.addWidget(self.report_label, 1)
        layout = QVBoxLayout(page)
        layout.addWidget(self.summary)
        layout.addLayout(row)
        layout.addWidget(self.problem_table, 1)
        return page

    def _done_page(self) -> QWidget:
        page = QWidget()
        self.done_label = QLabel()
        self.done_label.setWordWrap(True)
        self.done_label.setObjectName("okBox")
        layout = QVBoxLayout(page)
        layout.addWidget(self.done_label)
        layout.addStretch(1)
        return page

    def _go(self, page: int) -> None:
        self.pages.setCurrentIndex(page)
        self.back_button.setVisible(page in (PAGE_MAPPING, PAGE_CHECK))
        self.next_button.setVisible(page in (PAGE_FILE, PAGE_MAPPING))
        self.next_button.setEnabled(page != PAGE_FILE or self.preview is not None)
        self.next_button.setText(_("Periksa semua baris ›") if page == PAGE_MAPPING
                                 else _("Lanjut ›"))  # fmt: skip
        self.import_button.setVisible(page == PAGE_CHECK)
        self.cancel_button.setText(_("Tutup") if page == PAGE_DONE else _("Batal"))
        if page == PAGE_MAPPING:
            self.next_button.setEnabled(not (self.preview and self.preview.missing_required))

    def back(self) -> None:
        self._go(max(self.pages.currentIndex() - 1, PAGE_FILE))

    def next(self) -> None:
        page = self.pages.currentIndex()
        if page == PAGE_FILE and self.preview is not None:
            self._go(PAGE_MAPPING)
        elif page == PAGE_MAPPING:
            self.run_check()

    # -- step 1 and 2 -------------------------------------------------------------------------
    def pick_file(self) -> None:
        chosen = self.choose_file(self)
        if not chosen:
            return
        self.path = Path(chosen)
        if self.load_preview(None):
            self.file_label.setText(str(self.path))
            self._go(PAGE_MAPPING)

    def mapping(self) -> dict[str, int]:
        return {
            name: combo.currentData()
            for name, combo in self.combos.items()
            if combo.currentData() is not None and combo.currentData() >= 0
        }

    def load_preview(self, mapping: dict[str, int] | None) -> bool:
        from puskesos_desktop.domain.errors import UserError

        assert self.path is not None
        try:
            preview = self.desk.list_import.preview(self.path, mapping=mapping)
        except UserError as error:
            show_user_error(self, error.message)
            return False
        self.preview = preview
        self._fill_combos(preview)
        self._fill_preview(preview)
        return True

    def _fill_combos(self, preview: ImportPreview) -> None:
        chosen = dict(preview.mapping)
        for name, combo in self.combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(_("(tidak dipakai)"), -1)
            for index, header in enumerate(preview.headers):
                combo.addItem(f"{index + 1}. {header or _('(tanpa judul)')}", index)
            combo.setCurrentIndex(combo.findData(chosen.get(name, -1)))
            combo.blockSignals(False)
        separator = {";": _("titik koma"), ",": _("koma"), "\t": _("tab")}.get(
            preview.delimiter, preview.delimiter
        )
        kind = preview.format.upper() + (
            _(", pemisah {sep}").format(sep=separator) if preview.format == "csv" else ""
        )
        self.mapping_intro.setText(
            _("<h3>Langkah 2 dari 4 — Periksa kolom</h3>{name} ({kind}); baris judul di baris "
              "{row}. Kolom yang dikenali sudah dipilih; ubah bila keliru.").format(
                name=self.path.name if self.path else "", kind=kind, row=preview.header_row)
        )  # fmt: skip
        self.missing_label.setText(
            _("Kolom wajib belum dipilih: {cols}.").format(cols=", ".join(preview.missing_required))
        )
        self.missing_label.setVisible(bool(preview.missing_required))

    def _fill_preview(self, preview: ImportPreview) -> None:
        """Row number and problems first: they matter most and must not scroll away."""
        labels = [label for label, _value in preview.rows[0].nilai] if preview.rows else []
        table = self.preview_table
        table.clear()
        table.setColumnCount(len(labels) + 2)
        table.setHorizontalHeaderLabels([_("Baris"), _("Masalah"), *labels])
        table.setRowCount(len(preview.rows))
        for row, line in enumerate(preview.rows):
            errors = [p for p in line.masalah if p.tingkat == "Galat"]
            problems = "; ".join(p.masalah for p in line.masalah) or _("baik")
            values = [str(line.baris), problems, *(value for _label, value in line.nilai)]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if errors:
                    item.setBackground(_ERROR_BG)
                if column == 1:
                    item.setToolTip("\n".join(p.masalah for p in line.masalah))
                table.setItem(row, column, item)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        table.setColumnWidth(1, 260)

    def _mapping_changed(self, *_args: object) -> None:
        if self.path is not None and self.preview is not None:
            self.load_preview(self.mapping())
            self._go(PAGE_MAPPING)

    # -- step 3 -------------------------------------------------------------------------------
    def run_check(self) -> None:
        path, mapping = self.path, self.mapping()

        def job(progress: Progress, cancel: CancelToken) -> ImportCheck:
            return self.desk.list_import.check(path, mapping=mapping, progress=progress,
                                               cancel=cancel)  # fmt: skip

        self.runner.run(job, title=_("Memeriksa daftar"), on_success=self._checked)

    def _checked(self, checked: ImportCheck) -> None:
        self.checked = checked
        self.report_path = None
        self.report_label.clear()
        text = _(
            "<h3>Langkah 3 dari 4 — Hasil pemeriksaan</h3>{total} baris data dalam {households} "
            "keluarga: <b>{valid} baris siap diimpor</b>, <b>{errors} baris bermasalah</b>."
        ).format(
            total=format_count(checked.total_rows),
            households=format_count(checked.households),
            valid=format_count(checked.valid_rows),
            errors=format_count(checked.error_rows),
        )
        if checked.error_rows:
            text += "<br>" + _(
                "Baris bermasalah tidak diimpor; satu keluarga (No. KK sama) diimpor utuh atau "
                "tidak sama sekali. Simpan laporannya untuk memperbaiki daftar."
            )
        self.summary.setText(text)
        problems = checked.problems[:PROBLEM_ROWS_SHOWN]
        self.problem_table.setRowCount(len(problems))
        self.problem_table.setWordWrap(len(problems) <= WRAPPED_ROWS)
        for row, problem in enumerate(problems):
            values = (str(problem.baris), problem.kolom, problem.nilai, problem.masalah,
                      problem.tingkat)  # fmt: skip
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if problem.tingkat == "Galat":
                    item.setBackground(_ERROR_BG)
                if column == 3:
                    item.setToolTip(value)
                self.problem_table.setItem(row, column, item)
        self.report_button.setEnabled(bool(checked.problems))
        self.import_button.setEnabled(checked.valid_rows > 0)
        self.import_button.setText(
            _("Impor {n} baris yang valid saja").format(n=format_count(checked.valid_rows))
            if checked.error_rows
            else _("Impor {n} baris").format(n=format_count(checked.valid_rows))
        )
        self._go(PAGE_CHECK)
        if len(problems) <= WRAPPED_ROWS:  # after showing: wrapping needs the column widths
            self.problem_table.resizeRowsToContents()

    def save_report(self) -> None:
        from puskesos_desktop.services.list_import import write_error_report

        if self.checked is None or self.path is None:
            return
        suggested = str(self.path.with_name(self.path.stem + "-masalah.xlsx"))
        target = self.choose_target(self, suggested)
        if not target:
            return
        from puskesos_desktop.domain.errors import UserError

        try:
            self.report_path = write_error_report(self.checked.problems, Path(target))
        except UserError as error:
            show_user_error(self, error.message)
            return
        self.report_label.setText(_("Laporan tersimpan: {path}").format(path=self.report_path))

    # -- step 4 -------------------------------------------------------------------------------
    def run_import(self) -> None:
        if self.checked is None or self.path is None:
            return
        path, mapping = self.path, self.mapping()

        def job(progress: Progress, cancel: CancelToken) -> ImportResult:
            return self.desk.list_import.run(path, mapping=mapping, import_valid_only=True,
                                             progress=progress, cancel=cancel)  # fmt: skip

        self.import_button.setEnabled(False)
        handle = self.runner.run(job, title=_("Mengimpor daftar"), writes=True,
                                 on_success=self._imported)  # fmt: skip
        handle.then(lambda: self.import_button.setEnabled(self.result is None))

    def _imported(self, result: ImportResult) -> None:
        self.result = result
        self.done_label.setText(
            _("<h3>Langkah 4 dari 4 — Selesai</h3>{persons} orang diimpor: {new} keluarga baru, "
              "{existing} keluarga yang sudah ada. {skipped} baris tidak diimpor.").format(
                persons=format_count(result.imported_persons),
                new=format_count(result.new_households),
                existing=format_count(result.existing_households),
                skipped=format_count(result.skipped_rows))
        )  # fmt: skip
        self._go(PAGE_DONE)
