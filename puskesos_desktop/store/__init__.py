"""Persistence: SQLite through SQLModel, Alembic migrations, the change journal."""
