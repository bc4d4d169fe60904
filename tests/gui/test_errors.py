"""Crash handler: unexpected errors get a calm dialog with copyable details."""

from __future__ import annotations

import logging
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.gui.dialogs.crash import CrashDialog
from puskesos_desktop.gui.errors import ExceptionHandler
from puskesos_desktop.jobs import Cancelled


def _raise_and_handle(handler: ExceptionHandler, error: BaseException) -> None:
    try:
        raise error
    except BaseException:
        handler(*sys.exc_info())


def _visible_boxes() -> list[QMessageBox]:
    widgets = QApplication.topLevelWidgets()
    return [w for w in widgets if isinstance(w, QMessageBox) and w.isVisible()]


def test_unexpected_exception_opens_crash_dialog_with_copyable_details(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    handler = ExceptionHandler()
    with caplog.at_level(logging.ERROR):
        _raise_and_handle(handler, RuntimeError("kunci hilang"))

    dialog = handler.last_dialog
    assert isinstance(dialog, CrashDialog)
    qtbot.waitUntil(dialog.isVisible)
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert any("Data yang sudah disimpan aman" in text for text in texts)
    details = dialog.details_text()
    assert "RuntimeError: kunci hilang" in details and "Traceback" in details
    assert not dialog.details.isVisible()  # tucked away until asked for
    qtbot.mouseClick(dialog.toggle_button, Qt.MouseButton.LeftButton)
    assert dialog.details.isVisible()

    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == details
    assert any(
        record.exc_info and "kunci hilang" in str(record.exc_info[1]) for record in caplog.records
    )
    dialog.accept()


def test_user_error_is_a_plain_warning_not_a_crash(qtbot: QtBot) -> None:
    handler = ExceptionHandler()
    _raise_and_handle(handler, UserError("Flashdisk tidak ditemukan."))
    assert handler.last_dialog is None
    boxes = _visible_boxes()
    assert [box.text() for box in boxes] == ["Flashdisk tidak ditemukan."]
    assert boxes[0].icon() == QMessageBox.Icon.Warning
    for box in boxes:
        box.close()


def test_cancelled_is_silent(qtbot: QtBot) -> None:
    handler = ExceptionHandler()
    _raise_and_handle(handler, Cancelled())
    assert handler.last_dialog is None
    assert _visible_boxes() == []
