"""Where a click on a dashboard number leads (the service's ``Tujuan`` → a screen or a list).

Referral lists the Rujukan screen can already filter (a status, overdue, no news) open
there, because that is where the operator acts on them; every other list (this month's
intakes, persons without NIK, verivali marks…) opens in a list window over the report
service. Kept out of ``main_window.py`` so the window stays navigation and menus only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from puskesos_desktop.gui.errors import keep_until_closed

if TYPE_CHECKING:
    from puskesos_desktop.gui.main_window import MainWindow
    from puskesos_desktop.services.reports_types import Tujuan


def open_target(window: MainWindow, tujuan: Tujuan, title: str = "") -> None:
    from puskesos_desktop.gui.main_window import PAGE_KEYS

    if tujuan.layar == "rujukan" and tujuan.mulai is None:
        lazy = window.views["rujukan"]
        view = lazy.build()  # type: ignore[attr-defined]
        if view.show_filter(tujuan.filter):
            window.show_page(PAGE_KEYS.index("rujukan"))
            return
    from puskesos_desktop.gui.dialogs.daftar_angka import DaftarDialog

    dialog = DaftarDialog(window.desk, window.runner, tujuan, title, parent=window)
    window.daftar_dialog = dialog  # tests and screenshots reach it here
    keep_until_closed(dialog)
    dialog.open()
