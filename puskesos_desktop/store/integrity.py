"""SQLite's full ``integrity_check``, and the one repair that is safe to do without asking.

Start-up runs only ``quick_check``: it reads every page and catches a cut or overwritten
file in a fraction of the time, but it does not compare index entries with their table
rows. One changed byte inside an index (a bad sector, a cheap flashdisk) therefore passes
it, and queries that use that index then miss rows or find wrong ones. The full check
compares them; it is run once a day, before the daily backup (``services.integrity``).

When every problem the full check names is a mismatch inside an index, the table rows that
every screen shows are the readable truth, and ``REINDEX`` rebuilds the index from them;
nothing the user typed is touched. Any other problem is damage to the data itself, which
only a backup can undo.

The functions take a DB-API connection opened through ``store.cipher.connect`` (directly or
through the engine), so an encrypted desk is checked and repaired with its key.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from puskesos_desktop.store.cipher import sqlite_errors

log = logging.getLogger(__name__)

MAX_PROBLEMS = 100  # enough to classify; a wrecked file could list millions
_INDEX_PROBLEM = re.compile(
    r"(?:missing from index|wrong # of entries in index|non-unique entry in index) (\S+)$"
)


@dataclass(frozen=True)
class Findings:
    """What ``PRAGMA integrity_check`` said; empty ``problems`` means healthy."""

    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def damaged_indexes(self) -> frozenset[str] | None:
        """The indexes to rebuild when the damage is in indexes only; None otherwise."""
        names: set[str] = set()
        for problem in self.problems:
            match = _INDEX_PROBLEM.search(problem)
            if match is None:
                return None
            names.add(match[1])
        return frozenset(names) if names else None


def full_check(connection: Any) -> Findings:
    """Run the full check (seconds on a big desk: call it off the GUI thread)."""
    rows = connection.execute(f"PRAGMA integrity_check({MAX_PROBLEMS})").fetchall()
    problems = tuple(str(row[0]) for row in rows if row[0] != "ok")
    if problems:
        log.warning("integrity_check: %s", "; ".join(problems[:10]))
    return Findings(problems)


def rebuild_indexes(connection: Any, names: frozenset[str]) -> Findings:
    """``REINDEX`` each named index, then check the whole file again.

    Only names SQLite itself lists as indexes are used, quoted: the names come from the
    check's text, which comes from the (damaged) file. A repair that fails (say a UNIQUE
    index whose table now holds two equal keys) leaves the findings non-empty.
    """
    indexes = {
        row[0]
        for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
    }
    for name in sorted(names & indexes):
        quoted = '"' + name.replace('"', '""') + '"'
        try:
            connection.execute(f"REINDEX {quoted}")
        except sqlite_errors() as error:
            log.warning("REINDEX %s gagal: %s", name, error)
            return Findings((f"REINDEX {name}: {error}",))
    connection.commit()
    return full_check(connection)
