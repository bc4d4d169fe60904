"""A hostile bundle is rejected, cleanly and cheaply, whatever was changed.

Every outcome must be :class:`BundleRejected` (never another exception, never success),
and no temp file may survive. Header flips are refused by the canonical-container check
before the payload is even read, which keeps thousands of flips fast.
"""

from __future__ import annotations

import gzip
import io
import random
import warnings
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pyrage
import pytest
from bundle_kit import (
    VILLAGE,
    VILLAGE2,
    Kit,
    assemble,
    container_bytes,
    make_changes,
    memory_keys,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from puskesos_desktop.sync import bundle as bundle_module
from puskesos_desktop.sync.bundle import BundleRejected, RejectReason, TrustedKey
from puskesos_desktop.sync.container import MEMBER_NAMES, SUFFIX_SIZE
from puskesos_desktop.sync.keys import DeskKeys
from puskesos_desktop.sync.manifest import parse_manifest

CHANGES = make_changes(3)
CANONICAL = {"date_time": (1980, 1, 1, 0, 0, 0), "create_system": 3, "attr": 0o100644 << 16}
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def small(kit: Kit) -> bytes:
    return kit.write(CHANGES).data  # type: ignore[return-value]


@pytest.fixture(scope="module")
def parts(small: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(small)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def outcome(kit: Kit, data: bytes, tmp_dir: Path | None = None) -> BundleRejected | list[Any]:
    """BundleRejected, or the changes of an accepted bundle; anything else fails the test."""
    try:
        with kit.read(data, tmp_dir=tmp_dir) as verified:
            return list(verified.changes())
    except BundleRejected as err:
        assert str(err) and err.reason in RejectReason
        return err
    except Exception as err:  # pragma: no cover - the bug this file hunts
        pytest.fail(f"{type(err).__name__} escaped: {err!r}")


def assert_rejected(kit: Kit, data: bytes, tmp_dir: Path | None = None) -> BundleRejected:
    result = outcome(kit, data, tmp_dir)
    assert isinstance(result, BundleRejected), "a changed bundle was accepted"
    return result


def rejected_by(kit: Kit, data: bytes, trusted: Any) -> BundleRejected:
    with pytest.raises(BundleRejected) as caught:
        kit.read(data, trusted_keys=trusted)
    return caught.value


def header_positions(small: bytes, parts: dict[str, bytes]) -> list[int]:
    """Every byte of every local header, the central directory and the end record."""
    positions, offset = [], 0
    for name in MEMBER_NAMES:
        header = 30 + len(name)
        positions += range(offset, offset + header)
        offset += header + len(parts[name])
    positions += range(len(small) - SUFFIX_SIZE, len(small))
    return positions


def test_sanity_the_original_is_accepted(kit: Kit, small: bytes) -> None:
    assert outcome(kit, small) == CHANGES


def test_single_bit_flips(kit: Kit, small: bytes, parts: dict[str, bytes], tmp_dir: Path) -> None:
    rnd = random.Random(20250304)
    headers = header_positions(small, parts)
    assert len(headers) == 3 * 30 + sum(map(len, MEMBER_NAMES)) + SUFFIX_SIZE
    flips = [(position, bit) for position in headers for bit in range(8)]
    flips += [(p, rnd.randrange(8)) for p in sorted(set(range(len(small))) - set(headers))]
    assert len(flips) >= 2000
    reasons = set()
    for position, bit in flips:
        changed = bytearray(small)
        changed[position] ^= 1 << bit
        reasons.add(assert_rejected(kit, bytes(changed), tmp_dir).reason)
    assert list(tmp_dir.iterdir()) == []
    # A flip inside manifest or signature breaks the CRC in the headers, so it is caught
    # as a non-canonical container before any JSON or signature parsing.
    assert reasons == {RejectReason.MALFORMED, RejectReason.TAMPERED}


def test_truncations(kit: Kit, small: bytes, parts: dict[str, bytes], tmp_dir: Path) -> None:
    rnd = random.Random(7)
    edges = {0, 1, 4, 29, 30, len(small) - 1, len(small) - 22, len(small) - SUFFIX_SIZE}
    offset = 0
    for name in MEMBER_NAMES:  # both sides of every member boundary
        offset += 30 + len(name)
        edges |= {offset - 1, offset, offset + 1}
        offset += len(parts[name])
        edges |= {offset - 1, offset, offset + 1}
    others = sorted(set(range(len(small))) - edges)
    lengths = sorted(edges | set(rnd.sample(others, 200 - len(edges))))
    assert len(lengths) >= 200
    for length in lengths:
        assert_rejected(kit, small[:length], tmp_dir)
        if length:
            assert_rejected(kit, small[length:], tmp_dir)  # and the head cut off
    assert list(tmp_dir.iterdir()) == []


def test_junk_before_or_after(kit: Kit, small: bytes) -> None:
    for junk in (b"\x00", b"PK", b"PK\x03\x04", random.Random(1).randbytes(100), small):
        assert_rejected(kit, junk + small)
        assert_rejected(kit, small + junk)
    # A ZIP comment is legal ZIP, and Python's zipfile happily reads past it: not here.
    commented = small[:-2] + (5).to_bytes(2, "little") + b"halo!"
    with zipfile.ZipFile(io.BytesIO(commented)) as archive:
        assert archive.testzip() is None
    assert assert_rejected(kit, commented).reason is RejectReason.MALFORMED


class _Unseekable(io.RawIOBase):
    def __init__(self) -> None:
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, chunk: Any) -> int:
        self.data += chunk
        return len(chunk)


def rezip(
    entries: list[tuple[str, bytes]],
    *,
    compress: dict[str, int] | None = None,
    date_time: tuple[int, ...] = CANONICAL["date_time"],
    create_system: int = CANONICAL["create_system"],
    attr: int = CANONICAL["attr"],
    extra: bytes = b"",
    comment: bytes = b"",
    archive_comment: bytes = b"",
    stream: bool = False,
) -> bytes:
    """A ZIP of ``entries`` written by Python's zipfile with the given header settings."""
    sink: Any = _Unseekable() if stream else io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(sink, "w") as archive:
        warnings.simplefilter("ignore", UserWarning)  # duplicate names are the point
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time)  # type: ignore[arg-type]
            info.create_system, info.external_attr = create_system, attr
            info.compress_type = (compress or {}).get(name, zipfile.ZIP_STORED)
            info.extra, info.comment = extra, comment
            archive.writestr(info, data)
        archive.comment = archive_comment
    return bytes(sink.data) if stream else sink.getvalue()


