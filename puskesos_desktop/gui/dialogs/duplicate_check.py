""" "Is this the same person?" — the typed data side by side with the registered candidates.

Shown before a person is saved when the registry finds the same NIK, the same person in
another KK, or a similar name with the same birth date. The operator, who has the KTP or
the person in front of them, decides; the app never merges or refuses on its own. Both
answers are explicit buttons with full sentences (no Yes/No), and Esc goes back to the
form without deciding. The service logs whichever decision is taken.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop.domain.registry_enums import AlasanDuplikat, JenisKelamin, StatusDasar
from puskesos_desktop.gui.formatting import format_date
from puskesos_desktop.i18n import _

if TYPE_CHECKING:
    from puskesos_desktop.services.registry_types import (
        DuplicateCandidate,
        DuplicateDecision,
        OrangInput,
    )

MAX_SHOWN = 4
_SAME = QBrush(QColor("#e3f3e6"))
_TABLE_STYLE = "QTableWidget { selection-background-color: #cfe0f3; selection-color: #000000; }"


def _label(choice: type, code: str) -> str:
    member = choice.parse(code) if code else None
    return member.label if member else (code or "—")


class DuplicateDialog(QDialog):
    """After ``accepted``: ``decision`` holds the answer (None when the dialog was closed)."""

    def __init__(
        self,
        typed: OrangInput,
        candidates: tuple[DuplicateCandidate, ...],
        *,
        typed_kk: str = "",
        typed_address: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Mungkin sudah terdaftar"))
        self.candidates = candidates[:MAX_SHOWN]
        self.decision: DuplicateDecision | None = None
        intro = QLabel(
            _(
                "<b>{name}</b> mungkin sudah terdaftar. Bandingkan dengan KTP/KK yang dibawa, "
                "lalu pilih salah satu."
            ).format(name=typed.nama.strip() or _("Orang ini"))
        )
        intro.setWordWrap(True)
        self.table = QTableWidget()
        self._fill(typed, typed_kk, typed_address)
        hint = QLabel(
            _("Jika ada beberapa kandidat, klik kolom orang yang sama sebelum memilih.")
            if len(self.candidates) > 1
            else ""
        )
        hint.setObjectName("hint")
        hint.setVisible(len(self.candidates) > 1)
        self.same_button = QPushButton(_("Ini orang yang sama — buka datanya"))
        self.different_button = QPushButton(_("Orang berbeda — tetap simpan"))
        self.back_button = QPushButton(_("Kembali ke formulir"))
        for button in (self.same_button, self.different_button):
            button.setMinimumHeight(34)
        self.same_button.setDefault(True)
        self.same_button.clicked.connect(self._same)
        self.different_button.clicked.connect(self._different)
        self.back_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.same_button)
        buttons.addWidget(self.different_button)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        layout.addLayout(buttons)
        self.resize(min(460 + 380 * len(self.candidates), 1250), 400)
        self.same_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _fill(self, typed: OrangInput, typed_kk: str, typed_address: str) -> None:
        rows = [
            _("Nama"), _("NIK"), _("Tanggal lahir"), _("Jenis kelamin"), _("No. KK"),
            _("Alamat"), _("Status"), _("Alasan"), _("Keterangan"),
        ]  # fmt: skip
        columns = [_("Data yang diketik")] + [
            _("Terdaftar {n}").format(n=n) if len(self.candidates) > 1 else _("Sudah terdaftar")
            for n in range(1, len(self.candidates) + 1)
        ]
        table = self.table
        table.setRowCount(len(rows))
        table.setColumnCount(len(columns))
        table.setVerticalHeaderLabels(rows)
        table.setHorizontalHeaderLabels(columns)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectColumns)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setWordWrap(True)
        table.setTabKeyNavigation(False)
        table.setStyleSheet(_TABLE_STYLE)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        typed_values = [
            typed.nama,
            typed.nik or (_("tanpa NIK") if typed.alasan_tanpa_nik else "—"),
            format_date(typed.tanggal_lahir) or "—",
            _label(JenisKelamin, typed.jenis_kelamin),
            typed_kk or "—",
            typed_address or "—",
            _("baru"),
            "",
            "",
        ]
        for row, value in enumerate(typed_values):
            item = QTableWidgetItem(value)
            item.setBackground(QBrush(QColor("#f1f6fb")))
            table.setItem(row, 0, item)
        for column, candidate in enumerate(self.candidates, start=1):
            values = [
                candidate.nama,
                candidate.nik or "—",
                format_date(candidate.tanggal_lahir) or "—",
                _label(JenisKelamin, candidate.jenis_kelamin),
                candidate.no_kk or "—",
                candidate.alamat or "—",
                _label(StatusDasar, candidate.status_dasar),
                "\n".join(_label(AlasanDuplikat, reason) for reason in candidate.alasan),
                "\n".join(candidate.keterangan),
            ]
            for row, value in enumerate(values):
                item = QTableWidgetItem(value)
                if row < 5 and value != "—" and value == typed_values[row]:
                    item.setBackground(_SAME)  # equal to what was typed: easy to compare
                if row == 7:
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                table.setItem(row, column, item)
        table.resizeRowsToContents()
        if len(self.candidates) > 1:
            table.selectColumn(1)  # one candidate needs no choosing (and keeps its colours)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.table.resizeRowsToContents()  # column widths are known only now

    def chosen(self) -> DuplicateCandidate | None:
        columns = self.table.selectionModel().selectedColumns()
        index = columns[0].column() - 1 if columns else 0
        if not 0 <= index < len(self.candidates):
            index = 0
        return self.candidates[index] if self.candidates else None

    def _same(self) -> None:
        from puskesos_desktop.services.registry_types import DuplicateDecision

        candidate = self.chosen()
        if candidate is None:
            return
        self.decision = DuplicateDecision(same_person_uid=candidate.uid)
        self.accept()

    def _different(self) -> None:
        from puskesos_desktop.services.registry_types import DuplicateDecision

        self.decision = DuplicateDecision(different_person=True)
        self.accept()
