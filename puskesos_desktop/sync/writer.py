"""Writing sync bundles: journal changes in, signed encrypted ``.psb`` files out.

Part of the bundle codec; the public API is re-exported by :mod:`puskesos_desktop.sync.bundle`
(see its docstring for the design: parts, streaming, atomic output).

The writer runs the reader's own checks on everything it emits (each change line, the
manifest) because a bundle its receiver rejects would block the stream at that seq for
good. Nothing here touches a database: the service passes the changes and stream position
in and records the returned :class:`WrittenBundle` (its ``manifest_sha256`` is the next
bundle's ``prev``).
"""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

import pyrage

from puskesos_desktop.domain.audit import EMPTY_HEAD, AuditHead
from puskesos_desktop.sync.change import Change
from puskesos_desktop.sync.container import MAX_SIGNATURE_BYTES, MIN_SIZE, write_container
from puskesos_desktop.sync.keys import DeskKeys, sign_bytes
from puskesos_desktop.sync.manifest import (
    MAX_MANIFEST_BYTES,
    Manifest,
    Part,
    build_manifest,
    manifest_sha256,
)
from puskesos_desktop.sync.outfile import AtomicFiles, local_error, write_error
from puskesos_desktop.sync.payload import (
    SealedPayload,
    TempFiles,
    payload_limit,
    seal_payloads,
)

BUNDLE_SUFFIX = ".psb"
DEFAULT_PART_SIZE = 15_000_000  # ~20 MB once base64-encoded: fits common 25 MB email limits
MIN_PART_SIZE = 1024 * 1024
_DESK = r"[0-9]{10}-[0-9a-f]{4}|dinas-[0-9]{4}"
_FILE_NAME_RE = re.compile(rf"({_DESK})_([0-9]{{6,10}})_({_DESK})\.psb")
_PART_OVERHEAD = MIN_SIZE + MAX_MANIFEST_BYTES + MAX_SIGNATURE_BYTES


@dataclass(frozen=True, slots=True)
class WrittenBundle:
    """What the writer produced: keep ``manifest_sha256`` as the next bundle's ``prev``."""

    manifest: Manifest
    manifest_sha256: str
    file_name: str
    size: int
    path: Path | None = None
    data: bytes | None = None


def bundle_file_name(origin: str, seq: int, destination: str) -> str:
    """``3320012001-7f3a_000014_dinas-3320.psb``: sorts by stream and seq, no personal data."""
    return f"{origin}_{seq:06d}_{destination}{BUNDLE_SUFFIX}"


def parse_bundle_file_name(name: str) -> tuple[str, int, str] | None:
    """``(origin, seq, destination)`` from a file name, or None. Only a hint for listing a
    folder: mail clients rename attachments, so the reader trusts the manifest, not this."""
    match = _FILE_NAME_RE.fullmatch(name)
    return None if match is None else (match.group(1), int(match.group(2)), match.group(3))


def _stamp(created_at: datetime | None) -> str:
    moment = created_at or datetime.now().astimezone()
    if moment.tzinfo is None:
        raise ValueError("created_at harus memiliki zona waktu")
    return moment.isoformat(timespec="seconds")


def _recipients(origin_keys: DeskKeys, destination_recipient: str) -> list[Any]:
    try:
        destination = pyrage.x25519.Recipient.from_str(destination_recipient)
    except (pyrage.RecipientError, TypeError, ValueError):
        raise ValueError("penerima age tujuan tidak sah") from None
    return [destination, pyrage.x25519.Recipient.from_str(origin_keys.age_recipient)]


def _manifest(payload: SealedPayload | None, **fields: Any) -> Manifest:
    return build_manifest(
        origin=fields["origin_keys"].desk_id, destination=fields["destination"],
        seq=fields["seq"], prev=fields["prev"], created_at=fields["created_at"],
        app_version=fields["app_version"], schema_version=fields["schema_version"],
        payload_sha256=payload.sha256 if payload else "0" * 64,
        payload_size=payload.size if payload else 1,
        counts=payload.counts if payload else {}, ack=fields["ack"] or {},
        part=fields.get("part"), audit=fields["audit"],
    )  # fmt: skip


def _emit(out: BinaryIO, payload: SealedPayload, manifest: Manifest, keys: DeskKeys) -> str:
    data = manifest.to_bytes()
    signature = sign_bytes(keys, data, manifest.signature_comment())
    with payload.path.open("rb") as source:
        write_container(out, data, signature, source, payload.crc32, payload.size)
    return manifest_sha256(data)


