"""What an import says per file: the outcome codes and the plain-language result."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from puskesos_desktop.i18n import _
from puskesos_desktop.services.changes import ChangeKind, Changes
from puskesos_desktop.services.sync_conflicts import table_label


class Outcome(StrEnum):
    APPLIED = "diterapkan"
    ALREADY = "sudah_diterapkan"
    WAITING_GAP = "menunggu_paket"
    WAITING_PARTS = "menunggu_bagian"
    UNKNOWN_DESK = "desk_belum_dikenal"
    NEWER_VERSION = "perlu_pembaruan"
    REJECTED = "ditolak"


@dataclass(frozen=True)
class FileResult:
    file: str
    outcome: Outcome
    message: str
    origin: str | None = None
    seq: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    applied: int = 0
    conflicts: int = 0
    reason: str | None = None  # RejectReason value for rejections
    from_queue: bool = False


@dataclass(frozen=True)
class ImportReport:
    results: tuple[FileResult, ...]
    changes: Changes = field(
        default_factory=lambda: Changes.of(ChangeKind.SYNC, ChangeKind.DATABASE)
    )

    def count(self, outcome: Outcome) -> int:
        return sum(1 for result in self.results if result.outcome == outcome)


def counts_text(counts: dict[str, int]) -> str:
    """``3 data penduduk, 1 data keluarga``; an empty bundle is a receipt."""
    parts = [
        _("{count} data {table}").format(count=n, table=table_label(t).lower())
        for t, n in sorted(counts.items())
    ]
    return ", ".join(parts) or _("tanda terima saja")
