"""New (or draft) referral form: who, to which service, why, documents, consent, follow-up.

The letter button stays disabled until the consent box is ticked: UU 27/2022 wants the
person's agreement before their data goes to another institution, and the desk cannot
print a referral letter without sharing that data. A failed save keeps what was typed.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.privacy import CaraPersetujuan
from puskesos_desktop.domain.referral_state import DEFAULT_PERIHAL
from puskesos_desktop.domain.registry_enums import PemberiPersetujuan, Urgensi
from puskesos_desktop.gui.errors import show_user_error
from puskesos_desktop.i18n import _
from puskesos_desktop.services.referral_types import DOKUMEN_UMUM, ReferralInput

if TYPE_CHECKING:
    from puskesos_desktop.services.referral_types import ReferralView


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def date_edit(day: date) -> QDateEdit:
    edit = QDateEdit(to_qdate(day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd-MM-yyyy")
    return edit


class ReferralForm(QDialog):
    """``self.saved_uid`` holds the referral after a save; ``self.issue_requested`` says
    whether the operator asked for the letter at once."""

    def __init__(self, desk: object, existing: ReferralView | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.existing = existing
        self.saved_uid: str | None = None
        self.issue_requested = False
        self.orang_uid = existing.orang_uid if existing else ""
        self.setWindowTitle(_("Ubah draf rujukan") if existing else _("Rujukan baru"))
        self._build()
        if existing is not None:
            self._fill(existing)
        self._consent_changed()

    # -- building -------------------------------------------------------------------------
    def _build(self) -> None:
        who = QGroupBox(_("Warga yang dirujuk"))
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Ketik nama atau NIK, lalu pilih dari daftar"))
        self.results = QListWidget()
        self.results.setMaximumHeight(110)
        self.chosen = QLabel(_("Belum ada warga dipilih."))
        self.chosen.setObjectName("chosen")
        who_layout = QVBoxLayout(who)
        who_layout.addWidget(self.search)
        who_layout.addWidget(self.results)
        who_layout.addWidget(self.chosen)
        self.search.textChanged.connect(self._search)
        self.results.itemClicked.connect(self._choose)
        self.results.itemActivated.connect(self._choose)

        what = QGroupBox(_("Tujuan dan alasan"))
        self.lembaga = QComboBox()
        self.lembaga.addItem(_("— pilih lembaga —"), "")
        for item in self.desk.lembaga.list():
            self.lembaga.addItem(f"{item.nama} ({item.jenis_label})", item.uid)
        self.perihal = QLineEdit(DEFAULT_PERIHAL)
        self.alasan = QPlainTextEdit()
        self.alasan.setPlaceholderText(_("Keadaan warga dan mengapa ia dirujuk"))
        self.layanan = QPlainTextEdit()
        self.layanan.setPlaceholderText(_("Satu layanan per baris"))
        self.layanan.setMaximumHeight(60)
        self.urgensi = QComboBox()
        for code, label in Urgensi.choices():
            self.urgensi.addItem(label, code)
        self.urgensi.setCurrentIndex(self.urgensi.findData(Urgensi.BIASA.value))
        form = QFormLayout(what)
        form.addRow(_("Lembaga tujuan:"), self.lembaga)
        form.addRow(_("Perihal surat:"), self.perihal)
        form.addRow(_("Alasan rujukan:"), self.alasan)
        form.addRow(_("Layanan yang dimohon:"), self.layanan)
        form.addRow(_("Urgensi:"), self.urgensi)

        docs = QGroupBox(_("Dokumen yang dibawa warga"))
        grid = QGridLayout(docs)
        self.documents: list[QCheckBox] = []
        for index, name in enumerate(DOKUMEN_UMUM):
            box = QCheckBox(name)
            self.documents.append(box)
            grid.addWidget(box, index // 2, index % 2)
        self.other_docs = QLineEdit()
        self.other_docs.setPlaceholderText(_("Dokumen lain, pisahkan dengan koma"))
        grid.addWidget(self.other_docs, (len(DOKUMEN_UMUM) + 1) // 2, 0, 1, 2)

        consent = QGroupBox(_("Persetujuan dan tindak lanjut"))
        self.consent = QCheckBox(_("Warga setuju datanya dibagikan kepada lembaga tujuan ini"))
        self.consent_from = QComboBox()
        for code, label in PemberiPersetujuan.choices():
            self.consent_from.addItem(label, code)
        self.consent_how = QComboBox()
        for code, label in CaraPersetujuan.choices():
            self.consent_how.addItem(label, code)
        self.consent_date = date_edit(date.today())
        self.follow_up = date_edit(date.today() + timedelta(
            days=self.desk.letters.settings().hari_tindak_lanjut))
        consent_form = QFormLayout(consent)
        consent_form.addRow(self.consent)
        consent_form.addRow(_("Persetujuan dari:"), self.consent_from)
        consent_form.addRow(_("Cara:"), self.consent_how)
        consent_form.addRow(_("Tanggal persetujuan:"), self.consent_date)
        consent_form.addRow(_("Tindak lanjut paling lambat:"), self.follow_up)
        self.consent.toggled.connect(self._consent_changed)

        self.letter_hint = QLabel()
        self.letter_hint.setObjectName("hint")
        self.letter_hint.setWordWrap(True)
        self.save_button = QPushButton(_("Simpan draf"))
        self.issue_button = QPushButton(_("Simpan && terbitkan surat…"))
        self.issue_button.setDefault(True)
        cancel = QPushButton(_("Batal"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.letter_hint, 1)
        for button in (self.save_button, self.issue_button, cancel):
            buttons.addWidget(button)
        self.save_button.clicked.connect(lambda: self.save(issue=False))
        self.issue_button.clicked.connect(lambda: self.save(issue=True))
        cancel.clicked.connect(self.reject)

        left = QVBoxLayout()
        left.addWidget(who)
        left.addWidget(docs)
        left.addWidget(consent)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addWidget(what, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addLayout(buttons)
        self.resize(1080, 640)

    def _fill(self, view: ReferralView) -> None:
        self.search.setEnabled(False)
        self.results.setVisible(False)
        self.chosen.setText(f"{view.orang_nama} — {view.orang_nik or _('tanpa NIK')}")
        self.lembaga.setCurrentIndex(max(self.lembaga.findData(view.lembaga_uid), 0))
        self.perihal.setText(view.perihal)
        self.alasan.setPlainText(view.alasan)
        self.layanan.setPlainText("\n".join(view.layanan_diminta))
        self.urgensi.setCurrentIndex(max(self.urgensi.findData(view.urgensi), 0))
        others = [doc for doc in view.dokumen_dibawa if doc not in DOKUMEN_UMUM]
        for box in self.documents:
            box.setChecked(box.text() in view.dokumen_dibawa)
        self.other_docs.setText(", ".join(others))
        self.consent.setChecked(view.setuju_dibagikan)
        if view.persetujuan_dari:
            self.consent_from.setCurrentIndex(max(self.consent_from.findData(
                view.persetujuan_dari), 0))
        if view.persetujuan_cara:
            self.consent_how.setCurrentIndex(max(self.consent_how.findData(
                view.persetujuan_cara), 0))
        if view.persetujuan_tanggal:
            self.consent_date.setDate(to_qdate(view.persetujuan_tanggal))
        if view.tanggal_tindak_lanjut:
            self.follow_up.setDate(to_qdate(view.tanggal_tindak_lanjut))

    # -- behaviour ------------------------------------------------------------------------
    def _search(self, text: str) -> None:
        self.results.clear()
        if len(text.strip()) < 2:
            return
        for row in self.desk.registry.search(text, limit=20):
            label = f"{row.nama} — {row.nik or _('tanpa NIK')} — {row.alamat}"
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, row.uid)
            self.results.addItem(item)

    def _choose(self, item: QListWidgetItem) -> None:
        self.orang_uid = str(item.data(Qt.ItemDataRole.UserRole))
        self.chosen.setText(_("Dipilih: {who}").format(who=item.text()))

    def choose_person(self, uid: str, label: str) -> None:
        """Preselect a person (opened from a person's page or from an intake)."""
        self.orang_uid = uid
        self.chosen.setText(_("Dipilih: {who}").format(who=label))

    def _consent_changed(self) -> None:
        given = self.consent.isChecked()
        self.issue_button.setEnabled(given)
        self.consent_from.setEnabled(given)
        self.consent_how.setEnabled(given)
        self.consent_date.setEnabled(given)
        self.letter_hint.setText("" if given else _(
            "Surat rujukan baru dapat diterbitkan setelah warga menyetujui datanya dibagikan."))

    def data(self) -> ReferralInput:
        documents = [box.text() for box in self.documents if box.isChecked()]
        documents += [d.strip() for d in self.other_docs.text().split(",") if d.strip()]
        services = [line.strip() for line in self.layanan.toPlainText().splitlines()]
        given = self.consent.isChecked()
        return ReferralInput(
            orang_uid=self.orang_uid,
            lembaga_uid=str(self.lembaga.currentData() or ""),
            alasan=self.alasan.toPlainText(),
            layanan_diminta=tuple(s for s in services if s),
            urgensi=str(self.urgensi.currentData()),
            dokumen_dibawa=tuple(documents),
            perihal=self.perihal.text(),
            setuju_dibagikan=given,
            persetujuan_dari=str(self.consent_from.currentData()) if given else "",
            persetujuan_tanggal=from_qdate(self.consent_date.date()) if given else None,
            persetujuan_cara=str(self.consent_how.currentData()) if given else "",
            tanggal_tindak_lanjut=from_qdate(self.follow_up.date()),
        )

    def save(self, *, issue: bool) -> None:
        if not self.orang_uid:
            show_user_error(self, _("Pilih warga yang dirujuk dari hasil pencarian."))
            return
        try:
            if self.existing is not None:
                saved = self.desk.referral.update_draft(self.existing.uid, self.data())
            else:
                saved = self.desk.referral.create(self.data())
        except UserError as error:
            show_user_error(self, error.message)
            return
        self.saved_uid = saved.uid
        self.issue_requested = issue
        self.accept()
