"""`puskesos-desktop doctor`: a self-check an operator can photograph and send to the district.

Each check is independent and never raises: a broken installation is exactly when this
report is needed, so every failure becomes a line of the report instead.
"""

from __future__ import annotations

import os
import platform
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from puskesos_desktop import __version__
from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.i18n import _
from puskesos_desktop.services.startup import StartupStatus, check_integrity
from puskesos_desktop.store.migrate import SCHEMA_HEAD, stored_revision

if TYPE_CHECKING:
    from puskesos_desktop.services.desk import Desk

MIN_FREE_BYTES = 500 * 1024 * 1024


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class DoctorReport:
    results: tuple[CheckResult, ...]

    @property
    def ok(self) -> bool:
        return all(result.ok for result in self.results)

    def as_text(self) -> str:
        lines = [
            f"Puskesos Desk {__version__} — {platform.system()} {platform.release()}, "
            f"Python {sys.version.split()[0]}"
        ]
        for result in self.results:
            mark = "OK   " if result.ok else "GAGAL"
            lines.append(f"[{mark}] {result.name}: {result.detail}")
        lines.append(_("Semua pemeriksaan lulus.") if self.ok else _("Ada pemeriksaan yang gagal."))
        return "\n".join(lines)


def _data_dir(desk: Desk) -> CheckResult:
    root = desk.paths.root
    writable = os.access(root, os.W_OK)
    detail = str(root) if writable else _("{path} tidak dapat ditulisi").format(path=root)
    return CheckResult(_("Folder data"), writable, detail)


def _database(desk: Desk) -> CheckResult:
    problem = check_integrity(desk.paths.database)
    if problem:
        return CheckResult(_("Basis data"), False, problem)
    revision = stored_revision(desk.paths.database)
    ok = revision == SCHEMA_HEAD and desk.startup.status == StartupStatus.READY
    detail = _("utuh, skema {revision}, status {status}").format(
        revision=revision, status=desk.startup.status.value
    )
    return CheckResult(_("Basis data"), ok, detail)


def _keys(desk: Desk) -> CheckResult:
    from puskesos_desktop.sync.keys import load_keys

    try:
        keys = load_keys(desk.paths.keys, desk.profile.key_passphrase())
    except UserError as error:
        return CheckResult(_("Kunci desk"), False, error.message)
    return CheckResult(
        _("Kunci desk"),
        True,
        _("{desk_id}, sidik jari {fingerprint}").format(
            desk_id=keys.desk_id, fingerprint=keys.fingerprint
        ),
    )


def _backups(desk: Desk) -> CheckResult:
    latest = desk.backup.latest()
    if latest is None:
        return CheckResult(_("Cadangan"), False, _("belum ada cadangan"))
    return CheckResult(
        _("Cadangan"), True, _("terakhir {when:%d-%m-%Y %H:%M}").format(when=latest.created_at)
    )


def _free_disk(desk: Desk) -> CheckResult:
    free = shutil.disk_usage(desk.paths.root).free
    detail = _("{mb} MB kosong").format(mb=free // (1024 * 1024))
    return CheckResult(_("Ruang disk"), free >= MIN_FREE_BYTES, detail)


CHECKS: tuple[Callable[[Desk], CheckResult], ...] = (
    _data_dir,
    _database,
    _keys,
    _backups,
    _free_disk,
)


def run_checks(desk: Desk) -> DoctorReport:
    results = []
    for check in CHECKS:
        try:
            results.append(check(desk))
        except Exception as error:
            results.append(CheckResult(check.__name__.strip("_"), False, repr(error)))
    return DoctorReport(tuple(results))
