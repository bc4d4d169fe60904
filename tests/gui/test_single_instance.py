"""One window per data folder: a second start is refused and asks the first to show itself."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from puskesos_desktop.gui.single_instance import SingleInstance


def test_second_acquire_on_same_lock_is_refused(qtbot: QtBot, tmp_path: Path) -> None:
    lock = tmp_path / "data" / "puskesos.lock"
    first = SingleInstance(lock)
    second = SingleInstance(lock)
    try:
        assert first.try_acquire()
        assert lock.exists()
        assert not second.try_acquire()

        with qtbot.waitSignal(first.activation_requested, timeout=5000):
            assert second.notify_running_instance()
    finally:
        first.release()
    third = SingleInstance(lock)
    try:
        assert third.try_acquire()  # released locks can be taken again
    finally:
        third.release()


def test_different_data_folders_do_not_block_each_other(tmp_path: Path) -> None:
    one = SingleInstance(tmp_path / "satu" / "puskesos.lock")
    two = SingleInstance(tmp_path / "dua" / "puskesos.lock")
    try:
        assert one.try_acquire()
        assert two.try_acquire()
        assert one.name != two.name
    finally:
        one.release()
        two.release()


def test_notify_without_running_instance_fails_quietly(tmp_path: Path, qtbot: QtBot) -> None:
    assert not SingleInstance(tmp_path / "kosong" / "puskesos.lock").notify_running_instance()
