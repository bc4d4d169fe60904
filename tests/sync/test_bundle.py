"""Bundles village → district with real keys: round trip, confidentiality, parts, atomic
writes, rejections with reasons, and the stock ``minisign``/``age``/``unzip`` programs."""

from __future__ import annotations

import errno
import gzip
import hashlib
import io
import json
import os
import random
import shutil
import subprocess
import tracemalloc
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pyrage
import pytest
from bundle_kit import (
    APP,
    DISTRICT,
    HOOKS,
    SCHEMA,
    VILLAGE,
    VILLAGE2,
    Kit,
    change_lines,
    container_bytes,
    make_changes,
    memory_keys,
    personal_strings,
)

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.sync.bundle import (
    MIN_PART_SIZE,
    BundleRejected,
    Change,
    RejectReason,
    TrustedKey,
    bundle_file_name,
    copy_atomic,
    inspect_bundle,
    read_bundle,
    read_own_bundle,
    write_bundle,
    write_bundles,
)
from puskesos_desktop.sync.container import MEMBER_NAMES
from puskesos_desktop.sync.keys import DeskKeys, minisign_pub_file_bytes
from puskesos_desktop.sync.manifest import parse_manifest

WIB = timezone(timedelta(hours=7))
CHANGES = make_changes(40)


@pytest.fixture(scope="module")
def bundle(kit: Kit) -> Any:
    return kit.write(CHANGES, ack={VILLAGE2: 0}, created_at=datetime(2025, 3, 4, 12, tzinfo=WIB))


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rejected(call: Any, *args: Any, **kwargs: Any) -> BundleRejected:
    with pytest.raises(BundleRejected) as caught:
        call(*args, **kwargs)
    return caught.value


# --- round trip --------------------------------------------------------------------------


def test_round_trip_preserves_every_change(kit: Kit, bundle: Any, tmp_dir: Path) -> None:
    with kit.read(bundle.data, tmp_dir=tmp_dir) as verified:
        assert list(verified.changes()) == CHANGES
        assert list(verified.changes()) == CHANGES  # a second pass re-reads the temp file
        assert verified.change_count == len(CHANGES)
        assert verified.manifest == bundle.manifest
        assert verified.manifest_sha256 == bundle.manifest_sha256
        assert len(list(tmp_dir.iterdir())) == 1  # only the verified plaintext
    assert list(tmp_dir.iterdir()) == []
    with pytest.raises(RuntimeError):
        verified.changes()


def test_manifest_describes_the_bundle(bundle: Any) -> None:
    parts = members(bundle.data)
    assert list(parts) == list(MEMBER_NAMES)
    manifest = parse_manifest(parts["manifest.json"])
    assert manifest == bundle.manifest
    assert (manifest.origin, manifest.destination, manifest.seq, manifest.prev) == (
        VILLAGE, DISTRICT, 1, None,
    )  # fmt: skip
    assert manifest.counts == {"penduduk": 32, "keluarga": 8}
    assert manifest.ack == {VILLAGE2: 0}
    assert (manifest.schema_version, manifest.app_version, manifest.part) == (SCHEMA, APP, None)
    assert manifest.created_at == "2025-03-04T12:00:00+07:00"
    assert manifest.payload_sha256 == hashlib.sha256(parts["payload.age"]).hexdigest()
    assert manifest.payload_size == len(parts["payload.age"])
    assert bundle.manifest_sha256 == hashlib.sha256(parts["manifest.json"]).hexdigest()
    assert bundle.file_name == "3320012001-7f3a_000001_dinas-3320.psb"
    assert bundle.file_name == bundle_file_name(VILLAGE, 1, DISTRICT)


def test_reading_from_a_path(kit: Kit, bundle: Any, tmp_path: Path) -> None:
    path = tmp_path / bundle.file_name
    path.write_bytes(bundle.data)
    assert kit.read_all(path) == CHANGES
    assert kit.read_all(str(path)) == CHANGES


def test_second_bundle_chains_on_the_first(kit: Kit, bundle: Any) -> None:
    second = kit.write(CHANGES[:3], seq=2, prev=bundle.manifest_sha256)
    with kit.read(second.data) as verified:
        assert verified.manifest.prev == bundle.manifest_sha256
        assert verified.manifest.seq == 2
    with pytest.raises(ValueError):
        kit.write(CHANGES[:3], seq=2, prev=None)
    with pytest.raises(ValueError):
        kit.write(CHANGES[:3], seq=1, prev=bundle.manifest_sha256)