def test_rezip_with_canonical_settings_is_the_original(
    small: bytes, parts: dict[str, bytes]
) -> None:
    assert rezip(list(parts.items())) == small  # so each variant below differs in one thing


def test_members_added_removed_reordered(kit: Kit, parts: dict[str, bytes]) -> None:
    entries = list(parts.items())
    variants = [
        [*entries, ("catatan.txt", b"halo")],
        [("catatan.txt", b"halo"), *entries],
        entries[:2],
        entries[1:],
        [entries[0], entries[2]],
        [entries[1], entries[0], entries[2]],
        [entries[0], entries[2], entries[1]],
        entries[::-1],
        [*entries, entries[2]],
        [entries[0], *entries],
        [("Manifest.json", parts["manifest.json"]), *entries[1:]],
        [*entries[:2], ("payload.age ", parts["payload.age"])],
        [*entries[:2], ("../payload.age", parts["payload.age"])],
    ]
    for variant in variants:
        assert assert_rejected(kit, rezip(variant)).reason is RejectReason.MALFORMED


@pytest.mark.parametrize(
    "settings_",
    [
        {"compress": {"payload.age": zipfile.ZIP_DEFLATED}},
        {"compress": {"manifest.json": zipfile.ZIP_DEFLATED}},
        {"compress": {"manifest.json.minisig": zipfile.ZIP_DEFLATED}},
        {"compress": {"payload.age": zipfile.ZIP_BZIP2}},
        {"date_time": (2025, 3, 4, 12, 0, 0)},
        {"date_time": (1980, 1, 1, 0, 0, 2)},
        {"create_system": 0},
        {"attr": 0o100600 << 16},
        {"attr": 0},
        {"extra": b"\xfe\xca\x00\x00"},
        {"comment": b"x"},
        {"archive_comment": b"dari desa"},
        {"stream": True},  # data descriptors
    ],
    ids=lambda s: repr(s)[:50],
)
def test_non_canonical_zip_settings(kit: Kit, parts: dict[str, bytes], settings_: Any) -> None:
    data = rezip(list(parts.items()), **settings_)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:  # a naive reader would take it
        assert [archive.read(n) for n in MEMBER_NAMES] == list(parts.values())
    assert assert_rejected(kit, data).reason is RejectReason.MALFORMED


