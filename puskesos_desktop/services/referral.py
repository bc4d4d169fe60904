"""Referrals (rujukan): create, edit while draft, move through the status machine, follow up.

Every status change goes through :func:`apply_transition`, which asks
:mod:`puskesos_desktop.domain.referral_state` whether it is allowed, so an impossible change
is refused here whatever the screen shows. "Tanpa kabar" is never stored: it is derived
from the status and the follow-up date each time a referral is read.

Consent to share data with the chosen destination (UU 27/2022) is recorded on the referral
itself, not taken over from the intake: the person agrees to *this* service seeing their
data, and without it the desk neither issues a letter nor marks the referral as sent.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlmodel import Session, select

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.privacy import CaraPersetujuan, JenisPersetujuan
from puskesos_desktop.domain.referral_state import (
    ALLOWED,
    LABELS,
    TERMINAL,
    WAITING_FOR_ANSWER,
    StatusRujukan,
    Transition,
    check_transition,
    is_follow_up_overdue,
    is_without_news,
)
from puskesos_desktop.services import consent
from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.services.referral_checks import (
    new_return_code,
    normalise_return_code,
    referral_values,
)
from puskesos_desktop.services.referral_types import (
    FILTER_TANPA_KABAR,
    FILTER_TERBUKA,
    FILTER_TERLAMBAT,
    HASIL_LEMBAR_BALIK,
    ReferralInput,
    ReferralRow,
    ReferralSaved,
    ReferralView,
    ReturnSlip,
    StatusChange,
    StatusEntry,
)
from puskesos_desktop.store import journal
from puskesos_desktop.store.journal import Actor
from puskesos_desktop.store.models import (
    LayananMasuk,
    Lembaga,
    Orang,
    RiwayatStatusRujukan,
    Rujukan,
    SuratKeluar,
)


def apply_transition(
    session: Session, actor: Actor, row: Rujukan, change: Transition, *, on: date,
    catatan: str = "",
) -> None:
    """The one place a referral's status changes: checked, stored and written to history."""
    current = StatusRujukan(row.status)
    check_transition(current, change)
    if change.to == StatusRujukan.DIRUJUK and not row.setuju_dibagikan:
        raise UserError(
            "Belum ada persetujuan warga untuk membagikan datanya ke lembaga tujuan. Catat "
            "persetujuannya di formulir rujukan terlebih dahulu."
        )
    if change.to == StatusRujukan.DIRUJUK:
        consent.require_not_withdrawn(session, row.orang_uid, row.lembaga_uid)
    if on < row.status_tanggal:
        raise UserError("Tanggal perubahan status tidak boleh sebelum status terakhir.")
    values: dict = {"status": change.to.value, "status_tanggal": on}
    if change.to == StatusRujukan.DIALIHKAN:
        values["rujukan_baru_uid"] = change.rujukan_baru_uid
    journal.update(session, actor, row, **values)
    journal.create(session, actor, RiwayatStatusRujukan(
        rujukan_uid=row.uid, dari_status=current.value, ke_status=change.to.value, tanggal=on,
        oleh=actor.operator, alasan=change.alasan.strip()[:500], catatan=catatan.strip()[:500],
    ))


def active_letter(session: Session, rujukan_uid: str) -> SuratKeluar | None:
    return session.exec(
        select(SuratKeluar).where(
            SuratKeluar.rujukan_uid == rujukan_uid, SuratKeluar.status == "TERBIT",
            ~SuratKeluar.deleted,
        )
    ).first()


