"""``kotak-masuk``: bundles that cannot be applied yet, kept on disk with a queue row.

Why a bundle waits (``reason``): ``celah`` an earlier seq is missing, ``bagian`` other
parts of its group are missing, ``desk_asing`` its desk is not enrolled yet,
``versi_baru`` it needs a newer app. The file is a copy, so the USB stick can go.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlmodel import select

from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.services.sync_common import inbox_dir
from puskesos_desktop.store.models import PendingBundle
from puskesos_desktop.sync.bundle import BUNDLE_SUFFIX, copy_atomic


@dataclass(frozen=True)
class PendingView:
    origin: str
    seq: int
    reason: str
    received_at: datetime


class Inbox:
    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    def pending(self) -> list[PendingView]:
        with self._context.transaction() as session:
            rows = session.exec(
                select(PendingBundle).order_by(PendingBundle.origin, PendingBundle.seq)
            )
            return [PendingView(r.origin, r.seq, r.reason, r.received_at) for r in rows]

    def path_for(self, origin: str, seq: int, sha: str) -> Path:
        return inbox_dir(self._context.paths) / f"{origin}_{seq:06d}_{sha[:16]}{BUNDLE_SUFFIX}"

    def queue(self, path: Path, origin: str, seq: int, sha: str, part: object, reason: str) -> None:
        target = self.path_for(origin, seq, sha)
        if Path(path).resolve() != target.resolve():
            copy_atomic(Path(path), target.parent, target.name)
        with self._context.transaction() as session:
            row = session.exec(
                select(PendingBundle).where(
                    PendingBundle.origin == origin,
                    PendingBundle.seq == seq,
                    PendingBundle.manifest_sha256 == sha,
                )
            ).first()
            row = row or PendingBundle(
                origin=origin, seq=seq, manifest_sha256=sha, reason=reason, file_path=str(target)
            )
            row.reason = reason
            if part is not None:
                row.part_group = part.group  # type: ignore[attr-defined]
                row.part_index = part.index  # type: ignore[attr-defined]
                row.part_total = part.total  # type: ignore[attr-defined]
            session.add(row)

    def drop(self, path: Path) -> None:
        """Delete a queued copy (only files inside ``kotak-masuk``, never the user's)."""
        inbox = inbox_dir(self._context.paths).resolve()
        if Path(path).resolve().parent == inbox:
            with contextlib.suppress(OSError):
                Path(path).unlink(missing_ok=True)

    def forget(self, row_id: int | None) -> None:
        with self._context.transaction() as session:
            row = session.get(PendingBundle, row_id)
            if row is not None:
                self.drop(Path(row.file_path))
                session.delete(row)
