"""Referral list as a read-only table; overdue follow-ups are tinted so they stand out.

Holds plain ``ReferralRow`` values; never touches the database.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from puskesos_desktop.domain.registry_enums import Urgensi
from puskesos_desktop.gui.formatting import format_date
from puskesos_desktop.gui.models.rows_table import RowsTableModel
from puskesos_desktop.i18n import _

if TYPE_CHECKING:
    from puskesos_desktop.services.referral_types import ReferralRow

Index = QModelIndex | QPersistentModelIndex
COL_NAMA, COL_NIK, COL_TUJUAN, COL_STATUS, COL_TINDAK, COL_SURAT, COL_URGENSI = range(7)
OVERDUE_BACKGROUND = "#fdecec"
OVERDUE_TEXT = "#a61b1b"


def _headers() -> list[str]:
    return [_("Warga"), _("NIK"), _("Tujuan"), _("Status"), _("Tindak lanjut"),
            _("Nomor surat"), _("Urgensi")]


class ReferralTableModel(RowsTableModel["ReferralRow"]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(_headers(), parent)

    def row_of(self, uid: str) -> int:
        return next((i for i, row in enumerate(self._rows) if row.uid == uid), -1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.BackgroundRole and row.terlambat:
            return QBrush(QColor(OVERDUE_BACKGROUND))
        if role == Qt.ItemDataRole.ForegroundRole and row.terlambat and column in (
                COL_STATUS, COL_TINDAK):
            return QBrush(QColor(OVERDUE_TEXT))
        if role == Qt.ItemDataRole.FontRole and row.terlambat and column == COL_TINDAK:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and row.terlambat:
            return _("Tanggal tindak lanjut sudah lewat: hubungi lembaga atau keluarga.")
        return None

    @staticmethod
    def _display(row: ReferralRow, column: int) -> str:
        if column == COL_NAMA:
            return row.orang_nama
        if column == COL_NIK:
            return row.orang_nik or "—"
        if column == COL_TUJUAN:
            return row.lembaga_nama
        if column == COL_STATUS:
            return row.status_label
        if column == COL_TINDAK:
            return format_date(row.tanggal_tindak_lanjut)
        if column == COL_SURAT:
            return row.nomor_surat or "—"
        urgency = Urgensi.parse(row.urgensi)
        return urgency.label if urgency else row.urgensi
