"""Kunci desk untuk petugas lain: save the desk keys into one file, install them elsewhere.

Two installations share one database the way a district office's officers share one
server: two data folders (each with its own ``kunci/``) over one set of connections. Keys,
age, minisign and the files are real; the slow scrypt steps are paid once per module by
building the desks as templates that each test copies.
"""

from __future__ import annotations

import base64
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pyrage
import pytest

from puskesos_desktop.domain.audit import AuditAction
from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.paths import DataPaths
from puskesos_desktop.services.audit import AuditService
from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.services.desk_keys import desk_keys
from puskesos_desktop.services.key_share import KeyShareService, unavailable_message
from puskesos_desktop.services.setup import DeskMode, SetupRequest, SetupService
from puskesos_desktop.store.journal import Actor
from puskesos_desktop.sync import keyshare
from puskesos_desktop.sync.keys import KEY_FILES, MINISIGN_KEY

PHRASE = "sawah hijau di tepi kali"


@dataclass
class Office:
    """A set-up desk (data folder "a") and the key file it saved, as a template."""

    root: Path
    key_file: Path
    fingerprint: str
    desk_id: str


def _set_up(base: Path, template_db: Path, code: str) -> Office:
    paths = DataPaths(base / "a").ensure()
    shutil.copyfile(template_db, paths.database)
    context = ServiceContext.open(paths)
    result = SetupService(context).complete(
        SetupRequest(mode=DeskMode.DINAS, kode_wilayah=code, admin_username="admin",
                     admin_nama="Admin Dinas", admin_password="rahasia123")
    )
    usb = base / "flashdisk"
    usb.mkdir()
    saved = KeyShareService(context).save(usb, PHRASE)
    context.engine.dispose()
    return Office(base, saved.path, result.fingerprint, result.desk_id)


@pytest.fixture(scope="module")
def offices(tmp_path_factory: pytest.TempPathFactory, template_db: Path) -> dict[str, Office]:
    return {
        "jepara": _set_up(tmp_path_factory.mktemp("jepara"), template_db, "33.20"),
        "kudus": _set_up(tmp_path_factory.mktemp("kudus"), template_db, "33.19"),
        # the same desk id set up again on another server: other keys, other passphrase
        "jepara2": _set_up(tmp_path_factory.mktemp("jepara2"), template_db, "33.20"),
    }


def _login(context: ServiceContext, desk_id: str, role: str = "admin") -> ServiceContext:
    context.actor, context.operator_role = Actor(desk_id, "admin"), role
    return context


@dataclass
class Pair:
    first: ServiceContext  # the installation that set the desk up
    second: ServiceContext  # another officer's installation, same database, empty kunci/
    office: Office
    key_file: Path


@pytest.fixture
def pair(offices: dict[str, Office], tmp_path: Path) -> Pair:
    office = offices["jepara"]
    root = tmp_path / "kantor"
    shutil.copytree(office.root, root)
    first = _login(ServiceContext.open(DataPaths(root / "a")), office.desk_id)
    second_paths = DataPaths(root / "b").ensure()
    second = _login(ServiceContext(paths=second_paths, connections=first.connections),
                    office.desk_id)
    yield Pair(first, second, office, root / "flashdisk" / office.key_file.name)
    first.engine.dispose()


def _actions(context: ServiceContext) -> list[str]:
    return [row.action for row in AuditService(context).search()]


