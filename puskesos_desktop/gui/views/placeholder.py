"""A tidy "coming soon" screen: says what the screen will do, so the menu is never a dead end.

One class parametrised by title and text serves Asesmen, Rujukan, Sinkronisasi and Laporan
until their real views land.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from puskesos_desktop.i18n import N_, _
from puskesos_desktop.services.changes import Changes

PLACEHOLDERS: dict[str, tuple[str, str]] = {
    "asesmen": (
        N_("Asesmen"),
        N_(
            "Di sini operator mencatat keluhan dan kebutuhan warga: kondisi rumah, kategori "
            "PPKS, program bantuan yang sudah diterima, dan desil DTSEN yang dilaporkan. "
            "Hasil asesmen menjadi dasar rujukan."
        ),
    ),
    "rujukan": (
        N_("Rujukan"),
        N_(
            "Di sini surat rujukan dibuat dan dicetak (kop desa, nomor surat, tanda tangan), "
            "lalu statusnya diikuti: dirujuk, diterima, diproses, hingga selesai dilayani."
        ),
    ),
    "sinkronisasi": (
        N_("Sinkronisasi"),
        N_(
            "Di sini data dikirim ke Dinas Sosial dan balasan dari Dinas diterima, lewat "
            "flashdisk atau lampiran email. Setiap paket ditandatangani dan disandikan."
        ),
    ),
    "laporan": (
        N_("Laporan"),
        N_(
            "Di sini rekap bulanan untuk TKSK dan Dinas Sosial disusun, serta daftar usulan "
            "untuk musyawarah desa, siap dicetak atau disimpan sebagai Excel/PDF."
        ),
    ),
}


class PlaceholderView(QWidget):
    """Centred title and explanation for a screen that is not built yet."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        panel = QFrame()
        panel.setObjectName("placeholderPanel")
        panel.setMinimumWidth(380)
        panel.setMaximumWidth(620)
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        body = QLabel(text)
        body.setWordWrap(True)
        body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        soon = QLabel(_("Layar ini sedang disiapkan dan hadir pada versi berikutnya."))
        soon.setObjectName("hint")
        soon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        soon.setWordWrap(True)
        inner = QVBoxLayout(panel)
        inner.setContentsMargins(32, 28, 32, 28)
        inner.setSpacing(14)
        inner.addWidget(heading)
        inner.addWidget(body)
        inner.addWidget(soon)
        # Stretches instead of an alignment flag: aligned items get their plain size hint,
        # which ignores word-wrap height and clips the text.
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(panel, 8)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        self.title = title

    @classmethod
    def for_screen(cls, key: str) -> PlaceholderView:
        title, text = PLACEHOLDERS[key]
        return cls(_(title), _(text))

    def on_data_changed(self, changes: Changes) -> None:
        """Nothing shown here depends on data."""
