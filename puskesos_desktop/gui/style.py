"""The application's look: Fusion, a readable font size, and a few named accents.

Fusion looks the same on Windows 7–11 and in offscreen tests, so screenshots made here match
what the village laptop shows. Widgets only set object names ("pageTitle", "hint", ...); all
colours live in this one style sheet.
"""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

BASE_POINT_SIZE = 10.0  # Windows defaults to 9 pt, small on a 14" 1366×768 screen

STYLE_SHEET = """
QLabel#pageTitle { font-size: 16pt; font-weight: 600; color: #1f3b57; }
QLabel#hint, QLabel#choiceHint { color: #555555; }
QLabel#problems {
    color: #a61b1b; background: #fdecec; border: 1px solid #f3b4b4;
    border-radius: 4px; padding: 6px 8px;
}
QLabel#fieldError { color: #a61b1b; }
QLabel#fieldWarning { color: #8a5a00; }
QLabel#fieldProgress { color: #666666; }
QLineEdit[state="error"] { border: 1px solid #c62828; background: #fff6f6; }
QLineEdit[state="warning"] { border: 1px solid #d08a00; background: #fffaf0; }
QLabel#flagBox {
    color: #6b4500; background: #fff4d6; border: 1px solid #e6b84f;
    border-radius: 4px; padding: 6px 8px;
}
QLabel#okBox {
    color: #1f5c2e; background: #eaf6ec; border: 1px solid #a9d3b1;
    border-radius: 4px; padding: 6px 8px;
}
QRadioButton#choice { font-size: 11pt; font-weight: 600; }
QLineEdit#searchBox { padding: 5px 6px; font-size: 11pt; }
QPushButton#quickButton, QPushButton#demoButton { padding: 7px 16px; }
QLabel#chosen { color: #1f5c2e; font-weight: 600; }
QLabel#demoBanner {
    background: #fff4c2; border: 1px solid #e6c84f; border-radius: 4px;
    padding: 8px 12px; color: #5c4700; font-weight: 600;
}
QFrame#demoChoice { background: #f1f6fb; border: 1px solid #c5d7ea; border-radius: 6px; }
QFrame#numberCard { background: #ffffff; border: 1px solid #d5dde6; border-radius: 8px; }
QLabel#cardValue { font-size: 28pt; font-weight: 700; color: #1f3b57; }
QLabel#cardCaption { font-size: 11pt; font-weight: 600; color: #333333; }
QFrame#numberCard:hover { border-color: #3d6e9e; }
QPushButton#figureButton, QPushButton#figureButtonLarge {
    border: none; border-radius: 4px; text-align: left; padding: 0;
}
QPushButton#figureButton:hover, QPushButton#figureButtonLarge:hover { background: #e8f0f8; }
QPushButton#figureButton:focus, QPushButton#figureButtonLarge:focus {
    border: 1px dotted #3d6e9e;
}
QLabel#figureValue { font-size: 12pt; font-weight: 700; color: #1f3b57; }
QLabel#figureValueLarge { font-size: 18pt; font-weight: 700; color: #1f3b57; }
QLabel#rekapNote { color: #555555; font-style: italic; }
QFrame#placeholderPanel { background: #ffffff; border: 1px solid #d5dde6; border-radius: 8px; }
QWidget#kopPaper { background: #ffffff; border: 1px solid #c8c8c8; }
QLabel#kopPreview { font-weight: 700; font-size: 11pt; color: #000000; }
QLabel#logoPreview { border: 1px dashed #b0b0b0; color: #888888; font-size: 8pt; }
QLabel#fingerprint {
    font-family: "DejaVu Sans Mono", "Consolas", monospace; font-size: 20pt;
    font-weight: 700; color: #1f3b57; padding: 8px 0;
}
QListWidget#nav {
    background: #1f3b57; color: #ffffff; border: none; font-size: 11pt; outline: none;
}
QListWidget#nav::item { padding: 10px 8px; }
QListWidget#nav::item:selected { background: #3d6e9e; color: #ffffff; }
QListWidget#nav::item:hover:!selected { background: #2b4d70; }
QStatusBar QLabel { padding: 0 8px; }
"""


def apply_look(app: QApplication) -> None:
    """Fusion style, at least a 10 pt font, and the shared style sheet."""
    app.setStyle("Fusion")
    font = QFont(app.font())
    if font.pointSizeF() < BASE_POINT_SIZE:
        font.setPointSizeF(BASE_POINT_SIZE)
        app.setFont(font)
    app.setStyleSheet(STYLE_SHEET)
