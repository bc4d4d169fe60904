"""Reference files: the shipped ones validate, and every kind of breakage names file + line.

A district IT person editing a JSON file must be led to the exact line, so most tests here
break a file on purpose and check the line number in the message.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shipped_reference import ppks, sosek, text_of

from puskesos_desktop.domain.assessment_facts import TingkatKesulitan
from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.reference import (
    parse_needs,
    parse_ppks,
    parse_programmes,
    parse_psks,
    parse_score_weights,
    parse_sosek,
    parse_spm,
)
from puskesos_desktop.domain.refjson import ReferenceFileError

SUFFIX = "Perbaiki berkas atau pasang ulang aplikasi."


def line_containing(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line that contains ``needle``."""
    hits = [number for number, line in enumerate(text.splitlines(), start=1) if needle in line]
    return hits[occurrence - 1]


def error_of(call: object, *args: object, **kwargs: object) -> ReferenceFileError:
    with pytest.raises(UserError) as info:
        call(*args, **kwargs)  # type: ignore[operator]
    assert isinstance(info.value, ReferenceFileError)
    assert str(info.value).endswith(SUFFIX)
    return info.value


# -- shipped files ----------------------------------------------------------------------------
def test_shipped_ppks_has_26_categories_and_pd_subtypes() -> None:
    catalogue = ppks()
    assert len(catalogue.categories) == 26
    assert catalogue.version == "2026.1"
    assert any("Permensos 8/2012" in source for source in catalogue.sources)
    pd = catalogue.get("PD")
    assert pd is not None
    assert [option.code for option in pd.subtypes] == ["FIS", "INT", "MEN", "SEN", "GANDA"]
    lut = catalogue.get("LUT")
    assert lut is not None and lut.age_min == 60


def test_shipped_psks_are_resources_not_client_categories() -> None:
    catalogue = parse_psks(text_of("psks.json"))
    assert len(catalogue.resources) == 12
    assert catalogue.role == "sumber_daya"
    assert not {resource.code for resource in catalogue.resources} & ppks().codes
    assert catalogue.resources[-1].unverified  # 12th item: source truncated


def test_shipped_spm_marks_judgement_members() -> None:
    spm = parse_spm(text_of("spm.json"), ppks=ppks())
    groups = {group.code: group for group in spm.groups}
    assert set(groups) == {"DISABILITAS", "ANAK", "LANSIA", "TUNA_SOSIAL", "BENCANA"}
    judged = {m.ppks_code for g in spm.groups for m in g.members if m.judgement}
    assert judged == {"ABH", "AKTK", "AMPK", "TS", "PML"}
    assert [m.ppks_code for m in groups["DISABILITAS"].members] == ["PD", "ADK"]


def test_shipped_needs_cover_the_eight_domains() -> None:
    needs = parse_needs(text_of("kebutuhan.json"))
    assert [d.code for d in needs.domains] == [
        "DASAR",
        "KESEHATAN",
        "PENDIDIKAN",
        "PERUMAHAN",
        "DOKUMEN",
        "PERLINDUNGAN",
        "PERAWATAN",
        "EKONOMI",
    ]


def test_shipped_sosek_follows_regsosek() -> None:
    catalogue = sosek()
    for code in ("lantai", "dinding", "atap", "air_minum", "penerangan", "bahan_bakar"):
        variable = catalogue.variable(code)
        assert variable is not None and not variable.multiple and variable.options
    lantai = catalogue.variable("lantai")
    assert lantai is not None and lantai.label_of("tanah") == "Tanah"
    assert [option.code for option in lantai.options][-2:] == ["tanah", "lainnya"]
    aset = catalogue.variable("aset")
    assert aset is not None and aset.multiple
    assert len(catalogue.difficulty_items) == 10
    assert [o.label for o in catalogue.difficulty_scale] == [
        "Tidak kesulitan",
        "Sedikit kesulitan",
        "Banyak kesulitan",
        "Tidak bisa sama sekali",
    ]
    assert len(catalogue.difficulty_scale) == len(TingkatKesulitan)


def test_shipped_programmes_and_weights() -> None:
    programmes = parse_programmes(text_of("program.json"), ppks=ppks(), sosek=sosek())
    assert [p.code for p in programmes.programmes] == [
        "PKH",
        "BPNT",
        "PBI_JK",
        "BLT_DD",
        "PIP",
        "ATENSI",
        "RUTILAHU",
        "ALAT_BANTU",
    ]
    pkh = programmes.get("PKH")
    assert pkh is not None and pkh.components is not None
    amounts = {c.code: c.yearly_amount for c in pkh.components.items}
    assert amounts == {
        "IBU_HAMIL": 3_000_000,
        "ANAK_USIA_DINI": 3_000_000,
        "SD": 900_000,
        "SMP": 1_500_000,
        "SMA": 2_000_000,
        "LANSIA": 2_400_000,
        "DISABILITAS_BERAT": 2_400_000,
    }
    assert pkh.unverified and pkh.components.unverified
    weights = parse_score_weights(
        text_of("bobot_skor.json"), ppks=ppks(), sosek=sosek(), programmes=programmes
    )
    assert weights.cap == 100
    assert [(b.label, b.min_score) for b in weights.bands] == [
        ("sangat prioritas", 70),
        ("prioritas", 40),
        ("biasa", 0),
    ]
    assert weights.band_for(69).label == "prioritas"


