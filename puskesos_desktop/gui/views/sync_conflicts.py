"""Sinkronisasi → Konflik: the same field changed here and at the other desk.

Shows the value both sides started from, ours and theirs with who and when, and lets
the operator keep one. The choice becomes a new change that travels back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from puskesos_desktop.domain.permissions import Permission
from puskesos_desktop.gui.formatting import format_datetime
from puskesos_desktop.gui.roles import require_permission
from puskesos_desktop.gui.runner import JobRunner
from puskesos_desktop.gui.views.sync_send import fill_table, make_table
from puskesos_desktop.i18n import _
from puskesos_desktop.jobs import CancelToken, Progress
from puskesos_desktop.services.changes import ChangeKind, Changes

if TYPE_CHECKING:
    from puskesos_desktop.services.sync_conflicts import ConflictView, ResolveResult


def show_value(value: Any) -> str:
    if value is None or value == "":
        return _("(kosong)")
    if value is True:
        return _("ya")
    if value is False:
        return _("tidak")
    return str(value)


def column_title(field: str) -> str:
    """``tanggal_lahir`` → "Tanggal lahir"; the tombstone flag reads "Dihapus"."""
    return _("Dihapus") if field == "deleted" else field.replace("_", " ").capitalize()


def field_label(field: str, value: Any) -> str:
    if field == "deleted":
        return _("dihapus") + f": {show_value(value)}"
    return show_value(value)


class ConflictPanel(QWidget):
    def __init__(self, desk: Any, runner: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.runner = desk, runner
        self.conflicts: list[ConflictView] = []
        intro = QLabel(
            _(
                "Data yang sama diubah di sini dan di desk lain sebelum keduanya bertukar paket. "
                "Nilai di sini dipertahankan sampai Anda memilih. Pilihan Anda dikirim kembali "
                "pada paket berikutnya."
            )
        )
        intro.setWordWrap(True)
        intro.setObjectName("hint")
        self.table = make_table(
            [_("Data"), _("Kolom"), _("Nilai awal"), _("Di sini"), _("Dari desk lain")]
        )
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.empty = QLabel(_("Tidak ada konflik. Semua data sudah selaras."))
        self.keep_ours = QPushButton(_("Pertahankan nilai di sini"))
        self.take_theirs = QPushButton(_("Pakai nilai dari desk lain"))
        self.keep_ours.clicked.connect(lambda: self.resolve("ours"))
        self.take_theirs.clicked.connect(lambda: self.resolve("theirs"))
        for button in (self.keep_ours, self.take_theirs):
            require_permission(button, Permission.RESOLVE_CONFLICT, desk)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.keep_ours)
        row.addWidget(self.take_theirs)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(row)
        self.refresh()

    def refresh(self) -> None:
        self.conflicts = self.desk.sync.conflicts.open_conflicts()
        rows = []
        for c in self.conflicts:
            ours = f"{field_label(c.field, c.ours)}\n{c.ours_by} · {format_datetime(c.ours_at)}"
            theirs = (
                f"{field_label(c.field, c.theirs)}\n{c.theirs_by} · {format_datetime(c.theirs_at)}"
            )
            rows.append(
                [
                    f"{c.table_label}: {c.record_label}",
                    column_title(c.field),
                    field_label(c.field, c.base),
                    ours,
                    theirs,
                ]
            )
        fill_table(self.table, rows)
        self.empty.setVisible(not self.conflicts)
        self.table.setVisible(bool(self.conflicts))
        self._update_buttons()

    def _update_buttons(self) -> None:
        selected = bool(self.table.selectedIndexes())
        self.keep_ours.setEnabled(selected)
        self.take_theirs.setEnabled(selected)

    def on_data_changed(self, changes: Changes) -> None:
        if changes.touches(ChangeKind.SYNC):
            self.refresh()

    def resolve(self, choice: str) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()})
        if not rows:
            return
        ids = [self.conflicts[r].id for r in rows]

        def job(progress: Progress, cancel: CancelToken) -> ResolveResult:
            result = None
            for conflict_id in ids:
                result = self.desk.sync.conflicts.resolve(conflict_id, choice)
            return result  # type: ignore[return-value]

        self.runner.run(
            job,
            title=_("Menyimpan keputusan konflik"),
            writes=True,
            on_success=lambda _result: self.runner.status_message.emit(
                _("Keputusan disimpan dan akan dikirim pada paket berikutnya.")
            ),
        )