def test_receipt_without_changes(kit: Kit, district: DeskKeys, village: DeskKeys) -> None:
    receipt = write_bundle(
        [], origin_keys=district, destination=VILLAGE,
        destination_recipient=village.age_recipient, seq=1, prev=None, ack={VILLAGE: 14},
        schema_version=SCHEMA, app_version=APP,
    )  # fmt: skip
    trusted = {DISTRICT: TrustedKey(district.public_key_b64)}
    with read_bundle(receipt.data, trusted_keys=trusted, my_keys=village,
                     schema_version=SCHEMA, allowed_tables=HOOKS) as verified:  # fmt: skip
        assert list(verified.changes()) == []
        assert verified.manifest.ack == {VILLAGE: 14}
        assert verified.manifest.counts == {}


def test_older_schema_is_read_newer_is_queued(kit: Kit, bundle: Any) -> None:
    assert kit.read_all(bundle.data, schema_version=SCHEMA + 4) == CHANGES
    newer = kit.write(CHANGES[:2], schema_version=SCHEMA + 1)
    err = rejected(kit.read, newer.data)
    assert err.reason is RejectReason.NEWER_VERSION
    assert "Perbarui aplikasi" in str(err)
    assert err.manifest == newer.manifest and err.raw == newer.data
    future = kit.forge(change_lines(CHANGES[:2]), format="puskesos-bundle/3")
    err = rejected(kit.read, future)
    assert (err.reason, err.manifest, err.raw) == (RejectReason.NEWER_VERSION, None, future)


def test_writer_refuses_bad_arguments(kit: Kit, village: DeskKeys) -> None:
    for bad in (
        {"destination": VILLAGE},
        {"destination": "dinas-33"},
        {"destination_recipient": "age1bukan"},
        {"destination_recipient": village.public_key_b64},
        {"seq": 0},
        {"schema_version": 0},
        {"app_version": "versi baru"},
        {"created_at": datetime(2025, 3, 4, 12)},
        {"ack": {VILLAGE: 3}},
    ):
        with pytest.raises(ValueError):
            kit.write(CHANGES[:1], **bad)
    broken = replace(CHANGES[0], rev=7)
    with pytest.raises(ValueError, match=CHANGES[0].change_id):
        kit.write([CHANGES[1], broken])


# --- confidentiality ---------------------------------------------------------------------


def test_origin_can_read_its_own_payload(village: DeskKeys, bundle: Any) -> None:
    with read_own_bundle(bundle.data, my_keys=village, allowed_tables=HOOKS) as verified:
        assert list(verified.changes()) == CHANGES
    payload = members(bundle.data)["payload.age"]
    assert gzip.decompress(pyrage.decrypt(payload, [village.age_identity])).startswith(b'{"at"')


def test_another_desk_cannot_read_the_payload(kit: Kit, bundle: Any, village2: DeskKeys) -> None:
    payload = members(bundle.data)["payload.age"]
    with pytest.raises(pyrage.DecryptError):
        pyrage.decrypt(payload, [village2.age_identity])
    # Even a desk that claims the district's id and is trusted for nothing gets nothing.
    impostor = DeskKeys(DISTRICT, village2.signing, village2.age_identity)
    assert rejected(kit.read, bundle.data, my_keys=impostor).reason is RejectReason.WRONG_KEY
    assert rejected(kit.read, bundle.data, my_keys=village2).reason is (
        RejectReason.NOT_FOR_THIS_DESK
    )
    assert rejected(read_own_bundle, bundle.data, my_keys=village2, allowed_tables=HOOKS)


def test_manifest_and_file_name_hold_no_personal_data(bundle: Any) -> None:
    manifest = members(bundle.data)["manifest.json"]
    secrets = list(personal_strings(CHANGES))
    assert len(secrets) > 60
    for text in secrets:
        for form in {text, json.dumps(text)[1:-1], *(w for w in text.split() if len(w) > 5)}:
            assert form.encode() not in manifest
            assert form not in bundle.file_name
            assert form.encode() not in bundle.data  # the payload is encrypted too
    assert set(json.loads(manifest)) >= {"counts", "ack"}  # table names and counts only


# --- parts -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def big_changes() -> list[Change]:
    """~2.7 MB of gzip: a random 600-character field per new person does not compress."""
    rnd = random.Random(7)
    return [
        replace(c, fields={**c.fields, "sidik_berkas": rnd.randbytes(300).hex()})
        if c.base_rev == 0 else c
        for c in make_changes(9_000, seed=7)
    ]


