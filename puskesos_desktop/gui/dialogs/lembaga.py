"""Service directory editor: a list on the left, the entry's form on the right.

Entries published by the district (sumber "dinas") are shown read-only with a note saying
where corrections go; everything else the operator may add or change here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.gui.errors import show_user_error
from puskesos_desktop.i18n import _

if TYPE_CHECKING:
    from puskesos_desktop.services.lembaga import LembagaView


class LembagaDialog(QDialog):
    def __init__(self, desk: object, parent: QWidget | None = None) -> None:
        from puskesos_desktop.services.lembaga import JenisLembaga, service_codes

        super().__init__(parent)
        self.desk = desk
        self.current: LembagaView | None = None
        self.changed = False
        self.setWindowTitle(_("Lembaga layanan"))
        self.entries = QListWidget()
        self.entries.setMinimumWidth(300)
        new = QPushButton(_("Lembaga baru"))
        left = QVBoxLayout()
        left.addWidget(self.entries, 1)
        left.addWidget(new)

        self.nama = QLineEdit()
        self.jenis = QComboBox()
        for code, label in JenisLembaga.choices():
            self.jenis.addItem(label, code)
        self.jabatan = QLineEdit()
        self.jabatan.setPlaceholderText(_("mis. Kepala Puskesmas Kedung I (untuk 'Kepada Yth.')"))
        self.alamat = QLineEdit()
        self.telepon = QLineEdit()
        self.email = QLineEdit()
        self.jam = QLineEdit()
        self.jam.setPlaceholderText(_("mis. Senin–Sabtu 07.30–14.00"))
        self.melayani = QListWidget()
        self.melayani.setMaximumHeight(150)
        for code, label in service_codes()[:8]:  # need categories; PPKS via the service API
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.melayani.addItem(item)
        self.catatan = QLineEdit()
        self.aktif = QCheckBox(_("Aktif (muncul di formulir rujukan)"))
        self.aktif.setChecked(True)
        self.note = QLabel()
        self.note.setObjectName("hint")
        self.note.setWordWrap(True)
        self.form_widget = QWidget()
        form = QFormLayout(self.form_widget)
        form.addRow(_("Nama:"), self.nama)
        form.addRow(_("Jenis:"), self.jenis)
        form.addRow(_("Penerima surat:"), self.jabatan)
        form.addRow(_("Alamat:"), self.alamat)
        form.addRow(_("Telepon:"), self.telepon)
        form.addRow(_("Email:"), self.email)
        form.addRow(_("Jam layanan:"), self.jam)
        form.addRow(_("Melayani:"), self.melayani)
        form.addRow(_("Catatan:"), self.catatan)
        form.addRow("", self.aktif)
        self.save_button = QPushButton(_("Simpan"))
        close = QPushButton(_("Tutup"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        right = QVBoxLayout()
        right.addWidget(self.note)
        right.addWidget(self.form_widget)
        right.addStretch(1)
        right.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addLayout(left)
        layout.addLayout(right, 1)
        self.entries.currentItemChanged.connect(lambda item, _prev: self._show(item))
        new.clicked.connect(self.start_new)
        self.save_button.clicked.connect(self.save)
        close.clicked.connect(self.accept)
        self.resize(900, 560)
        self.reload()
        self.start_new()

    def reload(self, select_uid: str | None = None) -> None:
        self.entries.blockSignals(True)
        self.entries.clear()
        for view in self.desk.lembaga.list(include_inactive=True):
            suffix = "" if view.aktif else _(" (tidak aktif)")
            source = _(" · dari Dinas") if view.sumber == "dinas" else ""
            item = QListWidgetItem(f"{view.nama}{source}{suffix}")
            item.setData(Qt.ItemDataRole.UserRole, view.uid)
            self.entries.addItem(item)
            if view.uid == select_uid:
                self.entries.setCurrentItem(item)
        self.entries.blockSignals(False)

    def start_new(self) -> None:
        self.current = None
        self.entries.clearSelection()
        for edit in (self.nama, self.jabatan, self.alamat, self.telepon, self.email, self.jam,
                     self.catatan):
            edit.clear()
        self.jenis.setCurrentIndex(0)
        self.aktif.setChecked(True)
        self._set_checked(())
        self._set_editable(True, _("Isi data lembaga baru, lalu Simpan."))
        self.nama.setFocus()

    def _show(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        view = self.desk.lembaga.get(str(item.data(Qt.ItemDataRole.UserRole)))
        self.current = view
        self.nama.setText(view.nama)
        self.jenis.setCurrentIndex(max(self.jenis.findData(view.jenis), 0))
        self.jabatan.setText(view.jabatan_penerima)
        self.alamat.setText(view.alamat)
        self.telepon.setText(view.telepon)
        self.email.setText(view.email)
        self.jam.setText(view.jam_layanan)
        self.catatan.setText(view.catatan)
        self.aktif.setChecked(view.aktif)
        self._set_checked(view.melayani)
        if view.dapat_diubah:
            self._set_editable(True, "")
        else:
            self._set_editable(False, _(
                "Data ini berasal dari Dinas Sosial dan tidak dapat diubah di desa. Laporkan "
                "kesalahan ke Dinas Sosial; perbaikannya datang lewat paket sinkronisasi."))

    def _set_checked(self, codes: tuple[str, ...]) -> None:
        for row in range(self.melayani.count()):
            item = self.melayani.item(row)
            checked = item.data(Qt.ItemDataRole.UserRole) in codes
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _set_editable(self, editable: bool, note: str) -> None:
        self.form_widget.setEnabled(editable)
        self.save_button.setEnabled(editable)
        self.note.setText(note)
        self.note.setVisible(bool(note))

    def save(self) -> None:
        from puskesos_desktop.services.lembaga import LembagaInput

        codes = tuple(
            str(self.melayani.item(r).data(Qt.ItemDataRole.UserRole))
            for r in range(self.melayani.count())
            if self.melayani.item(r).checkState() == Qt.CheckState.Checked
        )
        extra = tuple(c for c in (self.current.melayani if self.current else ())
                      if c not in {str(self.melayani.item(r).data(Qt.ItemDataRole.UserRole))
                                   for r in range(self.melayani.count())})
        data = LembagaInput(
            nama=self.nama.text(), jenis=str(self.jenis.currentData()),
            jabatan_penerima=self.jabatan.text(), alamat=self.alamat.text(),
            telepon=self.telepon.text(), email=self.email.text(), jam_layanan=self.jam.text(),
            melayani=codes + extra, catatan=self.catatan.text(), aktif=self.aktif.isChecked(),
        )
        try:
            if self.current is None:
                uid = self.desk.lembaga.create(data).uid
            else:
                uid = self.desk.lembaga.update(self.current.uid, data).uid
        except UserError as error:
            show_user_error(self, error.message)
            return
        self.changed = True
        self.reload(select_uid=uid)
        self.current = self.desk.lembaga.get(uid)
        self.note.setText(_("Tersimpan."))
        self.note.setVisible(True)
