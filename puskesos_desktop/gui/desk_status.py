"""What the window title and status bar say about the desk, read in one go.

At start-up this is read on a worker together with the rest of the start (it is the
first use of the ORM and of the sync service), so the GUI thread only sets labels.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from puskesos_desktop.services.desk import Desk
    from puskesos_desktop.services.profile import ProfileView


@dataclass(frozen=True)
class DeskStatus:
    profile: ProfileView | None
    last_backup: datetime | None
    last_sent: datetime | None
    keys_notice: str = ""  # what to do when this installation lacks the desk's keys


def read_status(desk: Desk) -> DeskStatus:
    """The operator is not part of it: they may sign in while a worker reads this."""
    return DeskStatus(
        profile=desk.profile.get(),
        last_backup=desk.backup.last_backup_time(),
        last_sent=desk.sync.exports.last_sent(),
        keys_notice=_keys_notice(desk),
    )


def _keys_notice(desk: Desk) -> str:
    """On a district's shared server every officer's laptop needs the desk's keys to send,
    receive and sign; say so at start rather than at the first bundle. (A village desk made
    its keys in the setup wizard: a missing key there is damage, which ``doctor`` reports.)"""
    if not desk.context.on_server or desk.key_share.local().complete:
        return ""
    from puskesos_desktop.i18n import _
    from puskesos_desktop.services.key_share import unavailable_message

    return unavailable_message(desk.context, _("Kunci desk belum terpasang di komputer ini."))


def finish_start(desk: Desk) -> DeskStatus:
    """The start-up job behind a desk whose search already works (``defer_upkeep``)."""
    desk.finish_start()
    return read_status(desk)
