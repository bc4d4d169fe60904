"""Full disks and write errors: a clear Indonesian message, nothing half-written, the
database unchanged.

Two ways to run out of room, as the issue asks: a small tmpfs "flashdisk" filled almost to
the brim (needs root to mount; skipped cleanly otherwise), and ``RLIMIT_FSIZE`` set in a
forked child, which makes every write past the limit fail with EFBIG, wherever it goes.
"""

from __future__ import annotations

import resource
import sys
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from crashkit import FORK, Base, copy_desk, integrity, open_context, scalar, service_context, sha256
from disk_kit import LEFT_FREE, WRITERS, export_to, fill, listing, small_disk
from scenario_base import save_household

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.paths import DataPaths
from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.services.startup import prepare_database

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="tmpfs and fork: Linux")


@pytest.fixture
def flashdisk(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Path]:
    """Full but for a few KB; a key card (1 KB) gets a completely full one."""
    with small_disk(tmp_path / "usb") as disk:
        fill(disk, 0 if "kartu" in request.node.name else LEFT_FREE)
        yield disk


@pytest.fixture
def desk(base: Base, tmp_path: Path) -> Path:
    return copy_desk(base.village, tmp_path / "desk")


@pytest.mark.parametrize("what", [*WRITERS, "paket"])
def test_full_flashdisk_leaves_nothing_half_written(
    what: str, desk: Path, flashdisk: Path, base: Base
) -> None:
    before_files, before_db = listing(flashdisk), sha256(desk / "puskesos.db")
    write = export_to(flashdisk) if what == "paket" else WRITERS[what](flashdisk)
    with service_context(desk, base.village_keys) as context, pytest.raises(UserError) as caught:
        write(context)
    assert "penuh" in caught.value.message.lower(), caught.value.message
    assert listing(flashdisk) == before_files, "something was left on the full flashdisk"
    assert integrity(desk / "puskesos.db") == "ok"
    if what == "paket":  # kept in the outbox, by design: "Kirim ulang" once there is room
        (flashdisk / "isi-lain.bin").unlink()
        with service_context(desk, base.village_keys) as context:
            from puskesos_desktop.services.sync_export import ExportService

            [item] = ExportService(context).outbox()
            [copy] = ExportService(context).resend(item.destination, [item.seq], flashdisk)
        assert copy.stat().st_size == item.size
    else:
        assert sha256(desk / "puskesos.db") == before_db


def test_saving_when_the_data_disk_fills_up(base: Base, tmp_path: Path) -> None:
    """The desk's own disk fills while it runs: the save is refused, nothing is lost."""
    size = (base.village / "puskesos.db").stat().st_size
    with small_disk(tmp_path / "c", f"{size + 2 * 1024 * 1024}") as disk:
        desk = copy_desk(base.village, disk / "data")
        context = open_context(desk, base.village_keys)
        try:
            save_household(context, 0)  # the WAL and its index exist, as on a running desk
            fill(disk, leave=0)
            with pytest.raises(UserError, match="Penyimpanan penuh"):
                for index in range(1, 50):
                    save_household(context, index)
        finally:
            context.engine.dispose()
        (disk / "isi-lain.bin").unlink()
        assert integrity(desk / "puskesos.db") == "ok"
        saved = scalar(desk / "puskesos.db", "SELECT count(*) FROM keluarga WHERE rt = '009'")
        persons = scalar(desk / "puskesos.db", "SELECT count(*) FROM orang WHERE nama LIKE "
                         "'UJI %'")  # fmt: skip
        assert persons == 3 * saved, "a household was saved without all its members"


# --------------------------------------------------------------------------- RLIMIT_FSIZE


def _limited(limit: int, root: Path, keys: Any, make: Callable[[Path], Any], dest: Path,
             pipe: Any) -> None:  # fmt: skip
    try:
        context = open_context(root, keys)  # its first read creates the -wal and -shm
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        make(dest)(context)
        pipe.send(("ok", ""))
    except UserError as error:
        pipe.send(("UserError", error.message))
    except BaseException:
        pipe.send(("crash", traceback.format_exc()))


def run_limited(limit: int, root: Path, keys: Any, make: Callable[[Path], Any], dest: Path
                ) -> tuple[str, str]:  # fmt: skip
    receiver, sender = FORK.Pipe(duplex=False)
    child = FORK.Process(target=_limited, args=(limit, root, keys, make, dest, sender))
    child.start()
    sender.close()
    try:
        outcome = receiver.recv() if receiver.poll(120) else ("hang", "")
    except EOFError:
        outcome = ("died", str(child.exitcode))
    child.join(timeout=60)
    return outcome


def household_saver(_dest: Path) -> Callable[[Any], object]:
    return lambda context: save_household(context, 0)


@pytest.mark.parametrize("what", [*WRITERS, "simpan-keluarga"])
def test_write_limit_in_a_child_process(what: str, desk: Path, base: Base, tmp_path: Path) -> None:
    dest = tmp_path / "tujuan"
    dest.mkdir()
    make = household_saver if what == "simpan-keluarga" else WRITERS[what]
    before = sha256(desk / "puskesos.db")
    kind, message = run_limited(512, desk, base.village_keys, make, dest)
    assert kind == "UserError", message
    assert any(word in message.lower() for word in ("penuh", "disk", "tidak dapat")), message
    assert not [p for p in dest.iterdir()], f"left behind: {listing(dest)}"
    assert sha256(desk / "puskesos.db") == before
    assert integrity(desk / "puskesos.db") == "ok"


def test_kartu_kunci_on_a_full_flashdisk_is_named_as_such(
    desk: Path, flashdisk: Path, base: Base
) -> None:
    """A key card is not a bundle: the message must not say "paket … kirim lagi"."""
    with service_context(desk, base.village_keys) as context, pytest.raises(UserError) as caught:
        WRITERS["kartu-kunci"](flashdisk)(context)
    message = caught.value.message
    assert "kartu kunci" in message and "simpan lagi" in message, message
    assert "paket" not in message.lower() and "kirim" not in message.lower(), message


def test_starting_on_a_full_data_disk_says_storage_is_full(base: Base, tmp_path: Path) -> None:
    """SQLite cannot create its -shm file and says only "disk I/O error"; the free space of
    the data folder tells a full disk from a pulled flashdisk."""
    size = (base.village / "puskesos.db").stat().st_size
    with small_disk(tmp_path / "c", f"{size + 1024 * 1024}") as disk:
        root = copy_desk(base.village, disk / "data")
        before = sha256(root / "puskesos.db")
        fill(disk, leave=0)
        context = ServiceContext.open(DataPaths(root))
        try:
            with pytest.raises(UserError) as caught:
                prepare_database(context)
        finally:
            context.engine.dispose()
        message = caught.value.message
        assert message.startswith("Penyimpanan penuh") and "Kosongkan ruang" in message, message
        assert "flashdisk" not in message, message
        (disk / "isi-lain.bin").unlink()
        assert sha256(root / "puskesos.db") == before
        assert integrity(root / "puskesos.db") == "ok"
