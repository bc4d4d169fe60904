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


def read_status(desk: Desk) -> DeskStatus:
    """The operator is not part of it: they may sign in while a worker reads this."""
    return DeskStatus(
        profile=desk.profile.get(),
        last_backup=desk.backup.last_backup_time(),
        last_sent=desk.sync.exports.last_sent(),
    )


def finish_start(desk: Desk) -> DeskStatus:
    """The start-up job behind a desk whose search already works (``defer_upkeep``)."""
    desk.finish_start()
    return read_status(desk)
