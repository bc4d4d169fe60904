"""A page that builds its screen the first time it is shown.

Start-up pays only for the screen the operator sees first; assessment, referral, sync,
report and settings screens (and the services they import) are built when their page is
opened, or when the window needs them (``MainWindow.pengaturan``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from puskesos_desktop.services.changes import Changes


class LazyView(QWidget):
    def __init__(self, factory: Callable[[], QWidget]) -> None:
        super().__init__()
        self._factory = factory
        self.view: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    def build(self) -> QWidget:
        if self.view is None:
            self.view = self._factory()
            self.layout().addWidget(self.view)
            if self.isVisible():  # at once, not one event later: the page is on screen now
                self.view.show()
        return self.view

    def showEvent(self, event: QShowEvent) -> None:
        self.build()
        super().showEvent(event)

    def on_data_changed(self, changes: Changes) -> None:
        """A screen not built yet has nothing to refresh: it reads fresh data when built."""
        if self.view is not None:
            self.view.on_data_changed(changes)  # type: ignore[attr-defined]
