"""Wizard pages about people: the signing officials and the first admin operator.

Official titles default from the region ("Kepala Desa Tedunan") but an operator's own wording
is never overwritten. The titles are printed on letters, which are official Indonesian, so
they are deliberately not passed through ``_()``. Password rules come from
``services/setup.validate``; only the "typed twice the same" check lives here, because the
service never sees the repeat.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QVBoxLayout

from puskesos_desktop.domain.wilayah import Tingkat
from puskesos_desktop.gui.dialogs.setup_pages import SetupPage, line_edit, new_problems
from puskesos_desktop.i18n import _
from puskesos_desktop.services.setup import DeskMode, OfficialInput, PeranPejabat


class OfficialBox(QGroupBox):
    """Name, title and optional NIP of one signing official."""

    def __init__(self, title: str) -> None:
        super().__init__(title)
        self.nama = line_edit(_("nama lengkap tanpa gelar pun boleh"), 100)
        self.jabatan = line_edit("", 100)
        self.nip = line_edit(_("kosongkan bila bukan ASN"), 30)
        form = QFormLayout(self)
        form.addRow(_("Nama:"), self.nama)
        form.addRow(_("Jabatan:"), self.jabatan)
        form.addRow(_("NIP (opsional):"), self.nip)
        self._default_jabatan = ""

    def set_default_jabatan(self, jabatan: str) -> None:
        """Fill the title unless the operator typed their own."""
        if self.jabatan.text().strip() in ("", self._default_jabatan):
            self.jabatan.setText(jabatan)
        self._default_jabatan = jabatan

    def is_blank(self) -> bool:
        return not (self.nama.text().strip() or self.nip.text().strip())

    def to_input(self, peran: PeranPejabat) -> OfficialInput:
        return OfficialInput(
            peran, self.jabatan.text().strip(), self.nama.text().strip(), self.nip.text().strip()
        )


class OfficialsPage(SetupPage):
    def __init__(self) -> None:
        super().__init__(
            _("Pejabat penanda tangan"),
            _("Nama-nama ini dicetak di bawah surat rujukan dan rekomendasi."),
            4,
        )
        self.kepala = OfficialBox(_("Kepala Desa"))
        self.koordinator = OfficialBox(_("Koordinator Puskesos (opsional)"))
        self.koordinator.set_default_jabatan("Koordinator Puskesos")
        layout = QVBoxLayout(self)
        layout.addWidget(self.kepala)
        layout.addWidget(self.koordinator)
        layout.addStretch(1)
        layout.addWidget(self.problem_label)

    def initializePage(self) -> None:
        wizard = self.setup_wizard()
        names = wizard.region_names()
        if wizard.desk_mode() == DeskMode.DINAS:
            kabupaten = names.get(Tingkat.KABUPATEN) or names.get(Tingkat.KOTA, "")
            self.kepala.setTitle(_("Kepala Dinas Sosial"))
            self.kepala.set_default_jabatan(f"Kepala Dinas Sosial {kabupaten}")
            self.koordinator.setVisible(False)
            return
        self.koordinator.setVisible(True)
        if Tingkat.KELURAHAN in names:
            self.kepala.setTitle(_("Lurah"))
            self.kepala.set_default_jabatan(f"Lurah {names[Tingkat.KELURAHAN]}")
        else:
            self.kepala.setTitle(_("Kepala Desa"))
            self.kepala.set_default_jabatan(
                "Kepala Desa {nama}".format(nama=names.get(Tingkat.DESA, ""))
            )

    def officials(self) -> tuple[OfficialInput, ...]:
        chosen = [self.kepala.to_input(PeranPejabat.KEPALA)]
        if self.koordinator.isVisibleTo(self) and not self.koordinator.is_blank():
            chosen.append(self.koordinator.to_input(PeranPejabat.KOORDINATOR))
        return tuple(chosen)

    def validatePage(self) -> bool:
        problems = []
        if not self.kepala.nama.text().strip():
            problems.append(_("Isi nama {jabatan}.").format(jabatan=self.kepala.title()))
        request = self.setup_wizard().build_request()
        problems += new_problems(request, officials=())
        return self.show_problems(problems)


class AdminPage(SetupPage):
    def __init__(self) -> None:
        super().__init__(
            _("Admin pertama"),
            _("Akun ini dipakai untuk masuk dan mengelola operator lain. Catat kata sandinya."),
            5,
        )
        self.username = line_edit(_("mis. admin atau nama panggilan"), 40)
        self.nama = line_edit(_("nama lengkap operator"), 100)
        self.password = line_edit(_("minimal 8 karakter, campuran huruf dan angka"), 128)
        self.repeat = line_edit(_("ketik ulang kata sandi yang sama"), 128)
        for edit in (self.password, self.repeat):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.show_password = QCheckBox(_("Tampilkan kata sandi"))
        self.show_password.toggled.connect(self._toggle_echo)
        self.encrypt = QCheckBox(_("Enkripsi basis data dengan kata sandi ini (disarankan)"))
        self.encrypt.setChecked(True)
        self.encrypt.setToolTip(_(
            "Data warga tersimpan teracak; tanpa kata sandi atau Kunci Pemulihan, laptop yang "
            "hilang atau diservis tidak membocorkan data."
        ))
        self.match_label = QLabel()
        self.match_label.setObjectName("hint")
        form = QFormLayout()
        form.addRow(_("&Nama pengguna:"), self.username)
        form.addRow(_("Nama &lengkap:"), self.nama)
        form.addRow(_("&Kata sandi:"), self.password)
        form.addRow(_("&Ulangi kata sandi:"), self.repeat)
        form.addRow("", self.show_password)
        form.addRow("", self.match_label)
        form.addRow("", self.encrypt)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.problem_label)
        self.password.textChanged.connect(self._update_match)
        self.repeat.textChanged.connect(self._update_match)

    def _toggle_echo(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.password.setEchoMode(mode)
        self.repeat.setEchoMode(mode)

    def _update_match(self) -> None:
        if not self.repeat.text():
            self.match_label.setText("")
        elif self.repeat.text() == self.password.text():
            self.match_label.setText(_("✓ Kedua kata sandi sama."))
        else:
            self.match_label.setText(_("Kedua kata sandi belum sama."))

    def validatePage(self) -> bool:
        request = self.setup_wizard().build_request()
        problems = new_problems(
            request, admin_username="admin", admin_nama="Admin", admin_password="sandi12345"
        )
        if self.password.text() != self.repeat.text():
            problems.append(_("Kata sandi dan ulangannya tidak sama."))
        return self.show_problems(problems)
