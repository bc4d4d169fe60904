"""``puskesos-desktop letter verify <qr-text-or-pdf>``: check a referral letter offline.

Prints the verdict the Verifikasi Surat screen shows. Exit code 0 only for a valid letter,
3 for anything else (tampered, unknown desk, expired, voided, not a letter), so scripts at
the receiving office can rely on it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from puskesos_desktop.domain.dates_id import format_date

EXIT_OK, EXIT_NOT_VALID = 0, 3


def add_parser(commands: argparse._SubParsersAction) -> None:
    letter = commands.add_parser("letter", help="surat rujukan: periksa keaslian")
    actions = letter.add_subparsers(dest="letter_action", metavar="AKSI", required=True)
    verify = actions.add_parser("verify", help="periksa teks kode QR atau berkas PDF surat")
    verify.add_argument("source", metavar="QR-ATAU-PDF",
                        help="teks hasil pindai kode QR, atau path berkas PDF surat")


def run(desk, args: argparse.Namespace) -> int:
    source: str | Path = args.source
    if Path(args.source).suffix.lower() == ".pdf" or Path(args.source).is_file():
        source = Path(args.source)
    result = desk.letters.verify_letter(source)
    print(result.judul)
    print(result.pesan)
    if result.nomor:
        print(f"  Nomor surat   : {result.nomor}")
        print(f"  Tanggal       : {format_date(result.tanggal) if result.tanggal else '-'}")
        print(f"  Berlaku s.d.  : "
              f"{format_date(result.berlaku_sampai) if result.berlaku_sampai else '-'}")
        print(f"  Tujuan        : {result.tujuan}")
        print(f"  Desk penerbit : {result.desk_id}")
        print(f"  Kode verifikasi: {result.kode_verifikasi}")
    return EXIT_OK if result.sah else EXIT_NOT_VALID
