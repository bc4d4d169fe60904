"""Letter settings: number pattern and codes, QR validity, follow-up days, paper, signatory,
copies (tembusan). An example number updates as the operator types, so a wrong pattern is
visible before the first real letter is numbered with it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.numbering import format_letter_number, validate_pattern
from puskesos_desktop.gui.errors import show_user_error
from puskesos_desktop.i18n import _


class LetterSettingsDialog(QDialog):
    def __init__(self, desk: object, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.saved = False
        self.setWindowTitle(_("Pengaturan surat"))
        current = desk.letters.settings()
        self.current = current
        self.pattern = QLineEdit(current.pola_nomor)
        self.kode = QLineEdit(current.kode_klasifikasi)
        self.unit = QLineEdit(current.kode_unit)
        self.example = QLabel()
        self.example.setObjectName("chosen")
        self.example.setWordWrap(True)
        self.valid_days = QSpinBox()
        self.valid_days.setRange(1, 366)
        self.valid_days.setValue(current.masa_berlaku_hari)
        self.valid_days.setSuffix(_(" hari"))
        self.follow_days = QSpinBox()
        self.follow_days.setRange(1, 180)
        self.follow_days.setValue(current.hari_tindak_lanjut)
        self.follow_days.setSuffix(_(" hari"))
        self.paper = QComboBox()
        self.paper.addItem("A4", "A4")
        self.paper.addItem("F4/Folio", "F4")
        self.paper.setCurrentIndex(max(self.paper.findData(current.kertas), 0))
        self.signatory = QComboBox()
        self.signatory.addItem(_("Kepala desa (bawaan)"), None)
        for official in desk.profile.officials():
            self.signatory.addItem(f"{official.jabatan}: {official.nama}", official.id)
        if current.penanda_tangan_id is not None:
            self.signatory.setCurrentIndex(max(self.signatory.findData(
                current.penanda_tangan_id), 0))
        self.tembusan = QPlainTextEdit("\n".join(current.tembusan))
        self.tembusan.setMaximumHeight(90)
        hint = QLabel(_("Penanda: {kode} {urut:03d} {unit} {bulan_romawi} {bulan} {tahun}. "
                        "Nomor urut mulai lagi dari 1 setiap tahun dan tidak pernah dipakai "
                        "ulang."))
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Pola nomor surat:"), self.pattern)
        form.addRow("", hint)
        form.addRow(_("Kode klasifikasi:"), self.kode)
        form.addRow(_("Kode unit/desa:"), self.unit)
        form.addRow(_("Contoh nomor:"), self.example)
        form.addRow(_("Masa berlaku surat:"), self.valid_days)
        form.addRow(_("Tindak lanjut setelah:"), self.follow_days)
        form.addRow(_("Kertas bawaan:"), self.paper)
        form.addRow(_("Penanda tangan:"), self.signatory)
        form.addRow(_("Tembusan (satu per baris):"), self.tembusan)
        buttons = QDialogButtonBox()
        buttons.addButton(_("Simpan"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Batal"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        for edit in (self.pattern, self.kode, self.unit):
            edit.textChanged.connect(self._update_example)
        self._update_example()
        self.setMinimumWidth(560)

    def _update_example(self) -> None:
        problems = validate_pattern(self.pattern.text())
        if problems:
            self.example.setText(" ".join(problems))
            return
        try:
            self.example.setText(format_letter_number(
                self.pattern.text(), self.kode.text(), 7, self.unit.text(), date.today()))
        except UserError as error:
            self.example.setText(error.message)

    def save(self) -> None:
        settings = replace(
            self.current, pola_nomor=self.pattern.text(), kode_klasifikasi=self.kode.text(),
            kode_unit=self.unit.text(), masa_berlaku_hari=self.valid_days.value(),
            hari_tindak_lanjut=self.follow_days.value(), kertas=str(self.paper.currentData()),
            penanda_tangan_id=self.signatory.currentData(),
            tembusan=tuple(self.tembusan.toPlainText().splitlines()),
        )
        try:
            self.desk.letters.save_settings(settings)
        except UserError as error:
            show_user_error(self, error.message)
            return
        self.saved = True
        self.accept()
