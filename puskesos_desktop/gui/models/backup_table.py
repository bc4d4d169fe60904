"""The desk's backups (newest first) as a small read-only table: date, kind, size."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from puskesos_desktop.gui.formatting import format_datetime, format_size
from puskesos_desktop.gui.models.rows_table import RowsTableModel
from puskesos_desktop.i18n import N_, _

if TYPE_CHECKING:
    pass

Index = QModelIndex | QPersistentModelIndex

_KIND_NAMES = {
    "harian": N_("Harian (otomatis)"),
    "manual": N_("Manual"),
    "sebelum-migrasi": N_("Sebelum pembaruan"),
    "sebelum-pemulihan": N_("Sebelum pemulihan"),
}


def kind_name(kind: str) -> str:
    return _(_KIND_NAMES[kind]) if kind in _KIND_NAMES else kind


class BackupTableModel(RowsTableModel["BackupInfo"]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__([_("Tanggal"), _("Jenis"), _("Ukuran")], parent)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        info = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (format_datetime(info.created_at), kind_name(info.kind), format_size(info.size))[
                index.column()
            ]
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(info.path)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
