"""What signing in reads, on the raw connection: no ORM, no models.

At start-up the login dialog appears while a worker is still loading the ORM and the models
(about half a second on an old laptop). Checking a password needs one operator row and the
desk id, so :class:`~puskesos_desktop.services.operators.OperatorService` reads them here,
the way search reads the registry, and the operator is signed in without waiting for that
worker. What the login writes (audit entry, ``terakhir_masuk``) goes through the ORM later
(:mod:`puskesos_desktop.services.deferred`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from puskesos_desktop.services.context import ServiceContext

DEFAULT_LOCK_MINUTES = 10  # the column's default, for a desk not set up yet


@dataclass(frozen=True)
class OperatorView:
    id: int
    username: str
    nama: str
    peran: str
    wajib_ganti_sandi: bool = False  # an admin reset it: ask for a new one before work


@dataclass(frozen=True)
class LoginRow:
    """One operator as the password check needs it, with the desk that it acts for."""

    view: OperatorView
    password_hash: str
    aktif: bool
    desk_id: str


def find_login(context: ServiceContext, username: str) -> LoginRow | None:
    """Case-insensitive, like ``OperatorService._find``; None without a desk profile too."""
    with context.read_connection() as connection:
        row = connection.execute(
            "SELECT o.id, o.username, o.nama, o.peran, o.wajib_ganti_sandi, o.password_hash, "
            "o.aktif, p.desk_id FROM operator o JOIN desk_profile p ON p.id = 1 "
            "WHERE lower(o.username) = ?",
            (username.strip().lower(),),
        ).fetchone()
    if row is None:
        return None
    view = OperatorView(row[0] or 0, row[1], row[2], row[3], bool(row[4]))
    return LoginRow(view, row[5], bool(row[6]), row[7])


def read_lock_minutes(context: ServiceContext) -> int:
    """The idle-lock setting; read right after a sign-in, so it takes no ORM either."""
    with context.read_connection() as connection:
        row = connection.execute(
            "SELECT kunci_otomatis_menit FROM desk_profile WHERE id = 1"
        ).fetchone()
    return int(row[0]) if row is not None else DEFAULT_LOCK_MINUTES
