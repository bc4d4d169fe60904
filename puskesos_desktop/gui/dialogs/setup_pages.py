"""Setup wizard pages about the place: region, letterhead and contact (plus the page base).

Pages keep their widgets' contents when the operator goes back and forth; defaults derived
from earlier pages (letterhead lines) are refreshed only while the operator has not changed
them. Problems are shown inline under the page when Next is pressed.
"""

from __future__ import annotations

import html
from dataclasses import replace
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from puskesos_desktop.domain.kop import Kop
from puskesos_desktop.domain.wilayah import Wilayah
from puskesos_desktop.gui.widgets.logo_field import LogoField
from puskesos_desktop.gui.widgets.region_picker import RegionPicker
from puskesos_desktop.i18n import _
from puskesos_desktop.services.setup import (
    DeskMode,
    SetupRequest,
    validate,
)
from puskesos_desktop.services.wilayah import region_index

if TYPE_CHECKING:
    from puskesos_desktop.gui.dialogs.setup_wizard import SetupWizard


def new_problems(request: SetupRequest, **neutral: object) -> list[str]:
    """Problems caused by the given fields: validate() with them, minus validate() without them.

    This lets each page show only its own messages while the rules stay in one place
    (``services/setup.validate``).
    """
    baseline = set(validate(replace(request, **neutral)))  # type: ignore[arg-type]
    return [problem for problem in validate(request) if problem not in baseline]


class SetupPage(QWizardPage):
    """Base page: typed access to the wizard and an inline, red problem list."""

    STEPS = 6

    def __init__(self, title: str, subtitle: str, step: int | None = None) -> None:
        super().__init__()
        if step is not None:
            title = _("Langkah {step} dari {total}: {title}").format(
                step=step, total=self.STEPS, title=title
            )
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.problem_label = QLabel(self)  # parented: never a stray top-level window
        self.problem_label.setObjectName("problems")
        self.problem_label.setWordWrap(True)
        self.problem_label.setVisible(False)

    def setup_wizard(self) -> SetupWizard:
        return self.wizard()  # type: ignore[return-value]

    def show_problems(self, problems: list[str]) -> bool:
        """Show the problems (or hide the box); True when there are none."""
        self.problem_label.setText("\n".join(f"• {problem}" for problem in problems))
        self.problem_label.setVisible(bool(problems))
        return not problems


def line_edit(placeholder: str = "", max_length: int = 150) -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    edit.setMaxLength(max_length)
    return edit


class RegionPage(SetupPage):
    def __init__(self) -> None:
        super().__init__(
            _("Wilayah"),
            _("Pilih wilayah desk ini. Ketik sebagian nama lalu pilih dari daftar."),
            2,
        )
        self.picker = RegionPicker()
        self.chosen_label = QLabel()
        self.chosen_label.setWordWrap(True)
        self.chosen_label.setObjectName("chosen")
        layout = QVBoxLayout(self)
        layout.addWidget(self.picker)
        layout.addSpacing(8)
        layout.addWidget(self.chosen_label)
        layout.addStretch(1)
        layout.addWidget(self.problem_label)
        self.picker.region_changed.connect(self._on_region_changed)

    def initializePage(self) -> None:
        dinas = self.setup_wizard().desk_mode() == DeskMode.DINAS
        self.picker.set_depth(2 if dinas else 4)
        if dinas:
            self.setSubTitle(_("Pilih provinsi dan kabupaten/kota Dinas Sosial ini."))
        else:
            self.setSubTitle(
                _("Pilih desa/kelurahan Puskesos ini. Ketik sebagian nama lalu pilih dari daftar.")
            )

    def _on_region_changed(self, code: str | None) -> None:
        if code is None:
            self.chosen_label.setText("")
            return
        names = ", ".join(region.nama for region in reversed(self.picker_lineage()))
        self.chosen_label.setText(
            _("Terpilih: {names} (kode {code})").format(names=names, code=code)
        )
        self.problem_label.setVisible(False)

    def picker_lineage(self) -> list[Wilayah]:
        code = self.picker.selected_code()
        return region_index().lineage(code) if code else []

    def validatePage(self) -> bool:
        if self.picker.selected_code() is not None:
            return self.show_problems([])
        if self.setup_wizard().desk_mode() == DeskMode.DINAS:
            message = _("Pilih provinsi lalu kabupaten/kota dari daftar.")
        else:
            message = _(
                "Pilih provinsi, kabupaten/kota, kecamatan, lalu desa/kelurahan dari daftar."
            )
        return self.show_problems([message])


