"""Composition root: parse arguments, then hand over to the CLI or the GUI.

Nothing heavy is imported here, so ``--version`` and the GUI's first paint stay fast; the
database stack, crypto and Qt are imported by whichever path needs them.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from puskesos_desktop import __version__
from puskesos_desktop.i18n import LANGUAGES


def build_parser() -> argparse.ArgumentParser:
    from puskesos_desktop import cli

    parser = argparse.ArgumentParser(
        prog="puskesos-desktop",
        description="Puskesos Desk — layanan Puskesos desa, luring (offline).",
    )
    parser.add_argument("--version", action="version", version=f"puskesos-desktop {__version__}")
    parser.add_argument("--data-dir", help="folder data (cadangan, kunci, log ikut di dalamnya)")
    parser.add_argument("--lang", choices=sorted(LANGUAGES), help="bahasa tampilan (id/en)")
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="kantor Dinas dengan server PostgreSQL (postgresql://petugas@server/puskesos); "
        "tanpa ini: berkas SQLite di folder data",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="siapkan desa demo dengan data contoh bila aplikasi belum disiapkan",
    )
    cli.add_subcommands(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    if getattr(args, "command", None):
        from puskesos_desktop import cli

        return cli.run(args)
    from puskesos_desktop.gui.application import run_gui

    if args.database_url:  # the GUI's Desk.start reads it (services.database_setting)
        os.environ["PUSKESOS_DATABASE_URL"] = args.database_url

    return run_gui(args)
