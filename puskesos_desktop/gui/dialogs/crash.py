"""The calm "something went wrong" dialog, with copyable details for the helpdesk.

The technical details are tucked away behind one button, and one more copies them:
WhatsApp is how support usually happens. Loaded by :mod:`puskesos_desktop.gui.errors` only
when a bug is reported, so its widget classes cost the start-up nothing.
"""

from __future__ import annotations

import platform
import traceback
from types import TracebackType

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop import __version__
from puskesos_desktop.i18n import _


def format_details(
    etype: type[BaseException], value: BaseException, tb: TracebackType | None
) -> str:
    """Traceback plus version and platform: everything a helper needs, nothing personal."""
    header = (
        f"Puskesos Desk {__version__}\n"
        f"Python {platform.python_version()} · {platform.platform()}\n\n"
    )
    return header + "".join(traceback.format_exception(etype, value, tb))


class CrashDialog(QDialog):
    """Friendly "something went wrong" with hidden, copyable technical details."""

    def __init__(self, details: str, parent: QWidget | None = None) -> None:
        from PySide6.QtCore import Qt

        super().__init__(parent)
        self.setWindowTitle(_("Terjadi kesalahan"))
        self.setMinimumWidth(520)
        icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(size)
        )
        message = QLabel(
            _("Terjadi kesalahan tak terduga. Data yang sudah disimpan aman.")
            + "\n\n"
            + _(
                "Jika kesalahan ini terulang, salin rinciannya lalu kirimkan kepada "
                "pendamping atau petugas TI Dinas Sosial."
            )
        )
        message.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(message, 1)

        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.setMinimumHeight(180)
        self.details.setVisible(False)

        self.toggle_button = QPushButton(_("Tampilkan rincian"))
        self.toggle_button.setCheckable(True)
        self.toggle_button.toggled.connect(self._toggle_details)
        self.copy_button = QPushButton(_("Salin rincian"))
        self.copy_button.clicked.connect(self.copy_details)
        buttons = QDialogButtonBox()
        buttons.addButton(self.toggle_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(_("Tutup"), QDialogButtonBox.ButtonRole.AcceptRole)
        close.setDefault(True)
        buttons.accepted.connect(self.accept)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)

    def details_text(self) -> str:
        return self.details.toPlainText()

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details_text())
        self.copy_button.setText(_("Rincian tersalin"))

    def _toggle_details(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.toggle_button.setText(_("Sembunyikan rincian") if shown else _("Tampilkan rincian"))
        self.adjustSize()