class KopPage(SetupPage):
    def __init__(self, logo_field: LogoField) -> None:
        super().__init__(
            _("Kop surat dan kontak"),
            _("Baris kop surat sudah diisi dari nama wilayah; ubah bila perlu."),
            3,
        )
        self._default: Kop | None = None
        self.instansi = line_edit(_("mis. PEMERINTAH KABUPATEN JEPARA"))
        self.unit = line_edit(_("mis. KECAMATAN KEDUNG"))
        self.nama = line_edit(_("mis. DESA KEDUNGMALANG"))
        self.logo = logo_field
        self.preview = QLabel()
        self.preview.setObjectName("kopPreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setTextFormat(Qt.TextFormat.RichText)
        self.preview.setWordWrap(True)
        self.preview.setMinimumHeight(92)
        self.preview_logo = QLabel()
        self.preview_logo.setFixedSize(64, 64)
        kop_form = QFormLayout()
        kop_form.addRow(_("Baris &1 (instansi):"), self.instansi)
        kop_form.addRow(_("Baris &2 (unit):"), self.unit)
        kop_form.addRow(_("Baris &3 (nama):"), self.nama)
        kop_form.addRow(_("Logo:"), self.logo)
        preview_box = QWidget()
        preview_box.setObjectName("kopPaper")
        preview_row = QHBoxLayout(preview_box)
        preview_row.addWidget(self.preview_logo)
        preview_row.addWidget(self.preview, 1)
        preview_row.addSpacing(64)
        kop_group = QGroupBox(_("Kop surat"))
        kop_layout = QVBoxLayout(kop_group)
        kop_layout.addLayout(kop_form)
        kop_layout.addWidget(QLabel(_("Pratinjau:")))
        kop_layout.addWidget(preview_box)

        self.alamat = line_edit(_("mis. Jl. Raya Kedung No. 1"), 250)
        self.kode_pos = line_edit("", 5)
        self.kode_pos.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,5}")))
        self.kode_pos.setMaximumWidth(90)
        self.telepon = line_edit(_("mis. 0291 123456"), 30)
        self.email = line_edit(_("mis. puskesos.desa@gmail.com"), 100)
        contact = QGroupBox(_("Alamat kantor dan kontak"))
        grid = QGridLayout(contact)
        grid.addWidget(QLabel(_("&Alamat:")), 0, 0)
        grid.addWidget(self.alamat, 0, 1, 1, 3)
        grid.addWidget(QLabel(_("Kode &pos:")), 1, 0)
        grid.addWidget(self.kode_pos, 1, 1)
        grid.addWidget(QLabel(_("&Telepon:")), 1, 2)
        grid.addWidget(self.telepon, 1, 3)
        grid.addWidget(QLabel(_("&Email:")), 2, 0)
        grid.addWidget(self.email, 2, 1, 1, 3)
        grid.setColumnStretch(3, 1)
        for row, edit in enumerate((self.alamat, self.kode_pos, self.email)):
            label = grid.itemAtPosition(row, 0).widget()
            label.setBuddy(edit)  # type: ignore[union-attr]
        grid.itemAtPosition(1, 2).widget().setBuddy(self.telepon)  # type: ignore[union-attr]

        layout = QVBoxLayout(self)
        layout.addWidget(kop_group)
        layout.addWidget(contact)
        layout.addStretch(1)
        layout.addWidget(self.problem_label)
        for edit in (
            self.instansi,
            self.unit,
            self.nama,
            self.alamat,
            self.kode_pos,
            self.telepon,
            self.email,
        ):
            edit.textChanged.connect(self._update_preview)
        self.logo.changed.connect(self._update_preview)
        chain = (
            self.instansi,
            self.unit,
            self.nama,
            self.logo.choose_button,
            self.logo.clear_button,
            self.alamat,
            self.kode_pos,
            self.telepon,
            self.email,
        )
        for first, second in pairwise(chain):
            self.setTabOrder(first, second)

    def initializePage(self) -> None:
        kop = self.setup_wizard().default_kop()
        if self._default is None or self._unchanged():
            self.instansi.setText(kop.instansi)
            self.unit.setText(kop.unit)
            self.nama.setText(kop.nama)
        self._default = kop
        self.unit.setPlaceholderText(
            _("(boleh kosong)") if self.setup_wizard().desk_mode() == DeskMode.DINAS else ""
        )
        self._update_preview()

    def _unchanged(self) -> bool:
        assert self._default is not None
        return (self.instansi.text(), self.unit.text(), self.nama.text()) == (
            self._default.instansi,
            self._default.unit,
            self._default.nama,
        )

    def kop_lines(self) -> tuple[str, str, str]:
        return (self.instansi.text().strip(), self.unit.text().strip(), self.nama.text().strip())

    def _update_preview(self, *_args: object) -> None:
        instansi, unit, nama = (html.escape(line) for line in self.kop_lines())
        parts = [f"<div style='font-size:11pt'>{line}</div>" for line in (instansi, unit) if line]
        if nama:
            parts.append(f"<div style='font-size:14pt'>{nama}</div>")
        contact = self.contactline_edit()
        if contact:
            parts.append(
                f"<div style='font-size:8pt; font-weight:400'>{html.escape(contact)}</div>"
            )
        self.preview.setText("".join(parts))
        pixmap = self.logo.pixmap(60)
        if pixmap is None:
            self.preview_logo.clear()
        else:
            self.preview_logo.setPixmap(pixmap)

    def contactline_edit(self) -> str:
        """The small line under the letterhead: address, postcode, phone, email."""
        alamat = self.alamat.text().strip()
        if self.kode_pos.text().strip():
            alamat = f"{alamat} {self.kode_pos.text().strip()}".strip()
        parts = [alamat]
        if self.telepon.text().strip():
            parts.append(_("Telp. {telepon}").format(telepon=self.telepon.text().strip()))
        parts.append(self.email.text().strip())
        return " · ".join(part for part in parts if part)

    def validatePage(self) -> bool:
        problems = []
        if not self.instansi.text().strip() or not self.nama.text().strip():
            problems.append(_("Isi baris 1 dan baris 3 kop surat."))
        request = self.setup_wizard().build_request()
        problems += new_problems(request, kode_pos="", email="", telepon="", alamat="")
        return self.show_problems(problems)
