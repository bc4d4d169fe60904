"""Assessments (asesmen), their PPKS findings and member rows, verivali marks, form drafts.

An assessment is never edited once FINAL: a later visit is a new row, so the district (and
the resident, who may ask) can always see what was recorded on which day and why the
priority changed. The score, its band, the weights version and the explanation are frozen
at save time: a later change of ``bobot_skor.json`` must not silently rewrite history.

Synced values are JSON scalars or flat lists of short codes (what bundles carry). The
single-choice socio-economic answers (floor, wall, roof, …) are a variable→option map kept
as JSON *text* in ``sosek``, because their variables are data (``sosek.json``), not columns.
Yes/no lists (assets, livestock, income sources, programmes) are nullable flat lists:
``None`` = not asked, ``[]`` = asked, none. Difficulty items are ``"item:level"`` strings.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from puskesos_desktop.store.models.base import SyncedRecord, utcnow


class Asesmen(SyncedRecord, table=True):
    """One assessment of a household (optionally centred on one person)."""

    __tablename__ = "asesmen"

    keluarga_uid: str = Field(foreign_key="keluarga.uid", index=True)
    orang_uid: str | None = Field(default=None, foreign_key="orang.uid", index=True)
    layanan_uid: str | None = Field(default=None, foreign_key="layanan_masuk.uid", index=True)
    tanggal: date = Field(index=True)
    petugas: str = Field(max_length=100)
    metode: str = Field(max_length=20)  # MetodeAsesmen
    kebutuhan: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    catatan_kebutuhan: str = Field(default="", max_length=2000)
    sosek: str = Field(default="{}", max_length=4000)  # JSON text: variable → option code
    aset: list[str] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    ternak: list[str] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    sumber_penghasilan: list[str] | None = Field(
        default=None, sa_column=Column(JSON, nullable=True)
    )
    program_diterima: list[str] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    punya_kks: bool | None = Field(default=None)
    pernah_bantuan_rumah: bool | None = Field(default=None)
    kehilangan_mata_pencaharian: bool | None = Field(default=None)
    luas_lantai: float | None = Field(default=None)
    jumlah_anggota: int | None = Field(default=None)
    desil: int | None = Field(default=None)
    desil_diperiksa: date | None = Field(default=None)
    pengamatan: str = Field(default="", max_length=4000)
    rekomendasi: str = Field(default="", max_length=4000)
    skor: int = Field(default=0)
    kategori_skor: str = Field(default="", max_length=30)
    versi_bobot: str = Field(default="", max_length=20)
    penjelasan_skor: str = Field(default="", max_length=4000)
    status: str = Field(default="FINAL", max_length=10)  # StatusAsesmen


class AsesmenPpks(SyncedRecord, table=True):
    """One PPKS category assigned by an assessment, with the evidence the officer saw."""

    __tablename__ = "asesmen_ppks"

    asesmen_uid: str = Field(foreign_key="asesmen.uid", index=True)
    kode: str = Field(max_length=10)
    orang_uid: str | None = Field(default=None, foreign_key="orang.uid")
    bukti: str = Field(default="", max_length=500)


class AsesmenOrang(SyncedRecord, table=True):
    """A member's vulnerabilities as assessed; ``nama``/``umur`` are kept as seen that day."""

    __tablename__ = "asesmen_orang"

    asesmen_uid: str = Field(foreign_key="asesmen.uid", index=True)
    orang_uid: str | None = Field(default=None, foreign_key="orang.uid", index=True)
    urutan: int = Field(default=0)
    nama: str = Field(default="", max_length=100)
    umur: int | None = Field(default=None)
    jenis_kelamin: str = Field(default="", max_length=1)
    hamil: bool | None = Field(default=None)
    status_sekolah: str = Field(default="", max_length=20)
    jenjang_sekolah: str = Field(default="", max_length=10)
    punya_akta_lahir: bool | None = Field(default=None)
    punya_nisn: bool | None = Field(default=None)
    yatim_piatu: bool | None = Field(default=None)
    disabilitas: str = Field(default="", max_length=10)  # TingkatDisabilitas
    ragam_disabilitas: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    kesulitan: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    penyakit_kronis: list[str] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    jaminan_kesehatan: list[str] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    lansia_tinggal_sendiri: bool | None = Field(default=None)
    penghasilan_bulanan: int | None = Field(default=None)
    program_diterima: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )


class Verivali(SyncedRecord, table=True):
    """A household marked for re-verification, and the outcome of the visit.

    The mark may come from this desk or from the district (in a bundle), hence who/when/why
    are plain columns rather than the journal's ``by``. ``hasil`` stays empty until visited.
    """

    __tablename__ = "verivali"

    keluarga_uid: str = Field(foreign_key="keluarga.uid", index=True)
    alasan: str = Field(max_length=300)
    program: str = Field(default="", max_length=20)
    ditandai_oleh: str = Field(max_length=100)
    ditandai_pada: date
    hasil: str = Field(default="", max_length=20, index=True)  # HasilVerivali
    tanggal_kunjungan: date | None = Field(default=None)
    petugas_kunjungan: str = Field(default="", max_length=100)
    catatan: str = Field(default="", max_length=1000)
    status_stiker: str = Field(default="", max_length=20)  # StatusStiker


class AsesmenDraf(SQLModel, table=True):
    """Autosaved form state (local only): one per household and operator, deleted on save."""

    __tablename__ = "asesmen_draf"
    __table_args__ = (UniqueConstraint("keluarga_uid", "operator", name="uq_asesmen_draf"),)

    id: int | None = Field(default=None, primary_key=True)
    keluarga_uid: str = Field(max_length=36, index=True)
    operator: str = Field(max_length=100)
    isi: str  # JSON of the form's AssessmentInput
    disimpan_pada: datetime = Field(default_factory=utcnow)
