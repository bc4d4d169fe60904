"""Helpers for the bundle tests: realistic changes, a writer/reader kit, hand-made bundles.

Kept out of ``conftest.py`` so test modules can import them by name.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import random
import uuid
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from typing import Any

import minisign
import pyrage

from puskesos_desktop.domain.nik import check_nik, is_blocking, make_nik
from puskesos_desktop.sync.bundle import (
    Change,
    Manifest,
    TrustedKey,
    VerifiedBundle,
    WrittenBundle,
    read_bundle,
    write_bundle,
)
from puskesos_desktop.sync.change import change_line
from puskesos_desktop.sync.container import write_container
from puskesos_desktop.sync.keys import DeskKeys, sign_bytes

PASSPHRASE = "uji-frasa-acak-bundel-0123456789abcdef"
VILLAGE = "3320012001-7f3a"
VILLAGE2 = "3320012002-0b1c"
DISTRICT = "dinas-3320"
SCHEMA = 1
APP = "0.1.0"
NAMES = [
    "Siti Nur'aini", "Budi Santoso", "Dewi Ayu Lestari", "I Gusti Ngurah Rai",
    "Ahmad Fauzi – Bin Ali", "Ni Luh Putu Ariani", "Sri Rahayu", "Muhammad Rizky",
]  # fmt: skip


def memory_keys(desk_id: str) -> DeskKeys:
    return DeskKeys(
        desk_id, minisign.KeyPair.generate().secret_key, pyrage.x25519.Identity.generate()
    )


def penduduk_hook(line: dict[str, Any]) -> list[str]:
    """The kind of field hook the service will pass: the form's NIK rule."""
    nik = line["fields"].get("nik")
    if nik is None:
        return []
    if not isinstance(nik, str):
        return ["nik harus teks"]
    findings = check_nik(nik)
    return [f.message for f in findings] if is_blocking(findings) else []


HOOKS = {"penduduk": penduduk_hook, "keluarga": lambda line: [], "rujukan": lambda line: []}


def make_changes(count: int, seed: int = 0) -> list[Change]:
    """Realistic changes: new persons, edits with base values, tombstones, unicode, floats."""
    rnd = random.Random(seed)
    result = []
    for i in range(count):
        uid = str(uuid.UUID(int=rnd.getrandbits(128), version=4))
        change_id = str(uuid.UUID(int=rnd.getrandbits(128), version=4))
        kind = i % 5
        if kind == 3:
            result.append(Change(change_id, "penduduk", uid, "upsert", 3, 2,
                                 "2025-03-04T09:15:00.250000+07:00", f"{VILLAGE}/operator",
                                 {"nama": NAMES[i % 8], "penghasilan": 1_250_000 + i},
                                 {"nama": NAMES[(i + 1) % 8], "penghasilan": None}))  # fmt: skip
            continue
        if kind == 4:
            result.append(Change(change_id, "keluarga", uid, "delete", 5, 4,
                                 "2025-03-04T10:00:00+07:00", f"{VILLAGE}/admin",
                                 {"deleted": True}, {"deleted": False}))  # fmt: skip
            continue
        born = date(1950 + rnd.randrange(60), 1 + rnd.randrange(12), 1 + rnd.randrange(28))
        sex = rnd.choice("LP")
        fields = {
            "nik": make_nik("332001", born, sex, 1 + i),
            "nama": NAMES[i % len(NAMES)],
            "tanggal_lahir": born.isoformat(),
            "jenis_kelamin": sex,
            "alamat": f"Dusun Krajan RT {i % 9:03d}/RW 002 🏠",
            "penghasilan": rnd.randrange(5_000_000),
            "skor_kerentanan": round(rnd.random() * 100, 3),
            "disabilitas": bool(i % 2),
            "catatan": None if i % 3 else "Tinggal sendiri,\nrumah tidak layak huni",
        }
        at = "2025-03-04T08:00:00+07:00"
        by = f"{VILLAGE}/operator"
        result.append(Change(change_id, "penduduk", uid, "upsert", 1, 0, at, by, fields, {}))
    return result


def personal_strings(changes: Iterable[Change]) -> Iterator[str]:
    for change in changes:
        for key in ("nik", "nama", "alamat"):
            value = change.fields.get(key)
            if isinstance(value, str):
                yield value


class Kit:
    """Write and read bundles village → district with sensible defaults."""

    def __init__(self, village: DeskKeys, district: DeskKeys) -> None:
        self.village = village
        self.district = district
        self.trusted = {VILLAGE: TrustedKey(village.public_key_b64, village.age_recipient)}

    def write(self, changes: Iterable[Change], **overrides: Any) -> WrittenBundle:
        args: dict[str, Any] = dict(
            origin_keys=self.village, destination=DISTRICT,
            destination_recipient=self.district.age_recipient, seq=1, prev=None,
            schema_version=SCHEMA, app_version=APP,
        )  # fmt: skip
        args.update(overrides)
        return write_bundle(changes, **args)

    def read(self, source: Any, **overrides: Any) -> VerifiedBundle:
        args: dict[str, Any] = dict(
            trusted_keys=self.trusted, my_keys=self.district, schema_version=SCHEMA,
            allowed_tables=HOOKS,
        )  # fmt: skip
        args.update(overrides)
        return read_bundle(source, **args)

    def read_all(self, source: Any, **overrides: Any) -> list[Change]:
        with self.read(source, **overrides) as bundle:
            return list(bundle.changes())

    def forge(
        self,
        lines: list[bytes],
        *,
        counts: dict[str, int] | None = None,
        signer: DeskKeys | None = None,
        comment: str | None = None,
        payload: bytes | None = None,
        **manifest_changes: Any,
    ) -> bytes:
        """A bundle assembled by hand, bypassing the writer's own checks: raw JSONL lines
        (or a ready ``payload``), any manifest values, any signer and trusted comment."""
        if payload is None:
            plain = gzip.compress(b"".join(lines), mtime=0)
            recipients = [
                pyrage.x25519.Recipient.from_str(self.district.age_recipient),
                pyrage.x25519.Recipient.from_str(self.village.age_recipient),
            ]
            payload = pyrage.encrypt(plain, recipients)
        if counts is None:
            counted = Counter(json.loads(line)["table"] for line in lines)
            counts = dict(counted)
        base = Manifest(
            origin=VILLAGE, destination=DISTRICT, seq=1, prev=None,
            created_at="2025-03-04T12:00:00+07:00", app_version=APP, schema_version=SCHEMA,
            payload_sha256=hashlib.sha256(payload).hexdigest(),
            payload_size=len(payload), counts=counts,
        )  # fmt: skip
        manifest = replace(base, **manifest_changes)
        return assemble(manifest, payload, signer or self.village, comment)


def assemble(manifest: Manifest, payload: bytes, signer: DeskKeys, comment: str | None) -> bytes:
    data = manifest.to_bytes()
    signature = sign_bytes(
        signer, data, manifest.signature_comment() if comment is None else comment
    )
    return container_bytes(data, signature, payload)


def container_bytes(manifest: bytes, signature: bytes, payload: bytes) -> bytes:
    out = io.BytesIO()
    write_container(out, manifest, signature, io.BytesIO(payload), zlib.crc32(payload),
                    len(payload))  # fmt: skip
    return out.getvalue()


def change_lines(changes: Iterable[Change]) -> list[bytes]:
    return [change_line(change) for change in changes]

