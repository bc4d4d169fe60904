"""Pengaturan → Cadangan with a passphrase: a protected flashdisk copy, and restoring it.

The folder/file choosers, the passphrase questions and the confirmation are answered by
:class:`Answers` (injected like in ``test_pengaturan_backup.py``); the age encryption, the
backup and the restore are real.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from pytestqt.qtbot import QtBot

from puskesos_desktop.gui.dialogs.backup_passphrase import UsbCopy, UsbPassphraseDialog
from puskesos_desktop.gui.main_window import MainWindow
from puskesos_desktop.services.backup_usb import is_protected

WAIT_MS = 30_000
PHRASE = "sawah di tepi kali"


class Answers:
    def __init__(self, tmp_path: Path) -> None:
        self.usb = tmp_path / "flashdisk"
        self.usb.mkdir()
        self.questions: list[str] = []
        self.file: str | None = None
        self.copy: UsbCopy | None = UsbCopy(PHRASE)
        self.passphrase: str | None = PHRASE
        self.asked_for: list[str] = []

    def confirm(self, _parent: object, _title: str, text: str) -> bool:
        self.questions.append(text)
        return True

    def ask_passphrase(self, _parent: object, name: str) -> str | None:
        self.asked_for.append(name)
        return self.passphrase


@pytest.fixture
def answers(tmp_path: Path) -> Answers:
    return Answers(tmp_path)


@pytest.fixture
def window(
    open_window: Callable[..., MainWindow], demo_desk: object, answers: Answers
) -> MainWindow:
    return open_window(
        demo_desk,
        ready="exposed",
        page="pengaturan",
        confirm=answers.confirm,
        choose_dir=lambda _parent: str(answers.usb),
        choose_file=lambda _parent: answers.file,
        ask_usb=lambda _parent: answers.copy,
        ask_passphrase=answers.ask_passphrase,
    )


def _warning(text: str) -> QMessageBox | None:
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    return next((box for box in boxes if box.isVisible() and text in box.text()), None)


def test_backup_to_flashdisk_with_a_passphrase(
    qtbot: QtBot, window: MainWindow, answers: Answers
) -> None:
    qtbot.mouseClick(window.pengaturan.backups.backup_to_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(list(answers.usb.glob("*.db.age"))) == 1, timeout=WAIT_MS)
    copy = next(answers.usb.glob("*.db.age"))
    assert is_protected(copy)
    assert list(answers.usb.glob("*.db")) == []  # no unprotected copy beside it
    qtbot.waitUntil(lambda: "berfrasa sandi" in window.statusBar().currentMessage())


def test_cancelled_passphrase_question_writes_nothing(
    qtbot: QtBot, window: MainWindow, answers: Answers
) -> None:
    answers.copy = None
    qtbot.mouseClick(window.pengaturan.backups.backup_to_button, Qt.MouseButton.LeftButton)
    assert not window.runner.writing
    assert list(answers.usb.iterdir()) == []


def test_restore_asks_the_passphrase_and_a_wrong_one_changes_nothing(
    qtbot: QtBot, window: MainWindow, demo_desk: object, answers: Answers
) -> None:
    protected = demo_desk.backup.backup_now(answers.usb, passphrase=PHRASE).path
    people = demo_desk.registry.counts().orang
    assert demo_desk.demo.add_population(5, seed=7) == 5
    answers.file = str(protected)
    panel = window.pengaturan.backups

    answers.passphrase = "sawah di tepi kal1"
    qtbot.mouseClick(panel.restore_file_button, Qt.MouseButton.LeftButton)
    assert answers.asked_for == [protected.name] and len(answers.questions) == 1
    qtbot.waitUntil(lambda: _warning("Frasa sandi salah") is not None, timeout=WAIT_MS)
    _warning("Frasa sandi salah").close()
    assert demo_desk.registry.counts().orang == people + 5
    kinds = {info.kind for info in demo_desk.backup.list_backups()}
    assert "sebelum-pemulihan" not in kinds  # refused before anything was touched

    answers.passphrase = None  # "Batal" at the question: not even the confirmation comes
    qtbot.mouseClick(panel.restore_file_button, Qt.MouseButton.LeftButton)
    assert len(answers.questions) == 1 and not window.runner.writing

    answers.passphrase = PHRASE
    qtbot.mouseClick(panel.restore_file_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: demo_desk.registry.counts().orang == people, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "berhasil dipulihkan" in window.statusBar().currentMessage())


def test_damaged_desk_is_rescued_from_a_protected_flashdisk_copy(
    qtbot: QtBot, demo_desk: object, tmp_path: Path
) -> None:
    from puskesos_desktop.gui.dialogs.damaged_db import DamagedDatabaseDialog
    from puskesos_desktop.services.desk import Desk

    protected = demo_desk.backup.backup_now(tmp_path, passphrase=PHRASE).path
    people = demo_desk.registry.counts().orang
    demo_desk.context.engine.dispose()
    database = demo_desk.paths.database
    for suffix in ("-wal", "-shm"):
        database.with_name(database.name + suffix).unlink(missing_ok=True)
    with database.open("r+b") as handle:
        handle.write(b"\0" * 100)
    damaged = Desk.start(demo_desk.paths.root, log_to_file=False)
    dialog = DamagedDatabaseDialog(
        damaged,
        choose_file=lambda _parent: str(protected),
        ask_passphrase=lambda _parent, _name: PHRASE,
    )
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.mouseClick(dialog.file_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=WAIT_MS)
    assert "akun dan kata sandi kembali seperti saat cadangan dibuat" in dialog.restore_notice
    damaged.context.engine.dispose()
    healed = Desk.start(demo_desk.paths.root, log_to_file=False)
    assert healed.registry.counts().orang == people
    healed.context.engine.dispose()


def test_passphrase_dialog_checks_length_and_repeat_and_keeps_the_text(qtbot: QtBot) -> None:
    dialog = UsbPassphraseDialog()
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.keyClicks(dialog.passphrase, "pendek")
    dialog.try_accept()
    assert dialog.isVisible() and "minimal 8" in dialog.message.text()
    assert dialog.passphrase.text() == "pendek"
    dialog.passphrase.setText(PHRASE)
    dialog.repeat.setText(PHRASE + "!")
    dialog.try_accept()
    assert dialog.isVisible() and "tidak sama" in dialog.message.text()
    assert dialog.passphrase.text() == PHRASE and dialog.repeat.text() == ""
    dialog.repeat.setText(PHRASE)
    dialog.try_accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.choice() == UsbCopy(PHRASE)


def test_passphrase_dialog_allows_an_unprotected_copy(qtbot: QtBot) -> None:
    dialog = UsbPassphraseDialog()
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.mouseClick(dialog.protect, Qt.MouseButton.LeftButton)
    assert not dialog.passphrase.isEnabled()
    dialog.try_accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.choice() == UsbCopy(None)
