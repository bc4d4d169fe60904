"""Personal-data rules: the minimisation table and the birth-year rule."""

from __future__ import annotations

from datetime import date, timedelta

from puskesos_desktop.domain.privacy import (
    LETTER_FIELDS,
    CaraPersetujuan,
    DataSurat,
    cutoff_date,
    letter_fields,
    year_only_birth_date,
)
from puskesos_desktop.services.lembaga import JenisLembaga


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def test_every_kind_of_destination_has_a_rule_and_all_see_who_and_where() -> None:
    assert set(LETTER_FIELDS) == {kind.value for kind in JenisLembaga}
    for fields in LETTER_FIELDS.values():
        assert {DataSurat.NAMA, DataSurat.TTL, DataSurat.ALAMAT} <= set(fields)


def test_health_goes_only_where_care_is_given_and_programmes_where_eligibility_is_decided() -> (
    None
):
    health = {DataSurat.DISABILITAS, DataSurat.PENYAKIT}
    assert not health & set(letter_fields("SEKOLAH"))
    assert not health & set(letter_fields("DUKCAPIL"))
    assert DataSurat.PROGRAM in letter_fields("SEKOLAH")
    assert health <= set(letter_fields("PUSKESMAS"))
    assert not {DataSurat.PROGRAM, DataSurat.DESIL, DataSurat.NO_KK} & set(
        letter_fields("PUSKESMAS")
    )
    assert DataSurat.NIK not in letter_fields("LKS")
    assert letter_fields("TIDAK_DIKENAL") == letter_fields("LAINNYA")


def test_birth_year_rule_keeps_the_age_on_the_day_of_anonymisation() -> None:
    on = date(2026, 6, 15)
    born = date(1960, 1, 1)
    while born < date(1962, 1, 1):
        kept = year_only_birth_date(born, on)
        assert kept.year == born.year and (kept.month, kept.day) in ((1, 1), (12, 31))
        assert _age(kept, on) == _age(born, on)
        born += timedelta(days=1)


def test_cutoff_handles_leap_day_and_method_phrases() -> None:
    assert cutoff_date(date(2028, 2, 29), 5) == date(2023, 2, 28)
    assert cutoff_date(date(2026, 11, 23), 5) == date(2021, 11, 23)
    assert CaraPersetujuan.CAP_JEMPOL.phrase == "dengan cap jempol"
    assert CaraPersetujuan.parse("tanda tangan") is CaraPersetujuan.TERTULIS
