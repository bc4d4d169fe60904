"""Every change to a synced row is journalled in the same transaction, and rolls back with it."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.store import journal
from puskesos_desktop.store.models import JournalEntry, Keluarga, Orang

ACTOR = journal.Actor("3320012001-ab12", "admin")


def _journal(context: ServiceContext) -> list[JournalEntry]:
    with context.transaction() as session:
        return list(session.exec(select(JournalEntry).order_by(JournalEntry.seq)).all())


def test_create_update_delete_are_journalled(context: ServiceContext) -> None:
    with context.transaction() as session:
        keluarga = journal.create(session, ACTOR, Keluarga(no_kk="3320010101260001", rt="001"))
        uid = keluarga.uid
    with context.transaction() as session:
        keluarga = session.get(Keluarga, uid)
        assert journal.update(session, ACTOR, keluarga, rt="002", rw="003")
        assert not journal.update(session, ACTOR, keluarga, rt="002")
    with context.transaction() as session:
        journal.delete(session, ACTOR, session.get(Keluarga, uid))

    entries = _journal(context)
    assert [(e.op, e.rev, e.base_rev) for e in entries] == [
        ("upsert", 1, 0),
        ("upsert", 2, 1),
        ("delete", 3, 2),
    ]
    assert entries[0].fields["no_kk"] == "3320010101260001"
    assert entries[1].fields == {"rt": "002", "rw": "003"}
    assert entries[1].base == {"rt": "001", "rw": ""}
    assert {e.uid for e in entries} == {uid}
    assert all(e.by == "3320012001-ab12/admin" and e.origin == ACTOR.desk_id for e in entries)
    with context.transaction() as session:
        tombstone = session.get(Keluarga, uid)
        assert tombstone.deleted and tombstone.rev == 3


def test_failed_transaction_rolls_back_row_and_journal_together(context: ServiceContext) -> None:
    with pytest.raises(RuntimeError), context.transaction() as session:
        journal.create(session, ACTOR, Keluarga(no_kk="3320010101260002"))
        session.flush()
        raise RuntimeError("listrik padam")
    assert _journal(context) == []
    with context.transaction() as session:
        assert session.exec(select(Keluarga)).all() == []


def test_bulk_create_journals_like_create(context: ServiceContext) -> None:
    born = date(1980, 5, 17)
    with context.transaction() as session:
        journal.create(session, ACTOR, Orang(nama="SITI", jenis_kelamin="P", tanggal_lahir=born))
        journal.bulk_create(
            session, ACTOR, Orang, [{"nama": "SITI", "jenis_kelamin": "P", "tanggal_lahir": born}]
        )
    single, bulk = _journal(context)
    assert single.fields == bulk.fields
    assert (single.rev, single.base_rev, single.op) == (bulk.rev, bulk.base_rev, bulk.op)
    assert single.fields["tanggal_lahir"] == "1980-05-17"


def test_update_rejects_bookkeeping_fields(context: ServiceContext) -> None:
    with context.transaction() as session:
        keluarga = journal.create(session, ACTOR, Keluarga(no_kk=None))
        with pytest.raises(ValueError):
            journal.update(session, ACTOR, keluarga, rev=99)
