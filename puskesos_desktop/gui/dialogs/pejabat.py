"""Add or change one signing official (kepala, sekretaris signing "a.n.", koordinator).

Problems show as the operator types and "Simpan" waits until there are none; the service
checks again on save. A new head replaces the old one, and the dialog says so before saving,
so nobody is surprised to find the previous kepala desa marked *nonaktif*.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop.gui.widgets.nik_field import set_state
from puskesos_desktop.i18n import N_, _

if TYPE_CHECKING:
    from puskesos_desktop.services.profile import PejabatView
    from puskesos_desktop.services.setup import OfficialInput

ROLE_LABELS = {
    "kepala": N_("Kepala (penanda tangan utama)"),
    "sekretaris": N_("Sekretaris (menandatangani a.n. kepala)"),
    "koordinator": N_("Koordinator Puskesos (a.n. kepala)"),
}


def role_label(peran: str) -> str:
    return _(ROLE_LABELS[peran]) if peran in ROLE_LABELS else peran


class OfficialDialog(QDialog):
    """``existing`` None: a new official; ``jabatan_of`` suggests a title for a role."""

    def __init__(
        self,
        existing: PejabatView | None,
        jabatan_of: dict[str, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Ubah pejabat") if existing else _("Tambah pejabat"))
        self._existing = existing
        self._jabatan_of = jabatan_of
        self.peran = QComboBox()
        for code in ROLE_LABELS:
            self.peran.addItem(role_label(code), code)
        self.jabatan = QLineEdit()
        self.jabatan.setMaxLength(100)
        self.nama = QLineEdit()
        self.nama.setMaxLength(100)
        self.nip = QLineEdit()
        self.nip.setMaxLength(30)
        self.nip.setPlaceholderText(_("(kosongkan bila bukan ASN)"))
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.problems = QLabel()
        self.problems.setObjectName("problems")
        self.problems.setWordWrap(True)
        self.problems.hide()
        form = QFormLayout()
        form.addRow(_("Peran:"), self.peran)
        form.addRow(_("Jabatan:"), self.jabatan)
        form.addRow(_("Nama lengkap:"), self.nama)
        form.addRow(_("NIP/NIAP:"), self.nip)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Simpan"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Batal"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)
        if existing is not None:
            self.peran.setCurrentIndex(max(self.peran.findData(existing.peran), 0))
            self.jabatan.setText(existing.jabatan)
            self.nama.setText(existing.nama)
            self.nip.setText(existing.nip)
        else:
            self._suggest_jabatan()
        self.peran.currentIndexChanged.connect(self._suggest_jabatan)
        for edit in (self.jabatan, self.nama, self.nip):
            edit.textChanged.connect(self.check)
        self.check()

    def _suggest_jabatan(self, *_args: object) -> None:
        """A new kepala usually keeps the title ("Kepala Desa X"): offer the current one."""
        known = set(self._jabatan_of.values())
        if not self.jabatan.text().strip() or self.jabatan.text() in known:
            self.jabatan.setText(self._jabatan_of.get(self.peran.currentData(), ""))
        self.check()

    def official(self) -> OfficialInput:
        from puskesos_desktop.services.setup import OfficialInput, PeranPejabat

        return OfficialInput(PeranPejabat(self.peran.currentData()), self.jabatan.text(),
                             self.nama.text(), self.nip.text())

    def check(self) -> None:
        from puskesos_desktop.services.profile_edit import official_problems

        problems = official_problems(self.official())
        for name, edit in (("jabatan", self.jabatan), ("nama", self.nama), ("nip", self.nip)):
            set_state(edit, "error" if name in problems else "")
        # An untouched new form is not "wrong" yet: only the button waits.
        shown = {k: v for k, v in problems.items()
                 if getattr(self, k).text() or self._existing is not None}
        self.problems.setText("\n".join(shown.values()))
        self.problems.setVisible(bool(shown))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problems)
        replaces_head = self.peran.currentData() == "kepala" and (
            self._existing is None or self._existing.peran != "kepala")
        self.hint.setText(_(
            "Kepala yang sekarang akan dinonaktifkan. Surat yang sudah terbit tetap memakai "
            "nama penanda tangan saat surat itu dibuat.") if replaces_head else _(
            "Surat yang sudah terbit tidak berubah; nama baru dipakai untuk surat berikutnya."))
