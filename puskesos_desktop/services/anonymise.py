"""Anonymise one person inside the caller's transaction: the shared step of the retention
run and of a deletion the person asks for.

Every change goes through :mod:`puskesos_desktop.store.journal`, so the next bundle carries
it and the district's copy is anonymised too; the journal also writes the audit entries.
What stays is what statistics need (see :mod:`puskesos_desktop.domain.privacy`): sex,
birth year, desa, categorical fields, PPKS codes, assessment answers and scores, and the
existence and outcome of intakes and referrals. The household's address and No. KK go once
no member with identifying data is left in it; while someone still lives there, the address
is theirs too.

Known limit: older journal entries and sent bundles in ``kotak-keluar`` keep the values
they carried; encryption at rest protects them and they are never shown on screen.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from puskesos_desktop.domain.privacy import (
    ANONYMISED_TEXT,
    ANONYMOUS_NAME,
    AlasanPenghapusan,
    year_only_birth_date,
)
from puskesos_desktop.store import journal, search_index
from puskesos_desktop.store.journal import Actor
from puskesos_desktop.store.models import (
    ArsipSurat,
    Asesmen,
    AsesmenOrang,
    AsesmenPpks,
    Keluarga,
    LayananMasuk,
    Orang,
    PenghapusanData,
    RiwayatAnggota,
    RiwayatKK,
    RiwayatStatusRujukan,
    Rujukan,
    SuratKeluar,
    SyncedRecord,
    Verivali,
)


def _live(session: Session, model: type[SyncedRecord], *conditions: Any) -> list[Any]:
    return list(session.exec(select(model).where(~model.deleted, *conditions)).all())


def anonymised_uids(session: Session) -> set[str]:
    rows = session.exec(select(PenghapusanData.orang_uid).where(~PenghapusanData.deleted))
    return set(rows.all())


def anonymise_person(
    session: Session, actor: Actor, person: Orang, *, today: date, alasan: AlasanPenghapusan,
    catatan: str = "", done: set[str] | None = None,
) -> None:
    """Remove the person's direct identifiers everywhere they are stored.

    ``done``: uids already anonymised (the retention run passes one growing set, so a
    household is cleared as soon as its last identifiable member is).
    """
    update = journal.update
    born = person.tanggal_lahir
    update(session, actor, person, nama=ANONYMOUS_NAME, nik=None, alasan_tanpa_nik="",
           tindak_lanjut_dukcapil=False, tempat_lahir="", telepon="", pekerjaan="",
           penyakit_kronis="", keterangan_status="",
           tanggal_lahir=year_only_birth_date(born, today) if born else None)
    for move in _live(session, RiwayatAnggota, RiwayatAnggota.orang_uid == person.uid):
        update(session, actor, move, keterangan="")
    for intake in _live(session, LayananMasuk, LayananMasuk.penerima_uid == person.uid):
        update(session, actor, intake, uraian=ANONYMISED_TEXT, pelapor_nama="",
               pelapor_telepon="", pelapor_hubungan="", catatan_domisili="")
    referrals = _live(session, Rujukan, Rujukan.orang_uid == person.uid)
    for referral in referrals:
        update(session, actor, referral, alasan=ANONYMISED_TEXT)
        for step in _live(session, RiwayatStatusRujukan,
                          RiwayatStatusRujukan.rujukan_uid == referral.uid):
            update(session, actor, step, alasan="", catatan="")
        _drop_letter_copies(session, referral.uid)
    for member in _live(session, AsesmenOrang, AsesmenOrang.orang_uid == person.uid):
        update(session, actor, member, nama="")
    for finding in _live(session, AsesmenPpks, AsesmenPpks.orang_uid == person.uid):
        update(session, actor, finding, bukti="")
    for assessment in _live(session, Asesmen, Asesmen.orang_uid == person.uid):
        _clear_assessment_text(session, actor, assessment)
    journal.create(session, actor, PenghapusanData(
        orang_uid=person.uid, alasan=alasan.value, tanggal=today, oleh=actor.operator,
        catatan=catatan[:300]))
    session.flush()
    finished = (done if done is not None else anonymised_uids(session)) | {person.uid}
    if done is not None:
        done.add(person.uid)
    if person.keluarga_uid:
        _clear_household_if_anonymous(session, actor, person.keluarga_uid, finished)


def _clear_assessment_text(session: Session, actor: Actor, assessment: Asesmen) -> None:
    journal.update(session, actor, assessment, catatan_kebutuhan="", pengamatan="",
                   rekomendasi="")


def _drop_letter_copies(session: Session, referral_uid: str) -> None:
    """The archived letter text (local) repeats the identity block: remove it."""
    letters = session.exec(select(SuratKeluar.uid).where(SuratKeluar.rujukan_uid == referral_uid))
    for surat_uid in letters.all():
        copy = session.get(ArsipSurat, surat_uid)
        if copy is not None:
            session.delete(copy)


def _clear_household_if_anonymous(session: Session, actor: Actor, keluarga_uid: str,
                                  finished: set[str]) -> None:
    members = session.exec(select(Orang.uid).where(Orang.keluarga_uid == keluarga_uid,
                                                   ~Orang.deleted)).all()
    if not set(members) <= finished:
        return
    household = session.get(Keluarga, keluarga_uid)
    if household is None:
        return
    journal.update(session, actor, household, no_kk=None, alamat="", rt="", rw="", dusun="")
    for change in _live(session, RiwayatKK, RiwayatKK.keluarga_uid == keluarga_uid):
        journal.update(session, actor, change, no_kk_lama=None, no_kk_baru=None, keterangan="")
    for assessment in _live(session, Asesmen, Asesmen.keluarga_uid == keluarga_uid,
                            col(Asesmen.orang_uid).is_(None)):
        _clear_assessment_text(session, actor, assessment)
    for mark in _live(session, Verivali, Verivali.keluarga_uid == keluarga_uid):
        journal.update(session, actor, mark, catatan="")


def refresh_search(session: Session) -> None:
    """Re-index the renamed persons (triggers marked them stale): old names stop matching."""
    session.flush()
    connection = session.connection().connection.driver_connection
    search_index.refresh(connection)  # type: ignore[arg-type]
