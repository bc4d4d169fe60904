"""Verivali (re-verification): mark households, print the visit list, record the outcome.

A mark is a synced record, so a mark made at the district reaches the village in a bundle
and the outcome travels back the same way. A household has at most one OPEN mark (no
outcome yet); marking it again just keeps the open one, so a list never shows it twice.
The visit list is sorted by dusun, RW, RT and address: the order an officer walks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from puskesos_desktop.domain.assessment_enums import HasilVerivali, StatusStiker
from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.registry_enums import HubunganKeluarga
from puskesos_desktop.services.changes import ChangeKind, Changes
from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.store import journal
from puskesos_desktop.store.models import DeskProfile, Keluarga, Orang, Verivali

__all__ = ["MarkResult", "VerivaliRow", "VerivaliService"]

VERIVALI_CHANGED = Changes.of(ChangeKind.VERIVALI)


@dataclass(frozen=True)
class VerivaliRow:
    uid: str
    keluarga_uid: str
    kepala: str
    """Head of household's name (or the first member's when no head is recorded)."""
    no_kk: str | None
    alamat: str
    rt: str
    rw: str
    dusun: str
    alasan: str
    program: str
    ditandai_oleh: str
    ditandai_pada: date
    hasil: str
    tanggal_kunjungan: date | None
    petugas_kunjungan: str
    catatan: str
    status_stiker: str

    @property
    def is_open(self) -> bool:
        return not self.hasil


@dataclass(frozen=True)
class MarkResult:
    marked: tuple[str, ...]
    already_open: tuple[str, ...]
    changes: Changes = field(default_factory=lambda: VERIVALI_CHANGED)


def _sort_key(row: VerivaliRow) -> tuple[str, str, str, str, str]:
    """Dusun, RW, RT (numerically, "2" before "10"), address, name."""
    return (
        row.dusun.lower(),
        row.rw.zfill(3),
        row.rt.zfill(3),
        row.alamat.lower(),
        row.kepala.lower(),
    )


class VerivaliService:
    def __init__(self, context: ServiceContext, today: Callable[[], date] = date.today) -> None:
        self._context = context
        self._today = today

    def mark(self, keluarga_uids: Iterable[str], alasan: str, *, program: str = "") -> MarkResult:
        """Mark households for re-checking; ``alasan`` is what the visitor must check."""
        actor = self._context.require_actor()
        reason = " ".join(alasan.split())
        if not reason:
            raise UserError("Tuliskan apa yang perlu diperiksa saat kunjungan (alasan verivali).")
        marked: list[str] = []
        already: list[str] = []
        with self._context.transaction() as session:
            for uid in dict.fromkeys(keluarga_uids):
                household = session.get(Keluarga, uid)
                if household is None or household.deleted:
                    raise UserError("Data keluarga tidak ditemukan (mungkin sudah dihapus).")
                if self._open_mark(session, uid) is not None:
                    already.append(uid)
                    continue
                record = Verivali(
                    keluarga_uid=uid,
                    alasan=reason[:300],
                    program=program,
                    ditandai_oleh=actor.operator,
                    ditandai_pada=self._today(),
                )
                journal.create(session, actor, record)
                marked.append(record.uid)
        return MarkResult(tuple(marked), tuple(already))

    def visit_list(self, *, include_done: bool = False) -> list[VerivaliRow]:
        """Open marks (or all) in walking order: dusun, RW, RT, address."""
        with self._context.transaction() as session:
            query = select(Verivali).where(~Verivali.deleted)
            if not include_done:
                query = query.where(Verivali.hasil == "")
            return sorted(self._rows(session, session.exec(query).all()), key=_sort_key)

    def for_household(self, keluarga_uid: str) -> list[VerivaliRow]:
        with self._context.transaction() as session:
            records = session.exec(
                select(Verivali)
                .where(Verivali.keluarga_uid == keluarga_uid, ~Verivali.deleted)
                .order_by(col(Verivali.ditandai_pada).desc())
            ).all()
            return self._rows(session, records)

    def record_outcome(
        self,
        uid: str,
        hasil: str,
        *,
        tanggal: date,
        petugas: str,
        catatan: str = "",
        status_stiker: str | None = None,
    ) -> VerivaliRow:
        actor = self._context.require_actor()
        outcome = HasilVerivali.parse(hasil)
        if outcome is None:
            raise UserError("Pilih hasil kunjungan (masih layak, tidak layak lagi, pindah, …).")
        if not petugas.strip():
            raise UserError("Nama petugas yang berkunjung belum diisi.")
        if tanggal > self._today():
            raise UserError("Tanggal kunjungan tidak boleh di masa depan.")
        changes: dict[str, object] = {
            "hasil": outcome.value,
            "tanggal_kunjungan": tanggal,
            "petugas_kunjungan": petugas.strip(),
            "catatan": catatan.strip(),
        }
        if status_stiker is not None:
            changes["status_stiker"] = self._sticker(status_stiker)
        with self._context.transaction() as session:
            record = self._record(session, uid)
            journal.update(session, actor, record, **changes)
            return self._rows(session, [record])[0]

    def set_sticker(self, uid: str, status: str) -> VerivaliRow:
        """The house marker's state, whenever it changes (not only at a visit)."""
        actor = self._context.require_actor()
        value = self._sticker(status)
        with self._context.transaction() as session:
            record = self._record(session, uid)
            journal.update(session, actor, record, status_stiker=value)
            return self._rows(session, [record])[0]

    def unmark(self, uid: str) -> None:
        """Withdraw an open mark made by mistake (tombstoned, so the district sees it)."""
        actor = self._context.require_actor()
        with self._context.transaction() as session:
            record = self._record(session, uid)
            if record.hasil:
                raise UserError("Verivali yang sudah ada hasilnya tidak dapat dibatalkan.")
            journal.delete(session, actor, record)

    def visit_list_pdf(self, uids: Sequence[str] | None = None) -> bytes:
        """The printable list (landscape A4, letterhead, repeated table header)."""
        from puskesos_desktop.reports.verivali_list import VisitRow, render_visit_list

        rows = self.visit_list()
        if uids is not None:
            wanted = set(uids)
            rows = [row for row in rows if row.uid in wanted]
        if not rows:
            raise UserError("Belum ada keluarga yang ditandai untuk verivali.")
        with self._context.transaction() as session:
            profile = session.get(DeskProfile, 1)
            head = _letterhead(profile)
        visits = [
            VisitRow(
                nama=row.kepala,
                no_kk=row.no_kk or "",
                alamat=row.alamat,
                dusun=row.dusun,
                rt=row.rt,
                rw=row.rw,
                periksa=row.alasan,
                program=row.program,
            )
            for row in rows
        ]
        return render_visit_list(visits, head, printed_on=self._today())

    # ----------------------------------------------------------------- helpers
    @staticmethod
    def _sticker(status: str) -> str:
        choice = StatusStiker.parse(status)
        if choice is None:
            raise UserError("Status stiker tidak dikenal.")
        return choice.value

    @staticmethod
    def _open_mark(session: Session, keluarga_uid: str) -> Verivali | None:
        return session.exec(
            select(Verivali).where(
                Verivali.keluarga_uid == keluarga_uid, Verivali.hasil == "", ~Verivali.deleted
            )
        ).first()

    @staticmethod
    def _record(session: Session, uid: str) -> Verivali:
        record = session.get(Verivali, uid)
        if record is None or record.deleted:
            raise UserError("Tanda verivali tidak ditemukan (mungkin sudah dibatalkan).")
        return record

    @staticmethod
    def _rows(session: Session, records: Sequence[Verivali]) -> list[VerivaliRow]:
        uids = {r.keluarga_uid for r in records}
        households = {
            k.uid: k for k in session.exec(select(Keluarga).where(col(Keluarga.uid).in_(uids)))
        }
        heads: dict[str, str] = {}
        people = session.exec(
            select(Orang.keluarga_uid, Orang.nama, Orang.hubungan)
            .where(col(Orang.keluarga_uid).in_(uids), ~Orang.deleted)
            .order_by(Orang.tanggal_lahir)
        ).all()
        for keluarga_uid, nama, hubungan in people:
            if HubunganKeluarga.parse(hubungan) == HubunganKeluarga.KEPALA:
                heads[str(keluarga_uid)] = nama
            else:
                heads.setdefault(str(keluarga_uid), nama)
        result = []
        for r in records:
            k = households[r.keluarga_uid]
            result.append(
                VerivaliRow(
                    uid=r.uid,
                    keluarga_uid=r.keluarga_uid,
                    kepala=heads.get(k.uid, "(tanpa anggota)"),
                    no_kk=k.no_kk,
                    alamat=k.alamat,
                    rt=k.rt,
                    rw=k.rw,
                    dusun=k.dusun,
                    alasan=r.alasan,
                    program=r.program,
                    ditandai_oleh=r.ditandai_oleh,
                    ditandai_pada=r.ditandai_pada,
                    hasil=r.hasil,
                    tanggal_kunjungan=r.tanggal_kunjungan,
                    petugas_kunjungan=r.petugas_kunjungan,
                    catatan=r.catatan,
                    status_stiker=r.status_stiker,
                )
            )
        return result


def _letterhead(profile: DeskProfile | None):  # -> Letterhead (letters imported lazily)
    from puskesos_desktop.letters.kop import Letterhead

    if profile is None:
        raise UserError("Profil desa belum diisi. Lengkapi kop surat di Pengaturan.")
    return Letterhead(
        instansi=profile.kop_instansi,
        unit=profile.kop_unit,
        nama=profile.kop_nama,
        alamat=profile.alamat,
        kode_pos=profile.kode_pos,
        telepon=profile.telepon,
        email=profile.email,
        logo_png=profile.logo_png,
    )
