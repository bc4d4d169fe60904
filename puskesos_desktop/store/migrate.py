"""Schema upgrades on start.

Alembic costs about 0.4 s to import, so the start-up path reads the stored revision with
plain sqlite3 and only loads Alembic when the database is behind ``SCHEMA_HEAD``. A test
keeps ``SCHEMA_HEAD`` equal to Alembic's real head.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

SCHEMA_HEAD = "0007"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def stored_revision(db_path: Path, key: bytes | None = None) -> str | None:
    """The revision recorded in the file, or None for a new/empty database."""
    from puskesos_desktop.store.cipher import connect, sqlite_errors

    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    connection = connect(f"file:{quote(str(db_path))}?mode=ro", key=key, uri=True)
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite_errors() as error:
        if "no such table" in str(error):
            return None
        raise  # a full disk or a damaged file is not "no revision yet"
    finally:
        connection.close()
    return row[0] if row else None


def needs_upgrade(db_path: Path) -> bool:
    return stored_revision(db_path) != SCHEMA_HEAD


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic filter: FTS5 virtual tables (and their shadow tables) and PostgreSQL's
    search indexes are not models.

    They are created by hand in migrations; without this filter autogenerate would
    propose dropping them and the drift test would report them.
    """
    from puskesos_desktop.store.search_index import SERVER_INDEXES, is_fts_table

    if type_ == "index":
        return name not in SERVER_INDEXES
    return not (type_ == "table" and name is not None and is_fts_table(name))


def alembic_config():  # -> alembic.config.Config, imported lazily
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to ``revision`` inside one transaction.

    On PostgreSQL several officers may start at once: a server-wide advisory lock lets one
    of them migrate while the others wait, then find the schema current (DDL there is
    transactional, so the waiting ones read the committed revision).
    """
    from alembic import command

    from puskesos_desktop.store.dialect import stream_lock

    config = alembic_config()
    with engine.begin() as connection:
        stream_lock(connection, "puskesos-migrasi")
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def is_newer_than_app(db_path: Path) -> bool:
    """True when the file was written by a newer app (a revision this build does not know)."""
    revision = stored_revision(db_path)
    if revision is None or revision == SCHEMA_HEAD:
        return False
    return revision not in known_revisions()


def known_revisions() -> set[str]:
    """Revision ids this build ships (file names start with the id: ``0001_skema_awal.py``)."""
    return {path.name.split("_", 1)[0] for path in (MIGRATIONS_DIR / "versions").glob("*_*.py")}
