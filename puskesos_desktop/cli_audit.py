"""``puskesos-desktop audit verify|list``: check the audit hash chain, read the log.

``verify`` exits 0 when the chain is intact and 1 when it is broken, printing the first
broken entry, so a district IT script can check a desk's log. Like the other commands,
the CLI acts as the desk's first admin (local administration on the desk's own laptop;
the GUI always asks for a login).
"""

from __future__ import annotations

import argparse

from puskesos_desktop.i18n import _

EXIT_INTACT, EXIT_BROKEN = 0, 1


def add_parser(commands: argparse._SubParsersAction) -> None:
    audit = commands.add_parser("audit", help="jejak audit: periksa rantai hash, lihat isinya")
    actions = audit.add_subparsers(dest="audit_action", metavar="AKSI", required=True)
    actions.add_parser("verify", help="periksa apakah jejak audit utuh (kode keluar 0/1)")
    listing = actions.add_parser("list", help="tampilkan entri terbaru")
    listing.add_argument("--cari", default="", help="saring: operator, tabel, id data, rincian")
    listing.add_argument("--jumlah", type=int, default=50, help="jumlah entri (bawaan 50)")


def run(desk, args: argparse.Namespace, progress) -> int:
    if args.audit_action == "verify":
        return _verify(desk, progress)
    for row in reversed(desk.audit.search(text=args.cari, limit=args.jumlah)):
        target = f"{row.target_table or ''}:{row.target_uid or ''}".strip(":")
        print(f"{row.id:>7}  {row.at[:19]}  {row.operator:<12} {row.action:<16} {target} "
              f"{row.detail}")
    return EXIT_INTACT


def _verify(desk, progress) -> int:
    result = desk.audit.verify(progress=progress)
    if result.ok:
        print(_("Jejak audit utuh: {count} entri diperiksa.").format(count=result.checked))
        return EXIT_INTACT
    if result.reason == "missing":
        print(_("Jejak audit RUSAK: entri nomor {id} hilang (dihapus).").format(
            id=result.first_broken_id))
    else:
        print(_("Jejak audit RUSAK mulai entri nomor {id}: isinya diubah setelah dicatat.").format(
            id=result.first_broken_id))
    print(_("{count} entri sebelumnya utuh. Laporkan ke admin/Dinas Sosial.").format(
        count=result.checked))
    return EXIT_BROKEN
