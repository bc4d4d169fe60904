"""Rujukan screen: the referral list with status filters, the selected referral's details
and history, and every action on it (new, edit draft, issue and print the letter, reprint,
change status, record a return slip, void a letter, verify a letter, directory, settings).

Issuing runs on the JobRunner's write lane: the first letter of a session unlocks the desk
key (about a second and a half on an old laptop), and the window must not freeze meanwhile.
Everything else is a quick call made directly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.permissions import Permission
from puskesos_desktop.domain.referral_state import LABELS, StatusRujukan
from puskesos_desktop.gui.errors import keep_until_closed, show_user_error
from puskesos_desktop.gui.formatting import format_date
from puskesos_desktop.gui.models.rujukan_table import COL_TUJUAN, ReferralTableModel
from puskesos_desktop.gui.roles import require_permission
from puskesos_desktop.gui.runner import JobRunner
from puskesos_desktop.i18n import _
from puskesos_desktop.services.changes import ChangeKind, Changes
from puskesos_desktop.services.referral_types import (
    FILTER_TANPA_KABAR,
    FILTER_TERBUKA,
    FILTER_TERLAMBAT,
)

if TYPE_CHECKING:
    from puskesos_desktop.gui.dialogs.print_preview import PrintPreviewDialog
    from puskesos_desktop.services.referral_types import IssuedLetter, ReferralView

RUJUKAN = Changes.of(ChangeKind.RUJUKAN)


class RujukanView(QWidget):
    def __init__(self, desk: object, runner: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.runner = runner
        self.current: ReferralView | None = None
        self.preview: PrintPreviewDialog | None = None
        title = QLabel(_("Rujukan"))
        title.setObjectName("pageTitle")
        self.filter = QComboBox()
        for label, value in [
            (_("Semua rujukan"), ""),
            (_("Masih berjalan"), FILTER_TERBUKA),
            (_("Tindak lanjut terlambat"), FILTER_TERLAMBAT),
            (_("Tanpa kabar"), FILTER_TANPA_KABAR),
        ]:
            self.filter.addItem(label, value)
        for status in StatusRujukan:
            self.filter.addItem(_(LABELS[status]), status.value)
        self.filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.filter.setMinimumContentsLength(16)
        self.search = QLineEdit()
        self.search.setMinimumWidth(140)
        self.search.setPlaceholderText(_("Cari nama, NIK, atau lembaga…"))
        self.search.setClearButtonEnabled(True)
        self.new_button = QPushButton(_("Rujukan baru…"))
        self.new_button.setObjectName("quickButton")
        self.slip_button = QPushButton(_("Lembar balik…"))
        self.verify_button = QPushButton(_("Verifikasi surat…"))
        more = QPushButton(_("Lainnya"))
        menu = QMenu(more)
        menu.addAction(_("Lembaga layanan…"), self.open_directory)
        self.settings_action = menu.addAction(_("Pengaturan surat…"), self.open_settings)
        menu.setToolTipsVisible(True)  # a disabled item says who may use it
        require_permission(self.settings_action, Permission.EDIT_SETTINGS, desk)
        more.setMenu(menu)
        top = QHBoxLayout()
        top.addWidget(self.filter)
        top.addWidget(self.search, 1)
        for button in (self.new_button, self.slip_button, self.verify_button, more):
            top.addWidget(button)

        self.model = ReferralTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_TUJUAN, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.count_label = QLabel()
        self.count_label.setObjectName("hint")

        details = QGroupBox(_("Rincian rujukan"))
        self.info = QLabel(_("Pilih rujukan di daftar."))
        self.info.setWordWrap(True)
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.info.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.history = QListWidget()
        self.history.setMaximumHeight(130)
        self.edit_button = QPushButton(_("Ubah draf…"))
        self.issue_button = QPushButton(_("Terbitkan && cetak surat…"))
        self.reprint_button = QPushButton(_("Cetak ulang…"))
        self.status_button = QPushButton(_("Ubah status…"))
        self.void_button = QPushButton(_("Batalkan surat…"))
        require_permission(self.void_button, Permission.VOID_LETTER, desk)
        actions = QVBoxLayout()
        for button in (
            self.edit_button,
            self.issue_button,
            self.reprint_button,
            self.status_button,
            self.void_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        history_box = QVBoxLayout()
        history_box.addWidget(QLabel(_("Riwayat status:")))
        history_box.addWidget(self.history)
        detail_layout = QHBoxLayout(details)
        detail_layout.addWidget(self.info, 3)
        detail_layout.addLayout(history_box, 3)
        detail_layout.addLayout(actions, 1)

        # Scrolls instead of forcing a minimum window width when the window is made narrow.
        content = QWidget()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(28, 24, 28, 16)
        layout.addWidget(title)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(details)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(250)
        self.timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(self.timer.start)
        self.filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _p: self._select(cur))
        self.table.doubleClicked.connect(lambda _i: self.edit_or_status())
        self.new_button.clicked.connect(lambda: self.new_referral())
        self.slip_button.clicked.connect(self.record_slip)
        self.verify_button.clicked.connect(self.open_verify)
        self.edit_button.clicked.connect(self.edit_draft)
        self.issue_button.clicked.connect(self.issue_letter)
        self.reprint_button.clicked.connect(self.reprint)
        self.status_button.clicked.connect(self.change_status)
        self.void_button.clicked.connect(self.void_letter)
        self.refresh()

    # -- list and details -----------------------------------------------------------------
    def show_filter(self, value: str) -> bool:
        """Show the list under filter ``value`` (a status, TERLAMBAT…): Beranda's numbers."""
        index = self.filter.findData(value)
        if index < 0:
            return False
        self.search.clear()
        self.filter.setCurrentIndex(index)
        self.refresh()
        return True

    def refresh(self, select_uid: str | None = None) -> None:
        keep = select_uid or (self.current.uid if self.current else None)
        rows = self.desk.referral.list(str(self.filter.currentData() or ""), self.search.text())
        self.model.set_rows(rows)
        late = sum(1 for row in rows if row.terlambat)
        text = _("{n} rujukan").format(n=len(rows))
        if late:
            text += "  ·  " + _("{n} terlambat ditindaklanjuti (ditandai merah)").format(n=late)
        self.count_label.setText(text)
        row = self.model.row_of(keep) if keep else -1
        if row >= 0:
            self.table.selectRow(row)
            self._show(keep)
        else:
            self.table.clearSelection()
            self._show(None)

    def _select(self, index: object) -> None:
        if index.isValid():  # type: ignore[attr-defined]
            self._show(self.model.row_at(index.row()).uid)  # type: ignore[attr-defined]

    def _show(self, uid: str | None) -> None:
        self.current = self.desk.referral.get(uid) if uid else None
        view = self.current
        self.history.clear()
        for button in (
            self.edit_button,
            self.issue_button,
            self.reprint_button,
            self.status_button,
            self.void_button,
        ):
            button.setEnabled(False)
        if view is None:
            self.info.setText(_("Pilih rujukan di daftar."))
            return
        lines = [
            f"<b>{view.orang_nama}</b> ({view.orang_nik or _('tanpa NIK')})",
            _("Tujuan: {v}").format(v=view.lembaga_nama),
            _("Status: {v} sejak {d}").format(
                v=view.status_label, d=format_date(view.status_tanggal)
            ),
            _("Tindak lanjut: {v}").format(v=format_date(view.tanggal_tindak_lanjut) or "—"),
            _("Surat: {v}").format(v=view.nomor_surat or "—"),
            _("Kode balik: {v}").format(v=view.kode_balik),
            _("Persetujuan berbagi data: {v}").format(
                v=_("ya") if view.setuju_dibagikan else _("BELUM")
            ),
        ]
        if not view.setuju_dibagikan and view.status == StatusRujukan.DRAF:
            lines.append(
                "<span style='color:#a61b1b'>"
                + _(
                    "Surat belum dapat diterbitkan: catat dulu persetujuan warga lewat 'Ubah draf'."
                )
                + "</span>"
            )
        if view.tanpa_kabar:
            lines.append(
                "<span style='color:#a61b1b'><b>"
                + _("Tanpa kabar: belum ada jawaban sampai tanggal tindak lanjut.")
                + "</b></span>"
            )
        self.info.setText("<br>".join(lines))
        for entry in self.desk.referral.history(view.uid):
            detail = " — ".join(p for p in (entry.alasan, entry.catatan) if p)
            self.history.addItem(
                f"{format_date(entry.tanggal)}  {entry.ke_label}  "
                f"({entry.oleh}){'  ' + detail if detail else ''}"
            )
        self.edit_button.setEnabled(view.status == StatusRujukan.DRAF)
        self.issue_button.setEnabled(view.dapat_diterbitkan)
        self.issue_button.setToolTip(
            ""
            if view.setuju_dibagikan
            else _("Catat persetujuan warga di formulir rujukan terlebih dahulu.")
        )
        self.reprint_button.setEnabled(view.surat_aktif_uid is not None)
        self.void_button.setEnabled(view.surat_aktif_uid is not None)
        self.status_button.setEnabled(bool(view.boleh_menjadi))

    def on_data_changed(self, changes: Changes) -> None:
        if changes.touches(ChangeKind.RUJUKAN) or changes.touches(ChangeKind.REGISTRY):
            self.refresh()

    def _changed(self, select_uid: str | None = None) -> None:
        self.refresh(select_uid)
        self.runner.data_changed.emit(RUJUKAN)

    # -- actions --------------------------------------------------------------------------
    def new_referral(self, person_uid: str | None = None, label: str = ""):
        from puskesos_desktop.gui.dialogs.rujukan_form import ReferralForm

        form = ReferralForm(self.desk, parent=self)
        if person_uid:
            form.choose_person(person_uid, label)
        form.accepted.connect(lambda: self._after_form(form))
        keep_until_closed(form)
        form.open()
        return form

    def edit_draft(self):
        from puskesos_desktop.gui.dialogs.rujukan_form import ReferralForm

        if self.current is None:
            return None
        form = ReferralForm(self.desk, self.current, parent=self)
        form.accepted.connect(lambda: self._after_form(form))
        keep_until_closed(form)
        form.open()
        return form

    def edit_or_status(self) -> None:
        if self.current is not None and self.current.status == StatusRujukan.DRAF:
            self.edit_draft()
        elif self.current is not None and self.current.boleh_menjadi:
            self.change_status()

    def _after_form(self, form: object) -> None:
        uid = form.saved_uid  # type: ignore[attr-defined]
        self._changed(uid)
        if form.issue_requested and uid:  # type: ignore[attr-defined]
            self.issue_letter()

    def issue_letter(self) -> None:
        if self.current is None:
            return
        uid = self.current.uid
        letters = self.desk.letters
        self.runner.run(
            lambda _progress, _cancel: letters.issue(uid),
            title=_("Menerbitkan surat…"),
            writes=True,
            on_success=lambda issued: self._issued(uid, issued),
        )

    def _issued(self, uid: str, issued: IssuedLetter) -> None:
        self.refresh(uid)
        self.runner.status_message.emit(_("Surat nomor {n} diterbitkan.").format(n=issued.nomor))
        self.open_preview(issued.surat_uid, issued.nomor, first=issued.pdf)

    def reprint(self) -> None:
        if self.current is not None and self.current.surat_aktif_uid:
            self.open_preview(self.current.surat_aktif_uid, self.current.nomor_surat)

    def open_preview(self, surat_uid: str, nomor: str, first: bytes | None = None):
        """Preview an issued letter; a fresh letter's first print is not a reprint."""
        from puskesos_desktop.gui.dialogs.print_preview import PrintPreviewDialog

        outputs = {"count": 0 if first is not None else 1}

        def render(paper: str) -> bytes:
            return self.desk.letters.render(surat_uid, paper)

        def output(_kind: str) -> None:
            if outputs["count"] > 0:
                self.desk.letters.log_reprint(surat_uid)
                self.runner.data_changed.emit(RUJUKAN)
            outputs["count"] += 1

        paper = self.desk.letters.settings().kertas
        file_name = "surat-rujukan-" + nomor.replace("/", "-") + ".pdf"
        dialog = PrintPreviewDialog(
            render,
            title=_("Surat rujukan {n}").format(n=nomor),
            file_name=file_name,
            paper=paper,
            on_output=output,
            parent=self,
        )
        self.preview = dialog
        keep_until_closed(dialog)
        dialog.open()
        return dialog

    def change_status(self):
        from puskesos_desktop.gui.dialogs.status_rujukan import StatusDialog

        if self.current is None:
            return None
        dialog = StatusDialog(self.desk, self.current, parent=self)
        dialog.accepted.connect(lambda: self._changed(dialog.result_uid))
        keep_until_closed(dialog)
        dialog.open()
        return dialog

    def record_slip(self):
        from puskesos_desktop.gui.dialogs.status_rujukan import ReturnSlipDialog

        dialog = ReturnSlipDialog(self.desk, parent=self)
        dialog.accepted.connect(lambda: self._changed(dialog.result_uid))
        keep_until_closed(dialog)
        dialog.open()
        return dialog

    def void_letter(self, reason: str | None = None) -> None:
        view = self.current
        if view is None or not view.surat_aktif_uid:
            return
        if reason is None:
            reason, ok = QInputDialog.getText(
                self,
                _("Batalkan surat"),
                _("Alasan membatalkan surat nomor {n}:").format(n=view.nomor_surat),
            )
            if not ok:
                return
        try:
            self.desk.letters.void(view.surat_aktif_uid, reason)
        except UserError as error:
            show_user_error(self, error.message)
            return
        self._changed(view.uid)

    def open_verify(self):
        from puskesos_desktop.gui.dialogs.verifikasi_surat import VerifyLetterDialog

        dialog = VerifyLetterDialog(self.desk, parent=self)
        keep_until_closed(dialog)
        dialog.open()
        return dialog

    def open_directory(self):
        from puskesos_desktop.gui.dialogs.lembaga import LembagaDialog

        dialog = LembagaDialog(self.desk, parent=self)
        dialog.finished.connect(lambda _r: dialog.changed and self._changed())
        keep_until_closed(dialog)
        dialog.open()
        return dialog

    def open_settings(self):
        from puskesos_desktop.gui.dialogs.pengaturan_surat import LetterSettingsDialog

        dialog = LetterSettingsDialog(self.desk, parent=self)
        keep_until_closed(dialog)
        dialog.open()
        return dialog
