"""Coverage-guided fuzzing of the bundle reader with atheris (libFuzzer). Not run in CI.

    .venv/bin/pip install -e ".[fuzz]"
    .venv/bin/python benchmarks/fuzz_bundle.py container -runs=200000
    .venv/bin/python benchmarks/fuzz_bundle.py manifest -max_total_time=600
    .venv/bin/python benchmarks/fuzz_bundle.py line corpus-folder/

Targets (the first argument), from the outside in:

* ``container``: whole ``.psb`` bytes into :func:`read_bundle` (seeded with a real signed
  bundle). Only :class:`BundleRejected` may come out;
* ``manifest``: bytes into :func:`parse_manifest`, the signed part a stolen key controls
  (seeded with a real manifest). Only :class:`BundleRejected` may come out;
* ``line``: one payload line (decoded JSON) into the change validator, past signature and
  decryption, where a trusted but buggy or malicious desk's content lands (seeded with
  real lines). Only :class:`ChangeInvalid` may come out.

Anything else is a finding: atheris stops, prints the traceback and writes the input to
``crash-*`` in the current folder. Remaining arguments go to libFuzzer.
"""

from __future__ import annotations

import contextlib
import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from puskesos_desktop.sync.bundle import BundleRejected, TrustedKey, read_bundle, write_bundle
    from puskesos_desktop.sync.change import Change, ChangeInvalid, validate_change
    from puskesos_desktop.sync.manifest import parse_manifest

VILLAGE, DISTRICT = "3320012001-7f3a", "dinas-3320"
TABLES = {"orang": lambda line: [], "keluarga": lambda line: []}


def _keys(desk_id: str):  # -> DeskKeys
    import minisign
    import pyrage

    from puskesos_desktop.sync.keys import DeskKeys

    return DeskKeys(
        desk_id, minisign.KeyPair.generate().secret_key, pyrage.x25519.Identity.generate()
    )


def _seed_bundle() -> tuple[bytes, Callable[[bytes], None]]:
    village, district = _keys(VILLAGE), _keys(DISTRICT)
    changes = [
        Change(f"00000000-0000-4000-8000-00000000000{i}", "orang",
               f"10000000-0000-4000-8000-00000000000{i}", "upsert", 1, 0,
               "2026-03-04T08:00:00+07:00", f"{VILLAGE}/admin",
               {"nama": f"WARGA {i}", "jenis_kelamin": "P"}, {})
        for i in range(3)
    ]  # fmt: skip
    written = write_bundle(
        changes, origin_keys=village, destination=DISTRICT,
        destination_recipient=district.age_recipient, seq=1, prev=None, schema_version=1,
        app_version="0.1.0",
    )  # fmt: skip
    trusted = {VILLAGE: TrustedKey(village.public_key_b64, village.age_recipient)}
    scratch = Path(tempfile.mkdtemp(prefix="fuzz-bundle-"))

    def read(data: bytes) -> None:
        try:
            with read_bundle(data, trusted_keys=trusted, my_keys=district, schema_version=1,
                             allowed_tables=TABLES, tmp_dir=scratch) as verified:  # fmt: skip
                list(verified.changes())
        except BundleRejected:
            pass

    return bytes(written.data or b""), read


def _manifest(data: bytes) -> None:
    with contextlib.suppress(BundleRejected):
        parse_manifest(data)


def _line(data: bytes) -> None:
    try:
        obj = json.loads(data)
    except (ValueError, RecursionError):
        return  # the reader rejects undecodable lines before the validator
    with contextlib.suppress(ChangeInvalid):
        validate_change(obj, TABLES)


def main() -> None:
    target = sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else ""
    if target not in ("container", "manifest", "line"):
        sys.exit(__doc__)
    seed, read = _seed_bundle()
    corpus = Path(tempfile.mkdtemp(prefix=f"fuzz-{target}-"))
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(seed)) as archive:
        seeds = {"container": seed, "manifest": archive.read("manifest.json"),
                 "line": json.dumps({"change_id": "00000000-0000-4000-8000-000000000001",
                                     "table": "orang", "uid": "10000000-0000-4000-8000-0000"
                                     "00000001", "op": "upsert", "rev": 1, "base_rev": 0,
                                     "at": "2026-03-04T08:00:00+07:00",
                                     "by": f"{VILLAGE}/admin", "fields": {"nama": "A"},
                                     "base": {}}).encode()}  # fmt: skip
    (corpus / "seed").write_bytes(seeds[target])
    test = {"container": read, "manifest": _manifest, "line": _line}[target]
    atheris.Setup([sys.argv[0], *sys.argv[2:], str(corpus)], test)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
