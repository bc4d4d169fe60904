"""Referrals: the service directory, referrals with their status history, and the register
of outgoing letters (buku agenda surat keluar), plus the desk-local numbering state.

Synced: ``lembaga``, ``rujukan``, ``riwayat_status_rujukan``, ``surat_keluar`` — the district
sees where people were referred, what happened and which letters exist (voided ones too).
Local: the yearly number counter (numbers belong to this desk), the letter settings and the
archived letter contents used to reprint a letter exactly as it was issued.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from puskesos_desktop.domain.referral_state import DEFAULT_PERIHAL
from puskesos_desktop.store.models.base import SyncedRecord


class Lembaga(SyncedRecord, table=True):
    """A service a desk refers people to (puskesmas, Dukcapil, Dinas Sosial, LKS, …).

    ``sumber`` is ``lokal`` (entered at this desk) or ``dinas`` (published by the district,
    arriving by bundle; read-only at a village desk so every village names it the same way).
    """

    __tablename__ = "lembaga"

    nama: str = Field(max_length=120, index=True)
    jenis: str = Field(max_length=20)  # services.lembaga.JenisLembaga
    jabatan_penerima: str = Field(default="", max_length=120)  # "Kepala Puskesmas Bangsri"
    alamat: str = Field(default="", max_length=250)
    telepon: str = Field(default="", max_length=40)
    email: str = Field(default="", max_length=100)
    jam_layanan: str = Field(default="", max_length=120)
    melayani: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    catatan: str = Field(default="", max_length=500)
    sumber: str = Field(default="lokal", max_length=5)
    aktif: bool = Field(default=True)


class Rujukan(SyncedRecord, table=True):
    """One referral of a person to a service, from draft to its outcome.

    The intake and assessment it came from are plain uid strings (no foreign key): the
    assessment table is versioned separately and either may arrive later by bundle.
    ``setuju_dibagikan`` is consent to share data with *this* destination; no letter is
    issued without it (UU 27/2022).
    """

    __tablename__ = "rujukan"

    orang_uid: str = Field(foreign_key="orang.uid", index=True)
    keluarga_uid: str | None = Field(default=None, foreign_key="keluarga.uid", index=True)
    layanan_masuk_uid: str | None = Field(default=None, max_length=36, index=True)
    asesmen_uid: str | None = Field(default=None, max_length=36, index=True)
    lembaga_uid: str = Field(foreign_key="lembaga.uid", index=True)
    perihal: str = Field(default=DEFAULT_PERIHAL, max_length=120)
    alasan: str = Field(max_length=3000)
    layanan_diminta: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    urgensi: str = Field(max_length=10)  # registry_enums.Urgensi
    dokumen_dibawa: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    setuju_dibagikan: bool = Field(default=False)
    persetujuan_dari: str = Field(default="", max_length=20)  # PemberiPersetujuan
    persetujuan_tanggal: date | None = Field(default=None)
    persetujuan_dicatat_oleh: str = Field(default="", max_length=100)
    tanggal_tindak_lanjut: date | None = Field(default=None, index=True)
    status: str = Field(default="DRAF", max_length=25, index=True)  # StatusRujukan
    status_tanggal: date
    rujukan_baru_uid: str | None = Field(default=None, max_length=36)
    kode_balik: str = Field(max_length=12, index=True)
    operator: str = Field(max_length=100)


class RiwayatStatusRujukan(SyncedRecord, table=True):
    """One status change: from, to, on which day, by whom, why."""

    __tablename__ = "riwayat_status_rujukan"

    rujukan_uid: str = Field(foreign_key="rujukan.uid", index=True)
    dari_status: str = Field(default="", max_length=25)  # "" for the creation
    ke_status: str = Field(max_length=25)
    tanggal: date
    oleh: str = Field(max_length=100)
    alasan: str = Field(default="", max_length=500)
    catatan: str = Field(default="", max_length=500)


class SuratKeluar(SyncedRecord, table=True):
    """The register of outgoing letters. A number is never reused: a voided letter stays
    here with status ``BATAL``, its reason and who voided it."""

    __tablename__ = "surat_keluar"
    __table_args__ = (UniqueConstraint("origin", "tahun", "urut", name="uq_surat_nomor"),)

    nomor: str = Field(max_length=60, index=True)
    urut: int
    tahun: int
    tanggal: date
    berlaku_sampai: date | None = Field(default=None)
    perihal: str = Field(max_length=120)
    tujuan: str = Field(max_length=120)
    rujukan_uid: str | None = Field(default=None, foreign_key="rujukan.uid", index=True)
    status: str = Field(default="TERBIT", max_length=6)  # TERBIT / BATAL
    alasan_batal: str = Field(default="", max_length=300)
    dibatalkan_oleh: str = Field(default="", max_length=100)
    dibatalkan_pada: datetime | None = Field(default=None)
    jumlah_cetak_ulang: int = Field(default=0)
    qr_payload: str = Field(default="", max_length=600)
    kode_verifikasi: str = Field(default="", max_length=12)
    kertas: str = Field(default="A4", max_length=2)
    operator: str = Field(max_length=100)


class NomorSuratTerakhir(SQLModel, table=True):
    """Last running number used per year at this desk (local: numbers are this desk's).

    Incremented by one UPSERT inside the transaction that records the letter, so a crash
    rolls both back together: no duplicate, no silent gap.
    """

    __tablename__ = "nomor_surat_terakhir"

    tahun: int = Field(primary_key=True)
    terakhir: int = Field(default=0)


class PengaturanSurat(SQLModel, table=True):
    """Letter settings of this desk (one row, id 1)."""

    __tablename__ = "pengaturan_surat"

    id: int = Field(default=1, primary_key=True)
    pola_nomor: str = Field(max_length=80)
    kode_klasifikasi: str = Field(default="460", max_length=20)
    kode_unit: str = Field(default="", max_length=20)
    masa_berlaku_hari: int = Field(default=90)
    hari_tindak_lanjut: int = Field(default=14)
    kertas: str = Field(default="A4", max_length=2)
    penanda_tangan_id: int | None = Field(default=None)
    tembusan: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class ArsipSurat(SQLModel, table=True):
    """What was printed on an issued letter, so a reprint is the same letter (local only)."""

    __tablename__ = "arsip_surat"

    surat_uid: str = Field(primary_key=True, max_length=36)
    isi: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
