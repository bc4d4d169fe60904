"""Search as you type over the registry: NIK/No. KK prefix, name (typo tolerant), address.

Designed for a million persons and a keystroke budget of a few milliseconds:

* digits only → range scans on the ``nik`` and ``no_kk`` indexes;
* words → each word becomes an FTS5 term over the phonetic name tokens (so Solichin,
  Solikhin and Solihin are one token) or, as a prefix, the address words; words are
  ANDed in any order, so "Solichin Moch" finds "MOCH. SOLICHIN";
* typo tolerance works on the *vocabulary* of distinct name tokens (a trigram FTS5 index
  over a few thousand words) and only when exact spellings did not fill the page:
  "Solikin" → SOLIHIN; the person index then looks up the corrected tokens;
* the FTS query has a ``LIMIT`` and no ranking in SQL, then at most :data:`CANDIDATES`
  rows are ranked in Python: a cheap per-token score for all, and
  :func:`~puskesos_desktop.domain.names.name_similarity` for the top ones.

No step touches every row; the cost depends on the page size, not on the registry size.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.names import name_similarity, name_tokens, phonetic_tokens
from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.services.registry_types import PersonRow, format_address
from puskesos_desktop.store import dialect, queries, search_index
from puskesos_desktop.store.dialect import RawConnection

CANDIDATES = 250
"""Most rows the FTS query returns for ranking (bounded Python work per keystroke)."""
RERANK = 6
"""Distinct names at the top (by the cheap score) re-ranked with the full name similarity.
name_similarity costs 0.3–1.5 ms a pair, the cheap per-token score a few microseconds, so
only the head of the list, where the order matters most, gets the expensive look."""
VARIANTS_PER_WORD = 8
VOCABULARY_PROBE = 40
MAX_LIMIT = 500
REFRESH_WAIT_MS = 200
REFRESH_ROWS = 5_000
"""At most this many stale rows are indexed during one search (about 0.3 s); a big
backlog (an upgraded old database) is the job of ``RegistryService.refresh_search_index``."""
DEFAULT_BUSY_MS = 5_000  # as set for every connection by store.db

log = logging.getLogger(__name__)

_NUMBER = re.compile(r"^[0-9 .\-]+$")


@dataclass
class _Word:
    """One typed word and the name tokens it may mean, with weights."""

    written: str
    phonetic: str
    typing: bool  # the last word, maybe unfinished: also matches as a prefix
    weights: dict[str, float] = field(default_factory=dict)

    def fts(self, postgres: bool = False) -> str:
        """This word as a term of the engine's full-text query (FTS5 or tsquery)."""
        prefixes = [self.phonetic] if self.typing and len(self.phonetic) >= 2 else []
        address = self.written if len(self.written) >= 2 else None
        term = queries.ts_term if postgres else queries.fts_term
        return term(sorted(self.weights), prefixes, address)

    def score(self, name_tokens_: list[str], address_words: list[str]) -> float:
        best = max((self.weights.get(token, 0.0) for token in name_tokens_), default=0.0)
        if best < 0.9 and self.typing and any(t.startswith(self.phonetic) for t in name_tokens_):
            best = 0.9
        if best < 0.95 and self.written in address_words:
            best = 0.95  # an exact address word beats a misspelled name
        elif best < 0.8 and any(w.startswith(self.written) for w in address_words):
            best = 0.8
        return best


class SearchService:
    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    def search(self, text: str, limit: int = 50) -> list[PersonRow]:
        """Best matches first; empty text lists the first persons by name."""
        limit = max(1, min(limit, MAX_LIMIT))
        query = text.strip()
        if _NUMBER.match(query) and any(c.isdigit() for c in query):
            digits = re.sub(r"[^0-9]", "", query)
            with self._context.read_connection() as connection:
                return _by_number(connection, digits, limit)
        words = _words(text)
        with self._context.read_connection() as connection:
            if not words:
                return [_row(r) for r in queries.persons_in_name_order(connection, limit)]
            if not search_index.has_stale(connection):
                return _by_words(connection, query, words, limit)
        self._refresh_index()
        with self._context.read_connection() as connection:
            return _by_words(connection, query, words, limit)

    def _refresh_index(self) -> None:
        """Catch up after writers that bypass the services (sync bundles, old schema).

        A keystroke must not wait for a long import holding the write lock: if the lock is
        not free within :data:`REFRESH_WAIT_MS`, this search uses the index as it is. Nor
        for a huge backlog: at most :data:`REFRESH_ROWS` rows are caught up per search.
        """
        try:
            with self._context.transaction() as session:
                connection = dialect.raw(session.connection())
                with dialect.lock_wait(connection, REFRESH_WAIT_MS, usual_ms=DEFAULT_BUSY_MS):
                    search_index.refresh(connection, max_rows=REFRESH_ROWS)
        except UserError:
            log.info("indeks pencarian belum diperbarui: basis data sedang dipakai")


def _words(text: str) -> list[_Word]:
    written = [t for t in name_tokens(text) if not t.isdigit()]
    phonetic = [
        p for t, p in zip(name_tokens(text), phonetic_tokens(text), strict=True) if not t.isdigit()
    ]
    typing = not text.endswith((" ", "\t"))
    words = [
        _Word(w, p, typing and i == len(written) - 1, {p: 1.0})
        for i, (w, p) in enumerate(zip(written, phonetic, strict=True))
    ]
    if sum(len(w.written) for w in words) < 2:
        return []
    return words


