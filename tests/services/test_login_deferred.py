"""Signing in during the GUI's start: no ORM for the check, audit entries written after."""

from __future__ import annotations

import subprocess
import sys

import pytest

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.services.desk import Desk


def _actions(desk: Desk) -> list[str]:
    rows = desk.audit.search(limit=20)
    return [f"{row.action}:{row.operator}" for row in reversed(rows) if "login" in row.action]


def test_a_login_during_the_start_is_audited_once_the_start_finished(demo_desk: Desk) -> None:
    demo_desk.context.engine.dispose()
    desk = Desk.start(demo_desk.paths.root, log_to_file=False, defer_upkeep=True)
    desk.login_required = True  # as the GUI starts it: nobody acts before the dialog
    try:
        with pytest.raises(UserError, match="Sisa percobaan"):
            desk.operators.login("admin", "salah-sandi")
        view = desk.operators.login("ADMIN", "demo12345")
        assert (view.username, view.peran) == ("admin", "admin")
        assert desk.context.actor is not None and desk.context.actor.operator == "admin"
        assert desk.operators.lock_minutes() == 10
        logged_before = _actions(desk)  # reading is not held, only the two writes are

        desk.finish_start()

        assert _actions(desk) == [*logged_before, "login_failed:-", "login:admin"]
        admin = next(info for info in desk.operators.list() if info.username == "admin")
        assert admin.terakhir_masuk is not None
        desk.operators.login("admin", "demo12345")  # after the start: written at once
        assert _actions(desk)[-1] == "login:admin"
        assert len(_actions(desk)) == len(logged_before) + 3
    finally:
        desk.context.engine.dispose()


def test_login_during_the_start_does_not_load_the_orm(demo_desk: Desk) -> None:
    """The login dialog answers while a worker is still loading the ORM (about 0.6 s)."""
    root = demo_desk.paths.root
    demo_desk.context.engine.dispose()
    code = (
        "import sys\n"
        "from puskesos_desktop.services.desk import Desk\n"
        f"desk = Desk.start({str(root)!r}, log_to_file=False, defer_upkeep=True)\n"
        "desk.login_required = True\n"
        "view = desk.operators.login('admin', 'demo12345')\n"
        "minutes = desk.operators.lock_minutes()\n"
        "heavy = ('sqlmodel', 'sqlalchemy.orm', 'puskesos_desktop.store.models')\n"
        "print(view.username, minutes, *[name in sys.modules for name in heavy])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["admin", "10", "False", "False", "False"]
