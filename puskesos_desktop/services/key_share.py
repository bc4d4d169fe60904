"""Pengaturan → Kunci desk untuk petugas lain: share this desk's keys with another installation.

Every officer of a district office that shares one PostgreSQL server signs and decrypts
bundles as the same desk, so every installation needs the same ``kunci/`` folder. The admin
saves it into one passphrase-protected file (:mod:`puskesos_desktop.sync.keyshare`), carries
it on a flashdisk, and installs it on the other laptop, which points at the same server.

Installing trusts nothing in the file until it fits the database:

* the desk id in the file is the desk in the database;
* the keys open with the random key passphrase kept in the database (keys of another
  set-up, even with the same desk id, do not);
* the fingerprint is the one the audit log recorded at the newest "kunci disimpan" of this
  desk, and no key rotation was recorded since (an old file after "Ganti kunci" is refused);
* different keys already in the folder are replaced only when asked, and kept aside
  (``kunci/diganti/<time>/``), never deleted.

Both calls need :attr:`Permission.MANAGE_KEYS` and are audit-logged with the fingerprint.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlmodel import col, select

from puskesos_desktop.domain.audit import AuditAction
from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.permissions import Permission
from puskesos_desktop.i18n import N_, _
from puskesos_desktop.jobs import CancelToken, Progress, no_progress
from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.store import audit_log
from puskesos_desktop.store.models import AuditEntry, DeskProfile
from puskesos_desktop.store.models.base import utcnow
from puskesos_desktop.sync import keyshare
from puskesos_desktop.sync.keys import KEY_FILES
from puskesos_desktop.sync.outfile import AtomicFiles, write_error

if TYPE_CHECKING:
    from sqlmodel import Session

    from puskesos_desktop.sync.keys import DeskKeys

# The two buttons of the section, named in messages that send an officer there.
SAVE_BUTTON = N_("Simpan kunci ke berkas…")
INSTALL_BUTTON = N_("Pasang kunci dari berkas…")


@dataclass(frozen=True)
class LocalKeys:
    """What this installation's keys folder holds, read from the public files only."""

    present: bool  # at least one key file is there
    complete: bool  # all four are there
    fingerprint: str | None


@dataclass(frozen=True)
class SavedKeys:
    path: Path
    desk_id: str
    fingerprint: str


@dataclass(frozen=True)
class KeyFilePreview:
    """Shown before installing: the officers compare ``fingerprint`` with the sender's."""

    desk_id: str
    fingerprint: str
    local_fingerprint: str | None  # keys already here (None: none, or unreadable)
    already_installed: bool
    replaces_other_keys: bool  # different keys are here: installing needs an explicit yes


@dataclass(frozen=True)
class InstalledKeys:
    desk_id: str
    fingerprint: str
    already_installed: bool
    set_aside: Path | None  # where the replaced keys were kept


def local_keys(keys_dir: Path) -> LocalKeys:
    files: dict[str, bytes] = {}
    for name in KEY_FILES:
        try:
            files[name] = (keys_dir / name).read_bytes()[: keyshare.MAX_ENTRY_BYTES]
        except OSError:
            continue
    return LocalKeys(bool(files), len(files) == len(KEY_FILES), keyshare.public_fingerprint(files))


def unavailable_message(context: ServiceContext, problem: str) -> str:
    """The message when this installation's keys cannot be used (see ``desk_keys``).

    On a shared server the usual cause is an officer's laptop that never got the keys, and
    the fix is the key file, not a restore: say so, with the buttons' names.
    """
    if not context.on_server:
        return problem
    if not local_keys(context.paths.keys).present:
        problem = _("Kunci desk belum terpasang di komputer ini.")
    return problem + "\n\n" + _(
        "Kantor Dinas dengan server bersama: minta admin di komputer yang kuncinya berfungsi "
        "membuka Pengaturan → Kunci desk untuk petugas lain → \"{save}\", bawa berkasnya "
        "dengan flashdisk, lalu di komputer ini pilih \"{install}\"."
    ).format(save=_(SAVE_BUTTON), install=_(INSTALL_BUTTON))


