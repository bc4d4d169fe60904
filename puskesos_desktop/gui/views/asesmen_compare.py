"""Compare two assessments of one household: what changed, line by line, in Indonesian."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop.gui.errors import show_user_error
from puskesos_desktop.gui.formatting import format_date
from puskesos_desktop.i18n import _

if TYPE_CHECKING:
    from puskesos_desktop.services.assessment import AssessmentService
    from puskesos_desktop.services.assessment_types import AssessmentSummary


def summary_label(summary: AssessmentSummary) -> str:
    draft = _(" (draf)") if summary.status == "DRAF" else ""
    return _("{date} — skor {score}, {officer}{draft}").format(
        date=format_date(summary.tanggal),
        score=summary.skor,
        officer=summary.petugas,
        draft=draft,
    )


class CompareDialog(QDialog):
    """``older`` and ``newer`` preselect the two assessments; either can be changed."""

    def __init__(
        self,
        service: AssessmentService,
        history: list[AssessmentSummary],
        older: str,
        newer: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Bandingkan asesmen"))
        self.resize(760, 520)
        self.service = service
        self.first = QComboBox()
        self.second = QComboBox()
        for summary in sorted(history, key=lambda s: s.tanggal):
            self.first.addItem(summary_label(summary), summary.uid)
            self.second.addItem(summary_label(summary), summary.uid)
        self.first.setCurrentIndex(max(self.first.findData(older), 0))
        self.second.setCurrentIndex(max(self.second.findData(newer), 0))
        self.result_label = QLabel()
        self.result_label.setObjectName("hint")
        self.lines = QListWidget()
        self.lines.setWordWrap(True)
        self.lines.setAlternatingRowColors(True)
        form = QFormLayout()
        form.addRow(_("Asesmen lama"), self.first)
        form.addRow(_("Asesmen baru"), self.second)
        buttons = QDialogButtonBox()
        buttons.addButton(_("Tutup"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.result_label)
        layout.addWidget(self.lines, 1)
        layout.addWidget(buttons)
        self.first.currentIndexChanged.connect(self.refresh)
        self.second.currentIndexChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        from puskesos_desktop.domain.errors import UserError

        self.lines.clear()
        try:
            changes = self.service.compare(self.first.currentData(), self.second.currentData())
        except UserError as error:
            show_user_error(self, str(error))
            return
        self.lines.addItems(changes)
        self.result_label.setText(
            _("{n} perubahan.").format(n=len(changes)) if changes else _("Tidak ada perubahan.")
        )

    def change_lines(self) -> list[str]:
        return [self.lines.item(i).text() for i in range(self.lines.count())]
