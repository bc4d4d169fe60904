"""Choice lists read the spellings forms, village spreadsheets and bundles use."""

from __future__ import annotations

import pytest

from puskesos_desktop.domain.registry_enums import (
    Agama,
    Choice,
    HubunganKeluarga,
    JenisKelamin,
    Pendidikan,
    StatusKawin,
)


@pytest.mark.parametrize(
    ("choice", "text", "expected"),
    [
        (JenisKelamin, "laki-laki", "L"),
        (JenisKelamin, "PEREMPUAN", "P"),
        (JenisKelamin, 2, "P"),
        (JenisKelamin, 1.0, "L"),
        (HubunganKeluarga, "Kepala Keluarga", "KEPALA"),
        (HubunganKeluarga, "3", "ISTRI"),
        (HubunganKeluarga, "famili_lain", "FAMILI_LAIN"),
        (StatusKawin, "belum kawin", "BELUM_KAWIN"),
        (StatusKawin, "Kawin Tercatat", "KAWIN"),
        (Agama, "Katholik", "KATOLIK"),
        (Agama, " budha ", "BUDDHA"),
        (Pendidikan, "SMA", "SLTA"),
        (Pendidikan, "Tamat SD/Sederajat", "SD"),
    ],
)
def test_parse_accepts_codes_labels_and_aliases(
    choice: type[Choice], text: object, expected: str
) -> None:
    assert choice.parse(text) == expected


@pytest.mark.parametrize("text", ["", "X", None, True, 3.5, "kepala desa"])
def test_parse_refuses_anything_else(text: object) -> None:
    assert HubunganKeluarga.parse(text) is None


def test_members_are_plain_strings_with_labels() -> None:
    assert Agama.ISLAM == "ISLAM" and f"{Agama.ISLAM}" == "ISLAM"
    assert Agama.KEPERCAYAAN.label.startswith("Kepercayaan")
    assert HubunganKeluarga.choices()[0] == ("KEPALA", "Kepala keluarga")
    assert "Perempuan" in JenisKelamin.accepted_text()
