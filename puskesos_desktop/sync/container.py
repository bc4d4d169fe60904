"""The canonical ZIP container of a ``.psb`` file, written and checked byte for byte.

ZIP headers (timestamps, attributes, flags, extra fields, comments, CRCs) are not signed,
so a bit flip there would slip past a reader that only looks at the members. We therefore
define exactly one valid layout for given member bytes and refuse every other file:

    local header, manifest.json | local header, manifest.json.minisig |
    local header, payload.age   | 3 central directory headers | end of central directory

all members stored (method 0), version 2.0, flags 0 (ASCII names, no data descriptor),
DOS date 1980-01-01 00:00, made by Unix with mode ``-rw-r--r--``, no extra fields, no
comments, no ZIP64. The layout is a pure function of (manifest, signature, payload CRC,
payload size), so "re-serialise with the same writer and compare" is done in two cheap
steps: the headers are regenerated from the sizes and CRC they claim and compared with the
file *before* the payload is read (a flipped header costs microseconds), then the payload is
streamed once to check the claimed CRC and to hash it.

The reader parses the three local headers itself instead of using :mod:`zipfile`: the
layout is fixed, so a 30-byte struct per member is all there is to parse, and no
``BadZipFile``/``EOFError``/``NotImplementedError`` zoo can escape. Stock ``unzip`` and
Python's ``zipfile`` read the files we write (tested).
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from dataclasses import dataclass
from typing import BinaryIO, NoReturn, Protocol

from puskesos_desktop.sync.errors import BundleRejected, RejectReason
from puskesos_desktop.sync.manifest import MAX_MANIFEST_BYTES, MAX_PAYLOAD_SIZE

MANIFEST_NAME = "manifest.json"
SIGNATURE_NAME = "manifest.json.minisig"
PAYLOAD_NAME = "payload.age"
MEMBER_NAMES = (MANIFEST_NAME, SIGNATURE_NAME, PAYLOAD_NAME)
MAX_SIGNATURE_BYTES = 1024
CHUNK = 256 * 1024  # copy buffer: big enough for speed, small against the memory budget

_LOCAL = struct.Struct("<IHHHHHIIIHH")  # 30 bytes
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")  # 46 bytes
_END = struct.Struct("<IHHHHIIH")  # 22 bytes
_LOCAL_SIG, _CENTRAL_SIG, _END_SIG = 0x04034B50, 0x02014B50, 0x06054B50
_VERSION = 20  # 2.0: what zipfile and Info-ZIP write for stored members
_MADE_BY = (3 << 8) | _VERSION  # Unix, so unzip restores the mode below
_DOS_TIME = 0  # 00:00:00
_DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01
_EXTERNAL_ATTR = 0o100644 << 16  # regular file, rw-r--r--
_NAMES = tuple(name.encode("ascii") for name in MEMBER_NAMES)
SUFFIX_SIZE = 3 * _CENTRAL.size + sum(map(len, _NAMES)) + _END.size
MIN_SIZE = 3 * _LOCAL.size + sum(map(len, _NAMES)) + SUFFIX_SIZE


class Sink(Protocol):
    def write(self, data: bytes, /) -> object: ...


@dataclass(frozen=True, slots=True)
class Layout:
    """What the headers of a canonical container say; the payload is not read yet."""

    manifest: bytes
    signature: bytes
    payload_offset: int
    payload_size: int
    payload_crc: int


def _local(name: bytes, crc: int, size: int) -> bytes:
    return _LOCAL.pack(
        _LOCAL_SIG, _VERSION, 0, 0, _DOS_TIME, _DOS_DATE, crc, size, size, len(name), 0
    ) + name


def container_parts(
    manifest: bytes, signature: bytes, payload_crc: int, payload_size: int
) -> tuple[bytes, bytes]:
    """``(prefix, suffix)``: the canonical file is ``prefix + payload + suffix``."""
    if payload_size > MAX_PAYLOAD_SIZE:
        raise ValueError("payload terlalu besar untuk ZIP tanpa ZIP64")
    members = (
        (manifest, zlib.crc32(manifest), len(manifest)),
        (signature, zlib.crc32(signature), len(signature)),
        (None, payload_crc, payload_size),
    )
    prefix = bytearray()
    central = bytearray()
    for name, (data, crc, size) in zip(_NAMES, members, strict=True):
        header_offset = len(prefix)
        prefix += _local(name, crc, size)
        if data is not None:
            prefix += data
        central += _CENTRAL.pack(
            _CENTRAL_SIG, _MADE_BY, _VERSION, 0, 0, _DOS_TIME, _DOS_DATE, crc, size, size,
            len(name), 0, 0, 0, 0, _EXTERNAL_ATTR, header_offset,
        ) + name  # fmt: skip
    central_offset = len(prefix) + payload_size
    end = _END.pack(_END_SIG, 0, 0, 3, 3, len(central), central_offset, 0)
    return bytes(prefix), bytes(central + end)


def write_container(
    out: BinaryIO, manifest: bytes, signature: bytes, payload: BinaryIO, payload_crc: int,
    payload_size: int,
) -> None:  # fmt: skip
    """Stream the canonical container to ``out``; ``payload`` is read from its position."""
    prefix, suffix = container_parts(manifest, signature, payload_crc, payload_size)
    out.write(prefix)
    remaining = payload_size
    while remaining:
        chunk = payload.read(min(CHUNK, remaining))
        if not chunk:
            raise ValueError("payload lebih pendek dari ukurannya")
        out.write(chunk)
        remaining -= len(chunk)
    out.write(suffix)


def _malformed(detail: str) -> NoReturn:
    raise BundleRejected(RejectReason.MALFORMED, detail)


def _read_exact(source: BinaryIO, size: int) -> bytes:
    data = source.read(size)
    if len(data) != size:
        _malformed("berkas terpotong")
    return data


def _member(source: BinaryIO, index: int, limit: int) -> tuple[bytes, int, int]:
    """Raw local header + name of member ``index``, with the CRC and size it claims."""
    header = _read_exact(source, _LOCAL.size)
    fields = _LOCAL.unpack(header)
    name_length, size = fields[9], fields[7]
    if fields[0] != _LOCAL_SIG or name_length != len(_NAMES[index]) or size > limit:
        _malformed(f"header anggota {index + 1} tidak kanonik")
    return header + _read_exact(source, name_length), fields[6], size


def read_layout(source: BinaryIO, file_size: int) -> Layout:
    """Check every header byte of a hostile file against the canonical writer.

    Reads at most ~66 KiB plus the suffix; the payload itself is not touched. Raises only
    :class:`BundleRejected` (MALFORMED) for a well-behaved ``source``; OSError from the
    underlying file is the caller's to map.
    """
    if file_size < MIN_SIZE:
        _malformed("berkas terlalu pendek untuk sebuah paket")
    source.seek(0)
    seen = bytearray()
    head, _, manifest_size = _member(source, 0, MAX_MANIFEST_BYTES)
    manifest = _read_exact(source, manifest_size)
    seen += head + manifest
    head, _, signature_size = _member(source, 1, MAX_SIGNATURE_BYTES)
    signature = _read_exact(source, signature_size)
    seen += head + signature
    head, payload_crc, payload_size = _member(source, 2, MAX_PAYLOAD_SIZE)
    seen += head
    if len(seen) + payload_size + SUFFIX_SIZE != file_size:
        _malformed("ukuran berkas tidak cocok dengan isinya (ada sisipan atau terpotong)")
    prefix, suffix = container_parts(manifest, signature, payload_crc, payload_size)
    if bytes(seen) != prefix:
        _malformed("header ZIP tidak kanonik")
    source.seek(len(prefix) + payload_size)
    if _read_exact(source, SUFFIX_SIZE) != suffix or source.read(1):
        _malformed("direktori pusat ZIP tidak kanonik")
    return Layout(manifest, signature, len(prefix), payload_size, payload_crc)


def stream_payload(source: BinaryIO, layout: Layout, sink: Sink | None) -> str:
    """Copy the payload to ``sink`` (if any) once, checking its CRC; return its SHA-256.

    Copying into a private file before anything else looks at the payload means the bytes
    that are hashed are the bytes that get decrypted, even if the USB stick's file changes.
    """
    source.seek(layout.payload_offset)
    digest = hashlib.sha256()
    crc = 0
    remaining = layout.payload_size
    while remaining:
        chunk = source.read(min(CHUNK, remaining))
        if not chunk:
            _malformed("berkas terpotong")
        digest.update(chunk)
        crc = zlib.crc32(chunk, crc)
        if sink is not None:
            sink.write(chunk)
        remaining -= len(chunk)
    if crc != layout.payload_crc:
        raise BundleRejected(RejectReason.TAMPERED, "CRC payload.age tidak cocok")
    return digest.hexdigest()