def test_byte_order_mark_from_notepad_is_accepted() -> None:
    data = "\ufeff".encode() + text_of("kebutuhan.json").encode()
    assert len(parse_needs(data).domains) == 8


# -- broken files -----------------------------------------------------------------------------
def test_syntax_error_names_file_and_line() -> None:
    text = text_of("spm.json")
    target = line_containing(text, '"ppks": ["LUT"]')
    broken = text.replace('"ppks": ["LUT"]', '"ppks": ["LUT"', 1)
    error = error_of(parse_spm, broken, ppks=ppks())
    assert str(error).startswith("Berkas referensi spm.json baris ")
    assert "format JSON rusak" in str(error)
    assert error.line in (target, target + 1)  # json reports where it noticed


def test_missing_comma_is_explained_in_indonesian() -> None:
    broken = '{\n  "versi": "2026.1"\n  "sumber": ["x"]\n}'
    error = error_of(parse_needs, broken, "kebutuhan.json")
    assert error.line == 3
    assert "kurang tanda koma" in str(error)


def test_unknown_ppks_code_in_spm_names_the_line() -> None:
    text = text_of("spm.json")
    broken = text.replace('"ppks": ["LUT"]', '"ppks": ["XYZ"]', 1)
    error = error_of(parse_spm, broken, ppks=ppks())
    line = line_containing(broken, '"XYZ"')
    assert str(error) == (
        f"Berkas referensi spm.json baris {line}: kode PPKS 'XYZ' tidak dikenal. {SUFFIX}"
    )


def test_unknown_judgement_member_code_points_at_its_line() -> None:
    text = text_of("spm.json")
    broken = text.replace('{"kode": "AKTK", "pertimbangan": true}', '{"kode": "AKTX"}', 1)
    error = error_of(parse_spm, broken, ppks=ppks())
    assert error.line == line_containing(broken, "AKTX")


def test_duplicate_code_reports_the_second_occurrence() -> None:
    text = text_of("ppks.json")
    broken = text.replace('{"kode": "GLD"', '{"kode": "PGM"', 1)
    error = error_of(parse_ppks, broken)
    first, second = line_containing(broken, '"PGM"'), line_containing(broken, '"PGM"', 2)
    assert error.line == second
    assert f"kode PPKS 'PGM' ganda (sudah dipakai di baris {first})" in str(error)


def test_wrong_type_names_the_field_and_line() -> None:
    text = text_of("kebutuhan.json")
    broken = text.replace('"label": "Kesehatan"', '"label": 5', 1)
    error = error_of(parse_needs, broken)
    assert error.line == line_containing(broken, '"label": 5')
    assert "'label' harus berupa teks, bukan bilangan bulat" in str(error)


def test_boolean_is_not_accepted_as_a_number() -> None:
    text = text_of("bobot_skor.json")
    broken = text.replace('"batas_skor": 100', '"batas_skor": true', 1)
    error = error_of(
        parse_score_weights,
        broken,
        ppks=ppks(),
        sosek=sosek(),
        programmes=parse_programmes(text_of("program.json"), ppks=ppks(), sosek=sosek()),
    )
    assert error.line == line_containing(broken, '"batas_skor"')


def test_missing_field_points_at_the_object() -> None:
    broken = (
        '{\n  "versi": "2026.1",\n  "sumber": ["x"],\n  "kebutuhan": [\n'
        '    {"kode": "A", "label": "a"},\n'
        '    {"kode": "B"}\n  ]\n}'
    )
    error = error_of(parse_needs, broken, "kebutuhan.json")
    assert error.line == 6
    assert "kolom 'label' wajib ada" in str(error)


def test_misspelt_key_is_rejected_not_ignored() -> None:
    text = text_of("program.json")
    broken = text.replace('"unverified": ["Nilai Rp200.000', '"unverifed": ["Nilai Rp200.000', 1)
    error = error_of(parse_programmes, broken, ppks=ppks(), sosek=sosek())
    assert error.line == line_containing(broken, '"unverifed"')
    assert "kolom 'unverifed' tidak dikenal" in str(error)


def test_key_written_twice_is_reported() -> None:
    broken = (
        '{\n  "versi": "2026.1",\n  "sumber": ["x"],\n  "versi": "2026.2",\n  "kebutuhan": []\n}'
    )
    error = error_of(parse_needs, broken, "kebutuhan.json")
    assert error.line == 4
    assert "'versi' tertulis dua kali" in str(error)


