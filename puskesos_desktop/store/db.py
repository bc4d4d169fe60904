"""Engine, connection PRAGMAs and the session scope.

Power cuts are common at village desks, so every connection runs WAL with
``synchronous=FULL``: a save the UI reported survives a cut. Foreign keys are enforced.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from puskesos_desktop.domain.errors import UserError

if TYPE_CHECKING:  # the ORM (SQLModel, pydantic) loads on the first session, not at start
    from sqlmodel import Session


def _apply_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(db_path: Path, url: str | None = None, *, key: bytes | None = None) -> Engine:
    """An engine for the desk database; the file is created on first connect.

    ``key`` (32 bytes) opens an encrypted desk through SQLCipher: each pooled connection
    is keyed before SQLAlchemy or the PRAGMAs below read a page (see ``store.cipher``).

    ``url`` (``postgresql+psycopg://…``) selects a district's PostgreSQL server instead of
    the file; see :mod:`puskesos_desktop.store.dialect` for what differs.
    """
    if url:
        return make_server_engine(url)
    options: dict[str, object] = {"connect_args": {"check_same_thread": False}}
    if key is not None:
        from puskesos_desktop.store import cipher

        options = {
            "module": cipher.cipher_dbapi(),
            "creator": lambda: cipher.connect(db_path, key=key, check_same_thread=False),
        }
    engine = create_engine(f"sqlite:///{db_path}", **options)
    event.listen(engine, "connect", _apply_pragmas)
    return engine


def make_server_engine(url: str) -> Engine:
    """A PostgreSQL engine. Pooled connections are checked before use (a district server
    may restart, or a laptop's Wi-Fi drop), and a dead server fails within seconds."""
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=4,
        max_overflow=4,
        # Sessions in UTC: stored moments are UTC whatever the server's own time zone.
        connect_args={
            "connect_timeout": 10,
            "application_name": "puskesos-desktop",
            "options": "-c TimeZone=UTC",
        },
    )


def translate_sqlite_error(error: BaseException, where: Path | None = None) -> UserError | None:
    """Turn the SQLite failures a village laptop meets into a message that says what to do.

    ``where`` is the data folder. SQLite reports a disk with no room for its ``-shm`` or
    ``-wal`` file as a plain "disk I/O error", so its free space decides between "full"
    and "unplugged".
    """
    original = error.orig if isinstance(error, DBAPIError) else error
    if type(original).__module__.startswith("psycopg"):
        return translate_server_error(original)
    from puskesos_desktop.store.cipher import sqlite_errors

    if not isinstance(original, sqlite_errors()):
        return None
    text = str(original).lower()
    if "disk is full" in text or "database or disk is full" in text:
        return UserError(
            "Penyimpanan penuh: data belum tersimpan. Kosongkan ruang disk (hapus berkas yang "
            "tidak perlu), lalu simpan lagi."
        )
    if "readonly" in text or "read-only" in text:
        return UserError(
            "Basis data tidak dapat ditulisi (hanya-baca). Periksa izin folder data atau "
            "pindahkan aplikasi dari CD/flashdisk yang dikunci."
        )
    if "locked" in text or "busy" in text:
        return UserError(
            "Basis data sedang dipakai proses lain. Tunggu sebentar lalu coba lagi; jika terus "
            "terjadi, tutup aplikasi lain yang membuka data Puskesos."
        )
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return UserError(
            "Basis data rusak. Tutup aplikasi lalu buka lagi untuk memulihkan dari cadangan "
            "terakhir."
        )
    if ("disk i/o" in text or "unable to open" in text) and _nearly_full(where):
        return UserError(
            f"Penyimpanan penuh: disk tempat folder data {where} tidak punya ruang lagi, jadi "
            "basis data tidak dapat dibuka atau ditulisi. Kosongkan ruang (hapus berkas yang "
            "tidak perlu) lalu coba lagi."
        )
    if "disk i/o" in text or "unable to open" in text:
        return UserError(
            "Gagal membaca/menulis disk. Periksa apakah flashdisk atau disk masih terpasang, "
            "lalu coba lagi."
        )
    return None


LOW_SPACE = 1024 * 1024  # below this SQLite cannot grow its -wal or create its -shm


def _nearly_full(where: Path | None) -> bool:
    if where is None:
        return False
    try:
        return shutil.disk_usage(where).free < LOW_SPACE
    except OSError:  # the folder is gone (stick pulled): not a full disk
        return False


# No SQLSTATE (could not connect), connection exceptions (08…), server shutting down (57P0…).
_CONNECTION_STATES = (None, "08000", "08001", "08003", "08004", "08006", "57P01", "57P02", "57P03")


def translate_server_error(original: BaseException) -> UserError | None:
    """PostgreSQL failures an officer can act on: server unreachable, no disk, no rights."""
    from psycopg import errors

    if isinstance(original, errors.DiskFull):
        return UserError(
            "Penyimpanan server basis data penuh: data belum tersimpan. Hubungi petugas TI "
            "Dinas Sosial untuk menambah ruang disk server."
        )
    if isinstance(original, errors.InsufficientPrivilege):
        return UserError(
            "Akun basis data ini tidak berhak melakukan perubahan tersebut. Minta petugas TI "
            "memeriksa hak akses (role) akun di server PostgreSQL."
        )
    if isinstance(original, errors.LockNotAvailable | errors.DeadlockDetected):
        return UserError(
            "Data yang sama sedang diubah petugas lain. Tunggu sebentar lalu coba lagi."
        )
    connection_lost = getattr(original, "sqlstate", None) in _CONNECTION_STATES
    if isinstance(original, errors.OperationalError) and connection_lost:
        return UserError(
            "Server basis data tidak dapat dihubungi. Periksa jaringan kantor dan alamat "
            "server di Pengaturan → Basis data, lalu coba lagi."
        )
    return None


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One transaction: commit on success, roll back on any error.

    SQLite's environment errors are re-raised as :class:`UserError`, so callers above the
    store never see driver exceptions.
    """
    from sqlmodel import Session

    session = Session(engine, expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException as error:
        session.rollback()
        on_file = engine.dialect.name == "sqlite" and engine.url.database
        folder = Path(engine.url.database).parent if on_file else None
        friendly = translate_sqlite_error(error, folder)
        if friendly is not None:
            raise friendly from error
        raise
    finally:
        session.close()