def test_large_export_is_split_into_chained_parts(
    kit: Kit, big_changes: list[Change], tmp_path: Path, tmp_dir: Path
) -> None:
    out = tmp_path / "flashdisk"
    out.mkdir()
    parts = write_bundles(
        out, iter(big_changes), origin_keys=kit.village, destination=DISTRICT,
        destination_recipient=kit.district.age_recipient, first_seq=5, prev="ab" * 32,
        schema_version=SCHEMA, app_version=APP, part_size=MIN_PART_SIZE, tmp_dir=tmp_dir,
    )  # fmt: skip
    assert len(parts) >= 3
    assert sorted(p.name for p in out.iterdir()) == [w.file_name for w in parts]
    assert list(tmp_dir.iterdir()) == []
    group = parts[0].manifest.part.group  # type: ignore[union-attr]
    prev = "ab" * 32
    read_back: list[Change] = []
    for index, written in enumerate(parts, 1):
        assert written.path is not None and written.path.stat().st_size == written.size
        assert written.size <= MIN_PART_SIZE
        manifest = written.manifest
        assert (manifest.seq, manifest.prev) == (4 + index, prev)
        assert manifest.part is not None
        assert (manifest.part.group, manifest.part.index, manifest.part.total) == (
            group, index, len(parts),
        )  # fmt: skip
        assert written.file_name == bundle_file_name(VILLAGE, 4 + index, DISTRICT)
        read_back += kit.read_all(written.path)
        prev = written.manifest_sha256
    assert read_back == big_changes
    assert parts[0].size > MIN_PART_SIZE * 0.6  # the budget is not absurdly cautious


def test_small_export_is_one_file_without_part(kit: Kit, tmp_path: Path) -> None:
    [single] = write_bundles(
        tmp_path, CHANGES, origin_keys=kit.village, destination=DISTRICT,
        destination_recipient=kit.district.age_recipient, first_seq=1, prev=None,
        schema_version=SCHEMA, app_version=APP,
    )  # fmt: skip
    assert single.manifest.part is None
    assert [p.name for p in tmp_path.iterdir()] == [single.file_name]
    assert kit.read_all(single.path) == CHANGES
    with pytest.raises(ValueError):
        write_bundles(
            tmp_path, CHANGES, origin_keys=kit.village, destination=DISTRICT,
            destination_recipient=kit.district.age_recipient, first_seq=1, prev=None,
            schema_version=SCHEMA, app_version=APP, part_size=1000,
        )  # fmt: skip


# --- atomic output -----------------------------------------------------------------------


def _export(kit: Kit, directory: Path, changes: list[Change] | None = None) -> Any:
    return write_bundles(
        directory, changes or CHANGES, origin_keys=kit.village, destination=DISTRICT,
        destination_recipient=kit.district.age_recipient, first_seq=1, prev=None,
        schema_version=SCHEMA, app_version=APP, part_size=MIN_PART_SIZE,
    )  # fmt: skip


def _fail_with(code: int) -> Any:
    def fail(*args: Any, **kwargs: Any) -> None:
        raise OSError(code, os.strerror(code))

    return fail


