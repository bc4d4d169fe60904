"""Retention (UU 27/2022 art. 44): anonymise persons the desk no longer serves.

The rule: a person with no activity for N years (default 5) and no open case is anonymised
(:mod:`puskesos_desktop.services.anonymise`). Activity is anything the desk did with or
for them: registration or an edit of the person or their household, an intake (as the
beneficiary or as the one who asked), an assessment of the household, a referral or its
status change, a consent recorded. An open case is a referral not yet finished or a
household still waiting for a verification visit.

Nothing changes without a **dry run** first. The dry run lists who would be anonymised —
without names, because the report is printed for the coordinator and village head to
approve and must not become one more copy of the data — and gives a **plan code**, a hash
of exactly those rows at their current revision. :meth:`RetentionService.apply` takes that
code, recomputes the list and refuses if anything differs (a person came back, a referral
was opened, someone edited a record): what was approved is exactly what changes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import func
from sqlmodel import Session, select

from puskesos_desktop.domain.audit import AuditAction
from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.permissions import Permission
from puskesos_desktop.domain.privacy import (
    DEFAULT_RETENTION_YEARS,
    MAX_RETENTION_YEARS,
    MIN_RETENTION_YEARS,
    AlasanPenghapusan,
    cutoff_date,
)
from puskesos_desktop.domain.referral_state import TERMINAL
from puskesos_desktop.i18n import _
from puskesos_desktop.jobs import CancelToken, Progress, no_progress, throttled
from puskesos_desktop.services.anonymise import anonymise_person, anonymised_uids, refresh_search
from puskesos_desktop.services.context import ChangeKind, Changes, ServiceContext
from puskesos_desktop.store import audit_log
from puskesos_desktop.store.models import (
    Asesmen,
    Keluarga,
    LayananMasuk,
    Orang,
    PengaturanPrivasi,
    Persetujuan,
    Rujukan,
    Verivali,
)

RETENTION_CHANGED = Changes.of(ChangeKind.REGISTRY, ChangeKind.RUJUKAN, ChangeKind.ASSESSMENT)


@dataclass(frozen=True)
class RetentionCandidate:
    """One person the rule selects, as the approval list shows them (no name, no NIK)."""

    uid: str
    kode: str  # first 8 characters of the uid: enough to find the record if asked
    jenis_kelamin: str
    umur: int | None
    kode_wilayah: str
    aktivitas_terakhir: date


@dataclass(frozen=True)
class RetentionPlan:
    tahun: int
    hari_ini: date
    batas: date  # last activity before this day
    kode: str  # plan code: the approval names it, apply requires it
    calon: tuple[RetentionCandidate, ...]
    per_jenis_kelamin: dict[str, int] = field(default_factory=dict)

    @property
    def jumlah(self) -> int:
        return len(self.calon)


@dataclass(frozen=True)
class RetentionResult:
    kode: str
    jumlah: int
    changes: Changes = field(default_factory=lambda: RETENTION_CHANGED)


@dataclass(frozen=True)
class RetentionSaved:
    tahun: int
    changes: Changes = field(default_factory=lambda: Changes.of(ChangeKind.PROFILE))


def _day(value: date | datetime | None) -> date | None:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC).date()
    return value


def _merge(latest: dict[str, date], rows: object) -> None:
    for uid, when in rows:  # type: ignore[attr-defined]
        day = _day(when)
        if uid is not None and day is not None and (uid not in latest or day > latest[uid]):
            latest[uid] = day


def _last_activity(session: Session) -> tuple[dict[str, date], dict[str, date]]:
    """Latest activity day per person uid and per household uid (grouped SQL, no ORM rows)."""
    person: dict[str, date] = {}
    household: dict[str, date] = {}
    _merge(person, session.exec(select(Orang.uid, Orang.updated_at)).all())
    _merge(household, session.exec(select(Keluarga.uid, Keluarga.updated_at)).all())
    for column in (LayananMasuk.penerima_uid, LayananMasuk.pelapor_uid):
        _merge(person, session.exec(select(column, func.max(LayananMasuk.waktu))
                                    .where(~LayananMasuk.deleted).group_by(column)).all())
    _merge(person, session.exec(select(Asesmen.orang_uid, func.max(Asesmen.tanggal))
                                .where(~Asesmen.deleted).group_by(Asesmen.orang_uid)).all())
    _merge(household, session.exec(select(Asesmen.keluarga_uid, func.max(Asesmen.tanggal))
                                   .where(~Asesmen.deleted).group_by(Asesmen.keluarga_uid)).all())
    _merge(person, session.exec(select(Rujukan.orang_uid, func.max(Rujukan.updated_at))
                                .group_by(Rujukan.orang_uid)).all())
    _merge(person, session.exec(select(Persetujuan.orang_uid, func.max(Persetujuan.tanggal))
                                .group_by(Persetujuan.orang_uid)).all())
    return person, household


def _open_cases(session: Session) -> tuple[set[str], set[str]]:
    """Persons with an unfinished referral; households waiting for a verification visit."""
    closed = [status.value for status in TERMINAL]
    people = session.exec(select(Rujukan.orang_uid).where(
        ~Rujukan.deleted, Rujukan.status.not_in(closed))).all()  # type: ignore[attr-defined]
    households = session.exec(select(Verivali.keluarga_uid).where(
        ~Verivali.deleted, Verivali.hasil == "")).all()
    return set(people), set(households)


def _age(born: date | None, today: date) -> int | None:
    if born is None:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def plan_code(rows: list[tuple[str, int]], years: int, today: date) -> str:
    """Eight hex digits over the sorted (uid, rev) pairs, the rule and the day."""
    digest = hashlib.sha256(f"{years}|{today.isoformat()}".encode())
    for uid, rev in sorted(rows):
        digest.update(f"|{uid}:{rev}".encode())
    text = digest.hexdigest()[:8].upper()
    return f"{text[:4]}-{text[4:]}"


def _plan(session: Session, years: int, today: date) -> tuple[RetentionPlan, list[Orang]]:
    cutoff = cutoff_date(today, years)
    person_days, household_days = _last_activity(session)
    open_people, open_households = _open_cases(session)
    done = anonymised_uids(session)
    regions = dict(session.exec(select(Keluarga.uid, Keluarga.kode_wilayah)).all())
    chosen: list[tuple[Orang, date]] = []
    for person in session.exec(select(Orang).where(~Orang.deleted).order_by(Orang.uid)).all():
        if person.uid in done or person.uid in open_people:
            continue
        if person.keluarga_uid in open_households:
            continue
        days = [person_days.get(person.uid), household_days.get(person.keluarga_uid or "")]
        last = max(day for day in days if day is not None)
        if last < cutoff:
            chosen.append((person, last))
    calon = tuple(
        RetentionCandidate(p.uid, p.uid[:8], p.jenis_kelamin, _age(p.tanggal_lahir, today),
                           regions.get(p.keluarga_uid or "", ""), last)
        for p, last in chosen
    )
    by_sex: dict[str, int] = {}
    for candidate in calon:
        by_sex[candidate.jenis_kelamin] = by_sex.get(candidate.jenis_kelamin, 0) + 1
    code = plan_code([(p.uid, p.rev) for p, _last in chosen], years, today)
    return RetentionPlan(years, today, cutoff, code, calon, by_sex), [p for p, _ in chosen]


class RetentionService:
    def __init__(self, context: ServiceContext, today: Callable[[], date] = date.today) -> None:
        self._context = context
        self._today = today

    def years(self) -> int:
        with self._context.transaction() as session:
            return self._years(session)

    def save_years(self, years: int) -> RetentionSaved:
        actor = self._context.require(Permission.EDIT_SETTINGS)
        if not MIN_RETENTION_YEARS <= years <= MAX_RETENTION_YEARS:
            raise UserError(
                _(
                    "Masa simpan harus {minimum} sampai {maximum} tahun."
                ).format(
                    minimum=MIN_RETENTION_YEARS,
                    maximum=MAX_RETENTION_YEARS,
                )
            )
        with self._context.transaction() as session:
            row = session.get(PengaturanPrivasi, 1) or PengaturanPrivasi(id=1)
            old = row.retensi_tahun
            row.retensi_tahun = years
            session.add(row)
            audit_log.append(session, operator=actor.operator,
                             action=AuditAction.SETTINGS_CHANGE, target_table="pengaturan_privasi",
                             detail={"retensi_tahun": [old, years]})
        return RetentionSaved(years)

    def dry_run(self) -> RetentionPlan:
        """Who the rule selects today; changes nothing (read-only, any role may look)."""
        self._context.require_actor()
        with self._context.transaction() as session:
            plan, _people = _plan(session, self._years(session), self._today())
            return plan

    def apply(self, kode: str, *, progress: Progress = no_progress,
              cancel: CancelToken | None = None) -> RetentionResult:
        """Anonymise exactly the persons of the approved dry run (one transaction)."""
        actor = self._context.require(Permission.RUN_RETENTION)
        today = self._today()
        with self._context.transaction() as session:
            plan, people = _plan(session, self._years(session), today)
            if kode.strip().upper() != plan.kode:
                raise UserError(
                    _(
                        "Kode rencana {typed} tidak cocok dengan data saat ini ({kode}). Ada data "
                        "yang berubah sejak uji coba, atau kodenya salah. Jalankan uji coba lagi, "
                        "periksa daftarnya, lalu terapkan dengan kode baru."
                    ).format(typed=kode.strip() or _("(kosong)"), kode=plan.kode)
                )
            done = anonymised_uids(session)
            report = throttled(progress)
            for index, person in enumerate(people, start=1):
                if cancel is not None:
                    cancel.check()
                anonymise_person(session, actor, person, today=today,
                                 alasan=AlasanPenghapusan.RETENSI,
                                 catatan=f"Retensi {plan.tahun} tahun, rencana {plan.kode}",
                                 done=done)
                report(index, len(people), _("Menganonimkan data"))
            refresh_search(session)
            audit_log.append(session, operator=actor.operator, action=AuditAction.RETENTION,
                             target_table="orang",
                             detail={"kode": plan.kode, "tahun": plan.tahun,
                                     "jumlah": plan.jumlah, "batas": plan.batas.isoformat()})
            return RetentionResult(plan.kode, plan.jumlah)

    @staticmethod
    def _years(session: Session) -> int:
        row = session.get(PengaturanPrivasi, 1)
        return row.retensi_tahun if row else DEFAULT_RETENTION_YEARS