def _by_number(connection: RawConnection, digits: str, limit: int) -> list[PersonRow]:
    rows = queries.persons_by_nik_prefix(connection, digits, limit)
    if len(rows) < limit:
        seen = {row[0] for row in rows}
        more = queries.persons_by_kk_prefix(connection, digits, limit)
        rows += [row for row in more if row[0] not in seen][: limit - len(rows)]
    return [_row(row) for row in rows]


def _by_words(
    connection: RawConnection, query: str, words: list[_Word], limit: int
) -> list[PersonRow]:
    for word in words:
        if word.typing and len(word.written) >= 3:
            for token in queries.vocabulary_by_prefix(connection, word.written, VARIANTS_PER_WORD):
                word.weights.setdefault(token, 0.9)
    rows = queries.persons_by_fts(connection, _expression(connection, words), CANDIDATES)
    if len(rows) < limit and _add_typo_variants(connection, words):
        seen = {row[0] for row in rows}
        more = queries.persons_by_fts(connection, _expression(connection, words), CANDIDATES)
        rows += [row for row in more if row[0] not in seen]
    return _rank(query, words, rows, limit)


def _expression(connection: RawConnection, words: list[_Word]) -> str:
    if dialect.is_postgres(connection):
        return " & ".join(word.fts(postgres=True) for word in words)
    return " AND ".join(word.fts() for word in words)


def edit_distance(a: str, b: str, cap: int = 3) -> int:
    """Optimal-string-alignment distance (typo = insert, delete, replace or swap), capped."""
    if abs(len(a) - len(b)) >= cap:
        return cap
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return min(previous[-1], cap)


def _typo_weight(word: _Word, token: str) -> float:
    """1 typo → 0.9, 2 typos (words of 6+ letters) → 0.75, else 0 (not a variant).

    Measured from the phonetic AND the written form of the typed word: folding can make a
    typo look bigger ("DAAR" folds to "DAR", two letters from "DAMAR"; "JAENG" folds its
    "AE" so the swap in "AJENG" no longer shows).
    """
    forms = {word.phonetic, word.written}
    distance = min(edit_distance(form, token) for form in forms)
    if word.typing:
        distance = min(
            [distance]
            + [edit_distance(form, token[: len(form)]) for form in forms if len(token) > len(form)]
        )
    allowed = 1 if len(word.written) <= 5 else 2
    if distance > allowed:
        return 0.0
    return {0: 0.95, 1: 0.9}.get(distance, 0.75) - 0.01 * abs(len(token) - len(word.phonetic))


def _add_typo_variants(connection: RawConnection, words: list[_Word]) -> bool:
    """Add misspelling candidates from the vocabulary; True when any word gained one.

    Two index lookups find them: the single-deletion keys of the written and phonetic
    forms (one typo anywhere, even in a four-letter name where no trigram survives) and,
    for long or unfinished words, shared trigrams.
    """
    added = False
    for word in words:
        if len(word.written) < 3:
            continue
        keys = search_index.deletion_keys(word.phonetic) | search_index.deletion_keys(word.written)
        found = queries.vocabulary_by_deletion(connection, sorted(keys), VOCABULARY_PROBE * 4)
        if len(word.phonetic) >= 6 or word.typing:
            found += queries.vocabulary_similar(connection, word.phonetic, VOCABULARY_PROBE)
        scored = []
        for token in dict.fromkeys(found):
            if token not in word.weights and (weight := _typo_weight(word, token)) > 0:
                scored.append((weight, token))
        for weight, token in sorted(scored, reverse=True)[:VARIANTS_PER_WORD]:
            word.weights[token] = round(weight, 3)
            added = True
    return added


def _rank(query: str, words: list[_Word], rows: list[tuple], limit: int) -> list[PersonRow]:
    scored = []
    for row in rows:
        name_toks, address = row[13].split(), row[14].split()
        parts = [word.score(name_toks, address) for word in words]
        cheap = sum(parts) / len(parts)
        matched = sum(1 for t in name_toks if any(t in w.weights for w in words))
        cheap += 0.05 * matched / max(len(name_toks), 1)  # "SITI AMINAH" before "SITI AMINAH P."
        scored.append((cheap, row))
    scored.sort(key=lambda item: (-item[0], item[1][2]))
    if not scored:
        return []
    best_name = scored[0][1][13].split()
    if not any(word.score(best_name, []) > 0 for word in words):  # an address search
        return [_row(row, min(score, 1.0)) for score, row in scored[:limit]]
    similarity: dict[str, float] = {}
    head = []
    for cheap, row in scored:
        if row[2] not in similarity:
            if len(similarity) == RERANK:
                break
            similarity[row[2]] = name_similarity(query, row[2])
        head.append(((cheap + similarity[row[2]]) / 2, row))
    head.sort(key=lambda item: (-item[0], item[1][2]))
    ranked = head + scored[len(head) :]
    return [_row(row, min(score, 1.0)) for score, row in ranked[:limit]]


_address = lru_cache(maxsize=4_096)(format_address)  # members of a household share one


def _row(row: tuple, score: float = 0.0) -> PersonRow:
    born = row[4]
    return PersonRow(
        uid=row[0],
        nik=row[1],
        nama=row[2],
        jenis_kelamin=row[3],
        tanggal_lahir=date.fromisoformat(born) if born else None,
        alamat=_address(row[8] or "", row[9] or "", row[10] or "", row[11] or ""),
        no_kk=row[7],
        keluarga_uid=row[5],
        status_dasar=row[6],
        skor=round(score, 3),
    )
