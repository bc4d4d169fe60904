"""Desk ids come from setup and from hostile files; both paths are covered here."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from puskesos_desktop.domain.desk_id import (
    desk_kind,
    is_valid_desk_id,
    make_district_desk_id,
    make_village_desk_id,
    normalise_desa_code,
    region_code_of,
)
from puskesos_desktop.domain.errors import UserError


@pytest.mark.parametrize("code", ["33.20.01.2001", "3320012001", " 33.20.01.2001 "])
def test_village_desk_id_from_dotted_or_plain_code(code: str) -> None:
    desk_id = make_village_desk_id(code)
    assert desk_id.startswith("3320012001-")
    assert is_valid_desk_id(desk_id)
    assert desk_kind(desk_id) == "desa"
    assert region_code_of(desk_id) == "3320012001"


def test_village_suffix_is_random() -> None:
    suffixes = {make_village_desk_id("3320012001")[-4:] for _ in range(50)}
    assert len(suffixes) > 40


@pytest.mark.parametrize("code", ["33.20", "3320"])
def test_district_desk_id(code: str) -> None:
    assert make_district_desk_id(code) == "dinas-3320"
    assert desk_kind("dinas-3320") == "dinas"
    assert region_code_of("dinas-3320") == "3320"


@pytest.mark.parametrize(
    "code", ["", "332001200", "33200120011", "33.2001.2001", "33.20.01.200a", "٣٣٢٠٠١٢٠٠١"]
)
def test_bad_desa_code_is_user_error(code: str) -> None:
    with pytest.raises(UserError, match="Kode desa"):
        normalise_desa_code(code)


@pytest.mark.parametrize("code", ["332", "33.20.01", "33-20", "dinas"])
def test_bad_kabupaten_code_is_user_error(code: str) -> None:
    with pytest.raises(UserError, match="Kode kabupaten"):
        make_district_desk_id(code)


@pytest.mark.parametrize(
    "value",
    [
        "3320012001-7F3A",  # upper-case hex
        "3320012001-7f3",
        "3320012001-7f3a\n",  # `$` would accept this
        "3320012001-7f3g",
        "٣٣٢٠٠١٢٠٠١-7f3a",  # `\d` would accept these digits
        "dinas-332",
        "dinas-33200",
        "DINAS-3320",
        " dinas-3320",
        "",
        None,
        3320,
        b"dinas-3320",
    ],
)
def test_invalid_desk_ids(value: object) -> None:
    assert not is_valid_desk_id(value)


def test_desk_kind_of_invalid_id_is_user_error() -> None:
    with pytest.raises(UserError, match="ID desk"):
        desk_kind("dinas-33")


@given(st.one_of(st.text(max_size=30), st.binary(max_size=30), st.integers(), st.none()))
def test_is_valid_desk_id_never_raises(value: object) -> None:
    result = is_valid_desk_id(value)
    if result:
        assert desk_kind(value) in ("desa", "dinas")  # type: ignore[arg-type]


@given(st.from_regex(r"[0-9]{10}", fullmatch=True))
def test_any_ten_digit_code_gives_valid_id(code: str) -> None:
    desk_id = make_village_desk_id(code)
    assert is_valid_desk_id(desk_id)
    assert region_code_of(desk_id) == code
