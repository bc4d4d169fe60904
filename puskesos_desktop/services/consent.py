"""The consent ledger (persetujuan): who agreed to what, for which destination, how and when.

UU 27/2022 wants consent recorded and *provable*, and lets the person withdraw it. Every
given or withdrawn consent is therefore a new synced row, never an edit: the district can
always show what was agreed on which day. The intake and referral forms record their
consent here too (:func:`record_in`), so the ledger holds every consent the desk took.

Why a withdrawn consent blocks a letter instead of asking "continue anyway?": a click by
the operator is not the person's consent, and sharing with a service outside the desk
without it is what the law forbids (art. 20; explicit consent for non-government bodies).
The operator can still save a draft and ask the person again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, or_, select

from puskesos_desktop.domain.audit import AuditAction
from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.permissions import Permission
from puskesos_desktop.domain.privacy import CaraPersetujuan, JenisPersetujuan
from puskesos_desktop.domain.registry_enums import PemberiPersetujuan
from puskesos_desktop.services.context import ChangeKind, Changes, ServiceContext
from puskesos_desktop.services.registry_checks import clean_text
from puskesos_desktop.store import audit_log, journal
from puskesos_desktop.store.journal import Actor
from puskesos_desktop.store.models import Lembaga, Orang, Persetujuan

ADULT_AGE = 18
CONSENT_CHANGED = Changes.of(ChangeKind.REGISTRY, ChangeKind.RUJUKAN)


@dataclass(frozen=True)
class ConsentInput:
    """A consent given (or withdrawn) at the desk. ``tanggal`` None = today."""

    orang_uid: str
    jenis: str
    diberikan: bool = True
    cara: str = CaraPersetujuan.TERTULIS.value
    pemberi: str = PemberiPersetujuan.SENDIRI.value
    tanggal: date | None = None
    lembaga_uid: str | None = None
    tujuan: str = ""
    catatan: str = ""


@dataclass(frozen=True)
class ConsentRow:
    uid: str
    orang_uid: str
    jenis: str
    lembaga_uid: str | None
    tujuan: str
    diberikan: bool
    tanggal: date
    pemberi: str
    cara: str
    dicatat_oleh: str
    catatan: str

    @property
    def jenis_label(self) -> str:
        return _label(JenisPersetujuan, self.jenis)

    @property
    def pemberi_label(self) -> str:
        return _label(PemberiPersetujuan, self.pemberi)

    @property
    def cara_label(self) -> str:
        return _label(CaraPersetujuan, self.cara)


@dataclass(frozen=True)
class ConsentSaved:
    uid: str
    changes: Changes = field(default_factory=lambda: CONSENT_CHANGED)


def _label(choice: type, code: str) -> str:
    member = choice.parse(code) if code else None
    return member.label if member else code


def consent_row(row: Persetujuan) -> ConsentRow:
    return ConsentRow(row.uid, row.orang_uid, row.jenis, row.lembaga_uid, row.tujuan,
                      row.diberikan, row.tanggal, row.pemberi, row.cara, row.dicatat_oleh,
                      row.catatan)


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def record_in(
    session: Session, actor: Actor, person: Orang, *, jenis: JenisPersetujuan, tanggal: date,
    pemberi: str, cara: str = "", diberikan: bool = True, lembaga: Lembaga | None = None,
    tujuan: str = "", sumber_uid: str | None = None, catatan: str = "", today: date,
) -> Persetujuan:
    """Write one consent event inside the caller's transaction (checked, journalled)."""
    problems: list[str] = []
    giver = PemberiPersetujuan.parse(pemberi or PemberiPersetujuan.SENDIRI.value)
    how = CaraPersetujuan.parse(cara or CaraPersetujuan.TERTULIS.value)
    if giver is None:
        problems.append(f"Pilih pemberi persetujuan: {PemberiPersetujuan.accepted_text()}.")
    if how is None:
        problems.append(f"Pilih cara persetujuan: {CaraPersetujuan.accepted_text()}.")
    born = person.tanggal_lahir
    if (diberikan and giver is PemberiPersetujuan.SENDIRI and born is not None
            and _age(born, today) < ADULT_AGE):
        problems.append(
            f"{person.nama} masih anak (di bawah {ADULT_AGE} tahun): persetujuan diberikan oleh "
            "orang tua atau wali (UU 27/2022 pasal 25)."
        )
    if tanggal > today:
        problems.append("Tanggal persetujuan belum terjadi. Periksa tanggalnya.")
    if problems:
        listed = "\n".join(f"• {p}" for p in problems)
        raise UserError(f"Persetujuan belum dapat dicatat:\n{listed}")
    purpose = clean_text(tujuan) or (lembaga.nama if lembaga else "")
    if not purpose:
        purpose = ("Layanan kesejahteraan sosial Puskesos" if jenis is JenisPersetujuan.PROSES
                   else "Lembaga layanan rujukan")
    row = journal.create(session, actor, Persetujuan(
        orang_uid=person.uid, jenis=jenis.value, lembaga_uid=lembaga.uid if lembaga else None,
        tujuan=purpose[:150], diberikan=diberikan, tanggal=tanggal,
        pemberi=giver.value,  # type: ignore[union-attr]
        cara=how.value,  # type: ignore[union-attr]
        dicatat_oleh=actor.operator, sumber_uid=sumber_uid, catatan=clean_text(catatan)[:300],
    ))
    audit_log_consent(session, actor, row)
    return row


