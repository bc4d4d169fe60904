"""Start-up of an encrypted desk whose database turns out damaged: unlock, rescue, unlock again.

The real login dialog is typed into (its ``exec`` would wait for a person); the rescue
dialog's "restore the latest backup" is done through the same service call.
"""

from __future__ import annotations

import argparse

import pytest
from encrypted_kit import (  # noqa: F401 - fixtures
    PASSWORD,
    encrypted_fixture,
    encrypted_template_fixture,
    fast_kdf,
    restart,
)
from PySide6.QtWidgets import QDialog

from puskesos_desktop.gui import application, prompts
from puskesos_desktop.gui.dialogs.damaged_db import DamagedDatabaseDialog
from puskesos_desktop.gui.dialogs.login import LoginDialog
from puskesos_desktop.services.desk import Desk
from puskesos_desktop.services.startup import StartupStatus


def test_encrypted_desk_is_unlocked_again_after_the_rescue(
    encrypted: tuple[Desk, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    desk, _recovery_key = encrypted
    backup = desk.backup.backup_now()
    desk.context.release_connections()
    with desk.paths.database.open("r+b") as damaged:  # a bad sector in the first pages
        damaged.seek(4096)
        damaged.write(b"\xff" * 8192)
    desk = restart(desk)
    assert desk.startup.status == StartupStatus.LOCKED

    logins: list[StartupStatus] = []

    def type_and_press(dialog: LoginDialog) -> int:  # the operator signs in at once
        dialog.username.setText("nurul")
        dialog.password.setText(PASSWORD)
        dialog.try_login()
        logins.append(dialog.desk.startup.status)
        return dialog.result()

    def rescue(dialog: DamagedDatabaseDialog) -> int:  # "Pulihkan dari cadangan terakhir"
        result = dialog.desk.backup.restore(backup.path)
        dialog.restore_notice = result.notice
        return QDialog.DialogCode.Accepted

    notices: list[str] = []
    monkeypatch.setattr(LoginDialog, "exec", type_and_press)
    monkeypatch.setattr(DamagedDatabaseDialog, "exec", rescue)
    monkeypatch.setattr(prompts, "tell", lambda _parent, _title, text, **_kw: notices.append(text))
    args = argparse.Namespace(data_dir=str(desk.paths.root), demo=False)

    ready = application.walk_to_ready(desk, args, "id")

    assert ready is not None
    try:
        assert logins == [StartupStatus.DAMAGED, StartupStatus.READY]  # unlocked twice
        assert ready.startup.status == StartupStatus.READY
        assert ready.context.actor is not None and ready.context.actor.operator == "nurul"
        assert len(notices) == 1 and "sandi" in notices[0]  # which password works now
    finally:
        ready.context.release_connections()
