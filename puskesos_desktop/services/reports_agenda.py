"""The register of outgoing letters (buku agenda surat keluar) from the ``surat_keluar`` table.

A number is never reused, so the book lists voided letters too, with why: an auditor checks
that the running numbers have no silent gaps. Village mode lists this desk's own letters;
the district may add every village's letters (marked with their desk).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session

from puskesos_desktop.services.reports_district import instansi_name, village_desks
from puskesos_desktop.services.reports_sql import on_days
from puskesos_desktop.services.reports_types import AgendaFilter, AgendaRow, AgendaSurat
from puskesos_desktop.store.models import DeskProfile, SuratKeluar

__all__ = ["build_agenda"]


def _keterangan(status: str, alasan: str, reprints: int) -> str:
    parts = []
    if status == "BATAL":
        parts.append(f"Dibatalkan: {alasan}" if alasan else "Dibatalkan")
    if reprints:
        parts.append(f"Dicetak ulang {reprints}×")
    return "; ".join(parts)


def build_agenda(session: Session, chosen: AgendaFilter, *, now: datetime) -> AgendaSurat:
    profile = session.get(DeskProfile, 1)
    own = profile.desk_id if profile else ""
    mode = profile.mode if profile else "desa"
    query = select(
        SuratKeluar.nomor,
        SuratKeluar.urut,
        SuratKeluar.tahun,
        SuratKeluar.tanggal,
        SuratKeluar.perihal,
        SuratKeluar.tujuan,
        SuratKeluar.status,
        SuratKeluar.alasan_batal,
        SuratKeluar.jumlah_cetak_ulang,
        SuratKeluar.origin,
    ).where(~SuratKeluar.deleted, on_days(SuratKeluar.tanggal, chosen.periode))
    every_desk = chosen.semua_desk and mode == "dinas"
    if not every_desk:
        query = query.where(SuratKeluar.origin == own)
    if not chosen.termasuk_batal:
        query = query.where(SuratKeluar.status != "BATAL")
    query = query.order_by(
        SuratKeluar.origin != own, SuratKeluar.origin, SuratKeluar.tahun, SuratKeluar.urut
    )
    names = {d.desk_id: d.nama for d in village_desks(session)} if every_desk else {}
    rows = tuple(
        AgendaRow(
            nomor=nomor,
            urut=urut,
            tahun=tahun,
            tanggal=tanggal,
            perihal=perihal,
            tujuan=tujuan,
            status=status,
            keterangan=_keterangan(status, alasan, reprints),
            asal=("" if origin == own else names.get(origin, origin)) if every_desk else "",
        )
        for (
            nomor,
            urut,
            tahun,
            tanggal,
            perihal,
            tujuan,
            status,
            alasan,
            reprints,
            origin,
        ) in session.execute(query)
    )
    lines = [
        ("Periode", chosen.periode.label),
        ("Surat dibatalkan", "disertakan" if chosen.termasuk_batal else "tidak disertakan"),
    ]
    if mode == "dinas":
        lines.append(("Surat desa", "disertakan" if every_desk else "tidak disertakan"))
    return AgendaSurat(
        instansi_name(session), mode, chosen.periode, tuple(lines), rows, now, every_desk
    )