def test_bad_version_and_empty_sources() -> None:
    error = error_of(parse_needs, '{"versi": "1", "sumber": ["x"], "kebutuhan": []}', "k.json")
    assert "versi '1'" in str(error)
    error = error_of(parse_needs, '{"versi": "2026.1", "sumber": [], "kebutuhan": []}', "k.json")
    assert "'sumber' tidak boleh kosong" in str(error)


def test_bytes_that_are_not_utf8() -> None:
    data = b'{\n  "versi": "2026.1",\n  "sumber": ["caf\xe9"]\n}'
    error = error_of(parse_needs, data, "kebutuhan.json")
    assert error.line == 3
    assert "UTF-8" in str(error)


def test_unknown_fact_in_programme_rule() -> None:
    text = text_of("program.json")
    broken = text.replace(
        '{"fakta": "punya_kks", "sama": false}', '{"fakta": "punya_kk", "sama": false}'
    )
    error = error_of(parse_programmes, broken, ppks=ppks(), sosek=sosek())
    assert error.line == line_containing(broken, '"punya_kk"')
    assert "fakta 'punya_kk' tidak dikenal" in str(error)


def test_member_fact_outside_ada_anggota_is_explained() -> None:
    text = text_of("bobot_skor.json")
    broken = text.replace('{"fakta": "desil", "maks": 1}', '{"fakta": "umur", "maks": 1}', 1)
    programmes = parse_programmes(text_of("program.json"), ppks=ppks(), sosek=sosek())
    error = error_of(parse_score_weights, broken, ppks=ppks(), sosek=sosek(), programmes=programmes)
    assert "berlaku per anggota; letakkan di dalam 'ada_anggota'" in str(error)
    assert error.line == line_containing(broken, '"umur", "maks": 1')


def test_unknown_option_code_and_wrong_operator_in_weights() -> None:
    programmes = parse_programmes(text_of("program.json"), ppks=ppks(), sosek=sosek())
    text = text_of("bobot_skor.json")
    broken = text.replace('"dalam": ["tanah", "bambu"]', '"dalam": ["tanah", "lumpur"]', 1)
    error = error_of(parse_score_weights, broken, ppks=ppks(), sosek=sosek(), programmes=programmes)
    assert "kode untuk fakta 'lantai' 'lumpur' tidak dikenal" in str(error)
    assert error.line == line_containing(broken, "lumpur")
    broken = text.replace('{"fakta": "desil", "maks": 1}', '{"fakta": "desil", "dalam": [1]}', 1)
    error = error_of(parse_score_weights, broken, ppks=ppks(), sosek=sosek(), programmes=programmes)
    assert "perlu salah satu pembanding" in str(error)


def test_points_over_cap_and_bands_without_zero() -> None:
    programmes = parse_programmes(text_of("program.json"), ppks=ppks(), sosek=sosek())
    text = text_of("bobot_skor.json")
    broken = text.replace('"poin": 15', '"poin": 150', 1)
    error = error_of(parse_score_weights, broken, ppks=ppks(), sosek=sosek(), programmes=programmes)
    assert error.line == line_containing(broken, '"poin": 150')
    broken = text.replace('"label": "biasa", "min": 0', '"label": "biasa", "min": 1', 1)
    error = error_of(parse_score_weights, broken, ppks=ppks(), sosek=sosek(), programmes=programmes)
    assert "'min': 0" in str(error)


def test_sosek_without_a_variable_the_rules_need() -> None:
    data = json.loads(text_of("sosek.json"))
    data["variabel"] = [v for v in data["variabel"] if v["kode"] != "lantai"]
    error = error_of(parse_sosek, json.dumps(data, indent=2, ensure_ascii=False))
    assert "variabel 'lantai' (tingkat keluarga, jenis pilihan) wajib ada" in str(error)


def test_psks_must_stay_a_resource_list() -> None:
    broken = text_of("psks.json").replace('"jenis": "sumber_daya"', '"jenis": "klien"', 1)
    error = error_of(parse_psks, broken)
    assert error.line == line_containing(broken, '"jenis": "klien"')


@settings(max_examples=60, deadline=None)
@given(
    codes=st.lists(st.sampled_from(sorted(ppks().codes)), min_size=1, max_size=8, unique=True),
    position=st.integers(min_value=0, max_value=8),
    indent=st.sampled_from([None, 1, 2, 4]),
)
def test_unknown_code_line_is_exact_for_any_layout(
    codes: list[str], position: int, indent: int | None
) -> None:
    members = [*codes]
    members.insert(min(position, len(members)), "QQQ")
    document = {
        "versi": "2026.1",
        "sumber": ["uji"],
        "layanan": [{"kode": "UJI", "nama": "Uji", "ppks": members}],
    }
    text = json.dumps(document, indent=indent)
    error = error_of(parse_spm, text, ppks=ppks())
    assert error.line == line_containing(text, '"QQQ"')
