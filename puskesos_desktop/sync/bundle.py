"""Sync bundles (``.psb``): write, read and inspect. The codec under the sync service.

Plain data in, plain data out: no database, no Qt. The service reads the journal, calls
:func:`write_bundles`, records what it wrote; on import it calls :func:`read_bundle` and
applies :meth:`VerifiedBundle.changes` in one transaction. Format: ``docs/sync-bundle.md``
(shared) and ``docs/sync-format-notes.md`` (choices made here).

Reading treats the file as hostile and spends effort in order of cost, so junk is cheap to
refuse: size → canonical container headers (before the payload is read) → strict manifest →
minisign signature by the origin's trusted, unrevoked key and its trusted comment →
destination → payload copied to a private temp file, CRC and SHA-256 checked against the
signed manifest → schema version → age decryption to a temp file → every line parsed and
validated, counts compared. Every failure is one :class:`BundleRejected` with a ``reason``.

Design choices (see the notes file):

* **Parts**: an export above ``part_size`` becomes several complete bundles. Each part has
  its *own* consecutive ``seq`` and chains on the previous part's manifest like any bundle;
  all share ``part.group`` and say ``index``/``total``. Ordering, gaps, ``prev`` checks,
  acknowledgements and "kirim ulang" therefore work per file exactly as for single bundles;
  the service only has to wait until all ``total`` parts of a group are verified before
  applying the group in one transaction.
* **Changes**: :func:`read_bundle` validates the whole payload first (so a VerifiedBundle
  is verified, whether the caller applies it, queues it or only reports on it), then
  :meth:`VerifiedBundle.changes` re-reads the verified temp file lazily. Memory stays flat
  for any number of changes; the price is a second JSON parse. Close the bundle (or use
  ``with``) to delete the plaintext temp file; a finalizer does it otherwise.
"""

from __future__ import annotations

import contextlib
import io
import struct
import weakref
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO

from puskesos_desktop.sync.change import (
    Change,
    ChangeInvalid,
    ChangeValidator,
    FieldValidator,
    iso_timestamp,
    validate_change,
)
from puskesos_desktop.sync.container import read_layout, stream_payload
from puskesos_desktop.sync.errors import BundleRejected, RejectReason
from puskesos_desktop.sync.keys import DeskKeys, SignatureInvalid, verify_bytes
from puskesos_desktop.sync.manifest import Manifest, Part, manifest_sha256, parse_manifest
from puskesos_desktop.sync.outfile import copy_atomic
from puskesos_desktop.sync.payload import (
    TempFiles,
    decrypt_payload,
    iter_verified,
    validate_payload,
)
from puskesos_desktop.sync.writer import (
    BUNDLE_SUFFIX,
    DEFAULT_PART_SIZE,
    MIN_PART_SIZE,
    WrittenBundle,
    bundle_file_name,
    parse_bundle_file_name,
    write_bundle,
    write_bundles,
)

__all__ = [
    "BUNDLE_SUFFIX",
    "DEFAULT_MAX_SIZE",
    "DEFAULT_PART_SIZE",
    "MIN_PART_SIZE",
    "BundleRejected",
    "Change",
    "ChangeInvalid",
    "Manifest",
    "Part",
    "RejectReason",
    "TrustedKey",
    "VerifiedBundle",
    "WrittenBundle",
    "bundle_file_name",
    "copy_atomic",
    "inspect_bundle",
    "iso_timestamp",
    "parse_bundle_file_name",
    "read_bundle",
    "read_own_bundle",
    "validate_change",
    "write_bundle",
    "write_bundles",
]

DEFAULT_MAX_SIZE = 64 * 1024 * 1024
# Rejections the service keeps in its queue rather than discards: it gets the bytes back.
_QUEUED = (RejectReason.UNKNOWN_DESK, RejectReason.NEWER_VERSION)

Source = bytes | bytearray | memoryview | str | Path


@dataclass(frozen=True, slots=True)
class TrustedKey:
    """One enrolled key of a desk. A desk may have several (before and after rotation)."""

    public_key_b64: str
    age_recipient: str = ""
    revoked: bool = False


TrustedKeys = Mapping[str, TrustedKey | Sequence[TrustedKey]]


# --- reading -----------------------------------------------------------------------------


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


