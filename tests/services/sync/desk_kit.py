"""Three real desks for the sync service tests: a village, its district, a second village.

Each desk is set up once per session (profile, operator, keys) and enrolled with the
others; every test gets private copies of the data dirs. Key generation pays age's
scrypt once per desk: setup's ``generate_keys`` is swapped for the internal step that
also returns the unlocked keys, which are then injected into each copy's context, so no
test pays ``load_keys`` either (the keys tests cover both).
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from puskesos_desktop.domain.nik import make_nik
from puskesos_desktop.paths import DataPaths
from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.services.desk import Desk
from puskesos_desktop.services.desk_keys import KEYS_EXTRA
from puskesos_desktop.services.setup import DeskMode, SetupRequest, SetupService
from puskesos_desktop.services.sync import SyncService
from puskesos_desktop.services.sync_common import SCHEMA_VERSION
from puskesos_desktop.store import journal
from puskesos_desktop.store.models import Orang
from puskesos_desktop.sync import keys as keymod
from puskesos_desktop.sync.bundle import Change, write_bundle
from puskesos_desktop.sync.keys import DeskKeys

DESKS = {
    "village": (DeskMode.DESA, "33.20.01.2001"),
    "district": (DeskMode.DINAS, "33.20"),
    "village2": (DeskMode.DESA, "33.20.01.2002"),
}
PASSWORD = "rahasia123"


@dataclass
class Template:
    root: Path
    keys: DeskKeys
    database: str | None = None  # PostgreSQL template database (the district on a server)


def build_templates(
    base: Path, template_db: Path, district_url: str | None = None
) -> dict[str, Template]:
    """The three desks; with ``district_url`` the district runs on that PostgreSQL database
    (villages always stay on their SQLite files, as in the field)."""
    templates: dict[str, Template] = {}
    contexts: dict[str, ServiceContext] = {}
    for name, (mode, code) in DESKS.items():
        paths = DataPaths(base / name / "data").ensure()
        shutil.copyfile(template_db, paths.database)
        url = district_url if name == "district" else None
        context = ServiceContext.open(paths, database_url=url)
        captured: dict[str, DeskKeys] = {}

        def generate(
            keys_dir: Path,
            passphrase: str,
            desk_id: str,
            *,
            overwrite: bool = False,
            captured: dict[str, DeskKeys] = captured,
        ) -> Any:
            keys = keymod._create_keys(keys_dir, passphrase, desk_id)
            captured["keys"] = keys
            return keys.info

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(keymod, "generate_keys", generate)
            SetupService(context).complete(
                SetupRequest(
                    mode=mode,
                    kode_wilayah=code,
                    admin_username="admin",
                    admin_nama=f"Admin {name}",
                    admin_password=PASSWORD,
                )
            )
        context.extras[KEYS_EXTRA] = captured["keys"]
        contexts[name] = context
        database = url.rsplit("/", 1)[1] if url else None
        templates[name] = Template(paths.root, captured["keys"], database)
    cards = {name: SyncService(ctx).trust.my_card() for name, ctx in contexts.items()}
    enrol = {"village": ["district"], "village2": ["district"], "district": ["village", "village2"]}
    for name, others in enrol.items():
        for other in others:
            card = cards[other]
            SyncService(contexts[name]).trust.trust_card(card.card_bytes, card.fingerprint)
    for context in contexts.values():
        if not context.on_server:
            with context.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        context.engine.dispose()
    return templates


def start_copy(template: Template, root: Path, database_url: str | None = None) -> Desk:
    """A private copy of a template desk (``database_url``: its private server database)."""
    shutil.copytree(template.root, root)
    desk = Desk.start(root, log_to_file=False, database_url=database_url)
    desk.context.extras[KEYS_EXTRA] = template.keys
    return desk


@dataclass
class Desks:
    village: Desk
    district: Desk
    village2: Desk

    def all(self) -> Iterator[Desk]:
        yield from (self.village, self.district, self.village2)


def add_people(desk: Desk, count: int, *, start: int = 1) -> list[str]:
    """``count`` persons with valid NIKs, created through the journal like any service."""
    actor = desk.context.require_actor()
    uids = []
    with desk.context.transaction() as session:
        for i in range(start, start + count):
            person = Orang(
                nik=make_nik("332001", date(1980, 1 + i % 12, 1 + i % 28), "L", i % 9999 + 1),
                nama=f"WARGA {i}",
                jenis_kelamin="L",
                tanggal_lahir=date(1980, 1 + i % 12, 1 + i % 28),
            )
            journal.create(session, actor, person)
            uids.append(person.uid)
    return uids


def edit_person(desk: Desk, uid: str, **changes: Any) -> None:
    with desk.context.transaction() as session:
        person = session.get(Orang, uid)
        assert person is not None
        journal.update(session, desk.context.require_actor(), person, **changes)


def delete_person(desk: Desk, uid: str) -> None:
    with desk.context.transaction() as session:
        person = session.get(Orang, uid)
        assert person is not None
        journal.delete(session, desk.context.require_actor(), person)


def person(desk: Desk, uid: str) -> Orang | None:
    with desk.context.transaction() as session:
        return session.get(Orang, uid)


def desk_id(desk: Desk) -> str:
    profile = desk.profile.get()
    assert profile is not None
    return profile.desk_id


def send(sender: Desk, receiver: Desk, folder: Path) -> list[Path]:
    """Export from ``sender`` to ``receiver`` into ``folder``; returns the files."""
    folder.mkdir(parents=True, exist_ok=True)
    result = sender.sync.exports.export(folder, desk_id(receiver))
    return list(result.files)


def dump(desk: Desk) -> list[str]:
    """Every row of every table, in a stable order (to prove an import changed nothing)."""
    import sqlite3

    if desk.context.on_server:
        from sqlalchemy import select
        from sqlmodel import SQLModel

        with desk.context.engine.connect() as db:
            return [
                f"{table.name}: {tuple(row)!r}"
                for table in SQLModel.metadata.sorted_tables
                for row in db.execute(select(table).order_by(*table.primary_key.columns))
            ]
    connection = sqlite3.connect(desk.paths.database)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def new_person_change(
    by: str, *, nik: str | None = None, uid: str | None = None, nama: str = "WARGA BARU"
) -> Change:
    """A creation of an ``orang`` row as another desk's journal would carry it."""
    return Change(
        str(uuid.uuid4()),
        "orang",
        uid or str(uuid.uuid4()),
        "upsert",
        1,
        0,
        "2026-03-04T08:00:00+07:00",
        f"{by}/operator",
        {
            "nama": nama,
            "jenis_kelamin": "P",
            "nik": nik or make_nik("332001", date(1990, 5, 17), "P", 77),
        },
        {},
    )


