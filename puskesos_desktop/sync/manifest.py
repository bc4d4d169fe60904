"""``manifest.json``: the signed, personal-data-free description of one bundle.

Only the manifest is signed (the payload is bound to it by ``payload_sha256``), and the next
bundle of the stream chains on the SHA-256 of its exact bytes, so those bytes must be a
function of the content alone: the writer emits canonical JSON (sorted keys, no whitespace,
UTF-8) and :func:`parse_manifest` accepts nothing else. The parser treats its input as
hostile: strict types (``true`` is not a number), no unknown or duplicate keys, size limits,
and one exception type, :class:`~puskesos_desktop.sync.errors.BundleRejected`.

Format 2 adds ``audit``, the head of the origin's audit hash chain (``{"id", "hash"}``), so
the district can notice a desk whose log went backwards; format 1 manifests (no ``audit``)
from older apps are still read. An old app reading format 2 reports "perbarui aplikasi".

``schema_version`` is an integer (the database revision ``"0001"`` travels as ``1``) so a
reader can tell "newer than me" from "older, upgrade on import". ``part.index`` counts from
1 ("bagian 1 dari 3"); single-file exports have ``part`` null.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, NoReturn

from puskesos_desktop.domain.audit import EMPTY_HEAD, GENESIS_HASH, AuditHead
from puskesos_desktop.domain.desk_id import is_valid_desk_id
from puskesos_desktop.sync.change import TABLE_RE, UUID_RE, is_timestamp
from puskesos_desktop.sync.errors import BundleRejected, RejectReason

FORMAT = "puskesos-bundle/2"
FORMAT_VERSION = 2
FORMAT_V1 = "puskesos-bundle/1"  # read, never written: no ``audit`` field
MAX_MANIFEST_BYTES = 64 * 1024
MAX_SEQ = 10**9
MAX_SCHEMA_VERSION = 10**6
MAX_PAYLOAD_SIZE = 2**32 - 1  # no ZIP64: a canonical container has one layout only
MAX_COUNT = 10**7
MAX_TABLES = 200
MAX_ACK_ENTRIES = 5_000
MAX_PARTS = 10_000
MANIFEST_KEYS_V1 = frozenset(
    {"format", "origin", "destination", "seq", "prev", "created_at", "app_version",
     "schema_version", "payload_sha256", "payload_size", "counts", "ack", "part"}
)  # fmt: skip
MANIFEST_KEYS = MANIFEST_KEYS_V1 | {"audit"}
MAX_AUDIT_ID = 2**31 - 1  # jejak_audit.id is a 32-bit INTEGER on PostgreSQL
_PART_KEYS = frozenset({"group", "index", "total"})
_AUDIT_KEYS = frozenset({"id", "hash"})
_FORMAT_RE = re.compile(r"puskesos-bundle/([0-9]{1,6})")
_SHA256_RE = re.compile(r"[0-9a-f]{64}")
_APP_VERSION_RE = re.compile(r"[0-9A-Za-z][0-9A-Za-z.+_-]{0,39}")


@dataclass(frozen=True, slots=True)
class Part:
    """Position of one file in a split export: ``index`` of ``total`` in ``group``."""

    group: str
    index: int
    total: int


@dataclass(frozen=True, slots=True)
class Manifest:
    """The fields of sync-bundle.md, in its order. ``counts``/``ack``: treat as read-only.

    ``audit`` is the origin's audit chain head (format 2); None only in a format-1
    manifest, which has no such field.
    """

    origin: str
    destination: str
    seq: int
    prev: str | None
    created_at: str
    app_version: str
    schema_version: int
    payload_sha256: str
    payload_size: int
    counts: dict[str, int] = field(default_factory=dict)
    ack: dict[str, int] = field(default_factory=dict)
    part: Part | None = None
    audit: AuditHead | None = EMPTY_HEAD
    format: str = FORMAT

    @property
    def change_count(self) -> int:
        return sum(self.counts.values())

    def to_json(self) -> dict[str, Any]:
        part, audit = self.part, self.audit
        obj: dict[str, Any] = {
            "format": self.format,
            "origin": self.origin,
            "destination": self.destination,
            "seq": self.seq,
            "prev": self.prev,
            "created_at": self.created_at,
            "app_version": self.app_version,
            "schema_version": self.schema_version,
            "payload_sha256": self.payload_sha256,
            "payload_size": self.payload_size,
            "counts": dict(self.counts),
            "ack": dict(self.ack),
            "part": None if part is None else {
                "group": part.group, "index": part.index, "total": part.total
            },
        }  # fmt: skip
        if self.format != FORMAT_V1:
            obj["audit"] = None if audit is None else {"id": audit.last_id, "hash": audit.hash}
        return obj

    def to_bytes(self) -> bytes:
        """The canonical ``manifest.json`` bytes (what is signed and chained on)."""
        return canonical_json(self.to_json())

    def signature_comment(self) -> str:
        """The minisign trusted comment: shown by ``minisign -V``, checked by the reader."""
        return f"{self.format} origin:{self.origin} destination:{self.destination} seq:{self.seq}"


def canonical_json(obj: Any) -> bytes:
    return json.dumps(
        obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def manifest_sha256(data: bytes) -> str:
    """The chain hash: hex SHA-256 of the exact ``manifest.json`` bytes."""
    return hashlib.sha256(data).hexdigest()


def _fail(detail: str) -> NoReturn:
    raise BundleRejected(RejectReason.MALFORMED, f"manifest: {detail}")


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        _fail("kolom ganda")
    return result


def _no_constant(name: str) -> NoReturn:
    _fail(f"nilai {name} tidak diperbolehkan")


def _is_int(value: object, low: int, high: int) -> bool:
    return type(value) is int and low <= value <= high


def _decode(data: bytes) -> dict[str, Any]:
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError("parse_manifest expects bytes")
    if len(data) > MAX_MANIFEST_BYTES:
        _fail("terlalu besar")
    try:
        obj = json.loads(
            bytes(data).decode("utf-8"), object_pairs_hook=_unique, parse_constant=_no_constant
        )
    except (ValueError, RecursionError):
        _fail("bukan JSON UTF-8 yang sah")
    if not isinstance(obj, dict):
        _fail("bukan objek JSON")
    return obj


def _check_format(obj: dict[str, Any]) -> None:
    value = obj.get("format")
    match = _FORMAT_RE.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        _fail("format tidak dikenal")
    if int(match.group(1)) > FORMAT_VERSION:
        raise BundleRejected(RejectReason.NEWER_VERSION, f"format {match.group(0)}")
    if match.group(0) not in (FORMAT, FORMAT_V1):
        _fail("format tidak dikenal")


def _check_map(
    value: object, name: str, limit: int, key_ok: Callable[[object], bool], low: int, high: int
) -> dict[str, int]:
    if type(value) is not dict or len(value) > limit:
        _fail(f"{name} harus objek dengan paling banyak {limit} isian")
    for key, number in value.items():
        if not key_ok(key) or not _is_int(number, low, high):
            _fail(f"isian {name} tidak sah")
    return value


def _check_part(value: object) -> Part | None:
    if value is None:
        return None
    if type(value) is not dict or value.keys() != _PART_KEYS:
        _fail("part harus objek {group, index, total}")
    group, index, total = value["group"], value["index"], value["total"]
    if not (isinstance(group, str) and UUID_RE.fullmatch(group)):
        _fail("part.group bukan UUID")
    if not (_is_int(total, 2, MAX_PARTS) and _is_int(index, 1, total)):
        _fail("part.index/total tidak sah")
    return Part(group, index, total)


def _check_audit(value: object) -> AuditHead:
    if type(value) is not dict or value.keys() != _AUDIT_KEYS:
        _fail("audit harus objek {id, hash}")
    last_id, digest = value["id"], value["hash"]
    if not _is_int(last_id, 0, MAX_AUDIT_ID):
        _fail("audit.id tidak sah")
    if not (isinstance(digest, str) and _SHA256_RE.fullmatch(digest)):
        _fail("audit.hash bukan SHA-256 heksadesimal")
    if (last_id == 0) != (digest == GENESIS_HASH):
        _fail("audit.id 0 hanya dengan hash awal rantai")
    return AuditHead(last_id, digest)


def manifest_from_json(obj: dict[str, Any]) -> Manifest:
    """Validate a decoded manifest object (format already checked)."""
    legacy = obj["format"] == FORMAT_V1
    if obj.keys() != (MANIFEST_KEYS_V1 if legacy else MANIFEST_KEYS):
        _fail("kolom tidak lengkap atau tidak dikenal")
    origin, destination = obj["origin"], obj["destination"]
    if not (is_valid_desk_id(origin) and is_valid_desk_id(destination)) or origin == destination:
        _fail("origin/destination bukan ID desk yang sah")
    seq, prev = obj["seq"], obj["prev"]
    if not _is_int(seq, 1, MAX_SEQ):
        _fail("seq harus bilangan bulat 1 atau lebih")
    if (seq == 1) != (prev is None) or not (prev is None or (
        isinstance(prev, str) and _SHA256_RE.fullmatch(prev)
    )):  # fmt: skip
        _fail("prev harus null untuk seq 1 dan SHA-256 heksadesimal sesudahnya")
    if not (isinstance(obj["created_at"], str) and is_timestamp(obj["created_at"])):
        _fail("created_at bukan ISO 8601 dengan zona waktu")
    app_version = obj["app_version"]
    if not (isinstance(app_version, str) and _APP_VERSION_RE.fullmatch(app_version)):
        _fail("app_version tidak sah")
    if not _is_int(obj["schema_version"], 1, MAX_SCHEMA_VERSION):
        _fail("schema_version tidak sah")
    digest = obj["payload_sha256"]
    if not (isinstance(digest, str) and _SHA256_RE.fullmatch(digest)):
        _fail("payload_sha256 bukan SHA-256 heksadesimal")
    if not _is_int(obj["payload_size"], 1, MAX_PAYLOAD_SIZE):
        _fail("payload_size tidak sah")

    def table_ok(key: object) -> bool:
        return isinstance(key, str) and TABLE_RE.fullmatch(key) is not None

    def ack_ok(key: object) -> bool:
        return is_valid_desk_id(key) and key != origin

    counts = _check_map(obj["counts"], "counts", MAX_TABLES, table_ok, 1, MAX_COUNT)
    ack = _check_map(obj["ack"], "ack", MAX_ACK_ENTRIES, ack_ok, 0, MAX_SEQ)
    return Manifest(
        origin=origin, destination=destination, seq=seq, prev=prev,
        created_at=obj["created_at"], app_version=app_version,
        schema_version=obj["schema_version"], payload_sha256=digest,
        payload_size=obj["payload_size"], counts=counts, ack=ack,
        part=_check_part(obj["part"]),
        audit=None if legacy else _check_audit(obj["audit"]), format=obj["format"],
    )  # fmt: skip


def parse_manifest(data: bytes) -> Manifest:
    """The :class:`Manifest` in hostile ``data``, or :class:`BundleRejected`.

    MALFORMED for anything that is not exactly what :meth:`Manifest.to_bytes` writes;
    NEWER_VERSION when ``format`` is a later ``puskesos-bundle/N`` (the app must be
    updated). Format 1 (no ``audit``) is still accepted. Never raises anything else for
    bytes input.
    """
    obj = _decode(data)
    _check_format(obj)
    manifest = manifest_from_json(obj)
    if manifest.to_bytes() != bytes(data):
        _fail("tidak dalam bentuk kanonik")
    return manifest


def build_manifest(
    *,
    origin: str,
    destination: str,
    seq: int,
    prev: str | None,
    created_at: str,
    app_version: str,
    schema_version: int,
    payload_sha256: str,
    payload_size: int,
    counts: Mapping[str, int],
    ack: Mapping[str, int],
    part: Part | None,
    audit: AuditHead = EMPTY_HEAD,
) -> Manifest:
    """A manifest the reader will accept, or ValueError: the writer's self-check.

    A bundle that its receiver rejects would block the stream at that seq forever, so the
    writer runs the reader's own parser over what it is about to sign.
    """
    manifest = Manifest(
        origin=origin, destination=destination, seq=seq, prev=prev, created_at=created_at,
        app_version=app_version, schema_version=schema_version,
        payload_sha256=payload_sha256, payload_size=payload_size,
        counts={k: counts[k] for k in sorted(counts)}, ack={k: ack[k] for k in sorted(ack)},
        part=part, audit=audit,
    )  # fmt: skip
    try:
        data = manifest.to_bytes()
        parse_manifest(data)
    except (BundleRejected, TypeError, ValueError) as err:
        detail = err.detail if isinstance(err, BundleRejected) else str(err)
        raise ValueError(f"manifest tidak sah: {detail}") from None
    return manifest
