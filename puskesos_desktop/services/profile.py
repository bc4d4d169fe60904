"""Read and edit the desk profile, officials and operators (as frozen values, never ORM rows)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import select

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.i18n import _
from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.services.sign_in import OperatorView as OperatorView  # read by login
from puskesos_desktop.store.journal import Actor
from puskesos_desktop.store.models import DeskProfile, Operator, Pejabat


@dataclass(frozen=True)
class ProfileView:
    mode: str
    desk_id: str
    kode_wilayah: str
    nama_provinsi: str
    nama_kabupaten: str
    nama_kecamatan: str
    nama_desa: str
    kop_instansi: str
    kop_unit: str
    kop_nama: str
    alamat: str
    kode_pos: str
    telepon: str
    email: str
    is_demo: bool

    @property
    def display_name(self) -> str:
        """ "Desa Tulakan" or "Dinas Sosial Kabupaten Jepara", for titles and the status bar."""
        if self.mode == "dinas":
            return f"Dinas Sosial {self.nama_kabupaten}"
        return self.kop_nama.title()


@dataclass(frozen=True)
class PejabatView:
    id: int
    peran: str
    jabatan: str
    nama: str
    nip: str
    aktif: bool = True  # False: retired; kept so issued letters and the audit log still fit


class ProfileService:
    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    def get(self) -> ProfileView | None:
        with self._context.transaction() as session:
            row = session.get(DeskProfile, 1)
            if row is None:
                return None
            return ProfileView(
                **{name: getattr(row, name) for name in ProfileView.__dataclass_fields__}
            )

    def officials(self) -> list[PejabatView]:
        with self._context.transaction() as session:
            rows = session.exec(select(Pejabat).where(Pejabat.aktif).order_by(Pejabat.id)).all()
            return [PejabatView(r.id or 0, r.peran, r.jabatan, r.nama, r.nip) for r in rows]

    def key_passphrase(self) -> str:
        """The random passphrase protecting the key files (kept in the database on purpose)."""
        with self._context.transaction() as session:
            row = session.get(DeskProfile, 1)
            if row is None:
                raise UserError(_("Aplikasi belum disiapkan."))
            return row.key_passphrase

    def act_as_default_operator(self) -> OperatorView | None:
        """Make the first active admin the actor; None when no operator exists yet."""
        with self._context.transaction() as session:
            profile = session.get(DeskProfile, 1)
            operator = session.exec(
                select(Operator)
                .where(Operator.aktif, Operator.peran == "admin")
                .order_by(Operator.id)
            ).first()
            if profile is None or operator is None:
                return None
            view = OperatorView(operator.id or 0, operator.username, operator.nama, operator.peran)
            self._context.actor = Actor(profile.desk_id, view.username)
            self._context.operator_role = view.peran
            return view

    def login(self, username: str, password: str) -> OperatorView:
        """Check the password and make this operator the actor (see ``OperatorService``)."""
        from puskesos_desktop.services.operators import OperatorService

        return OperatorService(self._context).login(username, password)
