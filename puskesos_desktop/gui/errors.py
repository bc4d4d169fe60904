"""What the operator sees when something goes wrong.

A :class:`UserError` already says what to do, so it is shown as a plain warning. Anything else
is a bug: it is logged with its traceback and a calm dialog says that saved data is safe
(:mod:`puskesos_desktop.gui.dialogs.crash`, loaded only when needed: this module is
installed before the first paint). Dialogs are opened without a nested event loop so
the hook is safe to call from any slot and easy to drive from tests.
"""

from __future__ import annotations

import logging
import sys
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.i18n import _
from puskesos_desktop.jobs import Cancelled

if TYPE_CHECKING:  # the dialogs' widget classes load when one is shown, not before paint
    from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

    from puskesos_desktop.gui.dialogs.crash import CrashDialog

log = logging.getLogger(__name__)

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


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
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Perhatian"))
    box.setText(message)
    box.addButton(_("Tutup"), QMessageBox.ButtonRole.AcceptRole)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    keep_until_closed(box)
    box.open()
    return box


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

        from puskesos_desktop.gui.dialogs.crash import CrashDialog, format_details

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
