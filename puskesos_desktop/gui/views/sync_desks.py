"""Sinkronisasi → Desk desa (district mode): every village desk at a glance.

Last bundle received and when, gaps, pending conflicts, records and the head of each desk's
audit chain; a desk whose chain went backwards is marked red with a warning above the list.
Below it, the same NIK registered by two villages, which the district officer has to sort
out.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from puskesos_desktop.gui.formatting import format_count, format_datetime
from puskesos_desktop.gui.views.sync_send import fill_table, make_table
from puskesos_desktop.i18n import _
from puskesos_desktop.services.changes import ChangeKind, Changes


class DesksPanel(QWidget):
    def __init__(self, desk: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.table = make_table(
            [
                _("Desa"),
                _("ID desk"),
                _("Paket terakhir"),
                _("Diterima"),
                _("Kekosongan"),
                _("Konflik"),
                _("Penduduk"),
                _("Jejak audit"),
            ]
        )
        self.audit_column = self.table.columnCount() - 1
        self.audit_warning = QLabel()
        self.audit_warning.setObjectName("problems")
        self.audit_warning.setWordWrap(True)
        self.audit_warning.hide()
        self.duplicates = make_table([_("NIK"), _("Terdaftar di")])
        self.duplicates_label = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Desk desa yang terdaftar:")))
        layout.addWidget(self.audit_warning)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.duplicates_label)
        layout.addWidget(self.duplicates, 1)
        self.refresh()

    def refresh(self) -> None:
        from puskesos_desktop.services.sync_audit import rewind_text

        rows, flagged = [], []
        for status in self.desk.sync.district.desks():
            gap = ""
            if status.missing:
                gap = _("menunggu paket {seqs}").format(
                    seqs=", ".join(str(s) for s in status.missing[:5])
                )
            name = status.name + (f" ({_('DICABUT')})" if status.revoked else "")
            head = status.audit_head
            audit = "—" if head is None else _("{n} entri").format(n=format_count(head.last_id))
            if status.audit_rewind is not None:
                audit = "\u26a0 " + rewind_text(status.audit_rewind)
                flagged.append((len(rows), status.name))
            rows.append(
                [
                    name,
                    status.desk_id,
                    str(status.last_seq or "—"),
                    format_datetime(status.last_received_at),
                    gap or "—",
                    str(status.open_conflicts),
                    format_count(status.persons),
                    audit,
                ]
            )
        fill_table(self.table, rows)
        for row, _name in flagged:
            self.table.item(row, self.audit_column).setForeground(QBrush(QColor("#a61b1b")))
        self.audit_warning.setText(
            _(
                "{desks}: jejak audit mundur atau ditulis ulang. Ada catatan yang dihapus "
                "atau diubah, atau basis data lama dipulihkan. Periksa laptop desk itu "
                "bersama operatornya."
            ).format(desks=", ".join(name for _row, name in flagged))
        )
        self.audit_warning.setVisible(bool(flagged))  # after the text: wrapped height
        duplicates = self.desk.sync.district.duplicate_niks()
        self.duplicates_label.setText(
            _("NIK yang terdaftar di lebih dari satu desa: {n}").format(n=len(duplicates))
        )
        self.duplicates.setVisible(bool(duplicates))
        fill_table(
            self.duplicates,
            [
                [d.nik, "; ".join(f"{name} ({origin})" for _uid, name, origin in d.persons)]
                for d in duplicates
            ],
        )

    def on_data_changed(self, changes: Changes) -> None:
        if changes.touches(ChangeKind.SYNC):
            self.refresh()
