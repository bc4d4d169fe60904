"""The GUI's two-step start: search works before the ORM loads; the rest follows on a worker."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

from puskesos_desktop.services.backup import KIND_DAILY
from puskesos_desktop.services.desk import Desk
from puskesos_desktop.services.startup import StartupStatus


def _deferred(demo_desk: Desk) -> Desk:
    """The demo desk restarted as the GUI starts it, with no backup taken yet."""
    demo_desk.context.engine.dispose()
    for info in demo_desk.backup.list_backups():
        info.path.unlink()
    return Desk.start(demo_desk.paths.root, log_to_file=False, defer_upkeep=True)


def test_deferred_start_searches_before_backup_and_sign_in(demo_desk: Desk) -> None:
    desk = _deferred(demo_desk)
    try:
        assert desk.startup.status == StartupStatus.READY
        assert desk.upkeep_pending
        assert desk.context.actor is None
        assert desk.backup.list_backups() == []
        rows = desk.search.search("a", limit=20)
        assert len(rows) == 20
        assert rows == demo_desk.registry.search("a", limit=20)  # one search, two doors
    finally:
        desk.context.engine.dispose()


def test_finish_start_takes_the_daily_backup_and_signs_in(demo_desk: Desk) -> None:
    desk = _deferred(demo_desk)
    try:
        desk.finish_start()
        assert not desk.upkeep_pending
        assert desk.context.actor is not None and desk.context.actor.operator == "admin"
        backups = desk.backup.list_backups()
        assert [b.kind for b in backups] == [KIND_DAILY]
        assert backups[0].created_at.date() == date.today()
        assert desk.startup.latest_backup == backups[0]
        assert desk.startup.message == "Basis data siap."
        desk.finish_start()  # a second call changes nothing
        assert len(desk.backup.list_backups()) == 1
    finally:
        desk.context.engine.dispose()


def test_deferred_start_and_search_do_not_load_the_orm(demo_desk: Desk) -> None:
    """The point of the deferred start: about half a second less before search answers."""
    root = demo_desk.paths.root
    demo_desk.context.engine.dispose()
    code = (
        "import sys\n"
        "from puskesos_desktop.services.desk import Desk\n"
        f"desk = Desk.start({str(root)!r}, log_to_file=False, defer_upkeep=True)\n"
        "rows = desk.search.search('a', limit=5)\n"
        "heavy = ('sqlmodel', 'pydantic', 'sqlalchemy.orm', 'puskesos_desktop.store.models')\n"
        "print(desk.startup.status, len(rows), *[name in sys.modules for name in heavy])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["ready", "5", "False", "False", "False", "False"]
