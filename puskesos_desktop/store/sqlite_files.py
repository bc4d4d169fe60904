"""Inspecting SQLite files that may be damaged or hostile (backups, a database after a power cut).

Used by start-up (is the desk database healthy?) and by restore (is this backup usable?):
reading never writes beside the file and never runs code stored in it.
"""

from __future__ import annotations

import logging
from contextlib import closing
from pathlib import Path
from typing import Any

from puskesos_desktop.store.cipher import connect, sqlite_errors

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"


def sidecar(db: Path, suffix: str) -> Path:
    return db.with_name(db.name + suffix)


def open_readonly(path: Path, key: bytes | None = None) -> Any:
    """A read-only connection that runs no code stored in the file (``key``: SQLCipher).

    ``immutable=1`` leaves no ``-wal``/``-shm`` droppings beside a file on a flashdisk; when
    a ``-wal`` exists, committed pages live there, so the file is read the normal way.
    """
    query = "mode=ro" if sidecar(path, "-wal").exists() else "mode=ro&immutable=1"
    connection = connect(f"{path.resolve().as_uri()}?{query}", key=key, uri=True)
    connection.execute("PRAGMA trusted_schema=OFF")
    connection.execute("PRAGMA query_only=ON")
    return connection


def is_plain_sqlite(path: Path) -> bool:
    """True for an unencrypted SQLite file; SQLCipher files start with random salt instead."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def header_problem(path: Path, encrypted: bool = False) -> str | None:
    """Cheap checks on the first 100 bytes: empty, not SQLite, or cut short.

    An encrypted file's first bytes are random salt, so only emptiness can be seen there.
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(100)
    except OSError:
        return "berkasnya tidak dapat dibaca"
    if size == 0:
        return "berkasnya kosong (0 bita)"
    if encrypted:
        return None
    if not head.startswith(SQLITE_HEADER):
        return "berkasnya bukan basis data SQLite"
    page_size = int.from_bytes(head[16:18], "big") if len(head) == 100 else 0
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return "berkasnya terpotong atau kepalanya rusak"
    pages = int.from_bytes(head[28:32], "big")
    size_valid = pages > 0 and head[24:28] == head[92:96]
    # With a -wal present the main file may legitimately lag behind its header.
    if size_valid and size < page_size * pages and not sidecar(path, "-wal").exists():
        return "berkasnya terpotong (lebih pendek dari seharusnya)"
    return None


def sqlite_file_problem(path: Path, key: bytes | None = None) -> str | None:
    """None if ``path`` is a readable, undamaged SQLite file; else an Indonesian fragment."""
    try:
        if (problem := header_problem(path, encrypted=key is not None)) is not None:
            return problem
        with closing(open_readonly(path, key)) as connection:
            rows = connection.execute("PRAGMA quick_check(5)").fetchall()
    except (OSError, *sqlite_errors()) as error:
        log.warning("Pemeriksaan %s gagal: %s", path, error)
        return "isinya rusak atau tidak dapat dibaca"
    if rows != [("ok",)]:
        log.warning("quick_check %s: %s", path, rows)
        return "isinya rusak (pemeriksaan basis data gagal)"
    return None
