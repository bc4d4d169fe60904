"""Indonesian dates: the words on letters never depend on the machine's locale."""

from __future__ import annotations

import locale
from datetime import date

import pytest

from puskesos_desktop.domain.dates_id import (
    MONTHS,
    WEEKDAYS,
    format_date,
    format_date_with_weekday,
    format_month_year,
    format_place_date,
    month_name,
    weekday_name,
)


def test_letter_date() -> None:
    assert format_date(date(2026, 11, 22)) == "22 November 2026"
    assert format_date(date(2026, 1, 5)) == "5 Januari 2026"  # no leading zero
    assert format_date(date(2024, 2, 29)) == "29 Februari 2024"


def test_place_and_date_line() -> None:
    assert format_place_date("Jepara", date(2026, 11, 22)) == "Jepara, 22 November 2026"
    assert format_place_date("  Bangsri ", date(2026, 8, 17)) == "Bangsri, 17 Agustus 2026"
    assert format_place_date("", date(2026, 8, 17)) == "17 Agustus 2026"


def test_weekdays() -> None:
    assert weekday_name(date(2026, 11, 22)) == "Minggu"
    assert weekday_name(date(2026, 11, 23)) == "Senin"
    assert weekday_name(date(2026, 11, 27)) == "Jumat"
    assert format_date_with_weekday(date(2026, 11, 22)) == "Minggu, 22 November 2026"
    assert len(WEEKDAYS) == 7


def test_every_month_name() -> None:
    assert MONTHS == (
        "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
        "September", "Oktober", "November", "Desember",
    )
    assert [month_name(m) for m in range(1, 13)] == list(MONTHS)
    assert format_month_year(3, 2027) == "Maret 2027"


@pytest.mark.parametrize("bad", [0, 13, -1, True, 1.0, "1"])
def test_month_out_of_range_is_a_programming_error(bad: object) -> None:
    with pytest.raises(ValueError):
        month_name(bad)  # type: ignore[arg-type]


def test_independent_of_process_locale() -> None:
    previous = locale.setlocale(locale.LC_TIME)
    try:
        try:
            locale.setlocale(locale.LC_TIME, "C")
        except locale.Error:
            pytest.skip("C locale unavailable")
        assert format_date(date(2026, 5, 1)) == "1 Mei 2026"
    finally:
        locale.setlocale(locale.LC_TIME, previous)
