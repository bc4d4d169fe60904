"""Assessments (asesmen): save, history, compare, drafts, and the score with its reasons.

History is append-only: :meth:`AssessmentService.save` always creates a new record, and a
FINAL record is never changed, so what a household's situation was on a given day (and why
its priority was what it was) stays on file. Only a DRAF record may be corrected.

The score, its band, the weights version and the explanation are computed by
:mod:`puskesos_desktop.domain.scoring` at save time and frozen in the row; hints and SPM
groups are recomputed from the stored facts on demand (:meth:`evaluate_stored`), because
they are advice for today, not a record of a decision.

The form autosaves into the local ``asesmen_draf`` table (never synced: it is unfinished
work on this laptop), one draft per household and operator, removed when saved.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date

from sqlmodel import Session, col, select

from puskesos_desktop.domain.assessment_enums import MetodeAsesmen, StatusAsesmen
from puskesos_desktop.domain.assessment_facts import TingkatDisabilitas
from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.registry_enums import DerajatDisabilitas, StatusDasar
from puskesos_desktop.domain.scoring import explain, priority_score
from puskesos_desktop.services import assessment_rows as rows
from puskesos_desktop.services.assessment_compare import compare_inputs
from puskesos_desktop.services.assessment_types import (
    AssessmentDetail,
    AssessmentInput,
    AssessmentSummary,
    Evaluation,
    MemberInput,
    SavedAssessment,
    input_from_json,
    input_to_json,
    to_facts,
)
from puskesos_desktop.services.audit import AuditService
from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.services.reference import (
    programme_catalogue,
    score_weights,
    spm_catalogue,
)
from puskesos_desktop.services.timeline import TimelineEvent, day, register_source
from puskesos_desktop.store import journal
from puskesos_desktop.store.models import (
    Asesmen,
    AsesmenDraf,
    AsesmenOrang,
    AsesmenPpks,
    Keluarga,
    Orang,
)
from puskesos_desktop.store.models.base import utcnow

__all__ = ["AssessmentService", "evaluate"]


def evaluate(data: AssessmentInput, today: date | None = None) -> Evaluation:
    """Score, hints and SPM groups for a form's current values (no database needed).

    Raises ValueError for impossible values (the live panel shows "periksa isian").
    """
    from puskesos_desktop.domain.eligibility import programme_hints, spm_groups

    facts = to_facts(data)
    result = priority_score(facts, score_weights())
    spm = spm_catalogue()
    codes = tuple(spm_groups(facts.ppks, spm))
    names = {group.code: group.name for group in spm.groups}
    hints = programme_hints(facts, programme_catalogue(), today=today)
    return Evaluation(result, explain(result), tuple(hints), codes, tuple(names[c] for c in codes))


def _summary(row: Asesmen, ppks: Iterable[AsesmenPpks]) -> AssessmentSummary:
    return AssessmentSummary(
        uid=row.uid,
        keluarga_uid=row.keluarga_uid,
        tanggal=row.tanggal,
        petugas=row.petugas,
        metode=row.metode,
        status=row.status,
        skor=row.skor,
        kategori_skor=row.kategori_skor,
        versi_bobot=row.versi_bobot,
        ppks=tuple(p.kode for p in ppks),
        orang_uid=row.orang_uid,
    )


def _children(session: Session, uid: str) -> tuple[list[AsesmenPpks], list[AsesmenOrang]]:
    ppks = session.exec(
        select(AsesmenPpks).where(AsesmenPpks.asesmen_uid == uid, ~AsesmenPpks.deleted)
    ).all()
    members = session.exec(
        select(AsesmenOrang).where(AsesmenOrang.asesmen_uid == uid, ~AsesmenOrang.deleted)
    ).all()
    return list(ppks), list(members)


def _age(born: date | None, on: date) -> int | None:
    if born is None:
        return None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


class AssessmentService:
    def __init__(self, context: ServiceContext, today: Callable[[], date] = date.today) -> None:
        self._context = context
        self._today = today

    # ================================================================= the form
    def new_input(self, keluarga_uid: str, *, orang_uid: str | None = None) -> AssessmentInput:
        """A fresh form: today's date, this operator, current members with their ages.

        House, assets and members' vulnerabilities are carried over from the latest
        assessment (a house rarely changes between visits; the officer corrects what did);
        PPKS findings, needs and notes start empty because they are this visit's findings.
        """
        today = self._today()
        actor = self._context.actor
        with self._context.transaction() as session:
            household = self._household(session, keluarga_uid)
            people = session.exec(
                select(Orang).where(
                    Orang.keluarga_uid == keluarga_uid,
                    ~Orang.deleted,
                    Orang.status_dasar == StatusDasar.HIDUP.value,
                )
            ).all()
            latest = session.exec(
                select(Asesmen)
                .where(Asesmen.keluarga_uid == keluarga_uid, ~Asesmen.deleted)
                .order_by(col(Asesmen.tanggal).desc(), col(Asesmen.created_at).desc())
            ).first()
            previous = None
            if latest is not None:
                previous = rows.input_from_rows(latest, [], _children(session, latest.uid)[1])
            carried = {m.orang_uid: m for m in previous.anggota} if previous else {}
            members = []
            for person in sorted(people, key=lambda p: (p.tanggal_lahir or date.max, p.nama)):
                derajat = DerajatDisabilitas.parse(person.disabilitas_derajat)
                base = carried.get(person.uid) or MemberInput(
                    nama=person.nama,
                    disabilitas=TingkatDisabilitas(derajat.value.lower()).value if derajat else "",
                )
                members.append(
                    replace(
                        base,
                        nama=person.nama,
                        orang_uid=person.uid,
                        umur=_age(person.tanggal_lahir, today),
                        jenis_kelamin=person.jenis_kelamin,
                    )
                )
            start = previous or AssessmentInput(
                keluarga_uid=keluarga_uid, tanggal=today, petugas=""
            )
            return replace(
                start,
                tanggal=today,
                petugas=actor.operator if actor else "",
                metode=MetodeAsesmen.KUNJUNGAN_RUMAH.value,
                orang_uid=orang_uid,
                layanan_uid=None,
                ppks=(),
                kebutuhan=(),
                catatan_kebutuhan="",
                pengamatan="",
                rekomendasi="",
                anggota=tuple(members),
                jumlah_anggota=start.jumlah_anggota or len(members) or None,
                desil=household.desil if household.desil is not None else start.desil,
                desil_diperiksa=household.desil_diperiksa or start.desil_diperiksa,
            )

    def evaluate(self, data: AssessmentInput) -> Evaluation:
        return evaluate(data, self._today())

    # ================================================================= saving
    def save(self, data: AssessmentInput, *, final: bool = True) -> SavedAssessment:
        """Store a NEW assessment (never replaces an earlier one) and drop the form's draft."""
        actor = self._context.require_actor()
        rows.check_input(data, self._today())
        result = priority_score(to_facts(data), score_weights())
        status = StatusAsesmen.FINAL if final else StatusAsesmen.DRAF
        with self._context.transaction() as session:
            self._household(session, data.keluarga_uid)
            record = Asesmen(
                **rows.asesmen_values(data),
                skor=result.score,
                kategori_skor=result.band_code,
                versi_bobot=result.weights_version,
                penjelasan_skor=explain(result),
                status=status.value,
            )
            journal.create(session, actor, record)
            self._write_children(session, record.uid, data)
            self._drop_draft(session, data.keluarga_uid, actor.operator)
            return SavedAssessment(
                record.uid, record.skor, record.kategori_skor, record.penjelasan_skor, status
            )

    def update_draft_record(self, uid: str, data: AssessmentInput) -> SavedAssessment:
        """Correct an assessment still in DRAF; a FINAL one is refused (make a new one)."""
        actor = self._context.require_actor()
        rows.check_input(data, self._today())
        result = priority_score(to_facts(data), score_weights())
        with self._context.transaction() as session:
            record = self._record(session, uid)
            if record.status != StatusAsesmen.DRAF.value:
                raise UserError(
                    "Asesmen yang sudah final tidak dapat diubah. Buat asesmen baru; "
                    "asesmen lama tetap tersimpan sebagai riwayat."
                )
            if record.keluarga_uid != data.keluarga_uid:
                raise UserError("Draf ini milik keluarga lain.")
            journal.update(
                session,
                actor,
                record,
                **rows.asesmen_values(data),
                skor=result.score,
                kategori_skor=result.band_code,
                versi_bobot=result.weights_version,
                penjelasan_skor=explain(result),
            )
            ppks, members = _children(session, uid)
            for child in (*ppks, *members):
                journal.delete(session, actor, child)
            self._write_children(session, uid, data)
            return SavedAssessment(
                uid, record.skor, record.kategori_skor, record.penjelasan_skor, record.status
            )

    def finalise(self, uid: str) -> SavedAssessment:
        actor = self._context.require_actor()
        with self._context.transaction() as session:
            record = self._record(session, uid)
            journal.update(session, actor, record, status=StatusAsesmen.FINAL.value)
            return SavedAssessment(
                uid, record.skor, record.kategori_skor, record.penjelasan_skor, record.status
            )

    def _write_children(self, session: Session, uid: str, data: AssessmentInput) -> None:
        actor = self._context.require_actor()
        for item in data.ppks:
            journal.create(
                session,
                actor,
                AsesmenPpks(
                    asesmen_uid=uid,
                    kode=item.kode,
                    bukti=item.bukti.strip(),
                    orang_uid=item.orang_uid,
                ),
            )
        for order, member in enumerate(data.anggota):
            journal.create(session, actor, AsesmenOrang(**rows.member_values(member, uid, order)))

    # ================================================================= reading
    def history(self, keluarga_uid: str) -> list[AssessmentSummary]:
        """All assessments of a household, newest first."""
        with self._context.transaction() as session:
            records = session.exec(
                select(Asesmen)
                .where(Asesmen.keluarga_uid == keluarga_uid, ~Asesmen.deleted)
                .order_by(col(Asesmen.tanggal).desc(), col(Asesmen.created_at).desc())
            ).all()
            return [_summary(r, _children(session, r.uid)[0]) for r in records]

    def get(self, uid: str) -> AssessmentDetail:
        """One stored assessment (health, disability: sensitive, so the opening is audited)."""
        with self._context.transaction() as session:
            record = self._record(session, uid)
            AuditService(self._context).record_view(
                "keluarga", record.keluarga_uid, "asesmen", session=session
            )
            ppks, members = _children(session, uid)
            return AssessmentDetail(
                _summary(record, ppks),
                rows.input_from_rows(record, ppks, members),
                record.penjelasan_skor,
            )

    def evaluate_stored(self, uid: str) -> Evaluation:
        """Score (with today's weights), hints and SPM groups from a stored assessment."""
        return evaluate(self.get(uid).data, self._today())

    def spm_groups(self, uid: str) -> tuple[str, ...]:
        return self.evaluate_stored(uid).spm

    def compare(self, a_uid: str, b_uid: str) -> list[str]:
        """What changed from assessment ``a`` to ``b``, as Indonesian lines."""
        first, second = self.get(a_uid), self.get(b_uid)
        if first.summary.keluarga_uid != second.summary.keluarga_uid:
            raise UserError("Hanya asesmen dari keluarga yang sama yang dapat dibandingkan.")
        return compare_inputs(first, second)

    # ================================================================= drafts
    def save_draft(self, data: AssessmentInput) -> None:
        """Autosave (local only): replaces this operator's draft for the household."""
        operator = self._context.require_actor().operator
        text = input_to_json(data)
        with self._context.transaction() as session:
            draft = self._draft(session, data.keluarga_uid, operator)
            if draft is None:
                draft = AsesmenDraf(keluarga_uid=data.keluarga_uid, operator=operator, isi=text)
            draft.isi, draft.disimpan_pada = text, utcnow()
            session.add(draft)

    def load_draft(self, keluarga_uid: str) -> AssessmentInput | None:
        operator = self._context.require_actor().operator
        with self._context.transaction() as session:
            draft = self._draft(session, keluarga_uid, operator)
            return input_from_json(draft.isi) if draft is not None else None

    def discard_draft(self, keluarga_uid: str) -> None:
        operator = self._context.require_actor().operator
        with self._context.transaction() as session:
            self._drop_draft(session, keluarga_uid, operator)

    @staticmethod
    def _draft(session: Session, keluarga_uid: str, operator: str) -> AsesmenDraf | None:
        return session.exec(
            select(AsesmenDraf).where(
                AsesmenDraf.keluarga_uid == keluarga_uid, AsesmenDraf.operator == operator
            )
        ).first()

    def _drop_draft(self, session: Session, keluarga_uid: str, operator: str) -> None:
        draft = self._draft(session, keluarga_uid, operator)
        if draft is not None:
            session.delete(draft)

    # ================================================================= helpers
    @staticmethod
    def _household(session: Session, uid: str) -> Keluarga:
        row = session.get(Keluarga, uid)
        if row is None or row.deleted:
            raise UserError("Data keluarga tidak ditemukan (mungkin sudah dihapus).")
        return row

    @staticmethod
    def _record(session: Session, uid: str) -> Asesmen:
        row = session.get(Asesmen, uid)
        if row is None or row.deleted:
            raise UserError("Asesmen tidak ditemukan (mungkin sudah dihapus).")
        return row


@register_source
def _assessment_events(
    session: Session, kk: str | None, people: tuple[str, ...]
) -> Iterable[TimelineEvent]:
    """Assessments on the household's (or a person's) timeline."""
    condition = Asesmen.keluarga_uid == kk if kk else col(Asesmen.orang_uid).in_(people)
    for record in session.exec(select(Asesmen).where(condition, ~Asesmen.deleted)).all():
        method = MetodeAsesmen.parse(record.metode)
        draft = " (draf)" if record.status == StatusAsesmen.DRAF.value else ""
        yield TimelineEvent(
            day(record.tanggal),
            "ASESMEN",
            f"Asesmen{draft}: skor {record.skor} ({record.petugas})",
            f"{method.label if method else record.metode}. {record.penjelasan_skor}",
            record.orang_uid,
            "asesmen",
            record.uid,
        )