def test_resigned_by_an_untrusted_key(kit: Kit, parts: dict[str, bytes]) -> None:
    manifest = parse_manifest(parts["manifest.json"])
    attacker = memory_keys(VILLAGE)
    forged = assemble(manifest, parts["payload.age"], attacker, None)
    assert assert_rejected(kit, forged).reason is RejectReason.BAD_SIGNATURE
    # Another *enrolled* desk cannot speak for this one either.
    other = memory_keys(VILLAGE2)
    trusted = {**kit.trusted, VILLAGE2: TrustedKey(other.public_key_b64)}
    err = rejected_by(kit, assemble(manifest, parts["payload.age"], other, None), trusted)
    assert err.reason is RejectReason.BAD_SIGNATURE
    # Signing as another (unenrolled) desk only lands in the "unknown desk" queue.
    own = replace(manifest, origin=VILLAGE2)
    queued = assert_rejected(kit, assemble(own, parts["payload.age"], memory_keys(VILLAGE2), None))
    assert queued.reason is RejectReason.UNKNOWN_DESK


def test_changed_destination_resigned_with_the_wrong_comment(
    kit: Kit, village: DeskKeys, parts: dict[str, bytes]
) -> None:
    manifest = parse_manifest(parts["manifest.json"])
    moved = replace(manifest, destination=VILLAGE2)
    stale = manifest.signature_comment()  # still names dinas-3320
    err = assert_rejected(kit, assemble(moved, parts["payload.age"], village, stale))
    assert err.reason is RejectReason.BAD_SIGNATURE
    # Correctly signed for another desk: authentic, but not ours.
    err = assert_rejected(kit, assemble(moved, parts["payload.age"], village, None))
    assert err.reason is RejectReason.NOT_FOR_THIS_DESK
    # Right destination, but the comment lies about seq or origin.
    for comment in (replace(manifest, seq=2, prev="ab" * 32).signature_comment(),
                    stale.replace(VILLAGE, VILLAGE2), stale + " ", ""):  # fmt: skip
        err = assert_rejected(kit, assemble(manifest, parts["payload.age"], village, comment))
        assert err.reason is RejectReason.BAD_SIGNATURE


def test_signature_file_variants(kit: Kit, village: DeskKeys, parts: dict[str, bytes]) -> None:
    manifest, signature = parts["manifest.json"], parts["manifest.json.minisig"]
    comment = parse_manifest(manifest).signature_comment()
    legacy = bytes(village.signing.sign(manifest, prehash=False, trusted_comment=comment))
    other = bytes(village.signing.sign(manifest, untrusted_comment="x", trusted_comment=comment))
    for variant in (legacy + b"\n", other + b"\n", signature.replace(b"\n", b"\r\n"),
                    signature.rstrip(b"\n"), signature + b"\n", b"", signature * 2):  # fmt: skip
        data = container_bytes(manifest, variant, parts["payload.age"])
        assert assert_rejected(kit, data).reason in (
            RejectReason.BAD_SIGNATURE, RejectReason.MALFORMED,
        )  # fmt: skip


