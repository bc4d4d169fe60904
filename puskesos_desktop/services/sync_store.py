"""Bulk writes of an import, straight through the driver (``executemany`` of tuples).

SQLAlchemy's per-value bind processing cost more than SQLite itself when a bundle brings
50,000 new rows, so new rows and journal entries are written as plain tuples in the
storage format SQLAlchemy itself uses on SQLite (checked by a test that reads them back
through the models): dates ``YYYY-MM-DD``, datetimes in UTC as
``YYYY-MM-DD HH:MM:SS.ffffff``, booleans 0/1, JSON columns as ``json.dumps`` text.
Values arrive in their travelling (JSON) form, in which dates already are stored text.
On PostgreSQL the same text is accepted (sessions run in UTC, see ``store.db``) except
booleans, which are real booleans there.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

from sqlalchemy.engine import Connection

from puskesos_desktop.services.sync_rules import parse_moment
from puskesos_desktop.store import dialect
from puskesos_desktop.store.models import SYNCED_TABLES, JournalEntry
from puskesos_desktop.store.models.base import SYNC_BOOKKEEPING_FIELDS

Converter = Callable[[Any], Any]
_BOOKKEEPING_KINDS = {
    "created_at": "datetime",
    "updated_at": "datetime",
    "deleted_at": "datetime",
    "deleted": "bool",
    "rev": "int",
    "uid": "str",
    "origin": "str",
}


def store_moment(value: Any) -> str:
    moment = parse_moment(value) if isinstance(value, str) else value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def _store_date(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _store_json(value: Any) -> str:
    return json.dumps(value)


def _store_bool(value: Any) -> int:
    return int(bool(value))


def _store_real_bool(value: Any) -> bool:
    return bool(value)


_CONVERTERS: dict[str, Converter] = {
    "datetime": store_moment,
    "date": _store_date,
    "json": _store_json,
    "bool": _store_bool,
}


@cache
def _layout(
    table: str, engine: str = dialect.SQLITE
) -> tuple[str, tuple[str, ...], tuple[tuple[int, Converter], ...]]:
    from puskesos_desktop.services.sync_rules import table_columns

    model_table = SYNCED_TABLES[table].__table__  # type: ignore[attr-defined]
    names = tuple(column.name for column in model_table.columns)
    kinds = {**{n: r.kind for n, r in table_columns(table).items()}, **_BOOKKEEPING_KINDS}
    chosen = _CONVERTERS
    if engine == dialect.POSTGRESQL:
        chosen = {**_CONVERTERS, "bool": _store_real_bool}
    converters = tuple(
        (i, chosen[kinds[name]]) for i, name in enumerate(names) if kinds[name] in chosen
    )
    sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    return dialect.driver_sql(engine, sql), names, converters


def insert_rows(connection: Connection, table: str, rows: Iterable[dict[str, Any]]) -> None:
    sql, names, converters = _layout(table, connection.dialect.name)
    values = []
    for row in rows:
        record = [row.get(name) for name in names]
        for index, convert in converters:
            value = record[index]
            if value is not None:
                record[index] = convert(value)
        values.append(tuple(record))
    if values:
        connection.exec_driver_sql(sql, values)


JOURNAL_SQL = (
    f"INSERT INTO {JournalEntry.__tablename__} (change_id, table_name, uid, op, rev, base_rev,"
    " fields, base, at, by, origin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def insert_journal(connection: Connection, entries: list[tuple[Any, ...]]) -> None:
    if entries:
        connection.exec_driver_sql(dialect.driver_sql(connection, JOURNAL_SQL), entries)


def known_change_ids(connection: Connection, ids: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(ids), 900):  # below SQLite's default variable limit
        part = ids[start : start + 900]
        marks = ", ".join("?" * len(part))
        rows = connection.exec_driver_sql(
            dialect.driver_sql(
                connection,
                f"SELECT change_id FROM {JournalEntry.__tablename__} WHERE change_id IN ({marks})",
            ),
            tuple(part),
        )
        found.update(row[0] for row in rows)
    return found


def journal_tuple(change: Any, origin: str, stored_at: str) -> tuple[Any, ...]:
    return (
        change.change_id,
        change.table,
        change.uid,
        change.op,
        change.rev,
        change.base_rev,
        json.dumps(change.fields),
        json.dumps(change.base),
        stored_at,
        change.by,
        origin,
    )


def defaults_json(table: str) -> dict[str, Any]:
    """The model defaults of a table's content columns, in travelling form."""
    model = SYNCED_TABLES[table]
    result: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if info.is_required() or name in SYNC_BOOKKEEPING_FIELDS:
            continue
        value = info.get_default(call_default_factory=True)
        result[name] = value.isoformat() if isinstance(value, date | datetime) else value
    return result
