"""Restoring an older backup keeps today's accounts, so the password that opens an encrypted
desk is the one that signs in (real SQLCipher, real backups, real key slots)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from encrypted_kit import (  # noqa: F401 - fixtures
    NIK,
    PASSWORD,
    add_family,
    encrypted_fixture,
    encrypted_template_fixture,
    fast_kdf,
    restart,
    setup_request,
)

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.paths import DataPaths
from puskesos_desktop.services.desk import Desk
from puskesos_desktop.services.restore_accounts import AccountsAfterRestore
from puskesos_desktop.services.startup import StartupStatus
from puskesos_desktop.store.sqlite_files import is_plain_sqlite

NEW_PASSWORD = "SandiBaru2026"


def _sign_in_again(desk: Desk, username: str, password: str) -> Desk:
    """What the GUI does at a start: unlock the file, then the accounts login, same words."""
    desk = restart(desk)
    if desk.startup.status == StartupStatus.LOCKED:
        desk.unlock(username, password)
    desk.operators.login(username, password)
    return desk


def _change_own_password(desk: Desk, username: str, old: str, new: str) -> None:
    desk.operators.login(username, old)
    desk.operators.change_own_password(old, new, new)


def test_old_backup_restored_after_a_password_change_still_signs_in(
    encrypted: tuple[Desk, str],
) -> None:
    desk, recovery_key = encrypted
    older = desk.backup.backup_now()
    _change_own_password(desk, "nurul", PASSWORD, NEW_PASSWORD)

    result = desk.backup.restore(older.path)

    assert result.accounts is AccountsAfterRestore.KEPT
    assert "sebelum pemulihan" in result.notice and "Kunci Pemulihan" in result.notice
    desk.operators.login("nurul", NEW_PASSWORD)  # at once, on the open desk
    with pytest.raises(UserError, match="salah"):
        desk.operators.login("nurul", PASSWORD)
    desk = _sign_in_again(desk, "nurul", NEW_PASSWORD)  # and after a restart
    assert desk.registry.search(NIK)
    with pytest.raises(UserError, match="salah"):
        _sign_in_again(desk, "nurul", PASSWORD)
    desk = restart(desk)
    desk.unlock_with_recovery(recovery_key)  # the printed sheet still opens the desk
    assert desk.startup.status == StartupStatus.READY
    restores = desk.audit.search(action="restore")
    assert len(restores) == 1 and "dipertahankan" in restores[0].detail
    assert desk.audit.verify().ok  # the accounts written back did not break the chain
    desk.context.engine.dispose()


def test_accounts_made_reset_or_deactivated_after_the_backup_stay_so(
    encrypted: tuple[Desk, str],
) -> None:
    desk, _ = encrypted
    desk.operators.login("nurul", PASSWORD)
    desk.operators.create("budi", "Budi Santoso", "operator", "SandiBudi88")
    older = desk.backup.backup_now()  # budi exists and works in this backup
    desk.operators.update("budi", peran="operator", aktif=False)
    desk.operators.create("wati", "Wati Lestari", "koordinator", "SandiWati99")
    desk.operators.reset_password("nurul", "Sementara123")

    desk.backup.restore(older.path)

    desk = _sign_in_again(desk, "wati", "SandiWati99")  # made after the backup: still there
    with pytest.raises(UserError):
        _sign_in_again(desk, "budi", "SandiBudi88")  # deactivated after it: stays out
    desk = _sign_in_again(desk, "nurul", "Sementara123")
    assert desk.operators.current().wajib_ganti_sandi  # the reset still asks for a new one
    assert {o.username: o.aktif for o in desk.operators.list()} == {
        "nurul": True,
        "budi": False,
        "wati": True,
    }
    desk.context.engine.dispose()


def test_backup_from_before_encryption_comes_back_encrypted_with_todays_password(
    tmp_path: Path, template_db: Path
) -> None:
    paths = DataPaths(tmp_path / "data").ensure()
    shutil.copyfile(template_db, paths.database)
    desk = Desk.start(paths.root, log_to_file=False)
    desk.setup.complete(setup_request(encrypt=False))
    desk.mark_ready()
    add_family(desk)
    plain = desk.backup.backup_now(tmp_path)  # a flashdisk copy: it stays plain
    enabled = desk.encryption.enable("nurul", PASSWORD)
    _change_own_password(desk, "nurul", PASSWORD, NEW_PASSWORD)

    result = desk.backup.restore(plain.path)

    assert "tidak terenkripsi" in result.notice
    assert not is_plain_sqlite(paths.database) and is_plain_sqlite(plain.path)
    desk = _sign_in_again(desk, "nurul", NEW_PASSWORD)
    assert desk.registry.search(NIK)
    desk = restart(desk)
    desk.unlock_with_recovery(enabled.recovery_key)
    desk.context.engine.dispose()


def test_plain_desk_keeps_todays_password_too(tmp_path: Path, template_db: Path) -> None:
    paths = DataPaths(tmp_path / "data").ensure()
    shutil.copyfile(template_db, paths.database)
    desk = Desk.start(paths.root, log_to_file=False)
    desk.setup.complete(setup_request(encrypt=False))
    desk.mark_ready()
    older = desk.backup.backup_now()
    _change_own_password(desk, "nurul", PASSWORD, NEW_PASSWORD)

    result = desk.backup.restore(older.path)

    assert result.accounts is AccountsAfterRestore.KEPT and "Kunci" not in result.notice
    desk = _sign_in_again(desk, "nurul", NEW_PASSWORD)
    desk.context.engine.dispose()


def test_unreadable_database_gives_the_backups_accounts_and_the_way_back_in(
    encrypted: tuple[Desk, str],
) -> None:
    """The damaged-database rescue: today's accounts cannot be read, the notice says what
    now works, and the recovery key leads to a password that opens and signs in again."""
    desk, recovery_key = encrypted
    older = desk.backup.backup_now()
    _change_own_password(desk, "nurul", PASSWORD, NEW_PASSWORD)
    desk.context.release_connections()
    database = desk.paths.database
    database.write_bytes(b"\x00" * database.stat().st_size)  # wiped by a failing disk
    desk.context.actor = None  # the rescue runs before anyone could sign in

    result = desk.backup.restore(older.path)

    assert result.accounts is AccountsAfterRestore.UNREADABLE
    assert "tidak terbaca" in result.notice and "Kunci Pemulihan" in result.notice
    assert list(desk.paths.backups.glob("rusak-*"))  # the wiped file was kept aside
    desk = restart(desk)
    desk.unlock_with_recovery(recovery_key)
    desk.encryption.reset_password_with_recovery("nurul", "SandiTerbaru1")
    desk = _sign_in_again(desk, "nurul", "SandiTerbaru1")
    assert desk.registry.search(NIK)
    desk.context.engine.dispose()
