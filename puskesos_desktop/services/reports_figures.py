"""Every figure of the recap, one SQL aggregate per table (the one query module of issue #8).

What each table counts (also printed under it, so a reader of the paper knows):

* intakes: requests received in the period, by channel × urgency and by need category ×
  sex of the person helped (an intake with two needs counts under both);
* PPKS and SPM: distinct persons named in a FINAL assessment dated in the period; SPM rows
  by sex, columns by age at the end of the period;
* referrals: those sent (status DIRUJUK reached) in the period, by destination type and by
  their status when the report is made, with the median days from sending to the outcome;
* verivali: households visited in the period, by outcome, plus marks made and still open;
* persons without NIK: living persons with no NIK or a temporary one, by reason, as the
  data stand when the report is made — a stock, not a flow.

Rows are fixed lists (every channel, every PPKS…), zeros included, so two months' papers
line up row by row; an unknown stored code still gets a row of its own, never lost.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from sqlalchemy import and_, case, distinct, func, select
from sqlmodel import Session

from puskesos_desktop.domain.assessment_enums import HasilVerivali
from puskesos_desktop.domain.referral_state import LABELS, OUTCOMES, StatusRujukan
from puskesos_desktop.domain.registry_enums import SaluranLayanan, Urgensi
from puskesos_desktop.i18n import _
from puskesos_desktop.jobs import CancelToken, Progress
from puskesos_desktop.reports.model import Baris, Grafik, JenisKolom, Kolom, Rekap, Seri, Tabel
from puskesos_desktop.services.lembaga import JenisLembaga
from puskesos_desktop.services.reference import need_catalogue
from puskesos_desktop.services.reports_district import (
    Scope,
    district_tables,
    instansi_name,
    resolve_scope,
    sent_dates,
)
from puskesos_desktop.services.reports_people import people_tables, without_nik
from puskesos_desktop.services.reports_rules import counting_rules
from puskesos_desktop.services.reports_sql import (
    days_between,
    grouped_counts,
    json_items,
    label_of,
    median_by,
    on_days,
    ordered,
    sum_of,
)
from puskesos_desktop.services.reports_types import RekapFilter
from puskesos_desktop.store.models import LayananMasuk, Lembaga, Orang, Rujukan, Verivali

__all__ = ["build_rekap"]

OPEN_STATUSES = ("DIRUJUK", "DITERIMA", "DIPROSES")


# -- intakes ---------------------------------------------------------------------------------
def _intakes_by_channel(session: Session, scope: Scope) -> Tabel:
    query = (
        select(LayananMasuk.saluran, LayananMasuk.urgensi, func.count())
        .where(
            ~LayananMasuk.deleted,
            on_days(LayananMasuk.waktu, scope.periode, is_datetime=True),
            *scope.where(LayananMasuk),
        )
        .group_by(LayananMasuk.saluran, LayananMasuk.urgensi)
    )
    counts = grouped_counts(session, query)
    urgencies = [u.value for u in Urgensi]
    channels = ordered((s.value for s in SaluranLayanan), (k[0] for k in counts))
    rows = tuple(
        Baris(
            (label_of(SaluranLayanan, code),),
            (*(counts.get((code, u), 0) for u in urgencies), None),
            f"SALURAN:{code}",
        )
        for code in channels
    )
    rows = tuple(Baris(r.label, (*r.nilai[:-1], sum(r.nilai[:-1])), r.kunci) for r in rows)
    return Tabel(
        "layanan_saluran",
        "Layanan masuk menurut saluran dan tingkat urgensi",
        ("Saluran",),
        (*(Kolom(u.label) for u in Urgensi), sum_of("Jumlah", 0, 1, 2)),
        rows,
        catatan="Permohonan bantuan yang diterima dalam periode (tanggal layanan masuk).",
    )


def _intakes_by_need(session: Session, scope: Scope) -> Tabel:
    item = json_items(session, LayananMasuk.kebutuhan)
    query = (
        select(item.c.value, Orang.jenis_kelamin, func.count())
        .select_from(LayananMasuk)
        .join(item, and_(True))
        .join(Orang, Orang.uid == LayananMasuk.penerima_uid)
        .where(
            ~LayananMasuk.deleted,
            on_days(LayananMasuk.waktu, scope.periode, is_datetime=True),
            *scope.where(LayananMasuk),
        )
        .group_by(item.c.value, Orang.jenis_kelamin)
    )
    counts = grouped_counts(session, query)
    labels = {d.code: d.label for d in need_catalogue().domains}
    codes = ordered(labels, (str(k[0]) for k in counts))
    rows = tuple(
        Baris(
            (labels.get(code, code),),
            (
                counts.get((code, "L"), 0),
                counts.get((code, "P"), 0),
                counts.get((code, "L"), 0) + counts.get((code, "P"), 0),
            ),
            f"KEBUTUHAN:{code}",
        )
        for code in codes
    )
    return Tabel(
        "layanan_kebutuhan",
        "Layanan masuk menurut kategori kebutuhan dan jenis kelamin penerima",
        ("Kategori kebutuhan",),
        (Kolom("Laki-laki"), Kolom("Perempuan"), sum_of("Jumlah", 0, 1)),
        rows,
        catatan="Satu layanan masuk dengan beberapa kebutuhan dihitung pada setiap kategorinya.",
    )


# -- referrals -----------------------------------------------------------------------------
_REFERRAL_COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Masih berjalan", OPEN_STATUSES),
    *(
        (LABELS[s], (s.value,))
        for s in (
            StatusRujukan.SELESAI_DILAYANI,
            StatusRujukan.DITOLAK,
            StatusRujukan.TIDAK_MEMENUHI_SYARAT,
            StatusRujukan.DIALIHKAN,
            StatusRujukan.DIBATALKAN,
        )
    ),
)


def _referrals(session: Session, scope: Scope) -> Tabel:
    sent = sent_dates(scope)
    joined = (
        select()
        .select_from(Rujukan)
        .join(sent, sent.c.rujukan_uid == Rujukan.uid)
        .join(Lembaga, Lembaga.uid == Rujukan.lembaga_uid)
        .where(~Rujukan.deleted, *scope.where(Rujukan))
    )
    counts = grouped_counts(
        session,
        joined.add_columns(Lembaga.jenis, Rujukan.status, func.count()).group_by(
            Lembaga.jenis, Rujukan.status
        ),
    )
    outcome = joined.add_columns(
        Lembaga.jenis.label("grp"),
        days_between(session, Rujukan.status_tanggal, sent.c.tanggal).label("days"),
    ).where(Rujukan.status.in_([s.value for s in OUTCOMES]))
    medians = median_by(session, outcome)
    overall = median_by(session, outcome, grouped=False).get("")
    kinds = ordered((j.value for j in JenisLembaga), (k[0] for k in counts))
    rows = []
    for kind in kinds:
        values = [
            sum(counts.get((kind, s), 0) for s in statuses)
            for _title, statuses in _REFERRAL_COLUMNS
        ]
        rows.append(
            Baris(
                (label_of(JenisLembaga, kind),),
                (*values, sum(values), medians.get(kind)),
                f"JENIS:{kind}",
            )
        )
    width = len(_REFERRAL_COLUMNS)
    return Tabel(
        "rujukan",
        "Rujukan menurut jenis lembaga tujuan dan hasilnya",
        ("Jenis lembaga tujuan",),
        (
            *(Kolom(title) for title, _s in _REFERRAL_COLUMNS),
            sum_of("Jumlah dirujuk", *range(width)),
            Kolom("Median hari sampai hasil", JenisKolom.NILAI, desimal=1),
        ),
        tuple(rows),
        catatan="Rujukan yang dikirim dalam periode, menurut statusnya saat laporan dibuat. "
        "Median hari: dari tanggal dirujuk sampai hasil (selesai dilayani, ditolak, tidak "
        "memenuhi syarat, dialihkan).",
        total_nilai=(*([None] * (width + 1)), overall),
    )


# -- verivali and NIK ----------------------------------------------------------------------
def _verivali(session: Session, scope: Scope) -> tuple[Tabel, Tabel]:
    alive = (~Verivali.deleted, *scope.where(Verivali))
    visited = grouped_counts(
        session,
        select(Verivali.hasil, func.count(distinct(Verivali.keluarga_uid)))
        .where(*alive, Verivali.hasil != "", on_days(Verivali.tanggal_kunjungan, scope.periode))
        .group_by(Verivali.hasil),
    )
    codes = ordered((h.value for h in HasilVerivali), (k[0] for k in visited))
    outcomes = Tabel(
        "verivali_hasil",
        "Keluarga yang diverifikasi ulang (verivali) menurut hasil kunjungan",
        ("Hasil kunjungan",),
        (Kolom("Jumlah keluarga"),),
        tuple(
            Baris((label_of(HasilVerivali, c),), (visited.get((c,), 0),), f"VERIVALI:{c}")
            for c in codes
        ),
        catatan="Keluarga yang dikunjungi dalam periode (tanggal kunjungan).",
    )
    end = scope.periode.end_exclusive
    marked, still_open = session.execute(
        select(
            func.coalesce(
                func.sum(case((on_days(Verivali.ditandai_pada, scope.periode), 1), else_=0)), 0
            ),
            func.coalesce(
                func.sum(
                    case(
                        (
                            and_(
                                Verivali.ditandai_pada < end,
                                (Verivali.hasil == "") | (Verivali.tanggal_kunjungan >= end),
                            ),
                            1,
                        ),
                        else_=0,
                    )
                ),
                0,
            ),
        ).where(*alive)
    ).one()
    progress = Tabel(
        "verivali_status",
        "Kemajuan verivali",
        ("Keadaan",),
        (Kolom("Jumlah keluarga"),),
        (
            Baris(("Ditandai untuk verivali dalam periode",), (int(marked),), "VERIVALI:DITANDAI"),
            Baris(("Dikunjungi dalam periode",), (sum(visited.values()),), "VERIVALI:DIKUNJUNGI"),
            Baris(("Belum dikunjungi pada akhir periode",), (int(still_open),), "VERIVALI:TERBUKA"),
        ),
        ada_total=False,
    )
    return outcomes, progress


# -- the whole recap -----------------------------------------------------------------------
def _short_spm(code: str) -> str:
    """``TUNA_SOSIAL`` → ``Tuna sosial``: chart axis names (the table has the full name)."""
    return code.replace("_", " ").capitalize()


def _charts(tables: dict[str, Tabel]) -> tuple[Grafik, ...]:
    needs = tables["layanan_kebutuhan"]
    spm = tables["spm"]
    codes = tuple(dict.fromkeys(row.kunci.split(":")[1] for row in spm.baris))
    per_sex = {tuple(row.kunci.split(":")[1:]): float(row.nilai[-1] or 0) for row in spm.baris}
    return (
        Grafik(
            "Layanan masuk menurut kategori kebutuhan",
            tuple(row.label[0] for row in needs.baris),
            (Seri("Layanan masuk", tuple(float(r.nilai[-1] or 0) for r in needs.baris)),),
            horizontal=True,
            tabel=needs.kode,
        ),
        Grafik(
            "Penduduk per layanan SPM",
            tuple(_short_spm(code) for code in codes),
            (
                Seri("Laki-laki", tuple(per_sex[(code, "L")] for code in codes)),
                Seri("Perempuan", tuple(per_sex[(code, "P")] for code in codes)),
            ),
            horizontal=True,
            tabel=spm.kode,
        ),
    )


def build_rekap(
    session: Session,
    chosen: RekapFilter,
    *,
    operator: str,
    now: datetime,
    progress: Progress,
    cancel: CancelToken,
) -> Rekap:
    scope = resolve_scope(session, chosen)
    steps: list[tuple[str, Callable[[], Iterable[Tabel]]]] = [
        (
            _("Menghitung layanan masuk"),
            lambda: (_intakes_by_channel(session, scope), _intakes_by_need(session, scope)),
        ),
        (
            _("Menghitung PPKS dan SPM"),
            lambda: people_tables(session, scope, chosen.spm_pertimbangan),
        ),
        (_("Menghitung rujukan"), lambda: (_referrals(session, scope),)),
        (_("Menghitung verivali"), lambda: _verivali(session, scope)),
        (_("Menghitung penduduk tanpa NIK"), lambda: (without_nik(session, scope),)),
    ]
    if scope.mode == "dinas":
        steps.append(
            (_("Menghitung per kecamatan dan desa"), lambda: district_tables(session, scope))
        )
    tables: list[Tabel] = []
    for number, (label, step) in enumerate(steps):
        cancel.check()
        progress(number, len(steps), label)
        tables.extend(step())
    progress(len(steps), len(steps), _("Selesai menghitung"))
    by_code = {t.kode: t for t in tables}
    return Rekap(
        judul="REKAPITULASI LAYANAN PUSKESOS",
        instansi=instansi_name(session),
        mode=scope.mode,
        periode=chosen.periode,
        filter=scope.filter_lines(chosen),
        tabel=tuple(tables),
        grafik=_charts(by_code),
        dibuat_pada=now,
        dibuat_oleh=operator,
        keterangan=counting_rules(chosen.periode, scope.mode, now),
    )