def test_saved_file_installs_on_a_second_installation(pair: Pair) -> None:
    assert pair.key_file.name.startswith("kunci-dinas-3320-")
    assert pair.key_file.name.endswith(".puskesos-kunci")
    assert b"AGE-SECRET-KEY" not in pair.key_file.read_bytes()
    service = KeyShareService(pair.second)
    assert not service.local().present

    preview = service.preview(pair.key_file, PHRASE)
    assert (preview.desk_id, preview.fingerprint) == (pair.office.desk_id, pair.office.fingerprint)
    assert not preview.replaces_other_keys and not preview.already_installed

    installed = service.install(pair.key_file, PHRASE)
    assert installed.fingerprint == pair.office.fingerprint and installed.set_aside is None
    keys_dir = pair.second.paths.keys
    for name in KEY_FILES:
        assert (keys_dir / name).read_bytes() == (pair.first.paths.keys / name).read_bytes()
    assert not list(keys_dir.glob(".*"))  # no temp files left behind
    # The running session signs as the desk at once (install unlocked the same bytes).
    assert desk_keys(pair.second).fingerprint == pair.office.fingerprint
    assert service.local().fingerprint == pair.office.fingerprint
    actions = _actions(pair.first)
    assert AuditAction.KEY_EXPORT.value in actions and AuditAction.KEY_IMPORT.value in actions

    again = service.install(pair.key_file, PHRASE)
    assert again.already_installed and again.set_aside is None


def test_wrong_passphrase_changes_nothing(pair: Pair) -> None:
    with pytest.raises(UserError, match="Frasa sandi salah"):
        KeyShareService(pair.second).install(pair.key_file, "bukan frasa yang benar")
    assert not any(pair.second.paths.keys.iterdir())


