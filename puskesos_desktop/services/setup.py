"""First-run setup as data: the wizard (or the CLI, or a test) fills a SetupRequest.

Setup creates the desk profile, officials, the first admin operator and the desk's key
pairs in one go; a failure leaves no profile behind, so the wizard simply runs again.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from enum import StrEnum

from puskesos_desktop.domain.desk_id import make_district_desk_id, make_village_desk_id
from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.kop import default_kop
from puskesos_desktop.domain.passwords import check_password_policy, hash_password
from puskesos_desktop.domain.wilayah import Tingkat, plain_code, tingkat_of
from puskesos_desktop.i18n import _
from puskesos_desktop.services.context import ChangeKind, Changes, ServiceContext
from puskesos_desktop.services.wilayah import region_index
from puskesos_desktop.store.journal import Actor
from puskesos_desktop.store.models import DeskProfile, Operator, Pejabat


class DeskMode(StrEnum):
    DESA = "desa"
    DINAS = "dinas"


class PeranPejabat(StrEnum):
    """Who signs: the head, a delegate signing "a.n.", or the Puskesos coordinator."""

    KEPALA = "kepala"
    SEKRETARIS = "sekretaris"
    KOORDINATOR = "koordinator"


@dataclass(frozen=True)
class OfficialInput:
    peran: PeranPejabat
    jabatan: str
    nama: str
    nip: str = ""


@dataclass(frozen=True)
class SetupRequest:
    mode: DeskMode
    kode_wilayah: str  # desa/kelurahan code in desa mode, kabupaten/kota code in dinas mode
    admin_username: str
    admin_nama: str
    admin_password: str
    alamat: str = ""
    kode_pos: str = ""
    telepon: str = ""
    email: str = ""
    officials: tuple[OfficialInput, ...] = ()
    logo_png: bytes | None = None
    is_demo: bool = False
    kop_override: tuple[str, str, str] | None = None  # instansi, unit, nama
    encrypt: bool = False  # SQLCipher at rest; the wizard asks for it (on by default)


@dataclass(frozen=True)
class SetupResult:
    desk_id: str
    fingerprint: str
    changes: Changes = field(default_factory=lambda: Changes.of(ChangeKind.DATABASE))
    recovery_key: str | None = None  # printed form, shown once, when ``encrypt`` was asked


def expected_tingkat(mode: DeskMode) -> tuple[Tingkat, ...]:
    if mode == DeskMode.DESA:
        return (Tingkat.DESA, Tingkat.KELURAHAN)
    return (Tingkat.KABUPATEN, Tingkat.KOTA)


def validate(request: SetupRequest) -> list[str]:
    """All problems at once, in Indonesian, so the wizard can show them together."""
    problems: list[str] = []
    regions = region_index()
    region = regions.get(request.kode_wilayah)
    if region is None or region.tingkat not in expected_tingkat(request.mode):
        problems.append(
            _("Pilih desa/kelurahan dari daftar wilayah.")
            if request.mode == DeskMode.DESA
            else _("Pilih kabupaten/kota dari daftar wilayah.")
        )
    username = request.admin_username.strip()
    if not (3 <= len(username) <= 40) or not username.replace(".", "").replace("_", "").isalnum():
        problems.append(
            _("Nama pengguna admin harus 3–40 huruf/angka (boleh titik atau garis bawah).")
        )
    if not request.admin_nama.strip():
        problems.append(_("Isi nama lengkap admin."))
    try:
        check_password_policy(request.admin_password)
    except UserError as error:
        problems.append(error.message)
    if request.kode_pos and not (request.kode_pos.isdigit() and len(request.kode_pos) == 5):
        problems.append(_("Kode pos harus 5 angka."))
    for official in request.officials:
        if not official.nama.strip() or not official.jabatan.strip():
            problems.append(_("Setiap pejabat penanda tangan perlu nama dan jabatan."))
            break
    return problems


class SetupService:
    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    def is_done(self) -> bool:
        with self._context.transaction() as session:
            return session.get(DeskProfile, 1) is not None

    def complete(self, request: SetupRequest) -> SetupResult:
        from puskesos_desktop.sync.keys import generate_keys

        problems = validate(request)
        if problems:
            raise UserError("\n".join(problems))
        if self.is_done():
            raise UserError(_("Aplikasi ini sudah disiapkan. Ubah profil lewat menu Pengaturan."))
        if request.logo_png is not None:
            from puskesos_desktop.services.profile_edit import check_logo_png

            check_logo_png(request.logo_png)  # the same gate as Pengaturan → Profil
        if self._context.on_server and request.mode == DeskMode.DESA and not request.is_demo:
            raise UserError(
                _(
                    "Server PostgreSQL hanya untuk kantor Dinas Sosial (mode dinas). Desk desa "
                    "menyimpan datanya di berkas SQLite komputer ini: buka aplikasi tanpa alamat "
                    "server."
                )
            )
        lineage = region_index().lineage(request.kode_wilayah)
        names = {region.tingkat: region.nama for region in lineage}
        kabupaten = names.get(Tingkat.KABUPATEN) or names.get(Tingkat.KOTA, "")
        desa = names.get(Tingkat.DESA) or names.get(Tingkat.KELURAHAN, "")
        tingkat = tingkat_of(request.kode_wilayah)
        if request.mode == DeskMode.DESA:
            desk_id = make_village_desk_id(plain_code(request.kode_wilayah))
        else:
            desk_id = make_district_desk_id(plain_code(request.kode_wilayah))
        kop = default_kop(request.mode, kabupaten, names.get(Tingkat.KECAMATAN, ""), desa, tingkat)
        instansi, unit, nama = request.kop_override or (kop.instansi, kop.unit, kop.nama)
        recovery_key = None
        if request.encrypt:  # before the first row is written: no plaintext ever on disk
            from puskesos_desktop.services.encryption import EncryptionService

            encryption = EncryptionService(self._context)
            recovery_key = encryption.encrypt_new_desk(
                request.admin_username, request.admin_password
            )
        passphrase = secrets.token_urlsafe(32)
        key_info = generate_keys(self._context.paths.keys, passphrase, desk_id, overwrite=True)
        with self._context.transaction() as session:
            session.add(
                DeskProfile(
                    mode=request.mode.value,
                    desk_id=desk_id,
                    kode_wilayah=request.kode_wilayah,
                    nama_provinsi=names.get(Tingkat.PROVINSI, ""),
                    nama_kabupaten=kabupaten,
                    nama_kecamatan=names.get(Tingkat.KECAMATAN, ""),
                    nama_desa=desa,
                    kop_instansi=instansi,
                    kop_unit=unit,
                    kop_nama=nama,
                    alamat=request.alamat.strip(),
                    kode_pos=request.kode_pos.strip(),
                    telepon=request.telepon.strip(),
                    email=request.email.strip(),
                    logo_png=request.logo_png,
                    key_passphrase=passphrase,
                    is_demo=request.is_demo,
                )
            )
            for official in request.officials:
                session.add(
                    Pejabat(
                        peran=official.peran.value,
                        jabatan=official.jabatan.strip(),
                        nama=official.nama.strip(),
                        nip=official.nip.strip(),
                    )
                )
            session.add(
                Operator(
                    username=request.admin_username.strip(),
                    nama=request.admin_nama.strip(),
                    peran="admin",
                    password_hash=hash_password(request.admin_password),
                )
            )
        self._context.actor = Actor(desk_id, request.admin_username.strip())
        self._context.operator_role = "admin"
        return SetupResult(
            desk_id=desk_id, fingerprint=key_info.fingerprint, recovery_key=recovery_key
        )
