"""The members typed so far in the household form, before anything is saved.

Each row keeps what the operator typed (an ``OrangInput``) together with the duplicate
decision taken when it was added, so a later save can pass the decision on and the
operator sees it ("Orang berbeda (keputusan dicatat)") instead of being asked twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from puskesos_desktop.domain.registry_enums import HubunganKeluarga, JenisKelamin
from puskesos_desktop.gui.formatting import format_date
from puskesos_desktop.i18n import _

if TYPE_CHECKING:
    from puskesos_desktop.services.registry_types import DuplicateDecision, OrangInput


@dataclass
class Member:
    data: OrangInput
    decision: DuplicateDecision | None = None
    note: str = ""


def _label(choice: type, code: str) -> str:
    member = choice.parse(code) if code else None
    return member.label if member else ""


class MemberTable(QTableWidget):
    def __init__(self) -> None:
        super().__init__(0, 5)
        self.setHorizontalHeaderLabels(
            [_("Nama"), _("NIK"), _("Hubungan"), _("Tgl lahir"), _("Catatan")]
        )
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().setVisible(False)
        self.setTabKeyNavigation(False)
        self.setWordWrap(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

    def show_members(self, members: Sequence[Member]) -> None:
        self.setRowCount(len(members))
        for row, member in enumerate(members):
            data = member.data
            nik = data.nik or (_("(NIK sementara)") if data.alasan_tanpa_nik else "—")
            note = member.note or _label(JenisKelamin, data.jenis_kelamin)
            values = [
                data.nama,
                nik,
                _label(HubunganKeluarga, data.hubungan),
                format_date(data.tanggal_lahir),
                note,
            ]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(note)
                self.setItem(row, column, item)

    def selected_row(self) -> int | None:
        rows = self.selectionModel().selectedRows()
        return rows[0].row() if rows else None