def test_full_usb_stick_leaves_no_half_file(
    kit: Kit, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(os, "fsync", _fail_with(errno.ENOSPC))
    with pytest.raises(UserError, match="Flashdisk penuh"):
        _export(kit, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_read_only_usb_stick_is_a_clear_message(
    kit: Kit, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = Path.open

    def open_(self: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if self.parent == tmp_path and "x" in mode:
            raise OSError(errno.EROFS, "Read-only file system")
        return real_open(self, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "open", open_)
    with pytest.raises(UserError, match="tidak dapat ditulisi"):
        _export(kit, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_failure_between_parts_removes_all_parts(
    kit: Kit, big_changes: list[Change], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_replace = Path.replace
    calls: list[Path] = []

    def replace_(self: Path, target: Any) -> Path:
        calls.append(self)
        if len(calls) == 2:
            raise OSError(errno.EIO, "Input/output error")
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", replace_)
    with pytest.raises(UserError, match="Periksa flashdisk"):
        _export(kit, tmp_path, big_changes)
    assert len(calls) == 2
    assert list(tmp_path.iterdir()) == []


def test_missing_folder_and_resend_copy(kit: Kit, bundle: Any, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="tidak ditemukan"):
        _export(kit, tmp_path / "dicabut")
    outbox = tmp_path / "kotak-keluar"
    outbox.mkdir()
    (outbox / bundle.file_name).write_bytes(bundle.data)
    stick = tmp_path / "flashdisk"
    stick.mkdir()
    copied = copy_atomic(outbox / bundle.file_name, stick)
    assert copied.read_bytes() == bundle.data  # "kirim ulang" is byte for byte
    assert [p.name for p in stick.iterdir()] == [bundle.file_name]


# --- rejections with reasons -------------------------------------------------------------


def test_unknown_desk_keeps_manifest_and_bytes(kit: Kit, bundle: Any, tmp_path: Path) -> None:
    err = rejected(kit.read, bundle.data, trusted_keys={})
    assert err.reason is RejectReason.UNKNOWN_DESK
    assert err.manifest == bundle.manifest and err.raw == bundle.data
    assert err.manifest_sha256 == bundle.manifest_sha256
    path = tmp_path / "x.psb"
    path.write_bytes(bundle.data)
    assert rejected(kit.read, path, trusted_keys={}).raw == bundle.data


def test_revoked_and_rotated_keys(kit: Kit, bundle: Any, village: DeskKeys) -> None:
    revoked = TrustedKey(village.public_key_b64, revoked=True)
    err = rejected(kit.read, bundle.data, trusted_keys={VILLAGE: revoked})
    assert err.reason is RejectReason.REVOKED
    newer = TrustedKey(memory_keys(VILLAGE).public_key_b64)
    assert kit.read_all(bundle.data, trusted_keys={VILLAGE: [newer, kit.trusted[VILLAGE]]})
    err = rejected(kit.read, bundle.data, trusted_keys={VILLAGE: [newer, revoked]})
    assert err.reason is RejectReason.REVOKED
    err = rejected(kit.read, bundle.data, trusted_keys={VILLAGE: [newer]})
    assert err.reason is RejectReason.BAD_SIGNATURE


def test_bundle_for_another_desk(kit: Kit, village2: DeskKeys) -> None:
    other = kit.write(CHANGES[:2], destination=VILLAGE2,
                      destination_recipient=village2.age_recipient)  # fmt: skip
    err = rejected(kit.read, other.data)
    assert err.reason is RejectReason.NOT_FOR_THIS_DESK
    assert err.manifest == other.manifest


def test_content_failing_the_form_rules_rejects_the_whole_bundle(kit: Kit, tmp_dir: Path) -> None:
    lines = change_lines(CHANGES[:6])
    bad = json.loads(lines[5])
    bad["fields"]["nik"] = "1111111111111111"
    lines[5] = json.dumps(bad).encode() + b"\n"
    err = rejected(kit.read, kit.forge(lines), tmp_dir=tmp_dir)
    assert (err.reason, err.line) == (RejectReason.INVALID_CONTENT, 6)
    assert "baris 6" in str(err)
    assert list(tmp_dir.iterdir()) == []


@pytest.mark.parametrize(
    ("edit", "line"),
    [
        (lambda ls: [*ls[:2], b"bukan json\n", *ls[2:]], 3),
        (lambda ls: [*ls[:1], b"\n", *ls[1:]], 2),
        (lambda ls: [*ls[:-1], ls[-1].rstrip(b"\n")], 4),
        (lambda ls: [*ls, b'{"a":"' + b"x" * 300_000 + b'"}\n'], 5),
        (lambda ls: [b"\xef\xbb\xbf" + ls[0], *ls[1:]], 1),
        (lambda ls: [ls[0].replace(b'"rev":1', b'"rev":1.0'), *ls[1:]], 1),
    ],
)
def test_malformed_lines_are_reported_by_number(kit: Kit, edit: Any, line: int) -> None:
    lines = change_lines(CHANGES[:4])  # all "penduduk"; counts leave room for extra lines
    err = rejected(kit.read, kit.forge(edit(lines), counts={"penduduk": 9}))
    assert (err.reason, err.line) == (RejectReason.INVALID_CONTENT, line)


def test_counts_must_match(kit: Kit) -> None:
    lines = change_lines(CHANGES[:5])
    for counts in ({"penduduk": 3, "keluarga": 1}, {"penduduk": 4, "keluarga": 2},
                   {"penduduk": 5}, {"penduduk": 4, "keluarga": 1, "rujukan": 1}):  # fmt: skip
        err = rejected(kit.read, kit.forge(lines, counts=counts))
        assert err.reason is RejectReason.INVALID_CONTENT, counts
    assert kit.read_all(kit.forge(lines, counts={"penduduk": 4, "keluarga": 1}))
    not_gzip = kit.forge([], counts={}, payload=pyrage.encrypt(
        b"plain text", [pyrage.x25519.Recipient.from_str(kit.district.age_recipient)]))  # fmt: skip
    assert rejected(kit.read, not_gzip).reason is RejectReason.INVALID_CONTENT


def test_table_not_accepted_here(kit: Kit, bundle: Any) -> None:
    err = rejected(kit.read, bundle.data, allowed_tables={"penduduk": HOOKS["penduduk"]})
    assert err.reason is RejectReason.INVALID_CONTENT
    assert "keluarga" in err.detail


def test_size_limit_and_unreadable_files(kit: Kit, bundle: Any, tmp_path: Path) -> None:
    err = rejected(kit.read, bundle.data, max_size=len(bundle.data) - 1)
    assert err.reason is RejectReason.TOO_LARGE
    assert rejected(kit.read, tmp_path / "tidak-ada.psb").reason is RejectReason.UNREADABLE
    assert rejected(kit.read, tmp_path).reason is RejectReason.UNREADABLE


def test_no_room_for_temp_files(kit: Kit, bundle: Any, tmp_path: Path) -> None:
    err = rejected(kit.read, bundle.data, tmp_dir=tmp_path / "tidak-ada")
    assert err.reason is RejectReason.LOCAL_IO  # this computer's problem, not the file's
    with pytest.raises(UserError, match="Berkas sementara"):
        kit.write(CHANGES, tmp_dir=tmp_path / "tidak-ada")


def test_temp_file_changed_after_verification(kit: Kit, bundle: Any, tmp_dir: Path) -> None:
    with kit.read(bundle.data, tmp_dir=tmp_dir) as verified:
        [plain] = tmp_dir.iterdir()
        plain.write_bytes(gzip.compress(b"".join(change_lines(CHANGES[:1])), mtime=0))
        err = rejected(list, verified.changes())
        assert err.reason is RejectReason.TAMPERED


def test_inspect_needs_no_keys(bundle: Any) -> None:
    info = inspect_bundle(bundle.data)
    assert info["origin"] == VILLAGE and info["seq"] == 1
    assert info["counts"] == {"penduduk": 32, "keluarga": 8}
    assert info["manifest_sha256"] == bundle.manifest_sha256
    assert info["signature_verified"] is False
    assert info["file_size"] == len(bundle.data)
    assert rejected(inspect_bundle, bundle.data[:-1]).reason is RejectReason.MALFORMED
    flipped = bytearray(bundle.data)
    flipped[-300] ^= 1  # inside payload.age
    assert rejected(inspect_bundle, bytes(flipped)).reason is RejectReason.TAMPERED


# --- stock tools -------------------------------------------------------------------------


def _run(*args: str | Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([str(a) for a in args], input=stdin, capture_output=True,
                          timeout=60, check=False)  # fmt: skip


def test_container_is_a_plain_zip(bundle: Any, tmp_path: Path) -> None:
    with zipfile.ZipFile(io.BytesIO(bundle.data)) as archive:
        assert archive.testzip() is None
        infos = archive.infolist()
    assert [i.filename for i in infos] == list(MEMBER_NAMES)
    assert {(i.compress_type, i.date_time, i.extra, i.comment) for i in infos} == {
        (zipfile.ZIP_STORED, (1980, 1, 1, 0, 0, 0), b"", b"")
    }
    # Python's own writer, told the same canonical settings, produces the very same bytes.
    again = io.BytesIO()
    with zipfile.ZipFile(again, "w") as archive:
        for name, data in members(bundle.data).items():
            info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            info.create_system, info.external_attr = 3, 0o100644 << 16
            archive.writestr(info, data)
    assert again.getvalue() == bundle.data
    if shutil.which("unzip"):
        path = tmp_path / bundle.file_name
        path.write_bytes(bundle.data)
        result = _run("unzip", "-t", path)
        assert result.returncode == 0, result.stdout


@pytest.mark.skipif(shutil.which("minisign") is None, reason="minisign not installed")
def test_minisign_cli_verifies_the_manifest(bundle: Any, village: DeskKeys, tmp_path: Path) -> None:
    for name, data in members(bundle.data).items():
        (tmp_path / name).write_bytes(data)
    pub = tmp_path / "origin.pub"
    pub.write_bytes(minisign_pub_file_bytes(village.public_key_b64, VILLAGE))
    result = _run("minisign", "-Vm", tmp_path / "manifest.json", "-x",
                  tmp_path / "manifest.json.minisig", "-p", pub)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert bundle.manifest.signature_comment().encode() in result.stdout
    (tmp_path / "manifest.json").write_bytes(members(bundle.data)["manifest.json"] + b" ")
    assert _run("minisign", "-Vm", tmp_path / "manifest.json", "-p", pub).returncode != 0


@pytest.mark.skipif(shutil.which("age") is None, reason="age not installed")
def test_age_cli_reads_the_payload(bundle: Any, district: DeskKeys, tmp_path: Path) -> None:
    (tmp_path / "payload.age").write_bytes(members(bundle.data)["payload.age"])
    identity = tmp_path / "district-key.txt"  # plaintext identity: this test only
    identity.write_text(f"{district.age_identity}\n")
    result = _run("age", "-d", "-i", identity, tmp_path / "payload.age")
    assert result.returncode == 0, result.stderr
    assert gzip.decompress(result.stdout) == b"".join(change_lines(CHANGES))
    if shutil.which("gunzip"):
        assert _run("gunzip", stdin=result.stdout).stdout.count(b"\n") == len(CHANGES)


@pytest.mark.skipif(shutil.which("age") is None, reason="age not installed")
def test_payload_encrypted_by_age_cli_is_read(kit: Kit, tmp_path: Path) -> None:
    plain = tmp_path / "payload.jsonl.gz"
    plain.write_bytes(gzip.compress(b"".join(change_lines(CHANGES)), mtime=0))
    result = _run("age", "-e", "-r", kit.district.age_recipient, "-r",
                  kit.village.age_recipient, plain)  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = kit.forge(change_lines(CHANGES), payload=result.stdout)
    assert kit.read_all(data) == CHANGES
    assert container_bytes(*members(data).values()) == data


# --- large -------------------------------------------------------------------------------


def _many(count: int) -> Iterator[Change]:
    """Cheap, deterministic changes, generated lazily so the test itself holds none."""
    by = f"{VILLAGE}/operator"
    for i in range(count):
        yield Change(
            f"{i:08x}-0000-4000-8000-{i:012x}", "penduduk", f"{i:08x}-1111-4000-8000-{i:012x}",
            "upsert", 1, 0, "2025-03-04T08:00:00+07:00", by,
            {"nik": f"33200101019{i % 100_000:05d}", "nama": f"Warga Nomor {i}",
             "alamat": f"Dusun Krajan RT {i % 20:03d}/RW {i % 7:03d}", "penghasilan": i * 1000,
             "disabilitas": i % 2 == 0, "catatan": None, "skor": i / 7},
            {},
        )  # fmt: skip


@pytest.mark.slow  # ~7 s alone, ~20 s under tracemalloc's bookkeeping
def test_fifty_thousand_changes_with_flat_memory(kit: Kit, tmp_path: Path) -> None:
    """Python-side memory (tracemalloc) stays a small constant while 20 MB of JSON Lines
    pass through; age's Rust side streams too (not visible to tracemalloc)."""
    count = 50_000
    tracemalloc.start()
    try:
        [written] = write_bundles(
            tmp_path, _many(count), origin_keys=kit.village, destination=DISTRICT,
            destination_recipient=kit.district.age_recipient, first_seq=1, prev=None,
            schema_version=SCHEMA, app_version=APP, tmp_dir=tmp_path,
        )  # fmt: skip
        write_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        assert written.path is not None
        with kit.read(written.path, allowed_tables={"penduduk": lambda line: []},
                      tmp_dir=tmp_path) as verified:  # fmt: skip
            matched = sum(
                got == expected
                for got, expected in zip(verified.changes(), _many(count), strict=True)
            )
        read_peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    with zipfile.ZipFile(written.path) as archive:
        payload = archive.read("payload.age")
    plaintext = len(gzip.decompress(pyrage.decrypt(payload, [kit.district.age_identity])))
    assert matched == count
    assert plaintext > 15_000_000
    assert written.size < plaintext / 4  # gzip
    assert write_peak < plaintext * 0.1, (write_peak, plaintext)
    assert read_peak < plaintext * 0.1, (read_peak, plaintext)
    assert sorted(p.name for p in tmp_path.iterdir()) == [written.file_name]
