"""Status change and return-slip dialogs for a referral.

The status list offers only what the status machine allows next; the service checks again,
so a stale screen can never push a referral into an impossible state. Choosing "Dialihkan"
asks for the new destination: the desk then opens a new draft referral to it.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.referral_state import LABELS, StatusRujukan
from puskesos_desktop.gui.dialogs.rujukan_form import date_edit, from_qdate
from puskesos_desktop.gui.errors import show_user_error
from puskesos_desktop.i18n import _
from puskesos_desktop.services.referral_types import (
    HASIL_LEMBAR_BALIK,
    ReturnSlip,
    StatusChange,
)

if TYPE_CHECKING:
    from puskesos_desktop.services.referral_types import ReferralView

NEEDS_REASON = {StatusRujukan.DITOLAK, StatusRujukan.TIDAK_MEMENUHI_SYARAT,
                StatusRujukan.DIBATALKAN}


class StatusDialog(QDialog):
    """``self.result_uid`` is the referral to show afterwards (the new one after a redirect)."""

    def __init__(self, desk: object, view: ReferralView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.view = view
        self.result_uid: str | None = None
        self.setWindowTitle(_("Ubah status rujukan"))
        intro = QLabel(_("{nama} → {tujuan}\nStatus sekarang: {status}").format(
            nama=view.orang_nama, tujuan=view.lembaga_nama, status=view.status_label))
        intro.setWordWrap(True)
        self.status = QComboBox()
        for status in view.boleh_menjadi:  # DIRUJUK too: some referrals go by phone or WA
            self.status.addItem(_(LABELS[status]), status.value)
        self.new_lembaga = QComboBox()
        for item in desk.lembaga.list():
            if item.uid != view.lembaga_uid:
                self.new_lembaga.addItem(item.nama, item.uid)
        self.new_lembaga_label = QLabel(_("Dialihkan ke:"))
        self.day = date_edit(date.today())
        self.alasan = QLineEdit()
        self.alasan_label = QLabel(_("Alasan:"))
        self.catatan = QLineEdit()
        self.catatan.setPlaceholderText(_("mis. dikonfirmasi lewat telepon dengan petugas"))
        form = QFormLayout()
        form.addRow(_("Status baru:"), self.status)
        form.addRow(self.new_lembaga_label, self.new_lembaga)
        form.addRow(_("Tanggal:"), self.day)
        form.addRow(self.alasan_label, self.alasan)
        form.addRow(_("Catatan:"), self.catatan)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(_("Simpan"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Batal"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.status.currentIndexChanged.connect(lambda _i: self._update())
        self._update()
        self.setMinimumWidth(460)

    def choose(self, status: StatusRujukan) -> None:
        self.status.setCurrentIndex(self.status.findData(status.value))

    def _update(self) -> None:
        value = self.status.currentData()
        target = StatusRujukan(value) if value else None
        redirect = target == StatusRujukan.DIALIHKAN
        self.new_lembaga.setVisible(redirect)
        self.new_lembaga_label.setVisible(redirect)
        self.alasan_label.setText(_("Alasan (wajib):") if target in NEEDS_REASON
                                  else _("Alasan:"))
        self.ok.setEnabled(target is not None)

    def save(self) -> None:
        target = StatusRujukan(self.status.currentData())
        try:
            if target == StatusRujukan.DIALIHKAN:
                saved = self.desk.referral.redirect(
                    self.view.uid, str(self.new_lembaga.currentData() or ""),
                    alasan=self.alasan.text(), catatan=self.catatan.text())
            else:
                saved = self.desk.referral.change_status(self.view.uid, StatusChange(
                    target, alasan=self.alasan.text(), catatan=self.catatan.text(),
                    tanggal=from_qdate(self.day.date())))
        except UserError as error:
            show_user_error(self, error.message)
            return
        self.result_uid = saved.uid
        self.accept()


class ReturnSlipDialog(QDialog):
    """Type the code from a returned slip, check whose referral it is, record the result."""

    def __init__(self, desk: object, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.result_uid: str | None = None
        self.setWindowTitle(_("Catat lembar balik"))
        self.code = QLineEdit()
        self.code.setPlaceholderText(_("mis. RB-7K3Q-9M"))
        find = QPushButton(_("Cari"))
        self.found = QLabel(_("Ketik kode balik yang tertulis di lembar balik."))
        self.found.setWordWrap(True)
        self.found.setObjectName("hint")
        code_row = QHBoxLayout()
        code_row.addWidget(self.code, 1)
        code_row.addWidget(find)
        self.outcomes = QButtonGroup(self)
        outcome_row = QHBoxLayout()
        for index, (status, label) in enumerate(HASIL_LEMBAR_BALIK):
            button = QRadioButton(label)
            button.setProperty("status", status.value)
            self.outcomes.addButton(button, index)
            outcome_row.addWidget(button)
        self.day = date_edit(date.today())
        self.petugas = QLineEdit()
        self.keterangan = QLineEdit()
        self.keterangan.setPlaceholderText(_("wajib bila ditolak: alasan penolakan"))
        form = QFormLayout()
        form.addRow(_("Kode balik:"), code_row)
        form.addRow("", self.found)
        form.addRow(_("Hasil:"), outcome_row)
        form.addRow(_("Tanggal pada lembar:"), self.day)
        form.addRow(_("Nama petugas:"), self.petugas)
        form.addRow(_("Keterangan:"), self.keterangan)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(_("Simpan"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Batal"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        find.clicked.connect(self.look_up)
        self.code.returnPressed.connect(self.look_up)
        self.setMinimumWidth(520)

    def look_up(self) -> None:
        try:
            view = self.desk.referral.find_by_return_code(self.code.text())
        except UserError as error:
            self.found.setText(error.message)
            return
        self.found.setText(_("{nama} → {tujuan} (status: {status}, surat {nomor})").format(
            nama=view.orang_nama, tujuan=view.lembaga_nama, status=view.status_label,
            nomor=view.nomor_surat or "—"))

    def save(self) -> None:
        checked = self.outcomes.checkedButton()
        if checked is None:
            show_user_error(self, _("Pilih hasil sesuai centang pada lembar balik."))
            return
        slip = ReturnSlip(kode=self.code.text(), hasil=StatusRujukan(checked.property("status")),
                          tanggal=from_qdate(self.day.date()), petugas=self.petugas.text(),
                          keterangan=self.keterangan.text())
        try:
            saved = self.desk.referral.record_return_slip(slip)
        except UserError as error:
            show_user_error(self, error.message)
            return
        self.result_uid = saved.uid
        self.accept()
