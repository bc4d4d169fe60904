"""Programme hints and SPM groups on worked examples from domain.md §4–§5."""

from __future__ import annotations

from datetime import date

import pytest
from shipped_reference import programmes, sosek, spm

from puskesos_desktop.domain.assessment_facts import (
    HouseholdFacts,
    JenisKelamin,
    JenjangSekolah,
    PersonFacts,
    StatusSekolah,
    TingkatDisabilitas,
    TingkatKesulitan,
)
from puskesos_desktop.domain.conditions import AllOf, AnyOf, FactTest, Scope, evaluate
from puskesos_desktop.domain.eligibility import (
    HINT_DISCLAIMER,
    HintStatus,
    ProgrammeHint,
    describe_hint,
    format_juta,
    format_rupiah,
    programme_hints,
    spm_groups,
)
from puskesos_desktop.domain.fact_registry import sosek_problems

TODAY = date(2026, 11, 23)


def hint_for(code: str, facts: HouseholdFacts) -> ProgrammeHint:
    hints = programme_hints(facts, programmes(), today=TODAY)
    return next(hint for hint in hints if hint.programme_code == code)


def mother(**changes: object) -> PersonFacts:
    values: dict[str, object] = {
        "nama": "Siti",
        "umur": 29,
        "jenis_kelamin": JenisKelamin.PEREMPUAN,
        "hamil": True,
        "disabilitas": TingkatDisabilitas.TIDAK,
    }
    return PersonFacts(**{**values, **changes})  # type: ignore[arg-type]


def child(
    name: str = "Budi", age: int = 8, level: JenjangSekolah = JenjangSekolah.SD
) -> PersonFacts:
    return PersonFacts(
        nama=name,
        umur=age,
        jenis_kelamin=JenisKelamin.LAKI_LAKI,
        status_sekolah=StatusSekolah.MASIH_SEKOLAH,
        jenjang_sekolah=level,
        disabilitas=TingkatDisabilitas.TIDAK,
    )


# -- PKH --------------------------------------------------------------------------------------
def test_pregnant_mother_and_sd_child_show_pkh_components_with_reasons() -> None:
    facts = HouseholdFacts(anggota=(mother(), child()), desil=1, desil_diperiksa=date(2026, 10, 1))
    hint = hint_for("PKH", facts)
    assert hint.status is HintStatus.MUNGKIN_LAYAK
    found = {(c.code, c.person, c.yearly_amount) for c in hint.components}
    assert found == {("IBU_HAMIL", "Siti", 3_000_000), ("SD", "Budi", 900_000)}
    assert hint.yearly_estimate == 3_900_000
    assert "Memenuhi: terdaftar di DTSEN pada desil 1–4" in hint.reasons
    assert "Komponen ibu hamil/nifas — Siti: Rp3.000.000 per tahun (3,0 jt)" in hint.reasons
    assert "Komponen anak SD/sederajat — Budi: Rp900.000 per tahun (0,9 jt)" in hint.reasons
    assert hint.disclaimer == HINT_DISCLAIMER
    assert hint.rules_version == "2026.1"
    text = describe_hint(hint)
    assert "Perkiraan bantuan: Rp3.900.000 per tahun." in text
    assert text.endswith(HINT_DISCLAIMER)
    assert "bukan keputusan" in HINT_DISCLAIMER


def test_missing_desil_makes_pkh_need_data() -> None:
    hint = hint_for("PKH", HouseholdFacts(anggota=(mother(), child())))
    assert hint.status is HintStatus.PERLU_DATA
    assert "desil DTSEN" in hint.missing_facts
    assert "Belum dapat dipastikan: terdaftar di DTSEN pada desil 1–4" in hint.reasons
    # The components are still shown, so the operator sees what is at stake.
    assert {c.code for c in hint.components} == {"IBU_HAMIL", "SD"}


def test_high_desil_is_not_a_match_and_asks_nothing_more() -> None:
    hint = hint_for("PKH", HouseholdFacts(anggota=(mother(), child()), desil=7))
    assert hint.status is HintStatus.TIDAK_SESUAI
    assert hint.missing_facts == ()
    assert hint.components == ()
    assert "Tidak memenuhi: terdaftar di DTSEN pada desil 1–4" in hint.reasons


