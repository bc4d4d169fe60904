"""Households and persons: create, count and find.

Every write goes through :mod:`puskesos_desktop.store.journal` inside one transaction, so the
change journal always matches the data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, or_
from sqlmodel import select

from puskesos_desktop.services.context import ChangeKind, Changes, ServiceContext
from puskesos_desktop.store import journal
from puskesos_desktop.store.models import Keluarga, Orang


@dataclass(frozen=True)
class OrangInput:
    nama: str
    jenis_kelamin: str
    nik: str | None = None
    alasan_tanpa_nik: str = ""
    tempat_lahir: str = ""
    tanggal_lahir: date | None = None
    hubungan: str = ""
    status_kawin: str = ""
    agama: str = ""
    pendidikan: str = ""
    pekerjaan: str = ""
    disabilitas: str = ""
    penyakit_kronis: str = ""
    telepon: str = ""
    status_domisili: str = ""


@dataclass(frozen=True)
class KeluargaInput:
    no_kk: str | None
    alamat: str = ""
    rt: str = ""
    rw: str = ""
    dusun: str = ""
    kode_wilayah: str = ""
    anggota: tuple[OrangInput, ...] = ()


@dataclass(frozen=True)
class RegistryCounts:
    keluarga: int
    orang: int
    tanpa_nik: int


@dataclass(frozen=True)
class PersonRow:
    uid: str
    nik: str | None
    nama: str
    jenis_kelamin: str
    tanggal_lahir: date | None
    alamat: str
    no_kk: str | None


@dataclass(frozen=True)
class CreatedHousehold:
    keluarga_uid: str
    orang_uids: tuple[str, ...]
    changes: Changes = field(default_factory=lambda: Changes.of(ChangeKind.REGISTRY))


class RegistryService:
    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    def create_household(self, data: KeluargaInput) -> CreatedHousehold:
        actor = self._context.require_actor()
        with self._context.transaction() as session:
            keluarga = journal.create(
                session,
                actor,
                Keluarga(
                    no_kk=data.no_kk,
                    alamat=data.alamat,
                    rt=data.rt,
                    rw=data.rw,
                    dusun=data.dusun,
                    kode_wilayah=data.kode_wilayah,
                ),
            )
            session.flush()
            members = [
                journal.create(session, actor, Orang(keluarga_uid=keluarga.uid, **vars(member)))
                for member in data.anggota
            ]
            return CreatedHousehold(keluarga.uid, tuple(member.uid for member in members))

    def counts(self) -> RegistryCounts:
        with self._context.transaction() as session:
            keluarga = session.exec(
                select(func.count()).select_from(Keluarga).where(~Keluarga.deleted)
            ).one()
            orang = session.exec(
                select(func.count()).select_from(Orang).where(~Orang.deleted)
            ).one()
            tanpa_nik = session.exec(
                select(func.count())
                .select_from(Orang)
                .where(~Orang.deleted, or_(Orang.nik.is_(None), Orang.alasan_tanpa_nik != ""))
            ).one()
        return RegistryCounts(keluarga=keluarga, orang=orang, tanpa_nik=tanpa_nik)

    def search(self, text: str, limit: int = 200) -> list[PersonRow]:
        """NIK/No. KK prefix or name fragment (fuzzy search arrives with the registry issue)."""
        text = text.strip()
        query = (
            select(Orang, Keluarga)
            .join(Keluarga, Orang.keluarga_uid == Keluarga.uid, isouter=True)
            .where(~Orang.deleted)
        )
        if text.isdigit():
            query = query.where(or_(Orang.nik.startswith(text), Keluarga.no_kk.startswith(text)))
        elif text:
            query = query.where(Orang.nama.contains(text))  # LIKE: case-insensitive
        with self._context.transaction() as session:
            rows = session.exec(query.order_by(Orang.nama).limit(limit)).all()
        return [
            PersonRow(
                uid=orang.uid,
                nik=orang.nik,
                nama=orang.nama,
                jenis_kelamin=orang.jenis_kelamin,
                tanggal_lahir=orang.tanggal_lahir,
                alamat=_alamat(keluarga),
                no_kk=keluarga.no_kk if keluarga else None,
            )
            for orang, keluarga in rows
        ]


def _alamat(keluarga: Keluarga | None) -> str:
    if keluarga is None:
        return ""
    parts = [keluarga.alamat]
    if keluarga.rt or keluarga.rw:
        parts.append(f"RT {keluarga.rt}/RW {keluarga.rw}")
    if keluarga.dusun:
        parts.append(f"Dusun {keluarga.dusun}")
    return ", ".join(part for part in parts if part)
