"""Backups on a district desk that runs on PostgreSQL: refused plainly, never a stale copy.

The PostgreSQL cases use the throwaway server of ``tests/pg_server.py`` (demo village
copied into a private database); the advice text needs no server.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.services.backup_server import server_backup_advice
from puskesos_desktop.services.startup import StartupStatus, take_daily_backup


def test_advice_names_server_and_database_but_never_the_password() -> None:
    advice = server_backup_advice("postgresql+psycopg://petugas:rahasia@10.0.0.5:5433/dinas")
    assert (advice.server, advice.database) == ("10.0.0.5:5433", "dinas")
    assert advice.backup_command.startswith("pg_dump -h 10.0.0.5 -p 5433 -U petugas -Fc")
    assert advice.restore_command.startswith("pg_restore -h 10.0.0.5 -p 5433 -U petugas")
    assert "rahasia" not in advice.backup_command + advice.restore_command
    bare = server_backup_advice("postgresql+psycopg://db.dinsos.local/puskesos")
    assert bare.server == "db.dinsos.local" and " -p " not in bare.backup_command


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgresql"])
def test_backup_and_restore_refuse_on_a_server_desk(
    demo_desk: object, template_db: Path, tmp_path: Path
) -> None:
    desk = demo_desk
    paths = desk.paths  # type: ignore[attr-defined]
    assert desk.context.on_server  # type: ignore[attr-defined]
    shutil.copyfile(template_db, paths.database)  # a stale file from before the switch
    backup = desk.backup  # type: ignore[attr-defined]
    where = r"server PostgreSQL 127\.0\.0\.1:\d+ \(basis data t"
    with pytest.raises(UserError, match=where) as refused:
        backup.backup_now()
    assert "pg_dump" in refused.value.message
    with pytest.raises(UserError, match="pg_restore"):
        backup.backup_now(tmp_path, passphrase="frasa sandi usb")
    with pytest.raises(UserError, match="pg_restore"):
        backup.restore(paths.database)
    assert list(paths.backups.glob("puskesos-*")) == [] and list(tmp_path.glob("*.age")) == []

    assert not backup.daily_due() and backup.ensure_daily() is None
    report = take_daily_backup(desk.context)  # type: ignore[attr-defined]
    assert report.status == StartupStatus.READY and "gagal" not in report.message
    assert list(paths.backups.glob("puskesos-*")) == []
    assert desk.registry.counts().orang > 0  # type: ignore[attr-defined]  # data untouched
