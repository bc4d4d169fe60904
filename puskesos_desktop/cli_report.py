"""``puskesos-desktop report rekap|agenda``: write the recap or the letter register to a file.

For district IT staff and scheduled jobs, e.g. the monthly recap of every village::

    puskesos-desktop report rekap --month 2026-10 --format xlsx --out rekap-2026-10.xlsx

The period is a month (``--month``) or a range (``--from``/``--to``). The format follows
``--format``, or the file extension when it is left out. A PDF goes on the desk's letter
paper unless ``--kertas A4|F4`` says otherwise, as the print preview's paper choice does.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.i18n import _
from puskesos_desktop.jobs import Progress
from puskesos_desktop.letters.paper import PAPER_NAMES

__all__ = ["add_parser", "run"]


def _period_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--month", metavar="TAHUN-BULAN", help=_("bulan laporan, mis. 2026-10"))
    parser.add_argument(
        "--from", dest="start", metavar="TANGGAL", help=_("awal periode (TTTT-BB-HH), bersama --to")
    )
    parser.add_argument("--to", dest="end", metavar="TANGGAL", help=_("akhir periode (TTTT-BB-HH)"))
    parser.add_argument(
        "--format", choices=("pdf", "xlsx"), help=_("jenis berkas (bawaan: menurut akhiran --out)")
    )
    parser.add_argument("--out", required=True, metavar="BERKAS", help=_("berkas tujuan"))
    parser.add_argument(
        "--kertas",
        type=str.upper,
        choices=PAPER_NAMES,
        help=_("ukuran kertas PDF (bawaan: kertas surat desk)"),
    )


def add_parser(commands: argparse._SubParsersAction) -> None:
    report = commands.add_parser("report", help=_("laporan: rekap bulanan, buku agenda surat"))
    actions = report.add_subparsers(dest="report_action", metavar="AKSI", required=True)
    rekap = actions.add_parser("rekap", help=_("rekapitulasi layanan (PDF atau XLSX)"))
    _period_arguments(rekap)
    rekap.add_argument(
        "--kecamatan",
        default="",
        metavar="KODE",
        help=_("mode dinas: hanya desa di kecamatan ini, mis. 33.20.01"),
    )
    rekap.add_argument(
        "--desk", default="", metavar="DESK-ID", help=_("mode dinas: hanya satu desk desa")
    )
    rekap.add_argument(
        "--tanpa-pertimbangan",
        action="store_true",
        help=_("SPM tanpa PPKS yang dipetakan berdasarkan pertimbangan"),
    )
    agenda = actions.add_parser("agenda", help=_("buku agenda surat keluar (PDF atau XLSX)"))
    _period_arguments(agenda)
    agenda.add_argument(
        "--tanpa-batal", action="store_true", help=_("sembunyikan surat yang dibatalkan")
    )
    agenda.add_argument(
        "--semua-desk", action="store_true", help=_("mode dinas: sertakan surat semua desa")
    )


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UserError(
            _("Tanggal '{text}' tidak dikenali. Tulis TTTT-BB-HH, mis. 2026-10-31.").format(
                text=text
            )
        ) from None


def _period(args: argparse.Namespace):  # -> Periode
    from puskesos_desktop.services.reports_types import Periode, parse_month

    if args.month and (args.start or args.end):
        raise UserError(_("Pilih --month atau --from/--to, jangan keduanya."))
    if args.month:
        return parse_month(args.month)
    if args.start and args.end:
        return Periode(_day(args.start), _day(args.end))
    raise UserError(_("Sebutkan periode: --month 2026-10, atau --from dan --to."))


def _format(args: argparse.Namespace) -> str:
    kind = args.format or Path(args.out).suffix.lower().lstrip(".")
    if kind not in ("pdf", "xlsx"):
        raise UserError(_("Sebutkan --format pdf atau xlsx (akhiran berkas tidak dikenali)."))
    return kind


def run(desk, args: argparse.Namespace, progress: Progress) -> int:
    from puskesos_desktop.services.reports_types import AgendaFilter, RekapFilter

    periode = _period(args)
    target = Path(args.out)
    kind = _format(args)
    if args.report_action == "rekap":
        chosen = RekapFilter(
            periode,
            kode_kecamatan=args.kecamatan,
            desk_id=args.desk,
            spm_pertimbangan=not args.tanpa_pertimbangan,
        )
        saved = desk.reports.save_rekap(chosen, target, kind, kertas=args.kertas, progress=progress)
    else:
        agenda = AgendaFilter(
            periode, termasuk_batal=not args.tanpa_batal, semua_desk=args.semua_desk
        )
        saved = desk.reports.save_agenda(
            agenda, target, kind, kertas=args.kertas, progress=progress
        )
    pages = _(", {pages} halaman").format(pages=saved.pages) if saved.pages else ""
    print(
        _("Laporan tersimpan: {path} ({size} KB{pages})").format(
            path=saved.path, size=max(1, saved.size // 1024), pages=pages
        )
    )
    return 0