class _LocalSink:
    """Our temp file: a failed write is this computer's problem (LOCAL_IO), not the file's."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle

    def write(self, data: bytes) -> int:
        try:
            return self.handle.write(data)
        except OSError as err:
            raise BundleRejected(RejectReason.LOCAL_IO, err.strerror or "") from None


def _temp(temps: TempFiles, label: str) -> Path:
    try:
        return temps.new(label)
    except OSError as err:
        raise BundleRejected(RejectReason.LOCAL_IO, err.strerror or "") from None


class VerifiedBundle:
    """A bundle that passed every check. ``changes()`` re-reads its verified temp file.

    Use as a context manager (or call :meth:`close`) to delete the decrypted temp file.
    """

    def __init__(
        self, manifest: Manifest, manifest_bytes: bytes, signature: bytes, plain: Path,
        plain_sha256: str,
    ) -> None:  # fmt: skip
        self.manifest = manifest
        self.manifest_bytes = manifest_bytes
        self.signature = signature
        self.manifest_sha256 = manifest_sha256(manifest_bytes)
        self._plain = plain
        self._plain_sha256 = plain_sha256
        self._finalizer = weakref.finalize(self, _remove, plain)

    @property
    def change_count(self) -> int:
        return self.manifest.change_count

    def changes(self) -> Iterator[Change]:
        """The changes in payload order, lazily; may be called again for another pass.

        Raises BundleRejected(TAMPERED) if the temp file changed since verification.
        """
        if not self._finalizer.alive:
            raise RuntimeError("VerifiedBundle sudah ditutup")
        return iter_verified(self._plain, self._plain_sha256, self.change_count)

    def close(self) -> None:
        self._finalizer()

    def __enter__(self) -> VerifiedBundle:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        m = self.manifest
        return f"VerifiedBundle({m.origin}→{m.destination} seq {m.seq}, {self.change_count})"


def _open(source: Source) -> tuple[BinaryIO, int]:
    if isinstance(source, bytes | bytearray | memoryview):
        memory = io.BytesIO(source)
        size = memory.seek(0, io.SEEK_END)  # bytes, whatever a memoryview's item size
        memory.seek(0)
        return memory, size
    try:
        handle = Path(source).open("rb")  # noqa: SIM115 - the caller closes it
    except OSError as err:
        raise BundleRejected(RejectReason.UNREADABLE, err.strerror or "") from None
    try:
        return handle, Path(source).stat().st_size
    except OSError as err:
        handle.close()
        raise BundleRejected(RejectReason.UNREADABLE, err.strerror or "") from None


def _with_raw(err: BundleRejected, handle: BinaryIO, max_size: int) -> None:
    """Attach the whole file (already known to be within ``max_size``) for the queue."""
    try:
        handle.seek(0)
        err.raw = handle.read(max_size + 1)
    except OSError:
        err.raw = None  # the caller still has the file it passed in


def _authenticate(manifest: Manifest, layout_manifest: bytes, signature: bytes,
                  trusted_keys: TrustedKeys, me: str, own: bool) -> None:  # fmt: skip
    if own and manifest.origin != me:
        raise BundleRejected(RejectReason.NOT_FOR_THIS_DESK, "bukan paket yang dibuat desk ini")
    entry = trusted_keys.get(manifest.origin)
    if entry is None:
        if manifest.destination != me:
            raise BundleRejected(RejectReason.NOT_FOR_THIS_DESK, f"untuk {manifest.destination}")
        raise BundleRejected(RejectReason.UNKNOWN_DESK, manifest.origin)
    comment, revoked = None, False
    for key in [entry] if isinstance(entry, TrustedKey) else entry:
        try:
            found = verify_bytes(key.public_key_b64, layout_manifest, signature)
        except SignatureInvalid:
            continue
        if key.revoked:
            revoked = True
        else:
            comment = found
            break
    if comment is None:
        reason = RejectReason.REVOKED if revoked else RejectReason.BAD_SIGNATURE
        raise BundleRejected(reason, manifest.origin)
    if comment != manifest.signature_comment():
        raise BundleRejected(RejectReason.BAD_SIGNATURE, "komentar tepercaya tidak cocok")
    if not own and manifest.destination != me:
        raise BundleRejected(RejectReason.NOT_FOR_THIS_DESK, f"untuk {manifest.destination}")


def _read(
    source: Source, *, trusted_keys: TrustedKeys, my_keys: DeskKeys, own: bool,
    schema_version: int | None, allowed_tables: Mapping[str, FieldValidator],
    max_size: int, tmp_dir: Path | None,
) -> VerifiedBundle:  # fmt: skip
    handle, size = _open(source)
    manifest: Manifest | None = None
    with handle, TempFiles(tmp_dir) as temps:
        try:
            if size > max_size:
                raise BundleRejected(RejectReason.TOO_LARGE, f"{size} bita")
            layout = read_layout(handle, size)
            manifest = parse_manifest(layout.manifest)
            if manifest.payload_size != layout.payload_size:
                raise BundleRejected(RejectReason.TAMPERED, "ukuran payload.age")
            _authenticate(manifest, layout.manifest, layout.signature, trusted_keys,
                          my_keys.desk_id, own)  # fmt: skip
            cipher = _temp(temps, "age")
            with cipher.open("wb", buffering=0) as sink:  # unbuffered: no error at close
                digest = stream_payload(handle, layout, _LocalSink(sink))
            if digest != manifest.payload_sha256:
                raise BundleRejected(RejectReason.TAMPERED, "SHA-256 payload.age")
            if schema_version is not None and manifest.schema_version > schema_version:
                raise BundleRejected(RejectReason.NEWER_VERSION, f"skema {manifest.schema_version}")
            plain = _temp(temps, "gz")
            decrypt_payload(cipher, plain, my_keys.age_identity)
            temps.discard(cipher)
            plain_sha = validate_payload(plain, ChangeValidator(allowed_tables), manifest.counts)
            temps.release(plain)
        except BundleRejected as err:
            if manifest is not None and err.manifest is None:
                err.manifest = manifest
                err.manifest_sha256 = manifest_sha256(layout.manifest)
            if err.reason in _QUEUED:
                _with_raw(err, handle, max_size)
            raise
        except OSError as err:  # our own temp files map themselves to LOCAL_IO
            raise BundleRejected(RejectReason.UNREADABLE, err.strerror or "") from None
        except (ValueError, EOFError, struct.error, zlib.error, OverflowError, RecursionError):
            raise BundleRejected(RejectReason.MALFORMED, "struktur tidak sah") from None
    return VerifiedBundle(manifest, layout.manifest, layout.signature, plain, plain_sha)


def read_bundle(
    source: Source,
    *,
    trusted_keys: TrustedKeys,
    my_keys: DeskKeys,
    schema_version: int,
    allowed_tables: Mapping[str, FieldValidator],
    max_size: int = DEFAULT_MAX_SIZE,
    tmp_dir: Path | None = None,
) -> VerifiedBundle:
    """Verify a hostile bundle addressed to this desk (``my_keys.desk_id``) and decrypt it.

    ``trusted_keys`` maps each enrolled desk id to its key(s); ``schema_version`` is this
    app's database revision as an integer; ``allowed_tables`` maps each table this desk
    accepts to its field hook (see :func:`~puskesos_desktop.sync.change.validate_change`).
    Raises only :class:`BundleRejected` for any file content.
    """
    return _read(source, trusted_keys=trusted_keys, my_keys=my_keys, own=False,
                 schema_version=schema_version, allowed_tables=allowed_tables,
                 max_size=max_size, tmp_dir=tmp_dir)  # fmt: skip


def read_own_bundle(
    source: Source,
    *,
    my_keys: DeskKeys,
    allowed_tables: Mapping[str, FieldValidator],
    max_size: int = DEFAULT_MAX_SIZE,
    tmp_dir: Path | None = None,
) -> VerifiedBundle:
    """Verify and decrypt a bundle this desk sent (its outbox copy): the origin can read
    its own payload because the writer always adds the origin's recipient."""
    trusted = {my_keys.desk_id: TrustedKey(my_keys.public_key_b64, my_keys.age_recipient)}
    return _read(source, trusted_keys=trusted, my_keys=my_keys, own=True, schema_version=None,
                 allowed_tables=allowed_tables, max_size=max_size, tmp_dir=tmp_dir)  # fmt: skip


