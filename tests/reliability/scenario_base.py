"""What every kill -9 scenario shares: the trial loop, the checks after a kill, the children.

A scenario sets up a trial folder from the pristine :class:`~crashkit.Base`, forks a child
that runs the real service (a *child function* below), kills it, then checks what is left
(:meth:`Scenario.check`) and redoes the operation (:meth:`Scenario.redo`). The concrete
scenarios live in ``scenarios.py``.

To add an operation: write a child function taking ``(root, keys, …, mark)``, subclass
:class:`Scenario` in ``scenarios.py`` and add it to ``SCENARIOS``.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from crashkit import (
    WAL,
    Base,
    Kill,
    Mark,
    Trial,
    copy_desk,
    integrity,
    open_context,
    person_nik,
    scalar,
    startup_status,
)

from puskesos_desktop.domain.nik import make_no_kk

MEMBERS = 3  # people per test household
STREET = "Jl. Uji Mati Listrik"


class ScenarioError(AssertionError):
    """An invariant broke after a kill: the finding the battery exists for."""


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise ScenarioError(message)


def common_checks(root: Path) -> None:
    """After every kill: SQLite is intact and the app's start-up check says READY."""
    check = integrity(root / "puskesos.db")
    expect(check == "ok", f"integrity_check: {check}")
    status, message = startup_status(root)
    expect(status == "ready", f"start-up says {status}: {message}")


@dataclass
class Scenario:
    """One operation under kill -9. Subclasses fill in the hooks."""

    name: ClassVar[str]
    watch: ClassVar[str] = WAL  # what grows while the operation writes
    steps_per_run: ClassVar[int] = 1  # looping children: committed steps in a measured run
    workdir: Path = field(default=Path())
    window: float = 0.0  # seconds one step of an unkilled run takes

    def setup(self, base: Base) -> None:
        """Once per run: build inputs (bundles, backups, lists) under ``self.workdir``."""

    def prepare(self, base: Base, trial: Path) -> Path:
        """A fresh copy of the desk this scenario works on; returns its data folder."""
        return copy_desk(base.village, trial / "desk")

    def run(self, base: Base, root: Path, kill: Kill) -> Trial:
        raise NotImplementedError

    def check(self, base: Base, root: Path) -> str:
        """Assert the invariants; return a label for the state found ("none", "all", …)."""
        raise NotImplementedError

    def redo(self, base: Base, root: Path) -> None:
        """Run the operation once more, in-process; it must succeed."""
        raise NotImplementedError

    def kill_moment(self, rnd: random.Random) -> Kill:
        """After a few committed steps (looping children), then a random moment within one
        step, or as soon as the watched file grows (mid-write)."""
        marks = rnd.randint(0, 2) if self.steps_per_run > 1 else 0
        if rnd.random() < 0.25:
            return Kill(marks=marks, delay=None, watch=self.watch, growth=rnd.choice((1, 4096)))
        return Kill(marks=marks, delay=rnd.uniform(0.0, self.window * 1.1))

    def mid_write(self) -> Kill:
        """The hook point: the operation has started writing its result."""
        return Kill(delay=None, watch=self.watch, growth=4096)

    def measure(self, base: Base) -> None:
        root = self.prepare(base, self.workdir / "ukur")
        unkilled = self.run(base, root, Kill(delay=None))
        expect(unkilled.exitcode == 0, f"{self.name}: the unkilled child failed")
        self.window = unkilled.seconds / self.steps_per_run
        self.check(base, root)
        shutil.rmtree(root.parent)

    def trial(self, base: Base, index: int, rnd: random.Random, kill: Kill | None = None) -> str:
        """One kill trial in its own folder; returns the state found, with "(selesai)"
        added when the child ended before the kill moment. Raises :class:`ScenarioError`."""
        folder = self.workdir / f"percobaan-{index}"
        root = self.prepare(base, folder)
        try:
            done = self.run(base, root, kill or self.kill_moment(rnd))
            label = self.check(base, root)
            self.redo(base, root)
            return label if done.killed else f"{label} (selesai)"
        finally:
            shutil.rmtree(folder, ignore_errors=True)


# --------------------------------------------------------------------------- children


def household_input(index: int) -> Any:
    from puskesos_desktop.services.registry_types import KeluargaInput, OrangInput

    roles = (("KEPALA", "L", 1970), ("ISTRI", "P", 1975), ("ANAK", "L", 2005))
    members = tuple(
        OrangInput(
            nama=f"UJI {index} {role}",
            jenis_kelamin=sex,
            nik=person_nik(index * MEMBERS + number, sex),
            tanggal_lahir=date(year, 1 + index % 12, 1 + index % 28),
            hubungan=role,
        )
        for number, (role, sex, year) in enumerate(roles)
    )
    return KeluargaInput(
        no_kk=make_no_kk("332001", date(2012, 1 + index % 12, 1 + index % 28), 5000 + index),
        alamat=STREET, rt="009", rw="009", anggota=members,
    )  # fmt: skip


def save_household(context: Any, index: int) -> None:
    from puskesos_desktop.services.registry import RegistryService

    RegistryService(context).create_household(household_input(index), confirm_warnings=True)


def saved_households(root: Path) -> int:
    return scalar(root / "puskesos.db", "SELECT count(*) FROM keluarga WHERE alamat = ?", STREET)


def save_households(root: Path, keys: Any, steps: int, mark: Mark) -> None:
    """Saves households one after another; ``mark`` after each commit."""
    context = open_context(root, keys)
    start = saved_households(root)
    for index in range(start, start + steps):
        save_household(context, index)
        mark()


def import_bundle(root: Path, keys: Any, bundle: Path, mark: Mark) -> None:
    from puskesos_desktop.services.sync_import import ImportService

    ImportService(open_context(root, keys)).import_files([bundle])


def export_bundle(root: Path, keys: Any, usb: Path, mark: Mark) -> None:
    from puskesos_desktop.services.sync_export import ExportService

    ExportService(open_context(root, keys)).export(usb)


def take_backup(root: Path, keys: Any, mark: Mark) -> None:
    from puskesos_desktop.services.backup import BackupService

    BackupService(open_context(root, keys)).backup_now()


def restore_backup(root: Path, keys: Any, backup: Path, mark: Mark) -> None:
    from puskesos_desktop.services.backup import BackupService

    BackupService(open_context(root, keys)).restore(backup)


def issue_letters(root: Path, keys: Any, referral: str, steps: int, mark: Mark) -> None:
    """Issues and voids letters for one referral; ``mark`` after each issue and each void."""
    from puskesos_desktop.services.letters import LetterService

    letters = LetterService(open_context(root, keys))
    for left in letters.letters_for(referral):  # killed between issue and void last time
        if left.status == "TERBIT":
            letters.void(left.uid, "uji matikan proses")
    for _ in range(steps):
        issued = letters.issue(referral)
        mark()
        letters.void(issued.surat_uid, "uji matikan proses")
        mark()


def import_list(root: Path, keys: Any, table: Path, mark: Mark) -> None:
    from puskesos_desktop.services.list_import import ListImportService

    ListImportService(open_context(root, keys)).run(table)
