"""``puskesos-desktop enkripsi …``: encryption at rest from the command line (no Qt).

Secrets are never taken as arguments (they would stay in the shell history and the process
list): they are asked for without echo, or, for scripts, read from the environment
variables ``PUSKESOS_PENGGUNA``, ``PUSKESOS_SANDI`` and ``PUSKESOS_FRASA_SANDI``.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.i18n import _

ENV_USER, ENV_PASSWORD = "PUSKESOS_PENGGUNA", "PUSKESOS_SANDI"
ENV_PASSPHRASE, ENV_RECOVERY = "PUSKESOS_FRASA_SANDI", "PUSKESOS_KUNCI_PEMULIHAN"


def add_parser(commands: argparse._SubParsersAction) -> None:
    crypt = commands.add_parser("enkripsi", help="enkripsi basis data (SQLCipher) dan kunci")
    actions = crypt.add_subparsers(dest="enkripsi_action", metavar="AKSI", required=True)
    actions.add_parser("status", help="apakah basis data terenkripsi, siapa punya slot kunci")
    enable = actions.add_parser("aktifkan", help="enkripsi basis data yang belum terenkripsi")
    enable.add_argument("--lembar", help="simpan lembar Kunci Pemulihan (PDF) ke berkas ini")
    renew = actions.add_parser("kunci-pemulihan-baru", help="ganti Kunci Pemulihan")
    renew.add_argument("--lembar", help="simpan lembar Kunci Pemulihan (PDF) ke berkas ini")
    actions.add_parser("pulihkan", help="buka dengan Kunci Pemulihan, lalu atur sandi admin baru")


def ask(prompt: str, env: str, *, secret: bool = True) -> str:
    """From the environment (scripts) or typed without echo; never from an argument."""
    value = os.environ.get(env)
    if value:
        return value
    if not sys.stdin.isatty():
        raise UserError(
            _("Isi variabel lingkungan {env}, atau jalankan perintah ini di terminal.")
            .format(env=env)
        )
    return getpass.getpass(prompt) if secret else input(prompt)


def unlock(desk, args: argparse.Namespace) -> None:
    """Open an encrypted desk before the command runs (same lockout as the GUI login).

    ``enkripsi pulihkan`` opens it with the recovery key instead; ``doctor`` reports as is.
    """
    recovering = getattr(args, "enkripsi_action", None) == "pulihkan"
    if recovering or args.command == "doctor":
        return
    username = ask(_("Nama pengguna: "), ENV_USER, secret=False)
    desk.unlock(username, ask(_("Kata sandi: "), ENV_PASSWORD))


def run(desk, args: argparse.Namespace) -> int:
    action = args.enkripsi_action
    if action == "pulihkan":
        return _recover(desk)
    desk.require_ready()
    if action == "status":
        status = desk.encryption.status()
        print(_("Terenkripsi: {yes}").format(yes=_("ya") if status.encrypted else _("tidak")))
        if status.encrypted:
            print(_("Slot kunci operator: {names}").format(names=", ".join(status.operators)))
            print(_("Kunci Pemulihan: {state}").format(
                state=_("ada") if status.has_recovery else _("TIDAK ADA")))
        return 0
    if action == "aktifkan":
        from puskesos_desktop.cli import print_progress

        username = ask(_("Nama pengguna admin: "), ENV_USER, secret=False)
        password = ask(_("Kata sandi admin: "), ENV_PASSWORD)
        result = desk.encryption.enable(username, password, progress=print_progress)
        print(_("Basis data kini terenkripsi; {count} cadangan lama ikut dienkripsi.")
              .format(count=result.backups_encrypted))
        _show_recovery_key(desk, result.recovery_key, args.lembar)
        return 0
    _show_recovery_key(desk, desk.encryption.renew_recovery_key(), args.lembar)
    return 0


def _show_recovery_key(desk, recovery_key: str, sheet: str | None) -> None:
    print(_("KUNCI PEMULIHAN (tulis atau cetak, simpan di lemari kantor desa):"))
    print(f"\n    {recovery_key}\n")
    if sheet:
        Path(sheet).write_bytes(desk.encryption.recovery_sheet_pdf(recovery_key))
        print(_("Lembar Kunci Pemulihan tersimpan: {path}").format(path=sheet))


def _recover(desk) -> int:
    from puskesos_desktop.services.startup import StartupStatus

    if desk.startup.status != StartupStatus.LOCKED:
        raise UserError(_("Basis data tidak terkunci; pakai 'enkripsi status' atau masuk biasa."))
    desk.unlock_with_recovery(ask(_("Kunci Pemulihan: "), ENV_RECOVERY))
    desk.require_ready()
    username = ask(_("Nama pengguna admin: "), ENV_USER, secret=False)
    password = ask(_("Kata sandi baru: "), ENV_PASSWORD)
    desk.encryption.reset_password_with_recovery(username, password)
    print(_("Kata sandi baru untuk {username} disimpan.").format(username=username))
    return 0
