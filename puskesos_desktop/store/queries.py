"""Read-only SQL for search-as-you-type and the duplicate check, on a plain DB-API connection.

These run on every keystroke against up to a million persons, so they use the DB-API
connection directly (no ORM objects, no Session) and every statement is shaped for an
index:

* prefixes use a range (``nik >= ? AND nik < ?``): ``LIKE 'x%'`` cannot use a normal
  index under SQLite's default case-insensitive LIKE;
* ``+o.deleted = 0`` keeps the planner from picking the low-selectivity ``deleted``
  index instead of the one that gives the wanted order;
* name search is an FTS5 ``MATCH`` with a ``LIMIT`` and no ``ORDER BY rank``, so SQLite
  stops after the first matches instead of ranking every hit; ranking happens in Python
  on that bounded set (see :mod:`puskesos_desktop.services.search`).

On a district's PostgreSQL server (:mod:`puskesos_desktop.store.dialect`) the same
functions run with native booleans, a weighted ``tsvector`` GIN index in place of FTS5
(the query is built by :func:`ts_term` instead of :func:`fts_term`) and ``pg_trgm`` for the
vocabulary. Prefix ranges there assume the database collation ``C`` (``docs/scale.md``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from puskesos_desktop.store.dialect import RawConnection, is_postgres, sql

PERSON_COLUMNS = (
    "o.uid, o.nik, o.nama, o.jenis_kelamin, o.tanggal_lahir, o.keluarga_uid, o.status_dasar, "
    "k.no_kk, k.alamat, k.rt, k.rw, k.dusun, k.kode_wilayah"
)
"""Columns of a search/duplicate result row, in this order (see ``services.registry_types``)."""

PersonTuple = tuple[Any, ...]

_FROM = "FROM orang o LEFT JOIN keluarga k ON k.uid = o.keluarga_uid"


def _live(connection: RawConnection, alias: str = "o") -> str:
    return sql(connection).live(alias)


def prefix_upper_bound(prefix: str) -> str:
    """Smallest string greater than every string starting with ``prefix`` (ASCII input)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def persons_by_nik_prefix(
    connection: RawConnection, prefix: str, limit: int
) -> list[PersonTuple]:
    return connection.execute(
        f"SELECT {PERSON_COLUMNS} {_FROM} WHERE o.nik >= ? AND o.nik < ? AND {_live(connection)} "
        "ORDER BY o.nik LIMIT ?",
        (prefix, prefix_upper_bound(prefix), limit),
    ).fetchall()


def persons_by_kk_prefix(
    connection: RawConnection, prefix: str, limit: int
) -> list[PersonTuple]:
    return connection.execute(
        f"SELECT {PERSON_COLUMNS} FROM keluarga k JOIN orang o ON o.keluarga_uid = k.uid "
        f"WHERE k.no_kk >= ? AND k.no_kk < ? AND {_live(connection, 'k')} AND {_live(connection)} "
        "ORDER BY k.no_kk, o.hubungan != 'KEPALA', o.tanggal_lahir LIMIT ?",
        (prefix, prefix_upper_bound(prefix), limit),
    ).fetchall()


def persons_in_name_order(connection: RawConnection, limit: int) -> list[PersonTuple]:
    """The first ``limit`` persons by name (the list shown before anything is typed)."""
    return connection.execute(
        f"SELECT {PERSON_COLUMNS} {_FROM} WHERE {_live(connection)} ORDER BY o.nama LIMIT ?",
        (limit,),
    ).fetchall()


def persons_by_nik(connection: RawConnection, nik: str) -> list[PersonTuple]:
    return connection.execute(
        f"SELECT {PERSON_COLUMNS} {_FROM} WHERE o.nik = ? AND {_live(connection)}", (nik,)
    ).fetchall()


def persons_born_on(
    connection: RawConnection, birth_dates: Sequence[str], limit: int = 2_000
) -> list[PersonTuple]:
    """Duplicate-check block: everyone sharing a birth date (about 30 per day per million)."""
    marks = ", ".join("?" for _ in birth_dates)
    return connection.execute(
        f"SELECT {PERSON_COLUMNS} {_FROM} WHERE o.tanggal_lahir IN ({marks}) "
        f"AND {_live(connection)} LIMIT ?",
        (*birth_dates, limit),
    ).fetchall()


# --------------------------------------------------------------------------- vocabulary


def vocabulary_by_prefix(connection: RawConnection, prefix: str, limit: int) -> list[str]:
    """Phonetic forms of name tokens whose written form starts with ``prefix``."""
    rows = connection.execute(
        "SELECT fonetik FROM kata_nama WHERE kata >= ? AND kata < ? LIMIT ?",
        (prefix, prefix_upper_bound(prefix), limit),
    ).fetchall()
    return [row[0] for row in rows]


