"""Figures about people: PPKS categories, SPM services by sex and age, persons without NIK.

Counted persons are distinct: someone assessed twice in a month, or holding two PPKS of one
SPM service, counts once (``COUNT(DISTINCT orang.uid)`` inside the database). Ages are
taken at the end of the period and banded in SQL by comparing birth dates with cut-off
dates, so no person row is ever fetched.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import and_, case, distinct, func, select
from sqlalchemy.sql import ColumnElement
from sqlmodel import Session

from puskesos_desktop.domain.registry_enums import AlasanTanpaNik
from puskesos_desktop.reports.model import Baris, Kolom, Tabel
from puskesos_desktop.services.reference import ppks_catalogue, spm_catalogue
from puskesos_desktop.services.reports_district import Scope
from puskesos_desktop.services.reports_sql import (
    grouped_counts,
    label_of,
    on_days,
    ordered,
    sum_of,
    temporary_or_missing_nik,
)
from puskesos_desktop.store.models import Asesmen, AsesmenPpks, Orang

__all__ = ["AGE_BANDS", "NO_BIRTH_DATE", "assessed_people", "people_tables", "without_nik"]

AGE_BANDS: tuple[tuple[str, int], ...] = (("0–5", 0), ("6–17", 6), ("18–59", 18), ("60+", 60))
"""SPM age bands (label, lowest age): balita, anak (to 18), dewasa, lanjut usia (60+)."""
NO_BIRTH_DATE = "Tgl lahir kosong"


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a common year
        return day.replace(year=day.year - years, day=28)


def assessed_people(scope: Scope) -> tuple[Any, ColumnElement[bool]]:
    """The person a PPKS finding is about, and the condition "FINAL, dated in the period"."""
    person = func.coalesce(AsesmenPpks.orang_uid, Asesmen.orang_uid)
    condition = and_(
        ~AsesmenPpks.deleted,
        ~Asesmen.deleted,
        Asesmen.status == "FINAL",
        on_days(Asesmen.tanggal, scope.periode),
        *scope.where(Asesmen),
    )
    return person, condition


def _ppks(session: Session, scope: Scope) -> Tabel:
    person, condition = assessed_people(scope)
    base = select().select_from(AsesmenPpks).join(Asesmen, Asesmen.uid == AsesmenPpks.asesmen_uid)
    by_sex = grouped_counts(
        session,
        base.add_columns(AsesmenPpks.kode, Orang.jenis_kelamin, func.count(distinct(Orang.uid)))
        .join(Orang, Orang.uid == person)
        .where(condition)
        .group_by(AsesmenPpks.kode, Orang.jenis_kelamin),
    )
    households = grouped_counts(
        session,
        base.add_columns(AsesmenPpks.kode, func.count(distinct(Asesmen.keluarga_uid)))
        .where(condition, person.is_(None))
        .group_by(AsesmenPpks.kode),
    )
    names = {c.code: c.name for c in ppks_catalogue().categories}
    codes = ordered(names, [k[0] for k in by_sex] + [k[0] for k in households])
    rows = []
    for code in codes:
        men, women = by_sex.get((code, "L"), 0), by_sex.get((code, "P"), 0)
        rows.append(
            Baris(
                (code, names.get(code, code)),
                (men, women, men + women, households.get((code,), 0)),
                f"PPKS:{code}",
            )
        )
    return Tabel(
        "ppks",
        "Penduduk menurut kategori PPKS (hasil asesmen dalam periode)",
        ("Kode", "Kategori PPKS"),
        (
            Kolom("Laki-laki"),
            Kolom("Perempuan"),
            sum_of("Jumlah orang", 0, 1),
            Kolom("Temuan tingkat keluarga"),
        ),
        tuple(rows),
        catatan="Orang yang sama dihitung sekali per kategori walau diasesmen lebih dari sekali. "
        "Temuan tingkat keluarga: kategori dicatat untuk keluarga, tanpa menunjuk anggota.",
    )


def _age_band(born: Any, day: date) -> Any:
    """Oldest band first: born on or before (end − 60 years) is 60+, and so on down."""
    whens = [(born <= _years_before(day, low), label) for label, low in reversed(AGE_BANDS)]
    return case((born.is_(None), NO_BIRTH_DATE), *whens, else_=AGE_BANDS[0][0])


def _spm(session: Session, scope: Scope, include_judgement: bool) -> Tabel:
    person, condition = assessed_people(scope)
    groups = spm_catalogue().groups
    mapping = {
        m.ppks_code: g.code
        for g in groups
        for m in g.members
        if include_judgement or not m.judgement
    }
    group = case(*((AsesmenPpks.kode == code, grp) for code, grp in mapping.items()), else_=None)
    band = _age_band(Orang.tanggal_lahir, scope.periode.sampai)
    query = (
        select(group, Orang.jenis_kelamin, band, func.count(distinct(Orang.uid)))
        .select_from(AsesmenPpks)
        .join(Asesmen, Asesmen.uid == AsesmenPpks.asesmen_uid)
        .join(Orang, Orang.uid == person)
        .where(condition, AsesmenPpks.kode.in_(list(mapping)))
        .group_by(group, Orang.jenis_kelamin, band)
    )
    counts = grouped_counts(session, query)
    bands = [b[0] for b in AGE_BANDS] + [NO_BIRTH_DATE]
    rows = []
    for grp in groups:
        for sex, sex_label in (("L", "Laki-laki"), ("P", "Perempuan")):
            values = [counts.get((grp.code, sex, b), 0) for b in bands]
            rows.append(
                Baris((grp.name, sex_label), (*values, sum(values)), f"SPM:{grp.code}:{sex}")
            )
    return Tabel(
        "spm",
        "Penduduk menurut jenis layanan SPM bidang sosial, jenis kelamin dan kelompok umur",
        ("Layanan SPM", "Jenis kelamin"),
        (*(Kolom(b) for b in bands), sum_of("Jumlah", *range(len(bands)))),
        tuple(rows),
        catatan="Umur pada akhir periode. Orang dengan beberapa PPKS dalam satu layanan "
        "dihitung sekali. "
        + ("Termasuk" if include_judgement else "Tanpa")
        + " PPKS yang dipetakan ke layanan SPM berdasarkan pertimbangan (ABH, AKTK, AMPK, "
        "TS, PML).",
    )


def without_nik(session: Session, scope: Scope) -> Tabel:
    query = (
        select(
            Orang.alasan_tanpa_nik, Orang.jenis_kelamin, Orang.tindak_lanjut_dukcapil, func.count()
        )
        .where(
            ~Orang.deleted,
            Orang.status_dasar == "HIDUP",
            temporary_or_missing_nik(Orang.nik),
            *scope.where(Orang),
        )
        .group_by(Orang.alasan_tanpa_nik, Orang.jenis_kelamin, Orang.tindak_lanjut_dukcapil)
    )
    counts: dict[tuple[str, str], int] = {}
    follow_up: dict[str, int] = {}
    for (reason, sex, dukcapil), count in grouped_counts(session, query).items():
        code = (AlasanTanpaNik.parse(reason) or reason or "").__str__()
        counts[(code, sex)] = counts.get((code, sex), 0) + count
        if dukcapil:
            follow_up[code] = follow_up.get(code, 0) + count
    codes = ordered((a.value for a in AlasanTanpaNik), (k[0] for k in counts))
    rows = tuple(
        Baris(
            (label_of(AlasanTanpaNik, code) if code else "Alasan belum diisi",),
            (
                counts.get((code, "L"), 0),
                counts.get((code, "P"), 0),
                counts.get((code, "L"), 0) + counts.get((code, "P"), 0),
                follow_up.get(code, 0),
            ),
            f"TANPA_NIK:{code}",
        )
        for code in codes
    )
    return Tabel(
        "tanpa_nik",
        "Penduduk tanpa NIK (NIK sementara atau kosong) menurut alasan",
        ("Alasan tanpa NIK",),
        (
            Kolom("Laki-laki"),
            Kolom("Perempuan"),
            sum_of("Jumlah", 0, 1),
            Kolom("Perlu ditindaklanjuti ke Dukcapil"),
        ),
        rows,
        catatan="Penduduk yang masih hidup, menurut data saat laporan dibuat (bukan hanya "
        "periode ini): NIK yang sudah diperbaiki tidak dihitung lagi.",
    )


def people_tables(session: Session, scope: Scope, include_judgement: bool) -> tuple[Tabel, ...]:
    return _ppks(session, scope), _spm(session, scope, include_judgement)
