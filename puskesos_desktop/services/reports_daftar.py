"""The list behind a dashboard number: who or what was counted (Beranda click-through).

A number the operator cannot open is a number they cannot check or act on. Each list here
uses the same conditions as the figure it explains (``services/reports_dashboard.py``: same
period helper, same status sets, same "no NIK" rule), and a test asserts that every list is
exactly as long as its number on the demo desk with activity added.

Referral lists without a period (by status, overdue, no news) open on the Rujukan screen,
whose own filters already mean the same; these lists cover what no screen can filter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from puskesos_desktop.domain.assessment_enums import HasilVerivali
from puskesos_desktop.domain.dates_id import format_date
from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.referral_state import LABELS, OUTCOMES, StatusRujukan
from puskesos_desktop.domain.registry_enums import (
    AlasanTanpaNik,
    HubunganKeluarga,
    SaluranLayanan,
    Urgensi,
)
from puskesos_desktop.i18n import _
from puskesos_desktop.reports.model import Periode
from puskesos_desktop.services.reports_sql import on_days, temporary_or_missing_nik
from puskesos_desktop.services.reports_types import Tujuan
from puskesos_desktop.store.models import (
    Asesmen,
    Keluarga,
    LayananMasuk,
    Lembaga,
    Orang,
    RiwayatStatusRujukan,
    Rujukan,
    Verivali,
)

__all__ = ["MAX_ROWS", "Daftar", "build_daftar"]

MAX_ROWS = 1000  # a district "no NIK" list can be huge; the window shows the first thousand
Where = tuple[Any, ...]
"""Extra SQL conditions narrowing a list (a recap row: one channel, one destination type)."""


@dataclass(frozen=True)
class Daftar:
    judul: str
    kolom: tuple[str, ...]
    baris: tuple[tuple[str, ...], ...]
    terpotong: bool = False
    """True when more rows matched than ``MAX_ROWS`` (the dialog says so)."""


def _day(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):  # stored in UTC: the local day is what was typed
        value = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone().date()
    return format_date(value)


def _label(choice_cls: Any, code: str) -> str:
    member = choice_cls.parse(code)
    return member.label if member else code


def _head_name() -> Any:
    """The household head's name, correlated to ``Keluarga.uid`` in the outer query."""
    return (
        select(func.min(Orang.nama))
        .where(
            Orang.keluarga_uid == Keluarga.uid,
            ~Orang.deleted,
            Orang.hubungan == HubunganKeluarga.KEPALA.value,
        )
        .scalar_subquery()
    )


def _rows(session: Session, query: Any) -> tuple[list[Sequence[Any]], bool]:
    found = session.execute(query.limit(MAX_ROWS + 1)).all()
    return list(found[:MAX_ROWS]), len(found) > MAX_ROWS


def _periode(tujuan: Tujuan) -> Periode | None:
    if tujuan.mulai is None or tujuan.sampai is None:
        return None
    return Periode(tujuan.mulai, tujuan.sampai)


def _intakes(
    session: Session, periode: Periode, where: Where = (), title: str | None = None
) -> Daftar:
    query = (
        select(
            LayananMasuk.waktu, Orang.nama, Orang.nik, LayananMasuk.saluran, LayananMasuk.urgensi
        )
        .join(Orang, Orang.uid == LayananMasuk.penerima_uid)
        .where(
            ~LayananMasuk.deleted,
            on_days(LayananMasuk.waktu, periode, is_datetime=True),
            *where,
        )
        .order_by(LayananMasuk.waktu)
    )
    rows, cut = _rows(session, query)
    return Daftar(
        title or _("Layanan masuk — {periode}").format(periode=periode.label),
        (_("Tanggal"), _("Penerima"), _("NIK"), _("Saluran"), _("Urgensi")),
        tuple(
            (_day(w), n, nik or "", _label(SaluranLayanan, s), _label(Urgensi, u))
            for w, n, nik, s, u in rows
        ),
        cut,
    )


def _assessments(session: Session, periode: Periode) -> Daftar:
    query = (
        select(Asesmen.tanggal, _head_name(), Keluarga.no_kk, Asesmen.petugas)
        .join(Keluarga, Keluarga.uid == Asesmen.keluarga_uid)
        .where(~Asesmen.deleted, Asesmen.status == "FINAL", on_days(Asesmen.tanggal, periode))
        .order_by(Asesmen.tanggal)
    )
    rows, cut = _rows(session, query)
    return Daftar(
        _("Asesmen — {periode}").format(periode=periode.label),
        (_("Tanggal"), _("Kepala keluarga"), _("No. KK"), _("Petugas")),
        tuple((_day(t), h or "", kk or "", p) for t, h, kk, p in rows),
        cut,
    )


