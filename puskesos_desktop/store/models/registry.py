"""Households (Keluarga), persons (Orang) and the history of both: the village registry.

Choice columns hold the stable codes of :mod:`puskesos_desktop.domain.registry_enums`.
History rows (No. KK changes, members moving, duplicate decisions) are synced records of
their own, so the district sees *why* a family's number changed, not only that it did.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column
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
    """A person; ``nik`` may be a temporary number (starting with 0) when none exists.

    ``nama`` and ``tanggal_lahir`` are indexed for the empty-search list (ordered by name)
    and for the duplicate check (candidates share a birth date), which must stay fast on a
    million rows. ``status_dasar`` marks death or moving away: people are never deleted
    for that, their history (intakes, referrals) stays readable.
    """

    __tablename__ = "orang"

    keluarga_uid: str | None = Field(default=None, foreign_key="keluarga.uid", index=True)
    nik: str | None = Field(default=None, max_length=16, index=True)
    alasan_tanpa_nik: str = Field(default="", max_length=100)
    tindak_lanjut_dukcapil: bool = Field(default=False)
    nama: str = Field(max_length=100, index=True)
    jenis_kelamin: str = Field(max_length=1)  # "L" / "P"
    tempat_lahir: str = Field(default="", max_length=60)
    tanggal_lahir: date | None = Field(default=None, index=True)
    hubungan: str = Field(default="", max_length=20)
    status_kawin: str = Field(default="", max_length=20)
    agama: str = Field(default="", max_length=20)
    pendidikan: str = Field(default="", max_length=30)
    pekerjaan: str = Field(default="", max_length=60)
    disabilitas: str = Field(default="", max_length=60)
    disabilitas_derajat: str = Field(default="", max_length=10)
    penyakit_kronis: str = Field(default="", max_length=100)
    telepon: str = Field(default="", max_length=20)
    status_domisili: str = Field(default="", max_length=20)
    status_dasar: str = Field(default="HIDUP", max_length=12)
    tanggal_status: date | None = Field(default=None)
    keterangan_status: str = Field(default="", max_length=150)


class RiwayatKK(SyncedRecord, table=True):
    """One change of a household's No. KK: old and new number, why and when."""

    __tablename__ = "riwayat_kk"

    keluarga_uid: str = Field(foreign_key="keluarga.uid", index=True)
    no_kk_lama: str | None = Field(default=None, max_length=16)
    no_kk_baru: str | None = Field(default=None, max_length=16)
    alasan: str = Field(max_length=20)  # AlasanPerubahanKK
    tanggal: date
    keterangan: str = Field(default="", max_length=250)


class RiwayatAnggota(SyncedRecord, table=True):
    """A member leaving one household for another (or for a new one after a split)."""

    __tablename__ = "riwayat_anggota"

    orang_uid: str = Field(foreign_key="orang.uid", index=True)
    keluarga_asal_uid: str | None = Field(default=None, foreign_key="keluarga.uid", index=True)
    keluarga_tujuan_uid: str | None = Field(default=None, foreign_key="keluarga.uid", index=True)
    hubungan_lama: str = Field(default="", max_length=20)
    hubungan_baru: str = Field(default="", max_length=20)
    alasan: str = Field(max_length=20)  # AlasanPindahAnggota
    tanggal: date
    keterangan: str = Field(default="", max_length=250)


class KeputusanDuplikat(SyncedRecord, table=True):
    """The operator's answer to "is this the same person?" with the candidates shown.

    Kept because a wrong "different person" creates a double record that later surfaces
    as double aid; the district can audit who decided what, and on which evidence.
    """

    __tablename__ = "keputusan_duplikat"

    orang_uid: str = Field(foreign_key="orang.uid", index=True)
    keputusan: str = Field(max_length=15)  # KeputusanDuplikat
    kandidat_uids: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # One "<candidate uid>:<reason>+<reason>" per candidate: sync fields are flat lists.
    alasan: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    operator: str = Field(max_length=100)
    diputuskan_pada: datetime
