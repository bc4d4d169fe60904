"""Pengaturan → "Profil desk dan pejabat": letterhead, contacts, logo and signing officials.

After an election or a move the letters must print the new kepala desa, phone or logo, so
the admin edits them here (the service refuses everyone else; the buttons say whom to ask).
Region and desk id are shown but locked, with the reason, because they name this desk in
sync bundles and letter numbers.

The form checks itself as the operator types (red fields, one list of problems, "Simpan"
waits) and keeps what was typed when the service refuses. The letterhead preview below it is
the real kop, drawn by the letter renderer and rasterised (debounced while typing), so what
is seen is what will print; "Pratinjau kop surat…" shows a whole sample letter.
"""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.permissions import Permission
from puskesos_desktop.gui.dialogs.pejabat import OfficialDialog, role_label
from puskesos_desktop.gui.errors import show_user_error
from puskesos_desktop.gui.models.rows_table import Index, RowsTableModel
from puskesos_desktop.gui.prompts import Confirm, ask_yes_no
from puskesos_desktop.gui.roles import require_permission
from puskesos_desktop.gui.widgets.logo_field import LogoField, choose_image_file
from puskesos_desktop.gui.widgets.nik_field import set_state
from puskesos_desktop.i18n import _
from puskesos_desktop.services.changes import ChangeKind, Changes

if TYPE_CHECKING:
    from puskesos_desktop.gui.runner import JobRunner
    from puskesos_desktop.services.profile import PejabatView
    from puskesos_desktop.services.profile_edit import ProfileEdit

PREVIEW_WIDTH = 600  # px; the A4 content width, as on the sample letter in print preview
PREVIEW_DELAY_MS = 300  # re-render once typing pauses
TEXT_FIELDS = ("kop_instansi", "kop_unit", "kop_nama", "alamat", "kode_pos", "telepon", "email")
OpenDialog = Callable[[QDialog], bool]


def _exec(dialog: QDialog) -> bool:
    return dialog.exec() == QDialog.DialogCode.Accepted


class OfficialTable(RowsTableModel["PejabatView"]):
    def __init__(self) -> None:
        super().__init__([_("Peran"), _("Jabatan"), _("Nama"), _("NIP/NIAP"), _("Status")])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row())
        if role == Qt.ItemDataRole.ForegroundRole and not row.aktif:
            return QColor("#888888")
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        peran = role_label(row.peran).split(" (")[0]
        status = _("aktif") if row.aktif else _("nonaktif")
        return (peran, row.jabatan, row.nama, row.nip or "—", status)[index.column()]


