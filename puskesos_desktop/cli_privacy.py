"""``puskesos-desktop retensi``: the retention rule from the command line (no Qt).

``--dry-run`` prints who the rule selects (no names) and the plan code; ``--apply --kode
XXXX-XXXX`` anonymises exactly that list and refuses if the data changed since. Requiring
the code makes the approval explicit even in a script: nobody anonymises by accident.
"""

from __future__ import annotations

import argparse
from typing import Any

from puskesos_desktop.i18n import _
from puskesos_desktop.jobs import Progress

EXIT_OK, EXIT_USAGE = 0, 2


def add_parser(commands: Any) -> None:
    retention = commands.add_parser(
        "retensi", help="anonimkan warga yang lama tidak aktif (uji coba dulu)")
    mode = retention.add_mutually_exclusive_group(required=True)
    mode.add_argument("--dry-run", action="store_true",
                      help="tampilkan siapa yang akan dianonimkan, tanpa mengubah apa pun")
    mode.add_argument("--apply", action="store_true",
                      help="anonimkan sesuai uji coba (wajib --kode dari uji coba)")
    retention.add_argument("--kode", default="", help="kode rencana dari --dry-run")
    retention.add_argument("--tahun", type=int,
                           help="ubah masa simpan (tahun) sebelum uji coba/penerapan")


def run(desk: Any, args: argparse.Namespace, progress: Progress) -> int:
    service = desk.retention
    if args.tahun is not None:
        service.save_years(args.tahun)
    if args.dry_run:
        plan = service.dry_run()
        print(_("Aturan: anonimkan warga tanpa kegiatan dan tanpa kasus terbuka sejak "
                "{batas} ({tahun} tahun).").format(batas=plan.batas.isoformat(),
                                                   tahun=plan.tahun))
        for row in plan.calon:
            age = "-" if row.umur is None else str(row.umur)
            print(f"  {row.kode}  {row.jenis_kelamin or '-'}  {age:>3}  {row.kode_wilayah:<13}  "
                  f"{row.aktivitas_terakhir.isoformat()}")
        print(_("{n} orang akan dianonimkan. Kode rencana: {kode}").format(
            n=plan.jumlah, kode=plan.kode))
        if plan.jumlah:
            print(_("Untuk menerapkan: puskesos-desktop retensi --apply --kode {kode}").format(
                kode=plan.kode))
        return EXIT_OK
    if not args.kode.strip():
        print(_("Sebutkan --kode dari uji coba (retensi --dry-run) yang sudah disetujui."))
        return EXIT_USAGE
    result = service.apply(args.kode, progress=progress)
    print(_("{n} orang dianonimkan (rencana {kode}).").format(n=result.jumlah, kode=result.kode))
    return EXIT_OK