def inspect_bundle(source: Source, *, max_size: int = DEFAULT_MAX_SIZE) -> dict[str, Any]:
    """The manifest fields of a bundle without keys (``bundle inspect``), hostile-safe.

    The container, manifest and payload hash are checked; the signature is *not* (that
    needs the origin's key): ``signature_verified`` is always False here.
    """
    handle, size = _open(source)
    with handle:
        try:
            if size > max_size:
                raise BundleRejected(RejectReason.TOO_LARGE, f"{size} bita")
            layout = read_layout(handle, size)
            manifest = parse_manifest(layout.manifest)
            digest = stream_payload(handle, layout, None)
        except OSError as err:
            raise BundleRejected(RejectReason.UNREADABLE, err.strerror or "") from None
        except (ValueError, EOFError, struct.error, zlib.error, OverflowError, RecursionError):
            raise BundleRejected(RejectReason.MALFORMED, "struktur tidak sah") from None
    if digest != manifest.payload_sha256:
        raise BundleRejected(RejectReason.TAMPERED, "SHA-256 payload.age", manifest=manifest)
    return {
        **manifest.to_json(),
        "manifest_sha256": manifest_sha256(layout.manifest),
        "change_count": manifest.change_count,
        "file_size": size,
        "signature_verified": False,
    }
