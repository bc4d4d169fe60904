"""Search as you type: NIK and No. KK prefixes, misspelled and reversed names, address."""

from __future__ import annotations

from datetime import date

import pytest

from puskesos_desktop.domain.nik import make_nik, make_no_kk
from puskesos_desktop.services.desk import Desk
from puskesos_desktop.services.registry import RegistryService
from puskesos_desktop.services.registry_types import KeluargaData, KeluargaInput, OrangInput
from puskesos_desktop.services.search import SearchService, edit_distance

BORN = date(1968, 10, 4)
NIK = make_nik("332001", BORN, "L", 901)
KK = make_no_kk("332001", date(2012, 1, 9), 901)


@pytest.fixture
def registry(demo_desk: Desk) -> RegistryService:
    registry = RegistryService(demo_desk.context)
    registry.create_household(
        KeluargaInput(
            no_kk=KK,
            alamat="Jl. Mawar 7",
            rt="3",
            rw="1",
            dusun="Sidodadi",
            anggota=(
                OrangInput("MOCH. SOLICHIN", "L", nik=NIK, tanggal_lahir=BORN, hubungan="KEPALA"),
                OrangInput(
                    "Sri Wahyuningsih",
                    "P",
                    tanggal_lahir=date(1972, 1, 1),
                    nik=make_nik("332001", date(1972, 1, 1), "P", 902),
                    hubungan="ISTRI",
                ),
            ),
        )
    )
    return registry


def names(rows: list) -> list[str]:
    return [row.nama for row in rows]


def test_nik_prefix_finds_the_person_first(registry: RegistryService) -> None:
    for length in (6, 10, 14, 16):
        rows = registry.search(NIK[:length])
        assert NIK in [r.nik for r in rows]
    assert registry.search(NIK)[0].nama == "MOCH. SOLICHIN"
    assert registry.search(f"{NIK[:4]} {NIK[4:8]}.{NIK[8:]}")[0].nik == NIK  # typed with gaps


def test_no_kk_finds_the_household_members(registry: RegistryService) -> None:
    rows = registry.search(KK)
    assert names(rows) == ["MOCH. SOLICHIN", "Sri Wahyuningsih"]  # head first
    assert rows[0].no_kk == KK and "RT 003/RW 001" in rows[0].alamat


@pytest.mark.parametrize(
    "text",
    [
        "Solikin",
        "solikhin",
        "muhammad solichin",
        "Solichin Moch",
        "solihin muh",
        "SOLICH",
        "moch solic",
    ],
)
def test_misspelled_reordered_and_partial_names(registry: RegistryService, text: str) -> None:
    assert registry.search(text)[0].nama == "MOCH. SOLICHIN"


@pytest.mark.parametrize(
    ("name", "typed"),
    [
        ("Nadia", "naoia "),
        ("Damar", "daar "),
        ("Lulut", "luut "),
        ("Ajeng", "jaeng "),
        ("Kamila", "khmila "),
        ("Diah", "dah "),
    ],
)
def test_one_typo_in_a_short_name_is_found(
    registry: RegistryService, name: str, typed: str
) -> None:
    """Short names keep no shared trigram after a typo; the deletion keys still match."""
    registry.add_person(
        None, OrangInput(name, "P", tanggal_lahir=date(2001, 2, 3), alasan_tanpa_nik="TUNAWISMA")
    )
    assert name in names(registry.search(typed))


def test_address_and_name_words_combine(registry: RegistryService) -> None:
    assert names(registry.search("sidodadi"))[:2] == ["MOCH. SOLICHIN", "Sri Wahyuningsih"]
    assert names(registry.search("wahyuningsih mawar")) == ["Sri Wahyuningsih"]
    assert registry.search("mawar zzzzqq") == []


def test_empty_text_lists_by_name_and_limit_is_respected(registry: RegistryService) -> None:
    rows = registry.search("", limit=5)
    assert len(rows) == 5 and names(rows) == sorted(names(rows))
    assert len(registry.search("33", limit=7)) == 7


def test_changes_show_up_in_search(registry: RegistryService) -> None:
    uid = registry.search(NIK)[0].keluarga_uid
    registry.update_household(
        uid, KeluargaData(no_kk=KK, alamat="Jl. Melati 9", rt="3", rw="1", dusun="Sidodadi")
    )
    assert names(registry.search("melati"))[:2] == ["MOCH. SOLICHIN", "Sri Wahyuningsih"]
    assert "MOCH. SOLICHIN" not in names(registry.search("mawar"))


def test_rows_written_outside_the_services_are_indexed_on_next_search(
    demo_desk: Desk, registry: RegistryService
) -> None:
    """A sync bundle or an old database leaves stale rows; the search catches up."""
    person = registry.search(NIK)[0]
    with demo_desk.context.transaction() as session:
        session.connection().exec_driver_sql(
            "UPDATE orang SET nama = 'Bambang Pamungkas' WHERE uid = ?", (person.uid,)
        )
    assert [r.uid for r in SearchService(demo_desk.context).search("pamungkas")] == [person.uid]
    assert registry.search("solichin") == [] or registry.search("solichin")[0].uid != person.uid


def test_edit_distance_counts_typos() -> None:
    assert edit_distance("SOLIHIN", "SOLIHIN") == 0
    assert edit_distance("SOLIKIN", "SOLIHIN") == 1
    assert edit_distance("WAISTA", "WASITA") == 1  # swapped letters
    assert edit_distance("NADIA", "NAOIA") == 1
    assert edit_distance("ABCDEFG", "A") == 3  # capped


def test_search_does_not_wait_for_a_busy_writer(demo_desk: Desk, registry: RegistryService) -> None:
    """Stale rows while another process holds the write lock: search as is, no error."""
    import sqlite3

    person = registry.search(NIK)[0]
    with demo_desk.context.transaction() as session:
        session.connection().exec_driver_sql(
            "UPDATE orang SET nama = 'Bambang Pamungkas' WHERE uid = ?", (person.uid,)
        )
    writer = sqlite3.connect(demo_desk.paths.database, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    try:
        assert registry.search("pamungkas") == []  # not indexed yet, and no exception
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert [r.uid for r in registry.search("pamungkas")] == [person.uid]
