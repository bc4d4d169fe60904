"""Numbers the operator can click: a dashboard figure opens the list of people behind it.

Why buttons and not labels: a number that looks like text is never tried; a flat button with
a hand cursor and a hover tint invites the click, works with Tab and Space, and can be
pressed by a test. The value and caption are separate labels (big number, quiet caption);
the labels let mouse clicks through to the button underneath.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from puskesos_desktop.gui.formatting import format_count
from puskesos_desktop.i18n import _

NOT_LOADED = "…"


def _passive(label: QLabel) -> QLabel:
    label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    return label


class FigureButton(QPushButton):
    """``12  Layanan masuk``: a number and its caption; emits the target when clicked."""

    target_clicked = Signal(object)

    def __init__(self, *, large: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("figureButtonLarge" if large else "figureButton")
        self.setFlat(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.value = _passive(QLabel(NOT_LOADED))
        self.value.setObjectName("figureValueLarge" if large else "figureValue")
        self.value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.value.setMinimumWidth(56 if large else 36)
        self.caption = _passive(QLabel())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.setSpacing(10)
        layout.addWidget(self.value)
        layout.addWidget(self.caption, 1)
        self.target: object = None
        self.clicked.connect(lambda: self.target_clicked.emit(self.target))

    def set_figure(self, caption: str, value: int, target: object) -> None:
        self.value.setText(format_count(value))
        self.caption.setText(caption)
        self.target = target
        self.setToolTip(_("Klik untuk melihat daftarnya"))
        self.setAccessibleName(f"{caption}: {format_count(value)}")
        self.updateGeometry()

    def sizeHint(self) -> QSize:  # QPushButton measures its own (empty) text, not the labels
        return self.layout().totalSizeHint()

    def minimumSizeHint(self) -> QSize:
        return self.layout().totalMinimumSize()


class NumberCard(QFrame):
    """One big number with its caption; the whole card is clickable."""

    clicked = Signal()

    def __init__(self, caption: str, hint: str) -> None:
        super().__init__()
        self.setObjectName("numberCard")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(_("Klik untuk melihat daftarnya"))
        self.value = QLabel(NOT_LOADED)
        self.value.setObjectName("cardValue")
        title = QLabel(caption)
        title.setObjectName("cardCaption")
        note = QLabel(hint)
        note.setObjectName("hint")
        note.setWordWrap(True)
        text = QVBoxLayout()
        text.setSpacing(0)
        text.addWidget(title)
        text.addWidget(note)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.addWidget(self.value)
        layout.addSpacing(8)
        layout.addLayout(text, 1)

    def set_value(self, value: int) -> None:
        self.value.setText(format_count(value))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.clicked.emit()
        super().mouseReleaseEvent(event)
