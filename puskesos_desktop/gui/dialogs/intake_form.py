"""Layanan masuk baru: who asked, for whom, what is needed, how urgent, and the consent.

The applicant and the beneficiary may differ (a neighbour reports an abandoned elderly
person), so they are chosen separately. Consent is recorded with who gave it and when,
because UU 27/2022 wants it provable (a parent or guardian for a child). A beneficiary
living outside the district is flagged as soon as they are picked, with the explanation
of what to do, but the request is still recorded: turning people away unrecorded helps
nobody. The service checks everything again; a failed save keeps what was typed.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDateTime
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop.domain.privacy import CaraPersetujuan
from puskesos_desktop.domain.registry_enums import PemberiPersetujuan, SaluranLayanan, Urgensi
from puskesos_desktop.gui.widgets.choice_combo import ChoiceCombo
from puskesos_desktop.gui.widgets.date_field import DateField
from puskesos_desktop.gui.widgets.person_picker import PersonPicker
from puskesos_desktop.i18n import _

if TYPE_CHECKING:
    from puskesos_desktop.services.intake import IntakeInput, IntakeSaved
    from puskesos_desktop.services.registry_types import PersonRow


class IntakeForm(QDialog):
    """After ``accepted``: ``saved`` is the service's :class:`IntakeSaved`."""

    def __init__(
        self, desk: Any, *, penerima_uid: str | None = None, parent: QWidget | None = None
    ) -> None:
        from puskesos_desktop.services.intake import need_choices

        super().__init__(parent)
        self.desk = desk
        self.saved: IntakeSaved | None = None
        self.setWindowTitle(_("Layanan masuk baru"))
        self.waktu = QDateTimeEdit(QDateTime.currentDateTime())
        self.waktu.setDisplayFormat("dd-MM-yyyy HH:mm")
        self.waktu.setCalendarPopup(True)
        self.saluran = ChoiceCombo(SaluranLayanan, empty_text=None)
        self.penerima = PersonPicker(desk, _("Cari penerima layanan: nama atau NIK"))
        self.domisili = QLabel()
        self.domisili.setObjectName("flagBox")
        self.domisili.setWordWrap(True)
        self.domisili.hide()
        self.self_applicant = QRadioButton(_("Penerima sendiri"))
        self.registered_applicant = QRadioButton(_("Warga terdaftar lain"))
        self.other_applicant = QRadioButton(_("Orang lain (belum terdaftar)"))
        group = QButtonGroup(self)
        for button in (self.self_applicant, self.registered_applicant, self.other_applicant):
            group.addButton(button)
        self.self_applicant.setChecked(True)
        self.pelapor = PersonPicker(desk, _("Cari pelapor: nama atau NIK"))
        self.pelapor_nama = QLineEdit()
        self.pelapor_telepon = QLineEdit()
        self.pelapor_hubungan = QLineEdit()
        self.pelapor_hubungan.setPlaceholderText(_("mis. tetangga, ketua RT, anak"))
        self.uraian = QPlainTextEdit()
        self.uraian.setPlaceholderText(
            _("Apa yang dibutuhkan atau dikeluhkan, dengan kata-kata pemohon")
        )
        self.needs = {code: QCheckBox(label) for code, label in need_choices()}
        self.urgensi = ChoiceCombo(Urgensi, empty_text=None, default=Urgensi.BIASA.value)
        self.setuju_diproses = QCheckBox(_("Setuju datanya dicatat dan diproses untuk layanan ini"))
        self.setuju_dibagikan = QCheckBox(
            _("Setuju datanya dibagikan kepada lembaga tujuan rujukan")
        )
        self.pemberi = ChoiceCombo(PemberiPersetujuan, empty_text=None)
        self.cara = ChoiceCombo(CaraPersetujuan, empty_text=None)
        self.persetujuan_tanggal = DateField()
        self.persetujuan_tanggal.set_value(date.today())
        actor = getattr(desk.context, "actor", None)
        self.operator = QLabel(actor.operator if actor else "—")
        self.problems = QLabel()
        self.problems.setObjectName("problems")
        self.problems.setWordWrap(True)
        self.problems.hide()
        self.save_button = QPushButton(_("Simpan (Ctrl+S)"))
        self.cancel_button = QPushButton(_("Batal"))
        self._layout()
        self.penerima.chosen.connect(self._beneficiary_chosen)
        for button in (self.self_applicant, self.registered_applicant, self.other_applicant):
            button.toggled.connect(self._sync)
        self.setuju_diproses.toggled.connect(self._sync)
        self.setuju_dibagikan.toggled.connect(self._sync)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+S"), self, self.save)
        self._sync()
        self.resize(1180, 680)
        if penerima_uid:
            self._preset(penerima_uid)
        self.penerima.setFocus()

    def _layout(self) -> None:
        when = QGroupBox(_("Permohonan"))
        form = QFormLayout(when)
        form.addRow(_("Waktu:"), self.waktu)
        form.addRow(_("Saluran:"), self.saluran)
        form.addRow(_("Penerima:"), self.penerima)
        form.addRow(self.domisili)
        applicant = QGroupBox(_("Pelapor / pemohon"))
        app = QFormLayout(applicant)
        choices = QHBoxLayout()
        for button in (self.self_applicant, self.registered_applicant, self.other_applicant):
            choices.addWidget(button)
        app.addRow(choices)
        app.addRow(_("Warga terdaftar:"), self.pelapor)
        app.addRow(_("Nama:"), self.pelapor_nama)
        app.addRow(_("Telepon:"), self.pelapor_telepon)
        app.addRow(_("Hubungan:"), self.pelapor_hubungan)
        left = QVBoxLayout()
        left.addWidget(when)
        left.addWidget(applicant)
        left.addStretch(1)

        need = QGroupBox(_("Kebutuhan"))
        need_layout = QVBoxLayout(need)
        need_layout.addWidget(self.uraian, 1)
        grid = QGridLayout()
        for index, box in enumerate(self.needs.values()):
            grid.addWidget(box, index // 2, index % 2)
        need_layout.addLayout(grid)
        urgency = QFormLayout()
        urgency.addRow(_("Urgensi:"), self.urgensi)
        need_layout.addLayout(urgency)
        consent = QGroupBox(_("Persetujuan (UU 27/2022 Pelindungan Data Pribadi)"))
        consent_layout = QFormLayout(consent)
        explain = QLabel(
            _("Jelaskan dulu: data dipakai untuk layanan sosial, disimpan di desa, dan hanya "
              "dibagikan ke lembaga rujukan bila disetujui. Anak: persetujuan orang tua/wali.")
        )  # fmt: skip
        explain.setObjectName("hint")
        explain.setWordWrap(True)
        consent_layout.addRow(explain)
        consent_layout.addRow(self.setuju_diproses)
        consent_layout.addRow(self.setuju_dibagikan)
        consent_layout.addRow(_("Diberikan oleh:"), self.pemberi)
        consent_layout.addRow(_("Cara:"), self.cara)
        consent_layout.addRow(_("Tanggal:"), self.persetujuan_tanggal)
        consent_layout.addRow(_("Dicatat oleh:"), self.operator)
        right = QVBoxLayout()
        right.addWidget(need, 1)
        right.addWidget(consent)

        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.problems)
        layout.addLayout(buttons)

    def _preset(self, uid: str) -> None:
        from puskesos_desktop.services.registry_types import PersonRow

        person = self.desk.registry.get_person(uid)
        row = PersonRow(uid=person.uid, nik=person.nik, nama=person.nama,
                        jenis_kelamin=person.jenis_kelamin, tanggal_lahir=person.tanggal_lahir,
                        alamat="", no_kk=None, keluarga_uid=person.keluarga_uid)  # fmt: skip
        self.penerima.set_person(row)
        self._beneficiary_chosen(row)

    def _sync(self, *_args: object) -> None:
        registered = self.registered_applicant.isChecked()
        other = self.other_applicant.isChecked()
        self.pelapor.setEnabled(registered)
        for edit in (self.pelapor_nama, self.pelapor_telepon):
            edit.setEnabled(other)
        self.pelapor_hubungan.setEnabled(registered or other)
        given = self.setuju_diproses.isChecked() or self.setuju_dibagikan.isChecked()
        self.pemberi.setEnabled(given)
        self.cara.setEnabled(given)
        self.persetujuan_tanggal.setEnabled(given)

    def _beneficiary_chosen(self, row: PersonRow) -> None:
        """Show the domicile flag before saving, with what to do about it."""
        check = self.desk.intake.domicile_check(row.uid)
        self.domisili.setText(check.pesan)
        self.domisili.setVisible(check.luar_wilayah)

    # -- saving -------------------------------------------------------------------------------
    def intake_input(self) -> IntakeInput:
        from puskesos_desktop.services.intake import IntakeInput

        other = self.other_applicant.isChecked()
        registered = self.registered_applicant.isChecked()
        given = self.setuju_diproses.isChecked() or self.setuju_dibagikan.isChecked()
        return IntakeInput(
            penerima_uid=self.penerima.uid() or "",
            saluran=self.saluran.code(),
            uraian=self.uraian.toPlainText(),
            urgensi=self.urgensi.code(),
            kebutuhan=tuple(code for code, box in self.needs.items() if box.isChecked()),
            waktu=self.waktu.dateTime().toPython(),
            pelapor_uid=self.pelapor.uid() if registered else None,
            pelapor_nama=self.pelapor_nama.text() if other else "",
            pelapor_telepon=self.pelapor_telepon.text() if other else "",
            pelapor_hubungan=self.pelapor_hubungan.text() if (other or registered) else "",
            setuju_diproses=self.setuju_diproses.isChecked(),
            setuju_dibagikan=self.setuju_dibagikan.isChecked(),
            persetujuan_tanggal=self.persetujuan_tanggal.value() if given else None,
            persetujuan_dari=self.pemberi.code() if given else "",
            persetujuan_cara=self.cara.code() if given else "",
        )

    def save(self) -> None:
        from puskesos_desktop.domain.errors import UserError

        problems = []
        if self.penerima.uid() is None:
            problems.append(_("Pilih penerima layanan dari hasil pencarian."))
        if self.registered_applicant.isChecked() and self.pelapor.uid() is None:
            problems.append(_("Pilih pelapor dari hasil pencarian, atau pilih “Orang lain”."))
        if self.other_applicant.isChecked() and not self.pelapor_nama.text().strip():
            problems.append(_("Tulis nama pelapor."))
        if problems:
            self._show(problems)
            return
        try:
            self.saved = self.desk.intake.record(self.intake_input())
        except UserError as error:
            self._show([error.message])
            return
        self.accept()

    def _show(self, messages: list[str]) -> None:
        self.problems.setText("\n".join(messages if len(messages) == 1 else
                                        [f"• {m}" for m in messages]))  # fmt: skip
        self.problems.show()
