"""The daily full check of the desk database, run before the daily backup.

Why here: start-up must stay quick, so it runs only ``quick_check``, which misses damage
inside an index (see :mod:`puskesos_desktop.store.integrity`). The daily backup already
runs on a worker after the window is usable, once a day; checking first guarantees that
a damaged file is never copied in among the good backups, where pruning would then drop
the oldest good copy to make room for it.

Outcomes: healthy; damaged indexes rebuilt (the data itself is intact, so this is safe and
needs no question); or damaged data. In the last case nothing is copied or pruned, and a
marker file beside the database makes the next start run the full check too, so that
start-up says DAMAGED and offers the restore, although ``quick_check`` alone would pass.
"""

from __future__ import annotations

import logging
from contextlib import closing
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from puskesos_desktop.i18n import _
from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.store.cipher import sqlite_errors
from puskesos_desktop.store.db import translate_sqlite_error
from puskesos_desktop.store.integrity import Findings, full_check, rebuild_indexes
from puskesos_desktop.store.sqlite_files import open_readonly, sidecar

log = logging.getLogger(__name__)

_CORRUPT_CODES = (11, 26)  # SQLITE_CORRUPT, SQLITE_NOTADB


class Health(StrEnum):
    HEALTHY = "sehat"
    REPAIRED = "diperbaiki"  # damaged indexes rebuilt from the table rows
    DAMAGED = "rusak"  # the data itself: restore from a backup


@dataclass(frozen=True)
class DailyCheck:
    health: Health
    message: str  # Indonesian, shown as-is; empty when healthy


def damage_marker(database: Path) -> Path:
    """Written when the daily check found damage; it lists the problems for support staff."""
    return sidecar(database, "-rusak.txt")


def check_before_backup(context: ServiceContext) -> DailyCheck:
    """Full check of the live database through the desk's own engine (keyed if encrypted).

    Raises :class:`UserError` when the disk itself fails during the check (full, locked):
    that says nothing about the file, so nothing is marked.
    """
    database = context.paths.database
    repaired: frozenset[str] = frozenset()
    raw = context.engine.raw_connection()
    try:
        connection = raw.driver_connection
        findings = full_check(connection)
        names = findings.damaged_indexes
        if names is not None:
            rebuilt = rebuild_indexes(connection, names)
            findings = rebuilt if rebuilt.ok else Findings(findings.problems + rebuilt.problems)
            repaired = names
    except sqlite_errors() as error:
        if not _is_corruption(error):
            friendly = translate_sqlite_error(error, database.parent)
            if friendly is None:
                raise
            raise friendly from error
        findings = Findings((str(error),))
    finally:
        raw.close()
    if not findings.ok:
        _mark(database, findings)
        return DailyCheck(Health.DAMAGED, _(
            "Basis data rusak: pemeriksaan harian menemukan kerusakan pada isinya, jadi "
            "cadangan harian tidak dibuat dan cadangan lama tetap disimpan."
        ))  # fmt: skip
    damage_marker(database).unlink(missing_ok=True)
    if not repaired:
        return DailyCheck(Health.HEALTHY, "")
    log.warning("Indeks rusak dibangun ulang: %s", ", ".join(sorted(repaired)))
    return DailyCheck(Health.REPAIRED, _(
        "Pemeriksaan harian menemukan indeks basis data yang rusak dan sudah memperbaikinya; "
        "data tidak berubah."
    ))  # fmt: skip


def marked_damage(database: Path, key: bytes | None) -> str | None:
    """At start: if the last daily check found damage, check the whole file again.

    None when there is no marker, or when the file is healthy now (it was restored): the
    marker is then removed. Else an Indonesian fragment for "Basis data rusak: …".
    """
    marker = damage_marker(database)
    if not marker.exists():
        return None
    try:
        with closing(open_readonly(database, key)) as connection:
            findings = full_check(connection)
    except sqlite_errors() as error:
        log.warning("Pemeriksaan lengkap %s gagal: %s", database, error)
        findings = Findings((str(error),))
    if findings.ok:
        marker.unlink(missing_ok=True)
        return None
    return _("pemeriksaan lengkap menemukan kerusakan pada isinya")


def _is_corruption(error: BaseException) -> bool:
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    text = str(error).lower()
    return code in _CORRUPT_CODES or "malformed" in text or "not a database" in text


def _mark(database: Path, findings: Findings) -> None:
    log.error("Basis data rusak: %s", "; ".join(findings.problems[:10]))
    try:
        damage_marker(database).write_text("\n".join(findings.problems) + "\n", "utf-8")
    except OSError as error:  # a full disk: the next daily check will find it again
        log.warning("Penanda kerusakan tidak dapat ditulis: %s", error)
