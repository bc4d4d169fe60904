"""Operators and key slots stay in step: exactly the right passwords open an encrypted desk.

Each operator's password wraps the database key (``store.keyslots``). These tests drive the
operator use-cases (create, reset, change, deactivate, login) on a really encrypted demo
desk and then ask the slot file, and after a restart the real unlock, which passwords open
the database.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.services import encryption
from puskesos_desktop.services.demo import DEMO_ADMIN, DEMO_PASSWORD
from puskesos_desktop.services.desk import Desk
from puskesos_desktop.services.encryption import load_slots
from puskesos_desktop.services.startup import StartupStatus
from puskesos_desktop.store import keyslots
from puskesos_desktop.store.keyslots import slot_file


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """scrypt at 128 MiB per slot makes each test slow; the format and code path are the same."""
    monkeypatch.setattr(keyslots, "OPERATOR_COST", keyslots.RECOVERY_COST)


@pytest.fixture
def desk(demo_desk: Desk) -> Iterator[Desk]:
    """The demo village, encrypted by its admin, restarted and unlocked the GUI's way."""
    demo_desk.encryption.enable(DEMO_ADMIN, DEMO_PASSWORD)
    opened = _restart(demo_desk)
    opened.unlock(DEMO_ADMIN, DEMO_PASSWORD)
    opened.operators.login(DEMO_ADMIN, DEMO_PASSWORD)
    yield opened
    opened.context.engine.dispose()


def _restart(desk: Desk) -> Desk:
    desk.context.engine.dispose()
    restarted = Desk.start(desk.paths.root, log_to_file=False)
    assert restarted.startup.status == StartupStatus.LOCKED
    return restarted


def _opens(desk: Desk, username: str, password: str) -> bool:
    """Does this password unwrap the database key (straight from the slot file)?"""
    return load_slots(desk.paths).open_operator(username, password) is not None


def _slot_names(desk: Desk) -> set[str]:
    return set(desk.encryption.status().operators)


def test_create_reset_and_change_rewrap_exactly_that_slot(desk: Desk) -> None:
    desk.operators.create("sari", "Sari Wulandari", "operator", "sementara1")
    assert _slot_names(desk) == {DEMO_ADMIN, "sari"}
    assert _opens(desk, "sari", "sementara1")

    desk.operators.reset_password("SARI", "sementara2")
    assert _opens(desk, "sari", "sementara2") and not _opens(desk, "sari", "sementara1")

    desk.operators.login("sari", "sementara2")
    desk.operators.change_own_password("sementara2", "sarisari9", "sarisari9")
    assert _opens(desk, "sari", "sarisari9")
    assert not _opens(desk, "sari", "sementara2")
    assert _opens(desk, DEMO_ADMIN, DEMO_PASSWORD)  # the others are untouched
    assert not _opens(desk, DEMO_ADMIN, "sarisari9")

    restarted = _restart(desk)
    with pytest.raises(UserError, match="salah"):
        restarted.unlock("sari", "sementara2")
    restarted.unlock("sari", "sarisari9")
    assert restarted.operators.login("sari", "sarisari9").username == "sari"
    restarted.context.engine.dispose()


def test_deactivated_operator_can_no_longer_open_the_database(desk: Desk) -> None:
    desk.operators.create("budi", "Budi Santoso", "koordinator", "sementara1")
    desk.operators.update("budi", peran="koordinator", aktif=False)
    assert _slot_names(desk) == {DEMO_ADMIN}

    restarted = _restart(desk)
    with pytest.raises(UserError, match="belum dapat membuka"):
        restarted.unlock("budi", "sementara1")
    assert restarted.startup.status == StartupStatus.LOCKED
    restarted.unlock(DEMO_ADMIN, DEMO_PASSWORD)
    restarted.operators.login(DEMO_ADMIN, DEMO_PASSWORD)

    restarted.operators.update("budi", peran="koordinator", aktif=True)
    assert _slot_names(restarted) == {DEMO_ADMIN}  # the password is not known here
    restarted.operators.login("budi", "sementara1")  # ... until budi signs in
    assert _opens(restarted, "budi", "sementara1")
    restarted.context.engine.dispose()


def test_operator_from_before_encryption_gets_a_slot_at_next_login(demo_desk: Desk) -> None:
    demo_desk.operators.create("sari", "Sari Wulandari", "operator", "sementara1")
    assert not slot_file(demo_desk.paths.keys).exists()  # a plain desk has no slots at all
    demo_desk.encryption.enable(DEMO_ADMIN, DEMO_PASSWORD)
    assert _slot_names(demo_desk) == {DEMO_ADMIN}

    desk = _restart(demo_desk)
    with pytest.raises(UserError, match="Ganti pengguna"):  # says how to get a slot
        desk.unlock("sari", "sementara1")
    desk.unlock(DEMO_ADMIN, DEMO_PASSWORD)
    with pytest.raises(UserError):
        desk.operators.login("sari", "salah-sandi1")  # a wrong password makes no slot
    assert _slot_names(desk) == {DEMO_ADMIN}
    desk.operators.login("sari", "sementara1")  # e.g. "Ganti pengguna" on the lock screen
    assert _slot_names(desk) == {DEMO_ADMIN, "sari"}

    desk = _restart(desk)
    desk.unlock("sari", "sementara1")
    assert desk.startup.status == StartupStatus.READY
    desk.context.engine.dispose()


def test_slot_file_that_cannot_be_written_rolls_the_change_back(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(*_args: object) -> None:
        raise UserError("Berkas kunci basis data tidak dapat disimpan (disk penuh).")

    monkeypatch.setattr(encryption, "save_slots", disk_full)
    with pytest.raises(UserError, match="tidak dapat disimpan"):
        desk.operators.change_own_password(DEMO_PASSWORD, "adminbaru1", "adminbaru1")
    with pytest.raises(UserError, match="tidak dapat disimpan"):
        desk.operators.create("sari", "Sari Wulandari", "operator", "sementara1")
    # Nothing changed: the old password still signs in AND opens; no half-made operator.
    assert desk.operators.login(DEMO_ADMIN, DEMO_PASSWORD).username == DEMO_ADMIN
    assert _opens(desk, DEMO_ADMIN, DEMO_PASSWORD)
    assert "sari" not in {info.username for info in desk.operators.list()}


def test_login_still_works_when_the_new_slot_cannot_be_saved(
    demo_desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo_desk.operators.create("sari", "Sari Wulandari", "operator", "sementara1")
    demo_desk.encryption.enable(DEMO_ADMIN, DEMO_PASSWORD)

    def disk_full(*_args: object) -> None:
        raise UserError("Berkas kunci basis data tidak dapat disimpan (disk penuh).")

    monkeypatch.setattr(encryption, "save_slots", disk_full)
    assert demo_desk.operators.login("sari", "sementara1").username == "sari"
    assert _slot_names(demo_desk) == {DEMO_ADMIN}  # tried again at the next login
