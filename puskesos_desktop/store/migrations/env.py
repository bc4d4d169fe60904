"""Alembic environment: runs against the connection handed over by ``store.migrate``."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import puskesos_desktop.store.models  # noqa: F401  (registers the tables)
from puskesos_desktop.store.migrate import include_name

config = context.config
target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    connection = config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
