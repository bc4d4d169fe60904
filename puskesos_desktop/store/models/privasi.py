"""Personal-data protection: the consent ledger, erasure records and retention settings.

Synced: ``persetujuan`` (the district must be able to prove consent for data it receives,
and a withdrawal must reach it) and ``penghapusan_data`` (why a person became anonymous:
retention or the person's own request). Local: the retention setting of this desk.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Field, SQLModel

from puskesos_desktop.domain.privacy import DEFAULT_RETENTION_YEARS
from puskesos_desktop.store.models.base import SyncedRecord


class Persetujuan(SyncedRecord, table=True):
    """One consent event: given or withdrawn, never edited afterwards.

    The current state for (person, kind, destination) is the latest event; older rows stay
    as the proof of what was agreed when. ``lembaga_uid`` is empty for processing consent
    and for sharing consent that names no single destination. ``sumber_uid`` is the intake
    or referral whose form recorded it, if any.
    """

    __tablename__ = "persetujuan"

    orang_uid: str = Field(foreign_key="orang.uid", index=True)
    jenis: str = Field(max_length=10)  # domain.privacy.JenisPersetujuan
    lembaga_uid: str | None = Field(default=None, max_length=36, index=True)
    tujuan: str = Field(default="", max_length=150)  # purpose or destination, as read out
    diberikan: bool = Field(default=True)  # False: withdrawn
    tanggal: date
    pemberi: str = Field(max_length=20)  # registry_enums.PemberiPersetujuan
    cara: str = Field(max_length=10)  # domain.privacy.CaraPersetujuan
    dicatat_oleh: str = Field(max_length=100)
    sumber_uid: str | None = Field(default=None, max_length=36)
    catatan: str = Field(default="", max_length=300)


class PenghapusanData(SyncedRecord, table=True):
    """A person's identifying data was removed: when, why (retention or request), by whom."""

    __tablename__ = "penghapusan_data"

    orang_uid: str = Field(foreign_key="orang.uid", index=True)
    alasan: str = Field(max_length=10)  # domain.privacy.AlasanPenghapusan
    tanggal: date
    oleh: str = Field(max_length=100)
    catatan: str = Field(default="", max_length=300)


class PengaturanPrivasi(SQLModel, table=True):
    """This desk's retention rule (one row, id 1; absent = the default)."""

    __tablename__ = "pengaturan_privasi"

    id: int = Field(default=1, primary_key=True)
    retensi_tahun: int = Field(default=DEFAULT_RETENTION_YEARS)
