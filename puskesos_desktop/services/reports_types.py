"""Values the report service takes and returns (frozen; no database, no Qt).

The Laporan screen, the Beranda dashboard, the CLI and the writers all use these. The table
and chart shapes themselves live in :mod:`puskesos_desktop.reports.model` (plain data the PDF
and XLSX writers read); they are re-exported here so callers import from one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

from puskesos_desktop.reports.model import (
    AgendaRow,
    AgendaSurat,
    Baris,
    Grafik,
    JenisKolom,
    Kolom,
    Periode,
    Rekap,
    Seri,
    Tabel,
    parse_month,
)

__all__ = [
    "AgendaFilter",
    "AgendaRow",
    "AgendaSurat",
    "Angka",
    "Baris",
    "Dashboard",
    "DeskChoice",
    "FilterChoices",
    "FormatLaporan",
    "Grafik",
    "JenisKolom",
    "Kolom",
    "Periode",
    "Rekap",
    "RekapFilter",
    "SavedReport",
    "Seri",
    "Tabel",
    "Tujuan",
    "parse_month",
]


class FormatLaporan(StrEnum):
    PDF = "pdf"
    XLSX = "xlsx"


@dataclass(frozen=True)
class RekapFilter:
    """What the operator chose for a recap (recorded on the Filter sheet and header line)."""

    periode: Periode
    kode_kecamatan: str = ""
    """District mode: ``33.20.01`` limits the recap to villages of that kecamatan."""
    desk_id: str = ""
    """District mode: one village desk (``DESA-3320012001``); "" = all."""
    spm_pertimbangan: bool = True
    """Count the PPKS that ``spm.json`` assigns to an SPM service only by judgement
    (``pertimbangan``: ABH, AKTK, AMPK, TS, PML)."""


@dataclass(frozen=True)
class DeskChoice:
    desk_id: str
    nama: str
    kode_wilayah: str
    kode_kecamatan: str
    nama_kecamatan: str


@dataclass(frozen=True)
class FilterChoices:
    """What the filter combos offer: in village mode both tuples are empty."""

    mode: str
    kecamatan: tuple[tuple[str, str], ...]  # (kode "33.20.01", nama "Kedung")
    desa: tuple[DeskChoice, ...]


@dataclass(frozen=True)
class Tujuan:
    """Where a click on a number leads: a main-window page and the list filter to apply.

    ``layar`` is a page key of the main window (``registrasi``, ``asesmen``, ``rujukan``,
    ``laporan``…). ``filter`` is what that page's list understands, e.g. a referral status
    or ``TERLAMBAT``/``TANPA_KABAR`` (:mod:`services.referral_types` filters), ``VERIVALI``
    for the open verivali marks, ``TANPA_NIK`` for persons with a temporary number.
    ``mulai``/``sampai`` bound the list to the counted days when it is a period count.
    """

    layar: str
    filter: str = ""
    mulai: date | None = None
    sampai: date | None = None
    rekap: RekapFilter | None = None
    """A row of a Laporan table: the recap it belongs to (period, kecamatan/desa); then
    ``filter`` is the row's ``Baris.kunci`` (``SALURAN:…``, ``PPKS:…``, ``JENIS:…``)."""


@dataclass(frozen=True)
class Angka:
    """One number on the dashboard, with the list it stands for."""

    kode: str
    """Stable id: ``layanan_masuk``, ``asesmen``, ``rujukan_dikirim``, ``rujukan_selesai``,
    ``status:DIRUJUK``…, ``terlambat``, ``tanpa_kabar``, ``verivali_terbuka``,
    ``verivali_dikunjungi``, ``tanpa_nik``."""
    label: str
    nilai: int
    tujuan: Tujuan


@dataclass(frozen=True)
class Dashboard:
    """Beranda figures: this month, referrals by status now, verivali progress, 12 months."""

    hari_ini: date
    bulan_ini: Periode
    bulan: tuple[Angka, ...]
    """This month: intakes, assessments, referrals sent, referrals that reached an outcome."""
    rujukan_status: tuple[Angka, ...]
    """Referrals by current status (open ones first; drafts included), all time."""
    perhatian: tuple[Angka, ...]
    """Needs action: overdue follow-ups, referrals without news, persons without NIK."""
    verivali: tuple[Angka, ...]
    """Open marks, visited this month, visited in total."""
    tren: Grafik
    """12 months (oldest first): intakes, assessments, referrals sent, outcomes."""
    tren_bulan: tuple[Periode, ...]
    """The 12 months of ``tren`` (a click on a bar opens that month's recap)."""

    def angka(self, kode: str) -> Angka:
        for group in (self.bulan, self.rujukan_status, self.perhatian, self.verivali):
            for item in group:
                if item.kode == kode:
                    return item
        raise KeyError(kode)


@dataclass(frozen=True)
class AgendaFilter:
    periode: Periode
    termasuk_batal: bool = True
    """Voided letters stay in the register (a number is never reused); hide them only for
    a quick look, never for the official book."""
    semua_desk: bool = False
    """District mode: the letters of every village desk too (with their desk), not only the
    district's own book."""


@dataclass(frozen=True)
class SavedReport:
    path: Path
    format: FormatLaporan
    size: int
    pages: int | None = None  # PDF only
