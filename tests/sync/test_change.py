"""One payload line: structural validation of hostile JSON, plus the per-table hook."""

from __future__ import annotations

import contextlib
import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from bundle_kit import HOOKS, make_changes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from puskesos_desktop.sync.change import (
    MAX_LINE_BYTES,
    MAX_STRING_CHARS,
    Change,
    ChangeInvalid,
    change_line,
    iso_timestamp,
    validate_change,
)

FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NEW, EDIT, TOMBSTONE = make_changes(5)[0], make_changes(5)[3], make_changes(5)[4]


def line_of(change: Change, **changes: Any) -> dict[str, Any]:
    obj = json.loads(change_line(change))
    obj.update(changes)
    return {k: v for k, v in obj.items() if v is not ...}


def invalid(obj: object, hooks: Any = HOOKS) -> list[str]:
    with pytest.raises(ChangeInvalid) as caught:
        validate_change(obj, hooks)
    assert caught.value.errors
    return caught.value.errors


@pytest.mark.parametrize("change", [NEW, EDIT, TOMBSTONE], ids=["baru", "ubah", "hapus"])
def test_valid_lines_round_trip(change: Change) -> None:
    line = change_line(change)
    assert line.endswith(b"\n") and b"\n" not in line[:-1]  # JSON escapes inner newlines
    assert validate_change(json.loads(line), HOOKS) == change
    assert json.loads(line) == change.to_json()


def test_flat_code_lists_are_valid_values() -> None:
    obj = line_of(NEW, fields={**NEW.fields, "kebutuhan": ["KESEHATAN", "DOKUMEN"]})
    assert validate_change(obj, HOOKS).fields["kebutuhan"] == ["KESEHATAN", "DOKUMEN"]


def test_line_is_canonical_utf8() -> None:
    line = change_line(NEW)
    obj = json.loads(line)
    assert line == json.dumps(obj, sort_keys=True, separators=(",", ":"),
                              ensure_ascii=False).encode() + b"\n"  # fmt: skip
    assert "🏠".encode() in line


BAD = {
    "change_id bukan uuid": {"change_id": "123"},
    "uid huruf besar": {"uid": NEW.uid.upper()},
    "tabel tak dikenal": {"table": "pengguna"},
    "tabel aneh": {"table": "penduduk; DROP"},
    "op lain": {"op": "insert"},
    "op daftar": {"op": ["upsert"]},
    "rev tidak berurutan": {"rev": 3},
    "rev bool": {"rev": True, "base_rev": False},
    "rev teks": {"rev": "1"},
    "base_rev negatif": {"rev": 0, "base_rev": -1},
    "at tanpa zona": {"at": "2025-03-04T08:00:00"},
    "at daftar": {"at": ["2025"]},
    "at tanggal mustahil": {"at": "2025-02-30T08:00:00+07:00"},
    "by tanpa desk": {"by": "operator"},
    "by desk salah": {"by": "desa/operator"},
    "by kosong": {"by": f"{NEW.by.split('/')[0]}/"},
    "by kontrol": {"by": f"{NEW.by}\x07"},
    "by panjang": {"by": NEW.by + "x" * 100},
    "fields daftar": {"fields": []},
    "fields kosong": {"fields": {}},
    "fields bersarang": {"fields": {"nama": {"depan": "Siti"}}},
    "daftar berisi angka": {"fields": {"kebutuhan": ["KESEHATAN", 3]}},
    "daftar bersarang": {"fields": {"kebutuhan": [["KESEHATAN"]]}},
    "daftar terlalu panjang": {"fields": {"kebutuhan": ["A"] * 101}},
    "nama kolom aneh": {"fields": {"Nama Lengkap": "Siti"}},
    "teks terlalu panjang": {"fields": {"nama": "x" * (MAX_STRING_CHARS + 1)}},
    "surrogate": {"fields": {"nama": "Siti \ud800"}},
    "NUL": {"fields": {"nama": "Siti\x00"}},
    "angka raksasa": {"fields": {"penghasilan": 2**70}},
    "tak hingga": {"fields": {"skor": float("inf")}},
    "base baris baru": {"base": {"nama": "lama"}},
    "kolom ekstra": {"catatan": "x"},
    "kolom hilang": {"by": ...},
    "NIK tidak sah (hook)": {"fields": {**NEW.fields, "nik": "1234"}},
}


