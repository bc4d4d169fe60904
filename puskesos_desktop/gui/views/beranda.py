"""Home screen: who this desk is and how many families and people it knows.

Big numbers first: the operator's daily question is "how many are registered, and how many
still lack a NIK" (those cannot be proposed for aid until Dukcapil issues one).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from puskesos_desktop.gui.formatting import format_count
from puskesos_desktop.gui.widgets.overdue_list import OverdueList
from puskesos_desktop.i18n import _
from puskesos_desktop.services.changes import ChangeKind, Changes


class NumberCard(QFrame):
    """One big number with its caption."""

    def __init__(self, caption: str, hint: str) -> None:
        super().__init__()
        self.setObjectName("numberCard")
        self.value = QLabel("0")
        self.value.setObjectName("cardValue")
        self.value.setAlignment(Qt.AlignmentFlag.AlignLeft)
        title = QLabel(caption)
        title.setObjectName("cardCaption")
        note = QLabel(hint)
        note.setObjectName("hint")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addWidget(title)
        layout.addWidget(self.value)
        layout.addWidget(note)
        layout.addStretch(1)

    def set_value(self, value: int) -> None:
        self.value.setText(format_count(value))


class BerandaView(QWidget):
    navigate = Signal(str)  # "cari" or a page key; the main window decides what that means

    def __init__(self, desk: object, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.welcome = QLabel()
        self.welcome.setObjectName("pageTitle")
        self.welcome.setWordWrap(True)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("hint")
        self.demo_banner = QLabel(
            _(
                "DESA DEMO — semua data di sini adalah contoh, bukan data warga sebenarnya. "
                "Silakan berlatih; jangan memasukkan data asli."
            )
        )
        self.demo_banner.setObjectName("demoBanner")
        self.demo_banner.setWordWrap(True)
        self.keluarga = NumberCard(_("Keluarga"), _("Kartu keluarga yang terdaftar"))
        self.orang = NumberCard(_("Orang"), _("Semua anggota keluarga yang terdaftar"))
        self.tanpa_nik = NumberCard(
            _("Orang tanpa NIK"), _("Perlu dibantu mengurus NIK ke Dukcapil")
        )
        cards = QHBoxLayout()
        cards.setSpacing(16)
        for card in (self.keluarga, self.orang, self.tanpa_nik):
            cards.addWidget(card, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(12)
        layout.addWidget(self.demo_banner)
        layout.addWidget(self.welcome)
        layout.addWidget(self.subtitle)
        layout.addSpacing(8)
        layout.addLayout(cards)
        layout.addSpacing(16)
        start = QLabel(_("Mulai dari sini"))
        start.setObjectName("cardCaption")
        layout.addWidget(start)
        quick = QHBoxLayout()
        for text, target in (
            (_("Cari warga  (Ctrl+F)"), "cari"),
            (_("Cadangkan data  (Ctrl+7)"), "pengaturan"),
        ):
            button = QPushButton(text)
            button.setObjectName("quickButton")
            button.clicked.connect(lambda _checked=False, t=target: self.navigate.emit(t))
            quick.addWidget(button)
        quick.addStretch(1)
        layout.addLayout(quick)
        self.overdue = OverdueList(desk)
        self.overdue.open_requested.connect(lambda: self.navigate.emit("rujukan"))
        layout.addSpacing(8)
        layout.addWidget(self.overdue)
        layout.addStretch(1)
        self.refresh_profile()
        self.refresh_counts()

    def refresh_profile(self) -> None:
        profile = self.desk.profile.get()
        name = profile.display_name if profile else ""
        if profile is not None and profile.mode == "dinas":
            welcome = _("Selamat datang di {name}")  # "…di Dinas Sosial Kabupaten Jepara"
        else:
            welcome = _("Selamat datang di Puskesos {name}")
        self.welcome.setText(welcome.format(name=name))
        if profile is not None:
            parts = [
                profile.nama_kecamatan
                and _("Kecamatan {nama}").format(nama=profile.nama_kecamatan),
                profile.nama_kabupaten,
                profile.nama_provinsi,
            ]
            self.subtitle.setText(", ".join(part for part in parts if part))
        self.demo_banner.setVisible(bool(profile and profile.is_demo))

    def refresh_counts(self) -> None:
        counts = self.desk.registry.counts()
        self.keluarga.set_value(counts.keluarga)
        self.orang.set_value(counts.orang)
        self.tanpa_nik.set_value(counts.tanpa_nik)

    def on_data_changed(self, changes: Changes) -> None:
        if changes.touches(ChangeKind.PROFILE):
            self.refresh_profile()
        if changes.touches(ChangeKind.REGISTRY):
            self.refresh_counts()
        if changes.touches(ChangeKind.RUJUKAN) or changes.touches(ChangeKind.REGISTRY):
            self.overdue.refresh()