def test_pkh_without_any_component_member() -> None:
    adult = PersonFacts(
        nama="Joko",
        umur=40,
        jenis_kelamin=JenisKelamin.LAKI_LAKI,
        status_sekolah=StatusSekolah.TIDAK_SEKOLAH_LAGI,
        disabilitas=TingkatDisabilitas.TIDAK,
        kesulitan={"berjalan": TingkatKesulitan.TIDAK_KESULITAN},
    )
    hint = hint_for("PKH", HouseholdFacts(anggota=(adult,), desil=2))
    assert hint.status is HintStatus.TIDAK_SESUAI
    assert "Tidak memenuhi: tidak ada anggota yang masuk salah satu komponen" in hint.reasons


def test_pkh_counts_at_most_four_components() -> None:
    kids = (
        child("A", 7, JenjangSekolah.SD),
        child("B", 13, JenjangSekolah.SMP),
        child("C", 16, JenjangSekolah.SMA),
        child("D", 17, JenjangSekolah.SMA),
    )
    toddler = PersonFacts(nama="E", umur=2, disabilitas=TingkatDisabilitas.TIDAK)
    facts = HouseholdFacts(anggota=(mother(), *kids, toddler), desil=1)
    hint = hint_for("PKH", facts)
    assert len(hint.components) == 6
    counted = [c for c in hint.components if c.counted]
    assert len(counted) == 4
    assert hint.yearly_estimate == 3_000_000 + 3_000_000 + 2_000_000 + 2_000_000
    assert "Perkiraan dihitung untuk paling banyak 4 komponen per keluarga." in hint.reasons


def test_elderly_and_severe_disability_components() -> None:
    grandma = PersonFacts(nama="Nenek", umur=72, disabilitas=TingkatDisabilitas.TIDAK)
    son = PersonFacts(
        nama="Agus",
        umur=30,
        jenis_kelamin=JenisKelamin.LAKI_LAKI,
        status_sekolah=StatusSekolah.TIDAK_SEKOLAH_LAGI,
        disabilitas=TingkatDisabilitas.SEDANG,
        kesulitan={"berjalan": TingkatKesulitan.TIDAK_BISA},
    )
    hint = hint_for("PKH", HouseholdFacts(anggota=(grandma, son), desil=3))
    assert {(c.code, c.person) for c in hint.components} == {
        ("LANSIA", "Nenek"),
        ("DISABILITAS_BERAT", "Agus"),
    }
    assert hint.yearly_estimate == 4_800_000


def test_household_without_members_asks_for_them() -> None:
    hint = hint_for("PKH", HouseholdFacts(desil=1))
    assert hint.status is HintStatus.PERLU_DATA
    assert "data anggota keluarga" in hint.missing_facts


# -- Rutilahu ---------------------------------------------------------------------------------
def rutilahu_household(**changes: object) -> HouseholdFacts:
    values: dict[str, object] = {
        "anggota": (mother(), child()),
        "jumlah_anggota": 4,
        "luas_lantai": 24.0,
        "lantai": "tanah",
        "dinding": "tembok",
        "atap": "genteng",
        "fasilitas_bab": "sendiri",
        "desil": 2,
        "status_bangunan": "milik_sendiri",
        "bukti_lahan": "surat_lain",
        "pernah_bantuan_rumah": False,
    }
    return HouseholdFacts(**{**values, **changes})  # type: ignore[arg-type]


def test_rutilahu_earth_floor_and_crowded_house() -> None:
    facts = rutilahu_household()
    assert facts.luas_lantai_per_orang == 6.0
    hint = hint_for("RUTILAHU", facts)
    assert hint.status is HintStatus.MUNGKIN_LAYAK
    assert "Memenuhi: minimal satu kriteria rumah tidak layak huni" in hint.reasons
    assert "Keterangan: lantai tanah/bambu" in hint.reasons
    assert "Keterangan: luas lantai kurang dari 7,2 m² per orang (kriteria RST)" in hint.reasons
    assert "Keterangan: atap bambu/jerami/rumbia" not in hint.reasons


def test_rutilahu_roomy_house_has_no_area_reason() -> None:
    hint = hint_for("RUTILAHU", rutilahu_household(luas_lantai=40.0))
    assert hint.status is HintStatus.MUNGKIN_LAYAK
    assert not any("7,2 m²" in reason for reason in hint.reasons)


