"""Read-only or vanished destinations for exports, backups, key cards and reports.

Root ignores file permissions, so read-only means a really read-only file system (a
tmpfs remounted ``ro``, skipped where mounting is not allowed), and "vanished" means a
folder removed after it was chosen, or a "folder" that is a file (a renamed stick).
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from crashkit import Base, copy_desk, integrity, service_context, sha256
from disk_kit import WRITERS, export_to, small_disk

CASES = ["hanya-baca", "folder-dihapus", "induknya-berkas"]


@pytest.fixture
def destination(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Path]:
    case = request.param
    if case == "hanya-baca":
        with small_disk(tmp_path / "usb") as disk:
            (disk / "lama.txt").write_text("isi lama")
            subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
            yield disk
    elif case == "folder-dihapus":
        gone = tmp_path / "flashdisk"
        gone.mkdir()
        gone.rmdir()  # chosen in the dialog, then the stick was pulled
        yield gone
    else:
        blocker = tmp_path / "E"
        blocker.write_text("bukan folder")
        yield blocker / "cadangan"


@pytest.mark.parametrize("destination", CASES, indirect=True)
@pytest.mark.parametrize("what", [*WRITERS, "paket"])
def test_unwritable_destination_is_a_clear_message(
    what: str, destination: Path, base: Base, tmp_path: Path
) -> None:
    desk = copy_desk(base.village, tmp_path / "desk")
    before = sha256(desk / "puskesos.db")
    existed = destination.exists()
    contents = sorted(p.name for p in destination.iterdir()) if destination.is_dir() else []
    write: Callable[[Any], object] = (
        export_to(destination) if what == "paket" else WRITERS[what](destination)
    )
    with service_context(desk, base.village_keys) as context, pytest.raises(Exception) as caught:
        write(context)
    from puskesos_desktop.domain.errors import UserError

    assert isinstance(caught.value, UserError), repr(caught.value)
    message = caught.value.message
    assert str(destination) in message or "folder" in message.lower(), message
    assert destination.exists() == existed, "the vanished folder was created again"
    if destination.is_dir():
        assert sorted(p.name for p in destination.iterdir()) == contents
    assert integrity(desk / "puskesos.db") == "ok"
    if what != "paket":  # an export keeps its bundle in the outbox for "Kirim ulang"
        assert sha256(desk / "puskesos.db") == before