def audit_log_consent(session: Session, actor: Actor, row: Persetujuan) -> None:
    """The audit entry says what kind of consent changed, never the person's data."""
    audit_log.append(session, operator=actor.operator, action=AuditAction.CONSENT,
                     target_table="orang", target_uid=row.orang_uid,
                     detail={"jenis": row.jenis, "diberikan": row.diberikan, "cara": row.cara})


def latest(session: Session, orang_uid: str, lembaga_uid: str | None) -> Persetujuan | None:
    """The newest event that decides sharing with ``lembaga_uid``: a processing consent, a
    general sharing consent, or one naming this destination."""
    query = select(Persetujuan).where(
        Persetujuan.orang_uid == orang_uid, ~Persetujuan.deleted,
        or_(Persetujuan.jenis == JenisPersetujuan.PROSES.value,
            col(Persetujuan.lembaga_uid).is_(None), Persetujuan.lembaga_uid == lembaga_uid),
    ).order_by(col(Persetujuan.tanggal).desc(), col(Persetujuan.created_at).desc())
    return session.exec(query).first()


def require_not_withdrawn(session: Session, orang_uid: str, lembaga_uid: str) -> None:
    """Refuse to share when the person's latest word on it was a withdrawal."""
    last = latest(session, orang_uid, lembaga_uid)
    if last is not None and not last.diberikan:
        what = "pemrosesan datanya" if last.jenis == JenisPersetujuan.PROSES.value else (
            "pembagian datanya")
        raise UserError(
            f"Warga ini menarik persetujuan {what} pada {last.tanggal:%d-%m-%Y}. Data tidak "
            "boleh dibagikan ke lembaga tujuan. Jika warga kini setuju lagi, catat "
            "persetujuan barunya (Data pribadi warga), lalu ulangi."
        )


def share_method(session: Session, referral_uid: str, orang_uid: str,
                 lembaga_uid: str) -> CaraPersetujuan | None:
    """How the consent behind a referral was given (for the letter's consent sentence)."""
    row = session.exec(
        select(Persetujuan).where(Persetujuan.sumber_uid == referral_uid, Persetujuan.diberikan,
                                  ~Persetujuan.deleted)
        .order_by(col(Persetujuan.created_at).desc())
    ).first() or latest(session, orang_uid, lembaga_uid)
    return CaraPersetujuan.parse(row.cara) if row is not None and row.diberikan else None


class ConsentService:
    def __init__(self, context: ServiceContext, today: Callable[[], date] = date.today) -> None:
        self._context = context
        self._today = today

    def record(self, data: ConsentInput) -> ConsentSaved:
        """A consent given or withdrawn outside a form (e.g. the person withdraws it)."""
        actor = self._context.require(Permission.REGISTER)
        today = self._today()
        jenis = JenisPersetujuan.parse(data.jenis)
        if jenis is None:
            raise UserError(f"Pilih jenis persetujuan: {JenisPersetujuan.accepted_text()}.")
        with self._context.transaction() as session:
            person = session.get(Orang, data.orang_uid)
            if person is None or person.deleted:
                raise UserError("Data warga tidak ditemukan. Pilih orangnya lagi dari pencarian.")
            lembaga = session.get(Lembaga, data.lembaga_uid) if data.lembaga_uid else None
            if data.lembaga_uid and (lembaga is None or lembaga.deleted):
                raise UserError("Lembaga tujuan tidak ditemukan; pilih lembaga lain.")
            row = record_in(session, actor, person, jenis=jenis, tanggal=data.tanggal or today,
                            pemberi=data.pemberi, cara=data.cara, diberikan=data.diberikan,
                            lembaga=lembaga if jenis is JenisPersetujuan.BAGI else None,
                            tujuan=data.tujuan, catatan=data.catatan, today=today)
            return ConsentSaved(row.uid)

    def for_person(self, orang_uid: str) -> list[ConsentRow]:
        """The person's consent history, newest first."""
        with self._context.transaction() as session:
            rows = session.exec(
                select(Persetujuan).where(Persetujuan.orang_uid == orang_uid, ~Persetujuan.deleted)
                .order_by(col(Persetujuan.tanggal).desc(), col(Persetujuan.created_at).desc())
            ).all()
            return [consent_row(row) for row in rows]