def test_rutilahu_asks_for_earlier_housing_aid_and_floor_area() -> None:
    facts = rutilahu_household(pernah_bantuan_rumah=None, lantai="keramik", luas_lantai=None)
    hint = hint_for("RUTILAHU", facts)
    assert hint.status is HintStatus.PERLU_DATA
    assert "pernah menerima bantuan perumahan" in hint.missing_facts
    assert "luas lantai rumah (m²)" in hint.missing_facts


def test_rutilahu_rented_house_does_not_fit() -> None:
    hint = hint_for("RUTILAHU", rutilahu_household(status_bangunan="kontrak_sewa"))
    assert hint.status is HintStatus.TIDAK_SESUAI
    assert "Tidak memenuhi: rumah milik sendiri" in hint.reasons


# -- other programmes -------------------------------------------------------------------------
def elderly_alone_household(**changes: object) -> HouseholdFacts:
    person = PersonFacts(nama="Mbah Karto", umur=80, lansia_tinggal_sendiri=True)
    return HouseholdFacts(anggota=(person,), **changes)  # type: ignore[arg-type]


def test_blt_dana_desa_village_criteria_without_desil() -> None:
    hint = hint_for("BLT_DD", elderly_alone_household(program_diterima=frozenset()))
    assert hint.status is HintStatus.MUNGKIN_LAYAK
    assert "Keterangan: kriteria desa: lansia tinggal sendiri" in hint.reasons
    assert "penetapan penerima melalui musyawarah desa khusus" in hint.to_check


def test_blt_dana_desa_excludes_pkh_recipients_and_flags_already_receiving() -> None:
    facts = elderly_alone_household(program_diterima=frozenset({"PKH"}), desil=1)
    blt = hint_for("BLT_DD", facts)
    assert blt.status is HintStatus.TIDAK_SESUAI
    assert "Tidak memenuhi: tidak sedang menerima PKH" in blt.reasons
    pkh = hint_for("PKH", facts)
    assert pkh.already_receiving
    assert any(reason.startswith("Sudah tercatat menerima") for reason in pkh.reasons)


def test_pip_for_out_of_school_child_with_priority_markers() -> None:
    dropout = PersonFacts(
        nama="Dewi", umur=14, status_sekolah=StatusSekolah.TIDAK_SEKOLAH_LAGI, yatim_piatu=True
    )
    hint = hint_for("PIP", HouseholdFacts(anggota=(dropout,), punya_kks=True))
    assert hint.status is HintStatus.MUNGKIN_LAYAK
    assert "Keterangan: prioritas: anak yatim/piatu" in hint.reasons
    assert (
        "Keterangan: ada anak putus sekolah: PIP dapat mendukung kembali bersekolah" in hint.reasons
    )
    assert "Keterangan: prioritas: keluarga pemegang KKS" in hint.reasons


def test_atensi_cluster_from_ppks_and_aids_from_difficulty() -> None:
    person = PersonFacts(
        nama="Rudi",
        umur=40,
        disabilitas=TingkatDisabilitas.SEDANG,
        kesulitan={"berjalan": TingkatKesulitan.BANYAK_KESULITAN},
    )
    facts = HouseholdFacts(anggota=(person,), ppks=frozenset({"PD"}))
    atensi = hint_for("ATENSI", facts)
    assert atensi.status is HintStatus.MUNGKIN_LAYAK
    assert "Keterangan: klaster penyandang disabilitas" in atensi.reasons
    aids = hint_for("ALAT_BANTU", facts)
    assert aids.status is HintStatus.MUNGKIN_LAYAK
    assert any("kursi roda" in reason for reason in aids.reasons)


def test_stale_or_undated_desil_is_a_thing_to_check() -> None:
    stale = hint_for("BPNT", HouseholdFacts(desil=2, desil_diperiksa=date(2025, 1, 10)))
    assert stale.to_check[0].startswith("desil DTSEN terakhir diperiksa 10-01-2025")
    undated = hint_for("BPNT", HouseholdFacts(desil=2))
    assert undated.to_check[0].startswith("tanggal pemeriksaan desil DTSEN belum dicatat")
    fresh = hint_for("BPNT", HouseholdFacts(desil=2, desil_diperiksa=date(2026, 10, 1)))
    assert not any("desil" in item for item in fresh.to_check)


