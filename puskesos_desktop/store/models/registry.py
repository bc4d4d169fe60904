"""Households (Keluarga) and persons (Orang): the core of the village registry."""

from __future__ import annotations

from datetime import date

from sqlmodel import Field

from puskesos_desktop.store.models.base import SyncedRecord


class Keluarga(SyncedRecord, table=True):
    """A household as written on its Kartu Keluarga (No. KK)."""

    __tablename__ = "keluarga"

    no_kk: str | None = Field(default=None, max_length=16, index=True)
    alamat: str = Field(default="", max_length=250)
    rt: str = Field(default="", max_length=3)
    rw: str = Field(default="", max_length=3)
    dusun: str = Field(default="", max_length=60)
    kode_wilayah: str = Field(default="", max_length=13, index=True)
    desil: int | None = Field(default=None)
    desil_diperiksa: date | None = Field(default=None)


class Orang(SyncedRecord, table=True):
    """A person; ``nik`` may be a temporary number (starting with 0) when none exists."""

    __tablename__ = "orang"

    keluarga_uid: str | None = Field(default=None, foreign_key="keluarga.uid", index=True)
    nik: str | None = Field(default=None, max_length=16, index=True)
    alasan_tanpa_nik: str = Field(default="", max_length=100)
    nama: str = Field(max_length=100)
    jenis_kelamin: str = Field(max_length=1)  # "L" / "P"
    tempat_lahir: str = Field(default="", max_length=60)
    tanggal_lahir: date | None = Field(default=None)
    hubungan: str = Field(default="", max_length=20)
    status_kawin: str = Field(default="", max_length=20)
    agama: str = Field(default="", max_length=20)
    pendidikan: str = Field(default="", max_length=30)
    pekerjaan: str = Field(default="", max_length=60)
    disabilitas: str = Field(default="", max_length=60)
    penyakit_kronis: str = Field(default="", max_length=100)
    telepon: str = Field(default="", max_length=20)
    status_domisili: str = Field(default="", max_length=20)
