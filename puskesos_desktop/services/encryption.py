"""Encryption at rest: unlocking an encrypted desk, key slots, the recovery key, migration.

A desk is encrypted when its database file is not plain SQLite and its key-slot file exists
(``kunci/basisdata-kunci.json``, mirrored to ``cadangan/`` so a damaged keys folder does
not lose the desk). The database key is 32 random bytes. It is wrapped once per operator
password and once by the recovery key printed at setup (:mod:`store.keyslots`).

Opening order for an encrypted desk: user name and password → :class:`LoginGuard` (lockout
counters outside the database) → unwrap the key from that operator's slot → open the
database with the key → the accounts login runs on the now-open database. One dialog.

``OperatorService`` keeps the slots in step with the ``operator`` table: a slot is
(re)wrapped when a password is set, changed or reset, removed on deactivation, and made for
operators who existed before encryption was switched on at their next login on an unlocked
desk (:meth:`EncryptionService.remember_password`).
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.permissions import Permission
from puskesos_desktop.domain.recovery_key import new_recovery_key, parse_recovery_key
from puskesos_desktop.i18n import _
from puskesos_desktop.jobs import CancelToken, Progress, no_progress
from puskesos_desktop.paths import DataPaths
from puskesos_desktop.services.context import ChangeKind, Changes, ServiceContext
from puskesos_desktop.services.encryption_files import encrypt_file, shred_leftovers
from puskesos_desktop.store.cipher import KEY_BYTES
from puskesos_desktop.store.keyslots import KeySlots, SlotFileError, normal_label, slot_file
from puskesos_desktop.store.sqlite_files import is_plain_sqlite

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class EncryptionStatus:
    encrypted: bool
    operators: tuple[str, ...]  # user names (lower case) that have a key slot
    has_recovery: bool


@dataclass(frozen=True)
class EnableResult:
    recovery_key: str  # printed form; shown once, never stored
    backups_encrypted: int
    changes: Changes


def _slot_paths(paths: DataPaths) -> tuple:
    return (slot_file(paths.keys), slot_file(paths.backups))


def desk_is_encrypted(paths: DataPaths) -> bool:
    """True when the database file is SQLCipher-encrypted (and a slot file exists for it)."""
    db = paths.database
    if not db.is_file() or db.stat().st_size == 0 or is_plain_sqlite(db):
        return False
    return any(path.exists() for path in _slot_paths(paths))


def load_slots(paths: DataPaths) -> KeySlots:
    """The slot file from ``kunci/``, or its mirror in ``cadangan/`` when that one is gone."""
    primary, mirror = _slot_paths(paths)
    try:
        return KeySlots.load(primary)
    except SlotFileError as error:
        if not mirror.exists():
            raise
        log.warning("Berkas slot kunci utama tak terbaca (%s); memakai salinan", error.message)
        return KeySlots.load(mirror)


def save_slots(paths: DataPaths, slots: KeySlots) -> None:
    paths.ensure()
    for path in _slot_paths(paths):
        slots.save(path)


def unlock_with_password(paths: DataPaths, username: str, password: str) -> bytes:
    """The database key from ``username``'s slot; lockout rules as for the normal login."""
    from puskesos_desktop.services.login_guard import LoginGuard

    guard = LoginGuard(paths.keys)
    guard.check(username)
    slots = load_slots(paths)
    if normal_label(username) not in slots.operators:  # the labels are plain in the file
        raise UserError(
            _(
                "'{username}' belum dapat membuka data terenkripsi. Periksa ejaannya, atau "
                "minta pengguna lain membuka aplikasi, lalu masuk lewat Ganti pengguna."
            ).format(username=username.strip())
        )
    key = slots.open_operator(username, password)
    if key is None:
        attempt = guard.record_failure(username)
        if attempt.locked_until is not None:
            guard.check(username)  # raises the "locked, wait N minutes" message
        raise UserError(
            _(
                "Nama pengguna atau kata sandi salah (sisa {remaining} percobaan). Jika semua "
                "kata sandi lupa, pakai Kunci Pemulihan."
            ).format(remaining=attempt.remaining)
        )
    guard.record_success(username)
    return key


