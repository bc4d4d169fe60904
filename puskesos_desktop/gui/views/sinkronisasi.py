"""Sinkronisasi: send bundles, receive bundles, conflicts, keys, and (district) the desks.

One tab per job, in the order an operator needs them on a normal day: Kirim, Terima,
then the rarer ones. The Konflik tab title carries the number of open conflicts, so
they are not forgotten.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from puskesos_desktop.gui.runner import JobRunner
from puskesos_desktop.gui.views.sync_conflicts import ConflictPanel
from puskesos_desktop.gui.views.sync_desks import DesksPanel
from puskesos_desktop.gui.views.sync_keys import KeysPanel
from puskesos_desktop.gui.views.sync_receive import ReceivePanel
from puskesos_desktop.gui.views.sync_send import SendPanel
from puskesos_desktop.i18n import _
from puskesos_desktop.services.changes import Changes


class SinkronisasiView(QWidget):
    def __init__(
        self, desk: Any, runner: JobRunner, parent: QWidget | None = None, **prompts: Any
    ) -> None:
        super().__init__(parent)
        self.desk, self.runner = desk, runner
        profile = desk.profile.get()
        self.district_mode = profile is not None and profile.mode == "dinas"
        title = QLabel(_("Sinkronisasi"))
        title.setObjectName("pageTitle")
        pick = {k: v for k, v in prompts.items() if k in ("choose_dir",)}
        self.send = SendPanel(desk, runner, self.district_mode, **pick)
        self.receive = ReceivePanel(
            desk,
            runner,
            **{k: v for k, v in prompts.items() if k in ("choose_files", "choose_dir")},
        )
        self.conflicts = ConflictPanel(desk, runner)
        self.keys = KeysPanel(
            desk,
            runner,
            **{k: v for k, v in prompts.items() if k in ("choose_file", "choose_dir", "confirm")},
        )
        self.tabs = QTabWidget()
        self.tabs.addTab(
            self.send, _("Kirim ke Desa") if self.district_mode else _("Kirim ke Dinas")
        )
        self.tabs.addTab(self.receive, _("Terima"))
        self.tabs.addTab(self.conflicts, "")
        self.tabs.addTab(self.keys, _("Kunci && desk tepercaya"))
        self.desks: DesksPanel | None = None
        if self.district_mode:
            self.desks = DesksPanel(desk, runner)
            self.tabs.addTab(self.desks, _("Desk desa"))
        self.receive.enrol_requested.connect(lambda: self.tabs.setCurrentWidget(self.keys))
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)
        self._update_conflict_title()

    def panels(self) -> list[Any]:
        found = [self.send, self.receive, self.conflicts, self.keys]
        return found + ([self.desks] if self.desks is not None else [])

    def _update_conflict_title(self) -> None:
        count = len(self.conflicts.conflicts)
        text = _("Konflik ({n})").format(n=count) if count else _("Konflik")
        self.tabs.setTabText(self.tabs.indexOf(self.conflicts), text)

    def on_data_changed(self, changes: Changes) -> None:
        for panel in self.panels():
            panel.on_data_changed(changes)
        self._update_conflict_title()