def write_bundle(
    changes: Iterable[Change],
    *,
    origin_keys: DeskKeys,
    destination: str,
    destination_recipient: str,
    seq: int,
    prev: str | None,
    schema_version: int,
    app_version: str,
    ack: Mapping[str, int] | None = None,
    part: Part | None = None,
    audit: AuditHead = EMPTY_HEAD,
    created_at: datetime | None = None,
    tmp_dir: Path | None = None,
) -> WrittenBundle:
    """One bundle in memory (``.data``), never split: receipts, tests, small exports.

    ``origin`` is ``origin_keys.desk_id``; ``audit`` is its audit chain head (the desk's
    export always passes it; the empty-chain default serves tools and tests). The payload
    is encrypted to ``destination_recipient`` and to the origin's own recipient. ValueError
    for arguments or changes the reader would refuse; OSError-based UserError if
    ``tmp_dir`` is full.
    """
    fields = dict(origin_keys=origin_keys, destination=destination, seq=seq, prev=prev,
                  created_at=_stamp(created_at), app_version=app_version,
                  schema_version=schema_version, ack=ack, part=part,
                  audit=audit)  # fmt: skip
    _manifest(None, **fields)  # cheap argument check before any work
    recipients = _recipients(origin_keys, destination_recipient)
    try:
        with TempFiles(tmp_dir) as temps:
            [payload] = seal_payloads(changes, recipients, temps, None)
            manifest = _manifest(payload, **fields)
            out = io.BytesIO()
            sha = _emit(out, payload, manifest, origin_keys)
    except OSError as err:
        raise local_error(err, tmp_dir) from None
    data = out.getvalue()
    name = bundle_file_name(manifest.origin, seq, destination)
    return WrittenBundle(manifest, sha, name, len(data), data=data)


def write_bundles(
    directory: Path,
    changes: Iterable[Change],
    *,
    origin_keys: DeskKeys,
    destination: str,
    destination_recipient: str,
    first_seq: int,
    prev: str | None,
    schema_version: int,
    app_version: str,
    ack: Mapping[str, int] | None = None,
    part_size: int = DEFAULT_PART_SIZE,
    audit: AuditHead = EMPTY_HEAD,
    created_at: datetime | None = None,
    tmp_dir: Path | None = None,
) -> list[WrittenBundle]:
    """Write the next export of a stream into ``directory``: one file, or parts when the
    payload would exceed ``part_size`` bytes per file (see the module docstring).

    Streams: memory stays flat whatever ``changes`` yields. All files appear atomically
    together or not at all; a full or read-only target is a UserError ("Flashdisk
    penuh…", "tidak dapat ditulisi…") with no half file left behind. The plaintext gzip
    passes through ``tmp_dir`` (0600 temp files): pass a folder inside the data dir, never
    the USB stick; ``None`` means the system temp folder.
    """
    if part_size < MIN_PART_SIZE:
        raise ValueError(f"part_size minimal {MIN_PART_SIZE} bita")
    fields = dict(origin_keys=origin_keys, destination=destination, seq=first_seq, prev=prev,
                  created_at=_stamp(created_at), app_version=app_version,
                  schema_version=schema_version, ack=ack, audit=audit)  # fmt: skip
    _manifest(None, **fields)
    recipients = _recipients(origin_keys, destination_recipient)
    with TempFiles(tmp_dir) as temps:
        try:
            sealed = seal_payloads(
                changes, recipients, temps, payload_limit(part_size, _PART_OVERHEAD)
            )
        except OSError as err:
            raise local_error(err, tmp_dir) from None
        group = str(uuid.uuid4()) if len(sealed) > 1 else None
        written = []
        with AtomicFiles(directory) as files:
            for index, payload in enumerate(sealed, 1):
                fields["seq"] = first_seq + index - 1
                fields["part"] = Part(group, index, len(sealed)) if group else None
                manifest = _manifest(payload, **fields)
                name = bundle_file_name(manifest.origin, manifest.seq, destination)
                out = files.open(name)
                try:
                    fields["prev"] = _emit(out, payload, manifest, origin_keys)
                    size = out.tell()
                except OSError as err:
                    raise write_error(err, Path(directory)) from None
                if size > part_size:  # the budget in payload_limit makes this impossible
                    raise RuntimeError(f"bagian {index} melebihi part_size ({size} bita)")
                written.append(
                    WrittenBundle(manifest, fields["prev"], name, size, Path(directory) / name)
                )
            files.commit()
    return written
