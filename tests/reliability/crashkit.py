"""The reliability battery's toolkit: real desks, killed children, and checks of what is left.

Shared by ``tests/reliability`` (a few trials each, in CI) and ``benchmarks/stress.py``
(hundreds), so both exercise exactly the same faults. Kept out of ``conftest.py`` so test
modules and the benchmark can import it by name.

Children are *forked* (Linux): a trial then costs no interpreter start-up, the child
inherits the unlocked keys from the parent's memory, and it runs the real service against
a real database in its own data folder. The parent kills it with SIGKILL, the closest a
test gets to a power cut, at one of two kinds of moment:

* a random delay, drawn within the time an unkilled run took (``kill_after``), or
* a hook point: after the child reported ``n`` committed steps through a pipe, or as soon
  as watched files have grown by a chosen number of bytes: the database's ``-wal`` (the
  transaction is being written, the moment a cut hurts most) or a backup's temp file.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import select
import shutil
import signal
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager, suppress
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from puskesos_desktop.paths import DataPaths
from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.services.desk_keys import KEYS_EXTRA
from puskesos_desktop.sync import keys as keymod
from puskesos_desktop.sync.keys import DeskKeys

FORK = multiprocessing.get_context("fork")
CHILD_TIMEOUT = 120.0  # a child that neither finishes nor gets killed is a hang: fail
DISTRICT_CODE = "33.20"
EXTRA_PERSONS = 2_000  # beyond the demo's 300: long enough windows to kill inside

Mark = Callable[[], None]  # the child calls it after each committed step


# --------------------------------------------------------------------------- desks


@dataclass(frozen=True)
class Base:
    """Pristine data folders every trial copies; built once per test session / stress run."""

    village: Path  # the demo village (2,300 persons), trusting the district
    district: Path  # a district desk trusting the village
    village_keys: DeskKeys
    district_keys: DeskKeys


@contextmanager
def _captured_keys() -> Iterator[dict[str, DeskKeys]]:
    """Setup's ``generate_keys`` also hands back the unlocked keys, so no trial pays scrypt.

    Loading keys costs about a second of scrypt per desk; the key files themselves are
    still written exactly as first-run setup writes them.
    """
    captured: dict[str, DeskKeys] = {}
    real = keymod.generate_keys

    def generate(keys_dir: Path, passphrase: str, desk_id: str, *, overwrite: bool = False) -> Any:
        if overwrite and keys_dir.exists():
            shutil.rmtree(keys_dir)
        captured["keys"] = keymod._create_keys(keys_dir, passphrase, desk_id)
        return captured["keys"].info

    keymod.generate_keys = generate  # type: ignore[assignment]
    try:
        yield captured
    finally:
        keymod.generate_keys = real  # type: ignore[assignment]


def migrated_database(path: Path) -> Path:
    """An empty database at the schema head (what first start creates)."""
    from puskesos_desktop.store import migrate
    from puskesos_desktop.store.db import make_engine

    engine = make_engine(path)
    migrate.upgrade(engine)
    checkpoint(engine)
    engine.dispose()
    return path


def checkpoint(engine: Any) -> None:
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def build_base(workdir: Path, template_db: Path | None = None) -> Base:
    """A demo village and its district, enrolled with each other, under ``workdir``."""
    from puskesos_desktop.services.demo import DemoService
    from puskesos_desktop.services.setup import DeskMode, SetupRequest, SetupService
    from puskesos_desktop.services.sync import SyncService

    contexts: dict[str, ServiceContext] = {}
    keys: dict[str, DeskKeys] = {}
    for name in ("village", "district"):
        paths = DataPaths(workdir / name).ensure()
        if template_db is None:
            migrated_database(paths.database)
        else:
            shutil.copyfile(template_db, paths.database)
        context = ServiceContext.open(paths)
        with _captured_keys() as captured:
            if name == "village":
                DemoService(context).create_demo_desk()
                DemoService(context).add_population(EXTRA_PERSONS, seed=2)
            else:
                request = SetupRequest(
                    DeskMode.DINAS, DISTRICT_CODE, "admin", "Admin Dinas", "rahasia123"
                )
                SetupService(context).complete(request)
        context.extras[KEYS_EXTRA] = keys[name] = captured["keys"]
        contexts[name] = context
    cards = {name: SyncService(context).trust.my_card() for name, context in contexts.items()}
    for name, other in (("village", "district"), ("district", "village")):
        card = cards[other]
        SyncService(contexts[name]).trust.trust_card(card.card_bytes, card.fingerprint)
    for context in contexts.values():
        checkpoint(context.engine)
        context.engine.dispose()
    return Base(workdir / "village", workdir / "district", keys["village"], keys["district"])


def open_context(root: Path, keys: DeskKeys | None = None) -> ServiceContext:
    """A context on ``root`` acting as its admin (what a started desk has), keys injected."""
    from puskesos_desktop.services.profile import ProfileService

    context = ServiceContext.open(DataPaths(root))
    ProfileService(context).act_as_default_operator()
    if keys is not None:
        context.extras[KEYS_EXTRA] = keys
    return context


@contextmanager
def service_context(root: Path, keys: DeskKeys | None = None) -> Iterator[ServiceContext]:
    context = open_context(root, keys)
    try:
        yield context
    finally:
        context.engine.dispose()


def copy_desk(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


# --------------------------------------------------------------------------- checks


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def database_digest(root: Path) -> str:
    """The database and its sidecars, hashed: "byte-identical" means all of them."""
    digest = hashlib.sha256()
    for suffix in ("", "-wal", "-shm"):
        path = root / f"puskesos.db{suffix}"
        digest.update(suffix.encode() + (path.read_bytes() if path.exists() else b"<none>"))
    return digest.hexdigest()


def integrity(database: Path) -> str:
    """``PRAGMA integrity_check`` as SQLite answers it ("ok" when healthy)."""
    with closing(sqlite3.connect(database)) as connection:
        rows = connection.execute("PRAGMA integrity_check").fetchall()
    return "; ".join(str(row[0]) for row in rows)


def scalar(database: Path, sql: str, *params: object) -> Any:
    with closing(sqlite3.connect(database)) as connection:
        return connection.execute(sql, params).fetchone()[0]


def rows(database: Path, sql: str, *params: object) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(database)) as connection:
        return connection.execute(sql, params).fetchall()


def startup_status(root: Path) -> tuple[str, str]:
    """What the app's start-up check says about ``root`` (status, message)."""
    from puskesos_desktop.services.startup import prepare_database

    context = ServiceContext.open(DataPaths(root))
    try:
        report = prepare_database(context)
    finally:
        context.engine.dispose()
    return report.status.value, report.message


