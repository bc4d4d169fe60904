"""The audit log as a service: record, verify the hash chain, search, "who saw this person".

API for other services (privacy, encryption and the rest call these; keep them stable):

* ``AuditService(context).record(action, target_table=None, target_uid=None, detail=None,
  session=None, operator=None)`` — with ``session`` it writes inside the caller's open
  transaction (commits or rolls back with it); without, it is its own short transaction.
  ``operator`` defaults to the signed-in operator.
* ``verify() -> AuditVerification(ok, first_broken_id, checked, reason)``
* ``head() -> AuditHead(last_id, hash)`` — what a sync bundle carries to the district.
* ``who_viewed(person_uid)``, ``search(text, action)`` — for koordinator and admin.

Journal writes (create/update/delete of synced rows) are logged by ``store/journal.py``
itself, so services never need to record those by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, or_, select

from puskesos_desktop.domain.audit import GENESIS_HASH, AuditAction, AuditHead, entry_hash
from puskesos_desktop.domain.permissions import Permission
from puskesos_desktop.i18n import _
from puskesos_desktop.jobs import CancelToken, Progress, no_progress
from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.store import audit_log
from puskesos_desktop.store.models import AuditEntry, Orang

_CHUNK = 2000
_VIEW_ACTIONS = (AuditAction.VIEW_SENSITIVE,)


@dataclass(frozen=True)
class AuditVerification:
    """``reason``: "" (intact), "changed" (content or hash edited), "missing" (row deleted)."""

    ok: bool
    first_broken_id: int | None
    checked: int
    reason: str = ""


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: str
    operator: str
    action: str
    target_table: str | None
    target_uid: str | None
    detail: str


def _row(entry: AuditEntry) -> AuditRow:
    return AuditRow(
        entry.id, entry.at, entry.operator, entry.action, entry.target_table,
        entry.target_uid, entry.detail,
    )  # fmt: skip


class AuditService:
    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    def record(
        self,
        action: AuditAction,
        target_table: str | None = None,
        target_uid: str | None = None,
        detail: Mapping[str, Any] | None = None,
        *,
        session: Session | None = None,
        operator: str | None = None,
    ) -> None:
        """Append one entry; ``detail`` holds small facts, never personal data."""
        if operator is None and self._context.actor is not None:
            operator = self._context.actor.operator
        fields = {
            "operator": operator, "action": action, "target_table": target_table,
            "target_uid": target_uid, "detail": detail,
        }  # fmt: skip
        if session is not None:
            audit_log.append(session, **fields)
            return
        with self._context.transaction() as own:
            audit_log.append(own, **fields)

    def record_view(
        self, target_table: str, target_uid: str, what: str, *, session: Session | None = None
    ) -> None:
        """Someone opened a sensitive record (person detail, assessment; ``what`` = screen)."""
        detail = {"layar": what}
        self.record(AuditAction.VIEW_SENSITIVE, target_table, target_uid, detail, session=session)

    def head(self) -> AuditHead:
        with self._context.transaction() as session:
            return AuditHead(*audit_log.head(session))

    def verify(
        self, *, progress: Progress = no_progress, cancel: CancelToken | None = None
    ) -> AuditVerification:
        """Recompute every hash in id order; stop at the first entry that does not fit.

        A row edited in place fails its own hash; a deleted row leaves a gap in the ids,
        reported as the missing id; a row re-hashed by hand breaks its successor's link.
        """
        checked, expected_id, prev_hash = 0, 1, GENESIS_HASH
        with self._context.transaction() as session:
            newest = session.exec(select(col(AuditEntry.id)).order_by(col(AuditEntry.id).desc()))
            last = newest.first() or 0
            while True:
                entries = session.exec(
                    select(AuditEntry)
                    .where(AuditEntry.id >= expected_id)
                    .order_by(col(AuditEntry.id))
                    .limit(_CHUNK)
                ).all()
                if not entries:
                    break
                for entry in entries:
                    if entry.id != expected_id:
                        return AuditVerification(False, expected_id, checked, "missing")
                    content = entry.model_dump()
                    if entry.prev_hash != prev_hash or entry_hash(content, prev_hash) != entry.hash:
                        return AuditVerification(False, entry.id, checked, "changed")
                    checked, expected_id, prev_hash = checked + 1, entry.id + 1, entry.hash
                progress(checked, last, _("Memeriksa jejak audit"))
                if cancel is not None:
                    cancel.check()
        return AuditVerification(True, None, checked)

    def search(self, text: str = "", action: str = "", limit: int = 500) -> list[AuditRow]:
        """Newest first; ``text`` matches operator, table, record id or detail."""
        self._context.require(Permission.VIEW_AUDIT)
        query = select(AuditEntry).order_by(col(AuditEntry.id).desc()).limit(limit)
        if action:
            query = query.where(AuditEntry.action == action)
        needle = text.strip()
        if needle:
            like = f"%{needle}%"
            query = query.where(
                or_(
                    col(AuditEntry.operator).like(like),
                    col(AuditEntry.target_table).like(like),
                    col(AuditEntry.target_uid).like(like),
                    col(AuditEntry.detail).like(like),
                )
            )
        with self._context.transaction() as session:
            return [_row(entry) for entry in session.exec(query).all()]

    def who_viewed(self, person_uid: str) -> list[AuditRow]:
        """Every opening of this person's record or of their household's, newest first."""
        self._context.require(Permission.VIEW_AUDIT)
        with self._context.transaction() as session:
            person = session.get(Orang, person_uid)
            targets = [person_uid]
            if person is not None and person.keluarga_uid:
                targets.append(person.keluarga_uid)
            entries = session.exec(
                select(AuditEntry)
                .where(
                    col(AuditEntry.target_uid).in_(targets),
                    col(AuditEntry.action).in_(_VIEW_ACTIONS),
                )
                .order_by(col(AuditEntry.id).desc())
            ).all()
            return [_row(entry) for entry in entries]
