"""A throwaway PostgreSQL server for tests and benchmarks (real server, nothing mocked).

``PUSKESOS_TEST_POSTGRES_URL`` points at a server someone else started (``.ci/run`` does
that); otherwise, when the Debian/Ubuntu binaries are installed, :func:`start` runs
``initdb`` into a temp dir and starts a private server on loopback with durability off
(fsync off: it is thrown away afterwards, so a crash cannot cost anything); a watchdog
stops it even when the test process is killed. ``initdb``
refuses to run as root, so as root the cluster belongs to the ``postgres`` system user.

``python tests/pg_server.py`` starts one and prints its URL, for trying things by hand.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

URL_ENV = "PUSKESOS_TEST_POSTGRES_URL"
REQUIRE_ENV = "PUSKESOS_TEST_POSTGRES"  # "1": a missing server fails instead of skipping


BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
"""Parameters for a folder's ``backend`` fixture: every test there runs on both engines."""


def _bin_dir() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return versions[-1].parent if versions else None


def available() -> bool:
    return bool(os.environ.get(URL_ENV)) or _bin_dir() is not None


def required() -> bool:
    return os.environ.get(REQUIRE_ENV) == "1"


@dataclass
class Server:
    url: str  # SQLAlchemy URL of the maintenance database ``postgres``
    data_dir: Path | None = None  # set when this process started the server

    def stop(self) -> None:
        if self.data_dir is None:
            return
        _run(["pg_ctl", "-D", str(self.data_dir), "-m", "immediate", "-w", "stop"])
        shutil.rmtree(self.data_dir.parent, ignore_errors=True)
        self.data_dir = None


def _run(command: list[str]) -> None:
    bin_dir = _bin_dir()
    assert bin_dir is not None, "PostgreSQL binaries not found"
    argv = [str(bin_dir / command[0]), *command[1:]]
    if os.geteuid() == 0:
        argv = ["runuser", "-u", "postgres", "--", *argv]
    subprocess.run(argv, check=True, capture_output=True, timeout=120)


def _free_port() -> int:
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start() -> Server:
    """The server named by the environment, or a new private one."""
    if url := os.environ.get(URL_ENV):
        return Server(url)
    base = Path(tempfile.mkdtemp(prefix="puskesos-pg-"))
    data = base / "data"
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
    _run(["initdb", "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
          "--locale=C", "--no-sync"])
    port = _free_port()
    options = (
        f"-k {base} -c listen_addresses=127.0.0.1 -p {port} -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )
    _run(["pg_ctl", "-D", str(data), "-o", options, "-l", str(base / "log"), "-w", "start"])
    _watch(base, data)
    return Server(f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres", data)


def _watch(base: Path, data: Path) -> None:
    """Stop the server and delete its files when this process dies, however it dies (a
    killed or timed-out test run never runs its fixture teardown)."""
    bin_dir = _bin_dir()
    as_pg = "runuser -u postgres -- " if os.geteuid() == 0 else ""
    script = (
        f"while kill -0 {os.getpid()} 2>/dev/null; do sleep 2; done; "
        f"{as_pg}{bin_dir}/pg_ctl -D {data} -m immediate -w stop >/dev/null 2>&1; "
        f"rm -rf {base}"
    )
    subprocess.Popen(
        ["sh", "-c", script],
        start_new_session=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def database_url(server_url: str, name: str) -> str:
    return server_url.rsplit("/", 1)[0] + "/" + name


def create_database(server_url: str, name: str, template: str | None = None) -> str:
    """A new database (a copy of ``template`` when given, which is fast); returns its URL."""
    from sqlalchemy import create_engine

    admin = create_engine(server_url, isolation_level="AUTOCOMMIT", poolclass=_null_pool())
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        copy = f' TEMPLATE "{template}"' if template else ""
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"{copy}')
    admin.dispose()
    return database_url(server_url, name)


def drop_database(server_url: str, name: str) -> None:
    from sqlalchemy import create_engine

    admin = create_engine(server_url, isolation_level="AUTOCOMMIT", poolclass=_null_pool())
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


_copies = itertools.count(1)


@contextlib.contextmanager
def private_copy(server_url: str, template: str) -> Iterator[str]:
    """A database of this test alone, copied from ``template``; dropped afterwards."""
    name = f"t{os.getpid()}_{next(_copies)}"
    url = create_database(server_url, name, template)
    try:
        yield url
    finally:
        drop_database(server_url, name)


def _null_pool() -> type:
    from sqlalchemy.pool import NullPool

    return NullPool


@contextlib.contextmanager
def running() -> Iterator[Server]:
    server = start()
    try:
        yield server
    finally:
        server.stop()


if __name__ == "__main__":
    with running() as server:
        print(server.url, flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)
