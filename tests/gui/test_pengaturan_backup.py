"""Pengaturan → Cadangan: back up through the JobRunner, restore brings the data back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from puskesos_desktop.gui.dialogs.backup_passphrase import UsbCopy
from puskesos_desktop.gui.main_window import MainWindow

WAIT_MS = 20_000


class Answers:
    """Stands in for the confirmation box and the file/folder choosers."""

    def __init__(self) -> None:
        self.questions: list[str] = []
        self.confirm_with = True
        self.folder: str | None = None
        self.file: str | None = None

    def confirm(self, _parent: object, _title: str, text: str) -> bool:
        self.questions.append(text)
        return self.confirm_with


@pytest.fixture
def answers() -> Answers:
    return Answers()


@pytest.fixture
def window(
    open_window: Callable[..., MainWindow], demo_desk: object, answers: Answers
) -> MainWindow:
    return open_window(
        demo_desk,
        ready="exposed",
        page="pengaturan",
        confirm=answers.confirm,
        choose_dir=lambda _parent: answers.folder,
        choose_file=lambda _parent: answers.file,
        ask_usb=lambda _parent: UsbCopy(None),  # unprotected; see test_backup_passphrase.py
    )


def test_backup_button_creates_a_backup_file(
    qtbot: QtBot, window: MainWindow, demo_desk: object
) -> None:
    panel = window.pengaturan.backups
    before = {info.path for info in demo_desk.backup.list_backups()}
    assert panel.model.rowCount() == len(before)

    qtbot.mouseClick(panel.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: len(demo_desk.backup.list_backups()) == len(before) + 1, timeout=WAIT_MS
    )
    qtbot.waitUntil(lambda: panel.model.rowCount() == len(before) + 1, timeout=WAIT_MS)

    new = next(i for i in demo_desk.backup.list_backups() if i.path not in before)
    assert new.kind == "manual" and new.path.is_file() and new.size > 0
    shown = [panel.model.row_at(row).path for row in range(panel.model.rowCount())]
    assert new.path in shown
    qtbot.waitUntil(lambda: "Cadangan tersimpan" in window.statusBar().currentMessage())


def test_backup_to_folder_writes_to_the_chosen_folder(
    qtbot: QtBot, window: MainWindow, answers: Answers, tmp_path: Path
) -> None:
    usb = tmp_path / "flashdisk"
    usb.mkdir()
    answers.folder = str(usb)
    qtbot.mouseClick(window.pengaturan.backups.backup_to_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(list(usb.glob("puskesos-manual-*.db"))) == 1, timeout=WAIT_MS)


def _add_households(desk: object) -> None:
    """Change the data after the backup (sample households: a stable way to write)."""
    assert desk.demo.add_population(5, seed=7) == 5


def test_restore_brings_back_the_backed_up_data(
    qtbot: QtBot, window: MainWindow, demo_desk: object, answers: Answers
) -> None:
    panel = window.pengaturan.backups
    people = demo_desk.registry.counts().orang
    rows_before = panel.model.rowCount()
    qtbot.mouseClick(panel.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.model.rowCount() == rows_before + 1, timeout=WAIT_MS)
    manual = next(
        row for row in range(panel.model.rowCount()) if panel.model.row_at(row).kind == "manual"
    )

    _add_households(demo_desk)
    assert demo_desk.registry.counts().orang == people + 5

    assert not panel.restore_button.isEnabled()  # nothing selected yet
    row_rect = panel.table.visualRect(panel.model.index(manual, 0))
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=row_rect.center())
    assert panel.restore_button.isEnabled()
    qtbot.mouseClick(panel.restore_button, Qt.MouseButton.LeftButton)

    assert len(answers.questions) == 1
    assert "dicadangkan dulu" in answers.questions[0]
    qtbot.waitUntil(lambda: demo_desk.registry.counts().orang == people, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.beranda.orang.value.text() == str(people), timeout=WAIT_MS)
    kinds = [info.kind for info in demo_desk.backup.list_backups()]
    assert "sebelum-pemulihan" in kinds  # the state before the restore was kept
    qtbot.waitUntil(lambda: "berhasil dipulihkan" in window.statusBar().currentMessage())
    box = panel.restored_box  # which password now works, in plain words
    assert box is not None and "kata sandi yang dipakainya sebelum pemulihan" in box.text()
    if Path("/tmp/shots").is_dir():
        box.grab().save("/tmp/shots/recovery-restore-done.png")


def test_restore_needs_confirmation(
    qtbot: QtBot, window: MainWindow, demo_desk: object, answers: Answers
) -> None:
    answers.confirm_with = False
    answers.file = str(demo_desk.backup.list_backups()[0].path)
    _add_households(demo_desk)
    people = demo_desk.registry.counts().orang

    qtbot.mouseClick(window.pengaturan.backups.restore_file_button, Qt.MouseButton.LeftButton)

    assert len(answers.questions) == 1
    assert not window.runner.writing  # no restore started (the home screen may be reading)
    assert demo_desk.registry.counts().orang == people
