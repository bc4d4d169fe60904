"""The inside of a registry write transaction: validate, decide on duplicates, journal.

:class:`RegistryTx` is created by :class:`~puskesos_desktop.services.registry.RegistryService`
for one public call (= one transaction) and never escapes it. Every row change goes
through :mod:`puskesos_desktop.store.journal`; :meth:`RegistryTx.finish` brings the search
index up to date before the commit, so a saved person is findable at once.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.nik import MAX_TEMPORARY_SERIAL, make_temporary_nik
from puskesos_desktop.domain.registry_enums import AlasanPerubahanKK, KeputusanDuplikat
from puskesos_desktop.domain.wilayah import plain_code
from puskesos_desktop.i18n import N_, _
from puskesos_desktop.services import registry_checks as checks
from puskesos_desktop.services.duplicates import find_candidates, record_decision
from puskesos_desktop.services.registry_types import (
    DuplicateCandidate,
    DuplicateDecision,
    DuplicatesFound,
    FieldFinding,
    InvalidInput,
    KeluargaData,
    OrangInput,
    PerubahanKK,
    WarningsNeedConfirmation,
)
from puskesos_desktop.services.wilayah import region_index
from puskesos_desktop.store import dialect, journal, queries, search_index
from puskesos_desktop.store.dialect import RawConnection
from puskesos_desktop.store.journal import Actor
from puskesos_desktop.store.models import DeskProfile, Keluarga, Orang, RiwayatKK, SyncedRecord


def _same_identity(values: dict[str, Any], current: Orang) -> bool:
    kept_temporary = values["nik"] is None and bool(current.nik and current.nik.startswith("0"))
    return (
        (values["nik"] == current.nik or kept_temporary)
        and values["nama"] == current.nama
        and values["tanggal_lahir"] == current.tanggal_lahir
    )


def known_kecamatan(dotted: str) -> bool:
    """NIK/No. KK region callback: is ``PP.KK.CC`` in the shipped region list?"""
    return region_index().has_kecamatan(dotted.replace(".", ""))


def known_village(code: str) -> bool:
    return region_index().get(code) is not None


def require_confirmed(
    findings: list[FieldFinding], *, confirm_warnings: bool
) -> tuple[FieldFinding, ...]:
    """Raise for errors, and for warnings not yet confirmed; return the confirmed warnings."""
    errors, warnings = checks.split(findings)
    if errors:
        raise InvalidInput(errors + warnings)
    if warnings and not confirm_warnings:
        raise WarningsNeedConfirmation(warnings)
    return warnings


_NOT_FOUND = {
    "orang": N_("Data orang tidak ditemukan (mungkin sudah dihapus). Muat ulang."),
    "keluarga": N_("Data keluarga tidak ditemukan (mungkin sudah dihapus). Muat ulang."),
    "keluarga tujuan": N_(
        "Data keluarga tujuan tidak ditemukan (mungkin sudah dihapus). Muat ulang."
    ),
}
"""``RegistryTx.get``'s ``what`` → a whole sentence, so translators never see fragments."""


