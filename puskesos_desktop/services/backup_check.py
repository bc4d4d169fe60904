"""Is this file a backup we can restore from? The checks a chosen backup file must pass.

A file offered for restore may come from anywhere (a flashdisk, a hand copy, a repair
shop): it is hostile input. These checks run before anything live is touched, by restore,
by the start-up rescue and by the reliability scenarios, so they live apart from the code
that writes backups. Every failure becomes a :class:`UserError` that names the file as the
user picked it and says what to do; nothing here crashes on a strange file.
"""

from __future__ import annotations

import logging
from contextlib import closing
from pathlib import Path

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.i18n import _
from puskesos_desktop.store import migrate
from puskesos_desktop.store.sqlite_files import open_readonly, sqlite_file_problem

log = logging.getLogger(__name__)


def verify_backup_file(path: Path, key: bytes | None = None) -> None:
    """Raise :class:`UserError` unless ``path`` is a whole Puskesos backup this app can use."""
    check_backup(Path(path), key)


def check_backup(path: Path, key: bytes | None = None, name: str | None = None) -> str:
    """The checks of :func:`verify_backup_file`; returns the file's schema revision.

    ``name`` is what the user picked, when ``path`` is a temp file unpacked from it.
    """
    shown = name or path.name

    def unusable(why: str) -> UserError:
        return UserError(
            _(
                "Berkas {shown} tidak dapat dipakai untuk pemulihan: {why}. Pilih berkas cadangan "
                "lain."
            ).format(shown=shown, why=why)
        )

    try:
        if not path.is_file():
            raise UserError(
                _(
                    "Berkas cadangan {shown} tidak ditemukan. Periksa apakah flashdisk masih "
                    "terpasang, lalu pilih berkasnya lagi."
                ).format(shown=shown)
            )
        problem = sqlite_file_problem(path, key)
        if problem is not None:
            raise unusable(problem)
        with closing(open_readonly(path, key)) as connection:
            query = "SELECT name FROM sqlite_master WHERE type='table'"
            tables = {row[0] for row in connection.execute(query)}
            if not {"desk_profile", "alembic_version"} <= tables:
                raise unusable(_("isinya bukan data Puskesos"))
            profile = connection.execute("SELECT 1 FROM desk_profile LIMIT 1").fetchone()
            versions = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    except UserError:
        raise
    except Exception as error:  # hostile input: anything odd means "unusable", never a crash
        log.warning("Berkas cadangan %s tidak terbaca: %r", path, error)
        raise unusable(_("isinya rusak atau tidak dapat dibaca")) from error
    if profile is None:
        raise unusable(_("belum berisi profil desk (datanya kosong)"))
    revision = versions[0][0] if len(versions) == 1 else None
    if not isinstance(revision, str):
        raise unusable(_("versi skemanya tidak dikenali"))
    if revision not in migrate.known_revisions():
        raise UserError(
            _(
                "Cadangan {shown} dibuat oleh versi aplikasi yang lebih baru. Pasang versi terbaru "
                "Puskesos Desk, lalu pulihkan lagi."
            ).format(shown=shown)
        )
    return revision
