"""SQL building blocks of the report figures, portable between SQLite and PostgreSQL.

Everything is summed by the database (GROUP BY, window functions), never by looping over
rows in Python: a district file holds a million persons and the recap must not load them.
The few constructs the two dialects spell differently (unnesting a JSON list, days between
two dates) are chosen here, once, from the session's engine (``store.dialect``, the one place
that knows it). Everything else is portable SQLAlchemy: half-open date bounds, ``CASE``
sums, window functions for the median, ``COUNT(DISTINCT …)``; the report tests run on both
engines.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import JSON, Integer, cast, func, literal, or_, select
from sqlalchemy.sql import ColumnElement, Select
from sqlmodel import Session

from puskesos_desktop.reports.model import JenisKolom, Kolom, Periode
from puskesos_desktop.store.dialect import is_postgres

__all__ = [
    "days_between",
    "json_items",
    "median_by",
    "moment",
    "on_days",
    "temporary_or_missing_nik",
]


def moment(day: date) -> datetime:
    """Local midnight of ``day`` in UTC, the way datetime columns are stored.

    An intake typed at 06:00 on 1 October in Jepara (UTC+7) is stored as 30 September
    23:00 UTC; comparing with local midnight keeps it in October, where the operator put it.
    """
    return datetime.combine(day, time()).astimezone(UTC)


def on_days(column: Any, periode: Periode, *, is_datetime: bool = False) -> ColumnElement[bool]:
    """``column`` falls within the period (half-open upper bound, so datetimes work too)."""
    if is_datetime:
        return (column >= moment(periode.mulai)) & (column < moment(periode.end_exclusive))
    return (column >= periode.mulai) & (column < periode.end_exclusive)


def json_items(session: Session, column: Any) -> Any:
    """A table-valued function yielding one ``value`` row per item of a JSON list column."""
    if is_postgres(session):
        return func.json_array_elements_text(cast(column, JSON)).table_valued("value")
    return func.json_each(column).table_valued("value")


def days_between(session: Session, later: Any, earlier: Any) -> ColumnElement[int]:
    """Whole days from ``earlier`` to ``later`` (both DATE columns)."""
    if is_postgres(session):
        return cast(later - earlier, Integer)
    return cast(func.julianday(later) - func.julianday(earlier), Integer)


def temporary_or_missing_nik(nik: Any) -> ColumnElement[bool]:
    """No NIK, or a temporary one (``0…``: no real NIK starts with 0, see domain/nik.py)."""
    return or_(nik.is_(None), nik == "", nik.like("0%"))


def median_by(session: Session, source: Select[Any], *, grouped: bool = True) -> dict[str, float]:
    """Median of ``source.c.days`` per ``source.c.grp`` (or overall under key "").

    Computed by the database with window functions: rows are numbered within their group
    and only the middle one (or two) are averaged, so no list of values is ever fetched.
    """
    sub = source.subquery()
    partition: list[Any] = [sub.c.grp] if grouped else []
    key = sub.c.grp if grouped else literal("")
    ranked = select(
        key.label("grp"),
        sub.c.days,
        func.row_number().over(partition_by=partition, order_by=sub.c.days).label("rn"),
        func.count().over(partition_by=partition).label("n"),
    ).subquery()
    middle = (
        select(ranked.c.grp, func.avg(ranked.c.days))
        .where(ranked.c.rn.in_([(ranked.c.n + 1) // 2, (ranked.c.n + 2) // 2]))
        .group_by(ranked.c.grp)
    )
    return {str(grp): float(value) for grp, value in session.execute(middle).all()}


def grouped_counts(session: Session, query: Select[Any]) -> dict[tuple[Any, ...], int]:
    """``SELECT key…, count`` → ``{(key…): count}`` (the last column is the count)."""
    return {tuple(row[:-1]): int(row[-1]) for row in session.execute(query).all()}


def counts_in_months(
    session: Session,
    column: Any,
    months: Sequence[Periode],
    *,
    is_datetime: bool,
    where: Sequence[ColumnElement[bool]],
    table: Any,
) -> tuple[int, ...]:
    """One count per month in a single scan: ``SUM(CASE WHEN month_i THEN 1 END)`` each."""
    from sqlalchemy import case

    columns = [
        func.coalesce(func.sum(case((on_days(column, m, is_datetime=is_datetime), 1), else_=0)), 0)
        for m in months
    ]
    span = Periode(months[0].mulai, months[-1].sampai)
    query = (
        select(*columns)
        .select_from(table)
        .where(*where, on_days(column, span, is_datetime=is_datetime))
    )
    row = session.execute(query).one()
    return tuple(int(value) for value in row)


def sum_of(title: str, *indexes: int) -> Kolom:
    """A row-total column adding up the columns at ``indexes``."""
    return Kolom(title, JenisKolom.JUMLAH_BARIS, dari=indexes)


def label_of(choice_cls: Any, code: str) -> str:
    """The label of a stored code, or the code itself when the list no longer knows it."""
    member = choice_cls.parse(code)
    return member.label if member else (code or "(kosong)")


def ordered(known: Iterable[str], found: Iterable[str]) -> list[str]:
    """Known codes in their order, then any stored code nobody knows (sorted): fixed rows
    line up month after month, and an unexpected value is shown, never lost."""
    known_list = list(known)
    extra = sorted({code for code in found if code not in known_list})
    return known_list + extra
