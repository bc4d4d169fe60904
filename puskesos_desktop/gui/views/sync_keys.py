"""Sinkronisasi → Kunci & desk tepercaya: my fingerprint, cards, trusted desks.

The fingerprint is shown large (and printable) because two people read it to each other
over the phone; importing a card always shows its fingerprint and asks whether it was
compared before the desk is trusted.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.permissions import Permission
from puskesos_desktop.gui.errors import show_user_error
from puskesos_desktop.gui.formatting import format_datetime
from puskesos_desktop.gui.prompts import Confirm, ask_yes_no, choose_directory
from puskesos_desktop.gui.roles import require_permission
from puskesos_desktop.gui.runner import JobRunner
from puskesos_desktop.gui.views.sync_send import fill_table, make_table
from puskesos_desktop.i18n import _
from puskesos_desktop.jobs import CancelToken, Progress
from puskesos_desktop.services.changes import ChangeKind, Changes

if TYPE_CHECKING:
    from puskesos_desktop.services.sync_trust import CardPreview, MyCard, TrustedDeskView

ChooseFile = Callable[[QWidget], str | None]
ChooseDir = Callable[[QWidget], str | None]


def choose_card_file(parent: QWidget) -> str | None:
    path, _filter = QFileDialog.getOpenFileName(
        parent, _("Pilih kartu kunci"), "", _("Kartu kunci (*.pskey);;Semua berkas (*)")
    )
    return path or None


class KeysPanel(QWidget):
    def __init__(
        self,
        desk: Any,
        runner: JobRunner,
        parent: QWidget | None = None,
        *,
        choose_file: ChooseFile = choose_card_file,
        choose_dir: ChooseDir = choose_directory,
        confirm: Confirm = ask_yes_no,
    ) -> None:
        super().__init__(parent)
        self.desk, self.runner = desk, runner
        self.choose_file, self.choose_dir, self.confirm = choose_file, choose_dir, confirm
        self.trusted_rows: list[TrustedDeskView] = []
        self._card_loaded = False
        mine = QGroupBox(_("Kunci desk ini"))
        self.fingerprint = QLabel(_("Memuat…"))
        self.fingerprint.setObjectName("fingerprint")
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(20)
        font.setBold(True)
        self.fingerprint.setFont(font)
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.desk_label = QLabel()
        hint = QLabel(
            _(
                "Bacakan sidik jari ini lewat telepon kepada petugas yang mengimpor kartu "
                "kunci desk ini. Sidik jari harus sama persis."
            )
        )
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        self.export_button = QPushButton(_("Simpan kartu kunci…"))
        self.rotate_button = QPushButton(_("Ganti kunci…"))
        self.export_button.clicked.connect(self.export_card)
        self.rotate_button.clicked.connect(self.rotate)
        require_permission(self.rotate_button, Permission.MANAGE_KEYS, desk)
        inner = QVBoxLayout(mine)
        inner.addWidget(self.desk_label)
        inner.addWidget(self.fingerprint)
        inner.addWidget(hint)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.rotate_button)
        buttons.addStretch(1)
        inner.addLayout(buttons)
        others = QGroupBox(_("Desk tepercaya"))
        self.table = make_table(
            [_("ID desk"), _("Nama"), _("Sidik jari"), _("Didaftarkan"), _("Status")]
        )
        self.import_button = QPushButton(_("Impor kartu kunci…"))
        self.revoke_button = QPushButton(_("Cabut kunci yang dipilih…"))
        self.import_button.clicked.connect(self.import_card)
        self.revoke_button.clicked.connect(self.revoke_selected)
        for button in (self.import_button, self.revoke_button):
            require_permission(button, Permission.MANAGE_KEYS, desk)
        self.table.itemSelectionChanged.connect(
            lambda: self.revoke_button.setEnabled(bool(self.table.selectedIndexes()))
        )
        other_layout = QVBoxLayout(others)
        other_layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(self.import_button)
        row.addStretch(1)
        row.addWidget(self.revoke_button)
        other_layout.addLayout(row)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(mine)
        layout.addWidget(others, 1)
        layout.addWidget(self.result_label)
        self.refresh()

    def refresh(self) -> None:
        self.trusted_rows = self.desk.sync.trust.trusted()
        fill_table(
            self.table,
            [
                [
                    d.desk_id,
                    d.official_name,
                    d.fingerprint,
                    format_datetime(d.enrolled_at),
                    _("DICABUT") if d.revoked else _("Tepercaya"),
                ]
                for d in self.trusted_rows
            ],
        )
        self.revoke_button.setEnabled(False)
        if self.isVisible():
            self.load_my_card()

    def showEvent(self, event: QShowEvent) -> None:
        """Unlock the keys only when the tab is first shown, not at start-up."""
        super().showEvent(event)
        if not self._card_loaded:
            self.load_my_card()

    def load_my_card(self) -> None:
        """Unlocking the keys takes a second the first time: do it off the GUI thread."""
        self._card_loaded = True

        def job(progress: Progress, cancel: CancelToken) -> MyCard:
            return self.desk.sync.trust.my_card()

        self.runner.run(job, title=_("Membuka kunci desk"), on_success=self._show_card)

    def _show_card(self, card: MyCard) -> None:
        self.fingerprint.setText(card.fingerprint)
        self.desk_label.setText(f"{card.official_name} — {card.desk_id}")

    def on_data_changed(self, changes: Changes) -> None:
        if changes.touches(ChangeKind.SYNC):
            self.refresh()

    # -- actions ------------------------------------------------------------------------
    def export_card(self) -> None:
        folder = self.choose_dir(self)
        if not folder:
            return

        def job(progress: Progress, cancel: CancelToken) -> Path:
            return self.desk.sync.trust.export_card(Path(folder))

        self.runner.run(
            job,
            title=_("Menyimpan kartu kunci"),
            on_success=lambda path: self.result_label.setText(
                _("Kartu kunci disimpan: {path}").format(path=path)
            ),
        )

    def import_card(self) -> None:
        path = self.choose_file(self)
        if not path:
            return
        try:
            preview: CardPreview = self.desk.sync.trust.preview_card(Path(path))
        except UserError as error:
            show_user_error(self, error.message)
            return
        text = _(
            "Kartu kunci {name} ({desk_id}).\n\nSidik jari:\n\n    {fp}\n\nTelepon petugas "
            "desk tersebut dan minta ia membacakan sidik jari dari layarnya. Apakah sidik "
            "jarinya sama persis?"
        ).format(name=preview.official_name, desk_id=preview.desk_id, fp=preview.fingerprint)
        if preview.rotation_of_trusted:
            text += "\n\n" + _(
                "Ini kunci baru desk yang sudah tepercaya (ditandatangani kunci lamanya)."
            )
        if not self.confirm(self, _("Cocokkan sidik jari"), text):
            return

        def job(progress: Progress, cancel: CancelToken) -> Any:
            return self.desk.sync.trust_card(Path(path), preview.fingerprint)

        self.runner.run(
            job,
            title=_("Mendaftarkan desk"),
            writes=True,
            changes=Changes.of(ChangeKind.SYNC, ChangeKind.DATABASE),
            on_success=self._trusted,
        )

    def _trusted(self, outcome: Any) -> None:
        result, applied = outcome
        text = _("Desk {desk_id} kini tepercaya.").format(desk_id=result.desk.desk_id)
        if applied:
            text += " " + _("{n} paket yang menunggu ikut diproses.").format(n=len(applied))
        self.result_label.setText(text)

    def revoke_selected(self) -> None:
        rows = {index.row() for index in self.table.selectedIndexes()}
        if not rows:
            return
        desk = self.trusted_rows[min(rows)]
        question = _(
            "Cabut kunci desk {desk_id}? Paket yang ditandatangani kunci ini akan ditolak."
        ).format(desk_id=desk.desk_id)
        if not self.confirm(self, _("Cabut kunci"), question):
            return

        def job(progress: Progress, cancel: CancelToken) -> Any:
            return self.desk.sync.trust.revoke(desk.desk_id)

        self.runner.run(
            job, title=_("Mencabut kunci"), writes=True, changes=Changes.of(ChangeKind.SYNC)
        )

    def rotate(self) -> None:
        question = _(
            "Buat kunci baru untuk desk ini? Sesudahnya kirim kartu kunci baru ke semua desk "
            "yang mempercayai desk ini."
        )
        if not self.confirm(self, _("Ganti kunci"), question):
            return

        def job(progress: Progress, cancel: CancelToken) -> MyCard:
            return self.desk.sync.trust.rotate()

        self.runner.run(
            job,
            title=_("Membuat kunci baru"),
            writes=True,
            changes=Changes.of(ChangeKind.SYNC),
            on_success=self._show_card,
        )
