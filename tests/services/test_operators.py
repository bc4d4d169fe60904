"""Operators: login with lockout (counters outside the DB), passwords, user management."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from puskesos_desktop.domain.audit import AuditAction
from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.services.login_guard import LOCK_MINUTES, MAX_FAILURES, LoginGuard
from puskesos_desktop.services.operators import OperatorService

ADMIN, PASSWORD = "admin", "demo12345"


class Clock:
    """A settable clock, so lockout expiry is tested without sleeping."""

    def __init__(self) -> None:
        self.now = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def service(demo_desk, clock: Clock) -> OperatorService:
    service = OperatorService(demo_desk.context)
    service.guard = LoginGuard(demo_desk.paths.keys, clock)
    return service


def _with_operator(demo_desk, service: OperatorService, peran: str = "operator") -> None:
    service.create("sari", "Sari Wulandari", peran, "sementara1")


def test_login_sets_actor_and_audits(demo_desk, service: OperatorService) -> None:
    demo_desk.context.actor = None
    view = service.login(" Admin ", PASSWORD)
    assert (view.username, view.peran) == (ADMIN, "admin")
    assert demo_desk.context.actor.operator == ADMIN
    assert demo_desk.audit.search(action=AuditAction.LOGIN)[0].operator == ADMIN


def test_wrong_passwords_count_down_then_lock_then_expire(
    demo_desk, service: OperatorService, clock: Clock
) -> None:
    for left in range(MAX_FAILURES - 1, 0, -1):
        with pytest.raises(UserError, match=f"Sisa percobaan sebelum dikunci sementara: {left}"):
            service.login(ADMIN, "salah-sandi1")
    with pytest.raises(UserError, match=f"coba lagi dalam {LOCK_MINUTES} menit"):
        service.login(ADMIN, "salah-sandi1")
    with pytest.raises(UserError, match="dikunci"):
        service.login(ADMIN, PASSWORD)  # even the right password waits out the lock
    clock.now += timedelta(minutes=LOCK_MINUTES, seconds=1)
    assert service.login(ADMIN, PASSWORD).username == ADMIN
    failed = demo_desk.audit.search(action=AuditAction.LOGIN_FAILED)
    assert len(failed) == MAX_FAILURES and '"username":"admin"' in failed[0].detail


def test_lockout_counters_live_outside_the_database(demo_desk, service: OperatorService) -> None:
    with pytest.raises(UserError):
        service.login(ADMIN, "salah-sandi1")
    guard_file = demo_desk.paths.keys / "login-guard.json"
    assert '"failures": 1' in guard_file.read_text(encoding="utf-8")


def test_damaged_guard_file_gives_one_try_but_never_locks_the_right_password(
    demo_desk, service: OperatorService
) -> None:
    (demo_desk.paths.keys / "login-guard.json").write_text("{not json", encoding="utf-8")
    assert service.login(ADMIN, PASSWORD).username == ADMIN
    (demo_desk.paths.keys / "login-guard.json").write_text('{"users": 7}', encoding="utf-8")
    with pytest.raises(UserError, match="dikunci"):
        service.login(ADMIN, "salah-sandi1")


def test_lock_far_in_the_future_is_cut_to_one_lockout(
    demo_desk, service: OperatorService, clock: Clock
) -> None:
    far = (clock.now + timedelta(days=3650)).isoformat()
    (demo_desk.paths.keys / "login-guard.json").write_text(
        json.dumps({"users": {"admin": {"failures": 0, "locked_until": far}}}), encoding="utf-8"
    )
    with pytest.raises(UserError, match=f"dalam {LOCK_MINUTES} menit"):
        service.login(ADMIN, PASSWORD)
    clock.now += timedelta(minutes=LOCK_MINUTES, seconds=1)
    assert service.login(ADMIN, PASSWORD).username == ADMIN


def test_admin_creates_operator_who_must_change_password(
    demo_desk, service: OperatorService
) -> None:
    _with_operator(demo_desk, service)
    view = service.login("sari", "sementara1")
    assert (view.peran, view.wajib_ganti_sandi) == ("operator", True)
    with pytest.raises(UserError, match="tidak sama"):
        service.change_own_password("sementara1", "baru12345", "baru12346")
    with pytest.raises(UserError, match="lama salah"):
        service.change_own_password("keliru123", "baru12345", "baru12345")
    service.change_own_password("sementara1", "baru12345", "baru12345")
    assert service.login("sari", "baru12345").wajib_ganti_sandi is False


def test_admin_reset_forces_change_and_lifts_lockout(
    demo_desk, service: OperatorService
) -> None:
    _with_operator(demo_desk, service)
    for _attempt in range(MAX_FAILURES):
        with pytest.raises(UserError):
            service.login("sari", "salah-sandi1")
    service.login(ADMIN, PASSWORD)
    service.reset_password("sari", "sementara2")
    assert service.login("sari", "sementara2").wajib_ganti_sandi is True
    assert demo_desk.audit.verify().ok


@pytest.mark.parametrize("call", ["list", "create", "reset", "update", "lock_minutes"])
def test_operator_role_cannot_manage_users(demo_desk, service: OperatorService, call: str) -> None:
    _with_operator(demo_desk, service)
    service.login("sari", "sementara1")
    attempts = {
        "list": lambda: service.list(),
        "create": lambda: service.create("budi", "Budi", "admin", "rahasia123"),
        "reset": lambda: service.reset_password(ADMIN, "rahasia123"),
        "update": lambda: service.update(ADMIN, peran="operator", aktif=False),
        "lock_minutes": lambda: service.set_lock_minutes(0),
    }
    with pytest.raises(UserError, match=r"Peran Anda \(operator\) tidak boleh .* Minta admin\."):
        attempts[call]()


def test_last_active_admin_cannot_be_removed(demo_desk, service: OperatorService) -> None:
    with pytest.raises(UserError, match="satu-satunya admin"):
        service.update(ADMIN, peran="koordinator", aktif=True)
    _with_operator(demo_desk, service, "admin")
    service.update(ADMIN, peran="koordinator", aktif=True)
    roles = {info.username: info.peran for info in service.list()}
    assert roles == {"admin": "koordinator", "sari": "admin"}


def test_deactivated_operator_cannot_log_in(demo_desk, service: OperatorService) -> None:
    _with_operator(demo_desk, service)
    service.update("sari", peran="operator", aktif=False)
    with pytest.raises(UserError, match="salah"):
        service.login("sari", "sementara1")


def test_lock_minutes_setting(demo_desk, service: OperatorService) -> None:
    assert service.lock_minutes() == 10
    service.set_lock_minutes(5)
    assert service.lock_minutes() == 5
    with pytest.raises(UserError):
        service.set_lock_minutes(7)