class ReferralService:
    def __init__(self, context: ServiceContext, today: Callable[[], date] = date.today) -> None:
        self._context = context
        self._today = today

    # -- writing --------------------------------------------------------------------------
    def create(self, data: ReferralInput) -> ReferralSaved:
        actor = self._context.require_actor()
        today = self._today()
        with self._context.transaction() as session:
            row = self._insert(session, actor, data, today)
            return ReferralSaved(row.uid)

    def _insert(self, session: Session, actor: Actor, data: ReferralInput, today: date,
                catatan: str = "Rujukan dibuat") -> Rujukan:
        values = referral_values(session, data, today)
        if values["setuju_dibagikan"]:
            values["persetujuan_dicatat_oleh"] = actor.operator
        row = journal.create(session, actor, Rujukan(
            **values, status=StatusRujukan.DRAF.value, status_tanggal=today,
            kode_balik=new_return_code(), operator=actor.operator,
        ))
        session.flush()  # the history row below references it (no ORM relationship orders them)
        if row.setuju_dibagikan:
            _record_share_consent(session, actor, row, data.persetujuan_cara, today)
        journal.create(session, actor, RiwayatStatusRujukan(
            rujukan_uid=row.uid, ke_status=StatusRujukan.DRAF.value, tanggal=today,
            oleh=actor.operator, catatan=catatan,
        ))
        return row

    def update_draft(self, uid: str, data: ReferralInput) -> ReferralSaved:
        """Edit a referral while it is a draft; after the letter, the record is history."""
        actor = self._context.require_actor()
        today = self._today()
        with self._context.transaction() as session:
            row = _row(session, uid)
            if row.status != StatusRujukan.DRAF.value:
                raise UserError(
                    "Rujukan yang sudah dirujuk tidak dapat diubah lagi. Jika isinya salah, "
                    "batalkan suratnya lalu buat rujukan baru."
                )
            values = referral_values(session, data, today)
            if values["orang_uid"] != row.orang_uid:
                raise UserError("Warga pada rujukan tidak dapat diganti; buat rujukan baru.")
            consent_changed = values["setuju_dibagikan"] != row.setuju_dibagikan or (
                values["persetujuan_dari"] != row.persetujuan_dari)
            if values["setuju_dibagikan"] and (consent_changed or not row.persetujuan_dicatat_oleh):
                values["persetujuan_dicatat_oleh"] = actor.operator
            elif not values["setuju_dibagikan"]:
                values["persetujuan_dicatat_oleh"] = ""
            withdrawn = row.setuju_dibagikan and not values["setuju_dibagikan"]
            said = CaraPersetujuan.parse(data.persetujuan_cara or CaraPersetujuan.TERTULIS.value)
            ledger_stale = values["setuju_dibagikan"] and (
                consent_changed or values["lembaga_uid"] != row.lembaga_uid
                or values["persetujuan_tanggal"] != row.persetujuan_tanggal
                or _consent_method(session, row) != (said.value if said else ""))
            journal.update(session, actor, row, **values)
            if ledger_stale or withdrawn:
                _record_share_consent(session, actor, row, data.persetujuan_cara, today,
                                      given=not withdrawn)
            return ReferralSaved(uid)

    def change_status(self, uid: str, change: StatusChange) -> ReferralSaved:
        """Any status change the operator asks for; DIALIHKAN goes through :meth:`redirect`."""
        if change.ke == StatusRujukan.DIALIHKAN:
            raise UserError("Untuk mengalihkan rujukan, pilih lembaga tujuan yang baru.")
        actor = self._context.require_actor()
        on = self._checked_day(change.tanggal)
        with self._context.transaction() as session:
            row = _row(session, uid)
            apply_transition(session, actor, row, Transition(change.ke, change.alasan), on=on,
                             catatan=change.catatan)
            return ReferralSaved(uid)

    def redirect(self, uid: str, lembaga_uid: str, alasan: str = "",
                 catatan: str = "") -> ReferralSaved:
        """DIALIHKAN: the service sent the person elsewhere. A new draft referral to the new
        destination is created (consent for it must be asked again) and linked; returns it."""
        actor = self._context.require_actor()
        today = self._today()
        with self._context.transaction() as session:
            old = _row(session, uid)
            check_transition(StatusRujukan(old.status),
                             Transition(StatusRujukan.DIALIHKAN, alasan, "pending"))
            if lembaga_uid == old.lembaga_uid:
                raise UserError("Pilih lembaga tujuan yang berbeda dari tujuan semula.")
            data = ReferralInput(
                orang_uid=old.orang_uid, lembaga_uid=lembaga_uid, alasan=old.alasan,
                layanan_diminta=tuple(old.layanan_diminta), urgensi=old.urgensi,
                dokumen_dibawa=tuple(old.dokumen_dibawa), perihal=old.perihal,
                layanan_masuk_uid=old.layanan_masuk_uid, asesmen_uid=old.asesmen_uid,
            )
            new = self._insert(session, actor, data, today,
                               catatan=f"Pengalihan dari rujukan ke {_lembaga_name(session, old)}")
            apply_transition(session, actor, old,
                             Transition(StatusRujukan.DIALIHKAN, alasan, new.uid), on=today,
                             catatan=catatan)
            return ReferralSaved(new.uid)

    def record_return_slip(self, slip: ReturnSlip) -> ReferralSaved:
        """The slip came back: find the referral by its code and record what it says."""
        if slip.hasil not in {status for status, _label in HASIL_LEMBAR_BALIK}:
            raise UserError("Pilih hasil sesuai centang pada lembar balik.")
        actor = self._context.require_actor()
        on = self._checked_day(slip.tanggal)
        with self._context.transaction() as session:
            row = _by_code(session, slip.kode)
            if row.status == slip.hasil.value:
                raise UserError(f"Hasil '{LABELS[slip.hasil]}' sudah tercatat pada rujukan ini.")
            note = "Lembar balik"
            if slip.petugas.strip():
                note += f", petugas {' '.join(slip.petugas.split())}"
            if slip.keterangan.strip():
                note += f": {slip.keterangan.strip()}"
            alasan = slip.keterangan if slip.hasil == StatusRujukan.DITOLAK else ""
            apply_transition(session, actor, row, Transition(slip.hasil, alasan), on=on,
                             catatan=note)
            return ReferralSaved(row.uid)

    def _checked_day(self, day: date | None) -> date:
        today = self._today()
        if day is not None and day > today:
            raise UserError("Tanggal belum terjadi. Periksa tanggalnya.")
        return day or today

    # -- reading --------------------------------------------------------------------------
    def get(self, uid: str) -> ReferralView:
        with self._context.transaction() as session:
            return self._view(session, _row(session, uid))

    def find_by_return_code(self, kode: str) -> ReferralView:
        with self._context.transaction() as session:
            return self._view(session, _by_code(session, kode))

    def suggest_from_intake(self, intake_uid: str) -> ReferralInput:
        """A form prefilled from an intake (not saved; consent is asked again)."""
        with self._context.transaction() as session:
            intake = session.get(LayananMasuk, intake_uid)
            if intake is None or intake.deleted:
                raise UserError("Data layanan masuk tidak ditemukan.")
            return ReferralInput(
                orang_uid=intake.penerima_uid, lembaga_uid="", alasan=intake.uraian,
                urgensi=intake.urgensi, persetujuan_dari=intake.persetujuan_dari,
                layanan_masuk_uid=intake.uid,
            )

    def history(self, uid: str) -> tuple[StatusEntry, ...]:
        with self._context.transaction() as session:
            rows = session.exec(
                select(RiwayatStatusRujukan)
                .where(RiwayatStatusRujukan.rujukan_uid == uid, ~RiwayatStatusRujukan.deleted)
                .order_by(RiwayatStatusRujukan.created_at)
            ).all()
            return tuple(StatusEntry(r.dari_status, r.ke_status, r.tanggal, r.oleh, r.alasan,
                                     r.catatan) for r in rows)

    def list(self, status_filter: str = "", text: str = "", limit: int = 500,
             orang_uid: str | None = None) -> list[ReferralRow]:
        """Newest first. ``status_filter``: a status, TERBUKA, TERLAMBAT, TANPA_KABAR or ""."""
        today = self._today()
        with self._context.transaction() as session:
            query = (select(Rujukan, Orang, Lembaga)
                     .join(Orang, Orang.uid == Rujukan.orang_uid)
                     .join(Lembaga, Lembaga.uid == Rujukan.lembaga_uid)
                     .where(~Rujukan.deleted))
            if status_filter == FILTER_TERBUKA:
                query = query.where(Rujukan.status.not_in([s.value for s in TERMINAL]))
            elif status_filter in (FILTER_TERLAMBAT, FILTER_TANPA_KABAR):
                waiting = [s.value for s in WAITING_FOR_ANSWER]
                if status_filter == FILTER_TANPA_KABAR:
                    waiting = [StatusRujukan.DIRUJUK.value]
                query = query.where(Rujukan.status.in_(waiting),
                                    Rujukan.tanggal_tindak_lanjut < today)
            elif status_filter:
                query = query.where(Rujukan.status == StatusRujukan(status_filter).value)
            if orang_uid:
                query = query.where(Rujukan.orang_uid == orang_uid)
            needle = text.strip()
            if needle:
                query = query.where((Orang.nama.icontains(needle)) | (Orang.nik == needle)
                                    | (Lembaga.nama.icontains(needle)))
            rows = session.exec(query.order_by(Rujukan.created_at.desc()).limit(limit)).all()
            numbers = _letter_numbers(session, [r.uid for r, _o, _l in rows])
            return [_list_row(r, o, lem, numbers.get(r.uid, ""), today) for r, o, lem in rows]

    def overdue(self) -> list[ReferralRow]:
        """Open referrals past their follow-up date, oldest due first (home screen)."""
        rows = self.list(FILTER_TERLAMBAT)
        return sorted(rows, key=lambda r: r.tanggal_tindak_lanjut or date.min)

    def for_person(self, orang_uid: str) -> list[ReferralRow]:
        return self.list(orang_uid=orang_uid)

    def _view(self, session: Session, row: Rujukan) -> ReferralView:
        today = self._today()
        person = session.get(Orang, row.orang_uid)
        letter = active_letter(session, row.uid)
        status = StatusRujukan(row.status)
        due = row.tanggal_tindak_lanjut
        return ReferralView(
            uid=row.uid, orang_uid=row.orang_uid, orang_nama=person.nama if person else "",
            orang_nik=(person.nik or "") if person else "", keluarga_uid=row.keluarga_uid,
            lembaga_uid=row.lembaga_uid, lembaga_nama=_lembaga_name(session, row),
            perihal=row.perihal, alasan=row.alasan, layanan_diminta=tuple(row.layanan_diminta),
            urgensi=row.urgensi, dokumen_dibawa=tuple(row.dokumen_dibawa),
            setuju_dibagikan=row.setuju_dibagikan, persetujuan_dari=row.persetujuan_dari,
            persetujuan_tanggal=row.persetujuan_tanggal, tanggal_tindak_lanjut=due,
            status=status, status_tanggal=row.status_tanggal,
            terlambat=is_follow_up_overdue(status, due, today),
            tanpa_kabar=is_without_news(status, due, today),
            rujukan_baru_uid=row.rujukan_baru_uid, kode_balik=row.kode_balik,
            layanan_masuk_uid=row.layanan_masuk_uid, asesmen_uid=row.asesmen_uid,
            surat_aktif_uid=letter.uid if letter else None,
            nomor_surat=letter.nomor if letter else "",
            boleh_menjadi=tuple(s for s in StatusRujukan if s in ALLOWED[status]),
            persetujuan_cara=_consent_method(session, row),
        )


