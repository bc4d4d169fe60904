"""Who makes a change; plain data, so signing in needs neither the ORM nor the journal."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    """Who makes a change: this desk and the logged-in operator."""

    desk_id: str
    operator: str

    @property
    def by(self) -> str:
        return f"{self.desk_id}/{self.operator}"
