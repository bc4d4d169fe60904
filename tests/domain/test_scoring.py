"""Priority score on worked examples, plus the invariant that makes it explainable:
the score is exactly the (capped) sum of the factors it lists."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st
from shipped_reference import sosek, weights

from puskesos_desktop.domain.assessment_facts import (
    HouseholdFacts,
    JenisKelamin,
    JenjangSekolah,
    PersonFacts,
    StatusSekolah,
    TingkatDisabilitas,
    TingkatKesulitan,
)
from puskesos_desktop.domain.scoring import explain, priority_score


def elderly_alone(**household: object) -> HouseholdFacts:
    person = PersonFacts(
        nama="Mbah Sarinah",
        umur=78,
        jenis_kelamin=JenisKelamin.PEREMPUAN,
        lansia_tinggal_sendiri=True,
        penghasilan_bulanan=0,
    )
    return HouseholdFacts(anggota=(person,), **household)  # type: ignore[arg-type]


def test_elderly_person_living_alone_without_income_is_top_band() -> None:
    result = priority_score(elderly_alone(), weights())
    assert result.band == "sangat prioritas"
    assert result.score >= 70
    labels = [label for label, _ in result.factors]
    assert labels[:2] == ["lansia tinggal sendiri", "keluarga tanpa penghasilan"]
    assert result.weights_version == "2026.1"


def test_explanation_reads_like_the_issue_example() -> None:
    result = priority_score(elderly_alone(lantai="tanah"), weights())
    text = explain(result)
    assert text.startswith(f"Skor {result.score} — lansia tinggal sendiri +20, ")
    assert "lantai tanah +10" in text
    assert "Kategori: sangat prioritas." in text
    assert text.endswith("Bobot skor versi 2026.1.")


def test_factors_are_sorted_by_points_descending() -> None:
    result = priority_score(elderly_alone(lantai="tanah", atap="jerami", desil=1), weights())
    points = [points for _, points in result.factors]
    assert points == sorted(points, reverse=True)
    assert ("desil DTSEN 1", 15) in result.factors


def test_unknown_facts_are_listed_not_counted() -> None:
    child = PersonFacts(nama="Rina", umur=10)
    result = priority_score(HouseholdFacts(anggota=(child,)), weights())
    assert result.score == 0
    assert result.band == "biasa"
    assert "desil DTSEN 1" in result.undecided
    assert "desil DTSEN" in result.missing_facts
    assert "status sekolah (Rina)" in result.missing_facts
    text = explain(result)
    assert "tidak ada faktor prioritas yang terpenuhi" in text
    assert "Belum dinilai karena data belum lengkap: " in text


def test_known_negative_answers_remove_factors_from_undecided() -> None:
    person = PersonFacts(
        nama="Andi",
        umur=35,
        jenis_kelamin=JenisKelamin.LAKI_LAKI,
        disabilitas=TingkatDisabilitas.TIDAK,
        kesulitan={"berjalan": TingkatKesulitan.TIDAK_KESULITAN},
        penyakit_kronis=frozenset(),
        penghasilan_bulanan=2_500_000,
    )
    facts = HouseholdFacts(
        anggota=(person,),
        desil=7,
        lantai="keramik",
        dinding="tembok",
        atap="genteng",
        fasilitas_bab="sendiri",
        air_minum="leding",
        penerangan="pln_meteran",
        bahan_bakar="lpg_3",
        luas_lantai=36,
        kehilangan_mata_pencaharian=False,
        sumber_penghasilan=frozenset({"karyawan"}),
        program_diterima=frozenset({"PBI_JK"}),
    )
    result = priority_score(facts, weights())
    assert result.score == 0
    assert result.undecided == ()


def test_score_is_capped_at_100_and_says_so() -> None:
    disabled = PersonFacts(
        nama="Pak Darmo",
        umur=70,
        lansia_tinggal_sendiri=True,
        penghasilan_bulanan=0,
        disabilitas=TingkatDisabilitas.BERAT,
        penyakit_kronis=frozenset({"stroke"}),
    )
    facts = HouseholdFacts(
        anggota=(disabled,),
        desil=1,
        lantai="tanah",
        dinding="bambu",
        atap="jerami",
        ppks=frozenset({"KBA"}),
    )
    result = priority_score(facts, weights())
    assert result.total_before_cap > 100
    assert result.score == 100
    assert result.capped
    assert f"Jumlah poin {result.total_before_cap} dibatasi menjadi 100." in explain(result)


def test_pregnant_mother_and_school_child() -> None:
    mother = PersonFacts(nama="Siti", umur=29, jenis_kelamin=JenisKelamin.PEREMPUAN, hamil=True)
    child = PersonFacts(
        nama="Budi",
        umur=8,
        status_sekolah=StatusSekolah.MASIH_SEKOLAH,
        jenjang_sekolah=JenjangSekolah.SD,
        punya_akta_lahir=False,
    )
    result = priority_score(HouseholdFacts(anggota=(mother, child), desil=2), weights())
    assert dict(result.factors) == {
        "desil DTSEN 2–4": 10,
        "ibu hamil/nifas": 5,
        "anak tanpa akta kelahiran": 5,
    }
    assert result.score == 20


# -- property: the listed factors ARE the score --------------------------------------------
def _codes(variable: str) -> st.SearchStrategy[str | None]:
    found = sosek().variable(variable)
    assert found is not None
    return st.none() | st.sampled_from([option.code for option in found.options])


def _code_sets(variable: str) -> st.SearchStrategy[frozenset[str] | None]:
    found = sosek().variable(variable)
    assert found is not None
    return st.none() | st.frozensets(st.sampled_from([option.code for option in found.options]))


def _maybe(strategy: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.none() | strategy


people = st.builds(
    PersonFacts,
    nama=st.sampled_from(["", "Ani", "Budi"]),
    umur=_maybe(st.integers(0, 100)),
    jenis_kelamin=_maybe(st.sampled_from(JenisKelamin)),
    hamil=_maybe(st.booleans()),
    status_sekolah=_maybe(st.sampled_from(StatusSekolah)),
    jenjang_sekolah=_maybe(st.sampled_from(JenjangSekolah)),
    punya_akta_lahir=_maybe(st.booleans()),
    disabilitas=_maybe(st.sampled_from(TingkatDisabilitas)),
    kesulitan=st.dictionaries(
        st.sampled_from(["melihat", "berjalan", "mengingat"]), st.sampled_from(TingkatKesulitan)
    ),
    penyakit_kronis=_code_sets("penyakit_kronis"),
    lansia_tinggal_sendiri=_maybe(st.booleans()),
    penghasilan_bulanan=_maybe(st.integers(0, 5_000_000)),
)

households = st.builds(
    HouseholdFacts,
    anggota=st.lists(people, max_size=5).map(tuple),
    desil=_maybe(st.integers(1, 10)),
    luas_lantai=_maybe(st.floats(5, 200)),
    lantai=_codes("lantai"),
    dinding=_codes("dinding"),
    atap=_codes("atap"),
    air_minum=_codes("air_minum"),
    penerangan=_codes("penerangan"),
    bahan_bakar=_codes("bahan_bakar"),
    fasilitas_bab=_codes("fasilitas_bab"),
    sumber_penghasilan=_code_sets("sumber_penghasilan"),
    kehilangan_mata_pencaharian=_maybe(st.booleans()),
    program_diterima=_maybe(st.frozensets(st.sampled_from(["PKH", "BPNT", "PBI_JK"]))),
    ppks=st.frozensets(st.sampled_from(["LUT", "KBA", "KTK", "PD", "FM"])),
)


@settings(max_examples=300, deadline=None)
@given(facts=households)
def test_score_is_capped_sum_of_listed_factors(facts: HouseholdFacts) -> None:
    result = priority_score(facts, weights())
    total = sum(points for _, points in result.factors)
    assert 0 <= result.score <= 100
    assert result.score == min(100, total)
    assert result.band == weights().band_for(result.score).label
    listed = {label for label, _ in result.factors}
    assert not listed & set(result.undecided)
    assert explain(result).startswith(f"Skor {result.score} — ")


@settings(max_examples=100, deadline=None)
@given(
    facts=households,
    points=st.lists(
        st.integers(1, 100), min_size=len(weights().factors), max_size=len(weights().factors)
    ),
)
def test_any_weights_keep_the_invariant(facts: HouseholdFacts, points: list[int]) -> None:
    base = weights()
    factors = tuple(
        replace(factor, points=value) for factor, value in zip(base.factors, points, strict=True)
    )
    result = priority_score(facts, replace(base, factors=factors))
    assert result.score == min(base.cap, sum(p for _, p in result.factors))
    assert [p for _, p in result.factors] == sorted((p for _, p in result.factors), reverse=True)
