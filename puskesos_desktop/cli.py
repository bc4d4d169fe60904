"""Command line over the services, for district IT staff, scripts and support (no Qt).

Exit codes: 0 success, 1 a problem the message explains (UserError), 2 wrong usage,
3 the self-check found a problem, 4 a bundle was rejected, 5 a bundle is waiting
(see cli_sync.py), 130 cancelled.
"""

from __future__ import annotations

import argparse
import sys

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.i18n import _
from puskesos_desktop.jobs import Cancelled, no_progress

EXIT_OK, EXIT_USER_ERROR, EXIT_CHECK_FAILED, EXIT_CANCELLED = 0, 1, 3, 130


def add_subcommands(parser: argparse.ArgumentParser) -> None:
    commands = parser.add_subparsers(dest="command", metavar="PERINTAH")
    commands.add_parser("doctor", help="periksa kesehatan instalasi dan cetak laporannya")
    demo = commands.add_parser("demo-data", help="isi basis data dengan penduduk contoh")
    demo.add_argument("--persons", type=int, default=200, help="jumlah orang (bawaan 200)")
    demo.add_argument(
        "--seed", type=int, default=2, help="benih acak (hasil sama tiap kali; desa demo memakai 1)"
    )
    backup = commands.add_parser("backup", help="cadangkan atau pulihkan basis data")
    actions = backup.add_subparsers(dest="backup_action", metavar="AKSI", required=True)
    now = actions.add_parser("now", help="cadangkan sekarang")
    now.add_argument("--to", help="folder tujuan (mis. flashdisk); bawaan: folder cadangan")
    now.add_argument("--frasa-sandi", action="store_true",
                     help="lindungi salinan di --to dengan frasa sandi (berkas .age)")
    actions.add_parser("list", help="daftar cadangan")
    restore = actions.add_parser("restore", help="pulihkan dari berkas cadangan")
    restore.add_argument("file")
    from puskesos_desktop import cli_letter

    cli_letter.add_parser(commands)
    from puskesos_desktop import cli_sync

    cli_sync.add_sync_subcommands(commands)
    from puskesos_desktop import cli_audit

    cli_audit.add_parser(commands)
    from puskesos_desktop import cli_encryption

    cli_encryption.add_parser(commands)
    from puskesos_desktop import cli_privacy

    cli_privacy.add_parser(commands)
    from puskesos_desktop import cli_report

    cli_report.add_parser(commands)


def print_progress(done: int, total: int, label: str) -> None:
    percent = 100 * done // total if total else 100
    print(f"\r{label} {percent:3d}%", end="" if done < total else "\n", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    from puskesos_desktop.services.desk import Desk

    try:
        desk = Desk.start(
            args.data_dir,
            lang=args.lang,
            log_to_file=args.command != "doctor",
            database_url=getattr(args, "database_url", None),
        )
        if desk.startup.status == "locked":  # StartupStatus.LOCKED: an encrypted desk
            from puskesos_desktop import cli_encryption

            cli_encryption.unlock(desk, args)
        if args.command == "enkripsi":
            from puskesos_desktop import cli_encryption

            return cli_encryption.run(desk, args)
        if args.command == "doctor":
            from puskesos_desktop.services.doctor import run_checks

            report = run_checks(desk)
            print(report.as_text())
            return EXIT_OK if report.ok else EXIT_CHECK_FAILED
        desk.require_ready(allow_demo_setup=args.command == "demo-data")
        if args.command == "demo-data":
            added = desk.demo.add_population(args.persons, seed=args.seed, progress=print_progress)
            print(_("{count} orang contoh ditambahkan.").format(count=added))
            return EXIT_OK
        if args.command == "letter":
            from puskesos_desktop import cli_letter

            return cli_letter.run(desk, args)
        if args.command == "report":
            from puskesos_desktop import cli_report

            return cli_report.run(desk, args, print_progress)
        if args.command == "retensi":
            from puskesos_desktop import cli_privacy

            return cli_privacy.run(desk, args, print_progress)
        if args.command == "audit":
            from puskesos_desktop import cli_audit

            return cli_audit.run(desk, args, print_progress)
        if args.command in ("bundle", "keys"):
            from puskesos_desktop import cli_sync

            quiet = getattr(args, "json", False)
            return cli_sync.run_sync(desk, args, no_progress if quiet else print_progress)
        return _run_backup(desk, args)
    except UserError as error:
        print(error.message, file=sys.stderr)
        return EXIT_USER_ERROR
    except Cancelled:
        print(_("Dibatalkan."), file=sys.stderr)
        return EXIT_CANCELLED


def _run_backup(desk, args: argparse.Namespace) -> int:
    from pathlib import Path

    from puskesos_desktop.cli_encryption import ENV_PASSPHRASE, ask

    if args.backup_action == "now":
        phrase = ask(_("Frasa sandi: "), ENV_PASSPHRASE) if args.frasa_sandi and args.to else None
        info = desk.backup.backup_now(
            Path(args.to) if args.to else None, passphrase=phrase, progress=print_progress
        )
        print(_("Cadangan tersimpan: {path}").format(path=info.path))
    elif args.backup_action == "list":
        for info in desk.backup.list_backups():
            print(f"{info.created_at:%Y-%m-%d %H:%M}  {info.kind:<18} {info.path}")
    else:
        from puskesos_desktop.services.backup_usb import is_protected

        protected = is_protected(Path(args.file))
        phrase = ask(_("Frasa sandi: "), ENV_PASSPHRASE) if protected else None
        result = desk.backup.restore(Path(args.file), passphrase=phrase, progress=print_progress)
        print(_("Basis data dipulihkan dari {path}.").format(path=args.file))
        print(result.notice)
    return EXIT_OK
