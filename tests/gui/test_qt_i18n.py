"""Qt's stock button texts follow the app language (PySide6 ships no Indonesian qtbase)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from puskesos_desktop.gui.qt_i18n import StockTextTranslator, install_stock_translator


@pytest.fixture
def translator(qapp: QApplication) -> Iterator[StockTextTranslator]:
    installed = install_stock_translator(qapp)
    yield installed
    qapp.removeTranslator(installed)


def test_stock_buttons_are_indonesian(qtbot: QtBot, translator: StockTextTranslator) -> None:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    qtbot.addWidget(box)
    assert sorted(button.text() for button in box.buttons()) == ["Batal", "OK"]


def test_unknown_texts_fall_through_to_qt(translator: StockTextTranslator) -> None:
    assert translator.translate("QFileDialog", "Tidak dikenal") is None
    assert QApplication.translate("QWidget", "Some other text") == "Some other text"