# --------------------------------------------------------------------------- killing


@dataclass(frozen=True)
class Kill:
    """When to kill: after ``marks`` committed steps, then after ``delay`` seconds, or as
    soon as the files matching ``watch`` (a glob in the data folder) grew by ``growth``
    bytes. ``delay=None`` without ``watch`` lets the child run to its end."""

    marks: int = 0
    delay: float | None = 0.0
    watch: str | None = None  # e.g. "puskesos.db-wal", "cadangan/.puskesos-sementara-*"
    growth: int = 1


WAL = "puskesos.db-wal"


@dataclass(frozen=True)
class Trial:
    killed: bool  # False: the child finished (or failed) before the kill moment
    exitcode: int | None
    seconds: float
    marks: int


def _child_main(target: Callable[..., None], args: tuple[Any, ...], pipe: int) -> None:
    def mark() -> None:
        os.write(pipe, b".")

    target(*args, mark)


def _watched_size(root: Path, pattern: str) -> int:
    total = 0
    for path in root.glob(pattern):
        with suppress(OSError):  # a temp file may vanish between glob and stat
            total += path.stat().st_size
    return total


def run_child(target: Callable[..., None], args: tuple[Any, ...], kill: Kill, root: Path) -> Trial:
    """Fork ``target(*args, mark)`` working in data folder ``root``; SIGKILL it at ``kill``."""
    read_end, write_end = os.pipe()
    start_size = _watched_size(root, kill.watch) if kill.watch else 0
    child = FORK.Process(target=_child_main, args=(target, args, write_end))
    started = time.monotonic()
    child.start()
    os.close(write_end)
    seen = 0
    try:
        while seen < kill.marks:  # the hook point: n steps committed
            ready, _, _ = select.select([read_end], [], [], CHILD_TIMEOUT)
            chunk = os.read(read_end, 64) if ready else b""
            if not chunk:
                break  # the child ended (or hung: the join below reports it)
            seen += len(chunk)
        if kill.watch is not None:
            deadline = started + CHILD_TIMEOUT
            while child.is_alive() and time.monotonic() < deadline:
                if _watched_size(root, kill.watch) - start_size >= kill.growth:
                    break
                child.join(timeout=0.0005)
        else:  # a random delay, or (None) until the child ends by itself
            child.join(timeout=CHILD_TIMEOUT if kill.delay is None else kill.delay)
        killed = child.is_alive()
        if killed:
            os.kill(child.pid, signal.SIGKILL)  # type: ignore[arg-type]
        child.join(timeout=CHILD_TIMEOUT)
        if child.is_alive():  # pragma: no cover - a hang is a failure, not a wait
            os.kill(child.pid, signal.SIGKILL)  # type: ignore[arg-type]
            child.join()
            raise AssertionError(f"child {target.__name__} hung")
    finally:
        os.close(read_end)
    return Trial(killed, child.exitcode, time.monotonic() - started, seen)


def person_nik(index: int, sex: str = "L") -> str:
    """A valid NIK, unique per ``index``, from a kecamatan the demo village never uses."""
    from puskesos_desktop.domain.nik import make_nik

    rest = index // 9999
    born = date(1950 + rest // 336 % 50, 1 + rest // 28 % 12, 1 + rest % 28)
    return make_nik("332005", born, sex, 1 + index % 9999)
