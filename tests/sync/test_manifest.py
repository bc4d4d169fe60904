"""manifest.json: canonical bytes, a strict hostile-input parser, one exception type."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from puskesos_desktop.domain.audit import EMPTY_HEAD, GENESIS_HASH, AuditHead
from puskesos_desktop.sync.bundle import bundle_file_name, parse_bundle_file_name
from puskesos_desktop.sync.errors import BundleRejected, RejectReason
from puskesos_desktop.sync.manifest import (
    FORMAT,
    FORMAT_V1,
    MANIFEST_KEYS,
    MAX_MANIFEST_BYTES,
    Manifest,
    Part,
    build_manifest,
    canonical_json,
    manifest_sha256,
    parse_manifest,
)

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SHA = "ab" * 32
GROUP = "0f8e2d4c-1b3a-4f5e-8d7c-6b5a49382716"

MANIFEST = Manifest(
    origin="3320012001-7f3a",
    destination="dinas-3320",
    seq=14,
    prev="cd" * 32,
    created_at="2025-03-04T12:00:00+07:00",
    app_version="0.1.0",
    schema_version=3,
    payload_sha256=SHA,
    payload_size=1234,
    counts={"penduduk": 3, "keluarga": 1},
    ack={"dinas-3320": 7},
    part=Part(GROUP, 2, 3),
    audit=AuditHead(120, "ef" * 32),
)


def reject(data: bytes) -> BundleRejected:
    with pytest.raises(BundleRejected) as caught:
        parse_manifest(data)
    return caught.value


def test_round_trip_and_canonical_bytes() -> None:
    data = MANIFEST.to_bytes()
    assert parse_manifest(data) == MANIFEST
    obj = json.loads(data)
    assert set(obj) == MANIFEST_KEYS
    assert obj["format"] == FORMAT == "puskesos-bundle/2"
    assert data == json.dumps(obj, sort_keys=True, separators=(",", ":")).encode()
    assert b" " not in data and b"\n" not in data
    assert list(obj) == sorted(obj)
    assert obj["part"] == {"group": GROUP, "index": 2, "total": 3}
    assert obj["audit"] == {"id": 120, "hash": "ef" * 32}
    assert manifest_sha256(data) == hashlib.sha256(data).hexdigest()


def test_first_bundle_and_unsplit_export() -> None:
    first = replace(MANIFEST, seq=1, prev=None, part=None, ack={}, counts={})
    data = first.to_bytes()
    assert b'"prev":null' in data and b'"part":null' in data
    assert parse_manifest(data) == first


def test_signature_comment_names_origin_destination_seq() -> None:
    assert MANIFEST.signature_comment() == (
        "puskesos-bundle/2 origin:3320012001-7f3a destination:dinas-3320 seq:14"
    )


def test_format_1_from_older_apps_is_still_read_without_an_audit_head() -> None:
    legacy = replace(MANIFEST, format=FORMAT_V1, audit=None)
    data = legacy.to_bytes()
    assert b'"audit"' not in data and b'"format":"puskesos-bundle/1"' in data
    assert parse_manifest(data) == legacy
    assert legacy.signature_comment().startswith("puskesos-bundle/1 origin:")
    with_head = canonical_json({**legacy.to_json(), "audit": {"id": 1, "hash": SHA}})
    assert reject(with_head).reason is RejectReason.MALFORMED


def test_an_empty_chain_travels_as_id_0_with_the_genesis_hash() -> None:
    empty = replace(MANIFEST, audit=EMPTY_HEAD)
    assert json.loads(empty.to_bytes())["audit"] == {"id": 0, "hash": GENESIS_HASH}
    assert parse_manifest(empty.to_bytes()) == empty


def _with(**changes: Any) -> bytes:
    obj = {**MANIFEST.to_json(), **changes}
    return canonical_json({k: v for k, v in obj.items() if v is not ...})


BAD_VALUES = {
    "origin": ["", "desa", "3320012001-7F3A", "3320012001-7f3a\n", "dinas-3320", None, 1],
    "destination": ["dinas-33201", "3320012001-7f3a", "dinas-٣٣٢٠", []],
    "seq": [0, -1, True, 1.0, "14", 10**10, None],
    "prev": [None, "CD" * 32, "cd" * 31, "cd" * 33, "zz" * 32, 5],
    "created_at": ["2025-03-04T12:00:00", "2025-03-04", "2025-13-04T12:00:00+07:00",
                   "kemarin", "2025-03-04 12:00:00+07:00", 20250304],
    "app_version": ["", " 0.1", "0.1.0\n", "v" * 41, "versi é", 1],
    "schema_version": [0, -3, True, "3", 3.0, 10**7],
    "payload_sha256": ["AB" * 32, "ab" * 31, None, 0],
    "payload_size": [0, -1, True, 2**32, "1234", 1.5],
    "counts": [[], {"penduduk": 0}, {"Penduduk": 1}, {"penduduk": True}, {"": 1},
               {"penduduk": -1}, {"penduduk": 1.0}, None],
    "ack": [[], {"dinas-3320": -1}, {"desa": 1}, {"3320012001-7f3a": 3}, {"dinas-3320": "7"}],
    "part": [{}, {"group": GROUP, "index": 0, "total": 3}, {"group": GROUP, "index": 4, "total": 3},
             {"group": GROUP, "index": 1, "total": 1}, {"group": "x", "index": 1, "total": 2},
             {"group": GROUP, "index": 1, "total": 2, "extra": 1}, [GROUP, 1, 2], 1],
    "audit": [None, {}, {"id": 120}, {"id": -1, "hash": SHA}, {"id": True, "hash": SHA},
              {"id": 2**31, "hash": SHA}, {"id": 120, "hash": "EF" * 32},
              {"id": 120, "hash": GENESIS_HASH}, {"id": 0, "hash": SHA},
              {"id": 120, "hash": SHA, "extra": 1}, [120, SHA], "120"],
    "format": ["puskesos-bundle/0", "puskesos-bundle", "PUSKESOS-BUNDLE/1", None, 1],
}  # fmt: skip
CASES = [(field, value) for field, values in BAD_VALUES.items() for value in values]


@pytest.mark.parametrize(("field", "value"), CASES, ids=[f"{f}={v!r}"[:40] for f, v in CASES])
def test_bad_field_value_is_malformed(field: str, value: Any) -> None:
    assert reject(_with(**{field: value})).reason is RejectReason.MALFORMED


@pytest.mark.parametrize("field", sorted(MANIFEST_KEYS - {"format"}))
def test_missing_field_is_malformed(field: str) -> None:
    assert reject(_with(**{field: ...})).reason is RejectReason.MALFORMED


def test_extra_duplicate_and_constant_values_are_malformed() -> None:
    assert reject(_with(catatan="x")).reason is RejectReason.MALFORMED
    data = MANIFEST.to_bytes()
    duplicate = data.replace(b'"seq":14', b'"seq":14,"seq":15')
    assert reject(duplicate).reason is RejectReason.MALFORMED
    for constant in (b"NaN", b"Infinity", b"-Infinity"):
        assert reject(data.replace(b'"payload_size":1234', b'"payload_size":' + constant))


def test_same_content_in_other_layout_is_malformed() -> None:
    """The chain hashes these exact bytes, so only the canonical form is a manifest."""
    obj = MANIFEST.to_json()
    for variant in (
        json.dumps(obj, sort_keys=True).encode(),  # spaces
        json.dumps(obj, separators=(",", ":")).encode(),  # key order
        MANIFEST.to_bytes() + b"\n",
        b"\xef\xbb\xbf" + MANIFEST.to_bytes(),
        MANIFEST.to_bytes().replace(b'"origin"', b'"\\u006frigin"'),
    ):
        assert reject(variant).reason is RejectReason.MALFORMED


@pytest.mark.parametrize("version", ["puskesos-bundle/3", "puskesos-bundle/17"])
def test_newer_format_asks_for_an_update(version: str) -> None:
    err = reject(canonical_json({"format": version, "anything": ["new"]}))
    assert err.reason is RejectReason.NEWER_VERSION
    assert "Perbarui aplikasi" in str(err)


HOSTILE = [
    b"", b"null", b"[]", b'"puskesos-bundle/1"', b"\xff\xfe", b"{" * 5000,
    b"[" * 100_000, b'{"format":"puskesos-bundle/1"}', b"1" * 5000, b"\x00" * 64,
    '{"format":"puskesos-bundle/1"}'.encode("utf-16"), b'{"origin":"\\ud800"}',
]  # fmt: skip


@pytest.mark.parametrize("data", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_bytes_are_malformed(data: bytes) -> None:
    assert reject(data).reason is RejectReason.MALFORMED


def test_oversized_manifest_is_rejected_before_parsing() -> None:
    data = MANIFEST.to_bytes()
    padded = data[:-1] + b" " * MAX_MANIFEST_BYTES + b"}"
    assert "terlalu besar" in reject(padded).detail


def test_builder_refuses_what_the_parser_would_refuse() -> None:
    good = dict(
        origin="3320012001-7f3a", destination="dinas-3320", seq=1, prev=None,
        created_at="2025-03-04T12:00:00+07:00", app_version="0.1.0", schema_version=1,
        payload_sha256=SHA, payload_size=10, counts={"penduduk": 2}, ack={}, part=None,
    )  # fmt: skip
    assert build_manifest(**good).seq == 1
    assert build_manifest(**good).audit == EMPTY_HEAD
    assert build_manifest(**good, audit=AuditHead(7, SHA)).audit == AuditHead(7, SHA)
    with pytest.raises(ValueError, match="audit"):
        build_manifest(**good, audit=AuditHead(-1, SHA))
    for change in (
        {"destination": "3320012001-7f3a"},
        {"seq": 2},
        {"prev": SHA},
        {"created_at": "2025-03-04T12:00:00"},
        {"counts": {"penduduk": 0}},
        {"ack": {"dinas-3320": float("nan")}},
    ):
        with pytest.raises(ValueError, match="manifest tidak sah"):
            build_manifest(**{**good, **change})


def test_file_name_round_trip() -> None:
    name = bundle_file_name("3320012001-7f3a", 14, "dinas-3320")
    assert name == "3320012001-7f3a_000014_dinas-3320.psb"
    assert parse_bundle_file_name(name) == ("3320012001-7f3a", 14, "dinas-3320")
    assert parse_bundle_file_name(bundle_file_name("dinas-3320", 1234567, "3320012001-7f3a"))
    for bad in ("3320012001-7f3a_14_dinas-3320.psb", "paket (1).psb", name + ".zip", ""):
        assert parse_bundle_file_name(bad) is None


@FAST
@given(data=st.binary(max_size=2048))
def test_random_bytes_only_raise_bundle_rejected(data: bytes) -> None:
    try:
        parse_manifest(data)
    except BundleRejected as err:
        assert err.reason in (RejectReason.MALFORMED, RejectReason.NEWER_VERSION)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)


@FAST
@given(values=st.dictionaries(st.sampled_from(sorted(MANIFEST_KEYS)), JSON, min_size=1))
def test_manifest_shaped_json_is_either_valid_or_rejected(values: dict[str, Any]) -> None:
    text = json.dumps(
        {**MANIFEST.to_json(), **values}, sort_keys=True, separators=(",", ":"),
        ensure_ascii=False,
    )  # fmt: skip
    data = text.encode("utf-8", "surrogatepass")
    try:
        parsed = parse_manifest(data)
    except BundleRejected:
        return
    assert parsed.to_bytes() == data


@FAST
@given(st.data())
def test_mutated_manifest_is_either_rejected_or_unchanged(data: st.DataObject) -> None:
    original = MANIFEST.to_bytes()
    start = data.draw(st.integers(0, len(original)))
    end = data.draw(st.integers(start, min(len(original), start + 8)))
    mutated = original[:start] + data.draw(st.binary(max_size=8)) + original[end:]
    try:
        parsed = parse_manifest(mutated)
    except BundleRejected:
        return
    assert parsed.to_bytes() == mutated