def craft(
    folder: Path,
    keys: DeskKeys,
    receiver: Desk,
    changes: list[Change],
    *,
    seq: int = 1,
    prev: str | None = None,
    schema_version: int = SCHEMA_VERSION,
    **extra: Any,
) -> tuple[Path, str]:
    """A bundle written by the codec directly (forks, other schemas, unknown desks)."""
    target = receiver.sync.trust.my_card()
    written = write_bundle(
        changes,
        origin_keys=keys,
        destination=target.desk_id,
        destination_recipient=target.age_recipient,
        seq=seq,
        prev=prev,
        schema_version=schema_version,
        app_version="0.1.0",
        **extra,
    )
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / written.file_name
    path.write_bytes(written.data or b"")
    return path, written.manifest_sha256


def memory_keys(desk_id: str) -> DeskKeys:
    """Real Ed25519/X25519 keys without key files (strangers, newcomers)."""
    import minisign
    import pyrage

    return DeskKeys(
        desk_id, minisign.KeyPair.generate().secret_key, pyrage.x25519.Identity.generate()
    )


_BUILT: dict[str | None, dict[str, Template]] = {}


def shared_templates(
    factory: pytest.TempPathFactory, template_db: Path, district_url: str | None = None
) -> dict[str, Template]:
    """Built once per test process, whichever test folder (services, gui) asks first."""
    if district_url not in _BUILT:
        _BUILT[district_url] = build_templates(
            factory.mktemp("sync-desks"), template_db, district_url
        )
    return _BUILT[district_url]
