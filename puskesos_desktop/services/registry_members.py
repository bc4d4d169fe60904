"""Membership over a family's life: moving a member, death, moving away.

A person is never deleted for these events and never silently re-parented: each move
leaves a ``riwayat_anggota`` row (from which household, to which, why, when), so the
timeline and the district can follow a person through splits, marriages and divorces.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.registry_enums import (
    AlasanPerubahanKK,
    AlasanPindahAnggota,
    HubunganKeluarga,
    StatusDasar,
)
from puskesos_desktop.i18n import _
from puskesos_desktop.services import registry_checks as checks
from puskesos_desktop.services.registry_types import KeluargaData, MovedMember, SavedPerson
from puskesos_desktop.services.registry_write import RegistryTx
from puskesos_desktop.store.models import Keluarga, Orang, RiwayatAnggota, RiwayatKK

if TYPE_CHECKING:
    from puskesos_desktop.services.context import ServiceContext


class MemberMoves:
    """Mixed into :class:`~puskesos_desktop.services.registry.RegistryService`."""

    _context: ServiceContext
    _today: Callable[[], date]

    def move_member(
        self,
        orang_uid: str,
        *,
        ke_keluarga_uid: str | None = None,
        keluarga_baru: KeluargaData | None = None,
        hubungan_baru: str,
        alasan: str,
        tanggal: date,
        keterangan: str = "",
        confirm_warnings: bool = False,
    ) -> MovedMember:
        """Move a member to another household, or to a new one (``keluarga_baru``, e.g.
        after a split: pecah KK). History is kept in ``riwayat_anggota``; a new household
        made by a split also records where its No. KK came from in ``riwayat_kk``."""
        actor = self._context.require_actor()
        if (ke_keluarga_uid is None) == (keluarga_baru is None):
            raise ValueError("give exactly one of ke_keluarga_uid and keluarga_baru")
        reason = AlasanPindahAnggota.parse(alasan)
        relation = HubunganKeluarga.parse(hubungan_baru)
        if reason is None:
            raise UserError(
                _(
                    "Alasan pindah “{alasan}” tidak dikenal. Pilih salah satu: {choices}."
                ).format(alasan=alasan, choices=AlasanPindahAnggota.accepted_text())
            )
        if relation is None:
            raise UserError(
                _(
                    "Hubungan “{hubungan}” tidak dikenal. Pilih salah satu: {choices}."
                ).format(hubungan=hubungan_baru, choices=HubunganKeluarga.accepted_text())
            )
        with self._context.transaction() as session:
            tx = RegistryTx(session, actor, self._today())
            if tanggal > tx.today:
                raise UserError(_("Tanggal pindah belum terjadi. Periksa tanggalnya."))
            person = tx.get(Orang, orang_uid, "orang")
            origin = session.get(Keluarga, person.keluarga_uid) if person.keluarga_uid else None
            if keluarga_baru is not None:
                values = tx.household_values(keluarga_baru, confirm_warnings=confirm_warnings)
                target = tx.create(Keluarga(**values))
                if reason is AlasanPindahAnggota.PECAH_KK and origin is not None:
                    tx.create(
                        RiwayatKK(
                            keluarga_uid=target.uid,
                            no_kk_lama=origin.no_kk,
                            no_kk_baru=target.no_kk,
                            alasan=AlasanPerubahanKK.PECAH_KK.value,
                            tanggal=tanggal,
                            keterangan="KK baru hasil pecah KK",
                        )
                    )
            else:
                target = tx.get(Keluarga, ke_keluarga_uid, "keluarga tujuan")  # type: ignore[arg-type]
            if origin is not None and origin.uid == target.uid:
                raise UserError(_("Keluarga tujuan sama dengan keluarga asal."))
            notes = self._move_notes(tx, person, relation, target)
            history = tx.create(
                RiwayatAnggota(
                    orang_uid=person.uid,
                    keluarga_asal_uid=origin.uid if origin else None,
                    keluarga_tujuan_uid=target.uid,
                    hubungan_lama=person.hubungan,
                    hubungan_baru=relation.value,
                    alasan=reason.value,
                    tanggal=tanggal,
                    keterangan=checks.clean_text(keterangan)[:250],
                )
            )
            tx.update(person, keluarga_uid=target.uid, hubungan=relation.value)
            tx.finish()
            return MovedMember(
                person.uid, origin.uid if origin else None, target.uid, history.uid, notes
            )

    @staticmethod
    def _move_notes(
        tx: RegistryTx, person: Orang, relation: HubunganKeluarga, target: Keluarga
    ) -> tuple[str, ...]:
        notes = []
        if relation is HubunganKeluarga.KEPALA:
            head = tx.connection.execute(
                "SELECT nama FROM orang WHERE keluarga_uid = ? AND hubungan = 'KEPALA' "
                f"AND deleted = {tx.sql.false} AND status_dasar = 'HIDUP'",
                (target.uid,),
            ).fetchone()
            if head is not None:
                raise UserError(
                    _(
                        "Keluarga tujuan sudah punya kepala keluarga ({nama}). Pilih hubungan lain."
                    ).format(nama=head[0])
                )
        if person.hubungan == HubunganKeluarga.KEPALA.value:
            notes.append(
                "Keluarga asal kini tanpa kepala keluarga. Tetapkan kepala keluarga baru dan "
                "catat No. KK barunya setelah terbit dari Dukcapil."
            )
        return tuple(notes)

    def mark_deceased(self, uid: str, tanggal: date, keterangan: str = "") -> SavedPerson:
        """Record a death. The person stays (history, letters); the head's household is
        told what to do next."""
        notes = []
        saved = self._set_status(uid, StatusDasar.MENINGGAL, tanggal, keterangan)
        if saved[1] == HubunganKeluarga.KEPALA.value:
            notes.append(
                "Kepala keluarga meninggal: bantu keluarga memperbarui KK di Dukcapil. Setelah "
                "KK baru terbit, ubah No. KK keluarga ini dengan alasan “Kepala keluarga "
                "meninggal”."
            )
        return SavedPerson(saved[0], saved[2], created=False, notes=tuple(notes))

    def mark_moved(self, uid: str, tanggal: date, tujuan: str = "") -> SavedPerson:
        """Record that the person moved away (out of the desa)."""
        saved = self._set_status(uid, StatusDasar.PINDAH, tanggal, tujuan)
        return SavedPerson(saved[0], saved[2], created=False)

    def _set_status(
        self, uid: str, status: StatusDasar, tanggal: date, keterangan: str
    ) -> tuple[str, str, str | None]:
        actor = self._context.require_actor()
        with self._context.transaction() as session:
            tx = RegistryTx(session, actor, self._today())
            if tanggal > tx.today:
                raise UserError(_("Tanggal itu belum terjadi. Periksa tanggalnya."))
            person = tx.get(Orang, uid, "orang")
            if person.status_dasar == StatusDasar.MENINGGAL.value:
                raise UserError(_("{nama} sudah tercatat meninggal.").format(nama=person.nama))
            tx.update(
                person,
                status_dasar=status.value,
                tanggal_status=tanggal,
                keterangan_status=checks.clean_text(keterangan)[:150],
            )
            tx.finish()
            return person.uid, person.hubungan, person.nik
