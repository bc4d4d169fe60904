"""How the recap counts, in words a district officer can check a paper against.

The notes under each table say *what* a table counts; these lines say the rules that hold
across tables: which day puts a record in the period, that a referral's status is the one
it has on the day the report is made (not at the end of the period), how the median is
taken. They are built from the same scope the figures use, printed under the PDF's filter
line and written on the XLSX "Filter" sheet, so both papers explain themselves the same way.
Document text: Indonesian only, never translated.
"""

from __future__ import annotations

from datetime import datetime

from puskesos_desktop.domain.dates_id import format_date
from puskesos_desktop.reports.model import Periode

__all__ = ["counting_rules"]


def counting_rules(periode: Periode, mode: str, made: datetime) -> tuple[str, ...]:
    made_text = f"{format_date(made.date())} pukul {made:%H.%M}"
    rules = [
        f"Periode: {format_date(periode.mulai)} sampai dengan {format_date(periode.sampai)}, "
        "kedua tanggal termasuk. Layanan masuk dihitung menurut tanggal layanan (waktu "
        "setempat), asesmen menurut tanggal asesmen final, verivali menurut tanggal kunjungan.",
        "Rujukan dihitung pada periode ketika pertama kali berstatus Dirujuk. Status rujukan "
        f"dihitung per tanggal laporan dibuat ({made_text}), bukan per akhir periode: rujukan "
        "yang mendapat hasil sesudah periode sudah tercatat dengan status barunya.",
        "Median hari sampai hasil: nilai tengah jumlah hari dari tanggal pertama dirujuk sampai "
        "tanggal hasil (selesai dilayani, ditolak, tidak memenuhi syarat, dialihkan), hanya "
        "untuk rujukan yang sudah mendapat hasil; bila jumlahnya genap, rata-rata dua nilai "
        "tengah. Baris Jumlah memuat median seluruh rujukan, bukan jumlah median per baris.",
        "PPKS dan SPM: orang yang tercatat dalam asesmen final bertanggal dalam periode, "
        "dihitung sekali per kategori; umur dihitung pada "
        f"{format_date(periode.sampai)}.",
        "Penduduk tanpa NIK: keadaan data per tanggal laporan dibuat (jumlah saat ini, bukan "
        "hanya yang dicatat dalam periode).",
    ]
    if mode == "dinas":
        rules.append(
            "Data desa dihitung menurut desk yang mencatatnya, sejauh paket sinkronisasinya "
            "sudah diterima dinas. Desa \u201cbelum mengirim\u201d: tidak ada paket dari desa "
            "itu yang diterima dalam periode."
        )
    return tuple(rules)
