"""``payload.age``: gzip-compressed JSON Lines, age-encrypted, always through temp files.

Memory stays flat whatever the bundle size: the writer streams lines into a gzip file, age
encrypts file to file, and the reader decrypts file to file and parses one line at a time.
Temp files hold plaintext personal data, so they are created 0600 (``mkstemp``) in the
folder the caller chooses (the service passes one inside the protected data dir) and are
deleted on every path out, including errors: pyrage's streaming decrypt writes plaintext
*before* it detects tampering.
"""

from __future__ import annotations

import errno
import gzip
import hashlib
import io
import json
import os
import tempfile
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import NoReturn

import pyrage

from puskesos_desktop.sync.change import (
    MAX_LINE_BYTES,
    Change,
    ChangeInvalid,
    ChangeValidator,
    change_from_trusted,
    change_line,
)
from puskesos_desktop.sync.container import CHUNK
from puskesos_desktop.sync.errors import BundleRejected, RejectReason

GZIP_LEVEL = 6  # level 9 saves ~3 % for twice the time on a 50,000-change export
# Compressed bytes zlib may still hold back: at most one block of 16 Ki symbols (memLevel 8)
# of at most 6 bytes each, plus the gzip trailer. The splitter budgets this, and counts the
# line batch below separately at its uncompressed size.
PENDING_MARGIN = 256 * 1024
BATCH_BYTES = 64 * 1024  # lines handed to zlib at once; counted in the split budget
AGE_HEADER_MAX = 1024  # two X25519 stanzas are ~300 bytes
AGE_CHUNK, AGE_TAG = 64 * 1024, 16
_LOCAL_IO_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM}


