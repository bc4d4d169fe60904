"""The recap figures over the known dataset: every number checked by hand (report_kit)."""

from __future__ import annotations

import pytest
from report_kit import EXPECTED, PERIOD, TOTALS, KnownDesk, known_desk_fixture  # noqa: F401

from puskesos_desktop.services.reports_types import RekapFilter


@pytest.fixture
def rekap(known_desk: KnownDesk):
    return known_desk.reports.rekap(RekapFilter(PERIOD))


def test_every_expected_cell(rekap) -> None:
    for code, cells in EXPECTED.items():
        table = rekap.table(code)
        for (key, column), value in cells.items():
            assert table.cell(key, column) == value, (code, key, column)


def test_totals(rekap) -> None:
    for code, totals in TOTALS.items():
        table = rekap.table(code)
        total = dict(zip((k.judul for k in table.kolom), table.total, strict=True))
        for column, value in totals.items():
            assert total[column] == value, (code, column)