def unlock_with_recovery(paths: DataPaths, typed_key: str) -> bytes:
    """The database key from the recovery slot; typos are caught before the slow unwrap."""
    key = load_slots(paths).open_recovery(parse_recovery_key(typed_key))
    if key is None:
        raise UserError(
            _(
                "Kunci pemulihan tidak cocok dengan basis data ini. Pastikan lembar Kunci "
                "Pemulihan milik desa ini dan yang terbaru, lalu ketik ulang."
            )
        )
    return key


class EncryptionService:
    def __init__(self, context: ServiceContext) -> None:
        self._context = context
        self._paths = context.paths

    def status(self) -> EncryptionStatus:
        if not desk_is_encrypted(self._paths):
            return EncryptionStatus(False, (), False)
        slots = load_slots(self._paths)
        return EncryptionStatus(True, slots.operators, slots.has_recovery)

    def _key(self) -> bytes:
        key = self._context.db_key
        if key is None or not desk_is_encrypted(self._paths):
            raise UserError(_("Basis data ini belum terenkripsi. Aktifkan enkripsi dulu."))
        return key

    def enable(
        self,
        username: str,
        password: str,
        *,
        progress: Progress = no_progress,
        cancel: CancelToken | None = None,
    ) -> EnableResult:
        """Encrypt this plain desk, its old backups included; returns the new recovery key.

        ``username``/``password`` are the signed-in admin's, checked against the database,
        so the first slot opens with the password that admin already uses to log in.
        Callers run it in the serial write lane: every pooled connection is closed here.
        """
        self._context.require(Permission.MANAGE_KEYS)
        if desk_is_encrypted(self._paths):
            raise UserError(_("Basis data ini sudah terenkripsi."))
        self._check_password(username, password)
        if cancel is not None:
            cancel.check()
        progress(0, 1, _("Mengenkripsi basis data…"))
        printed = self._encrypt_live(username, password)
        encrypted_backups = self._encrypt_old_backups(self._key(), progress)
        self._audit("enkripsi_diaktifkan")
        log.info("Enkripsi basis data diaktifkan (%d cadangan ikut dienkripsi)", encrypted_backups)
        return EnableResult(printed, encrypted_backups, Changes.of(ChangeKind.DATABASE))

    def encrypt_new_desk(self, admin_username: str, admin_password: str) -> str:
        """At setup, before the first row: encrypt the empty schema; returns the recovery key.

        Run again (a setup that failed later and is retried) it re-issues the slots for the
        admin now typed, with a new recovery key.
        """
        if self._context.db_key is not None and desk_is_encrypted(self._paths):
            printed = new_recovery_key()
            slots = KeySlots().with_operator(admin_username, admin_password, self._key())
            save_slots(self._paths, slots.with_recovery(parse_recovery_key(printed), self._key()))
            return printed
        return self._encrypt_live(admin_username, admin_password)

    def _encrypt_live(self, username: str, password: str) -> str:
        """Key, slots, then the file swap (see ``encryption_files``); the engine is reopened."""
        key, printed = secrets.token_bytes(KEY_BYTES), new_recovery_key()
        slots = KeySlots().with_operator(username, password, key)
        slots = slots.with_recovery(parse_recovery_key(printed), key)
        live = self._paths.database
        self._context.release_connections()
        shred_leftovers(live.parent)
        save_slots(self._paths, slots)  # before the swap: an encrypted file is never keyless
        try:
            encrypt_file(live, key)
        finally:
            if is_plain_sqlite(live):  # nothing changed: the slot file must not claim otherwise
                for path in _slot_paths(self._paths):
                    path.unlink(missing_ok=True)
        self._context.db_key = key
        self._context.reopen_engine()
        return printed

    def _encrypt_old_backups(self, key: bytes, progress: Progress) -> int:
        """Old plain backups would keep every resident's data readable: encrypt them too."""
        from puskesos_desktop.services.backup import BackupService

        plain = [
            info.path for info in BackupService(self._context).list_backups()
            if is_plain_sqlite(info.path)
        ]  # fmt: skip
        done = 0
        for number, path in enumerate(plain, start=1):
            progress(number, len(plain), _("Mengenkripsi cadangan lama…"))
            try:
                encrypt_file(path, key)
                done += 1
            except UserError as error:
                log.warning("Cadangan %s tidak dapat dienkripsi: %s", path.name, error.message)
        shred_leftovers(self._paths.backups)
        return done

    def _check_password(self, username: str, password: str) -> None:
        from sqlmodel import select

        from puskesos_desktop.domain.passwords import verify_password
        from puskesos_desktop.store.models import Operator

        with self._context.transaction() as session:
            rows = session.exec(select(Operator).where(Operator.aktif == True)).all()  # noqa: E712
            hashes = [row.password_hash for row in rows if row.username.casefold()
                      == username.strip().casefold()]  # fmt: skip
        if not hashes or not verify_password(password, hashes[0]):
            raise UserError(_("Kata sandi salah. Ketik kata sandi yang Anda pakai untuk masuk."))

    def renew_recovery_key(self) -> str:
        """A new recovery key (the old sheet stops working); for a lost or exposed sheet."""
        self._context.require(Permission.MANAGE_KEYS)
        key, printed = self._key(), new_recovery_key()
        slots = load_slots(self._paths).with_recovery(parse_recovery_key(printed), key)
        save_slots(self._paths, slots)
        self._audit("kunci_pemulihan_baru")
        return printed

    def password_changed(self, username: str, _old: str | None, new_password: str) -> None:
        """An operator's password was set, changed or reset (called inside that transaction)."""
        if self._context.db_key is None or not desk_is_encrypted(self._paths):
            return
        slots = load_slots(self._paths).with_operator(username, new_password, self._key())
        save_slots(self._paths, slots)

    def remember_password(self, username: str, password: str) -> None:
        """After a login checked against the database: give an older operator a slot.

        Only a missing slot is made: trying an existing one would cost a second memory-hard
        scrypt (about a second on an old laptop) at every login and idle unlock, and every
        password change already re-wraps the slot in the same transaction.
        """
        if self._context.db_key is None or not desk_is_encrypted(self._paths):
            return
        slots = load_slots(self._paths)
        if normal_label(username) not in slots.operators:
            save_slots(self._paths, slots.with_operator(username, password, self._key()))

    def forget_operator(self, username: str) -> None:
        """A deactivated operator's password must no longer open the database."""
        if not desk_is_encrypted(self._paths):
            return
        save_slots(self._paths, load_slots(self._paths).without_operator(username))

    def reset_password_with_recovery(self, username: str, new_password: str) -> Changes:
        """After opening with the recovery key: give an admin a new password (and slot)."""
        from sqlmodel import select

        from puskesos_desktop.domain.audit import AuditAction
        from puskesos_desktop.domain.passwords import check_password_policy, hash_password
        from puskesos_desktop.services.audit import AuditService
        from puskesos_desktop.store.models import Operator

        key = self._key()
        check_password_policy(new_password)
        wanted = username.strip().casefold()
        with self._context.transaction() as session:
            admins = session.exec(select(Operator).where(Operator.peran == "admin")).all()
            operator = next((row for row in admins if row.username.casefold() == wanted), None)
            if operator is None or not operator.aktif:
                raise UserError(
                    _("Tidak ada admin aktif bernama '{username}'. Ketik nama pengguna admin.")
                    .format(username=username.strip())
                )
            operator.password_hash = hash_password(new_password)
            session.add(operator)
            AuditService(self._context).record(
                AuditAction.PASSWORD_RESET, "operator", operator.username,
                {"cara": "kunci_pemulihan"}, session=session, operator=operator.username,
            )  # fmt: skip
        slots = load_slots(self._paths).with_operator(username, new_password, key)
        save_slots(self._paths, slots)
        return Changes.of(ChangeKind.DATABASE)

    def recovery_sheet_pdf(self, recovery_key: str) -> bytes:
        """The one-page "Kunci Pemulihan" sheet with the desk letterhead, to print and file."""
        from datetime import datetime

        from puskesos_desktop.letters.recovery_sheet import RecoverySheet, render_recovery_sheet
        from puskesos_desktop.services.letter_content import issuer, letterhead
        from puskesos_desktop.store.models import DeskProfile

        with self._context.transaction() as session:
            profile = session.get(DeskProfile, 1)
            if profile is None:
                raise UserError(_("Profil desa belum diisi. Selesaikan penyiapan awal dulu."))
            head, name = letterhead(profile), issuer(profile)
        return render_recovery_sheet(head, RecoverySheet(recovery_key, name, datetime.now()))

    def _audit(self, what: str) -> None:
        from puskesos_desktop.domain.audit import AuditAction
        from puskesos_desktop.services.audit import AuditService

        AuditService(self._context).record(AuditAction.KEY_CHANGE, detail={"kunci": what})
