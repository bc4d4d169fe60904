"""Households and persons through the service: validation, temporary NIK, history, journal."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import func, select

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.nik import make_nik, make_no_kk
from puskesos_desktop.services.desk import Desk
from puskesos_desktop.services.registry import RegistryService, input_from_detail
from puskesos_desktop.services.registry_types import (
    InvalidInput,
    KeluargaData,
    KeluargaInput,
    OrangInput,
    PerubahanKK,
    WarningsNeedConfirmation,
)
from puskesos_desktop.store.models import JournalEntry, Orang, RiwayatAnggota, RiwayatKK

BORN = date(1975, 3, 9)
NIK = make_nik("332001", BORN, "L", 4321)
KK = make_no_kk("332001", date(2015, 6, 1), 4321)


@pytest.fixture
def registry(demo_desk: Desk) -> RegistryService:
    return RegistryService(demo_desk.context)


def journal_count(desk: Desk, table: str | None = None) -> int:
    with desk.context.transaction() as session:
        query = select(func.count()).select_from(JournalEntry)
        if table:
            query = query.where(JournalEntry.table_name == table)
        return session.exec(query).one()


def household(*members: OrangInput, no_kk: str | None = KK) -> KeluargaInput:
    return KeluargaInput(
        no_kk=no_kk, alamat="Dk. Krajan", rt="2", rw="1", dusun="Krajan", anggota=members
    )


def head(**changes: object) -> OrangInput:
    values = {
        "nama": "Slamet Riyadi",
        "jenis_kelamin": "L",
        "nik": NIK,
        "tanggal_lahir": BORN,
        "hubungan": "KEPALA",
    }
    return OrangInput(**{**values, **changes})  # type: ignore[arg-type]


def test_valid_household_is_saved_with_clean_values_and_journalled(
    demo_desk: Desk, registry: RegistryService
) -> None:
    before = journal_count(demo_desk)
    wife_nik = make_nik("332001", date(1979, 1, 2), "P", 4321)
    created = registry.create_household(
        household(
            head(agama="islam", status_kawin="Kawin", pendidikan="SMA", telepon="0812-3456-7890"),
            OrangInput(
                "Sri Wahyuni",
                "perempuan",
                nik=f"'{wife_nik}",
                tanggal_lahir=date(1979, 1, 2),
                hubungan="Istri",
            ),
        )
    )
    assert len(created.orang_uids) == 2 and created.warnings == ()
    detail = registry.get_household(created.keluarga_uid)
    assert (detail.no_kk, detail.rt, detail.rw, detail.kode_wilayah) == (
        KK,
        "002",
        "001",
        "33.20.01.2001",
    )
    kepala, istri = detail.anggota
    assert (kepala.agama, kepala.status_kawin, kepala.pendidikan) == ("ISLAM", "KAWIN", "SLTA")
    assert kepala.telepon == "081234567890"
    assert (istri.nik, istri.jenis_kelamin, istri.hubungan) == (wife_nik, "P", "ISTRI")
    assert journal_count(demo_desk) == before + 3
    assert registry.search(NIK)[0].uid == kepala.uid  # indexed before the commit


@pytest.mark.parametrize(
    ("nik", "code"),
    [
        ("3.32E+15", "NIK_RUSAK_EXCEL"),
        ("33200109037543", "NIK_PANJANG"),
        ("3320019903750001", "NIK_TANGGAL_SALAH"),
        ("3320010903750000", "NIK_NOMOR_URUT_SALAH"),
        ("1111111111111111", "NIK_PALSU"),
    ],
)
def test_nik_errors_block_with_indonesian_messages(
    demo_desk: Desk, registry: RegistryService, nik: str, code: str
) -> None:
    before = journal_count(demo_desk)
    with pytest.raises(InvalidInput) as caught:
        registry.create_household(household(head(nik=nik)), confirm_warnings=True)
    assert code in {f.code for f in caught.value.findings}
    assert caught.value.findings[0].field == "anggota[0].nik"
    assert "NIK" in caught.value.message
    assert journal_count(demo_desk) == before


def test_warnings_need_confirmation_then_save(demo_desk: Desk, registry: RegistryService) -> None:
    data = household(head(tanggal_lahir=BORN + timedelta(days=1)))  # NIK date part differs
    with pytest.raises(WarningsNeedConfirmation) as caught:
        registry.create_household(data)
    assert [f.code for f in caught.value.findings] == ["NIK_TANGGAL_BEDA"]
    assert registry.counts().orang == 300
    created = registry.create_household(data, confirm_warnings=True)
    assert [f.code for f in created.warnings] == ["NIK_TANGGAL_BEDA"]
    assert registry.counts().orang == 301


def test_unknown_region_is_a_warning_not_an_error(registry: RegistryService) -> None:
    nik = make_nik("339901", BORN, "L", 12)  # kecamatan code not in the region list
    with pytest.raises(WarningsNeedConfirmation) as caught:
        registry.create_household(household(head(nik=nik)))
    assert [f.code for f in caught.value.findings] == ["NIK_WILAYAH_TIDAK_DIKENAL"]


def test_no_kk_rules_and_reuse_are_checked(demo_desk: Desk, registry: RegistryService) -> None:
    with pytest.raises(InvalidInput) as caught:
        registry.create_household(household(head(), no_kk="3320013202150001"))
    assert [f.code for f in caught.value.findings] == ["NO_KK_TANGGAL_SALAH"]
    registry.create_household(household(head()))
    with pytest.raises(InvalidInput) as caught:
        registry.create_household(household(no_kk=KK))
    assert [f.code for f in caught.value.findings] == ["NO_KK_SUDAH_ADA"]


def test_required_fields_and_choices(registry: RegistryService) -> None:
    with pytest.raises(InvalidInput) as caught:
        registry.create_household(
            household(OrangInput("  ", "X", nik=NIK, agama="Jedi", hubungan="KEPALA"))
        )
    codes = {f.code for f in caught.value.findings}
    assert {"NAMA_KOSONG", "JENIS_KELAMIN_SALAH", "PILIHAN_TIDAK_DIKENAL"} <= codes
    assert "Islam" in next(f.message for f in caught.value.findings if f.field.endswith("agama"))


def test_person_without_nik_gets_temporary_numbers_per_region(registry: RegistryService) -> None:
    with pytest.raises(InvalidInput) as caught:
        registry.create_household(household(head(nik=None)))
    assert [f.code for f in caught.value.findings] == ["NIK_KOSONG"]
    baby = OrangInput(
        "Bayi Slamet", "P", tanggal_lahir=date.today(), alasan_tanpa_nik="BAYI", hubungan="ANAK"
    )
    twin = OrangInput(
        "Bayi Kedua",
        "L",
        tanggal_lahir=date.today(),
        alasan_tanpa_nik="Bayi baru lahir",
        hubungan="ANAK",
    )
    created = registry.create_household(household(head(), baby, twin))
    people = [registry.get_person(uid) for uid in created.orang_uids[1:]]
    serials = [int(p.nik[-5:]) for p in people]
    assert all(p.nik.startswith("0332001" + "0000") for p in people)
    assert serials[1] == serials[0] + 1
    assert all(p.tindak_lanjut_dukcapil and p.nik_sementara for p in people)
    assert people[0].alasan_tanpa_nik == "BAYI" and people[1].alasan_tanpa_nik == "BAYI"

    elsewhere = registry.create_household(
        KeluargaInput(
            no_kk=None,
            alamat="Kaliombo",
            kode_wilayah="33.20.02.2001",
            anggota=(OrangInput("Gelandangan", "L", alasan_tanpa_nik="TUNAWISMA"),),
        )
    )
    other = registry.get_person(elsewhere.orang_uids[0])
    assert other.nik == "0332002000000001"

    # A real NIK later replaces the temporary one and clears the follow-up flag.
    real = make_nik("332001", date.today(), "P", 9)
    updated = registry.update_person(
        people[0].uid,
        OrangInput("Bayi Slamet", "P", nik=real, tanggal_lahir=date.today(), hubungan="ANAK"),
    )
    assert updated.nik == real and not registry.get_person(people[0].uid).tindak_lanjut_dukcapil


def test_update_person_journals_only_changed_fields_and_guards_rev(
    demo_desk: Desk, registry: RegistryService
) -> None:
    uid = registry.create_household(household(head())).orang_uids[0]
    detail = registry.get_person(uid)
    form = input_from_detail(detail)
    before = journal_count(demo_desk, "orang")
    registry.update_person(uid, form, expected_rev=detail.rev)  # no edit: nothing journalled
    assert journal_count(demo_desk, "orang") == before
    edited = OrangInput(
        **{
            **form.__dict__,
            "pekerjaan": "Petani",
            "disabilitas": "netra",
            "disabilitas_derajat": "Berat",
        }
    )
    registry.update_person(uid, edited, expected_rev=detail.rev)
    with demo_desk.context.transaction() as session:
        entry = session.exec(
            select(JournalEntry).where(JournalEntry.uid == uid).order_by(JournalEntry.seq.desc())
        ).first()
    assert entry.fields == {
        "pekerjaan": "Petani",
        "disabilitas": "SENSORIK_NETRA",
        "disabilitas_derajat": "BERAT",
    }
    with pytest.raises(UserError, match="baru saja diubah"):
        registry.update_person(uid, form, expected_rev=detail.rev)


def test_kk_change_needs_a_reason_and_keeps_history(
    demo_desk: Desk, registry: RegistryService
) -> None:
    uid = registry.create_household(household(head())).keluarga_uid
    new_kk = make_no_kk("332001", date(2024, 2, 29), 77)
    data = KeluargaData(no_kk=new_kk, alamat="Dk. Krajan", rt="002", rw="001", dusun="Krajan")
    with pytest.raises(UserError, match="alasan"):
        registry.update_household(uid, data)
    registry.change_no_kk(uid, new_kk, PerubahanKK("KEPALA_MENINGGAL", date(2024, 3, 1), "SK"))
    detail = registry.get_household(uid)
    assert detail.no_kk == new_kk
    [change] = detail.riwayat_kk
    assert (change.no_kk_lama, change.no_kk_baru, change.alasan) == (KK, new_kk, "KEPALA_MENINGGAL")
    assert journal_count(demo_desk, "riwayat_kk") == 1


def test_member_moves_to_a_new_household_after_a_split(
    demo_desk: Desk, registry: RegistryService
) -> None:
    son_nik = make_nik("332001", date(1998, 7, 7), "L", 4321)
    created = registry.create_household(
        household(
            head(),
            OrangInput(
                "Anak Slamet", "L", nik=son_nik, tanggal_lahir=date(1998, 7, 7), hubungan="ANAK"
            ),
        )
    )
    son = created.orang_uids[1]
    split_kk = make_no_kk("332001", date(2025, 1, 15), 5)
    moved = registry.move_member(
        son,
        keluarga_baru=KeluargaData(no_kk=split_kk, alamat="Dk. Krajan baru"),
        hubungan_baru="KEPALA",
        alasan="PECAH_KK",
        tanggal=date(2025, 1, 20),
    )
    assert moved.keluarga_asal_uid == created.keluarga_uid
    new_home = registry.get_household(moved.keluarga_tujuan_uid)
    assert [m.uid for m in new_home.anggota] == [son]
    assert new_home.anggota[0].hubungan == "KEPALA"
    assert new_home.riwayat_kk[0].no_kk_lama == KK  # where the new card came from
    assert [m.uid for m in registry.get_household(created.keluarga_uid).anggota] == [
        created.orang_uids[0]
    ]
    with demo_desk.context.transaction() as session:
        history = session.exec(select(RiwayatAnggota).where(RiwayatAnggota.orang_uid == son)).one()
    assert (history.hubungan_lama, history.hubungan_baru, history.alasan) == (
        "ANAK",
        "KEPALA",
        "PECAH_KK",
    )
    assert journal_count(demo_desk, "riwayat_anggota") == 1

    with pytest.raises(UserError, match="sudah punya kepala keluarga"):
        registry.move_member(
            created.orang_uids[0],
            ke_keluarga_uid=moved.keluarga_tujuan_uid,
            hubungan_baru="KEPALA",
            alasan="IKUT_KELUARGA",
            tanggal=date(2025, 2, 1),
        )


def test_death_and_moving_away_are_marks_not_deletions(
    demo_desk: Desk, registry: RegistryService
) -> None:
    created = registry.create_household(household(head()))
    uid = created.orang_uids[0]
    saved = registry.mark_deceased(uid, date(2026, 1, 5), "Sakit")
    assert "Kepala keluarga meninggal" in saved.notes[0]
    person = registry.get_person(uid)
    assert (person.status_dasar, person.tanggal_status) == ("MENINGGAL", date(2026, 1, 5))
    with pytest.raises(UserError, match="sudah tercatat meninggal"):
        registry.mark_moved(uid, date(2026, 1, 6))
    assert registry.search(NIK)[0].status_dasar == "MENINGGAL"
    with demo_desk.context.transaction() as session:
        assert session.get(Orang, uid).deleted is False
    with pytest.raises(UserError, match="belum terjadi"):
        registry.mark_deceased(created.orang_uids[0], date.today() + timedelta(days=2))


def test_writes_need_a_signed_in_operator(demo_desk: Desk) -> None:
    demo_desk.context.actor = None
    with pytest.raises(UserError, match="login"):
        RegistryService(demo_desk.context).create_household(household(head()))


def test_history_tables_are_synced_and_journal_matches_rows(demo_desk: Desk) -> None:
    from puskesos_desktop.store.models import SYNCED_TABLES

    assert list(SYNCED_TABLES)[:4] == ["keluarga", "orang", "riwayat_kk", "riwayat_anggota"]
    assert {"keputusan_duplikat", "layanan_masuk"} <= set(SYNCED_TABLES)
    with demo_desk.context.transaction() as session:
        assert session.exec(select(func.count()).select_from(RiwayatKK)).one() == 0


def test_search_index_jobs_report_progress(demo_desk: Desk, registry: RegistryService) -> None:
    seen: list[tuple[int, int, str]] = []
    assert registry.rebuild_search_index(progress=lambda *a: seen.append(a)) == 300
    assert seen[-1] == (300, 300, "Menyusun indeks pencarian")
    assert registry.refresh_search_index() == 0  # nothing stale any more
