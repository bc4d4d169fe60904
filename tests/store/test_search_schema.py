"""The search index schema: triggers at head, FTS consistency, refresh, migration both ways."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from puskesos_desktop.domain.names import phonetic_tokens
from puskesos_desktop.store import migrate, search_index
from puskesos_desktop.store.db import make_engine


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def _normalised(sql: str) -> str:
    return " ".join(sql.split())


def test_head_has_every_search_trigger_as_written_in_the_store(template_db: Path) -> None:
    with _connect(template_db) as connection:
        found = dict(
            connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        )
    assert set(search_index.ALL_TRIGGERS) <= set(found)
    for name, sql in search_index.ALL_TRIGGERS.items():
        assert _normalised(found[name]) == _normalised(sql), name


def _add_person(connection: sqlite3.Connection, uid: str, nama: str, keluarga: str | None) -> None:
    connection.execute(
        "INSERT INTO orang (uid, rev, created_at, updated_at, origin, deleted, keluarga_uid, nik,"
        " alasan_tanpa_nik, tindak_lanjut_dukcapil, nama, jenis_kelamin, tempat_lahir, hubungan,"
        " status_kawin, agama, pendidikan, pekerjaan, disabilitas, disabilitas_derajat,"
        " penyakit_kronis, telepon, status_domisili, status_dasar, keterangan_status)"
        " VALUES (?, 1, '2026-01-01', '2026-01-01', 'x', 0, ?, NULL, '', 0, ?, 'L', '', '', '',"
        " '', '', '', '', '', '', '', '', 'HIDUP', '')",
        (uid, keluarga, nama),
    )


def _match(connection: sqlite3.Connection, expression: str) -> list[str]:
    return [
        row[0]
        for row in connection.execute(
            "SELECT c.uid FROM orang_fts JOIN orang_cari c ON c.id = orang_fts.rowid "
            "WHERE orang_fts MATCH ? ORDER BY c.uid",
            (expression,),
        )
    ]


def test_foreign_writes_are_marked_stale_and_refresh_indexes_them(
    tmp_path: Path, template_db: Path
) -> None:
    path = tmp_path / "copy.db"
    path.write_bytes(template_db.read_bytes())
    connection = _connect(path)
    connection.execute(
        "INSERT INTO keluarga (uid, rev, created_at, updated_at, origin, deleted, alamat, rt, rw,"
        " dusun, kode_wilayah) VALUES ('k1', 1, '2026-01-01', '2026-01-01', 'x', 0,"
        " 'Jl. Mawar', '', '', 'Krajan', '')"
    )
    _add_person(connection, "o1", "Moch. Solichin", "k1")
    _add_person(connection, "o2", "Djoko Soesilo", None)
    assert search_index.has_stale(connection)
    assert search_index.refresh(connection) == 2
    assert not search_index.has_stale(connection)
    assert _match(connection, "fonetik : SOLIHIN") == ["o1"]
    assert _match(connection, "fonetik : (JOKO AND SUSILO)") == ["o2"]
    assert _match(connection, "alamat : MAWAR") == ["o1"]
    words = dict(connection.execute("SELECT kata, fonetik FROM kata_nama"))
    assert words["SOESILO"] == "SUSILO" and words["MUHAMMAD"] == "MUHAMAD"
    keys = set(connection.execute("SELECT kunci, fonetik FROM kata_hapus"))
    assert {("SOLIHN", "SOLIHIN"), ("SOLICHN", "SOLIHIN")} <= keys  # phonetic and written
    assert search_index.rebuild_vocabulary_keys(connection) == len(keys)

    connection.execute("UPDATE keluarga SET alamat = 'Jl. Melati' WHERE uid = 'k1'")
    connection.execute("UPDATE orang SET deleted = 1 WHERE uid = 'o2'")
    assert search_index.refresh(connection) == 2
    assert _match(connection, "alamat : MELATI") == ["o1"]
    assert _match(connection, "alamat : MAWAR") == []
    assert _match(connection, "fonetik : JOKO") == []
    connection.execute("INSERT INTO orang_fts(orang_fts) VALUES ('integrity-check')")
    assert search_index.rebuild(connection) == 2
    connection.execute("INSERT INTO orang_fts(orang_fts) VALUES ('integrity-check')")
    connection.close()


def test_downgrade_to_0001_and_back(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "bolak-balik.db")
    migrate.upgrade(engine)
    from alembic import command

    config = migrate.alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
    with engine.connect() as connection:
        names = {r[0] for r in connection.exec_driver_sql("SELECT name FROM sqlite_master")}
    assert not {n for n in names if n.startswith(("orang_fts", "orang_cari", "kata_"))}
    migrate.upgrade(engine)
    engine.dispose()
    assert migrate.stored_revision(tmp_path / "bolak-balik.db") == migrate.SCHEMA_HEAD


def test_fts_tables_are_not_models_for_alembic() -> None:
    assert not migrate.include_name("orang_fts_data", "table", {})
    assert not migrate.include_name("kata_nama_tri", "table", {})
    assert migrate.include_name("orang_cari", "table", {})


NAME_PARTS = st.sampled_from(
    [
        "Moch.",
        "H.",
        "Siti",
        "St.",
        "Noor",
        "Djoko",
        "Soesilo",
        "Solichin",
        "Abd.",
        "M.",
        "Dewi",
        "S.Pd.",
        "Ahmad",
        "Nur",
        "Tjahjo",
        "Yusuf",
        "Fatimah",
        "Dedy",
        "Zaenal",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(NAME_PARTS, min_size=1, max_size=4))
def test_cached_name_keys_equal_the_domain_rule(parts: list[str]) -> None:
    """The index caches per token; it must give exactly what domain.names gives."""
    name = " ".join(parts)
    assert search_index.derive_name(name)[0] == " ".join(phonetic_tokens(name))
