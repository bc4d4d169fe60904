"""One time-ordered story of a household (or a person): members, history, intakes, …

Each kind of event comes from a *source*: a function that reads its own tables and yields
:class:`TimelineEvent` values. Assessments and referrals will add their sources with
:func:`register_source` from their own modules, so this file never needs to know them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from enum import StrEnum

from sqlmodel import Session, col, or_, select

from puskesos_desktop.domain.registry_enums import (
    AlasanPerubahanKK,
    AlasanPindahAnggota,
    SaluranLayanan,
    StatusDasar,
    Urgensi,
)
from puskesos_desktop.services.audit import AuditService
from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.services.registry import RegistryService
from puskesos_desktop.services.registry_types import HouseholdDetail, PersonDetail
from puskesos_desktop.store.models import LayananMasuk, Orang, RiwayatAnggota, RiwayatKK


class JenisPeristiwa(StrEnum):
    TERDAFTAR = "TERDAFTAR"
    NO_KK_BERUBAH = "NO_KK_BERUBAH"
    PINDAH_ANGGOTA = "PINDAH_ANGGOTA"
    STATUS = "STATUS"
    LAYANAN_MASUK = "LAYANAN_MASUK"


@dataclass(frozen=True)
class TimelineEvent:
    """``waktu`` orders events; a day-only event sits at the start of its day (UTC)."""

    waktu: datetime
    jenis: str
    judul: str
    uraian: str
    orang_uid: str | None
    sumber: str  # table name, so a view can open the record
    sumber_uid: str


@dataclass(frozen=True)
class HouseholdTimeline:
    keluarga: HouseholdDetail
    peristiwa: tuple[TimelineEvent, ...]


@dataclass(frozen=True)
class PersonTimeline:
    orang: PersonDetail
    peristiwa: tuple[TimelineEvent, ...]


TimelineSource = Callable[[Session, str | None, tuple[str, ...]], Iterable[TimelineEvent]]
"""``(session, keluarga_uid or None, person uids)`` -> events concerning them."""

_SOURCES: list[TimelineSource] = []


def register_source(source: TimelineSource) -> TimelineSource:
    """Add a source of events (usable as a decorator); later modules plug in here."""
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def day(value: date) -> datetime:
    return datetime.combine(value, time(), tzinfo=UTC)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@register_source
def _registered(
    session: Session, _kk: str | None, people: tuple[str, ...]
) -> Iterable[TimelineEvent]:
    for person in session.exec(select(Orang).where(col(Orang.uid).in_(people))).all():
        yield TimelineEvent(
            _aware(person.created_at), JenisPeristiwa.TERDAFTAR, f"{person.nama} didaftarkan",
            "", person.uid, "orang", person.uid,
        )  # fmt: skip
        if person.status_dasar != StatusDasar.HIDUP.value and person.tanggal_status:
            status = StatusDasar.parse(person.status_dasar)
            label = status.label if status else person.status_dasar
            yield TimelineEvent(
                day(person.tanggal_status), JenisPeristiwa.STATUS, f"{person.nama}: {label}",
                person.keterangan_status, person.uid, "orang", person.uid,
            )  # fmt: skip


@register_source
def _kk_changes(
    session: Session, kk: str | None, _people: tuple[str, ...]
) -> Iterable[TimelineEvent]:
    if kk is None:
        return
    rows = session.exec(select(RiwayatKK).where(RiwayatKK.keluarga_uid == kk, ~RiwayatKK.deleted))
    for row in rows.all():
        reason = AlasanPerubahanKK.parse(row.alasan)
        yield TimelineEvent(
            day(row.tanggal),
            JenisPeristiwa.NO_KK_BERUBAH,
            f"No. KK berubah: {row.no_kk_lama or '-'} → {row.no_kk_baru or '-'}",
            " — ".join(p for p in (reason.label if reason else row.alasan, row.keterangan) if p),
            None,
            "riwayat_kk",
            row.uid,
        )


@register_source
def _moves(session: Session, kk: str | None, people: tuple[str, ...]) -> Iterable[TimelineEvent]:
    conditions = [col(RiwayatAnggota.orang_uid).in_(people)]
    if kk is not None:
        conditions += [
            RiwayatAnggota.keluarga_asal_uid == kk,
            RiwayatAnggota.keluarga_tujuan_uid == kk,
        ]
    rows = session.exec(select(RiwayatAnggota).where(or_(*conditions), ~RiwayatAnggota.deleted))
    for row in rows.all():
        person = session.get(Orang, row.orang_uid)
        name = person.nama if person else "?"
        direction = "keluar dari" if kk is not None and row.keluarga_asal_uid == kk else "masuk ke"
        reason = AlasanPindahAnggota.parse(row.alasan)
        yield TimelineEvent(
            day(row.tanggal),
            JenisPeristiwa.PINDAH_ANGGOTA,
            f"{name} pindah ({direction} keluarga ini)" if kk else f"{name} pindah KK",
            " — ".join(p for p in (reason.label if reason else row.alasan, row.keterangan) if p),
            row.orang_uid,
            "riwayat_anggota",
            row.uid,
        )


@register_source
def _intakes(session: Session, _kk: str | None, people: tuple[str, ...]) -> Iterable[TimelineEvent]:
    rows = session.exec(
        select(LayananMasuk).where(
            col(LayananMasuk.penerima_uid).in_(people), ~LayananMasuk.deleted
        )
    )
    for row in rows.all():
        person = session.get(Orang, row.penerima_uid)
        channel = SaluranLayanan.parse(row.saluran)
        urgency = Urgensi.parse(row.urgensi)
        urgency_label = urgency.label if urgency else row.urgensi
        yield TimelineEvent(
            _aware(row.waktu),
            JenisPeristiwa.LAYANAN_MASUK,
            f"Layanan masuk: {person.nama if person else '?'} ({urgency_label})",
            f"{channel.label if channel else row.saluran}: {row.uraian[:200]}",
            row.penerima_uid,
            "layanan_masuk",
            row.uid,
        )


PLUGIN_MODULES = ("puskesos_desktop.services.assessment",)
"""Modules that register their own sources; imported on first use (they import this one)."""


def _collect(
    session: Session, kk: str | None, people: tuple[str, ...]
) -> tuple[TimelineEvent, ...]:
    for name in PLUGIN_MODULES:
        importlib.import_module(name)
    events = [event for source in _SOURCES for event in source(session, kk, people)]
    return tuple(sorted(events, key=lambda e: (e.waktu, e.jenis, e.sumber_uid)))


class TimelineService:
    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    def household(self, keluarga_uid: str) -> HouseholdTimeline:
        """Current members, plus events of former members while they belonged here."""
        detail = RegistryService(self._context).get_household(keluarga_uid)
        AuditService(self._context).record_view("keluarga", keluarga_uid, "riwayat_keluarga")
        with self._context.transaction() as session:
            former = session.exec(
                select(RiwayatAnggota.orang_uid).where(
                    RiwayatAnggota.keluarga_asal_uid == keluarga_uid, ~RiwayatAnggota.deleted
                )
            ).all()
            people = tuple(dict.fromkeys([m.uid for m in detail.anggota] + list(former)))
            return HouseholdTimeline(detail, _collect(session, keluarga_uid, people))

    def person(self, orang_uid: str) -> PersonTimeline:
        detail = RegistryService(self._context).get_person(orang_uid)
        AuditService(self._context).record_view("orang", orang_uid, "riwayat_orang")
        with self._context.transaction() as session:
            return PersonTimeline(detail, _collect(session, None, (orang_uid,)))
