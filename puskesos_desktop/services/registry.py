"""Households and persons: the API behind the registration forms.

One public call = one transaction, returning frozen values (never ORM rows) and
``Changes``. Every write goes through :mod:`puskesos_desktop.store.journal`, so the
change journal (what sync bundles carry) always matches the data.

Saving follows the form's dialogue with the operator:

1. ERROR findings (NIK/No. KK rules, required fields) raise :class:`InvalidInput`;
2. WARNING findings raise :class:`WarningsNeedConfirmation` until the call is repeated
   with ``confirm_warnings=True`` (the NIK's date part may really differ from the birth
   date; Dukcapil never reissues it);
3. possible duplicates raise :class:`DuplicatesFound` until the operator answers with
   ``same_person_uid`` (nothing new is saved) or ``different_person=True`` (saved, and
   the decision is logged in ``keputusan_duplikat``).

Forms may call :meth:`RegistryService.check_person` while typing to show all three early.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, fields
from datetime import date

from sqlalchemy import func, or_
from sqlmodel import select

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.registry_enums import (
    HubunganKeluarga,
)
from puskesos_desktop.i18n import _
from puskesos_desktop.jobs import CancelToken, Progress, no_progress, throttled
from puskesos_desktop.services import registry_checks as checks
from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.services.duplicates import DuplicateService
from puskesos_desktop.services.registry_members import MemberMoves
from puskesos_desktop.services.registry_types import (
    CreatedHousehold,
    DuplicateCandidate,
    DuplicateDecision,
    FieldFinding,
    HouseholdDetail,
    KeluargaData,
    KeluargaInput,
    KKChange,
    OrangInput,
    PersonDetail,
    PersonRow,
    PerubahanKK,
    RegistryCounts,
    SavedHousehold,
    SavedPerson,
)
from puskesos_desktop.services.registry_write import RegistryTx, known_kecamatan
from puskesos_desktop.store import dialect, search_index
from puskesos_desktop.store.models import Keluarga, Orang, RiwayatKK

__all__ = [
    "CreatedHousehold",
    "KeluargaData",
    "KeluargaInput",
    "OrangInput",
    "PersonCheck",
    "PersonRow",
    "RegistryService",
]


@dataclass(frozen=True)
class PersonCheck:
    """Everything a form can show before saving: findings and duplicate candidates."""

    findings: tuple[FieldFinding, ...]
    candidates: tuple[DuplicateCandidate, ...]

    @property
    def has_errors(self) -> bool:
        return any(f.is_error for f in self.findings)


def person_detail(row: Orang) -> PersonDetail:
    names = {f.name for f in fields(PersonDetail)}
    return PersonDetail(**{name: getattr(row, name) for name in names})


class RegistryService(MemberMoves):
    def __init__(self, context: ServiceContext, today: Callable[[], date] = date.today) -> None:
        self._context = context
        self._today = today

    # ================================================================= reads

    def counts(self) -> RegistryCounts:
        with self._context.transaction() as session:
            keluarga = session.exec(
                select(func.count()).select_from(Keluarga).where(~Keluarga.deleted)
            ).one()
            orang = session.exec(
                select(func.count()).select_from(Orang).where(~Orang.deleted)
            ).one()
            tanpa_nik = session.exec(
                select(func.count())
                .select_from(Orang)
                .where(~Orang.deleted, or_(Orang.nik.is_(None), Orang.alasan_tanpa_nik != ""))
            ).one()
        return RegistryCounts(keluarga=keluarga, orang=orang, tanpa_nik=tanpa_nik)

    def search(self, text: str, limit: int = 50) -> list[PersonRow]:
        """Search as you type: NIK/No. KK prefix, or name (typo tolerant) and address."""
        from puskesos_desktop.services.search import SearchService

        return SearchService(self._context).search(text, limit=limit)

    def get_person(self, uid: str) -> PersonDetail:
        with self._context.transaction() as session:
            row = session.get(Orang, uid)
            if row is None or row.deleted:
                raise UserError(_("Data orang tidak ditemukan (mungkin sudah dihapus)."))
            return person_detail(row)

    def get_household(self, uid: str) -> HouseholdDetail:
        with self._context.transaction() as session:
            row = session.get(Keluarga, uid)
            if row is None or row.deleted:
                raise UserError(_("Data keluarga tidak ditemukan (mungkin sudah dihapus)."))
            members = session.exec(
                select(Orang).where(Orang.keluarga_uid == uid, ~Orang.deleted)
            ).all()
            history = session.exec(
                select(RiwayatKK)
                .where(RiwayatKK.keluarga_uid == uid, ~RiwayatKK.deleted)
                .order_by(RiwayatKK.tanggal, RiwayatKK.created_at)
            ).all()
            order = {h.value: i for i, h in enumerate(HubunganKeluarga)}
            members = sorted(
                members,
                key=lambda m: (order.get(m.hubungan, 99), m.tanggal_lahir or date.max, m.nama),
            )
            return HouseholdDetail(
                uid=row.uid,
                rev=row.rev,
                no_kk=row.no_kk,
                alamat=row.alamat,
                rt=row.rt,
                rw=row.rw,
                dusun=row.dusun,
                kode_wilayah=row.kode_wilayah,
                desil=row.desil,
                desil_diperiksa=row.desil_diperiksa,
                anggota=tuple(person_detail(m) for m in members),
                riwayat_kk=tuple(
                    KKChange(h.uid, h.no_kk_lama, h.no_kk_baru, h.alasan, h.tanggal, h.keterangan)
                    for h in history
                ),
            )

    def check_person(
        self,
        data: OrangInput,
        *,
        keluarga_uid: str | None = None,
        exclude_uid: str | None = None,
    ) -> PersonCheck:
        """Findings and duplicate candidates for a form, without saving anything."""
        _values, findings = checks.check_person(
            data, today=self._today(), known_region=known_kecamatan
        )
        candidates = DuplicateService(self._context).find(
            data, keluarga_uid=keluarga_uid, exclude_uid=exclude_uid, today=self._today()
        )
        return PersonCheck(tuple(findings), candidates)

    # ================================================================= households

    def create_household(
        self,
        data: KeluargaInput,
        *,
        confirm_warnings: bool = False,
        decisions: Mapping[int, DuplicateDecision] | None = None,
    ) -> CreatedHousehold:
        """A household and its members in one transaction.

        ``decisions`` answers duplicate questions per member index. A member answered
        "same person" is not created again (and not moved: use :meth:`move_member`).
        """
        actor = self._context.require_actor()
        heads = [m for m in data.anggota if HubunganKeluarga.parse(m.hubungan) == "KEPALA"]
        if len(heads) > 1:
            raise UserError(_("Satu keluarga hanya boleh punya satu kepala keluarga."))
        with self._context.transaction() as session:
            tx = RegistryTx(session, actor, self._today())
            values = tx.household_values(data, confirm_warnings=confirm_warnings)
            keluarga = tx.create(Keluarga(**values))
            uids: list[str] = []
            reused: list[str] = []
            for index, member in enumerate(data.anggota):
                person_values, existing = tx.person_values(
                    member,
                    keluarga=keluarga,
                    confirm_warnings=confirm_warnings,
                    decision=(decisions or {}).get(index, DuplicateDecision()),
                    member_index=index,
                    prefix=f"anggota[{index}].",
                )
                if existing is not None:
                    uids.append(existing)
                    reused.append(existing)
                    continue
                uids.append(tx.create_person(person_values, keluarga).uid)
            tx.finish()
            return CreatedHousehold(keluarga.uid, tuple(uids), tuple(reused), tuple(tx.warnings))

    def update_household(
        self,
        uid: str,
        data: KeluargaData,
        *,
        perubahan_kk: PerubahanKK | None = None,
        confirm_warnings: bool = False,
        expected_rev: int | None = None,
    ) -> SavedHousehold:
        """Save the household form. A changed No. KK needs ``perubahan_kk`` (kept as history)."""
        actor = self._context.require_actor()
        with self._context.transaction() as session:
            tx = RegistryTx(session, actor, self._today())
            keluarga = tx.get(Keluarga, uid, "keluarga")
            tx.check_rev(keluarga, expected_rev)
            values = tx.household_values(data, confirm_warnings=confirm_warnings, exclude_uid=uid)
            if values["no_kk"] != keluarga.no_kk:
                tx.record_kk_change(keluarga, values["no_kk"], perubahan_kk)
            changed = tx.update(keluarga, **values)
            tx.finish()
            return SavedHousehold(uid, changed, tuple(tx.warnings))

    def change_no_kk(
        self,
        uid: str,
        no_kk_baru: str | None,
        perubahan: PerubahanKK,
        *,
        confirm_warnings: bool = False,
    ) -> SavedHousehold:
        """Only the No. KK changes (a new card was issued); the old number stays in history."""
        current = self.get_household(uid)
        data = KeluargaData(
            **{f.name: getattr(current, f.name) for f in fields(KeluargaData) if f.name != "no_kk"},
            no_kk=no_kk_baru,
        )
        return self.update_household(
            uid,
            data,
            perubahan_kk=perubahan,
            confirm_warnings=confirm_warnings,
            expected_rev=current.rev,
        )

    # ================================================================= persons

    def add_person(
        self,
        keluarga_uid: str | None,
        data: OrangInput,
        *,
        confirm_warnings: bool = False,
        same_person_uid: str | None = None,
        different_person: bool = False,
    ) -> SavedPerson:
        """Register one person (in a household, or without one: homeless people)."""
        actor = self._context.require_actor()
        with self._context.transaction() as session:
            tx = RegistryTx(session, actor, self._today())
            keluarga = tx.get(Keluarga, keluarga_uid, "keluarga") if keluarga_uid else None
            if HubunganKeluarga.parse(data.hubungan) == "KEPALA" and keluarga is not None:
                tx.require_no_head(keluarga.uid, exclude_uid=None)
            values, existing = tx.person_values(
                data,
                keluarga=keluarga,
                confirm_warnings=confirm_warnings,
                decision=DuplicateDecision(same_person_uid, different_person),
            )
            if existing is not None:
                row = tx.get(Orang, existing, "orang")
                tx.finish()
                return SavedPerson(existing, row.nik, created=False, warnings=tuple(tx.warnings))
            person = tx.create_person(values, keluarga)
            tx.finish()
            return SavedPerson(
                person.uid,
                person.nik,
                created=True,
                nik_sementara=bool(person.nik and person.nik.startswith("0")),
                warnings=tuple(tx.warnings),
            )

    def update_person(
        self,
        uid: str,
        data: OrangInput,
        *,
        confirm_warnings: bool = False,
        different_person: bool = False,
        expected_rev: int | None = None,
    ) -> SavedPerson:
        """Save the person form. Emptying the NIK keeps an issued temporary NIK."""
        actor = self._context.require_actor()
        with self._context.transaction() as session:
            tx = RegistryTx(session, actor, self._today())
            person = tx.get(Orang, uid, "orang")
            tx.check_rev(person, expected_rev)
            keluarga = session.get(Keluarga, person.keluarga_uid) if person.keluarga_uid else None
            if HubunganKeluarga.parse(data.hubungan) == "KEPALA" and keluarga is not None:
                tx.require_no_head(keluarga.uid, exclude_uid=uid)
            values, _existing = tx.person_values(
                data,
                keluarga=keluarga,
                confirm_warnings=confirm_warnings,
                decision=DuplicateDecision(None, different_person),
                exclude_uid=uid,
                current=person,
            )
            assert values is not None
            candidates = values.pop("_candidates", ())
            if values["nik"] is None:
                if person.nik and person.nik.startswith("0"):
                    values["nik"] = person.nik
                else:
                    values["nik"] = tx.allocate_temporary_nik(
                        keluarga.kode_wilayah if keluarga else ""
                    )
            values["tindak_lanjut_dukcapil"] = values["nik"].startswith("0")
            changed = tx.update(person, **values)
            if candidates and changed:
                tx.log_different_person(uid, candidates)
            tx.finish()
            return SavedPerson(
                uid,
                person.nik,
                created=False,
                nik_sementara=person.nik.startswith("0") if person.nik else False,
                warnings=tuple(tx.warnings),
            )

    # ================================================================= maintenance

    def refresh_search_index(
        self, *, progress: Progress = no_progress, cancel: CancelToken | None = None
    ) -> int:
        """Index every person marked stale (after a schema upgrade or a sync import that
        wrote many rows). A job: progress, cancel, one transaction."""
        return self._index_job(rebuild=False, progress=progress, cancel=cancel)

    def rebuild_search_index(
        self, *, progress: Progress = no_progress, cancel: CancelToken | None = None
    ) -> int:
        """Recompute the whole person search index (after a change of the name rules)."""
        return self._index_job(rebuild=True, progress=progress, cancel=cancel)

    def _index_job(self, *, rebuild: bool, progress: Progress, cancel: CancelToken | None) -> int:
        progress = throttled(progress)

        def report(done: int, total: int) -> None:
            if cancel is not None:
                cancel.check()
            progress(done, total, "Menyusun indeks pencarian")

        with self._context.transaction() as session:
            connection = dialect.raw(session.connection())
            if rebuild:
                search_index.mark_all_stale(connection)
            return search_index.refresh(connection, on_batch=report)


def input_from_detail(detail: PersonDetail) -> OrangInput:
    """The form values of a stored person, to edit and pass to ``update_person``."""
    wanted = {f.name for f in fields(OrangInput)}
    return OrangInput(**{k: v for k, v in asdict(detail).items() if k in wanted})
