"""The body of the Laporan screen: the recap's tables one at a time, its charts, or the agenda.

A recap has about ten tables (more in district mode); stacking them all in one long page
would hide most of them below the fold of a 768 px screen, so a list on the left names each
table (and each chart) and the right side shows the chosen one with its note ("what exactly
is counted"), the same note the PDF prints under the table.

A row that stands for records (a channel, a PPKS, a destination type, a village) opens them
on double-click or Enter: the pane emits ``row_opened(kunci)`` and the screen decides what
to show; ``opens`` (set by the screen) says which keys lead somewhere, so only those rows
promise it in their tooltip and in the hint under the table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop.gui.models.agenda_table import AgendaTableModel
from puskesos_desktop.gui.models.rekap_table import RekapTableModel
from puskesos_desktop.gui.widgets.svg_chart import SvgChart
from puskesos_desktop.i18n import _

if TYPE_CHECKING:
    from puskesos_desktop.services.reports_types import AgendaSurat, Rekap

PAGE_TABLE, PAGE_CHART, PAGE_AGENDA = range(3)
CHART_PREFIX = "grafik:"
MAX_LABEL_WIDTH = 300  # px


def _table_view() -> QTableView:
    view = QTableView()
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setMinimumSectionSize(56)
    view.horizontalHeader().setStretchLastSection(False)
    view.horizontalHeader().setDefaultAlignment(
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return view


class RekapPane(QWidget):
    shown = Signal()  # a recap or agenda is on screen (tests wait for it)
    row_opened = Signal(str)  # Baris.kunci of the row double-clicked / Enter-ed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rekap: Rekap | None = None
        self.svgs: tuple[bytes, ...] = ()
        self.sections = QListWidget()
        self.sections.setMaximumWidth(240)
        self.sections.setWordWrap(True)
        self.sections.setSpacing(3)
        self.heading = QLabel()
        self.heading.setObjectName("cardCaption")
        self.heading.setWordWrap(True)
        self.note = QLabel()
        self.note.setObjectName("rekapNote")
        self.note.setWordWrap(True)
        self.open_hint = QLabel(_("Klik dua kali pada baris (atau pilih lalu tekan Enter) "
                                  "untuk melihat rinciannya."))
        self.open_hint.setObjectName("hint")
        self.open_hint.hide()
        self.model = RekapTableModel(self)
        self.table = _table_view()
        self.table.setModel(self.model)
        self.table.activated.connect(lambda index: self._activated(index.row()))
        self.chart = SvgChart()
        self.agenda_model = AgendaTableModel(self)
        self.agenda_table = _table_view()
        self.agenda_table.setModel(self.agenda_model)
        self.pages = QStackedWidget()
        for widget in (self.table, self.chart, self.agenda_table):
            self.pages.addWidget(widget)
        right = QVBoxLayout()
        right.addWidget(self.heading)
        right.addWidget(self.pages, 1)
        right.addWidget(self.note)
        right.addWidget(self.open_hint)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.sections, 1)
        layout.addLayout(right, 3)
        self.sections.currentRowChanged.connect(self._show_section)
        self.clear(_("Pilih jenis laporan dan periode, lalu klik \u201cTampilkan\u201d."))

    def clear(self, message: str) -> None:
        self.rekap = None
        self.sections.clear()
        self.sections.hide()
        self.model.set_table(None)
        self.heading.setText(message)
        self.note.clear()
        self.open_hint.hide()
        self.pages.hide()

    @property
    def opens(self) -> Callable[[str], bool]:
        return self.model.opens

    @opens.setter
    def opens(self, predicate: Callable[[str], bool]) -> None:
        self.model.opens = predicate

    def _activated(self, row: int) -> None:
        kunci = self.model.kunci(row)
        if kunci and self.model.opens(kunci):
            self.row_opened.emit(kunci)

    # -- recap -------------------------------------------------------------------------------
    def show_rekap(self, rekap: Rekap, svgs: Sequence[bytes]) -> None:
        """Show ``rekap``; ``svgs`` are its charts drawn off the GUI thread, in order."""
        keep = self.current_key()
        self.rekap, self.svgs = rekap, tuple(svgs)
        self.sections.blockSignals(True)
        self.sections.clear()
        for tabel in rekap.tabel:
            self._add_section(tabel.judul, tabel.kode)
        for number, grafik in enumerate(rekap.grafik):
            self._add_section(_("Grafik: {judul}").format(judul=grafik.judul),
                              f"{CHART_PREFIX}{number}")
        self.sections.blockSignals(False)
        self.sections.show()
        self.pages.show()
        keys = [self.sections.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.sections.count())]
        self.sections.setCurrentRow(keys.index(keep) if keep in keys else 0)
        self._show_section(self.sections.currentRow())
        self.shown.emit()

    def _add_section(self, text: str, key: str) -> None:
        self.sections.addItem(text)
        self.sections.item(self.sections.count() - 1).setData(Qt.ItemDataRole.UserRole, key)

    def current_key(self) -> str:
        item = self.sections.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else ""

    def select(self, key: str) -> None:
        """Show the table with ``Tabel.kode`` == key (or ``grafik:N``)."""
        for row in range(self.sections.count()):
            if self.sections.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.sections.setCurrentRow(row)
                return
        raise KeyError(key)

    def _show_section(self, row: int) -> None:
        if self.rekap is None or row < 0:
            return
        key = self.current_key()
        if key.startswith(CHART_PREFIX):
            number = int(key.removeprefix(CHART_PREFIX))
            self.heading.clear()  # the drawing carries its own title, as in the PDF
            self.note.clear()
            self.chart.set_svg(self.svgs[number] if number < len(self.svgs) else b"")
            self.pages.setCurrentIndex(PAGE_CHART)
            self.open_hint.hide()
            return
        tabel = self.rekap.table(key)
        self.heading.setText(tabel.judul)
        self.note.setText(tabel.catatan)
        self.note.setVisible(bool(tabel.catatan))
        self.model.set_table(tabel)
        self.open_hint.setVisible(any(self.model.opens(row.kunci) for row in tabel.baris))
        self._fit_columns()
        self.pages.setCurrentIndex(PAGE_TABLE)
        if tabel.kosong:
            self.note.setText(_("Tidak ada data untuk periode ini.") + " " + tabel.catatan)
            self.note.show()

    def _fit_columns(self) -> None:
        """Numbers always fully visible; long names (SPM services) cut at a readable width
        with the full text in the tooltip, so a 1366 px screen needs no sideways scrolling."""
        self.table.resizeColumnsToContents()
        for column in range(self.model.label_columns):
            if self.table.columnWidth(column) > MAX_LABEL_WIDTH:
                self.table.setColumnWidth(column, MAX_LABEL_WIDTH)

    # -- agenda ------------------------------------------------------------------------------
    def show_agenda(self, agenda: AgendaSurat) -> None:
        self.rekap = None
        self.sections.clear()
        self.sections.hide()
        self.open_hint.hide()
        self.agenda_model.set_agenda(agenda)
        header = self.agenda_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)  # perihal
        self.heading.setText(_("Buku agenda surat keluar \u2014 {periode}").format(
            periode=agenda.periode.label))
        self.note.setText(_("{terbit} surat terbit, {batal} dibatalkan.").format(
            terbit=agenda.jumlah_terbit, batal=agenda.jumlah_batal)
            if agenda.baris else _("Tidak ada surat keluar pada periode ini."))
        self.note.show()
        self.pages.setCurrentIndex(PAGE_AGENDA)
        self.pages.show()
        self.shown.emit()
