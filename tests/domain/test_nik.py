"""NIK / No. KK rules: a table of known cases plus property tests over generated numbers.

The NIK has no check digit, so nothing here tries to catch typos in a well-formed number.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from puskesos_desktop.domain.nik import (
    Finding,
    NikBirthInfo,
    Severity,
    check_nik,
    check_no_kk,
    clean_nik_input,
    clean_no_kk_input,
    is_blocking,
    is_temporary_nik,
    is_temporary_no_kk,
    make_nik,
    make_temporary_nik,
    nik_birth_info,
    normalise_nik,
    possible_birth_dates,
    region_code_of,
)

KNOWN_REGIONS = frozenset({"33.20.01", "33.20.02", "91.01.01"})


def known(code: str) -> bool:
    return code in KNOWN_REGIONS


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


# --------------------------------------------------------------------------- table

NIK_CASES: list[tuple[str, str, dict[str, Any], list[str]]] = [
    # id, nik, keyword arguments, expected codes
    ("man", "3320010509870001", {}, []),
    ("woman_day_plus_40", "3320014509870001", {}, []),
    ("woman_day_71", "3320017101990123", {}, []),
    ("surrounding_spaces_ignored", "  3320010509870001 ", {}, []),
    ("29feb_leap_yy04", "3320012902040001", {}, []),
    ("29feb_yy00_is_2000", "3320012902000001", {}, []),
    ("29feb_woman_leap", "3320016902880001", {}, []),
    ("29feb_not_leap_yy01", "3320012902010001", {}, ["NIK_TANGGAL_TIDAK_ADA"]),
    ("29feb_woman_not_leap", "3320016902990001", {}, ["NIK_TANGGAL_TIDAK_ADA"]),
    ("31_april", "3320013104870001", {}, ["NIK_TANGGAL_TIDAK_ADA"]),
    ("day_00", "3320010009870001", {}, ["NIK_TANGGAL_SALAH"]),
    ("day_32", "3320013209870001", {}, ["NIK_TANGGAL_SALAH"]),
    ("day_40", "3320014009870001", {}, ["NIK_TANGGAL_SALAH"]),
    ("day_72", "3320017209870001", {}, ["NIK_TANGGAL_SALAH"]),
    ("month_13", "3320010513870001", {}, ["NIK_BULAN_SALAH"]),
    ("month_00", "3320010500870001", {}, ["NIK_BULAN_SALAH"]),
    ("serial_0000", "3320010509870000", {}, ["NIK_NOMOR_URUT_SALAH"]),
    ("province_10", "1020010509870001", {}, ["NIK_PROVINSI_SALAH"]),
    ("regency_00", "3300010509870001", {}, ["NIK_KABUPATEN_SALAH"]),
    ("district_00", "3320000509870001", {}, ["NIK_KECAMATAN_SALAH"]),
    ("too_short", "332001050987001", {}, ["NIK_PANJANG"]),
    ("too_long", "33200105098700011", {}, ["NIK_PANJANG"]),
    ("empty", "   ", {}, ["NIK_KOSONG"]),
    ("letter", "33200105O9870001", {}, ["NIK_BUKAN_ANGKA"]),
    ("dots_not_removed", "3320.0105.0987.0001", {}, ["NIK_BUKAN_ANGKA", "NIK_PANJANG"]),
    ("apostrophe_needs_cleaning", "'3320010509870001", {}, ["NIK_BUKAN_ANGKA", "NIK_PANJANG"]),
    ("arabic_indic_digit", "332001050987000١", {}, ["NIK_BUKAN_ANGKA"]),
    ("all_ones", "1111111111111111", {}, ["NIK_PALSU"]),
    ("all_sevens", "7777777777777777", {}, ["NIK_PALSU"]),
    ("all_zeros", "0000000000000000", {}, ["NIK_PALSU"]),
    ("ascending", "1234567890123456", {}, ["NIK_PALSU"]),
    ("descending_with_valid_parts", "8765432109876543", {}, ["NIK_PALSU"]),
    ("alternating", "1212121212121212", {}, ["NIK_PALSU"]),
    ("temporary_ours", "0332001000000007", {}, ["NIK_SEMENTARA"]),
    ("temporary_opensid", "0332001200100001", {}, ["NIK_SEMENTARA"]),
    ("temporary_skips_person_checks", "0332001000000007", {"sex": "P"}, ["NIK_SEMENTARA"]),
    ("known_region", "3320010509870001", {"known_region": known}, []),
    (
        "unknown_region_warns",
        "3399010509870001",
        {"known_region": known},
        ["NIK_WILAYAH_TIDAK_DIKENAL"],
    ),
    (
        "unknown_region_only_for_wellformed",
        "3300010509870001",
        {"known_region": known},
        ["NIK_KABUPATEN_SALAH"],
    ),
    ("sex_matches_man", "3320010509870001", {"sex": "L"}, []),
    ("sex_matches_woman", "3320014509870001", {"sex": "p"}, []),
    ("woman_entered_as_man", "3320014509870001", {"sex": "L"}, ["NIK_JENIS_KELAMIN_BEDA"]),
    ("man_entered_as_woman", "3320010509870001", {"sex": "P"}, ["NIK_JENIS_KELAMIN_BEDA"]),
    ("birth_date_matches", "3320014509870001", {"birth_date": date(1987, 9, 5)}, []),
    ("birth_date_other_century", "3320014509870001", {"birth_date": date(2087, 9, 5)}, []),
    (
        "birth_date_differs",
        "3320014509870001",
        {"birth_date": date(1987, 9, 6)},
        ["NIK_TANGGAL_BEDA"],
    ),
    (
        "both_warnings",
        "3320014509870001",
        {"birth_date": date(1988, 9, 5), "sex": "L", "known_region": known},
        ["NIK_TANGGAL_BEDA", "NIK_JENIS_KELAMIN_BEDA"],
    ),
    (
        "errors_before_warnings",
        "3399010509870000",
        {"known_region": known, "sex": "P"},
        ["NIK_NOMOR_URUT_SALAH", "NIK_WILAYAH_TIDAK_DIKENAL", "NIK_JENIS_KELAMIN_BEDA"],
    ),
]


@pytest.mark.parametrize(
    ("nik", "kwargs", "expected"),
    [
        pytest.param(nik, kwargs, expected, id=case_id)
        for case_id, nik, kwargs, expected in NIK_CASES
    ],
)
def test_check_nik_table(nik: str, kwargs: dict[str, Any], expected: list[str]) -> None:
    assert codes(check_nik(nik, **kwargs)) == expected


WARNING_CODES = {
    "NIK_WILAYAH_TIDAK_DIKENAL",
    "NIK_TANGGAL_BEDA",
    "NIK_JENIS_KELAMIN_BEDA",
    "NIK_SEMENTARA",
}


@pytest.mark.parametrize(
    ("nik", "kwargs"),
    [pytest.param(nik, kwargs, id=case_id) for case_id, nik, kwargs, _ in NIK_CASES],
)
def test_warnings_never_block_and_errors_do(nik: str, kwargs: dict[str, Any]) -> None:
    findings = check_nik(nik, **kwargs)
    for finding in findings:
        expected = Severity.WARNING if finding.code in WARNING_CODES else Severity.ERROR
        assert finding.severity is expected, finding.code
    assert is_blocking(findings) == any(f.code not in WARNING_CODES for f in findings)


@pytest.mark.parametrize("nik", [case[1] for case in NIK_CASES])
def test_every_message_is_indonesian_sentence(nik: str) -> None:
    for finding in check_nik(nik, known_region=known, sex="L", birth_date=date(1990, 1, 1)):
        assert finding.message[0].isupper()
        assert finding.message.endswith(".")
        assert "NIK" in finding.message


def test_invalid_sex_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="sex"):
        check_nik("3320010509870001", sex="X")


# --------------------------------------------------------------------------- cleaning

CLEAN_CASES: list[tuple[str, str, str, list[str]]] = [
    ("plain", "3320010509870001", "3320010509870001", []),
    ("leading_apostrophe", "'3320010509870001", "3320010509870001", []),
    ("typographic_apostrophe", "’3320010509870001", "3320010509870001", []),
    ("surrounding_spaces", "  3320010509870001\t", "3320010509870001", []),
    ("internal_spaces", "3320 0105 0987 0001", "3320010509870001", []),
    ("nbsp_and_zero_width", "\u00a03320\u200b010509870001", "3320010509870001", []),
    ("apostrophe_and_spaces", " '3320 01 05 09 87 0001 ", "3320010509870001", []),
    ("scientific", "3.32E+15", "3.32E+15", ["NIK_RUSAK_EXCEL"]),
    (
        "scientific_lowercase_long",
        "3.320010509870001e+15",
        "3.320010509870001e+15",
        ["NIK_RUSAK_EXCEL"],
    ),
    ("scientific_comma_locale", "3,32E+15", "3,32E+15", ["NIK_RUSAK_EXCEL"]),
    ("float_cell", "3320010509870000.0", "3320010509870000.0", ["NIK_RUSAK_EXCEL"]),
    ("dots_left_for_check", "3320.0105.0987.0001", "3320.0105.0987.0001", []),
]


@pytest.mark.parametrize(
    ("raw", "cleaned", "expected"),
    [
        pytest.param(raw, cleaned, expected, id=case_id)
        for case_id, raw, cleaned, expected in CLEAN_CASES
    ],
)
def test_clean_nik_input(raw: str, cleaned: str, expected: list[str]) -> None:
    text, findings = clean_nik_input(raw)
    assert text == cleaned
    assert codes(findings) == expected
    assert normalise_nik(raw) == cleaned
    assert all(f.severity is Severity.ERROR for f in findings)


def test_excel_message_tells_how_to_fix() -> None:
    (finding,) = clean_nik_input("3.32E+15")[1]
    assert "Teks" in finding.message
    assert "Format Cells" in finding.message
    assert "ekspor ulang" in finding.message


def test_clean_no_kk_input_uses_kk_codes() -> None:
    assert clean_no_kk_input("'3320 0105 0987 0001") == ("3320010509870001", [])
    assert codes(clean_no_kk_input("3.32E+15")[1]) == ["NO_KK_RUSAK_EXCEL"]


# --------------------------------------------------------------------------- birth info


def test_nik_birth_info_man_and_woman() -> None:
    assert nik_birth_info("3320010509870001") == NikBirthInfo(5, 9, 87, "L")
    assert nik_birth_info("3320014509870001") == NikBirthInfo(5, 9, 87, "P")


@pytest.mark.parametrize(
    "nik",
    [
        "3320013209870001",
        "3320010513870001",
        "0332001000000007",
        "33200105098700",
        "3320012902010001",
    ],
)
def test_nik_birth_info_none_when_not_decodable(nik: str) -> None:
    assert nik_birth_info(nik) is None


def test_possible_birth_dates_both_centuries_not_in_future() -> None:
    today = date(2025, 6, 1)
    assert possible_birth_dates("3320010509300001", today) == [date(1930, 9, 5)]
    assert possible_birth_dates("3320010505200001", today) == [
        date(1920, 5, 5),
        date(2020, 5, 5),
    ]


def test_possible_birth_dates_29_february() -> None:
    today = date(2030, 1, 1)
    assert possible_birth_dates("3320012902000001", today) == [date(2000, 2, 29)]  # 1900 no leap
    assert possible_birth_dates("3320016902040001", today) == [
        date(1904, 2, 29),
        date(2004, 2, 29),
    ]
    assert possible_birth_dates("3320013209870001", today) == []


# --------------------------------------------------------------------------- regions & temporary


def test_region_code_of() -> None:
    assert region_code_of("3320014509870001") == "33.20.01"
    assert region_code_of(" 3320010509870001 ") == "33.20.01"
    assert region_code_of("0332001000000007") == "33.20.01"  # temporary: after the 0
    with pytest.raises(ValueError):
        region_code_of("33.20.01")


def test_make_temporary_nik_layout() -> None:
    assert make_temporary_nik("33.20.01", 7) == "0332001000000007"
    assert make_temporary_nik("332001", 99_999) == "0332001000099999"
    assert is_temporary_nik("0332001000000007")
    assert is_temporary_no_kk("0332001200100001")
    assert not is_temporary_nik("3320010509870001")
    assert not is_temporary_nik("0000000000000000")
    assert not is_temporary_nik("033200100000007")


@pytest.mark.parametrize(
    ("region", "serial"),
    [("33.20.01", 0), ("33.20.01", 100_000), ("10.20.01", 1), ("33.00.01", 1), ("3320", 1)],
)
def test_make_temporary_nik_refuses_bad_input(region: str, serial: int) -> None:
    with pytest.raises(ValueError):
        make_temporary_nik(region, serial)


def test_make_nik_examples() -> None:
    assert make_nik("33.20.01", date(1987, 9, 5), "P", 1) == "3320014509870001"
    assert make_nik("332001", date(2004, 2, 29), "L", 123) == "3320012902040123"
    with pytest.raises(ValueError, match="palsu"):
        make_nik("87.65.43", date(1987, 9, 21), "L", 6543)  # 8765432109876543
    with pytest.raises(ValueError):
        make_nik("33.20.01", date(1987, 9, 5), "P", 0)


# --------------------------------------------------------------------------- No. KK

KK_CASES: list[tuple[str, str, dict[str, Any], list[str]]] = [
    ("valid", "3320011203150004", {}, []),
    ("valid_known_region", "3320011203150004", {"known_region": known}, []),
    (
        "unknown_region",
        "3399011203150004",
        {"known_region": known},
        ["NO_KK_WILAYAH_TIDAK_DIKENAL"],
    ),
    ("no_plus_40_for_kk", "3320015203150004", {}, ["NO_KK_TANGGAL_SALAH"]),
    ("month_13", "3320011213150004", {}, ["NO_KK_TANGGAL_SALAH"]),
    ("29feb_not_leap", "3320012902150004", {}, ["NO_KK_TANGGAL_SALAH"]),
    ("29feb_leap", "3320012902160004", {}, []),
    ("serial_0000", "3320011203150000", {}, ["NO_KK_NOMOR_URUT_SALAH"]),
    ("province_05", "0520011203150004", {}, ["NO_KK_SEMENTARA"]),
    ("province_10", "1020011203150004", {}, ["NO_KK_PROVINSI_SALAH"]),
    ("length", "332001120315004", {}, ["NO_KK_PANJANG"]),
    ("letters", "3320011203l50004", {}, ["NO_KK_BUKAN_ANGKA"]),
    ("all_same", "2222222222222222", {}, ["NO_KK_PALSU"]),
    ("sequential", "8765432109876543", {}, ["NO_KK_PALSU"]),
    ("temporary", "0332001200100001", {}, ["NO_KK_SEMENTARA"]),
    ("empty", "", {}, ["NO_KK_KOSONG"]),
]


@pytest.mark.parametrize(
    ("no_kk", "kwargs", "expected"),
    [pytest.param(kk, kwargs, expected, id=case_id) for case_id, kk, kwargs, expected in KK_CASES],
)
def test_check_no_kk_table(no_kk: str, kwargs: dict[str, Any], expected: list[str]) -> None:
    findings = check_no_kk(no_kk, **kwargs)
    assert codes(findings) == expected
    for finding in findings:
        assert "No. KK" in finding.message


# --------------------------------------------------------------------------- properties

regions = st.builds(
    lambda p, k, c: f"{p:02d}.{k:02d}.{c:02d}",
    st.integers(11, 99),
    st.integers(1, 99),
    st.integers(1, 99),
)
birth_dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31))
sexes = st.sampled_from(["L", "P"])
serials = st.integers(1, 9999)


@st.composite
def generated_niks(draw: st.DrawFn) -> str:
    nik: str | None = None
    try:
        nik = make_nik(draw(regions), draw(birth_dates), draw(sexes), draw(serials))
    except ValueError as exc:  # the few combinations spelling a placeholder number
        assert "palsu" in str(exc)
    assume(nik is not None)
    assert nik is not None
    return nik


@given(region=regions, born=birth_dates, sex=sexes, serial=serials)
def test_make_nik_always_passes(region: str, born: date, sex: str, serial: int) -> None:
    try:
        nik = make_nik(region, born, sex, serial)
    except ValueError as exc:
        assert "palsu" in str(exc)
        return
    assert len(nik) == 16
    assert nik.isdigit()
    assert check_nik(nik, birth_date=born, sex=sex) == []
    assert not is_blocking(check_nik(nik))
    assert region_code_of(nik) == region
    info = nik_birth_info(nik)
    assert info == NikBirthInfo(born.day, born.month, born.year % 100, sex)
    assert born in possible_birth_dates(nik, date(2100, 1, 1))
    assert not is_temporary_nik(nik)


@given(region=regions, serial=st.integers(1, 99_999))
def test_temporary_nik_always_recognised(region: str, serial: int) -> None:
    nik = make_temporary_nik(region, serial)
    assert len(nik) == 16
    assert nik.isdigit()
    assert nik[0] == "0"  # real NIKs start with province 11..99
    assert is_temporary_nik(nik)
    assert codes(check_nik(nik)) == ["NIK_SEMENTARA"]
    assert not is_blocking(check_nik(nik))
    assert region_code_of(nik) == region
    assert nik_birth_info(nik) is None


@given(
    nik=generated_niks(),
    length=st.integers(1, 40).filter(lambda n: n != 16),
    filler=st.text("0123456789", min_size=24, max_size=24),
)
def test_wrong_length_fails(nik: str, length: int, filler: str) -> None:
    wrong = (nik + filler)[:length]
    assert codes(check_nik(wrong)) == ["NIK_PANJANG"]


non_digits = st.characters().filter(lambda c: c not in "0123456789" and not c.isspace())


@given(nik=generated_niks(), position=st.integers(0, 16), char=non_digits)
def test_inserted_non_digit_fails(nik: str, position: int, char: str) -> None:
    wrong = nik[:position] + char + nik[position:]
    assert codes(check_nik(wrong)) == ["NIK_BUKAN_ANGKA", "NIK_PANJANG"]


@given(nik=generated_niks(), position=st.integers(0, 15), char=non_digits)
def test_replaced_non_digit_fails(nik: str, position: int, char: str) -> None:
    wrong = nik[:position] + char + nik[position + 1 :]
    assert codes(check_nik(wrong)) == ["NIK_BUKAN_ANGKA"]


impossible_days = st.sampled_from([0, *range(32, 41), *range(72, 100)])


@given(nik=generated_niks(), day=impossible_days)
def test_impossible_day_fails(nik: str, day: int) -> None:
    wrong = f"{nik[:6]}{day:02d}{nik[8:]}"
    found = codes(check_nik(wrong))
    assume(found != ["NIK_PALSU"])  # e.g. the day completing 2345678901234567
    assert found == ["NIK_TANGGAL_SALAH"]


@given(nik=generated_niks(), month=st.sampled_from([0, *range(13, 100)]))
def test_impossible_month_fails(nik: str, month: int) -> None:
    wrong = f"{nik[:8]}{month:02d}{nik[10:]}"
    found = codes(check_nik(wrong))
    assume(found != ["NIK_PALSU"])
    assert found == ["NIK_BULAN_SALAH"]


@given(nik=generated_niks())
def test_serial_0000_fails(nik: str) -> None:
    found = codes(check_nik(nik[:12] + "0000"))
    assume(found != ["NIK_PALSU"])
    assert found == ["NIK_NOMOR_URUT_SALAH"]


@given(nik=generated_niks(), cuts=st.lists(st.integers(1, 15), max_size=4))
def test_cleaning_undoes_spreadsheet_formatting(nik: str, cuts: list[int]) -> None:
    spaced = nik
    for cut in sorted(set(cuts), reverse=True):
        spaced = spaced[:cut] + " " + spaced[cut:]
    assert clean_nik_input(f" '{spaced} ") == (nik, [])
