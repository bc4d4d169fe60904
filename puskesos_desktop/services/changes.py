"""What a service call changed, so each view refreshes only what it shows.

Kept free of database imports: the GUI needs these types before the database stack loads.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ChangeKind(StrEnum):
    """Kinds of data a call changed, so each view refreshes only what it shows."""

    PROFILE = "profile"
    OPERATORS = "operators"
    REGISTRY = "registry"
    BACKUP = "backup"
    RUJUKAN = "rujukan"  # referrals, letters and the service directory
    ASSESSMENT = "assessment"
    VERIVALI = "verivali"
    SYNC = "sync"  # bundles sent/received, trusted desks, conflicts
    DATABASE = "database"  # everything (restore)


@dataclass(frozen=True)
class Changes:
    kinds: frozenset[ChangeKind] = frozenset()

    @classmethod
    def of(cls, *kinds: ChangeKind) -> Changes:
        return cls(frozenset(kinds))

    def touches(self, kind: ChangeKind) -> bool:
        return kind in self.kinds or ChangeKind.DATABASE in self.kinds