class ProfilPanel(QGroupBox):
    def __init__(self, desk: Any, runner: JobRunner, parent: QWidget | None = None, *,
                 confirm: Confirm = ask_yes_no, open_dialog: OpenDialog = _exec,
                 choose_logo: Callable[[QWidget], str | None] = choose_image_file) -> None:
        super().__init__(_("Profil desk dan pejabat"), parent)
        self.desk, self.runner = desk, runner
        self.confirm, self.open_dialog = confirm, open_dialog
        self.stored: ProfileEdit | None = None
        self.identity = QLabel()
        self.identity.setWordWrap(True)
        self.identity.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.edits = {name: QLineEdit() for name in TEXT_FIELDS}
        for name, limit in (("kop_instansi", 150), ("kop_unit", 150), ("kop_nama", 150),
                            ("alamat", 250), ("kode_pos", 5), ("telepon", 30), ("email", 100)):
            self.edits[name].setMaxLength(limit)
        self.edits["kode_pos"].setMaximumWidth(90)
        self.logo = LogoField(choose_file=choose_logo)
        self.problems = QLabel()
        self.problems.setObjectName("problems")
        self.problems.setWordWrap(True)
        self.problems.hide()
        self.preview = QLabel()
        self.preview.setObjectName("kopPaper")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumHeight(110)
        self.preview.setStyleSheet("QLabel#kopPaper { background: white; "
                                   "border: 1px solid #c8c8c8; }")
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)
        self.save_button = QPushButton(_("Simpan profil"))
        self.revert_button = QPushButton(_("Batalkan perubahan"))
        self.sample_button = QPushButton(_("Pratinjau kop surat…"))
        self.officials = OfficialTable()
        self.table = QTableView()
        self.add_button = QPushButton(_("Tambah pejabat…"))
        self.edit_button = QPushButton(_("Ubah…"))
        self.retire_button = QPushButton(_("Nonaktifkan…"))
        self.officials_note = QLabel()
        self.officials_note.setObjectName("hint")
        self.officials_note.setWordWrap(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.render_preview)
        self._layout()
        self._connect()
        self.reload()

    # -- building -----------------------------------------------------------------------
    def _layout(self) -> None:
        why = QLabel(_("Wilayah dan ID desk tidak dapat diubah: keduanya menandai desk ini di "
                       "paket sinkronisasi Dinas Sosial dan menjadi bagian nomor surat. Bila "
                       "wilayah salah, hubungi Dinas Sosial."))
        why.setObjectName("hint")
        why.setWordWrap(True)
        kop = QFormLayout()
        kop.addRow(_("Baris &1 (instansi):"), self.edits["kop_instansi"])
        kop.addRow(_("Baris &2 (unit):"), self.edits["kop_unit"])
        kop.addRow(_("Baris &3 (nama):"), self.edits["kop_nama"])
        kop.addRow(_("&Alamat:"), self.edits["alamat"])
        contact = QGridLayout()
        contact.setContentsMargins(0, 0, 0, 0)
        for column, (text, name) in enumerate(((_("Kode &pos:"), "kode_pos"),
                                               (_("&Telepon:"), "telepon"),
                                               (_("&Email:"), "email"))):
            label = QLabel(text)
            label.setBuddy(self.edits[name])
            contact.addWidget(label, 0, 2 * column)
            contact.addWidget(self.edits[name], 0, 2 * column + 1)
        contact.setColumnStretch(3, 1)
        contact.setColumnStretch(5, 2)
        kop.addRow(contact)
        kop.addRow(_("Logo:"), self.logo)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addStretch(1)
        buttons.addWidget(self.sample_button)
        self.table.setModel(self.officials)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # jabatan
        row_height = self.table.verticalHeader().defaultSectionSize()
        self.table.setMinimumHeight(5 * row_height)
        self.table.setMaximumHeight(8 * row_height)
        official_buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.retire_button):
            official_buttons.addWidget(button)
        official_buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.identity)
        layout.addWidget(why)
        layout.addLayout(kop)
        layout.addWidget(self.problems)
        layout.addWidget(QLabel(_("Pratinjau kop surat (seperti tercetak):")))
        layout.addWidget(self.preview)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addSpacing(8)
        layout.addWidget(QLabel(_("<b>Pejabat penanda tangan</b>")))
        layout.addWidget(self.table)
        layout.addLayout(official_buttons)
        layout.addWidget(self.officials_note)

    def _connect(self) -> None:
        for edit in self.edits.values():
            edit.textChanged.connect(self.check)
        self.logo.changed.connect(self.check)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.reload)
        self.sample_button.clicked.connect(self.show_sample_letter)
        self.add_button.clicked.connect(self.add_official)
        self.edit_button.clicked.connect(self.edit_selected)
        self.retire_button.clicked.connect(self.retire_selected)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(self._update_official_buttons)
        for button in (self.save_button, self.add_button, self.edit_button, self.retire_button):
            require_permission(button, Permission.EDIT_SETTINGS, self.desk)

    # -- the profile form ---------------------------------------------------------------
    def reload(self) -> None:
        """Show what is stored (also "Batalkan perubahan")."""
        profile = self.desk.profile.get()
        if profile is None:
            return
        region = [profile.nama_desa,
                  profile.nama_kecamatan and _("Kec. {nama}").format(nama=profile.nama_kecamatan),
                  profile.nama_kabupaten, profile.nama_provinsi]
        jenis = _("Dinas Sosial") if profile.mode == "dinas" else _("Desa/Kelurahan")
        desk_id = profile.desk_id + (" " + _("(DEMO)") if profile.is_demo else "")
        self.identity.setText(_("<b>ID desk:</b> {desk_id} &nbsp; <b>Jenis:</b> {jenis}<br>"
                                "<b>Wilayah:</b> {wilayah} ({kode})").format(
            desk_id=html.escape(desk_id), jenis=jenis, kode=profile.kode_wilayah,
            wilayah=html.escape(", ".join(p for p in region if p))))
        self.stored = self.desk.profile_edit.current()
        for name in TEXT_FIELDS:
            self.edits[name].setText(getattr(self.stored, name))
        self.logo.set_png(self.stored.logo_png)
        self.status.clear()
        self.refresh_officials()
        self.check()

    def form(self) -> ProfileEdit:
        from puskesos_desktop.services.profile_edit import ProfileEdit

        return ProfileEdit(**{name: self.edits[name].text() for name in TEXT_FIELDS},
                           logo_png=self.logo.png)

    def check(self, *_args: object) -> None:
        """As-you-type: mark fields, list problems, enable Simpan only for a valid change."""
        from puskesos_desktop.services.profile_edit import profile_problems

        form = self.form()
        problems = profile_problems(form)
        for name, edit in self.edits.items():
            set_state(edit, "error" if name in problems else "")
        self.problems.setText("\n".join(problems.values()))
        self.problems.setVisible(bool(problems))
        dirty = self.stored is not None and self._normalised(form) != self._normalised(
            self.stored)
        self.save_button.setEnabled(dirty and not problems)
        self.revert_button.setEnabled(dirty)
        if dirty:
            self.status.setText(_("Ada perubahan yang belum disimpan."))
        self._timer.start()

    @staticmethod
    def _normalised(edit: ProfileEdit) -> ProfileEdit:
        return dataclasses.replace(edit, **{name: " ".join(getattr(edit, name).split())
                                            for name in TEXT_FIELDS})

    def render_preview(self) -> None:
        from puskesos_desktop.gui.dialogs.print_preview import pdf_page_images

        self._timer.stop()
        try:
            pdf = self.desk.profile_edit.letterhead_preview(self.form())
        except UserError as error:
            self.preview.setPixmap(QPixmap())
            self.preview.setText(error.message)
            return
        images = pdf_page_images(pdf, width_px=PREVIEW_WIDTH)
        self.preview.setPixmap(QPixmap.fromImage(images[0]))

    def save(self) -> None:
        """Save; on a refusal the message shows and the typing stays in the form."""
        try:
            saved = self.desk.profile_edit.update(self.form())
        except UserError as error:
            show_user_error(self, error.message)
            return
        self.stored = self.desk.profile_edit.current()
        self.check()
        self.runner.data_changed.emit(saved.changes)  # before the note: views reload
        self.status.setText(_("Profil disimpan. Surat berikutnya memakai kop ini; surat yang "
                              "sudah terbit tidak berubah."))

    def show_sample_letter(self) -> None:
        from puskesos_desktop.gui.dialogs.print_preview import PrintPreviewDialog

        form = self.form()
        try:  # render once first: a broken logo is a message, not an empty dialog
            self.desk.profile_edit.letterhead_preview(form)
        except UserError as error:
            show_user_error(self, error.message)
            return
        dialog = PrintPreviewDialog(
            lambda paper: self.desk.profile_edit.sample_letter(form, paper),
            title=_("Pratinjau kop surat"), file_name="contoh-surat.pdf", parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    # -- officials ----------------------------------------------------------------------
    def refresh_officials(self) -> None:
        self.officials.set_rows(self.desk.profile_edit.officials())
        self._update_official_buttons()

    def selected(self) -> PejabatView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.officials.row_at(rows[0].row()) if rows else None

    def index_of(self, nama: str) -> QModelIndex:
        """For tests and keyboard users: the table row of the official called ``nama``."""
        for row in range(self.officials.rowCount()):
            if self.officials.row_at(row).nama == nama:
                return self.officials.index(row, 0)
        return QModelIndex()

    def _update_official_buttons(self, *_args: object) -> None:
        row = self.selected()
        self.edit_button.setEnabled(row is not None and row.aktif)
        self.retire_button.setEnabled(row is not None and row.aktif)

    def _dialog(self, existing: PejabatView | None) -> OfficialDialog:
        rows = [self.officials.row_at(i) for i in range(self.officials.rowCount())]
        titles = {row.peran: row.jabatan for row in reversed(rows) if row.aktif}
        return OfficialDialog(existing, titles, self)

    def add_official(self) -> None:
        dialog = self._dialog(None)
        while self.open_dialog(dialog):
            if self._official_call(lambda: self.desk.profile_edit.add_official(dialog.official())):
                return  # on a refusal the dialog opens again with what was typed

    def edit_selected(self) -> None:
        row = self.selected()
        if row is None or not row.aktif:
            return
        dialog = self._dialog(row)
        while self.open_dialog(dialog):
            if self._official_call(
                    lambda: self.desk.profile_edit.update_official(row.id, dialog.official())):
                return

    def retire_selected(self) -> None:
        row = self.selected()
        if row is None or not row.aktif:
            return
        if self.confirm(self, _("Nonaktifkan pejabat"), _(
                "{nama} tidak lagi menandatangani surat baru. Surat yang sudah terbit tetap "
                "memakai nama ini. Lanjutkan?").format(nama=row.nama)):
            self._official_call(lambda: self.desk.profile_edit.retire_official(row.id))

    def _official_call(self, action: Callable[[], Any]) -> bool:
        try:
            saved = action()
        except UserError as error:
            show_user_error(self, error.message)
            return False
        note = _("Tersimpan: {jabatan} — {nama}.").format(
            jabatan=saved.official.jabatan, nama=saved.official.nama)
        if not saved.official.aktif:
            note = _("{nama} dinonaktifkan.").format(nama=saved.official.nama)
        for old in saved.retired:
            note += " " + _("{nama} (kepala sebelumnya) dinonaktifkan; surat yang sudah terbit "
                            "tetap memakai namanya.").format(nama=old.nama)
        self.refresh_officials()
        self.runner.data_changed.emit(saved.changes)
        self.officials_note.setText(note)
        return True

    def on_data_changed(self, changes: Changes) -> None:
        if changes.touches(ChangeKind.PROFILE) and not self.revert_button.isEnabled():
            self.reload()  # never over what the operator is still typing
