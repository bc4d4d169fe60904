"""Verivali tab: mark the chosen household, print the visit list, record visit outcomes.

The list shows open marks in walking order (dusun, RW, RT), the same order as the printed
sheet, so the operator types outcomes straight from the returned paper top to bottom.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop.gui.errors import show_user_error
from puskesos_desktop.gui.formatting import format_date
from puskesos_desktop.i18n import _

if TYPE_CHECKING:
    from puskesos_desktop.services.verivali import VerivaliRow

SavePath = Callable[[QWidget, str], str | None]


def ask_save_path(parent: QWidget, suggested: str) -> str | None:
    path, _filter = QFileDialog.getSaveFileName(
        parent, _("Simpan daftar kunjungan"), suggested, _("Dokumen PDF (*.pdf)")
    )
    return path or None


class VerivaliPanel(QWidget):
    COLUMNS = (
        "Kepala keluarga",
        "Alamat",
        "Dusun",
        "RT/RW",
        "Yang diperiksa",
        "Ditandai",
        "Hasil",
        "Stiker",
    )

    def __init__(
        self, desk: object, parent: QWidget | None = None, *, save_path: SavePath = ask_save_path
    ) -> None:
        super().__init__(parent)
        from puskesos_desktop.domain.assessment_enums import HasilVerivali, StatusStiker
        from puskesos_desktop.services.reference import programme_catalogue

        self.desk = desk
        self.save_path = save_path
        self.keluarga_uid: str | None = None
        self.rows: list[VerivaliRow] = []
        # -- marking
        self.chosen = QLabel(_("Pilih keluarga di tab Asesmen untuk menandainya."))
        self.chosen.setObjectName("hint")
        self.chosen.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("Yang perlu diperiksa, mis. masih layak PKH?"))
        self.program = QComboBox()
        self.program.addItem(_("(semua program)"), "")
        for programme in programme_catalogue().programmes:
            self.program.addItem(programme.name, programme.code)
        self.mark_button = QPushButton(_("Tandai untuk verivali"))
        self.mark_button.clicked.connect(self.mark)
        mark_row = QHBoxLayout()
        mark_row.addWidget(self.reason, 2)
        mark_row.addWidget(self.program, 1)
        mark_row.addWidget(self.mark_button)
        marking = QGroupBox(_("Tandai keluarga"))
        marking_layout = QVBoxLayout(marking)
        marking_layout.addWidget(self.chosen)
        marking_layout.addLayout(mark_row)
        # -- list
        self.show_done = QCheckBox(_("Tampilkan juga yang sudah dikunjungi"))
        self.show_done.toggled.connect(self.refresh)
        self.print_button = QPushButton(_("Cetak daftar kunjungan…"))
        self.print_button.clicked.connect(self.print_list)
        list_row = QHBoxLayout()
        list_row.addWidget(self.show_done)
        list_row.addStretch(1)
        list_row.addWidget(self.print_button)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels([_(c) for c in self.COLUMNS])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        # -- outcome
        self.outcome = QComboBox()
        for value, label in HasilVerivali.choices():
            self.outcome.addItem(label, value)
        self.visit_date = QDateEdit(QDate.currentDate())
        self.visit_date.setCalendarPopup(True)
        self.visit_date.setDisplayFormat("dd-MM-yyyy")
        self.officer = QLineEdit()
        self.officer.setPlaceholderText(_("Petugas yang berkunjung"))
        self.note = QLineEdit()
        self.note.setPlaceholderText(_("Catatan"))
        self.sticker = QComboBox()
        self.sticker.addItem(_("Stiker: tidak diubah"), None)
        for value, label in StatusStiker.choices():
            self.sticker.addItem(_("Stiker: {label}").format(label=label), value)
        self.save_button = QPushButton(_("Simpan hasil kunjungan"))
        self.save_button.clicked.connect(self.save_outcome)
        outcome_row = QGridLayout()
        outcome_row.addWidget(self.outcome, 0, 0)
        outcome_row.addWidget(self.visit_date, 0, 1)
        outcome_row.addWidget(self.officer, 0, 2)
        outcome_row.addWidget(self.note, 1, 0, 1, 2)
        outcome_row.addWidget(self.sticker, 1, 2)
        outcome_row.addWidget(self.save_button, 2, 2, Qt.AlignmentFlag.AlignRight)
        outcome_row.setColumnStretch(2, 1)
        for combo in (self.program, self.outcome, self.sticker):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(12)
        outcome = QGroupBox(_("Hasil kunjungan untuk baris terpilih"))
        outcome.setLayout(outcome_row)
        layout = QVBoxLayout(self)
        layout.addWidget(marking)
        layout.addLayout(list_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(outcome)
        self.set_household(None, "")
        self.refresh()

    def set_household(self, keluarga_uid: str | None, label: str) -> None:
        self.keluarga_uid = keluarga_uid
        self.mark_button.setEnabled(keluarga_uid is not None)
        if keluarga_uid is not None:
            self.chosen.setText(_("Keluarga terpilih: {label}").format(label=label))

    def refresh(self) -> None:
        from puskesos_desktop.domain.assessment_enums import HasilVerivali, StatusStiker

        self.rows = self.desk.verivali.visit_list(include_done=self.show_done.isChecked())
        self.table.setRowCount(len(self.rows))
        for index, row in enumerate(self.rows):
            outcome = HasilVerivali.parse(row.hasil)
            sticker = StatusStiker.parse(row.status_stiker)
            values = (
                row.kepala,
                row.alamat,
                row.dusun,
                f"{row.rt or '-'}/{row.rw or '-'}",
                row.alasan,
                format_date(row.ditandai_pada),
                outcome.label if outcome else _("belum dikunjungi"),
                sticker.label if sticker else "",
            )
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, row.uid)
                self.table.setItem(index, column, item)
        self.print_button.setEnabled(any(r.is_open for r in self.rows))

    def selected_uid(self) -> str | None:
        row = self.table.currentRow()
        return self.rows[row].uid if 0 <= row < len(self.rows) else None

    def mark(self) -> None:
        from puskesos_desktop.domain.errors import UserError

        if self.keluarga_uid is None:
            return
        try:
            result = self.desk.verivali.mark(
                [self.keluarga_uid], self.reason.text(), program=self.program.currentData()
            )
        except UserError as error:
            show_user_error(self, str(error))
            return
        if result.already_open:
            self.chosen.setText(_("Keluarga ini sudah ada di daftar kunjungan."))
        self.reason.clear()
        self.refresh()

    def save_outcome(self) -> None:
        from puskesos_desktop.domain.errors import UserError

        uid = self.selected_uid()
        if uid is None:
            show_user_error(self, _("Pilih dulu baris keluarga yang sudah dikunjungi."))
            return
        visit = self.visit_date.date()
        try:
            self.desk.verivali.record_outcome(
                uid,
                self.outcome.currentData(),
                tanggal=date(visit.year(), visit.month(), visit.day()),
                petugas=self.officer.text(),
                catatan=self.note.text(),
                status_stiker=self.sticker.currentData(),
            )
        except UserError as error:
            show_user_error(self, str(error))
            return
        self.note.clear()
        self.refresh()

    def print_list(self) -> None:
        from puskesos_desktop.domain.errors import UserError

        try:
            pdf = self.desk.verivali.visit_list_pdf()
        except UserError as error:
            show_user_error(self, str(error))
            return
        suggested = f"daftar-verivali-{date.today().isoformat()}.pdf"
        path = self.save_path(self, suggested)
        if not path:
            return
        target = Path(path).with_suffix(".pdf")
        try:
            target.write_bytes(pdf)
        except OSError as error:
            show_user_error(
                self,
                _("Berkas tidak dapat disimpan ({error}). Pilih folder lain.").format(
                    error=error.strerror or error
                ),
            )
            return
        self.chosen.setText(_("Daftar kunjungan disimpan: {path}").format(path=target))
