"""Operator accounts across a restore: the accounts of today stay, whatever the backup holds.

A restore brings back the registry as it was on the backup's date, but an operator does not
expect their password to travel back in time with it. On an encrypted desk it cannot: the
key slots (``kunci/basisdata-kunci.json``) live outside the database, are not part of any
backup, and always hold today's passwords. Restoring the old ``operator`` table under them
would leave a desk that opens with today's password and then refuses that same password at
the login (and the other way round), with only the Kunci Pemulihan left as a way in.
A password changed or reset because it leaked must not come back with an old backup either.

So the accounts are read from the database being replaced and written over the restored
rows (matched by user name, any case), in the restore's own audit transaction: passwords,
roles, active flags and the "must change password" mark as they were a moment ago. The
restored database key is re-wrapped nowhere: a restore always writes the file with this
desk's key (``backup_usb.in_desk_format``), so the slots and the Kunci Pemulihan sheet keep
opening it. Accounts only the backup knows are kept as the backup has them.

When the database being replaced cannot be read (the damaged-database rescue), the backup's
accounts apply and :func:`restore_notice` says so, with the way back in.
"""

from __future__ import annotations

import logging
from contextlib import closing
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from puskesos_desktop.i18n import _
from puskesos_desktop.store.sqlite_files import open_readonly

if TYPE_CHECKING:
    from sqlmodel import Session

log = logging.getLogger(__name__)

_COLUMNS = "username, nama, peran, password_hash, aktif, wajib_ganti_sandi"


class AccountsAfterRestore(StrEnum):
    """Where the accounts of the restored desk come from (stored in the audit detail)."""

    KEPT = "dipertahankan"  # today's accounts were written over the backup's
    FROM_BACKUP = "dari_cadangan"  # there were none here (a new laptop, a first start)
    UNREADABLE = "tak_terbaca"  # today's database was too damaged to read them


@dataclass(frozen=True)
class Account:
    username: str
    nama: str
    peran: str
    password_hash: str
    aktif: bool
    wajib_ganti_sandi: bool


def read_accounts(database: Path, key: bytes | None) -> tuple[Account, ...] | None:
    """Every operator row of ``database``; () when there is no file, None when unreadable."""
    if not database.is_file():
        return ()
    try:
        with closing(open_readonly(database, key)) as connection:
            rows = connection.execute(f"SELECT {_COLUMNS} FROM operator").fetchall()
    except Exception as error:  # a damaged file: the backup's accounts will apply
        log.warning("Akun pengguna tidak terbaca dari basis data lama: %r", error)
        return None
    return tuple(Account(r[0], r[1], r[2], r[3], bool(r[4]), bool(r[5])) for r in rows)


def put_back(session: Session, accounts: tuple[Account, ...] | None) -> AccountsAfterRestore:
    """Write ``accounts`` over the restored ``operator`` rows; what the restore should say."""
    if accounts is None:
        return AccountsAfterRestore.UNREADABLE
    if not accounts:
        return AccountsAfterRestore.FROM_BACKUP
    from sqlmodel import select

    from puskesos_desktop.store.models import Operator

    restored = {row.username.casefold(): row for row in session.exec(select(Operator))}
    for account in accounts:
        row = restored.get(account.username.casefold())
        if row is None:
            row = Operator(username=account.username, nama=account.nama, peran=account.peran,
                           password_hash=account.password_hash)  # fmt: skip
        row.username, row.nama, row.peran = account.username, account.nama, account.peran
        row.password_hash, row.aktif = account.password_hash, account.aktif
        row.wajib_ganti_sandi = account.wajib_ganti_sandi
        session.add(row)
    return AccountsAfterRestore.KEPT


def restore_notice(accounts: AccountsAfterRestore, *, encrypted: bool, format_changed: bool) -> str:
    """What the operator must know after a restore: which password now works, and why."""
    if accounts is AccountsAfterRestore.KEPT:
        parts = [
            _(
                "Akun pengguna dan kata sandi tidak ikut dipulihkan: setiap pengguna tetap "
                "masuk dengan kata sandi yang dipakainya sebelum pemulihan."
            )
        ]
        if encrypted:
            parts.append(_("Lembar Kunci Pemulihan yang tersimpan juga tetap berlaku."))
    elif accounts is AccountsAfterRestore.FROM_BACKUP:
        parts = [
            _(
                "Akun pengguna dan kata sandi diambil dari cadangan: masuk dengan kata sandi "
                "yang berlaku saat cadangan itu dibuat."
            )
        ]
    else:
        parts = [
            _(
                "Akun pengguna pada data lama tidak terbaca, jadi akun dan kata sandi kembali "
                "seperti saat cadangan dibuat. Masuk dengan kata sandi yang berlaku saat itu."
            )
        ]
        if encrypted:
            parts.append(
                _(
                    "Jika aplikasi tidak terbuka dengan kata sandi mana pun, buka dengan Kunci "
                    "Pemulihan, lalu buat kata sandi baru."
                )
            )
    if format_changed:
        parts.append(
            _(
                "Cadangan itu tidak terenkripsi (dibuat sebelum enkripsi diaktifkan); datanya "
                "kini tersimpan terenkripsi seperti sebelum pemulihan."
            )
            if encrypted
            else _(
                "Cadangan itu terenkripsi; datanya kini tersimpan tanpa enkripsi, sama seperti "
                "basis data di komputer ini."
            )
        )
    return " ".join(parts)
