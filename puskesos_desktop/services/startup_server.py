"""Start-up on a district's PostgreSQL server (the SQLite path is ``services.startup``).

What differs from a desk's file: there is no file to check or copy. The server guards its
own integrity, and its backups are the IT staff's ``pg_dump``/``pg_basebackup`` routine
(``docs/scale.md``), not the app's daily copy. Several officers may start at the same moment;
:func:`puskesos_desktop.store.migrate.upgrade` takes a server-wide lock, so only one of them
upgrades the schema and the others then find it current.
"""

from __future__ import annotations

import logging

from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, ProgrammingError

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.i18n import _
from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.services.startup import StartupReport, StartupStatus
from puskesos_desktop.store import migrate
from puskesos_desktop.store.db import translate_sqlite_error

log = logging.getLogger(__name__)


def server_revision(engine: Engine) -> str | None:
    """The schema revision stored on the server, or None for an empty database."""
    with engine.connect() as connection:
        try:
            return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        except ProgrammingError:  # no alembic_version table: a new, empty database
            return None


def _unreachable(error: DBAPIError) -> UserError:
    friendly = translate_sqlite_error(error)
    return friendly or UserError(
        _(
            "Basis data di server tidak dapat dibuka. Periksa alamat basis data di "
            "Pengaturan dan hak akses akun di server, lalu coba lagi."
        )
    )


def prepare_server_database(context: ServiceContext) -> StartupReport:
    """Connect, refuse a schema from a newer app, migrate when behind, report readiness."""
    engine = context.engine
    try:
        revision = server_revision(engine)
        if revision is not None and revision not in migrate.known_revisions():
            return StartupReport(
                StartupStatus.TOO_NEW,
                _(
                    "Basis data di server sudah dipakai versi aplikasi yang lebih baru. Pasang "
                    "versi yang sama dengan petugas lain, lalu buka lagi. Data tidak diubah."
                ),
            )
        if revision != migrate.SCHEMA_HEAD:
            migrate.upgrade(engine)
        with engine.connect() as connection:
            mode = connection.exec_driver_sql("SELECT mode FROM desk_profile LIMIT 1").scalar()
    except DBAPIError as error:
        log.warning("server basis data: %s", type(error.orig).__name__)
        raise _unreachable(error) from error
    migrated_from = revision if revision not in (None, migrate.SCHEMA_HEAD) else None
    if mode is None:
        return StartupReport(
            StartupStatus.NEEDS_SETUP,
            _(
                "Basis data di server masih kosong. Siapkan desk Dinas Sosial (mode dinas); "
                "petugas lain cukup mengisi alamat server yang sama."
            ),
            migrated_from=migrated_from,
        )
    return StartupReport(
        StartupStatus.READY,
        _("Basis data server siap. Cadangan server dibuat oleh petugas TI (pg_dump)."),
        migrated_from=migrated_from,
    )
