"""The register of outgoing letters (buku agenda surat keluar) on screen, in number order.

Voided letters stay in the list, greyed, because a number is never reused and the paper book
must show the gap's reason. In district mode a column says which desk issued the letter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from puskesos_desktop.domain.dates_id import format_date
from puskesos_desktop.gui.models.rows_table import Index, RowsTableModel
from puskesos_desktop.i18n import _

if TYPE_CHECKING:
    from puskesos_desktop.services.reports_types import AgendaRow, AgendaSurat

VOID_TEXT = "#8a8a8a"


def _headers(with_origin: bool) -> list[str]:
    headers = [_("No. urut"), _("Nomor surat"), _("Tanggal"), _("Perihal"), _("Tujuan"),
               _("Status"), _("Keterangan")]
    return [*headers, _("Asal desk")] if with_origin else headers


class AgendaTableModel(RowsTableModel["AgendaRow"]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(_headers(False), parent)

    def set_agenda(self, agenda: AgendaSurat) -> None:
        self._headers = _headers(agenda.mode == "dinas")
        self.set_rows(agenda.baris)

    def text(self, row: int, column: int) -> str:
        item: AgendaRow = self._rows[row]
        values = (str(item.urut), item.nomor, format_date(item.tanggal), item.perihal,
                  item.tujuan, item.status_label, item.keterangan, item.asal)
        return values[column]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(index.row(), index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.ForegroundRole and self._rows[index.row()].status == "BATAL":
            return QBrush(QColor(VOID_TEXT))
        return None
