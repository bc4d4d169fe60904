"""Verifikasi Surat: paste the text of a scanned QR or open a letter PDF; see plainly
whether the letter is valid, altered, from an unknown desk, expired or voided."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop.domain.dates_id import format_date
from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.i18n import _

if TYPE_CHECKING:
    from puskesos_desktop.services.referral_types import LetterVerification

AskFile = Callable[[QWidget], str | None]
_COLOURS = {  # background, border, text
    "valid": ("#e7f5ea", "#8cc79a", "#1f5c2e"),
    "expired": ("#fff4c2", "#e6c84f", "#5c4700"),
    "unknown_desk": ("#fff4c2", "#e6c84f", "#5c4700"),
}
_BAD = ("#fdecec", "#f3b4b4", "#a61b1b")


def ask_pdf(parent: QWidget) -> str | None:
    path, _filter = QFileDialog.getOpenFileName(parent, _("Buka surat PDF"), "",
                                                _("Dokumen PDF (*.pdf)"))
    return path or None


class VerifyLetterDialog(QDialog):
    def __init__(self, desk: object, parent: QWidget | None = None, *,
                 ask_file: AskFile = ask_pdf) -> None:
        super().__init__(parent)
        self.desk = desk
        self._ask_file = ask_file
        self.result: LetterVerification | None = None
        self.setWindowTitle(_("Verifikasi Surat"))
        intro = QLabel(_("Pindai kode QR pada surat dengan pemindai atau aplikasi ponsel, lalu "
                         "tempel teksnya di bawah. Atau buka berkas PDF suratnya."))
        intro.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("PSK1*…")
        self.text.setMaximumHeight(90)
        check = QPushButton(_("Periksa"))
        check.setDefault(True)
        open_pdf = QPushButton(_("Buka PDF…"))
        close = QPushButton(_("Tutup"))
        row = QHBoxLayout()
        row.addWidget(open_pdf)
        row.addStretch(1)
        row.addWidget(check)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.verdict.setVisible(False)
        self.details = QLabel()
        self.details.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.text)
        layout.addLayout(row)
        layout.addWidget(self.verdict)
        layout.addWidget(self.details)
        layout.addStretch(1)
        layout.addLayout(bottom)
        check.clicked.connect(self.check_text)
        open_pdf.clicked.connect(self.check_pdf)
        close.clicked.connect(self.accept)
        self.setMinimumSize(560, 420)

    def check_text(self) -> None:
        self._check(self.text.toPlainText())

    def check_pdf(self) -> None:
        path = self._ask_file(self)
        if path:
            self._check(Path(path))

    def _check(self, source: str | Path) -> None:
        try:
            result = self.desk.letters.verify_letter(source)
        except UserError as error:
            self._show(_("Tidak dapat diperiksa"), error.message, _BAD)
            self.details.setText("")
            return
        self.result = result
        self._show(result.judul, result.pesan, _COLOURS.get(result.status, _BAD))
        lines = []
        if result.nomor:
            lines = [
                _("Nomor surat: {v}").format(v=result.nomor),
                _("Tanggal terbit: {v}").format(
                    v=format_date(result.tanggal) if result.tanggal else "—"),
                _("Berlaku sampai: {v}").format(
                    v=format_date(result.berlaku_sampai) if result.berlaku_sampai else "—"),
                _("Tujuan: {v}").format(v=result.tujuan),
                _("Desk penerbit: {v}").format(v=result.desk_id),
                _("Kode verifikasi: {v}").format(v=result.kode_verifikasi),
            ]
        self.details.setText("\n".join(lines))

    def _show(self, title: str, message: str, colours: tuple[str, str, str]) -> None:
        background, border, text = colours
        self.verdict.setStyleSheet(
            f"QLabel {{ background: {background}; border: 1px solid {border}; color: {text};"
            " border-radius: 4px; padding: 10px; }")
        self.verdict.setText(f"<b style='font-size:15pt'>{title}</b><br>{message}")
        self.verdict.setVisible(True)
