"""Enter moves to the next field, as on the paper-form data-entry programs operators know.

Operators type a KK with their eyes on the card, not the screen; Enter after each field
is the habit. In Qt, Enter in a dialog presses the default button instead, which would
save a half-filled form, so the inputs of a form get this filter: Enter acts like Tab,
or runs the action registered for that widget (e.g. "add this member" on the last field).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QWidget

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_PLAIN = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)


class EnterMovesFocus(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._actions: dict[QObject, Callable[[], None]] = {}

    def watch(self, *widgets: QWidget) -> None:
        for widget in widgets:
            widget.installEventFilter(self)

    def on_enter(self, widget: QWidget, action: Callable[[], None]) -> None:
        """Enter in ``widget`` runs ``action`` instead of moving on."""
        self.watch(widget)
        self._actions[widget] = action

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.key() not in _ENTER or event.modifiers() not in _PLAIN:
            return False
        if isinstance(watched, QComboBox) and watched.view().isVisible():
            return False  # Enter picks the item in an open list
        action = self._actions.get(watched)
        if action is not None:
            action()
            return True
        tab = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(watched, tab)
        return True