def test_swapped_payload(kit: Kit, district: DeskKeys, parts: dict[str, bytes]) -> None:
    plain = pyrage.decrypt(parts["payload.age"], [district.age_identity])
    again = pyrage.encrypt(plain, [district.age_identity.to_public()])  # same content
    other = kit.write(make_changes(3, seed=9)).data
    with zipfile.ZipFile(io.BytesIO(other)) as archive:
        foreign = archive.read("payload.age")
    for payload in (again, foreign, parts["payload.age"][:-1], b""):
        data = container_bytes(parts["manifest.json"], parts["manifest.json.minisig"], payload)
        assert assert_rejected(kit, data).reason in (RejectReason.TAMPERED, RejectReason.MALFORMED)


def test_broken_age_stream_from_a_trusted_desk_leaves_no_plaintext(
    kit: Kit, tmp_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pyrage writes decrypted chunks before it meets the bad one; they must be deleted."""
    recipient = pyrage.x25519.Recipient.from_str(kit.district.age_recipient)
    plain = gzip.compress(random.Random(3).randbytes(300_000), compresslevel=0)
    payload = bytearray(pyrage.encrypt(plain, [recipient]))
    payload[-40] ^= 0x01  # inside the last 64 KiB chunk
    data = kit.forge([], counts={"penduduk": 1}, payload=bytes(payload))
    seen: list[list[Path]] = []
    real = pyrage.decrypt_file

    def spy(src: str, dst: str, identities: Any) -> None:
        try:
            real(src, dst, identities)
        finally:
            seen.append(sorted(tmp_dir.iterdir()))
            assert Path(dst).stat().st_size > 0  # plaintext was written before the failure

    monkeypatch.setattr(pyrage, "decrypt_file", spy)
    assert assert_rejected(kit, data, tmp_dir).reason is RejectReason.TAMPERED
    assert seen and len(seen[0]) == 2
    assert list(tmp_dir.iterdir()) == []


def test_header_tamper_is_refused_before_the_payload_is_read(
    kit: Kit, small: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    def forbidden(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("payload read before the container was checked")

    monkeypatch.setattr(bundle_module, "stream_payload", forbidden)
    for position in (8, 10, 12, len(small) - SUFFIX_SIZE + 12, len(small) - 10):
        changed = bytearray(small)
        changed[position] ^= 0x10
        assert assert_rejected(kit, bytes(changed)).reason is RejectReason.MALFORMED


@FAST
@given(data=st.binary(max_size=4096))
def test_arbitrary_bytes_are_rejected(kit: Kit, data: bytes) -> None:
    assert_rejected(kit, data)


@FAST
@given(st.data())
def test_mutated_bundles_are_rejected_or_unchanged(kit: Kit, small: bytes, data: Any) -> None:
    mutated = bytearray(small)
    for _ in range(data.draw(st.integers(1, 3))):
        start = data.draw(st.integers(0, len(mutated)))
        end = data.draw(st.integers(start, min(len(mutated), start + 12)))
        mutated[start:end] = data.draw(st.binary(max_size=12))
    result = outcome(kit, bytes(mutated))
    if not isinstance(result, BundleRejected):
        assert bytes(mutated) == small and result == CHANGES


@FAST
@given(prefix=st.sampled_from([b"", b"PK\x03\x04\x14\x00"]), body=st.binary(max_size=600))
def test_zip_shaped_garbage_is_rejected(
    kit: Kit, small: bytes, prefix: bytes, body: bytes
) -> None:
    assert_rejected(kit, prefix + body + small[-SUFFIX_SIZE:])
    assert_rejected(kit, small[: len(small) // 2] + body)
