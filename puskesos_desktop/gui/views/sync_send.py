"""Sinkronisasi → Kirim: write the next bundle to a folder/USB stick, see what was sent.

The outbox table answers the operator's real question ("has the Dinas got it?") per
bundle: sent when, how many changes, acknowledged or not; "Kirim ulang" copies the very
same file again (never a new one, which would confuse the district's ordering).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop.gui.formatting import format_datetime, format_size
from puskesos_desktop.gui.prompts import choose_directory
from puskesos_desktop.gui.runner import JobRunner
from puskesos_desktop.i18n import _
from puskesos_desktop.jobs import CancelToken, Progress
from puskesos_desktop.services.changes import ChangeKind, Changes

if TYPE_CHECKING:
    from puskesos_desktop.services.sync_export import ExportResult, OutboxItem

ChooseDir = Callable[[QWidget], str | None]


def make_table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    table.setWordWrap(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


def fill_table(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.setItem(r, c, QTableWidgetItem(value))
    table.resizeRowsToContents()


class SendPanel(QWidget):
    def __init__(
        self,
        desk: Any,
        runner: JobRunner,
        district_mode: bool,
        parent: QWidget | None = None,
        *,
        choose_dir: ChooseDir = choose_directory,
    ) -> None:
        super().__init__(parent)
        self.desk, self.runner, self.district_mode = desk, runner, district_mode
        self.choose_dir = choose_dir
        self.items: list[OutboxItem] = []
        intro = QLabel(
            _(
                "Paket berisi semua perubahan data yang belum dikirim, ditandatangani dan "
                "disandikan. Simpan ke flashdisk atau lampirkan ke email untuk {to}."
            ).format(to=_("desa tujuan") if district_mode else _("Dinas Sosial"))
        )
        intro.setWordWrap(True)
        intro.setObjectName("hint")
        self.destination = QComboBox()
        self.destination.setVisible(district_mode)
        self.send_button = QPushButton(
            _("Kirim ke Desa…") if district_mode else _("Kirim ke Dinas…")
        )
        self.send_button.setDefault(True)
        self.receipt_button = QPushButton(_("Kirim tanda terima saja…"))
        self.resend_button = QPushButton(_("Kirim ulang yang dipilih…"))
        self.send_button.clicked.connect(lambda: self.send())
        self.receipt_button.clicked.connect(lambda: self.send(receipt_only=True))
        self.resend_button.clicked.connect(lambda: self.resend_selected())
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setObjectName("resultBox")
        self.table = make_table(
            [_("Tujuan"), _("Paket"), _("Dibuat"), _("Perubahan"), _("Ukuran"), _("Status")]
        )
        self.table.itemSelectionChanged.connect(self._update_buttons)
        row = QHBoxLayout()
        if district_mode:
            row.addWidget(QLabel(_("Desa tujuan:")))
            row.addWidget(self.destination, 1)
        row.addWidget(self.send_button)
        row.addWidget(self.receipt_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.result_label)
        layout.addWidget(QLabel(_("Paket yang sudah dikirim:")))
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.resend_button)
        layout.addLayout(bottom)
        self.refresh()

    def refresh(self) -> None:
        if self.district_mode:
            current = self.destination.currentData()
            self.destination.clear()
            for desk in self.desk.sync.trust.trusted():
                if desk.kind == "desa" and not desk.revoked:
                    self.destination.addItem(f"{desk.official_name} ({desk.desk_id})", desk.desk_id)
            index = self.destination.findData(current)
            self.destination.setCurrentIndex(max(index, 0))
        self.items = self.desk.sync.exports.outbox()
        fill_table(self.table, [self._row(item) for item in self.items])
        self._update_buttons()

    def _row(self, item: OutboxItem) -> list[str]:
        part = f" ({_('bagian')} {item.part})" if item.part else ""
        if item.acknowledged:
            status = _("Diterima {when}").format(when=format_datetime(item.acknowledged_at))
        else:
            status = _("Belum diterima")
        return [
            item.destination,
            f"{item.seq}{part}",
            format_datetime(item.created_at),
            str(item.change_count),
            format_size(item.size),
            status,
        ]

    def _update_buttons(self) -> None:
        rows = {index.row() for index in self.table.selectedIndexes()}
        self.resend_button.setEnabled(
            bool(rows) and all(not self.items[r].acknowledged for r in rows)
        )
        self.send_button.setEnabled(not self.district_mode or self.destination.count() > 0)
        self.receipt_button.setEnabled(self.send_button.isEnabled())

    def on_data_changed(self, changes: Changes) -> None:
        if changes.touches(ChangeKind.SYNC):
            self.refresh()

    # -- actions ------------------------------------------------------------------------
    def send(self, *, receipt_only: bool = False) -> None:
        folder = self.choose_dir(self)
        if not folder:
            return
        destination = self.destination.currentData() if self.district_mode else None

        def job(progress: Progress, cancel: CancelToken) -> ExportResult:
            return self.desk.sync.exports.export(
                Path(folder),
                destination,
                receipt_only=receipt_only,
                progress=progress,
                cancel=cancel,
            )

        self.runner.run(job, title=_("Menulis paket"), writes=True, on_success=self._sent)

    def _sent(self, result: ExportResult) -> None:
        names = ", ".join(path.name for path in result.files)
        text = _("Paket untuk {to} tersimpan: {files}. Isi: {count} perubahan.").format(
            to=result.destination, files=names, count=result.change_count
        )
        if result.unacknowledged:
            seqs = ", ".join(str(item.seq) for item in result.unacknowledged)
            text += " " + _(
                "Paket {seqs} belum dikonfirmasi diterima; kirim ulang bila tujuan belum "
                "menerimanya."
            ).format(seqs=seqs)
        self.result_label.setText(text)
        self.runner.status_message.emit(_("Paket tersimpan: {files}").format(files=names))

    def resend_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()})
        if not rows:
            return
        folder = self.choose_dir(self)
        if not folder:
            return
        chosen = [self.items[r] for r in rows]
        destination = chosen[0].destination
        seqs = [item.seq for item in chosen if item.destination == destination]

        def job(progress: Progress, cancel: CancelToken) -> list[Path]:
            return self.desk.sync.exports.resend(destination, seqs, Path(folder))

        def done(paths: list[Path]) -> None:
            self.result_label.setText(
                _("Dikirim ulang (berkas yang sama persis): {files}").format(
                    files=", ".join(p.name for p in paths)
                )
            )

        self.runner.run(job, title=_("Mengirim ulang paket"), on_success=done)