def _record_share_consent(session: Session, actor: Actor, row: Rujukan, cara: str,
                          today: date, *, given: bool = True) -> None:
    """The form's consent (or its removal) also goes into the ledger, naming this referral
    and its destination."""
    person = session.get(Orang, row.orang_uid)
    lembaga = session.get(Lembaga, row.lembaga_uid)
    assert person is not None  # referral_values checked both
    consent.record_in(session, actor, person, jenis=JenisPersetujuan.BAGI,
                      tanggal=row.persetujuan_tanggal or today, pemberi=row.persetujuan_dari,
                      cara=cara, diberikan=given, lembaga=lembaga, sumber_uid=row.uid,
                      today=today)


def _consent_method(session: Session, row: Rujukan) -> str:
    if not row.setuju_dibagikan:
        return ""
    method = consent.share_method(session, row.uid, row.orang_uid, row.lembaga_uid)
    return method.value if method else ""


def _row(session: Session, uid: str) -> Rujukan:
    row = session.get(Rujukan, uid)
    if row is None or row.deleted:
        raise UserError("Rujukan tidak ditemukan. Muat ulang daftar rujukan.")
    return row


def _by_code(session: Session, kode: str) -> Rujukan:
    code = normalise_return_code(kode)
    if not code:
        raise UserError("Kode balik terdiri dari 6 huruf/angka, mis. RB-7K3Q-9M. Periksa lagi.")
    rows = session.exec(select(Rujukan).where(Rujukan.kode_balik == code, ~Rujukan.deleted)
                        .order_by(Rujukan.created_at.desc())).all()
    if not rows:
        raise UserError(f"Tidak ada rujukan dengan kode balik {code}. Periksa ketikannya.")
    return rows[0]


def _lembaga_name(session: Session, row: Rujukan) -> str:
    lembaga = session.get(Lembaga, row.lembaga_uid)
    return lembaga.nama if lembaga else ""


def _letter_numbers(session: Session, uids: list[str]) -> dict[str, str]:
    if not uids:
        return {}
    letters = session.exec(select(SuratKeluar).where(
        SuratKeluar.rujukan_uid.in_(uids), SuratKeluar.status == "TERBIT",
        ~SuratKeluar.deleted)).all()
    return {letter.rujukan_uid: letter.nomor for letter in letters if letter.rujukan_uid}


def _list_row(row: Rujukan, person: Orang, lembaga: Lembaga, nomor: str,
              today: date) -> ReferralRow:
    status = StatusRujukan(row.status)
    due = row.tanggal_tindak_lanjut
    return ReferralRow(
        uid=row.uid, orang_nama=person.nama, orang_nik=person.nik or "",
        lembaga_nama=lembaga.nama, status=status, status_tanggal=row.status_tanggal,
        tanggal_tindak_lanjut=due, urgensi=row.urgensi,
        terlambat=is_follow_up_overdue(status, due, today),
        tanpa_kabar=is_without_news(status, due, today), nomor_surat=nomor,
    )
