"""The dialect layer: one code path for search, bulk SQL, date parts and locks on both engines.

Each test with ``context`` runs on SQLite and on a real PostgreSQL server.
"""

from __future__ import annotations

import threading
from datetime import date

from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.services.search import SearchService
from puskesos_desktop.store import dialect, journal, search_index
from puskesos_desktop.store.models import Keluarga, Orang

ACTOR = journal.Actor("3320012001-ab12", "admin")


def _registry(context: ServiceContext) -> dict[str, str]:
    people = {
        "solichin": ("MOCH. SOLICHIN", date(1970, 3, 4), "Jl. Mawar"),
        "djoko": ("DJOKO SOESILO", date(1981, 3, 9), "Dk. Krajan"),
        "siti": ("SITI AMINAH", date(1981, 11, 2), "Jl. Melati"),
    }
    uids = {}
    with context.transaction() as session:
        for key, (nama, born, alamat) in people.items():
            keluarga = journal.create(session, ACTOR, Keluarga(alamat=alamat, dusun="Krajan"))
            session.flush()
            orang = Orang(
                keluarga_uid=keluarga.uid, nama=nama, jenis_kelamin="L", tanggal_lahir=born
            )
            uids[key] = journal.create(session, ACTOR, orang).uid
    return uids


def test_foreign_writes_are_marked_stale_and_name_search_finds_them(
    context: ServiceContext,
) -> None:
    uids = _registry(context)  # written without refresh: as a sync bundle would
    with context.engine.connect() as connection:
        assert search_index.has_stale(dialect.raw(connection))
    search = SearchService(context)
    assert [row.uid for row in search.search("solihin")] == [uids["solichin"]]
    with context.engine.connect() as connection:
        assert not search_index.has_stale(dialect.raw(connection))
    assert search.search("joko susilo")[0].uid == uids["djoko"]
    assert search.search("solikin")[0].uid == uids["solichin"]  # a typo, via the vocabulary
    assert search.search("melati")[0].uid == uids["siti"]  # an address word
    assert search.search("amin")[0].uid == uids["siti"]  # still typing: a prefix

    with context.transaction() as session:
        journal.delete(session, ACTOR, session.get(Orang, uids["siti"]))
    assert search.search("siti aminah") == []
    assert [row.nik for row in search.search("")] == [None, None]


def test_vocabulary_rebuild_counts_the_same_keys(context: ServiceContext) -> None:
    _registry(context)
    with context.transaction() as session:
        connection = dialect.raw(session.connection())
        assert search_index.rebuild(connection) == 3
        keys = connection.execute("SELECT count(*) FROM kata_hapus").fetchone()[0]
        assert search_index.rebuild_vocabulary_keys(connection) == keys


def test_raw_statements_use_one_placeholder_style(context: ServiceContext) -> None:
    _registry(context)
    sql = dialect.sql(context.engine)
    with context.engine.connect() as connection:
        raw = dialect.raw(connection)
        found = raw.execute(
            f"SELECT nama FROM orang WHERE nama LIKE '%O%' AND tanggal_lahir >= ? "
            f"AND deleted = {sql.false} ORDER BY nama",
            ("1975-01-01",),
        ).fetchall()
    assert [row[0] for row in found] == ["DJOKO SOESILO"]


def test_stream_lock_makes_a_second_transaction_wait(context: ServiceContext) -> None:
    """On PostgreSQL the lock is real (the second holder waits for the first to commit);
    on SQLite it is a no-op and the file's single writer does that job."""
    order: list[str] = []
    first_has_it = threading.Event()

    def second() -> None:
        first_has_it.wait(10)
        with context.transaction() as session:
            dialect.stream_lock(session, "aliran-masuk:3320012001-ab12")
            order.append("kedua")

    worker = threading.Thread(target=second)
    worker.start()
    with context.transaction() as session:
        dialect.stream_lock(session, "aliran-masuk:3320012001-ab12")
        first_has_it.set()
        worker.join(0.5 if dialect.is_postgres(context.engine) else 10)
        order.append("pertama")
    worker.join(10)
    expected = ["pertama", "kedua"] if dialect.is_postgres(context.engine) else ["kedua", "pertama"]
    assert order == expected


def test_retryable_errors_are_found_through_wrappers() -> None:
    class DeadlockError(Exception):
        sqlstate = "40P01"

    wrapped = RuntimeError("UserError-like")
    wrapped.__cause__ = DeadlockError()
    assert dialect.is_retryable(wrapped)
    assert not dialect.is_retryable(RuntimeError("other"))
