"""SQLCipher connections for encrypted desk databases (plain SQLite files work unchanged).

Encryption is per desk: a desk whose key-slot file exists keeps its database encrypted with
a random 32-byte key (see :mod:`puskesos_desktop.store.keyslots`). Every place that opens
the database file — the engine, the start-up checks, backups, restore — goes through
:func:`connect`, so one keyword (``key``) decides between the standard ``sqlite3`` module
and the bundled SQLCipher build (``sqlcipher3-wheels``).

The key is given as a raw key (``x'…'``), so SQLCipher skips its own PBKDF2 on every
connect; the slow, memory-hard step happens once, when a password unwraps the key slot.
``sqlcipher3`` is imported only when a key is used: plain desks and the tests never load it.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import Any

KEY_BYTES = 32
_CIPHER_MODULE = "sqlcipher3.dbapi2"


def cipher_dbapi() -> Any:
    """The SQLCipher DB-API module (``sqlcipher3.dbapi2``), imported on first use."""
    from sqlcipher3 import dbapi2

    return dbapi2


def key_pragma(key: bytes) -> str:
    """``PRAGMA key`` for a raw key; the hex never reaches a log or an error message."""
    if len(key) != KEY_BYTES:
        raise ValueError("database key must be 32 bytes")
    return f"PRAGMA key = \"x'{key.hex()}'\""


def connect(
    target: str | Path,
    *,
    key: bytes | None,
    uri: bool = False,
    timeout: float = 5.0,
    check_same_thread: bool = True,
) -> Any:
    """A DB-API connection to ``target``, keyed before any page is read when ``key`` is set.

    With ``key=None`` this is exactly ``sqlite3.connect``. The keyed connection silences
    SQLCipher's own stderr logging: a wrong key is reported as "file is not a database",
    which the callers already turn into an Indonesian message.
    """
    if key is None:
        return sqlite3.connect(
            target, uri=uri, timeout=timeout, check_same_thread=check_same_thread
        )
    dbapi = cipher_dbapi()
    connection = dbapi.connect(
        str(target), uri=uri, timeout=timeout, check_same_thread=check_same_thread
    )
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")
        connection.execute(key_pragma(key))
    except BaseException:
        connection.close()
        raise
    return connection


def sqlite_errors() -> tuple[type[Exception], ...]:
    """Exception classes of every SQLite driver in use (for ``except`` and ``isinstance``).

    SQLCipher's exceptions do not derive from ``sqlite3.Error``; they can only have been
    raised if its module was loaded, so it is looked up in ``sys.modules`` and not imported.
    """
    cipher = sys.modules.get(_CIPHER_MODULE)
    if cipher is None:
        return (sqlite3.Error,)
    return (sqlite3.Error, cipher.Error)


def key_opens(path: Path, key: bytes | None) -> bool:
    """True when ``key`` (None: no key) reads the schema of the database file at ``path``."""
    try:
        connection = connect(f"{path.resolve().as_uri()}?mode=ro", key=key, uri=True)
        try:
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            connection.close()
    except sqlite_errors():
        return False
    return True


def export_copy(source: Path, source_key: bytes | None, target: Path, key: bytes | None) -> None:
    """Write a copy of ``source`` to the new file ``target``, re-encrypted with ``key``.

    SQLite's backup API cannot cross between plain and encrypted files; SQLCipher's
    ``sqlcipher_export`` can (schema, rows, FTS tables and ``user_version``). The copy is
    one self-contained file (no ``-wal``), not fsynced: the caller checks it, syncs it and
    renames it.
    """
    dbapi = cipher_dbapi()
    connection = dbapi.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")
        if source_key is not None:
            connection.execute(key_pragma(source_key))
        target_key = "" if key is None else f"x'{key.hex()}'"
        connection.execute("ATTACH DATABASE ? AS target KEY ?", (str(target), target_key))
        # The temp copy is checked and fsynced as a whole afterwards: syncing each of the
        # export's many statements would cost seconds on a laptop disk for nothing.
        connection.execute("PRAGMA target.journal_mode = OFF")
        connection.execute("PRAGMA target.synchronous = OFF")
        connection.execute("SELECT sqlcipher_export('target')")
        version = connection.execute("PRAGMA main.user_version").fetchone()[0]
        connection.execute(f"PRAGMA target.user_version = {int(version)}")
        connection.execute("DETACH DATABASE target")
    finally:
        connection.close()