@pytest.mark.parametrize("changes", BAD.values(), ids=BAD.keys())
def test_bad_lines_are_invalid(changes: dict[str, Any]) -> None:
    invalid(line_of(NEW, **changes))


def test_semantic_rules_for_edits_and_tombstones() -> None:
    invalid(line_of(EDIT, base={"alamat": "x"}))  # base of a field that did not change
    invalid(line_of(TOMBSTONE, fields={"deleted": True, "nama": "x"}))
    invalid(line_of(TOMBSTONE, fields={"deleted": False}))
    invalid(line_of(TOMBSTONE, rev=1, base_rev=0, base={}))
    undelete = line_of(EDIT, fields={"deleted": False}, base={"deleted": True})
    assert validate_change(undelete, HOOKS).fields == {"deleted": False}


@pytest.mark.parametrize("obj", [None, [], "x", 1, {"change_id": NEW.change_id}])
def test_non_objects_are_invalid(obj: object) -> None:
    invalid(obj)


def test_hook_sees_the_line_and_its_errors_are_reported() -> None:
    seen: list[dict[str, Any]] = []

    def hook(line: dict[str, Any]) -> list[str]:
        seen.append(line)
        return ["jenis kelamin harus L atau P"]

    errors = invalid(line_of(NEW), {"penduduk": hook})
    assert errors == ["jenis kelamin harus L atau P"]
    assert seen[0]["fields"]["nik"] == NEW.fields["nik"]


def test_hook_that_chokes_is_a_clean_rejection() -> None:
    def hook(line: dict[str, Any]) -> list[str]:
        return [line["fields"]["tidak_ada"]]

    assert "KeyError" in invalid(line_of(NEW), {"penduduk": hook})[0]


def test_without_tables_any_wellformed_table_passes() -> None:
    assert validate_change(line_of(NEW, table="tabel_baru"), None).table == "tabel_baru"


def test_writer_refuses_changes_the_reader_would_refuse() -> None:
    bad = Change(NEW.change_id, NEW.table, NEW.uid, "upsert", 2, 0, NEW.at, NEW.by,
                 NEW.fields, {})  # fmt: skip
    with pytest.raises(ChangeInvalid):
        change_line(bad)
    huge = Change(NEW.change_id, NEW.table, NEW.uid, "upsert", 1, 0, NEW.at, NEW.by,
                  {f"kolom_{i}": "x" * 19_000 for i in range(20)}, {})  # fmt: skip
    with pytest.raises(ChangeInvalid, match=str(MAX_LINE_BYTES)):
        change_line(huge)


def test_iso_timestamp_treats_naive_as_utc() -> None:
    naive = datetime(2025, 3, 4, 1, 2, 3, 456)
    assert iso_timestamp(naive) == "2025-03-04T01:02:03.000456+00:00"
    wib = datetime(2025, 3, 4, 8, 0, tzinfo=timezone(timedelta(hours=7)))
    assert iso_timestamp(wib) == "2025-03-04T08:00:00+07:00"
    assert iso_timestamp(datetime(2025, 1, 1, tzinfo=UTC)) == "2025-01-01T00:00:00+00:00"
    line = line_of(NEW, at=iso_timestamp(naive))
    assert validate_change(line, HOOKS).at == "2025-03-04T01:02:03.000456+00:00"


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=10,
)


@FAST
@given(values=st.dictionaries(st.sampled_from(sorted(line_of(NEW))), JSON, min_size=1))
def test_line_shaped_json_is_valid_or_change_invalid(values: dict[str, Any]) -> None:
    try:
        change = validate_change({**line_of(NEW), **values}, HOOKS)
    except ChangeInvalid:
        return
    assert change_line(change)  # whatever passes can be written again


@FAST
@given(fields=st.dictionaries(st.text(max_size=10), JSON, max_size=6))
def test_arbitrary_fields_are_valid_or_change_invalid(fields: dict[str, Any]) -> None:
    with contextlib.suppress(ChangeInvalid):
        validate_change(line_of(NEW, fields=fields), HOOKS)
