"""The list behind a dashboard number, in a window of its own.

Opened from the Beranda when no screen can show that list with a filter (intakes of this
month, persons without NIK, open verivali marks…). The rows are fetched on a worker thread;
the dialog opens at once with "Memuat…" so a click always answers immediately.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop.gui.formatting import format_count
from puskesos_desktop.gui.models.rows_table import Index, RowsTableModel
from puskesos_desktop.gui.runner import JobRunner
from puskesos_desktop.i18n import _
from puskesos_desktop.jobs import CancelToken, Progress

if TYPE_CHECKING:
    from puskesos_desktop.services.reports_daftar import Daftar
    from puskesos_desktop.services.reports_types import Tujuan


class TextRowsModel(RowsTableModel[tuple[str, ...]]):
    """Rows that are already display text, one string per column."""

    def set_table(self, headers: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> None:
        self._headers = list(headers)
        self.set_rows(rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.DisplayRole:
            return self._rows[index.row()][index.column()]
        return None


class DaftarDialog(QDialog):
    def __init__(
        self, desk: object, runner: JobRunner, tujuan: Tujuan, title: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.heading = QLabel(title)
        self.heading.setObjectName("cardCaption")
        self.heading.setWordWrap(True)
        self.model = TextRowsModel([], self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.count = QLabel(_("Memuat…"))
        self.count.setObjectName("hint")
        self.count.setWordWrap(True)
        buttons = QDialogButtonBox()
        buttons.addButton(_("Tutup"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        layout.addWidget(buttons)
        self.resize(820, 480)
        self.daftar: Daftar | None = None

        def job(_progress: Progress, _cancel: CancelToken) -> Daftar:
            return desk.reports.daftar(tujuan)  # type: ignore[attr-defined]

        self.handle = runner.run(job, title=title, on_success=self.show_daftar, dialog=False)

    def show_daftar(self, daftar: Daftar) -> None:
        self.daftar = daftar
        self.heading.setText(daftar.judul)
        self.model.set_table(daftar.kolom, daftar.baris)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        if not daftar.baris:
            text = _("Tidak ada data.")
        elif daftar.terpotong:
            text = _("Menampilkan {n} baris pertama.").format(n=format_count(len(daftar.baris)))
        else:
            text = _("{n} baris").format(n=format_count(len(daftar.baris)))
        self.count.setText(text)
