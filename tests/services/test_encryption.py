"""Encryption at rest (issue #9): no plaintext on disk, passwords, recovery key, migration."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from encrypted_kit import (  # noqa: F401 - fixtures
    NAMES,
    NIK,
    PASSWORD,
    WIFE_NIK,
    encrypted_fixture,
    encrypted_template_fixture,
    fast_kdf,
    restart,
)

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.nik import make_nik
from puskesos_desktop.paths import DataPaths
from puskesos_desktop.services.backup import BackupService
from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.services.desk import Desk
from puskesos_desktop.services.encryption import EncryptionService
from puskesos_desktop.services.registry_types import KeluargaInput, OrangInput
from puskesos_desktop.services.startup import StartupStatus
from puskesos_desktop.store import cipher, keyslots
from puskesos_desktop.store.sqlite_files import is_plain_sqlite, sidecar


def _add_family_member(desk: Desk) -> None:
    """A fresh write, so the newest pages are in the -wal file when the bytes are read."""
    late = make_nik("332001", date(1990, 5, 6), "L", 77)
    desk.registry.create_household(KeluargaInput(alamat="Dk. Lor", anggota=(
        OrangInput("Bambang Sesudah", "L", nik=late, tanggal_lahir=date(1990, 5, 6),
                   hubungan="KEPALA"),
    )))  # fmt: skip


def _plaintext_found(*files: Path) -> list[str]:
    needles = (NIK, WIFE_NIK, *NAMES, NAMES[0].upper(), "Krajan", "Tedunan", "nurul",
               "Bambang Sesudah", make_nik("332001", date(1990, 5, 6), "L", 77))
    found = []
    for path in files:
        data = path.read_bytes() if path.exists() else b""
        found += [f"{path.name}: {n}" for n in needles if n.encode() in data]
    return found


def test_encrypted_file_and_wal_hold_no_nik_or_name(encrypted: tuple[Desk, str]) -> None:
    desk, _ = encrypted
    db = desk.paths.database
    _add_family_member(desk)
    assert desk.registry.search(NIK)[0].nama == NAMES[0]  # the data is there and readable
    assert sidecar(db, "-wal").stat().st_size > 0  # committed pages still sit in the WAL
    assert not is_plain_sqlite(db)
    assert _plaintext_found(db, sidecar(db, "-wal"), sidecar(db, "-shm")) == []
    assert not cipher.key_opens(db, None)
    daily = desk.backup.backup_now()
    assert _plaintext_found(daily.path) == [] and not is_plain_sqlite(daily.path)


def test_wrong_password_cannot_open_and_right_one_can(encrypted: tuple[Desk, str]) -> None:
    desk = restart(encrypted[0])
    assert desk.startup.status == StartupStatus.LOCKED
    with pytest.raises(UserError, match="kata sandi salah"):
        desk.unlock("nurul", "bukan-sandinya1")
    with pytest.raises(UserError, match="belum dapat membuka"):
        desk.unlock("orang-lain", PASSWORD)  # no slot for that name
    assert not cipher.key_opens(desk.paths.database, b"\x00" * 32)
    desk.unlock("NURUL", PASSWORD)  # user names are not case-sensitive, as at the login
    assert desk.startup.status == StartupStatus.READY
    assert desk.registry.search(WIFE_NIK)[0].nama == NAMES[1]


def test_repeated_wrong_passwords_lock_the_name(encrypted: tuple[Desk, str]) -> None:
    from puskesos_desktop.services.login_guard import MAX_FAILURES

    desk = restart(encrypted[0])
    for _ in range(MAX_FAILURES - 1):
        with pytest.raises(UserError, match="salah"):
            desk.unlock("nurul", "salah-lagi1")
    with pytest.raises(UserError, match="dikunci"):
        desk.unlock("nurul", "salah-lagi1")
    with pytest.raises(UserError, match="dikunci"):  # even the right password must wait
        desk.unlock("nurul", PASSWORD)


def test_recovery_key_opens_and_sets_a_new_password(encrypted: tuple[Desk, str]) -> None:
    desk, recovery_key = encrypted
    desk = restart(desk)
    with pytest.raises(UserError, match="salah ketik"):
        desk.unlock_with_recovery(recovery_key[:-1] + ("0" if recovery_key[-1] != "0" else "1"))
    desk.unlock_with_recovery(recovery_key.lower().replace("-", " "))
    assert desk.startup.status == StartupStatus.READY
    with pytest.raises(UserError, match="admin"):
        desk.encryption.reset_password_with_recovery("bukan-admin", "SandiBaru2026")
    desk.encryption.reset_password_with_recovery("nurul", "SandiBaru2026")
    desk = restart(desk)
    with pytest.raises(UserError):
        desk.unlock("nurul", PASSWORD)
    desk.unlock("nurul", "SandiBaru2026")
    assert desk.registry.search(NIK)[0].nama == NAMES[0]
    assert desk.profile.act_as_default_operator() is not None


def test_slot_calls_rewrap_remember_and_forget(encrypted: tuple[Desk, str]) -> None:
    desk, _ = encrypted
    desk.encryption.password_changed("nurul", PASSWORD, "GantiSandi77")
    desk.encryption.remember_password("budi", "SandiBudi88")
    assert set(desk.encryption.status().operators) == {"nurul", "budi"}
    desk = restart(desk)
    desk.unlock("budi", "SandiBudi88")
    desk.encryption.forget_operator("budi")
    desk = restart(desk)
    with pytest.raises(UserError):
        desk.unlock("budi", "SandiBudi88")
    desk.unlock("nurul", "GantiSandi77")


def test_backup_restore_round_trip_while_encrypted(encrypted: tuple[Desk, str]) -> None:
    desk, _ = encrypted
    backup = desk.backup.backup_now()
    late = make_nik("332001", date(1990, 5, 6), "L", 77)
    desk.registry.create_household(KeluargaInput(alamat="Dk. Lor", anggota=(
        OrangInput("Bambang Sesudah", "L", nik=late, tanggal_lahir=date(1990, 5, 6),
                   hubungan="KEPALA"),
    )))  # fmt: skip
    assert desk.registry.search(late)
    desk.backup.restore(backup.path)
    assert desk.registry.search(late) == []
    assert desk.registry.search(WIFE_NIK)[0].nama == NAMES[1]
    db = desk.paths.database
    assert not is_plain_sqlite(db) and _plaintext_found(db, sidecar(db, "-wal")) == []
    assert [b for b in desk.backup.list_backups() if is_plain_sqlite(b.path)] == []


def test_passphrase_usb_backup_restores_on_another_encrypted_desk(
    encrypted: tuple[Desk, str], tmp_path: Path, template_db: Path
) -> None:
    desk, _ = encrypted
    usb = tmp_path / "flashdisk"
    usb.mkdir()
    protected = desk.backup.backup_now(usb, passphrase="frasa sandi usb")
    assert protected.path.suffix == ".age" and _plaintext_found(protected.path) == []

    # A new laptop: encrypted with its own key, its own admin, before any setup.
    other_paths = DataPaths(tmp_path / "laptop-baru").ensure()
    shutil.copyfile(template_db, other_paths.database)
    fresh = ServiceContext.open(other_paths)
    EncryptionService(fresh).encrypt_new_desk("wati", "SandiWati99")
    with pytest.raises(UserError, match="frasa sandi"):
        BackupService(fresh).restore(protected.path)
    with pytest.raises(UserError, match="Frasa sandi salah"):
        BackupService(fresh).restore(protected.path, passphrase="bukan frasanya")
    BackupService(fresh).restore(protected.path, passphrase="frasa sandi usb")
    fresh.engine.dispose()
    db = other_paths.database
    assert not is_plain_sqlite(db) and _plaintext_found(db, sidecar(db, "-wal")) == []
    other = Desk.start(other_paths.root, log_to_file=False)
    other.unlock("wati", "SandiWati99")  # the restored data now opens with this desk's key
    assert other.startup.status == StartupStatus.READY
    assert other.registry.search(WIFE_NIK)[0].nama == NAMES[1]
    other.context.engine.dispose()


@pytest.mark.parametrize(
    "content",
    [b"", b"age-encryption.org/v1\n-> scrypt AAAA 18\n", b"bukan cadangan sama sekali" * 50],
)
def test_hostile_backup_files_are_refused_calmly(
    encrypted: tuple[Desk, str], tmp_path: Path, content: bytes
) -> None:
    desk, _ = encrypted
    hostile = tmp_path / "cadangan.db.age"
    hostile.write_bytes(content)
    with pytest.raises(UserError):
        desk.backup.restore(hostile, passphrase="frasa sandi usb")
    assert desk.registry.search(NIK)[0].nama == NAMES[0]


def test_plain_demo_desk_is_migrated_with_data_intact(demo_desk: Desk) -> None:
    from puskesos_desktop.services.demo import DEMO_ADMIN, DEMO_PASSWORD

    desk = demo_desk
    db = desk.paths.database
    with desk.context.engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT nama FROM orang ORDER BY rowid LIMIT 5")
        names = [row[0] for row in rows]
    counts_before = _counts(desk)
    old_backups = desk.backup.list_backups()
    assert old_backups and all(is_plain_sqlite(b.path) for b in old_backups)
    assert any(name.encode() in db.read_bytes() for name in names)

    with pytest.raises(UserError, match="Kata sandi salah"):
        desk.encryption.enable(DEMO_ADMIN, "salah-sekali1")
    assert is_plain_sqlite(db) and not desk.encryption.status().encrypted
    result = desk.encryption.enable(DEMO_ADMIN, DEMO_PASSWORD)

    assert result.backups_encrypted == len(old_backups)
    assert _counts(desk) == counts_before
    assert desk.registry.search(names[0])[0].nama == names[0]  # FTS tables came along
    leftovers = [p.name for p in db.parent.iterdir() if p.name.startswith(".puskesos")]
    assert leftovers == []
    for path in (db, sidecar(db, "-wal"), *(b.path for b in desk.backup.list_backups())):
        data = path.read_bytes() if path.exists() else b""
        assert not any(name.encode() in data for name in names), path.name
    desk = restart(desk)
    assert desk.startup.status == StartupStatus.LOCKED
    desk.unlock(DEMO_ADMIN, DEMO_PASSWORD)
    assert _counts(desk) == counts_before
    desk.context.engine.dispose()
    desk = Desk.start(desk.paths.root, log_to_file=False)
    desk.unlock_with_recovery(result.recovery_key)
    assert desk.startup.status == StartupStatus.READY
    desk.context.engine.dispose()


def _counts(desk: Desk) -> dict[str, int]:
    with desk.context.engine.connect() as connection:
        return {
            table: connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one()
            for table in ("orang", "keluarga", "change_journal", "desk_profile")
        }


def test_slot_file_is_hostile_input(tmp_path: Path) -> None:
    path = tmp_path / keyslots.SLOT_FILE
    key = bytes(range(32))
    good = keyslots.KeySlots().with_operator("Ani", PASSWORD, key)
    good.save(path)
    assert keyslots.KeySlots.load(path).open_operator("ani", PASSWORD) == key
    text = path.read_text(encoding="utf-8")
    for broken in (
        "", "{", "[]", '{"format": "lain"}',
        text.replace('"n": 16384', '"n": 1073741824'),  # a memory bomb is refused unrun
        text.replace('"jenis": "operator"', '"jenis": "pemulihan"'),  # relabelled slot
        text.replace('"garam": "', '"garam": "!!'),
    ):  # fmt: skip
        path.write_text(broken, encoding="utf-8")
        try:
            slots = keyslots.KeySlots.load(path)
        except UserError as error:
            assert "rusak" in error.message
            continue
        assert slots.open_recovery("X" * 28) is None  # relabelled: AEAD refuses it
    path.unlink()
    with pytest.raises(UserError, match="tidak ditemukan"):
        keyslots.KeySlots.load(path)


def test_real_kdf_cost_is_used_outside_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()
    slot = keyslots.Slot.seal(keyslots.KIND_OPERATOR, "ani", b"kata-sandi-1", bytes(32))
    assert (slot.n, slot.r) == (2**17, 8)
    assert slot.open(b"kata-sandi-1") == bytes(32) and slot.open(b"salah") is None


def test_full_integrity_checks_read_the_encrypted_file_with_its_key(
    encrypted: tuple[Desk, str],
) -> None:
    """The daily full check and the start's re-check go through the keyed connection: read
    without the key, a healthy encrypted desk would look damaged."""
    from puskesos_desktop.services.integrity import Health, check_before_backup, damage_marker
    from puskesos_desktop.services.startup import check_integrity

    desk, _ = encrypted
    database = desk.paths.database
    marker = damage_marker(database)
    marker.write_text("uji\n")  # as if the last daily check had found damage
    assert check_integrity(database, desk.context.db_key) is None
    assert not marker.exists(), "a healthy file keeps its damage marker"
    assert check_before_backup(desk.context).health is Health.HEALTHY
