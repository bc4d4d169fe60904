"""What a recap covers (whole desk, one kecamatan, one village) and the district tables.

At the district every row keeps the ``origin`` desk that created it, and each village desk
is enrolled with its region code. So "per desa" is a GROUP BY origin (no join over a
million persons), "per kecamatan" adds those village rows up by the first eight characters
of the region code, and a filter on a kecamatan is ``origin IN (its desks)``.

"Not sent" means: no bundle from that desk was applied or queued within the period (a
bundle waiting for a missing predecessor still proves the village sent something).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import distinct, func, select
from sqlalchemy.sql import ColumnElement
from sqlmodel import Session

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.referral_state import OUTCOMES
from puskesos_desktop.i18n import _
from puskesos_desktop.reports.model import Baris, JenisKolom, Kolom, Periode, Tabel
from puskesos_desktop.services.reports_sql import (
    grouped_counts,
    moment,
    on_days,
    temporary_or_missing_nik,
)
from puskesos_desktop.services.reports_types import DeskChoice, FilterChoices, RekapFilter
from puskesos_desktop.store.models import (
    Asesmen,
    AsesmenPpks,
    BundleLog,
    DeskProfile,
    LayananMasuk,
    Orang,
    PendingBundle,
    RiwayatStatusRujukan,
    Rujukan,
    TrustedDesk,
    Verivali,
)

__all__ = [
    "Scope",
    "district_tables",
    "filter_choices",
    "instansi_name",
    "resolve_scope",
    "sent_dates",
    "village_desks",
]

OWN_DATA = "(data dinas sendiri)"


@dataclass(frozen=True)
class Scope:
    """The period and the desks (origins) a recap counts; ``origins`` None = everything."""

    periode: Periode
    mode: str
    place: str
    origins: tuple[str, ...] | None
    desks: tuple[DeskChoice, ...]

    def where(self, model: Any) -> tuple[ColumnElement[bool], ...]:
        return () if self.origins is None else (model.origin.in_(self.origins),)

    def filter_lines(self, chosen: RekapFilter) -> tuple[tuple[str, str], ...]:
        lines = [("Periode", chosen.periode.label), ("Wilayah", self.place)]
        if self.mode == "dinas":
            by_code = {d.kode_kecamatan: d.nama_kecamatan for d in self.desks}
            desks = {d.desk_id: d.nama for d in self.desks}
            lines.append(
                (
                    "Kecamatan",
                    by_code.get(chosen.kode_kecamatan, chosen.kode_kecamatan) or "Semua kecamatan",
                )
            )
            lines.append(("Desa", desks.get(chosen.desk_id, chosen.desk_id) or "Semua desa"))
        lines.append(
            (
                "PPKS pertimbangan dalam SPM",
                "disertakan" if chosen.spm_pertimbangan else "tidak disertakan",
            )
        )
        return tuple(lines)


def _profile(session: Session) -> DeskProfile:
    profile = session.get(DeskProfile, 1)
    if profile is None:
        raise UserError(_("Aplikasi belum disiapkan."))
    return profile


def instansi_name(session: Session) -> str:
    """``Puskesos Desa Kedungmalang`` / ``Dinas Sosial Kabupaten Jepara`` (report titles)."""
    profile = _profile(session)
    if profile.mode == "dinas":
        return f"Dinas Sosial {profile.nama_kabupaten.title()}"
    return f"Puskesos {profile.kop_nama.title()}"


def village_desks(session: Session) -> tuple[DeskChoice, ...]:
    from puskesos_desktop.services.wilayah import region_index

    rows = session.execute(
        select(TrustedDesk.desk_id, TrustedDesk.official_name, TrustedDesk.region_code).where(
            TrustedDesk.kind == "desa"
        )
    ).all()
    if not rows:
        return ()
    index = region_index()
    result = []
    for desk_id, official, code in rows:
        village = index.get(code)
        kecamatan = index.get(code[:8])
        result.append(
            DeskChoice(
                desk_id,
                village.nama.title() if village else official,
                code,
                code[:8],
                kecamatan.nama.title() if kecamatan else code[:8],
            )
        )
    return tuple(sorted(result, key=lambda d: (d.nama_kecamatan, d.nama, d.desk_id)))


def filter_choices(session: Session) -> FilterChoices:
    mode = _profile(session).mode
    desks = village_desks(session) if mode == "dinas" else ()
    kecamatan = tuple(dict.fromkeys((d.kode_kecamatan, d.nama_kecamatan) for d in desks))
    return FilterChoices(mode, kecamatan, desks)


def resolve_scope(session: Session, chosen: RekapFilter) -> Scope:
    profile = _profile(session)
    place = instansi_name(session).removeprefix("Puskesos ")
    if profile.mode != "dinas":
        return Scope(chosen.periode, profile.mode, place, None, ())
    desks = village_desks(session)
    chosen_desks = [
        d
        for d in desks
        if (not chosen.kode_kecamatan or d.kode_kecamatan == chosen.kode_kecamatan)
        and (not chosen.desk_id or d.desk_id == chosen.desk_id)
    ]
    if not chosen.kode_kecamatan and not chosen.desk_id:
        return Scope(chosen.periode, profile.mode, place, None, desks)
    return Scope(
        chosen.periode,
        profile.mode,
        place,
        tuple(d.desk_id for d in chosen_desks),
        tuple(chosen_desks),
    )


def sent_dates(scope: Scope) -> Any:
    """Subquery ``(rujukan_uid, tanggal)``: referrals first marked DIRUJUK in the period."""
    first = func.min(RiwayatStatusRujukan.tanggal)
    return (
        select(RiwayatStatusRujukan.rujukan_uid, first.label("tanggal"))
        .where(~RiwayatStatusRujukan.deleted, RiwayatStatusRujukan.ke_status == "DIRUJUK")
        .group_by(RiwayatStatusRujukan.rujukan_uid)
        .having(on_days(first, scope.periode))
        .subquery("dirujuk")
    )


# -- per desk measures ---------------------------------------------------------------------
MEASURES = (
    "Layanan masuk",
    "Asesmen final",
    "Orang dengan PPKS",
    "Rujukan dikirim",
    "Rujukan mendapat hasil",
    "Keluarga diverivali",
    "Penduduk tanpa NIK",
)


def _per_origin(session: Session, scope: Scope) -> list[dict[str, int]]:
    """One ``{origin: count}`` per measure, each a single GROUP BY origin."""
    period = scope.periode
    sent = sent_dates(scope)
    queries = [
        select(LayananMasuk.origin, func.count()).where(
            ~LayananMasuk.deleted, on_days(LayananMasuk.waktu, period, is_datetime=True)
        ),
        select(Asesmen.origin, func.count()).where(
            ~Asesmen.deleted, Asesmen.status == "FINAL", on_days(Asesmen.tanggal, period)
        ),
        select(
            Asesmen.origin,
            func.count(distinct(func.coalesce(AsesmenPpks.orang_uid, Asesmen.orang_uid))),
        )
        .join(AsesmenPpks, AsesmenPpks.asesmen_uid == Asesmen.uid)
        .where(
            ~Asesmen.deleted,
            ~AsesmenPpks.deleted,
            Asesmen.status == "FINAL",
            on_days(Asesmen.tanggal, period),
        ),
        select(Rujukan.origin, func.count())
        .join(sent, sent.c.rujukan_uid == Rujukan.uid)
        .where(~Rujukan.deleted),
        select(Rujukan.origin, func.count()).where(
            ~Rujukan.deleted,
            Rujukan.status.in_([s.value for s in OUTCOMES]),
            on_days(Rujukan.status_tanggal, period),
        ),
        select(Verivali.origin, func.count(distinct(Verivali.keluarga_uid))).where(
            ~Verivali.deleted, Verivali.hasil != "", on_days(Verivali.tanggal_kunjungan, period)
        ),
        select(Orang.origin, func.count()).where(
            ~Orang.deleted,
            Orang.status_dasar == "HIDUP",
            temporary_or_missing_nik(Orang.nik),
        ),
    ]
    result = []
    for query in queries:
        model_origin = query.selected_columns[0]
        if scope.origins is not None:
            query = query.where(model_origin.in_(scope.origins))
        counts = grouped_counts(session, query.group_by(model_origin))
        result.append({str(key[0]): value for key, value in counts.items()})
    return result


def _columns() -> tuple[Kolom, ...]:
    return tuple(Kolom(title) for title in MEASURES)


NOTE = (
    "Layanan masuk, asesmen, rujukan dikirim dan verivali: dalam periode. Rujukan mendapat "
    "hasil: selesai dilayani, ditolak, tidak memenuhi syarat atau dialihkan dalam periode. "
    "Penduduk tanpa NIK: keadaan saat laporan dibuat. Desa menurut desk yang mencatat data."
)


def district_tables(session: Session, scope: Scope) -> tuple[Tabel, ...]:
    measures = _per_origin(session, scope)
    known = {d.desk_id: d for d in scope.desks}
    found = sorted({origin for m in measures for origin in m} - set(known))
    village_rows = []
    kecamatan_totals: dict[tuple[str, str], list[int]] = {}
    for desk in scope.desks:
        values = tuple(m.get(desk.desk_id, 0) for m in measures)
        village_rows.append(Baris((desk.nama_kecamatan, desk.nama), values, f"DESK:{desk.desk_id}"))
        total = kecamatan_totals.setdefault(
            (desk.kode_kecamatan, desk.nama_kecamatan), [0] * len(MEASURES)
        )
        for index, value in enumerate(values):
            total[index] += value
    for origin in found:
        village_rows.append(
            Baris(
                ("-", f"{OWN_DATA} {origin}"),
                tuple(m.get(origin, 0) for m in measures),
                f"DESK:{origin}",
            )
        )
    kecamatan_rows = tuple(
        Baris((name,), tuple(values), f"KECAMATAN:{code}")
        for (code, name), values in kecamatan_totals.items()
    )
    return (
        Tabel(
            "per_kecamatan",
            "Ringkasan per kecamatan",
            ("Kecamatan",),
            _columns(),
            kecamatan_rows,
            catatan=NOTE,
        ),
        Tabel(
            "per_desa",
            "Ringkasan per desa",
            ("Kecamatan", "Desa"),
            _columns(),
            tuple(village_rows),
            catatan=NOTE,
        ),
        _not_sent(session, scope),
    )


def _not_sent(session: Session, scope: Scope) -> Tabel:
    period = scope.periode
    start, end = moment(period.mulai), moment(period.end_exclusive)
    received = {
        str(origin)
        for (origin,) in session.execute(
            select(BundleLog.origin)
            .where(BundleLog.applied_at >= start, BundleLog.applied_at < end)
            .union(
                select(PendingBundle.origin).where(
                    PendingBundle.received_at >= start, PendingBundle.received_at < end
                )
            )
        ).all()
    }
    last = dict(
        session.execute(
            select(BundleLog.origin, func.max(BundleLog.applied_at)).group_by(BundleLog.origin)
        ).all()
    )
    revoked = {
        str(d)
        for (d,) in session.execute(select(TrustedDesk.desk_id).where(TrustedDesk.revoked)).all()
    }
    rows = []
    for desk in scope.desks:
        if desk.desk_id in received or desk.desk_id in revoked:
            continue
        last_at = last.get(desk.desk_id)
        if isinstance(last_at, str):
            last_at = datetime.fromisoformat(last_at)
        last_day = last_at.date() if last_at else None
        days = (period.sampai - last_day).days if last_day else None
        rows.append(
            Baris(
                (
                    desk.nama_kecamatan,
                    desk.nama,
                    last_day.strftime("%d-%m-%Y") if last_day else "belum pernah",
                ),
                (days,),
                f"DESK:{desk.desk_id}",
            )
        )
    return Tabel(
        "belum_kirim",
        "Desa yang belum mengirim paket sinkronisasi dalam periode",
        ("Kecamatan", "Desa", "Paket terakhir diterima"),
        (Kolom("Hari sejak paket terakhir (s.d. akhir periode)", JenisKolom.NILAI),),
        tuple(rows),
        ada_total=False,
        catatan=f"{len(rows)} dari {sum(d.desk_id not in revoked for d in scope.desks)} "
        "desa terdaftar belum mengirim paket.",
    )
