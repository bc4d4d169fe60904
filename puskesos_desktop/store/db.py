"""Engine, connection PRAGMAs and the session scope.

Power cuts are common at village desks, so every connection runs WAL with
``synchronous=FULL``: a save the UI reported survives a cut. Foreign keys are enforced.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, create_engine

from puskesos_desktop.domain.errors import UserError


def _apply_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(db_path: Path) -> Engine:
    """An engine for the desk database; the file is created on first connect."""
    engine = create_engine(
        f"sqlite:///{db_path}",
        connect_args={"check_same_thread": False},
    )
    event.listen(engine, "connect", _apply_pragmas)
    return engine


def translate_sqlite_error(error: BaseException) -> UserError | None:
    """Turn the SQLite failures a village laptop meets into a message that says what to do."""
    original = error.orig if isinstance(error, DBAPIError) else error
    if not isinstance(original, sqlite3.Error):
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
    if "disk i/o" in text or "unable to open" in text:
        return UserError(
            "Gagal membaca/menulis disk. Periksa apakah flashdisk atau disk masih terpasang, "
            "lalu coba lagi."
        )
    return None


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One transaction: commit on success, roll back on any error.

    SQLite's environment errors are re-raised as :class:`UserError`, so callers above the
    store never see driver exceptions.
    """
    session = Session(engine, expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException as error:
        session.rollback()
        friendly = translate_sqlite_error(error)
        if friendly is not None:
            raise friendly from error
        raise
    finally:
        session.close()