class RegistryTx:
    """One write transaction of the registry (session, actor, date and desk region)."""

    def __init__(self, session: Session, actor: Actor, today: date) -> None:
        self.session = session
        self.actor = actor
        self.today = today
        profile = session.get(DeskProfile, 1)
        self.desk_region = profile.kode_wilayah if profile else ""
        self.warnings: list[FieldFinding] = []

    @property
    def connection(self) -> RawConnection:
        """The transaction's own DB-API connection: sees rows flushed in this transaction."""
        return dialect.raw(self.session.connection())

    @property
    def sql(self) -> dialect.Sql:
        """SQL spellings of this engine (``sql.false`` is ``0`` on SQLite)."""
        return dialect.sql(self.session)

    # ----------------------------------------------------------------- rows

    def get(self, model: type[SyncedRecord], uid: str, what: str) -> Any:
        row = self.session.get(model, uid)
        if row is None or row.deleted:
            raise UserError(_(_NOT_FOUND[what]))
        return row

    @staticmethod
    def check_rev(row: SyncedRecord, expected_rev: int | None) -> None:
        """Optimistic lock: the form was filled from ``expected_rev``."""
        if expected_rev is not None and row.rev != expected_rev:
            raise UserError(
                _(
                    "Data ini baru saja diubah di tempat lain (misalnya lewat impor atau "
                    "sinkronisasi). Muat ulang datanya, lalu simpan lagi perubahan Anda."
                )
            )

    def create(self, record: SyncedRecord) -> Any:
        row = journal.create(self.session, self.actor, record)
        self.session.flush()
        return row

    def update(self, record: SyncedRecord, **changes: Any) -> bool:
        changed = journal.update(self.session, self.actor, record, **changes)
        self.session.flush()
        return changed

    def finish(self) -> None:
        """Re-index whatever this transaction changed (the triggers marked it stale)."""
        self.session.flush()
        search_index.refresh(self.connection)

    # ----------------------------------------------------------------- households

    def household_values(
        self, data: KeluargaData, *, confirm_warnings: bool, exclude_uid: str | None = None
    ) -> dict[str, Any]:
        values, findings = checks.check_household(
            data,
            known_region=known_kecamatan,
            known_village=known_village,
            default_region=self.desk_region,
        )
        if values["no_kk"] and not any(f.field == "no_kk" and f.is_error for f in findings):
            findings += self._kk_in_use(values["no_kk"], exclude_uid)
        self.warnings += require_confirmed(findings, confirm_warnings=confirm_warnings)
        return values

    def _kk_in_use(self, no_kk: str, exclude_uid: str | None) -> list[FieldFinding]:
        row = self.connection.execute(
            f"SELECT uid, alamat FROM keluarga WHERE no_kk = ? AND deleted = {self.sql.false} "
            "AND uid != ?",
            (no_kk, exclude_uid or ""),
        ).fetchone()
        if row is None:
            return []
        return [
            checks.error(
                "no_kk",
                "NO_KK_SUDAH_ADA",
                f"No. KK {no_kk} sudah dipakai keluarga lain ({row[1] or 'tanpa alamat'}). "
                "Buka keluarga itu untuk menambah anggota, atau periksa kembali nomornya.",
            )
        ]

    # ----------------------------------------------------------------- persons

    def person_values(
        self,
        data: OrangInput,
        *,
        keluarga: Keluarga | None,
        confirm_warnings: bool,
        decision: DuplicateDecision,
        exclude_uid: str | None = None,
        member_index: int | None = None,
        prefix: str = "",
        current: Orang | None = None,
    ) -> tuple[dict[str, Any] | None, str | None]:
        """Validated column values, or ``(None, uid)`` when the operator chose an existing
        person. Raises when errors, unconfirmed warnings or undecided duplicates remain.

        Editing a ``current`` person without touching NIK, name or birth date asks no
        duplicate question again (it was answered when the person was registered).
        """
        values, findings = checks.check_person(
            data, today=self.today, known_region=known_kecamatan, prefix=prefix
        )
        self.warnings += require_confirmed(findings, confirm_warnings=confirm_warnings)
        if current is not None and _same_identity(values, current):
            values["_candidates"] = ()
            return values, None
        self.session.flush()
        candidates = find_candidates(
            self.connection,
            nik=values["nik"],
            nama=values["nama"],
            jenis_kelamin=values["jenis_kelamin"],
            tanggal_lahir=values["tanggal_lahir"],
            keluarga_uid=keluarga.uid if keluarga else None,
            kode_wilayah=keluarga.kode_wilayah if keluarga else self.desk_region,
            exclude_uid=exclude_uid,
            today=self.today,
        )
        if decision.same_person_uid:
            self._use_existing(decision.same_person_uid, candidates)
            return None, decision.same_person_uid
        if candidates and not decision.different_person:
            raise DuplicatesFound(candidates, member_index)
        values["_candidates"] = candidates
        return values, None

    def _use_existing(self, uid: str, candidates: tuple[DuplicateCandidate, ...]) -> None:
        if uid not in {c.uid for c in candidates}:
            raise UserError(
                _(
                    "Orang yang dipilih bukan salah satu kandidat duplikat untuk data ini. Periksa "
                    "ulang daftar kandidat, lalu pilih lagi."
                )
            )
        record_decision(
            self.session,
            self.actor,
            orang_uid=uid,
            keputusan=KeputusanDuplikat.ORANG_SAMA,
            candidates=candidates,
        )

    def create_person(self, values: dict[str, Any], keluarga: Keluarga | None) -> Orang:
        """Insert a validated person (issuing a temporary NIK if needed) and log the
        "different person" decision when candidates were shown."""
        candidates: tuple[DuplicateCandidate, ...] = values.pop("_candidates", ())
        if values["nik"] is None:
            values["nik"] = self.allocate_temporary_nik(keluarga.kode_wilayah if keluarga else "")
            values["tindak_lanjut_dukcapil"] = True
        elif values["nik"].startswith("0"):
            values["tindak_lanjut_dukcapil"] = True
        person = self.create(Orang(keluarga_uid=keluarga.uid if keluarga else None, **values))
        if candidates:
            record_decision(
                self.session,
                self.actor,
                orang_uid=person.uid,
                keputusan=KeputusanDuplikat.ORANG_BERBEDA,
                candidates=candidates,
            )
        return person

    def record_kk_change(
        self, keluarga: Keluarga, new: str | None, change: PerubahanKK | None
    ) -> None:
        """History row for a changed No. KK; the reason and date are required."""
        if change is None:
            raise UserError(
                _(
                    "No. KK berubah. Pilih alasan perubahannya (pindah, pecah KK, kepala keluarga "
                    "meninggal, cerai, atau lainnya) dan tanggalnya, supaya riwayatnya tercatat."
                )
            )
        reason = AlasanPerubahanKK.parse(change.alasan)
        if reason is None:
            raise UserError(
                _(
                    "Alasan perubahan No. KK “{alasan}” tidak dikenal. Pilih salah satu: {choices}."
                ).format(alasan=change.alasan, choices=AlasanPerubahanKK.accepted_text())
            )
        if change.tanggal > self.today:
            raise UserError(_("Tanggal perubahan No. KK belum terjadi. Periksa tanggalnya."))
        self.create(
            RiwayatKK(
                keluarga_uid=keluarga.uid,
                no_kk_lama=keluarga.no_kk,
                no_kk_baru=new,
                alasan=reason.value,
                tanggal=change.tanggal,
                keterangan=checks.clean_text(change.keterangan)[:250],
            )
        )

    def require_no_head(self, keluarga_uid: str, exclude_uid: str | None) -> None:
        """One living head per household."""
        row = self.connection.execute(
            "SELECT nama FROM orang WHERE keluarga_uid = ? AND hubungan = 'KEPALA' "
            f"AND deleted = {self.sql.false} AND status_dasar = 'HIDUP' AND uid != ?",
            (keluarga_uid, exclude_uid or ""),
        ).fetchone()
        if row is not None:
            raise UserError(
                _(
                    "Keluarga ini sudah punya kepala keluarga ({nama}). Ubah dulu hubungan kepala "
                    "keluarga yang lama, atau pilih hubungan lain."
                ).format(nama=row[0])
            )

    def log_different_person(
        self, orang_uid: str, candidates: tuple[DuplicateCandidate, ...]
    ) -> None:
        record_decision(
            self.session,
            self.actor,
            orang_uid=orang_uid,
            keputusan=KeputusanDuplikat.ORANG_BERBEDA,
            candidates=candidates,
        )

    def allocate_temporary_nik(self, kode_wilayah: str) -> str:
        """Next free temporary NIK of the kecamatan, inside this write transaction.

        The highest issued number is read from the ``nik`` index (deleted rows included,
        so a number is never reused). Two processes cannot both commit the same number:
        SQLite (WAL) refuses the second writer whose snapshot predates the first commit; on
        PostgreSQL officers take turns on a per-kecamatan lock.
        """
        region6 = plain_code(kode_wilayah or self.desk_region)[:6]
        if len(region6) != 6:
            raise UserError(
                _(
                    "Wilayah desa belum diatur, sehingga NIK sementara tidak dapat dibuat. "
                    "Lengkapi profil desa di menu Pengaturan."
                )
            )
        prefix = make_temporary_nik(region6, 1)[:11]
        dialect.stream_lock(self.session, f"nik-sementara-{prefix}")
        row = self.connection.execute(
            "SELECT max(nik) FROM orang WHERE nik >= ? AND nik < ?",
            (prefix, queries.prefix_upper_bound(prefix)),
        ).fetchone()
        serial = int(row[0][11:]) + 1 if row and row[0] else 1
        if serial > MAX_TEMPORARY_SERIAL:
            raise UserError(
                _("Nomor NIK sementara untuk kecamatan ini sudah habis. Hubungi Dinas Sosial.")
            )
        return make_temporary_nik(region6, serial)
