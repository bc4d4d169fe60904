"""Beranda figures: this month, referrals by status, what needs action, a 12-month trend.

Each trend series is one scan with twelve ``SUM(CASE …)`` columns (one per month), so the
dashboard of a district file costs a handful of queries, not one per month per figure. The
period definitions are those of the recap (:mod:`services.reports_figures`): the dashboard's
"intakes this month" is the recap's intake total for the month, by construction.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlmodel import Session

from puskesos_desktop.domain.referral_state import (
    LABELS,
    OUTCOMES,
    WAITING_FOR_ANSWER,
    StatusRujukan,
)
from puskesos_desktop.i18n import _
from puskesos_desktop.reports.model import Grafik, Periode, Seri
from puskesos_desktop.services.referral_types import FILTER_TANPA_KABAR, FILTER_TERLAMBAT
from puskesos_desktop.services.reports_sql import (
    counts_in_months,
    temporary_or_missing_nik,
)
from puskesos_desktop.services.reports_types import Angka, Dashboard, Tujuan
from puskesos_desktop.store.models import (
    Asesmen,
    LayananMasuk,
    Orang,
    RiwayatStatusRujukan,
    Rujukan,
    Verivali,
)

__all__ = ["TREND_MONTHS", "build_dashboard"]

TREND_MONTHS = 12
_OUTCOME_VALUES = [s.value for s in OUTCOMES]


def _trend(session: Session, months: tuple[Periode, ...]) -> dict[str, tuple[int, ...]]:
    def first_sent() -> tuple[int, ...]:
        sent = (
            select(func.min(RiwayatStatusRujukan.tanggal).label("tanggal"))
            .where(~RiwayatStatusRujukan.deleted, RiwayatStatusRujukan.ke_status == "DIRUJUK")
            .group_by(RiwayatStatusRujukan.rujukan_uid)
            .subquery()
        )
        return counts_in_months(
            session, sent.c.tanggal, months, is_datetime=False, where=(), table=sent
        )

    return {
        "layanan_masuk": counts_in_months(
            session,
            LayananMasuk.waktu,
            months,
            is_datetime=True,
            where=(~LayananMasuk.deleted,),
            table=LayananMasuk,
        ),
        "asesmen": counts_in_months(
            session,
            Asesmen.tanggal,
            months,
            is_datetime=False,
            where=(~Asesmen.deleted, Asesmen.status == "FINAL"),
            table=Asesmen,
        ),
        "rujukan_dikirim": first_sent(),
        "rujukan_selesai": counts_in_months(
            session,
            Rujukan.status_tanggal,
            months,
            is_datetime=False,
            where=(~Rujukan.deleted, Rujukan.status.in_(_OUTCOME_VALUES)),
            table=Rujukan,
        ),
        "verivali_dikunjungi": counts_in_months(
            session,
            Verivali.tanggal_kunjungan,
            months,
            is_datetime=False,
            where=(~Verivali.deleted, Verivali.hasil != ""),
            table=Verivali,
        ),
    }


def _trend_labels() -> dict[str, str]:
    """Series names (screen text: translated when the operator chose English)."""
    return {
        "layanan_masuk": _("Layanan masuk"),
        "asesmen": _("Asesmen"),
        "rujukan_dikirim": _("Rujukan dikirim"),
        "rujukan_selesai": _("Rujukan mendapat hasil"),
    }


def _count(session: Session, *where: object, model: object) -> int:
    return int(session.execute(select(func.count()).select_from(model).where(*where)).scalar_one())


def build_dashboard(session: Session, today: date) -> Dashboard:
    month = Periode.bulan_dari(today)
    months = month.previous_months(TREND_MONTHS)
    trend = _trend(session, months)
    this_month = {key: values[-1] for key, values in trend.items()}

    def period_link(layar: str, filter_: str = "") -> Tujuan:
        return Tujuan(layar, filter_, month.mulai, month.sampai)

    bulan = (
        Angka(
            "layanan_masuk",
            _("Layanan masuk"),
            this_month["layanan_masuk"],
            period_link("registrasi", "LAYANAN_MASUK"),
        ),
        Angka("asesmen", _("Asesmen"), this_month["asesmen"], period_link("asesmen")),
        Angka(
            "rujukan_dikirim",
            _("Rujukan dikirim"),
            this_month["rujukan_dikirim"],
            period_link("rujukan", "DIKIRIM"),
        ),
        Angka(
            "rujukan_selesai",
            _("Rujukan mendapat hasil"),
            this_month["rujukan_selesai"],
            period_link("rujukan", "HASIL"),
        ),
    )
    by_status = dict(
        session.execute(
            select(Rujukan.status, func.count()).where(~Rujukan.deleted).group_by(Rujukan.status)
        ).all()
    )
    order = list(StatusRujukan)  # declaration order: the path a referral takes
    rujukan_status = tuple(
        Angka(
            f"status:{s.value}",
            LABELS[s],
            int(by_status.get(s.value, 0)),
            Tujuan("rujukan", s.value),
        )
        for s in order
    )
    waiting = [s.value for s in WAITING_FOR_ANSWER]
    overdue = _count(
        session,
        ~Rujukan.deleted,
        Rujukan.status.in_(waiting),
        Rujukan.tanggal_tindak_lanjut < today,
        model=Rujukan,
    )
    no_news = _count(
        session,
        ~Rujukan.deleted,
        Rujukan.status == StatusRujukan.DIRUJUK.value,
        Rujukan.tanggal_tindak_lanjut < today,
        model=Rujukan,
    )
    no_nik = _count(
        session,
        ~Orang.deleted,
        Orang.status_dasar == "HIDUP",
        temporary_or_missing_nik(Orang.nik),
        model=Orang,
    )
    perhatian = (
        Angka(
            "terlambat", _("Tindak lanjut terlambat"), overdue, Tujuan("rujukan", FILTER_TERLAMBAT)
        ),
        Angka(
            "tanpa_kabar", _("Rujukan tanpa kabar"), no_news, Tujuan("rujukan", FILTER_TANPA_KABAR)
        ),
        Angka("tanpa_nik", _("Penduduk tanpa NIK"), no_nik, Tujuan("registrasi", "TANPA_NIK")),
    )
    open_marks = _count(session, ~Verivali.deleted, Verivali.hasil == "", model=Verivali)
    visited_total = _count(session, ~Verivali.deleted, Verivali.hasil != "", model=Verivali)
    verivali = (
        Angka(
            "verivali_terbuka",
            _("Verivali belum dikunjungi"),
            open_marks,
            Tujuan("registrasi", "VERIVALI"),
        ),
        Angka(
            "verivali_dikunjungi",
            _("Verivali dikunjungi bulan ini"),
            this_month["verivali_dikunjungi"],
            period_link("registrasi", "VERIVALI_SELESAI"),
        ),
        Angka(
            "verivali_selesai",
            _("Verivali selesai (seluruhnya)"),
            visited_total,
            Tujuan("registrasi", "VERIVALI_SELESAI"),
        ),
    )
    tren = Grafik(
        _("Tren 12 bulan"),
        tuple(m.short_label for m in months),
        tuple(
            Seri(label, tuple(float(v) for v in trend[key]))
            for key, label in _trend_labels().items()
        ),
    )
    return Dashboard(today, month, bulan, rujukan_status, perhatian, verivali, tren, months)
