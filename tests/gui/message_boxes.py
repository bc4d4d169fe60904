"""What the app told the user in message boxes, for tests that check it and tidy up.

The boxes are top-level windows of their own (not children of the screen under test), so
they are found among the application's windows; closing them keeps one test's warning from
standing in front of the next test's windows.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox


def close_message_boxes() -> list[str]:
    """The texts of the visible message boxes, oldest first; each is closed."""
    texts = []
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.isVisible():
            texts.append(widget.text())
            widget.close()
    return texts
