"""Two officers on one PostgreSQL server append to the audit chain at the same moment.

Without the chain lock both read the same head and take the same id: one transaction then
fails on the primary key and its change is lost. With it the second waits for the first.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import text

from puskesos_desktop.store import audit_log
from puskesos_desktop.store.db import session_scope

WAIT_ROUNDS = 2000


def _second_officer_waiting(context: Any) -> bool:
    with context.engine.connect() as connection:
        waiting = connection.execute(
            text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
        ).scalar_one()
    return waiting == 1


def test_concurrent_appends_wait_for_each_other_and_keep_the_chain(
    backend: str, context: Any
) -> None:
    if backend != "postgresql":
        pytest.skip("SQLite has one writer per file: the question does not arise")
    errors: list[BaseException] = []

    def second_officer() -> None:
        try:
            with session_scope(context.engine) as session:
                audit_log.append(session, operator="budi", action="login")
        except BaseException as error:  # reported to the test thread below
            errors.append(error)

    with session_scope(context.engine) as session:
        audit_log.append(session, operator="siti", action="login")
        session.flush()
        other = threading.Thread(target=second_officer)
        other.start()
        for _ in range(WAIT_ROUNDS):
            if _second_officer_waiting(context) or not other.is_alive():
                break
        assert other.is_alive(), "the second append did not wait for the first"
    other.join(timeout=60)
    assert errors == []
    with session_scope(context.engine) as session:
        rows = session.execute(text("SELECT id, operator FROM jejak_audit ORDER BY id")).all()
    assert [operator for _, operator in rows][-2:] == ["siti", "budi"]
    assert [row_id for row_id, _ in rows] == list(range(1, len(rows) + 1))