def test_every_programme_gets_a_hint_and_best_come_first() -> None:
    hints = programme_hints(rutilahu_household(desil=1), programmes(), today=TODAY)
    assert {h.programme_code for h in hints} == programmes().codes
    ranks = [list(HintStatus).index(h.status) for h in hints]
    assert ranks == sorted(ranks)
    assert all(h.disclaimer == HINT_DISCLAIMER for h in hints)


# -- building blocks --------------------------------------------------------------------------
def test_three_valued_logic() -> None:
    known_false = FactTest("desil", Scope.KELUARGA, (("maks", 4),))
    unknown = FactTest("lantai", Scope.KELUARGA, (("sama", "tanah"),))
    facts = HouseholdFacts(desil=8)
    assert evaluate(AllOf((known_false, unknown)), facts).value is False
    outcome = evaluate(AnyOf((known_false, unknown)), facts)
    assert outcome.value is None
    assert outcome.missing == ("jenis lantai terluas",)
    assert evaluate(AnyOf((unknown, FactTest("desil", Scope.KELUARGA, (("min", 5),)))), facts).value


def test_derived_person_facts_avoid_pointless_questions() -> None:
    man = PersonFacts(umur=40, jenis_kelamin=JenisKelamin.LAKI_LAKI)
    young = PersonFacts(umur=30)
    assert man.bisa_hamil is False
    assert young.bisa_hamil is None
    facts = HouseholdFacts(anggota=(man,), desil=1)
    assert hint_for("BLT_DD", facts).missing_facts  # asks about programmes, not pregnancy
    assert not any("hamil" in fact for fact in hint_for("PKH", facts).missing_facts)


def test_impossible_answers_from_a_form_are_ignored() -> None:
    pregnant_man = PersonFacts(nama="X", umur=30, jenis_kelamin=JenisKelamin.LAKI_LAKI, hamil=True)
    young_alone = PersonFacts(nama="Y", umur=40, lansia_tinggal_sendiri=True)
    facts = HouseholdFacts(anggota=(pregnant_man, young_alone), desil=1)
    assert not any(c.code == "IBU_HAMIL" for c in hint_for("PKH", facts).components)
    assert (
        "Keterangan: kriteria desa: lansia tinggal sendiri" not in hint_for("BLT_DD", facts).reasons
    )


def test_facts_are_hashable_values() -> None:
    first = HouseholdFacts(
        anggota=(mother(kesulitan={"melihat": TingkatKesulitan.SEDIKIT_KESULITAN}),)
    )
    second = HouseholdFacts(anggota=(mother(kesulitan={"melihat": 1}),))
    assert first == second
    assert hash(first) == hash(second)


def test_sosek_problems_catch_codes_not_in_the_file() -> None:
    options = sosek().options_map()
    bad = HouseholdFacts(
        lantai="lumpur", aset=frozenset({"mobil", "pesawat"}), anggota=(PersonFacts(nama="X"),)
    )
    problems = sosek_problems(bad, options)
    assert "jenis lantai terluas: kode 'lumpur' tidak ada di sosek.json" in problems
    assert "kepemilikan aset: kode 'pesawat' tidak ada di sosek.json" in problems
    assert sosek_problems(rutilahu_household(), options) == []


def test_rupiah_formats() -> None:
    assert format_rupiah(3_000_000) == "Rp3.000.000"
    assert format_juta(900_000) == "0,9 jt"


@pytest.mark.parametrize(
    ("codes", "strict", "expected"),
    [
        (["PD"], False, ["DISABILITAS"]),
        (["ADK", "ABT"], False, ["DISABILITAS", "ANAK"]),
        (["KBA", "LUT"], False, ["LANSIA", "BENCANA"]),
        (["ABH"], False, ["ANAK"]),
        (["ABH"], True, []),
        (["PML", "GLD"], True, ["TUNA_SOSIAL"]),
        (["FM", "KAT"], False, []),
        ([], False, []),
    ],
)
def test_spm_groups(codes: list[str], strict: bool, expected: list[str]) -> None:
    assert spm_groups(codes, spm(), include_judgement=not strict) == expected
