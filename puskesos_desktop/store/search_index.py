"""Keeping the person search index (``orang_cari`` + FTS5) in step with the registry.

Why this shape:

* Derived search keys (phonetic name tokens, address words) must not live in ``orang``
  itself: every column there is synced content and would travel in bundles.
* SQL triggers cannot compute phonetic keys (that rule lives in Python,
  :mod:`puskesos_desktop.domain.names`), and a trigger calling a Python function would
  break every connection that lacks it (backup tools, a DB browser, the district).
  So triggers only *mark* rows stale (``basi = 1``) — whoever wrote ``orang`` — and
  :func:`refresh` recomputes the stale rows. Service write paths call it before commit;
  the search calls it when a foreign writer (a sync bundle, an old schema) left work.
* FTS5 tables are external-content tables over ``orang_cari``/``kata_nama`` with the
  standard insert/delete/update triggers, so FTS never disagrees with its content table.

Migration authors: Alembic's batch mode recreates a table to alter it, and SQLite drops
a table's triggers with it. After any batch operation on ``orang`` or ``keluarga``,
re-run :data:`MARK_STALE_TRIGGERS` (``tests/store/test_search_schema.py`` checks they
exist at head).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from puskesos_desktop.domain.names import name_tokens, phonetic_tokens
from puskesos_desktop.store import dialect
from puskesos_desktop.store.dialect import RawConnection

FTS_TABLES = ("orang_fts", "kata_nama_tri")

FTS_DDL = (
    "CREATE VIRTUAL TABLE orang_fts USING fts5(fonetik, alamat, content='orang_cari', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
    "CREATE VIRTUAL TABLE kata_nama_tri USING fts5(fonetik, content='kata_nama', "
    "content_rowid='id', tokenize='trigram')",
)

FTS_TRIGGERS: dict[str, str] = {
    # Empty documents (fresh, not yet indexed rows; deleted persons) are kept out of FTS.
    "orang_cari_ai": (
        "CREATE TRIGGER orang_cari_ai AFTER INSERT ON orang_cari BEGIN "
        "INSERT INTO orang_fts(rowid, fonetik, alamat) SELECT new.id, new.fonetik, new.alamat "
        "WHERE new.fonetik != '' OR new.alamat != ''; END"
    ),
    "orang_cari_ad": (
        "CREATE TRIGGER orang_cari_ad AFTER DELETE ON orang_cari BEGIN "
        "INSERT INTO orang_fts(orang_fts, rowid, fonetik, alamat) "
        "SELECT 'delete', old.id, old.fonetik, old.alamat "
        "WHERE old.fonetik != '' OR old.alamat != ''; END"
    ),
    "orang_cari_au": (
        "CREATE TRIGGER orang_cari_au AFTER UPDATE OF fonetik, alamat ON orang_cari BEGIN "
        "INSERT INTO orang_fts(orang_fts, rowid, fonetik, alamat) "
        "SELECT 'delete', old.id, old.fonetik, old.alamat "
        "WHERE old.fonetik != '' OR old.alamat != ''; "
        "INSERT INTO orang_fts(rowid, fonetik, alamat) SELECT new.id, new.fonetik, new.alamat "
        "WHERE new.fonetik != '' OR new.alamat != ''; END"
    ),
    "kata_nama_ai": (
        "CREATE TRIGGER kata_nama_ai AFTER INSERT ON kata_nama BEGIN "
        "INSERT INTO kata_nama_tri(rowid, fonetik) VALUES (new.id, new.fonetik); END"
    ),
}

MARK_STALE_TRIGGERS: dict[str, str] = {
    "orang_cari_orang_ai": (
        "CREATE TRIGGER orang_cari_orang_ai AFTER INSERT ON orang BEGIN "
        "INSERT INTO orang_cari(uid, basi) VALUES (new.uid, 1) "
        "ON CONFLICT(uid) DO UPDATE SET basi = 1; END"
    ),
    "orang_cari_orang_au": (
        "CREATE TRIGGER orang_cari_orang_au AFTER UPDATE OF nama, keluarga_uid, deleted "
        "ON orang BEGIN "
        "INSERT INTO orang_cari(uid, basi) VALUES (new.uid, 1) "
        "ON CONFLICT(uid) DO UPDATE SET basi = 1; END"
    ),
    "orang_cari_keluarga_au": (
        "CREATE TRIGGER orang_cari_keluarga_au AFTER UPDATE OF alamat, dusun, deleted "
        "ON keluarga BEGIN "
        "UPDATE orang_cari SET basi = 1 "
        "WHERE uid IN (SELECT uid FROM orang WHERE keluarga_uid = new.uid); END"
    ),
}

ALL_TRIGGERS = {**FTS_TRIGGERS, **MARK_STALE_TRIGGERS}


SERVER_INDEXES = ("orang_cari_fts", "kata_nama_trgm")
"""PostgreSQL's stand-ins for the FTS5 tables (migration 0002): expression indexes that
SQLModel cannot describe, so Alembic's comparison leaves them out."""


