"""Search results of the registry as a read-only table.

The model holds plain ``PersonRow`` values from ``RegistryService.search``; it never talks to
the database itself, so it can be refilled from any thread's result on the GUI thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from puskesos_desktop.gui.formatting import format_date
from puskesos_desktop.gui.models.rows_table import RowsTableModel
from puskesos_desktop.i18n import _

if TYPE_CHECKING:
    from puskesos_desktop.services.registry import PersonRow

Index = QModelIndex | QPersistentModelIndex
COL_NIK, COL_NAMA, COL_JK, COL_LAHIR, COL_ALAMAT, COL_KK = range(6)
_MISSING = "—"


def _headers() -> list[str]:
    return [_("NIK"), _("Nama"), _("JK"), _("Tgl lahir"), _("Alamat"), _("No. KK")]


def _sex_name(code: str) -> str:
    return {"L": _("Laki-laki"), "P": _("Perempuan")}.get(code.upper(), code)


class PersonTableModel(RowsTableModel["PersonRow"]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(_headers(), parent)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        person = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(person, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_NIK and not person.nik:
                return _("Belum ada NIK")
            if column == COL_JK:
                return _sex_name(person.jenis_kelamin)
            return self._display(person, column) or None
        if role == Qt.ItemDataRole.ForegroundRole and column in (COL_NIK, COL_KK):
            missing = not (person.nik if column == COL_NIK else person.no_kk)
            return QBrush(QColor("#888888")) if missing else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_JK:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    @staticmethod
    def _display(person: PersonRow, column: int) -> str:
        if column == COL_NIK:
            return person.nik or _MISSING
        if column == COL_NAMA:
            return person.nama
        if column == COL_JK:
            return person.jenis_kelamin
        if column == COL_LAHIR:
            return format_date(person.tanggal_lahir)
        if column == COL_ALAMAT:
            return person.alamat
        return person.no_kk or _MISSING
