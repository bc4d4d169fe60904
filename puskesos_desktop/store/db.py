"""The SQLAlchemy engine, the session scope, and database failures in the user's words.

SQLAlchemy is imported inside the functions that need it, not with this module: the error
translation below is used by the start-up checks and the search, which run before it loads
(see :mod:`puskesos_desktop.store.connect`, which also sets the connection PRAGMAs).
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.i18n import _

if TYPE_CHECKING:  # the ORM (SQLModel, pydantic) loads on the first session, not at start
    from sqlalchemy.engine import Engine
    from sqlmodel import Session


def make_engine(
    db_path: Path,
    url: str | None = None,
    *,
    key: bytes | None = None,
    opener: Callable[[], Any] | None = None,
) -> Engine:
    """An engine for the desk database; the file is created on first connect.

    ``key`` (32 bytes) opens an encrypted desk through SQLCipher: each pooled connection
    is keyed before SQLAlchemy reads a page (see ``store.cipher``).

    ``url`` (``postgresql+psycopg://…``) selects a district's PostgreSQL server instead of
    the file; see :mod:`puskesos_desktop.store.dialect` for what differs. ``opener`` opens
    one DB-API connection (default :func:`~puskesos_desktop.store.connect.open_desk_file`).
    """
    if url:
        return make_server_engine(url)
    from sqlalchemy import create_engine

    from puskesos_desktop.store.connect import open_desk_file

    options: dict[str, object] = {"creator": opener or (lambda: open_desk_file(db_path, key))}
    if key is not None:
        from puskesos_desktop.store import cipher

        options["module"] = cipher.cipher_dbapi()
    return create_engine(f"sqlite:///{db_path}", **options)


def make_server_engine(url: str) -> Engine:
    """A PostgreSQL engine. Pooled connections are checked before use (a district server
    may restart, or a laptop's Wi-Fi drop), and a dead server fails within seconds."""
    from sqlalchemy import create_engine

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
    original = _driver_error(error)
    if type(original).__module__.startswith("psycopg"):
        return translate_server_error(original)
    from puskesos_desktop.store.cipher import sqlite_errors

    if not isinstance(original, sqlite_errors()):
        return None
    text = str(original).lower()
    if "disk is full" in text or "database or disk is full" in text:
        return UserError(
            _(
                "Penyimpanan penuh: data belum tersimpan. Kosongkan ruang disk (hapus berkas "
                "yang tidak perlu), lalu simpan lagi."
            )
        )
    if "readonly" in text or "read-only" in text:
        return UserError(
            _(
                "Basis data tidak dapat ditulisi (hanya-baca). Periksa izin folder data atau "
                "pindahkan aplikasi dari CD/flashdisk yang dikunci."
            )
        )
    if "locked" in text or "busy" in text:
        return UserError(
            _(
                "Basis data sedang dipakai proses lain. Tunggu sebentar lalu coba lagi; jika "
                "terus terjadi, tutup aplikasi lain yang membuka data Puskesos."
            )
        )
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return UserError(
            _(
                "Basis data rusak. Tutup aplikasi lalu buka lagi untuk memulihkan dari cadangan "
                "terakhir."
            )
        )
    if ("disk i/o" in text or "unable to open" in text) and _nearly_full(where):
        return UserError(
            _(
                "Penyimpanan penuh: disk tempat folder data {folder} tidak punya ruang lagi, "
                "jadi basis data tidak dapat dibuka atau ditulisi. Kosongkan ruang (hapus "
                "berkas yang tidak perlu) lalu coba lagi."
            ).format(folder=where)
        )
    if "disk i/o" in text or "unable to open" in text:
        return UserError(
            _(
                "Gagal membaca/menulis disk. Periksa apakah flashdisk atau disk masih "
                "terpasang, lalu coba lagi."
            )
        )
    return None


def _driver_error(error: BaseException) -> BaseException:
    """The driver's exception inside SQLAlchemy's wrapper (none exists before it loads)."""
    exc = sys.modules.get("sqlalchemy.exc")
    if exc is not None and isinstance(error, exc.DBAPIError) and error.orig is not None:
        return error.orig
    return error


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
            _(
                "Penyimpanan server basis data penuh: data belum tersimpan. Hubungi petugas TI "
                "Dinas Sosial untuk menambah ruang disk server."
            )
        )
    if isinstance(original, errors.InsufficientPrivilege):
        return UserError(
            _(
                "Akun basis data ini tidak berhak melakukan perubahan tersebut. Minta petugas "
                "TI memeriksa hak akses (role) akun di server PostgreSQL."
            )
        )
    if isinstance(original, errors.LockNotAvailable | errors.DeadlockDetected):
        return UserError(
            _("Data yang sama sedang diubah petugas lain. Tunggu sebentar lalu coba lagi.")
        )
    connection_lost = getattr(original, "sqlstate", None) in _CONNECTION_STATES
    if isinstance(original, errors.OperationalError) and connection_lost:
        return UserError(
            _(
                "Server basis data tidak dapat dihubungi. Periksa jaringan kantor dan alamat "
                "server di Pengaturan → Basis data, lalu coba lagi."
            )
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
