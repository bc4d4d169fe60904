"""One recap table (``reports.model.Tabel``) on screen, exactly as the PDF and XLSX print it.

The model shows the values the figures module computed, never recomputes them: the label
columns first, then the number columns (right-aligned, Indonesian digit grouping), then a
bold "Jumlah" row taken from ``Tabel.total`` (the same property the PDF prints).

Long column titles ("Rujukan mendapat hasil", "Hari sejak paket terakhir…") are shown on two
or three balanced lines, with the full title as tooltip: seven district figures then fit a
1366 px screen without sideways scrolling, and the number columns stay as narrow as their
numbers allow.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from puskesos_desktop.gui.formatting import format_number
from puskesos_desktop.gui.models.rows_table import Index, RowsTableModel
from puskesos_desktop.i18n import _

if TYPE_CHECKING:
    from puskesos_desktop.reports.model import Baris, Tabel

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
TOTAL_BACKGROUND = "#eef2f6"
WRAP_AFTER = 12  # characters: shorter titles stay on one line


def wrapped_title(text: str) -> str:
    """``Rujukan mendapat hasil`` → ``Rujukan\\nmendapat hasil``: two lines (three when very
    long), split where the longest line is shortest, so the column is as narrow as it can be."""
    words = text.split()
    if len(text) <= WRAP_AFTER or len(words) < 2:
        return text
    lines = min(2 if len(text) <= 36 else 3, len(words))

    def split_at(cuts: tuple[int, ...]) -> list[str]:
        bounds = (0, *cuts, len(words))
        return [" ".join(words[a:b]) for a, b in itertools.pairwise(bounds)]

    best = min(
        itertools.combinations(range(1, len(words)), lines - 1),
        key=lambda cuts: max(len(line) for line in split_at(cuts)),
    )
    return "\n".join(split_at(best))


class RekapTableModel(RowsTableModel["Baris"]):
    """Rows of one ``Tabel`` plus its totals row (last row, not a ``Baris``)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__([], parent)
        self.tabel: Tabel | None = None
        self._totals: tuple[Any, ...] | None = None
        self.opens: Callable[[str], bool] = lambda _kunci: False
        """Whether a row key leads somewhere (set by the pane): such rows get a hint."""

    def set_table(self, tabel: Tabel | None) -> None:
        self.beginResetModel()
        self.tabel = tabel
        self._headers = [*tabel.kolom_label, *(k.judul for k in tabel.kolom)] if tabel else []
        self._rows = list(tabel.baris) if tabel else []
        self._totals = tabel.total if tabel and tabel.baris else None
        self.endResetModel()

    @property
    def label_columns(self) -> int:
        return len(self.tabel.kolom_label) if self.tabel else 0

    def is_total_row(self, row: int) -> bool:
        return self._totals is not None and row == len(self._rows)

    def kunci(self, row: int) -> str:
        """The row's ``Baris.kunci`` ("" for the totals row or outside the table)."""
        return self._rows[row].kunci if 0 <= row < len(self._rows) else ""

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        if parent.isValid():
            return 0
        return len(self._rows) + (1 if self._totals is not None else 0)

    def text(self, row: int, column: int) -> str:
        """What the cell shows; tests compare this with the PDF and XLSX."""
        labels = self.label_columns
        if self.is_total_row(row):
            if column < labels:
                return _("Jumlah") if column == 0 else ""
            return self._number(self._totals[column - labels], column - labels)  # type: ignore[index]
        baris: Baris = self._rows[row]
        if column < labels:
            return baris.label[column] if column < len(baris.label) else ""
        return self._number(baris.nilai[column - labels], column - labels)

    def _number(self, value: Any, kolom: int) -> str:
        assert self.tabel is not None
        return format_number(value, self.tabel.kolom[kolom].desimal)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.tabel is None:
            return None
        row, column = index.row(), index.column()
        total = self.is_total_row(row)
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            hint = _("Klik dua kali atau tekan Enter untuk melihat rinciannya.")
            opens = self.opens(self.kunci(row))
            if column < self.label_columns:  # long names are cut on screen
                return self.text(row, column) + ("\n" + hint if opens else "")
            return hint if opens else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if column >= self.label_columns else LEFT
        if role == Qt.ItemDataRole.FontRole and total:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and total:
            return QBrush(QColor(TOTAL_BACKGROUND))
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.TextAlignmentRole
        ):
            return RIGHT if section >= self.label_columns else LEFT
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._headers):
            if role == Qt.ItemDataRole.DisplayRole:
                return wrapped_title(self._headers[section])
            if role == Qt.ItemDataRole.ToolTipRole:
                return self._headers[section]
        return super().headerData(section, orientation, role)
