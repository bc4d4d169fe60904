"""The person (anggota keluarga) fields, shared by the household form and the member dialog.

Validation runs as the operator types, with the SAME rules the service applies on save
(:func:`puskesos_desktop.services.registry_checks.check_person`, pure and database-free),
so what the form shows is what the save will say. Empty required fields are not flagged
until the operator first tries to add or save the person: a fresh form full of red is
discouraging and tells nothing new.
"""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QLineEdit, QWidget

from puskesos_desktop.domain.registry_enums import (
    Agama,
    AlasanTanpaNik,
    DerajatDisabilitas,
    HubunganKeluarga,
    JenisDisabilitas,
    JenisKelamin,
    Pendidikan,
    StatusDomisili,
    StatusKawin,
)
from puskesos_desktop.gui.widgets.choice_combo import ChoiceCombo
from puskesos_desktop.gui.widgets.date_field import DateField
from puskesos_desktop.gui.widgets.nik_field import KnownRegion, NikField
from puskesos_desktop.i18n import _

if TYPE_CHECKING:
    from puskesos_desktop.services.registry_types import FieldFinding, OrangInput

CHECK_DELAY_MS = 150
_QUIET_UNTIL_SUBMIT = {"NAMA_KOSONG", "JENIS_KELAMIN_KOSONG", "NIK_KOSONG"}