class TempFiles:
    """Private temp files that are deleted unless ownership is handed on with release()."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self.paths: list[Path] = []

    def new(self, label: str) -> Path:
        fd, name = tempfile.mkstemp(prefix=f"psb-{label}-", suffix=".tmp", dir=self.directory)
        os.close(fd)
        path = Path(name)
        self.paths.append(path)
        return path

    def discard(self, path: Path) -> None:
        self.release(path)
        path.unlink(missing_ok=True)

    def release(self, path: Path) -> None:
        self.paths.remove(path)

    def cleanup(self) -> None:
        while self.paths:
            self.paths.pop().unlink(missing_ok=True)

    def __enter__(self) -> TempFiles:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.cleanup()


@dataclass(frozen=True, slots=True)
class SealedPayload:
    """An encrypted payload in a temp file, with what the container and manifest need."""

    path: Path
    size: int
    sha256: str
    crc32: int
    counts: dict[str, int]


def payload_limit(part_size: int, overhead: int) -> int:
    """Largest gzip size that still fits ``part_size`` once encrypted and wrapped."""
    room = part_size - overhead - AGE_HEADER_MAX - PENDING_MARGIN - AGE_TAG
    return room * AGE_CHUNK // (AGE_CHUNK + AGE_TAG)


class _GzipPart:
    """One gzip JSONL temp file being written; lines are batched so zlib sees big chunks."""

    def __init__(self, temps: TempFiles) -> None:
        self.path = temps.new("gz")
        self.raw = self.path.open("wb")
        self.gz = gzip.GzipFile(
            filename="", mode="wb", fileobj=self.raw, compresslevel=GZIP_LEVEL, mtime=0
        )
        self.batch: list[bytes] = []
        self.batched = 0
        self.counts: Counter[str] = Counter()

    def size_after(self, line: bytes) -> int:
        """Upper bound of the gzip size once ``line`` is added, except for what zlib holds
        back (PENDING_MARGIN, budgeted in :func:`payload_limit`)."""
        return self.raw.tell() + self.batched + len(line)

    def add(self, line: bytes, table: str) -> None:
        self.batch.append(line)
        self.batched += len(line)
        self.counts[table] += 1
        if self.batched >= BATCH_BYTES:
            self.flush()

    def flush(self) -> None:
        self.gz.write(b"".join(self.batch))
        self.batch.clear()
        self.batched = 0

    def finish(self) -> tuple[Path, dict[str, int]]:
        self.flush()
        self.close()
        return self.path, dict(self.counts)

    def close(self) -> None:
        self.gz.close()
        self.raw.close()


def _plain_parts(
    changes: Iterable[Change], temps: TempFiles, limit: int | None
) -> Iterator[tuple[Path, dict[str, int]]]:
    """Gzip JSONL temp files, a new one whenever the next line could overflow ``limit``."""
    validator = ChangeValidator(None)
    part = _GzipPart(temps)
    try:
        for change in changes:
            try:
                line = change_line(change, validator)
            except ChangeInvalid as err:
                raise ValueError(f"perubahan {change.change_id!r} tidak sah: {err}") from None
            if limit is not None and part.counts and part.size_after(line) > limit:
                yield part.finish()
                part = _GzipPart(temps)
            part.add(line, change.table)
        yield part.finish()
    finally:
        part.close()


def _seal(plain: Path, recipients: list[pyrage.x25519.Recipient], temps: TempFiles) -> Path:
    cipher = temps.new("age")
    pyrage.encrypt_file(str(plain), str(cipher), recipients)
    temps.discard(plain)
    return cipher


def _digest_file(path: Path) -> tuple[int, str, int]:
    digest, crc, size = hashlib.sha256(), 0, 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            crc = zlib.crc32(chunk, crc)
            size += len(chunk)
    return size, digest.hexdigest(), crc


def seal_payloads(
    changes: Iterable[Change],
    recipients: list[pyrage.x25519.Recipient],
    temps: TempFiles,
    limit: int | None,
) -> list[SealedPayload]:
    """Encrypted payload temp files for ``changes``: one, or several when ``limit`` is set.

    Each part is encrypted as soon as it is complete, so at most one plaintext gzip file
    exists at a time. ValueError when a change would not pass the reader's validation.
    """
    sealed = []
    for plain, counts in _plain_parts(changes, temps, limit):
        cipher = _seal(plain, recipients, temps)
        size, sha256, crc = _digest_file(cipher)
        sealed.append(SealedPayload(cipher, size, sha256, crc, counts))
    return sealed


def decrypt_payload(cipher: Path, plain: Path, identity: pyrage.x25519.Identity) -> None:
    """Decrypt to ``plain``; BundleRejected (WRONG_KEY/TAMPERED/LOCAL_IO) on failure.

    The caller deletes ``plain`` on failure: age detects a bad chunk only after writing the
    chunks before it.
    """
    try:
        pyrage.decrypt_file(str(cipher), str(plain), [identity])
    except pyrage.DecryptError as err:
        if "no matching keys" in str(err).lower():
            raise BundleRejected(RejectReason.WRONG_KEY, "bukan untuk kunci desk ini") from None
        raise BundleRejected(RejectReason.TAMPERED, "header age rusak") from None
    except OSError as err:  # pyrage reports a failed chunk MAC as a plain OSError
        if err.errno in _LOCAL_IO_ERRNOS:
            raise BundleRejected(RejectReason.LOCAL_IO, err.strerror or "") from None
        raise BundleRejected(RejectReason.TAMPERED, "enkripsi age tidak utuh") from None


class _HashingReader(io.RawIOBase):
    """Hashes exactly the bytes gzip consumes, so the second pass can prove it saw the same."""

    def __init__(self, raw: io.BufferedReader) -> None:
        self.raw = raw
        self.digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        count = self.raw.readinto(buffer)
        self.digest.update(memoryview(buffer)[:count])
        return count

    def finish(self) -> str:
        while chunk := self.raw.read(CHUNK):
            self.digest.update(chunk)
        return self.digest.hexdigest()


class _GzipLines:
    """``(number, line)`` for each line of a gzip file; ``sha256`` of the file afterwards.

    Lines are read with a length limit, so a hostile "line" without newline cannot fill
    memory, and never more than ``limit`` of them (the signed counts).
    """

    def __init__(self, path: Path, limit: int) -> None:
        self.path = path
        self.limit = limit
        self.sha256: str | None = None

    def __iter__(self) -> Iterator[tuple[int, bytes]]:
        with self.path.open("rb") as raw:
            hashing = _HashingReader(raw)
            with gzip.GzipFile(fileobj=hashing, mode="rb") as gz:
                number = 0
                while line := gz.readline(MAX_LINE_BYTES + 1):
                    number += 1
                    if number > self.limit:
                        _invalid("lebih banyak baris daripada counts di manifest", number)
                    if len(line) > MAX_LINE_BYTES or not line.endswith(b"\n"):
                        _invalid("baris terlalu panjang atau terpotong", number)
                    yield number, line
            self.sha256 = hashing.finish()


def _invalid(detail: str, line: int | None = None) -> NoReturn:
    raise BundleRejected(RejectReason.INVALID_CONTENT, detail, line=line)


def validate_payload(plain: Path, validator: ChangeValidator, counts: dict[str, int]) -> str:
    """Parse and validate every line; return the SHA-256 of the gzip file that was checked.

    Any failure rejects the whole bundle (INVALID_CONTENT with the line number), and so
    does a per-table count that differs from the signed manifest.
    """
    seen: Counter[str] = Counter()
    lines = _GzipLines(plain, sum(counts.values()))
    try:
        for number, line in lines:
            try:
                change = validator(json.loads(line.decode("utf-8")))
            except (ValueError, RecursionError) as err:  # ChangeInvalid is a ValueError
                detail = str(err) if isinstance(err, ChangeInvalid) else "bukan JSON UTF-8"
                _invalid(detail[:300], number)
            seen[change.table] += 1
    except (EOFError, zlib.error, gzip.BadGzipFile):
        _invalid("payload bukan gzip yang utuh")
    except OSError as err:
        raise BundleRejected(RejectReason.LOCAL_IO, err.strerror or "") from None
    if dict(seen) != counts or lines.sha256 is None:
        _invalid("jumlah perubahan tidak cocok dengan counts di manifest")
    return lines.sha256


def iter_verified(plain: Path, sha256: str, total: int) -> Iterator[Change]:
    """Re-read a payload that :func:`validate_payload` accepted, without re-validating.

    The file is private to this process, but if it changed anyway (or vanished) the
    iterator raises BundleRejected(TAMPERED) by the end at the latest; the service applies
    inside one transaction, so the changes already yielded roll back with it.
    """
    lines = _GzipLines(plain, total)
    count = 0
    try:
        for _, line in lines:
            count += 1
            yield change_from_trusted(json.loads(line.decode("utf-8")))
    except (BundleRejected, ValueError, KeyError, TypeError, EOFError, zlib.error, OSError):
        pass
    else:
        if lines.sha256 == sha256 and count == total:
            return
    raise BundleRejected(RejectReason.TAMPERED, "berkas sementara berubah sesudah diperiksa")