def vocabulary_by_deletion(
    connection: RawConnection, keys: Sequence[str], limit: int
) -> list[str]:
    """Phonetic tokens sharing a single-deletion key with the query (edit distance ≤ 2)."""
    marks = ", ".join("?" for _ in keys)
    rows = connection.execute(
        f"SELECT DISTINCT fonetik FROM kata_hapus WHERE kunci IN ({marks}) LIMIT ?",
        (*keys, limit),
    ).fetchall()
    return [row[0] for row in rows]


def vocabulary_similar(connection: RawConnection, phonetic: str, limit: int) -> list[str]:
    """Phonetic name tokens sharing the most trigrams with ``phonetic`` (best first).

    Ranking here is cheap: the vocabulary holds distinct tokens (thousands), not persons.
    """
    grams = sorted({phonetic[i : i + 3] for i in range(len(phonetic) - 2)})
    if not grams:
        return []
    if is_postgres(connection):  # pg_trgm: trigram similarity over the GIN index
        rows = connection.execute(
            "SELECT fonetik FROM kata_nama WHERE fonetik % ? "
            "ORDER BY similarity(fonetik, ?) DESC LIMIT ?",
            (phonetic, phonetic, limit),
        ).fetchall()
        return [row[0] for row in rows]
    expression = " OR ".join(fts_phrase(gram) for gram in grams)
    rows = connection.execute(
        "SELECT fonetik FROM kata_nama_tri WHERE kata_nama_tri MATCH ? ORDER BY rank LIMIT ?",
        (expression, limit),
    ).fetchall()
    return [row[0] for row in rows]


# --------------------------------------------------------------------------- persons by FTS


def fts_phrase(token: str, *, prefix: bool = False) -> str:
    """A quoted FTS5 phrase (quotes doubled), optionally as a prefix query."""
    quoted = '"' + token.replace('"', '""') + '"'
    return quoted + "*" if prefix else quoted


def fts_term(names: Sequence[str], name_prefixes: Sequence[str], address: str | None) -> str:
    """One query word: any of its name spellings, or (as a prefix) an address word."""
    alternatives = [fts_phrase(t) for t in names] + [
        fts_phrase(p, prefix=True) for p in name_prefixes
    ]
    parts = []
    if alternatives:
        parts.append(f"fonetik : ({' OR '.join(alternatives)})")
    if address:
        parts.append(f"alamat : {fts_phrase(address, prefix=True)}")
    return "(" + " OR ".join(parts) + ")"


_TS_WORD = re.compile(r"[^A-Za-z0-9]+")
_TS_VECTOR = (
    "(setweight(to_tsvector('simple'::regconfig, c.fonetik), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, c.alamat), 'B'))"
)  # exactly the expression of the GIN index ``orang_cari_fts`` (migration 0002)


def _ts_lexeme(token: str, suffix: str) -> str | None:
    word = _TS_WORD.sub("", token).lower()
    return f"'{word}':{suffix}" if word else None


def ts_term(names: Sequence[str], name_prefixes: Sequence[str], address: str | None) -> str:
    """:func:`fts_term` for PostgreSQL's ``to_tsquery``: weight A = name, B = address."""
    alternatives = [_ts_lexeme(t, "A") for t in names] + [
        _ts_lexeme(p, "*A") for p in name_prefixes
    ]
    if address:
        alternatives.append(_ts_lexeme(address, "*B"))
    return "(" + " | ".join(a for a in alternatives if a) + ")"


def persons_by_fts(
    connection: RawConnection, expression: str, limit: int
) -> list[PersonTuple]:
    """Matching persons plus their indexed ``fonetik`` and ``alamat`` (last two columns).

    ``expression`` is an FTS5 query on SQLite and a ``to_tsquery`` text on PostgreSQL
    (the caller builds it with :func:`fts_term` or :func:`ts_term`).
    """
    if is_postgres(connection):
        return connection.execute(
            f"SELECT {PERSON_COLUMNS}, c.fonetik, c.alamat FROM orang_cari c "
            "JOIN orang o ON o.uid = c.uid LEFT JOIN keluarga k ON k.uid = o.keluarga_uid "
            f"WHERE {_TS_VECTOR} @@ to_tsquery('simple', ?) LIMIT ?",
            (expression, limit),
        ).fetchall()
    return connection.execute(
        f"SELECT {PERSON_COLUMNS}, c.fonetik, c.alamat FROM orang_fts "
        "JOIN orang_cari c ON c.id = orang_fts.rowid JOIN orang o ON o.uid = c.uid "
        "LEFT JOIN keluarga k ON k.uid = o.keluarga_uid "
        "WHERE orang_fts MATCH ? LIMIT ?",
        (expression, limit),
    ).fetchall()