def is_fts_table(name: str) -> bool:
    """FTS5 virtual tables and their shadow tables (``orang_fts_data``, …)."""
    return any(name == table or name.startswith(f"{table}_") for table in FTS_TABLES)


# --------------------------------------------------------------------------- derived keys

_NON_WORD = re.compile(r"[^A-Z0-9]+")


@lru_cache(maxsize=100_000)
def _token_phonetic(token: str) -> str:
    """Phonetic key of one already-normalised token (equal to ``phonetic_tokens(token)``)."""
    keys = phonetic_tokens(token)
    return keys[0] if len(keys) == 1 else token


@lru_cache(maxsize=200_000)
def derive_name(nama: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """Phonetic tokens (space-joined, as written) and the (token, phonetic) vocabulary pairs.

    Cached at two levels: village names repeat, and name parts repeat far more, so a list
    import or a million-person demo mostly pays for :func:`name_tokens` alone.
    """
    pairs = tuple((token, _token_phonetic(token)) for token in name_tokens(nama))
    return " ".join(phonetic for _token, phonetic in pairs), pairs


def address_words(*parts: str) -> str:
    """Upper-case ASCII words of an address, for the ``alamat`` FTS column."""
    text = " ".join(part for part in parts if part)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(_NON_WORD.split(ascii_text.upper())).strip()


# --------------------------------------------------------------------------- refresh

@dataclass(frozen=True)
class _Statements:
    """The refresher's SQL for one engine (booleans are 1/0 on SQLite, TRUE/FALSE on
    PostgreSQL; "insert unless present" is spelled differently)."""

    stale: str
    count_stale: str
    any_stale: str
    update: str
    add_word: str
    add_key: str
    mark_all: str


@lru_cache(maxsize=2)
def _statements(engine_name: str) -> _Statements:
    sql = dialect.POSTGRES_SQL if engine_name == dialect.POSTGRESQL else dialect.SQLITE_SQL
    stale = f"basi = {sql.true}"
    return _Statements(
        stale=(
            "SELECT c.id, o.nama, o.deleted, k.alamat, k.dusun, k.deleted "
            "FROM orang_cari c LEFT JOIN orang o ON o.uid = c.uid "
            f"LEFT JOIN keluarga k ON k.uid = o.keluarga_uid WHERE c.{stale} LIMIT ?"
        ),
        count_stale=f"SELECT count(*) FROM orang_cari WHERE {stale}",
        any_stale=f"SELECT 1 FROM orang_cari WHERE {stale} LIMIT 1",
        update=f"UPDATE orang_cari SET fonetik = ?, alamat = ?, basi = {sql.false} WHERE id = ?",
        add_word=sql.insert_or_ignore("kata_nama", "kata, fonetik"),
        add_key=sql.insert_or_ignore("kata_hapus", "kunci, fonetik"),
        mark_all=(
            f"INSERT INTO orang_cari(uid, basi) SELECT uid, {sql.true} FROM orang WHERE true "
            f"ON CONFLICT(uid) DO UPDATE SET {stale}"
        ),
    )


def _sql(connection: RawConnection) -> _Statements:
    return _statements(dialect.name_of(connection))


_CHUNK = 500  # bound parameters per IN (...) list


def deletion_keys(token: str) -> set[str]:
    """The token and every form of it with one letter dropped (empty keys left out)."""
    keys = {token[:i] + token[i + 1 :] for i in range(len(token))} | {token}
    keys.discard("")
    return keys


def _add_vocabulary(connection: RawConnection, words: set[tuple[str, str]]) -> None:
    """Insert unseen (token, phonetic) pairs and the deletion keys of new phonetic forms."""
    spelled = sorted(words)
    known: set[str] = set()
    for start in range(0, len(spelled), _CHUNK):
        chunk = [kata for kata, _phonetic in spelled[start : start + _CHUNK]]
        marks = ", ".join("?" for _ in chunk)
        known.update(
            row[0]
            for row in connection.execute(
                f"SELECT kata FROM kata_nama WHERE kata IN ({marks})", chunk
            )
        )
    new = [(kata, phonetic) for kata, phonetic in spelled if kata not in known]
    if not new:
        return
    statements = _sql(connection)
    connection.executemany(statements.add_word, new)
    connection.executemany(statements.add_key, sorted(_keys(new)))


def _keys(words: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """Deletion keys of the written and the phonetic form, both pointing to the phonetic
    token (the person index speaks phonetic): a typo is caught on whichever form shows it."""
    return {
        (key, phonetic)
        for kata, phonetic in words
        for key in deletion_keys(kata) | deletion_keys(phonetic)
    }


def rebuild_vocabulary_keys(connection: RawConnection) -> int:
    """Recompute ``kata_hapus`` from ``kata_nama`` (after a change of the key rules)."""
    words = list(connection.execute("SELECT kata, fonetik FROM kata_nama"))
    connection.execute("DELETE FROM kata_hapus")
    keys = sorted(_keys(words))
    connection.executemany(_sql(connection).add_key, keys)
    return len(keys)


def has_stale(connection: RawConnection) -> bool:
    """Cheap probe (partial index): is there anything for :func:`refresh` to do?"""
    return connection.execute(_sql(connection).any_stale).fetchone() is not None


def refresh(
    connection: RawConnection,
    *,
    batch: int = 5_000,
    max_rows: int | None = None,
    on_batch: Callable[[int, int], None] | None = None,
) -> int:
    """Recompute stale rows (all, or at most ``max_rows``); returns how many. Runs in the
    caller's transaction.

    ``on_batch(done, total)`` is called after each batch so long jobs can report progress
    and check for cancellation (raising there rolls the whole transaction back).
    """
    statements = _sql(connection)
    total = connection.execute(statements.count_stale).fetchone()[0]
    if max_rows is not None:
        total = min(total, max_rows)
    done = 0
    while done < total:
        rows = connection.execute(statements.stale, (min(batch, total - done),)).fetchall()
        if not rows:
            break
        updates: list[tuple[str, str, int]] = []
        words: set[tuple[str, str]] = set()
        for row_id, nama, deleted, alamat, dusun, keluarga_deleted in rows:
            if nama is None or deleted:
                updates.append(("", "", row_id))
                continue
            phonetic, pairs = derive_name(nama)
            words.update(pairs)
            address = "" if keluarga_deleted else address_words(alamat or "", dusun or "")
            updates.append((phonetic, address, row_id))
        if words:
            _add_vocabulary(connection, words)
        connection.executemany(statements.update, updates)
        done += len(rows)
        if on_batch is not None:
            on_batch(done, max(total, done))
    return done


def mark_all_stale(connection: RawConnection) -> None:
    connection.execute(_sql(connection).mark_all)


def rebuild(connection: RawConnection) -> int:
    """Mark every person stale and recompute: after a change to the name rules."""
    mark_all_stale(connection)
    return refresh(connection)
