"""First-run wizard: mode → region → letterhead → officials → admin → summary → fingerprint.

The wizard only gathers a :class:`SetupRequest`; ``SetupService.complete`` does the work in
one transaction, so a failure leaves nothing half-made and the operator can simply retry with
every typed value still in place. A "try the demo village" choice on the first page lets a
newcomer look around before entering anything real.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
)

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.kop import Kop, default_kop
from puskesos_desktop.domain.wilayah import Tingkat, tingkat_of
from puskesos_desktop.gui.dialogs.setup_pages import KopPage, RegionPage, SetupPage
from puskesos_desktop.gui.dialogs.setup_people import AdminPage, OfficialsPage
from puskesos_desktop.gui.errors import show_user_error
from puskesos_desktop.gui.prompts import Confirm, ask_yes_no
from puskesos_desktop.gui.widgets.logo_field import LogoField, choose_image_file
from puskesos_desktop.i18n import _
from puskesos_desktop.services.setup import DeskMode, SetupRequest, SetupResult, validate
from puskesos_desktop.services.wilayah import region_index

PAGE_MODE, PAGE_REGION, PAGE_KOP, PAGE_OFFICIALS, PAGE_ADMIN, PAGE_SUMMARY, PAGE_DONE = range(7)


class ModePage(SetupPage):
    """Village or district desk, plus a one-click way into the demo village."""

    def __init__(self) -> None:
        super().__init__(
            _("Selamat datang di Puskesos Desk"),
            _("Siapa yang memakai aplikasi ini?"),
            1,
        )
        self.desa = QRadioButton(_("Desa/Kelurahan (Puskesos)"))
        self.dinas = QRadioButton(_("Dinas Sosial (kabupaten/kota)"))
        self.group = QButtonGroup(self)
        for button in (self.desa, self.dinas):
            button.setObjectName("choice")
            self.group.addButton(button)
        self.desa.setChecked(True)

        # A button, not a third radio: it acts at once, so no Next/Finish switch is needed.
        self.demo_button = QPushButton(_("Coba dengan desa demo"))
        self.demo_button.setObjectName("demoButton")
        self.demo_button.setAutoDefault(False)
        self.demo_button.clicked.connect(self._open_demo)
        demo_frame = QFrame()
        demo_frame.setObjectName("demoChoice")
        demo_layout = QHBoxLayout(demo_frame)
        demo_text = QLabel(
            _(
                "Belum siap mengisi data asli? Buka Desa Kedungmalang (Jepara) berisi keluarga "
                "contoh untuk berlatih. Data demo bukan data warga sebenarnya."
            )
        )
        demo_text.setWordWrap(True)
        demo_layout.addWidget(demo_text, 1)
        demo_layout.addWidget(self.demo_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.desa)
        layout.addWidget(
            self._describe(
                _(
                    "Untuk Puskesos di desa atau kelurahan: registrasi warga, asesmen, "
                    "surat rujukan, dan kirim data ke Dinas Sosial."
                )
            )
        )
        layout.addSpacing(10)
        layout.addWidget(self.dinas)
        layout.addWidget(
            self._describe(
                _(
                    "Untuk Dinas Sosial kabupaten/kota: menerima paket data dari desa dan membuat "
                    "rekap."
                )
            )
        )
        layout.addSpacing(10)
        layout.addWidget(self._describe(_("Pilih salah satu lalu tekan Lanjut.")))
        layout.addStretch(1)
        layout.addWidget(self.problem_label)
        layout.addWidget(demo_frame)

    @staticmethod
    def _describe(text: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setObjectName("choiceHint")
        label.setIndent(26)
        return label

    def _open_demo(self) -> None:
        wizard = self.setup_wizard()
        if wizard.create_demo():
            wizard.accept()


class SummaryPage(SetupPage):
    def __init__(self) -> None:
        super().__init__(
            _("Periksa sekali lagi"),
            _("Tekan Selesai untuk menyimpan. Pembuatan kunci keamanan butuh beberapa detik."),
            6,
        )
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        layout.addWidget(self.problem_label)
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, _("Selesai"))

    def initializePage(self) -> None:
        self.summary.setText(self.setup_wizard().summary_html())
        self.show_problems([])

    def validatePage(self) -> bool:
        wizard = self.setup_wizard()
        problems = validate(wizard.build_request())
        if wizard.admin_page.password.text() != wizard.admin_page.repeat.text():
            problems.append(_("Kata sandi dan ulangannya tidak sama."))
        if problems:
            return self.show_problems(problems)
        return wizard.complete_setup()


class DonePage(SetupPage):
    def __init__(self) -> None:
        super().__init__(_("Penyiapan selesai"), _("Puskesos Desk siap dipakai."))
        self.desk_label = QLabel()
        self.fingerprint = QLabel()
        self.fingerprint.setObjectName("fingerprint")
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        note = QLabel(
            _(
                "Ini sidik jari kunci keamanan desk Anda. Sidik jari ini dipakai saat mendaftarkan "
                "desk ke Dinas Sosial: petugas Dinas akan mencocokkannya, misalnya lewat telepon. "
                "Catat atau foto layar ini."
            )
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.desk_label)
        layout.addSpacing(12)
        layout.addWidget(QLabel(_("Sidik jari kunci:")))
        layout.addWidget(self.fingerprint)
        layout.addSpacing(12)
        layout.addWidget(note)
        layout.addStretch(1)
        self.setButtonText(QWizard.WizardButton.FinishButton, _("Mulai memakai"))

    def initializePage(self) -> None:
        result = self.setup_wizard().setup_result
        if result is not None:
            self.desk_label.setText(_("ID desk: {desk_id}").format(desk_id=result.desk_id))
            self.fingerprint.setText(result.fingerprint)


class SetupWizard(QWizard):
    """Collects a SetupRequest page by page; ``setup_result`` is set once setup succeeded."""

    def __init__(
        self,
        desk: object,  # services.desk.Desk (kept loose: the wizard needs .setup and .demo)
        parent: QWidget | None = None,
        *,
        choose_logo: Callable[[QWidget], str | None] = choose_image_file,
        confirm: Confirm = ask_yes_no,
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.confirm = confirm
        self.setup_result: SetupResult | None = None
        self.setWindowTitle(_("Penyiapan Puskesos Desk"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage)
        for button, text in (
            (QWizard.WizardButton.BackButton, _("< &Kembali")),
            (QWizard.WizardButton.NextButton, _("&Lanjut >")),
            (QWizard.WizardButton.CommitButton, _("Selesai")),
            (QWizard.WizardButton.FinishButton, _("Selesai")),
            (QWizard.WizardButton.CancelButton, _("Batal")),
        ):
            self.setButtonText(button, text)
        self.mode_page = ModePage()
        self.region_page = RegionPage()
        self.kop_page = KopPage(LogoField(choose_file=choose_logo))
        self.officials_page = OfficialsPage()
        self.admin_page = AdminPage()
        self.summary_page = SummaryPage()
        self.done_page = DonePage()
        for page_id, page in enumerate(
            (
                self.mode_page,
                self.region_page,
                self.kop_page,
                self.officials_page,
                self.admin_page,
                self.summary_page,
                self.done_page,
            )
        ):
            self.setPage(page_id, page)
        self.setStartId(PAGE_MODE)
        self.currentIdChanged.connect(self._on_page_changed)
        self.setMinimumSize(760, 560)
        self.resize(880, 640)

    def _on_page_changed(self, page_id: int) -> None:
        # After the commit page, cancelling makes no sense: setup is saved.
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, page_id == PAGE_DONE)

    # -- what the pages collected -------------------------------------------------------
    def desk_mode(self) -> DeskMode:
        return DeskMode.DINAS if self.mode_page.dinas.isChecked() else DeskMode.DESA

    def region_code(self) -> str:
        return self.region_page.picker.selected_code() or ""

    def region_names(self) -> dict[Tingkat, str]:
        code = self.region_code()
        return {r.tingkat: r.nama for r in region_index().lineage(code)} if code else {}

    def default_kop(self) -> Kop:
        names = self.region_names()
        code = self.region_code()
        return default_kop(
            self.desk_mode().value,
            names.get(Tingkat.KABUPATEN) or names.get(Tingkat.KOTA, ""),
            names.get(Tingkat.KECAMATAN, ""),
            names.get(Tingkat.DESA) or names.get(Tingkat.KELURAHAN, ""),
            tingkat_of(code) if code else None,
        )

    def build_request(self) -> SetupRequest:
        kop, admin = self.kop_page, self.admin_page
        return SetupRequest(
            mode=self.desk_mode(),
            kode_wilayah=self.region_code(),
            admin_username=admin.username.text().strip(),
            admin_nama=admin.nama.text().strip(),
            admin_password=admin.password.text(),
            alamat=kop.alamat.text().strip(),
            kode_pos=kop.kode_pos.text().strip(),
            telepon=kop.telepon.text().strip(),
            email=kop.email.text().strip(),
            officials=self.officials_page.officials(),
            logo_png=kop.logo.png,
            kop_override=kop.kop_lines() if self.kop_page.instansi.text().strip() else None,
            encrypt=admin.encrypt.isChecked(),
        )

    def summary_html(self) -> str:
        request = self.build_request()
        esc = html.escape
        lineage = ", ".join(r.nama for r in reversed(region_index().lineage(request.kode_wilayah)))
        kop = "<br>".join(esc(line) for line in (request.kop_override or ()) if line)
        contact = ", ".join(
            esc(part)
            for part in (request.alamat, request.kode_pos, request.telepon, request.email)
            if part
        )
        officials = "<br>".join(
            f"{esc(o.jabatan)}: <b>{esc(o.nama)}</b>" + (f" (NIP {esc(o.nip)})" if o.nip else "")
            for o in request.officials
        )
        mode = (
            _("Desa/Kelurahan (Puskesos)")
            if request.mode == DeskMode.DESA
            else _("Dinas Sosial (kabupaten/kota)")
        )
        rows = [
            (_("Jenis"), esc(mode)),
            (
                _("Wilayah"),
                f"{esc(lineage)} <span style='color:#666'>({request.kode_wilayah})</span>",
            ),
            (_("Kop surat"), kop or "—"),
            (_("Logo"), _("ada") if request.logo_png else _("tidak ada")),
            (_("Alamat dan kontak"), contact or "—"),
            (_("Penanda tangan"), officials or "—"),
            (_("Admin"), f"<b>{esc(request.admin_username)}</b> — {esc(request.admin_nama)}"),
        ]
        body = "".join(
            f"<tr><td style='padding:4px 16px 4px 0; color:#444'>{label}</td>"
            f"<td style='padding:4px 0'>{value}</td></tr>"
            for label, value in rows
        )
        return f"<table>{body}</table>"

    # -- actions ------------------------------------------------------------------------
    def complete_setup(self) -> bool:
        """Run SetupService.complete (key generation: a few seconds) with a wait cursor."""
        done = self._run_setup(lambda: self.desk.setup.complete(self.build_request()))
        if done and self.setup_result is not None and self.setup_result.recovery_key:
            from puskesos_desktop.gui.views.keamanan_panel import RecoveryKeyDialog

            key = self.setup_result.recovery_key
            self.recovery_dialog = RecoveryKeyDialog(self.desk, key, self)
            self.recovery_dialog.open()  # window-modal, shown once; the wizard goes on beneath
        return done

    def create_demo(self) -> bool:
        return self._run_setup(self.desk.demo.create_demo_desk)

    def _run_setup(self, action: Callable[[], SetupResult]) -> bool:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.setup_result = action()
        except UserError as error:  # shown under the page; every typed value stays put
            page = self.currentPage()
            if isinstance(page, SetupPage):
                page.show_problems([error.message])
            else:
                show_user_error(self, error.message)
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        return True

    def reject(self) -> None:
        """Cancel asks first (typed data would be lost); after setup it simply finishes."""
        if self.setup_result is not None:
            self.accept()
            return
        if self.currentId() != PAGE_MODE and not self.confirm(
            self,
            _("Batalkan penyiapan?"),
            _("Isian yang sudah diketik akan hilang dan aplikasi ditutup. Batalkan penyiapan?"),
        ):
            return
        super().reject()