class KeyShareService:
    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    def local(self) -> LocalKeys:
        return local_keys(self._context.paths.keys)

    # -- saving -----------------------------------------------------------------------------
    def save(
        self,
        directory: Path,
        passphrase: str,
        *,
        progress: Progress = no_progress,
        cancel: CancelToken | None = None,
    ) -> SavedKeys:
        """Write ``kunci-<desk>-<date>.puskesos-kunci`` into ``directory`` (a flashdisk)."""
        from puskesos_desktop.services.desk_keys import desk_keys

        actor = self._context.require(Permission.MANAGE_KEYS)
        keyshare.check_passphrase(passphrase)
        progress(0, 3, _("Membuka kunci desk"))
        keys = desk_keys(self._context)  # the folder must open before it is worth sharing
        files = keyshare.collect(self._context.paths.keys)
        if keyshare.public_fingerprint(files) != keys.fingerprint:
            raise UserError(
                _(
                    "Folder kunci berubah sejak aplikasi dibuka. Buka ulang aplikasi, lalu "
                    "coba lagi."
                )
            )
        if cancel is not None:
            cancel.check()
        progress(1, 3, _("Mengunci berkas dengan frasa sandi"))
        sealed = keyshare.seal(keys.desk_id, keys.fingerprint, files, passphrase)
        if cancel is not None:
            cancel.check()
        progress(2, 3, _("Menyimpan berkas"))
        directory = Path(directory)
        with self._context.transaction() as session:
            name = keyshare.file_name(keys.desk_id, utcnow())
            detail = {"desk": keys.desk_id, "sidik_jari": keys.fingerprint, "berkas": name}
            audit_log.append(session, operator=actor.operator, action=AuditAction.KEY_EXPORT,
                             target_table="desk_profile", detail=detail)
            session.flush()  # the entry must be in before the file exists
            if not directory.is_dir():
                raise write_error(FileNotFoundError(2, "", str(directory)), directory,
                                  keyshare.KEY_FILE)
            with AtomicFiles(directory, keyshare.KEY_FILE) as out:
                handle = out.open(name)
                try:
                    handle.write(sealed)
                except OSError as error:
                    raise write_error(error, directory, keyshare.KEY_FILE) from None
                path = out.commit()[0]
        progress(3, 3, _("Selesai"))
        return SavedKeys(path, keys.desk_id, keys.fingerprint)

    # -- installing -------------------------------------------------------------------------
    def preview(self, path: Path, passphrase: str) -> KeyFilePreview:
        """Open and check ``path`` against the database without changing anything."""
        self._context.require(Permission.MANAGE_KEYS)
        share, db_passphrase = self._opened(Path(path), passphrase)
        self._unlocked(share, db_passphrase).wipe()
        here = self.local()
        same = here.complete and here.fingerprint == share.fingerprint
        return KeyFilePreview(
            share.desk_id, share.fingerprint, here.fingerprint, same, here.present and not same
        )

    def install(
        self,
        path: Path,
        passphrase: str,
        *,
        replace: bool = False,
        progress: Progress = no_progress,
        cancel: CancelToken | None = None,
    ) -> InstalledKeys:
        """Install the keys from ``path``; ``replace``: the operator agreed to replace
        different keys already in this installation's folder (they are kept aside)."""
        from puskesos_desktop.services.desk_keys import replace_desk_keys

        actor = self._context.require(Permission.MANAGE_KEYS)
        progress(0, 3, _("Membuka berkas kunci"))
        share, db_passphrase = self._opened(Path(path), passphrase)
        here = self.local()
        same = here.complete and here.fingerprint == share.fingerprint
        if here.present and not same and not replace:
            raise UserError(
                _(
                    "Komputer ini sudah memiliki kunci lain (sidik jari {here}). Kunci itu "
                    "tidak ditimpa tanpa persetujuan Anda: pilih \"{install}\" lagi dan "
                    "setujui penggantiannya."
                ).format(here=here.fingerprint or "?", install=_(INSTALL_BUTTON))
            )
        if cancel is not None:
            cancel.check()
        progress(1, 3, _("Memeriksa kunci dengan basis data"))
        keys = self._unlocked(share, db_passphrase)
        try:
            progress(2, 3, _("Memasang kunci"))
            detail = {"desk": share.desk_id, "sidik_jari": share.fingerprint,
                      "sudah_ada": same, "ganti": here.present and not same}
            with self._context.transaction() as session:
                audit_log.append(session, operator=actor.operator, action=AuditAction.KEY_IMPORT,
                                 target_table="desk_profile", detail=detail)
                session.flush()
                kept = keyshare.install(
                    self._context.paths.keys, share.files, set_aside=here.present and not same
                )
        except BaseException:
            keys.wipe()
            raise
        replace_desk_keys(self._context, keys)  # the running session signs with them now
        progress(3, 3, _("Selesai"))
        return InstalledKeys(share.desk_id, share.fingerprint, same, kept)

    # -- checks ---------------------------------------------------------------------------
    def _opened(self, path: Path, passphrase: str) -> tuple[keyshare.KeyShare, str]:
        """The file's contents, if they name this database's desk and newest saved keys,
        and the database's key passphrase to unlock them with."""
        if not passphrase:
            raise UserError(_("Ketik frasa sandi berkas kunci, lalu coba lagi."))
        share = keyshare.open_sealed(keyshare.read_file(path), passphrase, path.name)
        with self._context.transaction() as session:
            profile = session.get(DeskProfile, 1)
            if profile is None:
                raise UserError(_("Aplikasi belum disiapkan."))
            if share.desk_id != profile.desk_id:
                raise UserError(
                    _(
                        "Berkas ini berisi kunci desk {theirs}, sedangkan basis data ini milik "
                        "desk {ours}. Pastikan komputer ini tersambung ke server yang sama, "
                        "lalu pakai berkas kunci dari desk {ours}."
                    ).format(theirs=share.desk_id, ours=profile.desk_id)
                )
            self._check_recorded(session, share.fingerprint)
            return share, profile.key_passphrase

    def _unlocked(self, share: keyshare.KeyShare, db_passphrase: str) -> DeskKeys:
        """The file's keys, opened with the database's passphrase (a second of scrypt)."""
        from puskesos_desktop.sync.keys import load_keys

        self._context.paths.root.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".periksa-kunci-",
                                         dir=self._context.paths.root) as staging:
            for name in KEY_FILES:
                (Path(staging) / name).write_bytes(share.files[name])
            try:
                keys = load_keys(Path(staging), db_passphrase)
            except UserError:
                keys = None
        if keys is None or keys.desk_id != share.desk_id or keys.fingerprint != share.fingerprint:
            if keys is not None:
                keys.wipe()
            raise UserError(
                _(
                    "Kunci dalam berkas ini tidak cocok dengan basis data desk {desk}: mungkin "
                    "dari pemasangan lain dengan nama desk yang sama. Simpan ulang kunci dari "
                    "komputer yang kuncinya berfungsi di server ini."
                ).format(desk=share.desk_id)
            )
        return keys

    def _check_recorded(self, session: Session, key_fingerprint: str) -> None:
        """The newest "kunci disimpan" entry names these keys and no rotation came after."""
        saved = session.exec(
            select(AuditEntry)
            .where(AuditEntry.action == AuditAction.KEY_EXPORT.value)
            .order_by(col(AuditEntry.id).desc())
            .limit(1)
        ).first()
        recorded = _detail(saved).get("sidik_jari") if saved is not None else None
        rotated = saved is not None and any(
            "putar_kunci" in _detail(entry)
            for entry in session.exec(
                select(AuditEntry).where(
                    AuditEntry.action == AuditAction.KEY_CHANGE.value, AuditEntry.id > saved.id
                )
            )
        )
        if recorded != key_fingerprint or rotated:
            raise UserError(
                _(
                    "Berkas kunci ini bukan yang terbaru untuk basis data ini (sidik jari "
                    "{fingerprint}): kuncinya sudah diganti, atau berkas disimpan dari server "
                    "lain. Simpan ulang kunci dari komputer yang kuncinya berfungsi, lalu pasang "
                    "berkas yang baru."
                ).format(fingerprint=key_fingerprint)
            )


def _detail(entry: AuditEntry) -> dict[str, object]:
    try:
        value = json.loads(entry.detail)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
