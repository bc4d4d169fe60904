"""Hostile inputs for the reader fuzz tests and ``benchmarks/stress.py``.

Bundles here are *signed by a trusted desk* (the village's real key): the worst case,
a stolen key or a buggy peer, whose content gets past the signature and must still be
refused by the content checks. Untrusted bytes are covered by random mutation.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import random
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyrage

from puskesos_desktop.sync.container import write_container
from puskesos_desktop.sync.keys import DeskKeys, sign_bytes
from puskesos_desktop.sync.manifest import Manifest, canonical_json


def forge_bundle(
    village: DeskKeys,
    district: str,
    district_recipient: str,
    lines: list[bytes] | None = None,
    *,
    plain: bytes | None = None,
    manifest_edit: Callable[[dict[str, Any]], None] = lambda manifest: None,
) -> bytes:
    """A container whose manifest is signed by ``village``: raw JSON Lines (or raw
    ``plain`` payload bytes), encrypted to the district, manifest edited as JSON."""
    if plain is None:
        plain = gzip.compress(b"".join(lines or []), mtime=0)
    recipient = pyrage.x25519.Recipient.from_str(district_recipient)
    payload = pyrage.encrypt(plain, [recipient])
    counts: dict[str, int] = {}
    for line in lines or []:
        try:
            table = json.loads(line)["table"]
            counts[table] = counts.get(table, 0) + 1
        except (ValueError, KeyError, TypeError, RecursionError):
            counts["orang"] = counts.get("orang", 0) + 1
    manifest = Manifest(
        origin=village.desk_id, destination=district, seq=1, prev=None,
        created_at="2026-03-04T12:00:00+07:00", app_version="0.1.0", schema_version=1,
        payload_sha256=hashlib.sha256(payload).hexdigest(), payload_size=len(payload),
        counts=counts or {"orang": 1},
    )  # fmt: skip
    document = manifest.to_json()
    manifest_edit(document)
    data = canonical_json(document)
    signature = sign_bytes(village, data, manifest.signature_comment())
    out = io.BytesIO()
    write_container(out, data, signature, io.BytesIO(payload), zlib.crc32(payload), len(payload))
    return out.getvalue()


def change(table: str = "orang", **overrides: Any) -> dict[str, Any]:
    line = {
        "change_id": "6f1c1a52-5b0e-4c1e-9a57-0d4f2c3b9a10",
        "table": table,
        "uid": "0b7d7f0e-3f7a-4f0e-8f3c-5a2d1e9b7c64",
        "op": "upsert",
        "rev": 1,
        "base_rev": 0,
        "at": "2026-03-04T08:00:00+07:00",
        "by": "3320012001-7f3a/operator",
        "fields": {"nama": "WARGA", "jenis_kelamin": "P"},
        "base": {},
    }
    line.update(overrides)
    return line


def as_line(obj: Any) -> bytes:
    return json.dumps(obj).encode() + b"\n"


def hostile_payloads() -> dict[str, dict[str, Any]]:
    """Named hostile contents: keyword arguments for :func:`forge_bundle` (minus keys)."""
    nested = b'{"change_id": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n"
    return {
        "json-bersarang-dalam": {"lines": [nested]},
        "angka-raksasa": {"lines": [as_line(change(rev=10**400, base_rev=10**400 - 1))]},
        "angka-raksasa-di-kolom": {"lines": [as_line(change(fields={"desil": 10**30}))]},
        "utf8-rusak": {"lines": [as_line(change()).replace(b"WARGA", b"WAR\xff\xfeGA")]},
        "nama-tabel-lintasan": {"lines": [as_line(change(table="../../kunci/rahasia"))]},
        "tabel-sqlite": {"lines": [as_line(change(table="sqlite_master"))]},
        "kolom-sql": {"lines": [as_line(change(fields={"nama; DROP TABLE orang": "x"}))]},
        "baris-raksasa": {"lines": [as_line(change(fields={"nama": "A" * 300_000}))]},
        "bom-gzip": {"plain": gzip.compress(b"\n" * (64 * 1024 * 1024), mtime=0)},
        "bukan-gzip": {"plain": b"bukan gzip sama sekali"},
        "gzip-terpotong": {"plain": gzip.compress(as_line(change()) * 50, mtime=0)[:-9]},
        "hitungan-bohong": {
            "lines": [as_line(change())],
            "manifest_edit": lambda m: m.update(counts={"orang": 10**18}),
        },
        "manifest-bersarang": {
            "lines": [as_line(change())],
            "manifest_edit": lambda m: m.update(ack={"x": [[[[[[[[[[1]]]]]]]]]]}),
        },
        "seq-raksasa": {
            "lines": [as_line(change())],
            "manifest_edit": lambda m: m.update(seq=2**70),
        },
    }


def mutate(data: bytes, rnd: random.Random) -> bytes:
    """One of: bit flips, a cut, junk inserted, a slice overwritten, a slice duplicated."""
    out = bytearray(data)
    kind = rnd.randrange(5)
    if kind == 0:
        for _ in range(rnd.randint(1, 4)):
            out[rnd.randrange(len(out))] ^= 1 << rnd.randrange(8)
    elif kind == 1:
        cut = rnd.randrange(len(out))
        out = out[:cut] if rnd.random() < 0.7 else out[cut:]
    elif kind == 2:
        at = rnd.randrange(len(out) + 1)
        out[at:at] = rnd.randbytes(rnd.randint(1, 64))
    elif kind == 3:
        at = rnd.randrange(len(out))
        out[at : at + 16] = rnd.randbytes(16)
    else:
        at = rnd.randrange(len(out))
        out[at:at] = out[at : at + rnd.randint(1, 256)]
    return bytes(out)


def zip_with(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
