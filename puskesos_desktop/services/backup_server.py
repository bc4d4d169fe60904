"""Backups of a district desk that runs on a shared PostgreSQL server: not this app's job.

The desk's own backups copy its SQLite file with SQLite's online backup API. A district
office on PostgreSQL has no such file: the data lives on the server, shared by several
officers, and is backed up where it lives, by the server's administrator with ``pg_dump``
(and put back with ``pg_restore``). Copying or "restoring" the stale local SQLite file a
desk may still hold from before the switch would mislead everyone, so the backup service
refuses here, and the Cadangan panel shows what to ask the administrator for instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.i18n import _

if TYPE_CHECKING:
    from puskesos_desktop.services.context import ServiceContext


@dataclass(frozen=True)
class ServerBackupAdvice:
    """Where the data is, and the commands the server's administrator runs (no password)."""

    server: str  # host[:port]
    database: str
    backup_command: str
    restore_command: str


def server_backup_advice(database_url: str) -> ServerBackupAdvice:
    """The ``pg_dump``/``pg_restore`` lines for this server; the password never appears."""
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    host = url.host or "localhost"
    server = host if url.port is None else f"{host}:{url.port}"
    name = url.database or "puskesos"
    options = f"-h {host}" + ("" if url.port is None else f" -p {url.port}")
    if url.username:
        options += f" -U {url.username}"
    return ServerBackupAdvice(
        server=server,
        database=name,
        backup_command=f"pg_dump {options} -Fc -f {name}-YYYYMMDD.dump {name}",
        restore_command=f"pg_restore {options} --clean -d {name} {name}-YYYYMMDD.dump",
    )


def refuse_on_server(context: ServiceContext) -> None:
    """A :class:`UserError` that says whom to ask, when the desk runs on PostgreSQL."""
    if not context.on_server:
        return
    assert context.database_url is not None
    advice = server_backup_advice(context.database_url)
    raise UserError(
        _(
            "Data desk ini tersimpan di server PostgreSQL {server} (basis data {database}), "
            "bukan di komputer ini, jadi aplikasi tidak dapat mencadangkan atau memulihkannya. "
            "Minta pengelola server mencadangkannya dengan pg_dump dan memulihkannya dengan "
            "pg_restore."
        ).format(server=advice.server, database=advice.database)
    )
