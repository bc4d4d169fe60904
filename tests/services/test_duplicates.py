"""Duplicate check before save, and both of the operator's answers."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import func, select

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.nik import make_nik, make_no_kk
from puskesos_desktop.services.desk import Desk
from puskesos_desktop.services.duplicates import DuplicateService
from puskesos_desktop.services.registry import RegistryService
from puskesos_desktop.services.registry_types import (
    DuplicateDecision,
    DuplicatesFound,
    KeluargaInput,
    OrangInput,
)
from puskesos_desktop.store.models import JournalEntry, KeputusanDuplikat, Orang

BORN = date(1968, 10, 4)


@pytest.fixture
def registry(demo_desk: Desk) -> RegistryService:
    return RegistryService(demo_desk.context)


def new_household(registry: RegistryService, serial: int, *members: OrangInput) -> str:
    data = KeluargaInput(
        no_kk=make_no_kk("332001", date(2012, 1, 9), serial), alamat="Dk. Krajan", anggota=members
    )
    return registry.create_household(data).keluarga_uid


def solichin(**changes: object) -> OrangInput:
    values = {
        "nama": "MOCH. SOLICHIN",
        "jenis_kelamin": "L",
        "tanggal_lahir": BORN,
        "nik": make_nik("332001", BORN, "L", 801),
        "hubungan": "KEPALA",
    }
    return OrangInput(**{**values, **changes})  # type: ignore[arg-type]


def count(desk: Desk, model: type) -> int:
    with desk.context.transaction() as session:
        return session.exec(select(func.count()).select_from(model)).one()


def test_moch_solichin_is_found_as_muhammad_solikhin(
    demo_desk: Desk, registry: RegistryService
) -> None:
    home = new_household(registry, 801, solichin())
    variant = OrangInput(
        "Muhammad Solikhin", "L", tanggal_lahir=BORN, alasan_tanpa_nik="DOKUMEN_HILANG"
    )
    with pytest.raises(DuplicatesFound) as caught:
        registry.add_person(home, variant)
    [candidate] = caught.value.candidates
    assert candidate.nama == "MOCH. SOLICHIN" and candidate.skor >= 0.9
    assert {"NAMA_MIRIP", "DESA_SAMA"} <= set(candidate.alasan)
    assert "mirip" in candidate.keterangan[0]
    check = registry.check_person(variant, keluarga_uid=home)
    assert [c.uid for c in check.candidates] == [candidate.uid] and not check.has_errors


def test_common_name_with_other_birth_date_is_not_flagged(registry: RegistryService) -> None:
    first = OrangInput(
        "Siti Aminah",
        "P",
        tanggal_lahir=date(1980, 1, 1),
        nik=make_nik("332001", date(1980, 1, 1), "P", 811),
        hubungan="KEPALA",
    )
    home = new_household(registry, 811, first)
    other = OrangInput(
        "SITI AMINAH",
        "P",
        tanggal_lahir=date(1984, 6, 12),
        nik=make_nik("332001", date(1984, 6, 12), "P", 812),
    )
    saved = registry.add_person(home, other)
    assert saved.created
    # Same day but a clearly different name is not a candidate either.
    assert (
        DuplicateService(registry._context).find(
            OrangInput("Siti Rahmah", "P", tanggal_lahir=date(1980, 1, 1))
        )
        == ()
    )


def test_same_nik_in_another_kk_is_flagged(registry: RegistryService) -> None:
    new_household(registry, 821, solichin())
    other_home = new_household(
        registry,
        822,
        OrangInput(
            "Sutrisno",
            "L",
            tanggal_lahir=date(1970, 2, 2),
            nik=make_nik("332001", date(1970, 2, 2), "L", 822),
            hubungan="KEPALA",
        ),
    )
    same_nik_other_name = solichin(nama="Solikin", tanggal_lahir=None, hubungan="ANAK")
    with pytest.raises(DuplicatesFound) as caught:
        registry.add_person(other_home, same_nik_other_name)
    [candidate] = caught.value.candidates
    assert {"NIK_SAMA", "KK_LAIN"} <= set(candidate.alasan)
    assert any("KK lain" in note for note in candidate.keterangan)


def test_same_person_answer_saves_nothing_new_and_logs(
    demo_desk: Desk, registry: RegistryService
) -> None:
    home = new_household(registry, 831, solichin())
    existing = registry.search("solichin")[0].uid
    persons, journalled = count(demo_desk, Orang), count(demo_desk, JournalEntry)
    variant = OrangInput("Muhammad Solikhin", "L", tanggal_lahir=BORN, alasan_tanpa_nik="LAINNYA")
    with pytest.raises(UserError, match="bukan salah satu kandidat"):
        registry.add_person(home, variant, same_person_uid=registry.search("a")[-1].uid)
    saved = registry.add_person(home, variant, same_person_uid=existing)
    assert (saved.uid, saved.created) == (existing, False)
    assert count(demo_desk, Orang) == persons
    with demo_desk.context.transaction() as session:
        decision = session.exec(select(KeputusanDuplikat)).one()
    assert (decision.keputusan, decision.orang_uid) == ("ORANG_SAMA", existing)
    assert decision.kandidat_uids == [existing] and decision.operator == "admin"
    assert count(demo_desk, JournalEntry) == journalled + 1  # only the decision


def test_different_person_answer_saves_and_logs_candidates(
    demo_desk: Desk, registry: RegistryService
) -> None:
    home = new_household(registry, 841, solichin())
    existing = registry.search("solichin")[0].uid
    variant = OrangInput(
        "Muhammad Solikhin",
        "L",
        tanggal_lahir=BORN,
        alasan_tanpa_nik="LAINNYA",
        hubungan="FAMILI_LAIN",
    )
    saved = registry.add_person(home, variant, different_person=True)
    assert saved.created and saved.uid != existing and saved.nik_sementara
    decisions = DuplicateService(demo_desk.context).decisions_for(saved.uid)
    assert [(d.keputusan, d.kandidat_uids) for d in decisions] == [("ORANG_BERBEDA", (existing,))]
    with demo_desk.context.transaction() as session:
        journalled = session.exec(
            select(JournalEntry).where(JournalEntry.table_name == "keputusan_duplikat")
        ).all()
    assert len(journalled) == 1
    # Sync bundles carry only scalars and flat lists of short texts.
    reasons = journalled[0].fields["alasan"]
    assert reasons and all(isinstance(r, str) and r.startswith(f"{existing}:") for r in reasons)


def test_household_members_answer_per_index(registry: RegistryService) -> None:
    new_household(registry, 851, solichin())
    existing = registry.search("solichin")[0].uid
    data = KeluargaInput(
        no_kk=None,
        anggota=(
            OrangInput(
                "Muhammad Solikhin",
                "L",
                tanggal_lahir=BORN,
                alasan_tanpa_nik="LAINNYA",
                hubungan="KEPALA",
            ),
            OrangInput(
                "Istri Baru",
                "P",
                tanggal_lahir=date(1990, 1, 1),
                alasan_tanpa_nik="LAINNYA",
                hubungan="ISTRI",
            ),
        ),
    )
    with pytest.raises(DuplicatesFound) as caught:
        registry.create_household(data)
    assert caught.value.member_index == 0
    created = registry.create_household(data, decisions={0: DuplicateDecision(existing)})
    assert created.orang_uids[0] == existing and created.reused == (existing,)


def test_twins_of_different_sex_are_not_flagged(registry: RegistryService) -> None:
    born = date(2010, 5, 5)
    home = new_household(
        registry,
        861,
        OrangInput(
            "Nur Hidayah",
            "P",
            tanggal_lahir=born,
            nik=make_nik("332001", born, "P", 861),
            hubungan="ANAK",
        ),
    )
    twin = OrangInput(
        "Nur Hidayat",
        "L",
        tanggal_lahir=born,
        nik=make_nik("332001", born, "L", 862),
        hubungan="ANAK",
    )
    assert registry.add_person(home, twin).created


def test_editing_a_known_duplicate_does_not_ask_again(registry: RegistryService) -> None:
    home = new_household(registry, 871, solichin())
    variant = OrangInput(
        "Muhammad Solikhin", "L", tanggal_lahir=BORN, alasan_tanpa_nik="LAINNYA", hubungan="ANAK"
    )
    uid = registry.add_person(home, variant, different_person=True).uid
    edited = OrangInput(**{**variant.__dict__, "pekerjaan": "Nelayan"})
    assert registry.update_person(uid, edited).uid == uid  # no DuplicatesFound
    renamed = OrangInput(**{**variant.__dict__, "nama": "Moch Solichin"})
    with pytest.raises(DuplicatesFound):
        registry.update_person(uid, renamed)
