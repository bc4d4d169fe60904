"""Home screen: who this desk is, the big numbers, this month's work and the 12-month trend.

Big numbers first: the operator's daily question is "how many are registered, and how many
still lack a NIK" (those cannot be proposed for aid until Dukcapil issues one), then "what
did we do this month, and which referrals wait for a follow-up".

Start-up speed: the screen is built empty (numbers show "…") and paints at once; every figure
and the trend chart (reportlab, imported only then) are fetched in ONE background job that
starts after the window has been shown. Every number is a button that opens the list behind
it (``open_target`` carries the service's ``Tujuan``; the main window decides where to go).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop.gui.runner import JobRunner
from puskesos_desktop.gui.widgets.figure_button import FigureButton, NumberCard
from puskesos_desktop.gui.widgets.overdue_list import OverdueList
from puskesos_desktop.gui.widgets.svg_chart import SvgChart
from puskesos_desktop.i18n import _
from puskesos_desktop.jobs import CancelToken, Progress
from puskesos_desktop.services.changes import ChangeKind, Changes

if TYPE_CHECKING:
    from puskesos_desktop.services.referral_types import ReferralRow
    from puskesos_desktop.services.registry_types import RegistryCounts
    from puskesos_desktop.services.reports_types import Angka, Dashboard

TREND_SIZE = (560, 230)  # points: fits the left column at 1366×768 without scaling text down
# Changes that move a number on this screen (intakes live in REGISTRY, marks in VERIVALI).
WATCHED = (ChangeKind.REGISTRY, ChangeKind.RUJUKAN, ChangeKind.ASSESSMENT, ChangeKind.VERIVALI)


@dataclass(frozen=True)
class BerandaData:
    """Everything the home screen shows, fetched together on a worker thread."""

    counts: RegistryCounts
    overdue: tuple[ReferralRow, ...]
    dashboard: Dashboard
    trend_svg: bytes


def load_beranda(desk: object, progress: Progress, cancel: CancelToken) -> BerandaData:
    """The background job: plain service calls, no Qt."""
    from puskesos_desktop.services.reports import chart_svg

    counts = desk.registry.counts()  # type: ignore[attr-defined]
    cancel.check()
    overdue = tuple(desk.referral.overdue())  # type: ignore[attr-defined]
    cancel.check()
    dashboard = desk.reports.dashboard()  # type: ignore[attr-defined]
    cancel.check()
    return BerandaData(counts, overdue, dashboard, chart_svg(dashboard.tren, *TREND_SIZE))


class FigureGroup(QGroupBox):
    """A titled column of clickable numbers; rebuilt from each fresh list of ``Angka``."""

    def __init__(self, title: str, on_click: object, columns: int = 1) -> None:
        super().__init__(title)
        self._on_click = on_click
        self._columns = columns
        self.buttons: dict[str, FigureButton] = {}
        self._grid = QGridLayout(self)
        self._grid.setSpacing(2)

    def set_figures(self, figures: tuple[Angka, ...]) -> None:
        for kode in [k for k in self.buttons if k not in {a.kode for a in figures}]:
            self.buttons.pop(kode).deleteLater()
        for position, angka in enumerate(figures):
            button = self.buttons.get(angka.kode)
            if button is None:
                button = FigureButton()
                button.target_clicked.connect(self._on_click)
                self.buttons[angka.kode] = button
            self._grid.addWidget(button, position // self._columns, position % self._columns)
            button.set_figure(angka.label, angka.nilai, angka.tujuan)


class BerandaView(QWidget):
    navigate = Signal(str)  # "cari" or a page key; the main window decides what that means
    open_target = Signal(object)  # a reports Tujuan: the list behind a number
    loaded = Signal()  # figures on screen (tests and the start-up benchmark wait for it)

    def __init__(self, desk: object, runner: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk, self.runner = desk, runner
        self.data: BerandaData | None = None
        self._loading = False
        self._stale = True
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
        self.keluarga.clicked.connect(lambda: self.navigate.emit("registrasi"))
        self.orang.clicked.connect(lambda: self.navigate.emit("registrasi"))
        self.tanpa_nik.clicked.connect(lambda: self._open_code("tanpa_nik"))

        self.month_box = QGroupBox(_("Bulan ini"))
        self.month_grid = QGridLayout(self.month_box)
        self.month_buttons: dict[str, FigureButton] = {}
        self.trend = SvgChart(_("Grafik 12 bulan muncul setelah data dimuat."))
        trend_box = QGroupBox(_("12 bulan terakhir"))
        QVBoxLayout(trend_box).addWidget(self.trend)
        self.status_group = FigureGroup(_("Rujukan menurut status"), self.open_target.emit, 2)
        self.attention_group = FigureGroup(_("Perlu perhatian"), self.open_target.emit)
        self.verivali_group = FigureGroup(_("Verivali"), self.open_target.emit)
        self.overdue = OverdueList()
        self.overdue.open_requested.connect(lambda: self._open_code("terlambat"))

        cards = QHBoxLayout()
        cards.setSpacing(12)
        for card in (self.keluarga, self.orang, self.tanpa_nik):
            cards.addWidget(card, 1)
        left = QVBoxLayout()
        left.addWidget(self.month_box)
        left.addWidget(trend_box)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.status_group)
        right.addWidget(self.attention_group)
        right.addWidget(self.verivali_group)
        right.addStretch(1)
        middle = QHBoxLayout()
        middle.setSpacing(12)
        middle.addLayout(left, 3)
        middle.addLayout(right, 2)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(10)
        layout.addWidget(self.demo_banner)
        layout.addLayout(self._header())
        layout.addLayout(cards)
        layout.addLayout(middle)
        layout.addWidget(self.overdue)
        layout.addStretch(1)
        scroll = QScrollArea()  # a small window scrolls instead of squeezing the charts
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.refresh_profile()

    def _header(self) -> QHBoxLayout:
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(self.welcome)
        titles.addWidget(self.subtitle)
        header = QHBoxLayout()
        header.addLayout(titles, 1)
        for text, target in (
            (_("Cari warga  (Ctrl+F)"), "cari"),
            (_("Laporan bulanan"), "laporan"),
        ):
            button = QPushButton(text)
            button.setObjectName("quickButton")
            button.clicked.connect(lambda _checked=False, t=target: self.navigate.emit(t))
            header.addWidget(button)
        return header

    # -- loading --------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:  # first show: after this paint, so the window is usable first
            QTimer.singleShot(0, self, self.reload)

    def reload(self) -> None:
        """Fetch every figure in the background; a reload asked meanwhile runs after it."""
        self._stale = True
        if self._loading:
            return
        self._loading = True
        self._stale = False

        def job(progress: Progress, cancel: CancelToken) -> BerandaData:
            return load_beranda(self.desk, progress, cancel)

        handle = self.runner.run(
            job, title=_("Memuat beranda"), on_success=self.show_data, dialog=False
        )
        handle.finished.connect(self._load_finished)

    def _load_finished(self) -> None:
        self._loading = False
        if self._stale:
            self.reload()

    def show_data(self, data: BerandaData) -> None:
        self.data = data
        self.keluarga.set_value(data.counts.keluarga)
        self.orang.set_value(data.counts.orang)
        self.tanpa_nik.set_value(data.counts.tanpa_nik)
        board = data.dashboard
        self.month_box.setTitle(_("Bulan ini: {bulan}").format(bulan=board.bulan_ini.label))
        for position, angka in enumerate(board.bulan):
            button = self.month_buttons.get(angka.kode)
            if button is None:
                button = FigureButton(large=True)
                button.target_clicked.connect(self.open_target.emit)
                self.month_buttons[angka.kode] = button
                self.month_grid.addWidget(button, position // 2, position % 2)
            button.set_figure(angka.label, angka.nilai, angka.tujuan)
        self.status_group.set_figures(board.rujukan_status)
        self.attention_group.set_figures(board.perhatian)
        self.verivali_group.set_figures(board.verivali)
        self.trend.set_svg(data.trend_svg)
        self.overdue.set_rows(data.overdue)
        self.loaded.emit()

    def _open_code(self, kode: str) -> None:
        """Open the list behind a dashboard number named by its code (cards, overdue box)."""
        if self.data is None:
            return
        try:
            self.open_target.emit(self.data.dashboard.angka(kode).tujuan)
        except KeyError:
            self.navigate.emit("rujukan" if kode == "terlambat" else "registrasi")

    # -- refreshing -----------------------------------------------------------------------
    def refresh_profile(self) -> None:
        profile = self.desk.profile.get()  # type: ignore[attr-defined]
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

    def on_data_changed(self, changes: Changes) -> None:
        if changes.touches(ChangeKind.PROFILE):
            self.refresh_profile()
        if any(changes.touches(kind) for kind in WATCHED):
            self.reload()
