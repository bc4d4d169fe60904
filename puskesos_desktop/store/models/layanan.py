"""The intake log (layanan masuk): every request for help that reaches the desk."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field

from puskesos_desktop.store.models.base import SyncedRecord


class LayananMasuk(SyncedRecord, table=True):
    """One request: who asked, for whom, what is needed, how urgent, and the consent given.

    The applicant (pelapor) and the beneficiary (penerima) may differ: a neighbour reports
    an abandoned elderly person. The applicant is either a registered person or just a name
    and phone number. Consent is recorded with date and who took it because UU 27/2022
    requires it to be provable.
    """

    __tablename__ = "layanan_masuk"

    waktu: datetime = Field(index=True)
    saluran: str = Field(max_length=20)  # SaluranLayanan
    penerima_uid: str = Field(foreign_key="orang.uid", index=True)
    pelapor_uid: str | None = Field(default=None, foreign_key="orang.uid", index=True)
    pelapor_nama: str = Field(default="", max_length=100)
    pelapor_telepon: str = Field(default="", max_length=20)
    pelapor_hubungan: str = Field(default="", max_length=60)
    uraian: str = Field(max_length=2000)
    kebutuhan: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    urgensi: str = Field(max_length=10)  # Urgensi
    setuju_diproses: bool = Field(default=False)
    setuju_dibagikan: bool = Field(default=False)
    persetujuan_tanggal: date | None = Field(default=None)
    persetujuan_dari: str = Field(default="", max_length=20)  # PemberiPersetujuan
    persetujuan_dicatat_oleh: str = Field(default="", max_length=100)
    operator: str = Field(max_length=100)
    luar_wilayah: bool = Field(default=False)
    catatan_domisili: str = Field(default="", max_length=500)