def _referrals(
    session: Session,
    periode: Periode,
    *,
    outcome: bool,
    where: Where = (),
    title: str | None = None,
) -> Daftar:
    if outcome:
        when = Rujukan.status_tanggal
        conditions: tuple[Any, ...] = (
            Rujukan.status.in_([s.value for s in OUTCOMES]),
            on_days(Rujukan.status_tanggal, periode),
        )
        heading = _("Rujukan mendapat hasil — {periode}")
        first = _("Tanggal hasil")
        source = Rujukan
    else:
        sent = (
            select(
                RiwayatStatusRujukan.rujukan_uid,
                func.min(RiwayatStatusRujukan.tanggal).label("tanggal"),
            )
            .where(
                ~RiwayatStatusRujukan.deleted,
                RiwayatStatusRujukan.ke_status == StatusRujukan.DIRUJUK.value,
            )
            .group_by(RiwayatStatusRujukan.rujukan_uid)
            .subquery()
        )
        when, conditions = sent.c.tanggal, (on_days(sent.c.tanggal, periode),)
        heading, first = _("Rujukan dikirim — {periode}"), _("Tanggal dikirim")
        source = sent
    query = select(when, Orang.nama, Lembaga.nama, Rujukan.status).select_from(source)
    if not outcome:
        query = query.join(Rujukan, Rujukan.uid == source.c.rujukan_uid)
    query = (
        query.join(Orang, Orang.uid == Rujukan.orang_uid)
        .join(Lembaga, Lembaga.uid == Rujukan.lembaga_uid)
        .where(~Rujukan.deleted, *conditions, *where)
        .order_by(when)
    )
    rows, cut = _rows(session, query)
    return Daftar(
        title or heading.format(periode=periode.label),
        (first, _("Warga"), _("Tujuan"), _("Status sekarang")),
        tuple((_day(t), n, lem, LABELS[StatusRujukan(s)]) for t, n, lem, s in rows),
        cut,
    )


def _without_nik(session: Session, where: Where = (), title: str | None = None) -> Daftar:
    query = (
        select(Orang.nama, Orang.nik, Orang.tanggal_lahir, Orang.alasan_tanpa_nik, Keluarga.alamat)
        .outerjoin(Keluarga, Keluarga.uid == Orang.keluarga_uid)
        .where(
            ~Orang.deleted,
            Orang.status_dasar == "HIDUP",
            temporary_or_missing_nik(Orang.nik),
            *where,
        )
        .order_by(Orang.nama)
    )
    rows, cut = _rows(session, query)
    return Daftar(
        title or _("Penduduk tanpa NIK"),
        (_("Nama"), _("NIK sementara"), _("Tanggal lahir"), _("Alasan"), _("Alamat")),
        tuple(
            (n, nik or "", _day(b), _label(AlasanTanpaNik, a), al or "")
            for n, nik, b, a, al in rows
        ),
        cut,
    )


def _verivali(
    session: Session,
    periode: Periode | None,
    *,
    done: bool,
    where: Where | None = None,
    title: str | None = None,
) -> Daftar:
    """Visited (``done``) or open marks; ``where`` replaces the default "visited in the
    period" / "still open" condition (the recap's rows count their own way)."""
    if where is None:
        where = ((Verivali.hasil != "") if done else (Verivali.hasil == ""),)
        if periode is not None:
            where += (on_days(Verivali.tanggal_kunjungan, periode),)
    query = (
        select(
            _head_name(),
            Keluarga.no_kk,
            Verivali.alasan,
            Verivali.ditandai_pada,
            Verivali.hasil,
            Verivali.tanggal_kunjungan,
        )
        .join(Keluarga, Keluarga.uid == Verivali.keluarga_uid)
        .where(~Verivali.deleted, *where)
        .order_by(Verivali.tanggal_kunjungan if done else Verivali.ditandai_pada)
    )
    rows, cut = _rows(session, query)
    if done:
        title = title or (
            _("Verivali dikunjungi — {periode}").format(periode=periode.label)
            if periode
            else _("Verivali dikunjungi (seluruhnya)")
        )
        return Daftar(
            title,
            (_("Kepala keluarga"), _("No. KK"), _("Hasil"), _("Tanggal kunjungan")),
            tuple(
                (h or "", kk or "", _label(HasilVerivali, hasil), _day(visit))
                for h, kk, _a, _m, hasil, visit in rows
            ),
            cut,
        )
    return Daftar(
        title or _("Verivali belum dikunjungi"),
        (_("Kepala keluarga"), _("No. KK"), _("Alasan"), _("Ditandai pada")),
        tuple((h or "", kk or "", alasan, _day(marked)) for h, kk, alasan, marked, _h, _v in rows),
        cut,
    )


def build_daftar(session: Session, tujuan: Tujuan) -> Daftar:
    """The rows behind ``tujuan`` (a dashboard number's target)."""
    if tujuan.rekap is not None:  # a row of a Laporan table
        from puskesos_desktop.services.reports_rows import row_daftar

        return row_daftar(session, tujuan.rekap, tujuan.filter)
    periode = _periode(tujuan)
    key = (tujuan.layar, tujuan.filter, periode is not None)
    if key == ("registrasi", "LAYANAN_MASUK", True):
        return _intakes(session, periode)  # type: ignore[arg-type]
    if key == ("asesmen", "", True):
        return _assessments(session, periode)  # type: ignore[arg-type]
    if key[:2] == ("rujukan", "DIKIRIM") and periode is not None:
        return _referrals(session, periode, outcome=False)
    if key[:2] == ("rujukan", "HASIL") and periode is not None:
        return _referrals(session, periode, outcome=True)
    if key[:2] == ("registrasi", "TANPA_NIK"):
        return _without_nik(session)
    if key[:2] == ("registrasi", "VERIVALI"):
        return _verivali(session, periode, done=False)
    if key[:2] == ("registrasi", "VERIVALI_SELESAI"):
        return _verivali(session, periode, done=True)
    raise UserError(_("Daftar untuk angka ini belum tersedia. Buka layar yang bersangkutan."))
