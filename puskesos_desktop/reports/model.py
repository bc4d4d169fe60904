"""The plain shape of every report: periods, tables of numbers, chart series.

One figures module (``services/reports_figures.py``) fills these; the screen, the PDF and
the XLSX all read the *same* values, so the three can never disagree. Standard library only:
the GUI, the PDF and XLSX writers and the tests import this without a database.

A :class:`Tabel` knows which columns add up, so the PDF prints a totals row and the XLSX
writes that row (and the row-total column) as ``=SUM(...)`` formulas an operator can audit.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from puskesos_desktop.domain.dates_id import MONTHS, format_date, format_month_year
from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.i18n import _

__all__ = [
    "AgendaRow",
    "AgendaSurat",
    "Baris",
    "Grafik",
    "JenisKolom",
    "Kolom",
    "Nilai",
    "Periode",
    "Rekap",
    "Seri",
    "Tabel",
    "parse_month",
]

Nilai = int | float | None
"""A table cell: a count, a median or a number of days; None prints as "-"."""


@dataclass(frozen=True, order=True)
class Periode:
    """A closed range of days (``mulai`` ≤ day ≤ ``sampai``): a month or any from/to range."""

    mulai: date
    sampai: date

    def __post_init__(self) -> None:
        if self.sampai < self.mulai:
            raise UserError(_("Tanggal akhir periode tidak boleh sebelum tanggal awal."))

    @classmethod
    def bulan(cls, year: int, month: int) -> Periode:
        last = calendar.monthrange(year, month)[1]
        return cls(date(year, month, 1), date(year, month, last))

    @classmethod
    def bulan_dari(cls, day: date) -> Periode:
        """The calendar month ``day`` falls in."""
        return cls.bulan(day.year, day.month)

    @property
    def is_month(self) -> bool:
        return self == Periode.bulan(self.mulai.year, self.mulai.month)

    @property
    def label(self) -> str:
        """``Oktober 2026`` for a month, else ``1 Oktober 2026 – 15 November 2026``."""
        if self.is_month:
            return format_month_year(self.mulai.month, self.mulai.year)
        return f"{format_date(self.mulai)} – {format_date(self.sampai)}"

    @property
    def short_label(self) -> str:
        """``Okt 26`` for chart axes (a month), else the first day as ``1/10``."""
        if self.is_month:
            return f"{MONTHS[self.mulai.month - 1][:3]} {self.mulai.year % 100:02d}"
        return f"{self.mulai.day}/{self.mulai.month}"

    @property
    def end_exclusive(self) -> date:
        """The day after ``sampai``: half-open bounds compare correctly on datetimes too."""
        return self.sampai + timedelta(days=1)

    def previous_months(self, count: int) -> tuple[Periode, ...]:
        """``count`` calendar months ending with the month of ``sampai``, oldest first."""
        year, month = self.sampai.year, self.sampai.month
        result: list[Periode] = []
        for _month in range(count):
            result.append(Periode.bulan(year, month))
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        return tuple(reversed(result))


def parse_month(text: str) -> Periode:
    """``2026-10`` (CLI, settings) → the month of October 2026."""
    try:
        year_text, month_text = text.strip().split("-")
        year, month = int(year_text), int(month_text)
        if not 1 <= month <= 12 or not 2000 <= year <= 2100:
            raise ValueError
    except ValueError:
        raise UserError(
            _("Bulan '{text}' tidak dikenali. Tulis tahun-bulan, mis. 2026-10.").format(text=text)
        ) from None
    return Periode.bulan(year, month)


class JenisKolom(StrEnum):
    ANGKA = "angka"
    """A count: summed in the totals row (XLSX: ``=SUM`` down the column)."""
    JUMLAH_BARIS = "jumlah_baris"
    """The sum of the ``ANGKA`` columns named in ``Kolom.dari`` (XLSX: ``=SUM`` across)."""
    NILAI = "nilai"
    """Not additive (a median, a date, a number of days): the totals row shows
    ``Tabel.total_nilai`` for it, computed over all rows, never a sum of medians."""


@dataclass(frozen=True)
class Kolom:
    judul: str
    jenis: JenisKolom = JenisKolom.ANGKA
    dari: tuple[int, ...] = ()
    """For ``JUMLAH_BARIS``: indexes (into ``Tabel.kolom``) of the columns it adds up."""
    desimal: int = 0


@dataclass(frozen=True)
class Baris:
    label: tuple[str, ...]
    """One text per ``Tabel.kolom_label`` (e.g. ("Kedung", "Kedungmalang"))."""
    nilai: tuple[Nilai, ...]
    """One value per ``Tabel.kolom``; ``None`` prints as "-"."""
    kunci: str = ""
    """Stable code of the row for click-through (e.g. ``SALURAN:DATANG_LANGSUNG``,
    ``PPKS:LUT``, ``STATUS:DITOLAK``, ``DESK:DESA-3320012001``); "" = not clickable."""


@dataclass(frozen=True)
class Tabel:
    kode: str
    """Stable id (``layanan_saluran``…): XLSX sheet order, tests and the GUI key on it."""
    judul: str
    kolom_label: tuple[str, ...]
    kolom: tuple[Kolom, ...]
    baris: tuple[Baris, ...]
    catatan: str = ""
    """What exactly is counted (printed under the table, and under the XLSX header)."""
    ada_total: bool = True
    total_nilai: tuple[Nilai, ...] = ()
    """For ``NILAI`` columns: the all-rows figure per column index (others ignored)."""

    @property
    def total(self) -> tuple[Nilai, ...] | None:
        """The totals row as printed (sums of the additive columns), or None."""
        if not self.ada_total:
            return None
        result: list[Nilai] = []
        for index, kolom in enumerate(self.kolom):
            if kolom.jenis == JenisKolom.NILAI:
                given = self.total_nilai[index] if index < len(self.total_nilai) else None
                result.append(given)
            else:
                result.append(sum((row.nilai[index] or 0) for row in self.baris))
        return tuple(result)

    def cell(self, kunci: str, judul: str) -> Nilai:
        """The value in row ``kunci`` under column ``judul`` (tests, click-through)."""
        column = next(i for i, k in enumerate(self.kolom) if k.judul == judul)
        return next(row.nilai[column] for row in self.baris if row.kunci == kunci)

    @property
    def kosong(self) -> bool:
        return not self.baris


@dataclass(frozen=True)
class Seri:
    nama: str
    nilai: tuple[float, ...]


@dataclass(frozen=True)
class Grafik:
    """A bar chart: one bar group per ``kategori``, one bar per :class:`Seri`."""

    judul: str
    kategori: tuple[str, ...]
    seri: tuple[Seri, ...]
    horizontal: bool = False
    """Long category names (needs, PPKS) read better as horizontal bars."""
    tabel: str = ""
    """``Tabel.kode`` this chart illustrates: the PDF prints it right after that table."""


@dataclass(frozen=True)
class Rekap:
    """A whole recap, ready for the screen, the PDF and the XLSX."""

    judul: str
    """``REKAPITULASI LAYANAN PUSKESOS`` (document title, Indonesian)."""
    instansi: str
    """``Puskesos Desa Kedungmalang`` or ``Dinas Sosial Kabupaten Jepara``."""
    mode: str  # "desa" / "dinas"
    periode: Periode
    filter: tuple[tuple[str, str], ...]
    """(name, value) pairs of what was chosen, for the header line and the Filter sheet."""
    tabel: tuple[Tabel, ...]
    grafik: tuple[Grafik, ...] = ()
    dibuat_pada: datetime = field(default_factory=datetime.now)
    dibuat_oleh: str = ""
    keterangan: tuple[str, ...] = ()
    """How the figures are counted (period bounds, "status as of the day the report was
    made", the median…): printed under the filter line and on the XLSX Filter sheet, so a
    district officer reading the paper knows exactly what each number means."""

    def table(self, kode: str) -> Tabel:
        return next(t for t in self.tabel if t.kode == kode)


@dataclass(frozen=True)
class AgendaRow:
    nomor: str
    urut: int
    tahun: int
    tanggal: date
    perihal: str
    tujuan: str
    status: str  # TERBIT / BATAL
    keterangan: str
    """``Dibatalkan: <alasan>`` for a voided letter, ``Dicetak ulang 2×`` for reprints."""
    asal: str = ""
    """District mode: the desk that issued it (letters of all villages in one book)."""

    @property
    def status_label(self) -> str:
        return "Batal" if self.status == "BATAL" else "Terbit"


@dataclass(frozen=True)
class AgendaSurat:
    """The register of outgoing letters (buku agenda surat keluar) for a period."""

    instansi: str
    mode: str
    periode: Periode
    filter: tuple[tuple[str, str], ...]
    baris: tuple[AgendaRow, ...]
    dibuat_pada: datetime = field(default_factory=datetime.now)
    dengan_asal: bool = False
    """District book of every desk: print the "Desk asal" column."""

    @property
    def jumlah_terbit(self) -> int:
        return sum(1 for row in self.baris if row.status != "BATAL")

    @property
    def jumlah_batal(self) -> int:
        return sum(1 for row in self.baris if row.status == "BATAL")
