"""The audit hash chain: journal writes are logged, the chain verifies, tampering is found."""

from __future__ import annotations

import sqlite3

import pytest

from puskesos_desktop.domain.audit import AuditAction
from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.store import journal
from puskesos_desktop.store.models import Orang


def _db(desk) -> sqlite3.Connection:
    return sqlite3.connect(desk.paths.database)


def _add_entries(desk, count: int) -> None:
    for number in range(count):
        desk.audit.record(AuditAction.EXPORT, detail={"nomor": number})


def test_journal_writes_are_audited_in_the_same_transaction(demo_desk) -> None:
    person = demo_desk.registry.search("", limit=1)[0]
    before = demo_desk.audit.head().last_id
    with demo_desk.context.transaction() as session:
        row = session.get(Orang, person.uid)
        journal.update(session, demo_desk.context.require_actor(), row, pekerjaan="Petani Kopi")
    rows = demo_desk.audit.search(text=person.uid)
    assert demo_desk.audit.head().last_id == before + 1
    assert (rows[0].action, rows[0].operator) == (AuditAction.UPDATE, "admin")
    assert (rows[0].target_table, rows[0].target_uid) == ("orang", person.uid)
    assert '"fields":["pekerjaan"]' in rows[0].detail
    assert "Petani" not in rows[0].detail  # values stay in the journal, not in the audit log


def test_fresh_chain_verifies(demo_desk) -> None:
    _add_entries(demo_desk, 5)
    result = demo_desk.audit.verify()
    assert result.ok and result.first_broken_id is None
    assert result.checked == demo_desk.audit.head().last_id >= 5


@pytest.mark.parametrize("column", ["operator", "detail", "at", "hash"])
def test_editing_a_row_with_raw_sql_is_found_at_that_row(demo_desk, column: str) -> None:
    _add_entries(demo_desk, 6)
    last = demo_desk.audit.head().last_id
    target = last - 3
    with _db(demo_desk) as connection:
        connection.execute(
            f"UPDATE jejak_audit SET {column} = {column} || 'x' WHERE id = ?", (target,)
        )
    result = demo_desk.audit.verify()
    assert (result.ok, result.first_broken_id, result.reason) == (False, target, "changed")
    assert result.checked == target - 1


def test_deleting_a_row_is_found_at_that_row(demo_desk) -> None:
    _add_entries(demo_desk, 4)
    target = demo_desk.audit.head().last_id - 2
    with _db(demo_desk) as connection:
        connection.execute("DELETE FROM jejak_audit WHERE id = ?", (target,))
    result = demo_desk.audit.verify()
    assert (result.ok, result.first_broken_id, result.reason) == (False, target, "missing")


def test_a_rehashed_row_breaks_the_link_of_the_next(demo_desk) -> None:
    """Recomputing a forged row's own hash does not help: its successor points elsewhere."""
    from puskesos_desktop.domain.audit import entry_hash

    _add_entries(demo_desk, 3)
    target = demo_desk.audit.head().last_id - 1
    with _db(demo_desk) as connection:
        connection.row_factory = sqlite3.Row
        row = dict(
            connection.execute("SELECT * FROM jejak_audit WHERE id = ?", (target,)).fetchone()
        )
        row["operator"] = "penyusup"
        forged = entry_hash(row, row["prev_hash"])
        connection.execute(
            "UPDATE jejak_audit SET operator = 'penyusup', hash = ? WHERE id = ?", (forged, target)
        )
    result = demo_desk.audit.verify()
    assert (result.ok, result.first_broken_id) == (False, target + 1)


def test_rolled_back_call_leaves_no_audit_entry(demo_desk) -> None:
    before = demo_desk.audit.head()
    with pytest.raises(RuntimeError), demo_desk.context.transaction() as session:
        demo_desk.audit.record(AuditAction.EXPORT, session=session)
        raise RuntimeError("crash")
    assert demo_desk.audit.head() == before
    _add_entries(demo_desk, 1)
    assert demo_desk.audit.verify().ok


def test_who_viewed_lists_openings_of_the_person_record(demo_desk) -> None:
    person = demo_desk.registry.search("", limit=1)[0]
    demo_desk.timeline.person(person.uid)
    rows = demo_desk.audit.who_viewed(person.uid)
    assert [(r.operator, r.action) for r in rows] == [("admin", AuditAction.VIEW_SENSITIVE)]


def test_operator_may_not_read_the_audit_log(demo_desk) -> None:
    demo_desk.context.operator_role = "operator"
    with pytest.raises(UserError, match="Peran Anda \\(operator\\) tidak boleh melihat"):
        demo_desk.audit.search()