class MemberEditor(QWidget):
    """``inputs`` lists the focusable fields in Tab order (for the Enter filter)."""

    changed = Signal()

    def __init__(self, known_region: KnownRegion | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.submitted = False
        self._findings: list[FieldFinding] = []
        self.nik = NikField("nik", known_region=known_region)
        self.tanpa_nik = QCheckBox(_("Belum punya NIK"))
        self.alasan_tanpa_nik = ChoiceCombo(AlasanTanpaNik, empty_text=_("— alasan tanpa NIK —"))
        self.nama = QLineEdit()
        self.nama.setMaxLength(100)
        self.jenis_kelamin = ChoiceCombo(JenisKelamin)
        self.tempat_lahir = QLineEdit()
        self.tanggal_lahir = DateField()
        self.hubungan = ChoiceCombo(HubunganKeluarga)
        self.status_kawin = ChoiceCombo(StatusKawin)
        self.agama = ChoiceCombo(Agama)
        self.pendidikan = ChoiceCombo(Pendidikan)
        self.pekerjaan = QLineEdit()
        self.disabilitas = ChoiceCombo(JenisDisabilitas, empty_text=_("Tidak ada"))
        self.disabilitas_derajat = ChoiceCombo(DerajatDisabilitas)
        self.penyakit_kronis = QLineEdit()
        self.penyakit_kronis.setPlaceholderText(_("mis. hipertensi, TBC, diabetes"))
        self.telepon = QLineEdit()
        self.telepon.setPlaceholderText(_("mis. 081234567890"))
        self.status_domisili = ChoiceCombo(StatusDomisili, default=StatusDomisili.TETAP.value)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.hide()
        self._layout()
        self.inputs: list[QWidget] = [
            self.nik.edit, self.nik.confirm, self.tanpa_nik, self.alasan_tanpa_nik, self.nama,
            self.jenis_kelamin, self.tempat_lahir, self.tanggal_lahir.edit, self.hubungan,
            self.status_kawin, self.agama, self.pendidikan, self.pekerjaan, self.disabilitas,
            self.disabilitas_derajat, self.penyakit_kronis, self.telepon, self.status_domisili,
        ]  # fmt: skip
        for first, second in pairwise(self.inputs):
            QWidget.setTabOrder(first, second)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(CHECK_DELAY_MS)
        self.timer.timeout.connect(self.check)
        self._connect()
        self._sync_enabled()

    def _layout(self) -> None:
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        top = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop

        def add(text: str, widget: QWidget, row: int, column: int, span: int = 1) -> None:
            label = QLabel(text)
            label.setBuddy(widget)
            label.setContentsMargins(0, 4, 0, 0)
            grid.addWidget(label, row, column, top)
            grid.addWidget(widget, row, column + 1, 1, span, Qt.AlignmentFlag.AlignTop)

        add(_("&NIK:"), self.nik, 0, 0, span=3)  # its messages get the full width
        grid.addWidget(self.tanpa_nik, 1, 1)
        add(_("Alasan:"), self.alasan_tanpa_nik, 1, 2)
        left = [
            (_("Na&ma:"), self.nama),
            (_("&Jenis kelamin:"), self.jenis_kelamin),
            (_("Tempat lahir:"), self.tempat_lahir),
            (_("Tanggal lahir:"), self.tanggal_lahir),
            (_("&Hubungan:"), self.hubungan),
            (_("Status kawin:"), self.status_kawin),
            (_("Agama:"), self.agama),
        ]
        right = [
            (_("Pendidikan:"), self.pendidikan),
            (_("Pekerjaan:"), self.pekerjaan),
            (_("Disabilitas:"), self.disabilitas),
            (_("Tingkat disabilitas:"), self.disabilitas_derajat),
            (_("Penyakit kronis:"), self.penyakit_kronis),
            (_("Telepon:"), self.telepon),
            (_("Domisili:"), self.status_domisili),
        ]
        for column, rows in ((0, left), (2, right)):
            for row, (text, widget) in enumerate(rows, start=2):
                add(text, widget, row, column)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        grid.addWidget(self.problems, 2 + len(left), 0, 1, 4)

    def _connect(self) -> None:
        for edit in (self.nama, self.tempat_lahir, self.pekerjaan, self.penyakit_kronis,
                     self.telepon):  # fmt: skip
            edit.textChanged.connect(self._edited)
        for combo in (self.jenis_kelamin, self.hubungan, self.status_kawin, self.agama,
                      self.pendidikan, self.disabilitas, self.disabilitas_derajat,
                      self.status_domisili, self.alasan_tanpa_nik):  # fmt: skip
            combo.currentIndexChanged.connect(self._edited)
        self.nik.changed.connect(self._edited)
        self.tanggal_lahir.changed.connect(self._edited)
        self.tanpa_nik.toggled.connect(self._no_nik_toggled)

    # -- values --------------------------------------------------------------------------------
    def get_input(self) -> OrangInput:
        from puskesos_desktop.services.registry_types import OrangInput

        without = self.tanpa_nik.isChecked()
        return OrangInput(
            nama=self.nama.text(),
            jenis_kelamin=self.jenis_kelamin.code(),
            nik=None if without else (self.nik.value() or None),
            alasan_tanpa_nik=self.alasan_tanpa_nik.code() if without else "",
            tempat_lahir=self.tempat_lahir.text(),
            tanggal_lahir=self.tanggal_lahir.value(),
            hubungan=self.hubungan.code(),
            status_kawin=self.status_kawin.code(),
            agama=self.agama.code(),
            pendidikan=self.pendidikan.code(),
            pekerjaan=self.pekerjaan.text(),
            disabilitas=self.disabilitas.code(),
            disabilitas_derajat=self.disabilitas_derajat.code(),
            penyakit_kronis=self.penyakit_kronis.text(),
            telepon=self.telepon.text(),
            status_domisili=self.status_domisili.code(),
        )

    def set_input(self, data: Any) -> None:
        """Fill from an ``OrangInput`` or a ``PersonDetail`` (same field names)."""
        temporary = bool(data.nik and str(data.nik).startswith("0")) or (
            not data.nik and bool(data.alasan_tanpa_nik)
        )
        self.tanpa_nik.setChecked(temporary)
        self.nik.set_value("" if temporary else (data.nik or ""))
        self.alasan_tanpa_nik.set_code(data.alasan_tanpa_nik)
        self.nama.setText(data.nama)
        self.tempat_lahir.setText(data.tempat_lahir)
        self.tanggal_lahir.set_value(data.tanggal_lahir)
        self.pekerjaan.setText(data.pekerjaan)
        self.penyakit_kronis.setText(data.penyakit_kronis)
        self.telepon.setText(data.telepon)
        for name in ("jenis_kelamin", "hubungan", "status_kawin", "agama", "pendidikan",
                     "disabilitas", "disabilitas_derajat", "status_domisili"):  # fmt: skip
            getattr(self, name).set_code(getattr(data, name))
        self.submitted = False
        self.check()

    def clear(self) -> None:
        self.tanpa_nik.setChecked(False)
        self.nik.set_value("")
        for edit in (self.nama, self.tempat_lahir, self.pekerjaan, self.penyakit_kronis,
                     self.telepon):  # fmt: skip
            edit.clear()
        self.tanggal_lahir.set_value(None)
        for combo in (self.jenis_kelamin, self.hubungan, self.status_kawin, self.agama,
                      self.pendidikan, self.disabilitas, self.disabilitas_derajat,
                      self.alasan_tanpa_nik):  # fmt: skip
            combo.set_code("")
        self.status_domisili.set_code(StatusDomisili.TETAP.value)
        self.submitted = False
        self._show([])

    def is_blank(self) -> bool:
        """Nothing typed yet (a blank editor is not "unsaved work")."""
        return not (self.nama.text().strip() or self.nik.raw_text().strip())

    def focus_first(self) -> None:
        target = self.nama if self.tanpa_nik.isChecked() else self.nik.edit
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- checking ------------------------------------------------------------------------------
    def _edited(self, *_args: object) -> None:
        self.nik.set_person(self.tanggal_lahir.value(), self.jenis_kelamin.code() or None)
        self._sync_enabled()
        self.timer.start()
        self.changed.emit()

    def _no_nik_toggled(self, checked: bool) -> None:
        self.nik.required = not checked
        self.nik.validate()
        self._edited()

    def _sync_enabled(self) -> None:
        without = self.tanpa_nik.isChecked()
        self.nik.setEnabled(not without)
        self.alasan_tanpa_nik.setEnabled(without)
        self.disabilitas_derajat.setEnabled(bool(self.disabilitas.code()))

    def check(self) -> list[FieldFinding]:
        """All findings of the current values (the service's own rules), shown at once."""
        from puskesos_desktop.services.registry_checks import check_person
        from puskesos_desktop.services.registry_write import known_kecamatan

        self.timer.stop()
        _values, findings = check_person(
            self.get_input(), today=date.today(), known_region=known_kecamatan
        )
        self._findings = findings
        self._show(findings)
        return findings

    def submit_problems(self) -> tuple[list[str], list[str]]:
        """(errors, unconfirmed warnings) when the operator adds or saves this person.

        A NIK warning counts as confirmed once "Saya sudah memeriksa" is ticked.
        """
        self.submitted = True
        self.nik.validate()
        findings = self.check()
        if self.tanggal_lahir.error():
            return [self.tanggal_lahir.error()], []
        errors = [f.message for f in findings if f.is_error]
        warnings = [
            f.message
            for f in findings
            if not f.is_error and not (f.field == "nik" and self.nik.confirm.isChecked())
        ]
        return errors, warnings

    def _show(self, findings: list[FieldFinding]) -> None:
        shown = [
            f
            for f in findings
            if f.field != "nik" and (self.submitted or f.code not in _QUIET_UNTIL_SUBMIT)
        ]
        if self.submitted and any(f.field == "nik" and f.code == "NIK_KOSONG" for f in findings):
            shown.insert(0, next(f for f in findings if f.code == "NIK_KOSONG"))
        if not shown:
            self.problems.hide()
            return
        errors = any(f.is_error for f in shown)
        self.problems.setObjectName("fieldError" if errors else "fieldWarning")
        self.problems.style().unpolish(self.problems)
        self.problems.style().polish(self.problems)
        self.problems.setText("\n".join(f"• {f.message}" for f in shown))
        self.problems.show()
