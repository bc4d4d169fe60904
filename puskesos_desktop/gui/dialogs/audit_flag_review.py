"""Sinkronisasi → Desk desa → "Periksa peringatan…": clear a village's audit-chain flag.

The district officer sees what was found (which village, which bundle, when it arrived,
the entry numbers before and after) and what the flag can mean, then writes down what was
checked. The button stays disabled until the note is long enough; the service checks the
role and the note again and writes the audit entry.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop.gui.formatting import format_count, format_datetime
from puskesos_desktop.i18n import _

if TYPE_CHECKING:
    from puskesos_desktop.services.sync_district import DeskStatus


class AuditFlagDialog(QDialog):
    def __init__(self, status: DeskStatus, parent: QWidget | None = None) -> None:
        from puskesos_desktop.services.sync_district import MAX_REVIEW_NOTE, MIN_REVIEW_NOTE

        super().__init__(parent)
        self.min_note = MIN_REVIEW_NOTE
        self.setWindowTitle(_("Periksa peringatan jejak audit"))
        self.setMinimumWidth(560)
        rewind = status.audit_rewind
        assert rewind is not None, "only a flagged desk is reviewed"
        explain = QLabel(
            _(
                "Paket dari desa ini melaporkan jejak audit yang lebih pendek atau berbeda "
                "dari paket sebelumnya. Artinya ada catatan audit yang dihapus atau diubah, "
                "atau laptop desa dipulihkan dari cadangan lama. Data paketnya tetap "
                "diterapkan. Periksa laptop desk itu bersama operatornya, lalu tulis hasilnya "
                "di bawah."
            )
        )
        explain.setWordWrap(True)
        facts = QFormLayout()
        facts.addRow(_("Desa:"), QLabel(f"{status.name} ({status.desk_id})"))
        facts.addRow(_("Paket:"), QLabel(_("nomor {seq}").format(seq=rewind.seq)))
        facts.addRow(_("Diterima:"), QLabel(format_datetime(status.audit_rewound_at)))
        if rewind.rewritten:
            what = _("entri nomor {id} ditulis ulang (isinya berbeda)").format(
                id=format_count(rewind.to_id)
            )
        else:
            what = _("mundur dari entri nomor {old} ke nomor {new}").format(
                old=format_count(rewind.from_id), new=format_count(rewind.to_id)
            )
        facts.addRow(_("Jejak audit:"), QLabel(what))
        if status.audit_head is not None:
            facts.addRow(
                _("Laporan terakhir:"),
                QLabel(_("{n} entri").format(n=format_count(status.audit_head.last_id))),
            )
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText(
            _("Contoh: dicek bersama operator pada 12/5; laptop dipulihkan dari cadangan lama.")
        )
        self.note.setFixedHeight(90)
        self.note.textChanged.connect(self._update_button)
        self.note_hint = QLabel(
            _("Catatan wajib diisi, minimal {n} huruf (paling banyak {max}).").format(
                n=MIN_REVIEW_NOTE, max=MAX_REVIEW_NOTE
            )
        )
        self.note_hint.setObjectName("hint")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.confirm_button = self.buttons.addButton(
            _("Tandai sudah diperiksa"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(facts)
        layout.addWidget(QLabel(_("Hasil pemeriksaan:")))
        layout.addWidget(self.note)
        layout.addWidget(self.note_hint)
        layout.addWidget(self.buttons)
        self._update_button()

    def note_text(self) -> str:
        return " ".join(self.note.toPlainText().split())

    def _update_button(self) -> None:
        self.confirm_button.setEnabled(len(self.note_text()) >= self.min_note)


def ask_review_note(parent: QWidget, status: DeskStatus) -> str | None:
    """The note typed in the dialog, or None when the officer cancelled."""
    dialog = AuditFlagDialog(status, parent)
    return dialog.note_text() if dialog.exec() == QDialog.DialogCode.Accepted else None
