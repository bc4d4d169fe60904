"""The screens the main window builds on first use, each with what it needs from the window.

Asesmen, Rujukan, Sinkronisasi, Laporan and Pengaturan load their modules (and services,
charts, …) only when the operator first opens them: the registry is what a start must show.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from puskesos_desktop.gui.main_window import MainWindow
    from puskesos_desktop.services.desk import Desk

LAZY_KEYS = ("asesmen", "rujukan", "sinkronisasi", "laporan", "pengaturan")


def build_screen(key: str, window: MainWindow, desk: Desk) -> QWidget:
    """The screen for page ``key`` (one of :data:`LAZY_KEYS`), wired to ``window``."""
    if key == "asesmen":
        from puskesos_desktop.gui.views.asesmen import AsesmenView

        return AsesmenView(desk)
    if key == "rujukan":
        from puskesos_desktop.gui.views.rujukan import RujukanView

        return RujukanView(desk, window.runner)
    if key == "sinkronisasi":
        from puskesos_desktop.gui.views.sinkronisasi import SinkronisasiView

        return SinkronisasiView(desk, window.runner)
    if key == "laporan":
        from puskesos_desktop.gui.views.laporan import LaporanView

        return LaporanView(desk, window.runner, window.settings)
    from puskesos_desktop.gui.views.pengaturan import PengaturanView

    view = PengaturanView(desk, window.runner, window.language_choice, **window.backup_options)
    view.language_selected.connect(window.choose_language)
    return view