@pytest.mark.parametrize("damage", ["truncated", "garbage", "huge", "empty"])
def test_damaged_files_are_refused(pair: Pair, damage: str) -> None:
    data = pair.key_file.read_bytes()
    target = pair.key_file.with_name(f"rusak{keyshare.SUFFIX}")
    target.write_bytes({
        "truncated": data[: len(data) // 2],
        "garbage": b"PK\x03\x04 bukan kunci" * 10,
        "huge": data + b"\0" * keyshare.MAX_FILE_BYTES,
        "empty": b"",
    }[damage])
    with pytest.raises(UserError, match="rusak"):
        KeyShareService(pair.second).install(target, PHRASE)
    assert not any(pair.second.paths.keys.iterdir())


def test_hostile_contents_are_refused(pair: Pair) -> None:
    """A file sealed with the typed passphrase but naming a path outside the keys folder."""
    files = {name: base64.b64encode(b"x").decode() for name in KEY_FILES}
    files["../../evil.txt"] = base64.b64encode(b"owned").decode()
    body = {"format": 1, "desk_id": pair.office.desk_id, "fingerprint": pair.office.fingerprint,
            "files": files}
    target = pair.key_file.with_name(f"jahat{keyshare.SUFFIX}")
    target.write_bytes(pyrage.passphrase.encrypt(
        keyshare.MAGIC + json.dumps(body).encode(), PHRASE))
    with pytest.raises(UserError, match="bukan berkas kunci"):
        KeyShareService(pair.second).install(target, PHRASE)
    assert not (pair.second.paths.root.parent / "evil.txt").exists()


def test_keys_of_another_desk_are_refused(pair: Pair, offices: dict[str, Office]) -> None:
    with pytest.raises(UserError, match=r"kunci desk dinas-3319.*milik desk dinas-3320"):
        KeyShareService(pair.second).install(offices["kudus"].key_file, PHRASE)
    with pytest.raises(UserError, match="bukan yang terbaru"):
        KeyShareService(pair.second).install(offices["jepara2"].key_file, PHRASE)
    assert not any(pair.second.paths.keys.iterdir())


def test_different_keys_are_replaced_only_when_asked(
    pair: Pair, offices: dict[str, Office]
) -> None:
    stale = offices["jepara2"].root / "a" / "kunci"
    for name in KEY_FILES:
        shutil.copyfile(stale / name, pair.second.paths.keys / name)
    old_secret = (pair.second.paths.keys / MINISIGN_KEY).read_bytes()
    service = KeyShareService(pair.second)
    preview = service.preview(pair.key_file, PHRASE)
    assert preview.replaces_other_keys
    assert preview.local_fingerprint == offices["jepara2"].fingerprint

    with pytest.raises(UserError, match="sudah memiliki kunci lain"):
        service.install(pair.key_file, PHRASE)
    assert (pair.second.paths.keys / MINISIGN_KEY).read_bytes() == old_secret

    installed = service.install(pair.key_file, PHRASE, replace=True)
    assert installed.set_aside is not None
    assert (installed.set_aside / MINISIGN_KEY).read_bytes() == old_secret  # kept, not lost
    assert service.local().fingerprint == pair.office.fingerprint


def test_an_old_file_after_key_rotation_is_refused(pair: Pair) -> None:
    from puskesos_desktop.services.sync_trust import TrustService

    new_card = TrustService(pair.first).rotate()
    with pytest.raises(UserError, match="bukan yang terbaru"):
        KeyShareService(pair.second).install(pair.key_file, PHRASE)
    # Saving again after the rotation carries the new keys and the archived old ones.
    saved = KeyShareService(pair.first).save(pair.key_file.parent, "sawah baru di tepi kali")
    assert saved.fingerprint == new_card.fingerprint
    installed = KeyShareService(pair.second).install(saved.path, "sawah baru di tepi kali")
    assert installed.fingerprint == new_card.fingerprint
    archived = list((pair.second.paths.keys / "lama").glob("*/minisign.pub"))
    assert len(archived) == 1  # old letters still verify on the second installation


def test_only_admins_manage_keys(pair: Pair) -> None:
    _login(pair.second, pair.office.desk_id, role="operator")
    _login(pair.first, pair.office.desk_id, role="koordinator")
    with pytest.raises(UserError, match="admin"):
        KeyShareService(pair.second).install(pair.key_file, PHRASE)
    with pytest.raises(UserError, match="admin"):
        KeyShareService(pair.first).save(pair.key_file.parent, PHRASE)
    assert not any(pair.second.paths.keys.iterdir())


def test_weak_passphrases_are_refused(pair: Pair) -> None:
    for weak in ("pendek", "081234567890", "aaaaaaaaaaaa"):
        with pytest.raises(UserError, match="Frasa sandi"):
            keyshare.check_passphrase(weak)
    with pytest.raises(UserError, match="minimal 10"):
        KeyShareService(pair.first).save(pair.key_file.parent, "pendek")


def test_missing_keys_keep_the_restore_advice_on_a_sqlite_desk(pair: Pair) -> None:
    assert unavailable_message(pair.second, "asli") == "asli"


@pytest.mark.postgres
def test_two_officers_on_one_server(tmp_path: Path, pg_server: object, pg_template: str) -> None:
    """The real thing: two installations, one PostgreSQL database, keys carried by file."""
    import pg_server as pg

    from puskesos_desktop.services.desk import Desk

    with pg.private_copy(pg_server.url, pg_template) as url:  # type: ignore[attr-defined]
        first = Desk.start(tmp_path / "satu", log_to_file=False, database_url=url)
        first.setup.complete(
            SetupRequest(mode=DeskMode.DINAS, kode_wilayah="33.20", admin_username="admin",
                         admin_nama="Admin Dinas", admin_password="rahasia123")
        )
        second = Desk.start(tmp_path / "dua", log_to_file=False, database_url=url)
        second.profile.login("admin", "rahasia123")
        try:
            with pytest.raises(UserError) as missing:
                desk_keys(second.context)
            assert missing.value.message.startswith("Kunci desk belum terpasang")
            assert "Pasang kunci dari berkas…" in missing.value.message
            usb = tmp_path / "flashdisk"
            usb.mkdir()
            saved = first.key_share.save(usb, PHRASE)
            installed = second.key_share.install(saved.path, PHRASE)
            assert installed.fingerprint == desk_keys(first.context).fingerprint
            assert desk_keys(second.context).fingerprint == installed.fingerprint
        finally:
            first.context.engine.dispose()
            second.context.engine.dispose()
