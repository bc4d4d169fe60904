"""The assessment form: four tabs over one :class:`AssessmentInput`.

Tabs follow the order of a home visit: general (who, when, needs, notes), PPKS findings
with evidence, the house and economy (Regsosek variables), then each member. Every list is
read from the reference files. The form only converts widgets ↔ input values; saving,
drafts and the score belong to the view and the service.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop.gui.views.asesmen_members import MemberEditor
from puskesos_desktop.gui.widgets.answer_inputs import (
    CodeChecklist,
    CodeCombo,
    OptionalDecimal,
    OptionalNumber,
    YesNoCombo,
)
from puskesos_desktop.i18n import _

if TYPE_CHECKING:
    from puskesos_desktop.services.assessment_types import AssessmentInput, PpksInput

HOUSEHOLD_LISTS = ("aset", "ternak", "sumber_penghasilan")


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _text_box(placeholder: str) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)  # keyboard users leave the box with Tab
    box.setMaximumHeight(80)
    return box


def _scrolled(widget: QWidget) -> QScrollArea:
    """Tabs scroll vertically rather than forcing the window wider than 1366 px."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(widget)
    return scroll


class AssessmentForm(QTabWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from puskesos_desktop.domain.assessment_enums import MetodeAsesmen
        from puskesos_desktop.services.reference import (
            need_catalogue,
            ppks_catalogue,
            programme_catalogue,
            sosek_catalogue,
        )

        self._base: AssessmentInput | None = None
        self._loading = False
        # -- general
        self.tanggal = QDateEdit()
        self.tanggal.setCalendarPopup(True)
        self.tanggal.setDisplayFormat("dd-MM-yyyy")
        self.petugas = QLineEdit()
        self.metode = QComboBox()
        for value, label in MetodeAsesmen.choices():
            self.metode.addItem(label, value)
        self.desil = OptionalNumber(10)
        self.desil.setMinimum(0)
        self.desil.setRange(0, 10)
        self.desil_checked = QCheckBox(_("Desil sudah diperiksa pada"))
        self.desil_diperiksa = QDateEdit()
        self.desil_diperiksa.setCalendarPopup(True)
        self.desil_diperiksa.setDisplayFormat("dd-MM-yyyy")
        self.desil_checked.toggled.connect(self.desil_diperiksa.setEnabled)
        self.needs: dict[str, QCheckBox] = {}
        needs_box = QWidget()
        needs_grid = QGridLayout(needs_box)
        needs_grid.setContentsMargins(0, 0, 0, 0)
        for index, domain in enumerate(need_catalogue().domains):
            box = QCheckBox(domain.label)
            box.setToolTip(domain.description)
            self.needs[domain.code] = box
            needs_grid.addWidget(box, index // 2, index % 2)
        self.catatan_kebutuhan = _text_box(
            _("Uraian kebutuhan (apa yang diperlukan, seberapa mendesak)")
        )
        self.pengamatan = _text_box(_("Hasil pengamatan petugas"))
        self.rekomendasi = _text_box(_("Rekomendasi: rujukan, usulan program, tindak lanjut"))
        desil_row = QHBoxLayout()
        desil_row.addWidget(self.desil)
        desil_row.addSpacing(12)
        desil_row.addWidget(self.desil_checked)
        desil_row.addWidget(self.desil_diperiksa)
        desil_row.addStretch(1)
        general_form = QFormLayout()
        general_form.addRow(_("Tanggal asesmen"), self.tanggal)
        general_form.addRow(_("Petugas"), self.petugas)
        general_form.addRow(_("Cara asesmen"), self.metode)
        general_form.addRow(_("Desil DTSEN (laporan)"), desil_row)
        general_form.addRow(_("Kebutuhan"), needs_box)
        general_form.addRow(_("Uraian kebutuhan"), self.catatan_kebutuhan)
        general_form.addRow(_("Pengamatan"), self.pengamatan)
        general_form.addRow(_("Rekomendasi"), self.rekomendasi)
        general = QWidget()
        general_layout = QVBoxLayout(general)
        general_layout.addLayout(general_form)
        general_layout.addStretch(1)
        self.addTab(_scrolled(general), _("&Umum"))

        # -- PPKS
        self.ppks_table = QTableWidget(0, 2)
        self.ppks_table.setHorizontalHeaderLabels([_("Kategori PPKS"), _("Bukti singkat")])
        self.ppks_table.verticalHeader().setVisible(False)
        header = self.ppks_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.ppks_codes: list[str] = []
        for category in ppks_catalogue().categories:
            row = self.ppks_table.rowCount()
            self.ppks_table.insertRow(row)
            item = QTableWidgetItem(f"{category.code} — {category.name}")
            item.setFlags(
                Qt.ItemFlag.ItemIsUserCheckable
                | Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
            )
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setToolTip(category.description)
            self.ppks_table.setItem(row, 0, item)
            self.ppks_table.setItem(row, 1, QTableWidgetItem(""))
            self.ppks_codes.append(category.code)
        self.ppks_table.itemChanged.connect(lambda _item: self._edited())
        self.addTab(self.ppks_table, _("&PPKS"))

        # -- house and economy
        sosek = sosek_catalogue()
        self.sosek: dict[str, CodeCombo] = {}
        house_form = QFormLayout()
        house_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        for variable in sosek.variables:
            if variable.level == "keluarga" and not variable.multiple:
                combo = CodeCombo([(o.code, o.label) for o in variable.options])
                self.sosek[variable.code] = combo
                house_form.addRow(variable.label, combo)
        self.luas_lantai = OptionalDecimal(2000, " m²")
        self.jumlah_anggota = OptionalNumber(40)
        self.punya_kks = YesNoCombo()
        self.pernah_bantuan_rumah = YesNoCombo()
        self.kehilangan_mata_pencaharian = YesNoCombo()
        house_form.addRow(_("Luas lantai rumah"), self.luas_lantai)
        house_form.addRow(_("Jumlah anggota serumah"), self.jumlah_anggota)
        house_form.addRow(_("Punya kartu KKS"), self.punya_kks)
        house_form.addRow(_("Pernah dapat bantuan rumah"), self.pernah_bantuan_rumah)
        house_form.addRow(_("Kehilangan mata pencaharian"), self.kehilangan_mata_pencaharian)
        self.lists: dict[str, CodeChecklist] = {}
        economy = QVBoxLayout()
        for code in HOUSEHOLD_LISTS:
            variable = sosek.variable(code)
            if variable is None:
                continue
            checklist = CodeChecklist([(o.code, o.label) for o in variable.options], columns=2)
            self.lists[code] = checklist
            group = QGroupBox(variable.label)
            QVBoxLayout(group).addWidget(checklist)
            economy.addWidget(group)
        self.program_diterima = CodeChecklist(
            [(p.code, p.name) for p in programme_catalogue().programmes], columns=2
        )
        programmes = QGroupBox(_("Program bantuan yang sedang diterima keluarga"))
        QVBoxLayout(programmes).addWidget(self.program_diterima)
        economy.addWidget(programmes)
        economy.addStretch(1)
        house = QWidget()
        house_layout = QVBoxLayout(house)
        house_layout.addLayout(house_form)
        house_layout.addLayout(economy)
        self.addTab(_scrolled(house), _("&Rumah dan ekonomi"))

        # -- members
        self.members = MemberEditor()
        self.addTab(self.members, _("&Anggota"))

        for widget in (
            *self.sosek.values(),
            *self.lists.values(),
            self.luas_lantai,
            self.jumlah_anggota,
            self.punya_kks,
            self.pernah_bantuan_rumah,
            self.kehilangan_mata_pencaharian,
            self.program_diterima,
            self.desil,
            self.members,
        ):
            widget.changed.connect(self._edited)  # type: ignore[attr-defined]
        for box in self.needs.values():
            box.toggled.connect(self._edited)
        for text in (self.catatan_kebutuhan, self.pengamatan, self.rekomendasi):
            text.textChanged.connect(self._edited)
        self.petugas.textChanged.connect(self._edited)
        self.tanggal.dateChanged.connect(self._edited)
        self.desil_diperiksa.dateChanged.connect(self._edited)
        self.desil_checked.toggled.connect(self._edited)
        self.metode.currentIndexChanged.connect(self._edited)

    def _edited(self, *_args: object) -> None:
        if not self._loading:
            self.changed.emit()

    # -- values ---------------------------------------------------------------------------
    def set_input(self, data: AssessmentInput) -> None:
        self._loading = True
        self._base = data
        self.tanggal.setDate(_qdate(data.tanggal))
        self.petugas.setText(data.petugas)
        self.metode.setCurrentIndex(max(self.metode.findData(data.metode), 0))
        self.desil.setValue(data.desil or 0)
        self.desil_checked.setChecked(data.desil_diperiksa is not None)
        self.desil_diperiksa.setEnabled(data.desil_diperiksa is not None)
        self.desil_diperiksa.setDate(_qdate(data.desil_diperiksa or data.tanggal))
        for code, box in self.needs.items():
            box.setChecked(code in data.kebutuhan)
        self.catatan_kebutuhan.setPlainText(data.catatan_kebutuhan)
        self.pengamatan.setPlainText(data.pengamatan)
        self.rekomendasi.setPlainText(data.rekomendasi)
        chosen = {item.kode: item.bukti for item in data.ppks}
        for row, code in enumerate(self.ppks_codes):
            checked = Qt.CheckState.Checked if code in chosen else Qt.CheckState.Unchecked
            self.ppks_table.item(row, 0).setCheckState(checked)
            self.ppks_table.item(row, 1).setText(chosen.get(code, ""))
        for code, combo in self.sosek.items():
            combo.set_code(data.sosek.get(code))
        for code, checklist in self.lists.items():
            checklist.set_value(getattr(data, code))
        self.program_diterima.set_value(data.program_diterima)
        self.luas_lantai.set_number(data.luas_lantai)
        self.jumlah_anggota.set_number(data.jumlah_anggota)
        self.punya_kks.set_value(data.punya_kks)
        self.pernah_bantuan_rumah.set_value(data.pernah_bantuan_rumah)
        self.kehilangan_mata_pencaharian.set_value(data.kehilangan_mata_pencaharian)
        self.members.set_members(data.anggota)
        self._loading = False

    def _ppks(self) -> tuple[PpksInput, ...]:
        from puskesos_desktop.services.assessment_types import PpksInput

        chosen = []
        for row, code in enumerate(self.ppks_codes):
            if self.ppks_table.item(row, 0).checkState() == Qt.CheckState.Checked:
                chosen.append(PpksInput(code, self.ppks_table.item(row, 1).text().strip()))
        return tuple(chosen)

    def get_input(self) -> AssessmentInput:
        assert self._base is not None, "set_input first"
        return replace(
            self._base,
            tanggal=_pydate(self.tanggal.date()),
            petugas=self.petugas.text().strip(),
            metode=str(self.metode.currentData()),
            desil=self.desil.value() or None,
            desil_diperiksa=_pydate(self.desil_diperiksa.date())
            if self.desil_checked.isChecked()
            else None,
            kebutuhan=tuple(code for code, box in self.needs.items() if box.isChecked()),
            catatan_kebutuhan=self.catatan_kebutuhan.toPlainText(),
            pengamatan=self.pengamatan.toPlainText(),
            rekomendasi=self.rekomendasi.toPlainText(),
            ppks=self._ppks(),
            sosek={code: combo.code() for code, combo in self.sosek.items() if combo.code()},
            **{code: checklist.value() for code, checklist in self.lists.items()},
            program_diterima=self.program_diterima.value(),
            luas_lantai=self.luas_lantai.number(),
            jumlah_anggota=self.jumlah_anggota.number(),
            punya_kks=self.punya_kks.value(),
            pernah_bantuan_rumah=self.pernah_bantuan_rumah.value(),
            kehilangan_mata_pencaharian=self.kehilangan_mata_pencaharian.value(),
            anggota=self.members.members(),
        )
