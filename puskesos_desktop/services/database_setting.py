"""Which database a desk uses: its own SQLite file (default) or a district's PostgreSQL server.

A village desk always works on the SQLite file in its data folder: one laptop, no network,
crash-safe. A district office with several officers may instead point every officer's
installation at one PostgreSQL server, so they all see the same registry and import
bundles into the same place.

The choice cannot live in the database it chooses, so it is a small text file in the data
folder (``basis-data.txt``), written by the settings screen. ``--database-url`` wins over
``PUSKESOS_DATABASE_URL``, which wins over that file. The URL may carry a password: it is
never logged, and :func:`describe` masks it for display.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.i18n import _
from puskesos_desktop.paths import DataPaths

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from puskesos_desktop.services.context import ServiceContext

log = logging.getLogger(__name__)

URL_ENV = "PUSKESOS_DATABASE_URL"
SETTING_FILE = "basis-data.txt"
_SCHEMES = ("postgresql+psycopg://", "postgresql://", "postgres://")


def normalise(url: str) -> str | None:
    """A checked SQLAlchemy URL for PostgreSQL, or None for "the SQLite file" (empty text).

    Plain ``postgresql://`` (as psql and pg_dump take it) is accepted and given the driver.
    """
    text = url.strip()
    if not text or text.lower() in ("sqlite", "berkas"):
        return None
    scheme = next((s for s in _SCHEMES if text.lower().startswith(s)), None)
    if scheme is None:
        raise UserError(
            _(
                "Alamat basis data harus diawali postgresql:// (contoh: "
                "postgresql://petugas@192.168.1.10/puskesos). Kosongkan untuk memakai "
                "berkas SQLite di komputer ini."
            )
        )
    rest = text[len(scheme) :]
    host = rest.split("/", 1)[0].rsplit("@", 1)[-1]
    if not host or "/" not in rest or not rest.split("/", 1)[1].split("?", 1)[0]:
        raise UserError(
            _(
                "Alamat basis data belum lengkap: perlu nama server dan nama basis data, "
                "misalnya postgresql://petugas@192.168.1.10/puskesos."
            )
        )
    return "postgresql+psycopg://" + rest


def describe(url: str | None) -> str:
    """For the screen and the log: the URL with any password replaced by ``***``."""
    if not url:
        return _("Berkas SQLite di folder data komputer ini")
    scheme, _sep, rest = url.partition("://")
    credentials, at, location = rest.rpartition("@")
    if at and ":" in credentials:
        credentials = credentials.split(":", 1)[0] + ":***"
    return f"{scheme}://{credentials}{at}{location}"


def saved(paths: DataPaths) -> str | None:
    """The URL chosen on the settings screen, or None (SQLite)."""
    try:
        text = (paths.root / SETTING_FILE).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return normalise(text)


def save(paths: DataPaths, url: str | None) -> None:
    """Remember the choice for the next start (None: back to the SQLite file)."""
    target = paths.root / SETTING_FILE
    if url is None:
        target.unlink(missing_ok=True)
        return
    paths.root.mkdir(parents=True, exist_ok=True)
    temp = target.with_suffix(".tmp")
    temp.write_text(url + "\n", encoding="utf-8")
    if os.name != "nt":
        temp.chmod(0o600)  # it may hold a password
    temp.replace(target)


def resolve(paths: DataPaths, cli_url: str | None = None) -> str | None:
    """``--database-url`` > ``PUSKESOS_DATABASE_URL`` > the saved setting > SQLite (None)."""
    for candidate in (cli_url, os.environ.get(URL_ENV)):
        if candidate and candidate.strip():
            return normalise(candidate)
    return saved(paths)


@dataclass(frozen=True)
class ServerCheck:
    """What :func:`check_server` found: shown on the settings screen and by ``doctor``."""

    version: str  # e.g. "PostgreSQL 15.8"
    revision: str | None  # schema revision stored there; None for an empty database
    desk: str | None  # "dinas-3320 (dinas)" when set up; None before setup


def check_server(url: str) -> ServerCheck:
    """Connect once and report; raises :class:`UserError` saying what to fix."""
    from sqlalchemy.exc import DBAPIError

    from puskesos_desktop.store.db import make_server_engine, translate_sqlite_error

    engine = make_server_engine(url)
    try:
        with engine.connect() as connection:
            version = str(connection.exec_driver_sql("SHOW server_version").scalar())
            revision = _scalar(connection, "SELECT version_num FROM alembic_version")
            desk = _scalar(connection, "SELECT desk_id || ' (' || mode || ')' FROM desk_profile")
    except DBAPIError as error:
        log.info("uji koneksi gagal: %s", type(error.orig).__name__)
        friendly = translate_sqlite_error(error)
        raise friendly or UserError(
            _("Server menolak koneksi: {reason}").format(reason=_first_line(error.orig))
        ) from error
    finally:
        engine.dispose()
    return ServerCheck(f"PostgreSQL {version.split(' ')[0]}", revision, desk)


def _scalar(connection: Connection, statement: str) -> str | None:
    """One value, or None when the table does not exist yet (a fresh database)."""
    from sqlalchemy.exc import ProgrammingError

    try:
        with connection.begin_nested():
            value = connection.exec_driver_sql(statement).scalar()
    except ProgrammingError:
        return None
    return None if value is None else str(value)


def _first_line(error: object) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


class DatabaseSettingService:
    """What the settings screen needs: where this desk's data lives, and changing that."""

    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    def current(self) -> str:
        """The database in use, password masked."""
        return describe(self._context.database_url)

    def is_village(self) -> bool:
        """A desa desk stays on its own file: a server is for a district office only."""
        from puskesos_desktop.services.profile import ProfileService

        profile = ProfileService(self._context).get()
        return profile is not None and profile.mode == "desa" and not profile.is_demo

    def test(self, url: str) -> ServerCheck:
        normalised = normalise(url)
        if normalised is None:
            raise UserError(_("Isi alamat server PostgreSQL yang akan diuji."))
        return check_server(normalised)

    def choose(self, url: str) -> str:
        """Save the choice for the next start; returns the message to show."""
        from puskesos_desktop.domain.permissions import Permission

        self._context.require(Permission.EDIT_SETTINGS)
        normalised = normalise(url)
        if normalised is not None and self.is_village():
            raise UserError(
                _(
                    "Desk desa selalu memakai berkas SQLite di komputer ini. Server PostgreSQL "
                    "hanya untuk kantor Dinas Sosial."
                )
            )
        save(self._context.paths, normalised)
        log.info("basis data dipilih: %s", describe(normalised))
        return _(
            "Tersimpan: {where}. Berlaku setelah aplikasi dibuka ulang."
        ).format(where=describe(normalised))
