"""What the operator sees when something goes wrong.

A :class:`UserError` already says what to do, so it is shown as a plain warning. Anything else
is a bug: it is logged with its traceback and a calm dialog says that saved data is safe,
with the technical details tucked away and one button to copy them for the helpdesk
(WhatsApp is how support usually happens). Dialogs are opened without a nested event loop so
the hook is safe to call from any slot and easy to drive from tests.
"""

from __future__ import annotations

import logging
import platform
import sys
import traceback
from types import TracebackType

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from puskesos_desktop import __version__
from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.i18n import _
from puskesos_desktop.jobs import Cancelled

log = logging.getLogger(__name__)

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def format_details(
    etype: type[BaseException], value: BaseException, tb: TracebackType | None
) -> str:
    """Traceback plus version and platform: everything a helper needs, nothing personal."""
    header = (
        f"Puskesos Desk {__version__}\n"
        f"Python {platform.python_version()} · {platform.platform()}\n\n"
    )
    return header + "".join(traceback.format_exception(etype, value, tb))


_open_dialogs: list[QDialog] = []  # parentless dialogs opened without exec() need an owner


def keep_until_closed(dialog: QDialog) -> QDialog:
    """Hold a reference while the dialog is open; Python would otherwise delete it at once."""
    _open_dialogs.append(dialog)

    def release(_result: int) -> None:
        if dialog in _open_dialogs:
            _open_dialogs.remove(dialog)

    dialog.finished.connect(release)
    return dialog


def show_user_error(parent: QWidget | None, message: str) -> QMessageBox:
    """A warning box with the message as-is (it is already written for the operator)."""
    from PySide6.QtCore import Qt  # Qt's ~100 enums are built on first use: after paint

    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Perhatian"))
    box.setText(message)
    box.addButton(_("Tutup"), QMessageBox.ButtonRole.AcceptRole)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    keep_until_closed(box)
    box.open()
    return box


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


class ExceptionHandler:
    """``sys.excepthook`` replacement; keeps its dialogs so tests (and Qt) can reach them."""

    MAX_OPEN_DIALOGS = 3  # a bug in a timer must not bury the screen under dialogs

    def __init__(self) -> None:
        self.dialogs: list[QDialog] = []
        self.last_dialog: CrashDialog | None = None

    def install(self) -> None:
        sys.excepthook = self

    def __call__(
        self, etype: type[BaseException], value: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(etype, KeyboardInterrupt):
            sys.__excepthook__(etype, value, tb)
            return
        try:
            self._handle(etype, value, tb)
        except Exception:  # the handler itself must never crash the app
            sys.__excepthook__(etype, value, tb)

    def _handle(
        self, etype: type[BaseException], value: BaseException, tb: TracebackType | None
    ) -> None:
        if isinstance(value, Cancelled):
            return
        if isinstance(value, UserError):
            log.warning("UserError: %s", value.message)
            if QApplication.instance() is not None:
                show_user_error(QApplication.activeWindow(), value.message)
            return
        log.exception("Kesalahan tak terduga", exc_info=(etype, value, tb))
        if QApplication.instance() is None:
            sys.__excepthook__(etype, value, tb)
            return
        if len(self.dialogs) >= self.MAX_OPEN_DIALOGS:
            return
        from PySide6.QtCore import Qt

        dialog = CrashDialog(format_details(etype, value, tb), QApplication.activeWindow())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result, d=dialog: self._forget(d))
        self.dialogs.append(dialog)
        self.last_dialog = dialog
        dialog.open()

    def _forget(self, dialog: QDialog) -> None:
        if dialog in self.dialogs:
            self.dialogs.remove(dialog)
        if self.last_dialog is dialog:
            self.last_dialog = None

    def report(self, error: BaseException) -> None:
        """Show an exception caught elsewhere (e.g. in a background job)."""
        self(type(error), error, error.__traceback__)


_installed: ExceptionHandler | None = None


def install_exception_handler() -> ExceptionHandler:
    """Install (once) and return the process-wide handler."""
    global _installed
    if _installed is None:
        _installed = ExceptionHandler()
    _installed.install()
    return _installed


def report_exception(error: BaseException) -> None:
    """Route an exception to the installed handler, or a fresh one in tests/tools."""
    (_installed or ExceptionHandler()).report(error)
