"""The members tab of the assessment form: each member's vulnerabilities.

One editor serves all members (list on the left, fields on the right) so the 1366×768
screen shows a whole member without scrolling sideways. Choice lists come from the
reference files (sosek.json, ppks.json), never from code, so a regulation change is a data
change. Everything starts at "—" (not asked): the score lists what is still unknown.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop.gui.widgets.answer_inputs import (
    CodeChecklist,
    CodeCombo,
    OptionalNumber,
    YesNoCombo,
)
from puskesos_desktop.i18n import _

if TYPE_CHECKING:
    from puskesos_desktop.services.assessment_types import MemberInput

SCHOOL_STATUS = (
    ("masih_sekolah", "Masih sekolah"),
    ("tidak_sekolah_lagi", "Tidak sekolah lagi"),
    ("tidak_pernah", "Tidak/belum pernah sekolah"),
)
SCHOOL_LEVEL = (
    ("PAUD", "PAUD/TK"),
    ("SD", "SD/MI"),
    ("SMP", "SMP/MTs"),
    ("SMA", "SMA/SMK/MA"),
    ("PT", "Perguruan tinggi"),
)
DISABILITY = (
    ("tidak", "Tidak ada"),
    ("ringan", "Ringan"),
    ("sedang", "Sedang"),
    ("berat", "Berat"),
)


class MemberEditor(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from puskesos_desktop.services.reference import ppks_catalogue, sosek_catalogue

        sosek = sosek_catalogue()
        self._members: list[MemberInput] = []
        self._current = -1
        self._loading = False
        self.list = QListWidget()
        self.list.setMaximumWidth(170)
        self.list.currentRowChanged.connect(self._select)

        self.umur = OptionalNumber(130)
        self.umur.setSuffix(_(" tahun"))
        self.jenis_kelamin = CodeCombo([("L", _("Laki-laki")), ("P", _("Perempuan"))])
        self.hamil = YesNoCombo()
        self.status_sekolah = CodeCombo(SCHOOL_STATUS)
        self.jenjang_sekolah = CodeCombo(SCHOOL_LEVEL)
        self.punya_akta_lahir = YesNoCombo()
        self.punya_nisn = YesNoCombo()
        self.yatim_piatu = YesNoCombo()
        self.lansia_tinggal_sendiri = YesNoCombo()
        self.penghasilan_bulanan = OptionalNumber(100_000_000, step=50_000)
        self.penghasilan_bulanan.setPrefix("Rp ")
        self.disabilitas = CodeCombo(DISABILITY)
        pd = ppks_catalogue().get("PD")
        subtypes = [(o.code, o.label) for o in pd.subtypes] if pd else []
        self.ragam_disabilitas = CodeChecklist(subtypes, columns=2)
        self.ragam_disabilitas.none_box.hide()
        chronic = sosek.variable("penyakit_kronis")
        self.penyakit_kronis = CodeChecklist(
            [(o.code, o.label) for o in chronic.options] if chronic else [], columns=2
        )
        insurance = sosek.variable("jaminan_kesehatan")
        self.jaminan_kesehatan = CodeChecklist(
            [(o.code, o.label) for o in insurance.options] if insurance else [], columns=2
        )
        scale = [(step.code, step.label) for step in sosek.difficulty_scale]
        self.kesulitan: dict[str, CodeCombo] = {
            item.code: CodeCombo(scale) for item in sosek.difficulty_items
        }

        top = QFormLayout()
        top.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        for label, widget in (
            (_("Umur"), self.umur),
            (_("Jenis kelamin"), self.jenis_kelamin),
            (_("Hamil/nifas"), self.hamil),
            (_("Status sekolah"), self.status_sekolah),
            (_("Jenjang sekolah"), self.jenjang_sekolah),
            (_("Akta kelahiran"), self.punya_akta_lahir),
            (_("Punya NISN"), self.punya_nisn),
            (_("Yatim/piatu"), self.yatim_piatu),
            (_("Lansia tinggal sendiri"), self.lansia_tinggal_sendiri),
            (_("Penghasilan/bulan"), self.penghasilan_bulanan),
            (_("Tingkat disabilitas"), self.disabilitas),
            (_("Ragam disabilitas"), self.ragam_disabilitas),
        ):
            top.addRow(label, widget)

        difficulty = QGroupBox(_("Kesulitan fungsional (10 butir)"))
        grid = QGridLayout(difficulty)
        for index, item in enumerate(sosek.difficulty_items):
            label = QLabel(item.label)
            label.setWordWrap(True)
            grid.addWidget(label, index, 0)
            grid.addWidget(self.kesulitan[item.code], index, 1)
        grid.setColumnStretch(0, 1)
        health = QGroupBox(_("Penyakit kronis dan jaminan kesehatan"))
        health_layout = QVBoxLayout(health)
        health_layout.addWidget(self.penyakit_kronis)
        health_layout.addWidget(QLabel(_("Jaminan kesehatan:")))
        health_layout.addWidget(self.jaminan_kesehatan)

        self.title = QLabel()
        self.title.setObjectName("cardCaption")
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addWidget(self.title)
        body_layout.addLayout(top)
        body_layout.addWidget(difficulty)
        body_layout.addWidget(health)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        self.body = body
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addWidget(scroll, 1)
        for widget in self._inputs():
            widget.changed.connect(self._edited)  # type: ignore[attr-defined]
        self.body.setEnabled(False)

    def _inputs(self) -> list[QWidget]:
        return [
            self.umur,
            self.jenis_kelamin,
            self.hamil,
            self.status_sekolah,
            self.jenjang_sekolah,
            self.punya_akta_lahir,
            self.punya_nisn,
            self.yatim_piatu,
            self.lansia_tinggal_sendiri,
            self.penghasilan_bulanan,
            self.disabilitas,
            self.ragam_disabilitas,
            self.penyakit_kronis,
            self.jaminan_kesehatan,
            *self.kesulitan.values(),
        ]

    def _edited(self) -> None:
        if not self._loading:
            self.changed.emit()

    # -- values ---------------------------------------------------------------------------
    def set_members(self, members: tuple[MemberInput, ...]) -> None:
        self._members = list(members)
        self._current = -1
        self.list.blockSignals(True)
        self.list.clear()
        for member in members:
            self.list.addItem(member.nama)
        self.list.blockSignals(False)
        self.body.setEnabled(bool(members))
        if members:
            self.list.setCurrentRow(0)
        else:
            self.title.setText(_("Keluarga ini belum punya anggota terdaftar."))

    def members(self) -> tuple[MemberInput, ...]:
        self._commit()
        return tuple(self._members)

    def _select(self, row: int) -> None:
        self._commit()
        self._current = row
        if 0 <= row < len(self._members):
            self._load(self._members[row])

    def _commit(self) -> None:
        if not 0 <= self._current < len(self._members):
            return
        member = self._members[self._current]
        self._members[self._current] = replace(
            member,
            umur=self.umur.number(),
            jenis_kelamin=self.jenis_kelamin.code(),
            hamil=self.hamil.value(),
            status_sekolah=self.status_sekolah.code(),
            jenjang_sekolah=self.jenjang_sekolah.code(),
            punya_akta_lahir=self.punya_akta_lahir.value(),
            punya_nisn=self.punya_nisn.value(),
            yatim_piatu=self.yatim_piatu.value(),
            lansia_tinggal_sendiri=self.lansia_tinggal_sendiri.value(),
            penghasilan_bulanan=self.penghasilan_bulanan.number(),
            disabilitas=self.disabilitas.code(),
            ragam_disabilitas=self.ragam_disabilitas.value() or (),
            penyakit_kronis=self.penyakit_kronis.value(),
            jaminan_kesehatan=self.jaminan_kesehatan.value(),
            kesulitan={
                item: int(combo.code()) for item, combo in self.kesulitan.items() if combo.code()
            },
        )

    def _load(self, member: MemberInput) -> None:
        self._loading = True
        self.title.setText(member.nama)
        self.umur.set_number(member.umur)
        self.jenis_kelamin.set_code(member.jenis_kelamin)
        self.hamil.set_value(member.hamil)
        self.status_sekolah.set_code(member.status_sekolah)
        self.jenjang_sekolah.set_code(member.jenjang_sekolah)
        self.punya_akta_lahir.set_value(member.punya_akta_lahir)
        self.punya_nisn.set_value(member.punya_nisn)
        self.yatim_piatu.set_value(member.yatim_piatu)
        self.lansia_tinggal_sendiri.set_value(member.lansia_tinggal_sendiri)
        self.penghasilan_bulanan.set_number(member.penghasilan_bulanan)
        self.disabilitas.set_code(member.disabilitas)
        self.ragam_disabilitas.set_value(member.ragam_disabilitas or None)
        self.penyakit_kronis.set_value(member.penyakit_kronis)
        self.jaminan_kesehatan.set_value(member.jaminan_kesehatan)
        for item, combo in self.kesulitan.items():
            level = member.kesulitan.get(item)
            combo.set_code(None if level is None else str(level))
        self._loading = False
