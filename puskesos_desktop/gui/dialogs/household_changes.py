"""Changes over a family's life: a new No. KK, a member moving to another household.

Neither overwrites history: the old No. KK and every move stay on record (the service
writes ``riwayat_kk`` / ``riwayat_anggota``), because a family's KK number changes when it
moves kecamatan, splits, or loses its head, and letters and the district still refer
to the old number. Both dialogs ask for the reason and the date for the same reason.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop.domain.registry_enums import (
    AlasanPerubahanKK,
    AlasanPindahAnggota,
    HubunganKeluarga,
)
from puskesos_desktop.gui.dialogs.save_flow import SaveFlow
from puskesos_desktop.gui.prompts import Confirm, ask_yes_no
from puskesos_desktop.gui.widgets.choice_combo import ChoiceCombo
from puskesos_desktop.gui.widgets.date_field import DateField
from puskesos_desktop.gui.widgets.nik_field import NikField
from puskesos_desktop.gui.widgets.person_picker import PersonPicker
from puskesos_desktop.i18n import _

if TYPE_CHECKING:
    from puskesos_desktop.services.registry_types import HouseholdDetail, PersonDetail


class _ChangeDialog(QDialog):
    """Shared frame: a form, a problem line and Simpan/Batal."""

    def __init__(self, desk: Any, title: str, parent: QWidget | None, confirm: Confirm) -> None:
        super().__init__(parent)
        self.desk = desk
        self.confirm = confirm
        self.result_value: object = None
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.problems = QLabel()
        self.problems.setObjectName("problems")
        self.problems.setWordWrap(True)
        self.problems.hide()
        self.save_button = QPushButton(_("Simpan"))
        self.cancel_button = QPushButton(_("Batal"))
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addLayout(self.form)
        self.layout_.addWidget(self.problems)
        self.layout_.addLayout(buttons)

    def show_problem(self, message: str) -> None:
        self.problems.setText(message)
        self.problems.show()

    def run(self, attempt: Any) -> None:
        SaveFlow(
            parent=self,
            attempt=lambda confirm, _decisions: attempt(confirm),
            on_success=self._done,
            on_invalid=lambda error: self.show_problem(error.message),
            confirm=self.confirm,
            describe=lambda _index: (None, "", ""),
            pre_confirmed=self.pre_confirmed,
        ).start()

    def pre_confirmed(self, _findings: tuple) -> bool:
        return False

    def _done(self, result: object) -> None:
        self.result_value = result
        self.accept()

    def save(self) -> None:
        raise NotImplementedError


class ChangeKKDialog(_ChangeDialog):
    """A new Kartu Keluarga was issued: the new number, why, and since when."""

    def __init__(
        self, desk: Any, household: HouseholdDetail, parent: QWidget | None = None,
        *, confirm: Confirm = ask_yes_no,
    ) -> None:  # fmt: skip
        from puskesos_desktop.services.registry_write import known_kecamatan

        super().__init__(desk, _("Ubah No. KK"), parent, confirm)
        self.household = household
        self.new_kk = NikField("kk", known_region=known_kecamatan)
        self.reason = ChoiceCombo(AlasanPerubahanKK, empty_text=_("— pilih alasan —"))
        self.when = DateField()
        self.when.set_value(date.today())
        self.note = QLineEdit()
        self.note.setMaxLength(250)
        self.form.addRow(_("No. KK lama:"), QLabel(household.no_kk or _("(belum ada)")))
        self.form.addRow(_("No. KK baru:"), self.new_kk)
        self.form.addRow(_("Alasan:"), self.reason)
        self.form.addRow(_("Tanggal:"), self.when)
        self.form.addRow(_("Keterangan:"), self.note)
        hint = QLabel(_("No. KK lama tetap tersimpan di riwayat keluarga."))
        hint.setObjectName("hint")
        self.layout_.insertWidget(1, hint)
        self.resize(620, 300)
        self.new_kk.setFocus()

    def pre_confirmed(self, findings: tuple) -> bool:
        return self.new_kk.confirm.isChecked() and all(f.field == "no_kk" for f in findings)

    def save(self) -> None:
        from puskesos_desktop.services.registry_types import PerubahanKK

        self.new_kk.validate()
        when = self.when.value()
        if self.new_kk.has_errors():
            self.show_problem("\n".join(f.message for f in self.new_kk.findings()))
        elif not self.reason.code():
            self.show_problem(_("Pilih alasan perubahan No. KK."))
        elif when is None:
            self.show_problem(self.when.error() or _("Isi tanggal perubahan."))
        else:
            change = PerubahanKK(self.reason.code(), when, self.note.text())
            self.run(
                lambda confirm: self.desk.registry.change_no_kk(
                    self.household.uid, self.new_kk.value() or None, change,
                    confirm_warnings=confirm,
                )
            )  # fmt: skip


class MoveMemberDialog(_ChangeDialog):
    """Move a member to a registered household, or to a new one (pecah KK)."""

    def __init__(
        self, desk: Any, person: PersonDetail, household: HouseholdDetail | None,
        parent: QWidget | None = None, *, confirm: Confirm = ask_yes_no,
    ) -> None:  # fmt: skip
        from puskesos_desktop.services.registry_write import known_kecamatan

        super().__init__(desk, _("Pindahkan {name}").format(name=person.nama), parent, confirm)
        self.person = person
        self.household = household
        self.to_existing = QRadioButton(_("Ke keluarga yang sudah terdaftar"))
        self.to_new = QRadioButton(_("Membentuk keluarga baru (pecah KK)"))
        group = QButtonGroup(self)
        group.addButton(self.to_existing)
        group.addButton(self.to_new)
        self.to_existing.setChecked(True)
        self.target = PersonPicker(desk, _("Cari anggota keluarga tujuan (nama atau NIK)"))
        self.new_kk = NikField("kk", known_region=known_kecamatan)
        self.new_kk.required = False
        self.new_address = QLineEdit(household.alamat if household else "")
        self.relation = ChoiceCombo(HubunganKeluarga, empty_text=_("— hubungan di keluarga baru —"))
        self.reason = ChoiceCombo(AlasanPindahAnggota, empty_text=_("— pilih alasan —"))
        self.when = DateField()
        self.when.set_value(date.today())
        self.note = QLineEdit()
        self.form.addRow(self.to_existing)
        self.form.addRow(_("Keluarga tujuan:"), self.target)
        self.form.addRow(self.to_new)
        self.form.addRow(_("No. KK baru:"), self.new_kk)
        self.form.addRow(_("Alamat baru:"), self.new_address)
        self.form.addRow(_("Hubungan:"), self.relation)
        self.form.addRow(_("Alasan:"), self.reason)
        self.form.addRow(_("Tanggal:"), self.when)
        self.form.addRow(_("Keterangan:"), self.note)
        self.to_existing.toggled.connect(self._sync)
        self._sync()
        self.resize(680, 520)

    def _sync(self, *_args: object) -> None:
        existing = self.to_existing.isChecked()
        self.target.setEnabled(existing)
        self.new_kk.setEnabled(not existing)
        self.new_address.setEnabled(not existing)

    def save(self) -> None:
        from puskesos_desktop.services.registry_types import KeluargaData

        when = self.when.value()
        target = self.target.person
        if self.to_existing.isChecked() and (target is None or not target.keluarga_uid):
            self.show_problem(_("Pilih anggota keluarga tujuan dari hasil pencarian."))
            return
        if not self.relation.code() or not self.reason.code():
            self.show_problem(_("Pilih hubungan di keluarga tujuan dan alasan pindah."))
            return
        if when is None:
            self.show_problem(self.when.error() or _("Isi tanggal pindah."))
            return
        new_household = None
        if self.to_new.isChecked():
            region = self.household.kode_wilayah if self.household else ""
            new_household = KeluargaData(
                no_kk=self.new_kk.value() or None, alamat=self.new_address.text(),
                rt=self.household.rt if self.household else "",
                rw=self.household.rw if self.household else "",
                dusun=self.household.dusun if self.household else "", kode_wilayah=region,
            )  # fmt: skip
        self.run(
            lambda confirm: self.desk.registry.move_member(
                self.person.uid,
                ke_keluarga_uid=None if new_household else target.keluarga_uid,  # type: ignore[union-attr]
                keluarga_baru=new_household, hubungan_baru=self.relation.code(),
                alasan=self.reason.code(), tanggal=when, keterangan=self.note.text(),
                confirm_warnings=confirm,
            )
        )  # fmt: skip
