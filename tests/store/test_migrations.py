"""The migrated schema equals the models, and SCHEMA_HEAD tracks Alembic's head."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

import puskesos_desktop.store.models  # noqa: F401
from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.store import migrate
from puskesos_desktop.store.db import make_engine


def test_schema_head_constant_is_alembic_head() -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config())
    assert script.get_current_head() == migrate.SCHEMA_HEAD


def test_migrated_schema_has_no_drift_from_models(context: ServiceContext) -> None:
    """On both engines (the ``context`` fixture is parametrised in this folder)."""
    with context.engine.connect() as connection:
        migration = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": migrate.include_name}
        )
        differences = compare_metadata(migration, SQLModel.metadata)
    assert differences == []


def test_upgrade_from_first_revision_keeps_data_on_both_engines(
    blank_engine: Engine,
) -> None:
    migrate.upgrade(blank_engine, "0001")
    with blank_engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO keluarga (uid, rev, created_at, updated_at, origin, deleted, no_kk,"
            " alamat, rt, rw, dusun, kode_wilayah) VALUES ('k1', 1, '2026-01-01', '2026-01-01',"
            " 'x', FALSE, '3320010101260001', 'Dk. Krajan', '001', '002', 'Krajan',"
            " '33.20.01.2001')"
        )
    migrate.upgrade(blank_engine)
    with blank_engine.connect() as connection:
        revision = connection.exec_driver_sql("SELECT version_num FROM alembic_version")
        assert revision.scalar() == migrate.SCHEMA_HEAD
        rows = connection.exec_driver_sql("SELECT o.uid, o.basi FROM orang_cari o").all()
        assert rows == []  # no persons yet; the index was created empty and consistent
        kk = connection.exec_driver_sql("SELECT no_kk FROM keluarga").all()
        assert [tuple(row) for row in kk] == [("3320010101260001",)]


def test_upgrade_from_first_revision_keeps_data(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "old.db")
    migrate.upgrade(engine, "0001")
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO keluarga (uid, rev, created_at, updated_at, origin, deleted, no_kk,"
            " alamat, rt, rw, dusun, kode_wilayah) VALUES ('k1', 1, '2026-01-01', '2026-01-01',"
            " 'x', 0, '3320010101260001', 'Dk. Krajan', '001', '002', 'Krajan', '33.20.01.2001')"
        )
    migrate.upgrade(engine)
    engine.dispose()
    assert migrate.stored_revision(tmp_path / "old.db") == migrate.SCHEMA_HEAD
    with sqlite3.connect(tmp_path / "old.db") as connection:
        assert connection.execute("SELECT no_kk FROM keluarga").fetchall() == [
            ("3320010101260001",)
        ]


def test_new_database_needs_upgrade_and_migrated_one_does_not(
    tmp_path: Path, template_db: Path
) -> None:
    assert migrate.needs_upgrade(tmp_path / "absent.db")
    assert not migrate.needs_upgrade(template_db)
    assert not migrate.is_newer_than_app(template_db)


def test_connection_pragmas_protect_against_power_cuts(template_db: Path) -> None:
    engine = make_engine(template_db)
    with engine.connect() as connection:
        pragma = connection.exec_driver_sql
        assert pragma("PRAGMA journal_mode").scalar() == "wal"
        assert pragma("PRAGMA synchronous").scalar() == 2  # FULL
        assert pragma("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()
