"""The installation itself: its profile, officials and operators (local, never synced)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from puskesos_desktop.store.models.base import utcnow


class DeskProfile(SQLModel, table=True):
    """One row (id 1) describing this desk: mode, identity, region and letterhead."""

    __tablename__ = "desk_profile"

    id: int = Field(default=1, primary_key=True)
    mode: str = Field(max_length=5)  # "desa" or "dinas"
    desk_id: str = Field(max_length=40, unique=True)
    kode_wilayah: str = Field(max_length=13)
    nama_provinsi: str = Field(max_length=100)
    nama_kabupaten: str = Field(max_length=100)
    nama_kecamatan: str = Field(default="", max_length=100)
    nama_desa: str = Field(default="", max_length=100)
    kop_instansi: str = Field(max_length=150)
    kop_unit: str = Field(default="", max_length=150)
    kop_nama: str = Field(max_length=150)
    alamat: str = Field(default="", max_length=250)
    kode_pos: str = Field(default="", max_length=5)
    telepon: str = Field(default="", max_length=30)
    email: str = Field(default="", max_length=100)
    logo_png: bytes | None = Field(default=None)
    key_passphrase: str = Field(max_length=100)
    is_demo: bool = Field(default=False)
    kunci_otomatis_menit: int = Field(default=10)  # idle minutes before the screen locks
    created_at: datetime = Field(default_factory=utcnow)


class Pejabat(SQLModel, table=True):
    """An official who signs letters (kepala desa, sekdes, koordinator Puskesos, kepala dinas)."""

    __tablename__ = "pejabat"

    id: int | None = Field(default=None, primary_key=True)
    peran: str = Field(max_length=20)  # see domain.officials.PeranPejabat
    jabatan: str = Field(max_length=100)
    nama: str = Field(max_length=100)
    nip: str = Field(default="", max_length=30)
    aktif: bool = Field(default=True)


class Operator(SQLModel, table=True):
    """A person who logs in at the desk."""

    __tablename__ = "operator"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=40, unique=True)
    nama: str = Field(max_length=100)
    peran: str = Field(max_length=12)  # operator / koordinator / admin
    password_hash: str = Field(max_length=300)
    aktif: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow)
    wajib_ganti_sandi: bool = Field(default=False)  # set by an admin reset
    terakhir_masuk: datetime | None = Field(default=None)
