"""Letter numbers: the pattern is a setting, so it is parsed and checked, never executed."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.numbering import (
    DEFAULT_KODE,
    DEFAULT_PATTERN,
    format_letter_number,
    roman_month,
    validate_pattern,
)

ISSUED = date(2026, 11, 22)


def test_default_pattern_gives_the_opensid_style_number() -> None:
    assert DEFAULT_KODE == "460"
    number = format_letter_number(DEFAULT_PATTERN, DEFAULT_KODE, 7, "2001", ISSUED)
    assert number == "460/007/2001/XI/2026"


def test_running_number_grows_past_its_padding() -> None:
    assert format_letter_number(DEFAULT_PATTERN, "460", 1234, "2001", ISSUED) == (
        "460/1234/2001/XI/2026"
    )


def test_other_tokens_and_codes() -> None:
    pattern = "{kode}/{urut}/{kode_desa}/{bulan}/{tahun}"
    assert format_letter_number(pattern, "400.9.1", 12, "Kesra", date(2027, 1, 3)) == (
        "400.9.1/12/Kesra/01/2027"
    )
    assert format_letter_number("{urut:04d}-{tahun}", "", 5, "", ISSUED) == "0005-2026"
    assert format_letter_number("SLRT/{urut:3d}/{tahun}", "", 5, "", ISSUED) == "SLRT/005/2026"


@pytest.mark.parametrize(
    ("month", "roman"),
    [(1, "I"), (2, "II"), (3, "III"), (4, "IV"), (5, "V"), (6, "VI"), (7, "VII"),
     (8, "VIII"), (9, "IX"), (10, "X"), (11, "XI"), (12, "XII")],
)
def test_roman_months(month: int, roman: str) -> None:
    assert roman_month(month) == roman


@pytest.mark.parametrize("bad", [0, 13, True, "3"])
def test_roman_month_rejects_non_months(bad: object) -> None:
    with pytest.raises(ValueError):
        roman_month(bad)  # type: ignore[arg-type]


def test_valid_patterns_have_no_messages() -> None:
    assert validate_pattern(DEFAULT_PATTERN) == []
    assert validate_pattern("{kode}/{urut:03d}/{kode_desa}/{bulan_romawi}/{tahun}") == []


@pytest.mark.parametrize(
    ("pattern", "fragment"),
    [
        ("", "belum diisi"),
        ("   ", "belum diisi"),
        ("{kode}/{urut}", "{tahun}"),
        ("{kode}/{tahun}", "{urut}"),
        ("{kode.__class__}/{urut}/{tahun}", "tidak dikenal"),
        ("{0}/{urut}/{tahun}", "tidak dikenal"),
        ("{nama}/{urut}/{tahun}", "tidak dikenal"),
        ("{urut}/{tahun}}", "tidak berpasangan"),
        ("{{urut}/{tahun}", "tidak berpasangan"),
        ("{urut:10d}/{tahun}", "1 sampai 6"),
        ("{bulan:02d}/{urut}/{tahun}", "hanya boleh untuk {urut}"),
        ("460 /{urut}/{tahun}", "tidak diizinkan"),
        ("460*{urut}/{tahun}", "tidak diizinkan"),
        ("460/{urut}/{tahun}/é", "tidak diizinkan"),
        ("{urut}/{tahun}" + "/x" * 50, "terlalu panjang"),
    ],
)
def test_bad_patterns_are_explained_in_indonesian(pattern: str, fragment: str) -> None:
    messages = validate_pattern(pattern)
    assert messages
    assert any(fragment in message for message in messages), messages


def test_one_message_per_problem() -> None:
    """A bad width on {urut} must not also claim {urut} is missing."""
    assert len(validate_pattern("{urut:9d}/{tahun}")) == 1


def test_formatting_with_a_bad_pattern_is_a_user_error() -> None:
    with pytest.raises(UserError, match="Pola nomor surat tidak sah"):
        format_letter_number("{kode}/{urut}", "460", 1, "2001", ISSUED)


@pytest.mark.parametrize("value", ["", "20 01", "20/01", "kode*", "{urut}", "de\nsa", "desá"])
def test_values_outside_the_number_alphabet_are_refused(value: str) -> None:
    with pytest.raises(UserError):
        format_letter_number(DEFAULT_PATTERN, "460", 1, value, ISSUED)
    with pytest.raises(UserError):
        format_letter_number(DEFAULT_PATTERN, value, 1, "2001", ISSUED)


def test_surrounding_spaces_of_values_are_ignored() -> None:
    assert format_letter_number(DEFAULT_PATTERN, " 460 ", 1, "2001\n", ISSUED) == (
        "460/001/2001/XI/2026"
    )


def test_unused_values_are_not_checked() -> None:
    assert format_letter_number("{urut}/{tahun}", "", 3, "", ISSUED) == "3/2026"


@pytest.mark.parametrize("urut", [0, -1, True])
def test_running_number_must_be_positive(urut: int) -> None:
    with pytest.raises(ValueError):
        format_letter_number(DEFAULT_PATTERN, "460", urut, "2001", ISSUED)


def test_overlong_number_is_refused() -> None:
    with pytest.raises(UserError, match="terlalu panjang"):
        format_letter_number(DEFAULT_PATTERN, "4" * 50, 1, "2" * 20, ISSUED)


@given(st.text(max_size=60))
def test_validate_never_raises(pattern: str) -> None:
    assert isinstance(validate_pattern(pattern), list)


@given(st.integers(min_value=1, max_value=10**6), st.integers(min_value=1, max_value=999))
def test_numbers_are_unique_within_a_year(first: int, delta: int) -> None:
    one = format_letter_number(DEFAULT_PATTERN, "460", first, "2001", ISSUED)
    other = format_letter_number(DEFAULT_PATTERN, "460", first + delta, "2001", ISSUED)
    assert one != other
