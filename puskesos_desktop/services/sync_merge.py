"""Applying incoming changes to the local rows: fast-forward, field merge, conflicts.

Runs inside the caller's transaction (one bundle or one group of parts = one transaction,
together with its bundle log row). For each change:

* its ``change_id`` is already in the journal → skipped (idempotent);
* the row does not exist → inserted (bulk: 50,000 new rows go through ``executemany``);
* the row exists → field by field. A field whose local value equals the change's ``base``
  takes the incoming value; a field already equal to it needs nothing; a field changed on
  both sides to different values becomes a :class:`~puskesos_desktop.store.models.Conflict`
  and keeps the local value. When every touched field matched its base and the local
  ``rev`` equals ``base_rev`` the change is a plain fast-forward (the row takes its ``rev``).
  The comparison is by value, not only by ``rev``: after a conflict two desks may hold the
  same ``rev`` with different values, and a rev-only fast-forward would then overwrite an
  unsent local edit silently.
* deletes are tombstones. Delete of a row edited locally since the base, and an edit of a
  row deleted locally, are conflicts on the ``deleted`` field (the edit's values are still
  written into the hidden row, so choosing "restore" loses nothing).

Every applied change is written to the change journal with the sender as ``origin``: that
makes ``change_id`` unique forever and keeps the change out of the export back to the
sender. A field taken from an incoming change closes an open conflict on the same field
(the other desk resolved it; ``choice = "remote"``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from sqlalchemy import insert, select, update
from sqlmodel import Session

from puskesos_desktop.jobs import CancelToken
from puskesos_desktop.services.sync_rules import (
    ColumnRule,
    normalise,
    parse_moment,
    table_columns,
    to_column,
    to_json,
)
from puskesos_desktop.services.sync_store import (
    defaults_json,
    insert_journal,
    insert_rows,
    journal_tuple,
    known_change_ids,
    store_moment,
)
from puskesos_desktop.store.models import SYNCED_TABLES, Conflict, JournalEntry
from puskesos_desktop.store.models.base import utcnow
from puskesos_desktop.sync.bundle import Change

CHUNK = 1_000
_DELETED = ColumnRule("bool", False, None, False)


@dataclass
class MergeCounts:
    applied: int = 0
    skipped: int = 0
    conflicts: int = 0
    per_table: Counter[str] = field(default_factory=Counter)


def _chunks(changes: Iterable[Change], size: int) -> Iterator[list[Change]]:
    iterator = iter(changes)
    while chunk := list(islice(iterator, size)):
        yield chunk


class Merger:
    """Applies changes from one sender; keeps per-call caches (defaults, open conflicts)."""

    def __init__(
        self,
        session: Session,
        origin: str,
        cancel: CancelToken | None = None,
        protected: frozenset[tuple[str, str, str]] = frozenset(),
    ) -> None:
        self.session = session
        self.protected = protected
        self.connection = session.connection()
        self.origin = origin
        self.cancel = cancel
        self.counts = MergeCounts()
        self._defaults: dict[str, dict[str, Any]] = {}
        self._at_cache: dict[str, str] = {}
        rows = self.connection.execute(
            select(Conflict.table_name, Conflict.uid, Conflict.field).where(  # type: ignore[call-overload]
                Conflict.resolved == False  # noqa: E712
            )
        )
        self._open = {(t, u, f) for t, u, f in rows}
        self._new_conflicts: list[dict[str, Any]] = []

    # -- driver ---------------------------------------------------------------------------
    def apply(self, changes: Iterable[Change]) -> MergeCounts:
        for chunk in _chunks(changes, CHUNK):
            if self.cancel is not None:
                self.cancel.check()
            self._apply_chunk(chunk)
        return self.counts

    def _apply_chunk(self, chunk: list[Change]) -> None:
        known = known_change_ids(self.connection, [change.change_id for change in chunk])
        rows = self._load_rows(chunk)
        inserts: dict[str, dict[str, dict[str, Any]]] = {t: {} for t in SYNCED_TABLES}
        updates: dict[tuple[str, str], dict[str, Any]] = {}
        entries: list[tuple[Any, ...]] = []
        conflicts = self._new_conflicts = []
        for change in chunk:
            if change.change_id in known:
                self.counts.skipped += 1
                continue
            known.add(change.change_id)
            entries.append(journal_tuple(change, self.origin, self._stored_at(change.at)))
            self.counts.per_table[change.table] += 1
            key = (change.table, change.uid)
            row = rows.get(key)
            if row is None:
                new = self._new_row(change)
                if new is not None:
                    inserts[change.table][change.uid] = new
                    rows[key] = new
                self.counts.applied += 1
                continue
            pending = inserts[change.table].get(change.uid)
            target = pending if pending is not None else updates.setdefault(key, {})
            found = self._merge(change, row, target)
            self.counts.conflicts += len(found)
            conflicts.extend(found)
            self.counts.applied += 1
        for table, new_rows in inserts.items():
            insert_rows(self.connection, table, new_rows.values())
        for (table, uid), values in updates.items():
            if values:
                model_table = SYNCED_TABLES[table].__table__  # type: ignore[attr-defined]
                self.connection.execute(
                    update(model_table).where(model_table.c.uid == uid).values(**values)
                )
        insert_journal(self.connection, entries)
        if conflicts:
            self.connection.execute(insert(Conflict.__table__), conflicts)  # type: ignore[attr-defined]

    def _stored_at(self, at: str) -> str:
        """A bulk import stamps thousands of changes alike: convert each distinct one once."""
        stored = self._at_cache.get(at)
        if stored is None:
            if len(self._at_cache) > 10_000:
                self._at_cache.clear()
            stored = self._at_cache[at] = store_moment(at)
        return stored

    def _load_rows(self, chunk: list[Change]) -> dict[tuple[str, str], dict[str, Any]]:
        wanted: dict[str, set[str]] = {}
        for change in chunk:
            wanted.setdefault(change.table, set()).add(change.uid)
        rows: dict[tuple[str, str], dict[str, Any]] = {}
        for table, uids in wanted.items():
            model_table = SYNCED_TABLES[table].__table__  # type: ignore[attr-defined]
            result = self.connection.execute(
                select(model_table).where(model_table.c.uid.in_(list(uids)))
            )
            for mapping in result.mappings():
                rows[(table, mapping["uid"])] = dict(mapping)
        return rows

    # -- new rows ---------------------------------------------------------------------------
    def _new_row(self, change: Change) -> dict[str, Any] | None:
        """The row a creation (or, rarely, a change of a row never seen here) describes.

        Values stay in travelling form (dates as ISO text) until :func:`insert_rows`.
        """
        columns = table_columns(change.table)
        if any(rule.required and name not in change.fields for name, rule in columns.items()):
            return None  # an edit of a row this desk never received: nothing to apply to
        defaults = self._defaults.get(change.table)
        if defaults is None:
            defaults = self._defaults[change.table] = defaults_json(change.table)
        moment = parse_moment(change.at)
        row = {**defaults, **change.fields}
        deleted = bool(row.pop("deleted", False)) or change.op == "delete"
        row.update(
            uid=change.uid,
            rev=change.rev,
            created_at=moment,
            updated_at=moment,
            origin=change.by.partition("/")[0],
            deleted=deleted,
            deleted_at=moment if deleted else None,
        )
        return row

    # -- existing rows ------------------------------------------------------------------------
    def _merge(
        self, change: Change, row: dict[str, Any], target: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Merge ``change`` into ``row`` (kept current); new values go into ``target``."""
        columns = table_columns(change.table)
        moment = parse_moment(change.at)
        local_rev = row["rev"]
        found: list[dict[str, Any]] = []
        taken: dict[str, Any] = {}
        if change.op == "delete":
            if row["deleted"]:
                self._close_conflict(change.table, change.uid, "deleted")  # both deleted it
            else:
                if local_rev == change.base_rev:
                    taken["deleted"] = True
                else:
                    found.append(self._conflict(change, row, "deleted", False, False, True))
        else:
            for name, theirs in change.fields.items():
                rule = _DELETED if name == "deleted" else columns[name]
                ours = normalise(rule, row[name])
                if ours == normalise(rule, theirs):
                    self._close_conflict(change.table, change.uid, name)  # both agree now
                    continue
                if (change.table, change.uid, name) in self.protected:
                    found.append(self._overruled(change, row, name, rule, theirs))
                    continue
                if name in change.base and normalise(rule, change.base[name]) == ours:
                    taken[name] = to_column(rule, theirs)
                else:
                    base = change.base.get(name)
                    found.append(
                        self._conflict(change, row, name, base, to_json(rule, row[name]), theirs)
                    )
            if row["deleted"] and "deleted" not in change.fields and change.base_rev > 0:
                found.append(self._conflict(change, row, "deleted", False, True, False))
        for name, value in taken.items():
            row[name] = target[name] = value
            if name == "deleted":
                row["deleted_at"] = target["deleted_at"] = moment if value else None
            self._close_conflict(change.table, change.uid, name)
        fast_forward = not found and local_rev == change.base_rev
        new_rev = change.rev if fast_forward else max(local_rev, change.rev)
        if new_rev != local_rev:
            row["rev"] = target["rev"] = new_rev
        if taken:
            row["updated_at"] = target["updated_at"] = max(_aware(row["updated_at"]), moment)
        return found

    def _conflict(
        self, change: Change, row: dict[str, Any], name: str, base: Any, ours: Any, theirs: Any
    ) -> dict[str, Any]:
        journal = JournalEntry.__table__  # type: ignore[attr-defined]
        last = self.connection.execute(
            select(journal.c.by, journal.c.at)
            .where(journal.c.table_name == change.table, journal.c.uid == change.uid)
            .order_by(journal.c.seq.desc())
            .limit(1)
        ).first()
        # A newer conflict on the same field supersedes an open older one: the other desk
        # has moved on, only its latest value is still a choice (the old record stays).
        self._close_conflict(change.table, change.uid, name, choice="superseded")
        self._open.add((change.table, change.uid, name))
        return {
            "table_name": change.table,
            "uid": change.uid,
            "field": name,
            "base": base,
            "ours": ours,
            "theirs": theirs,
            "ours_by": last.by if last else "",
            "ours_at": _aware(last.at) if last else _aware(row["updated_at"]),
            "theirs_by": change.by,
            "theirs_at": parse_moment(change.at),
            "origin": self.origin,
            "change_id": change.change_id,
            "created_at": utcnow(),
            "resolved": False,
            "resolved_at": None,
            "resolved_by": None,
            "choice": None,
        }

    def _overruled(
        self, change: Change, row: dict[str, Any], name: str, rule: ColumnRule, theirs: Any
    ) -> dict[str, Any]:
        """The sender changed a field this desk resolved before the sender saw the resolution.

        Both desks resolved the same conflict at once. The district arbitrates: its
        resolution stands (the village takes it when it arrives), and the village's value
        is kept in a closed conflict record, so it is not silently lost either.
        """
        record = self._conflict(
            change, row, name, change.base.get(name), to_json(rule, row[name]), theirs
        )
        self._open.discard((change.table, change.uid, name))
        record.update(
            resolved=True, resolved_at=utcnow(), resolved_by=self.origin, choice="superseded"
        )
        self.counts.conflicts -= 1  # nothing waits for a decision
        return record

    def _close_conflict(self, table: str, uid: str, name: str, choice: str = "remote") -> None:
        if (table, uid, name) not in self._open:
            return
        self._open.discard((table, uid, name))
        for pending in self._new_conflicts:  # recorded earlier in this chunk, not yet written
            if (pending["table_name"], pending["uid"], pending["field"]) == (table, uid, name):
                pending.update(
                    resolved=True, resolved_at=utcnow(), resolved_by=self.origin, choice=choice
                )
        conflict = Conflict.__table__  # type: ignore[attr-defined]
        self.connection.execute(
            update(conflict)
            .where(
                conflict.c.table_name == table,
                conflict.c.uid == uid,
                conflict.c.field == name,
                conflict.c.resolved == False,  # noqa: E712
            )
            .values(resolved=True, resolved_at=utcnow(), resolved_by=self.origin, choice=choice)
        )


def _aware(moment: Any) -> Any:
    from datetime import UTC, datetime

    if isinstance(moment, datetime) and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment
