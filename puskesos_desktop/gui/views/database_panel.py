"""Pengaturan → Basis data: the SQLite file of this computer, or a district's PostgreSQL server.

A village desk keeps its own file (one laptop, no network); the panel says so and offers no
server. At a district office every officer's installation can point at the same server:
they type its address, test it, save, and restart the app. The change applies at the next
start because every open screen and job holds the current engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop.domain.permissions import Permission
from puskesos_desktop.gui.roles import require_permission
from puskesos_desktop.i18n import _

if TYPE_CHECKING:
    from puskesos_desktop.gui.runner import JobRunner
    from puskesos_desktop.services.database_setting import ServerCheck

EXAMPLE = "postgresql://petugas@192.168.1.10/puskesos"


class DatabasePanel(QGroupBox):
    def __init__(self, desk: Any, runner: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(_("Basis data"), parent)
        self.desk = desk
        self.runner = runner
        self.current = QLabel()
        self.current.setWordWrap(True)
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.url = QLineEdit()
        self.url.setPlaceholderText(EXAMPLE)
        self.url.setClearButtonEnabled(True)
        self.test_button = QPushButton(_("Uji koneksi"))
        self.save_button = QPushButton(_("Simpan"))
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.hide()  # shown with the outcome of a test or a save
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.current)
        layout.addWidget(self.hint)
        layout.addWidget(self.url)
        layout.addLayout(buttons)
        layout.addWidget(self.result)
        self.test_button.clicked.connect(self.test)
        self.save_button.clicked.connect(self.save)
        require_permission(self.save_button, Permission.EDIT_SETTINGS, desk)
        self.refresh()

    def refresh(self) -> None:
        service = self.desk.database
        self.current.setText(_("Dipakai sekarang: {where}").format(where=service.current()))
        village = service.is_village()
        if village:
            self.hint.setText(
                _(
                    "Desk desa selalu menyimpan data di berkas SQLite komputer ini. Server "
                    "PostgreSQL hanya untuk kantor Dinas Sosial dengan beberapa petugas."
                )
            )
        else:
            self.hint.setText(
                _(
                    "Kantor Dinas dengan beberapa petugas dapat memakai satu server PostgreSQL "
                    "bersama. Isi alamatnya, uji, simpan, lalu buka ulang aplikasi. Kosongkan "
                    "lalu simpan untuk kembali ke berkas SQLite."
                )
            )
        for widget in (self.url, self.test_button):
            widget.setEnabled(not village)
        if village:
            self.save_button.setEnabled(False)

    def test(self) -> None:
        url = self.url.text()
        self._show("")

        def job(_progress: object, _cancel: object) -> ServerCheck:
            return self.desk.database.test(url)

        self.runner.run(job, title=_("Uji koneksi basis data"), on_success=self._tested)

    def _tested(self, check: ServerCheck) -> None:
        if check.desk:
            state = _("sudah berisi desk {desk}").format(desk=check.desk)
        elif check.revision:
            state = _("skema ada, belum disiapkan")
        else:
            state = _("masih kosong; skema dibuat saat aplikasi dibuka")
        self._show(_("Berhasil: {version}, {state}.").format(version=check.version, state=state))

    def save(self) -> None:
        def job(_progress: object, _cancel: object) -> str:
            return self.desk.database.choose(self.url.text())

        self.runner.run(job, title=_("Simpan pilihan basis data"), on_success=self._show)

    def _show(self, text: str) -> None:
        self.result.setText(text)
        self.result.setVisible(bool(text))
