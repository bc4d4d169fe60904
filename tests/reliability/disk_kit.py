"""Destinations that fail: a tiny tmpfs "flashdisk" and the writers that target one.

Shared by ``test_disk_full.py`` and ``test_destinations.py``.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

LEFT_FREE = 48 * 1024  # room left on the "flashdisk": less than any backup or bundle


@contextlib.contextmanager
def small_disk(where: Path, size: str = "2m") -> Iterator[Path]:
    where.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                             capture_output=True)  # fmt: skip
    if mounted.returncode != 0:
        pytest.skip(f"tmpfs cannot be mounted here: {mounted.stderr.decode().strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def fill(disk: Path, leave: int = LEFT_FREE) -> None:
    free = shutil.disk_usage(disk).free
    with (disk / "isi-lain.bin").open("wb") as handle:
        handle.truncate(0)
        handle.write(b"\0" * max(0, free - leave))


def backup_to(folder: Path) -> Callable[[Any], object]:
    from puskesos_desktop.services.backup import BackupService

    return lambda context: BackupService(context).backup_now(folder)


def card_to(folder: Path) -> Callable[[Any], object]:
    from puskesos_desktop.services.sync_trust import TrustService

    return lambda context: TrustService(context).export_card(folder)


def report_to(folder: Path) -> Callable[[Any], object]:
    from puskesos_desktop.services.list_import import write_error_report
    from puskesos_desktop.services.list_report import ImportProblem

    problems = tuple(ImportProblem(row, "NIK", "3320" * 4, "NIK sudah terdaftar atas nama "
                                   f"WARGA {row}.", "Galat") for row in range(6000))  # fmt: skip
    return lambda context: write_error_report(problems, folder / "laporan-masalah.xlsx")


def export_to(folder: Path) -> Callable[[Any], object]:
    from puskesos_desktop.services.sync_export import ExportService

    return lambda context: ExportService(context).export(folder)


WRITERS = {"cadangan": backup_to, "kartu-kunci": card_to, "laporan": report_to}


def listing(folder: Path) -> set[str]:
    return {path.name for path in folder.iterdir()}
