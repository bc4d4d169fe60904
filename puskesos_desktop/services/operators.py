"""Operators: login (with lockout), unlock, switch user, passwords, and user management.

Lockout counters live outside the database (:class:`LoginGuard`); everything else is the
``operator`` table. Every login, failed login, password change and user change is audited.

On an encrypted desk each operator's password also opens the database key (key slots,
:mod:`services.encryption`; every slot call is a no-op on a plain desk). A password that is
set, changed or reset re-wraps that operator's slot, and deactivation removes it, inside
the same transaction as the ``operator`` row: if the slot file cannot be written, the change
rolls back, so the password that opens the database and the one that signs in never differ
and a deactivated operator never keeps a way in. Operators from before encryption was
switched on get their slot at their next login while the desk is open.

Signing in reads through :mod:`services.sign_in` (no ORM) and records through the ORM via
``context.deferred``, so at start-up the login does not wait for the ORM to load; this
module therefore imports the ORM and the models only inside the methods that use them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from puskesos_desktop.domain.actor import Actor
from puskesos_desktop.domain.audit import AuditAction
from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.passwords import check_password_policy, hash_password, verify_password
from puskesos_desktop.domain.permissions import Permission, Role
from puskesos_desktop.i18n import _
from puskesos_desktop.services.changes import ChangeKind, Changes
from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.services.login_guard import LoginGuard
from puskesos_desktop.services.sign_in import OperatorView, find_login, read_lock_minutes

if TYPE_CHECKING:
    from sqlmodel import Session

    from puskesos_desktop.services.audit import AuditService
    from puskesos_desktop.services.encryption import EncryptionService
    from puskesos_desktop.store.models import Operator

log = logging.getLogger(__name__)
LOCK_MINUTES_CHOICES = (0, 5, 10, 15, 30, 60)  # 0 = never lock automatically
_USERNAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-")


@dataclass(frozen=True)
class OperatorInfo:
    username: str
    nama: str
    peran: str
    aktif: bool
    wajib_ganti_sandi: bool
    terakhir_masuk: datetime | None


def _view(row: Operator) -> OperatorView:
    return OperatorView(row.id or 0, row.username, row.nama, row.peran, row.wajib_ganti_sandi)


def _wrong_login() -> UserError:
    return UserError(_("Nama pengguna atau kata sandi salah. Periksa lalu coba lagi."))


class OperatorService:
    def __init__(self, context: ServiceContext) -> None:
        self._context = context
        self.guard = LoginGuard(context.paths.keys)

    # -- signing in ---------------------------------------------------------------------
    def login(self, username: str, password: str) -> OperatorView:
        """Check the password (respecting lockout) and make this operator the actor.

        The check reads one row without the ORM; the audit entry and ``terakhir_masuk`` are
        written through ``context.deferred``: at once, or during a GUI start right after
        the worker has loaded the ORM (``Desk.finish_start``).
        """
        name = username.strip().lower()
        self.guard.check(name)
        found = find_login(self._context, name)
        if found is None or not found.aktif or not verify_password(password, found.password_hash):
            self._fail(name)
        assert found is not None  # _fail raised otherwise
        view = found.view
        self.guard.record_success(name)
        self._context.actor = Actor(found.desk_id, view.username)
        self._context.operator_role = view.peran
        self._context.deferred.run(lambda: self._record_login(view.username))
        self._remember_key_slot(view.username, password)
        return view

    def _record_login(self, username: str) -> None:
        from puskesos_desktop.store import audit_log
        from puskesos_desktop.store.models.base import utcnow

        with self._context.transaction() as session:
            row = self._find(session, username)
            if row is not None:
                row.terakhir_masuk = utcnow()
                session.add(row)
            audit_log.append(session, operator=username, action=AuditAction.LOGIN)

    def unlock(self, password: str) -> OperatorView:
        """The idle lock screen: the same operator types their password again."""
        actor = self._context.require_actor()
        return self.login(actor.operator, password)

    def sign_out(self) -> None:
        actor = self._context.actor
        if actor is not None:  # after the login's own entry, which may still be held
            self._context.deferred.run(lambda: self._audit_service().record(
                AuditAction.LOGOUT, operator=actor.operator
            ))  # fmt: skip
        self._context.actor = None
        self._context.operator_role = None

    def current(self) -> OperatorView | None:
        actor = self._context.actor
        if actor is None:
            return None
        with self._context.transaction() as session:
            row = self._find(session, actor.operator)
            return _view(row) if row is not None else None

    def _fail(self, name: str) -> None:
        attempt = self.guard.record_failure(name)
        self._context.deferred.run(lambda: self._audit_service().record(
            AuditAction.LOGIN_FAILED, "operator", None, {"username": name[:40]}, operator="-"
        ))  # fmt: skip
        if attempt.locked_until is not None:
            self.guard.check(name)  # raises the "locked, wait N minutes" message
        raise UserError(
            _wrong_login().message
            + " "
            + _("Sisa percobaan sebelum dikunci sementara: {count}.").format(
                count=attempt.remaining
            )
        )

    # -- passwords ----------------------------------------------------------------------
    def change_own_password(self, old: str, new: str, repeat: str) -> Changes:
        from puskesos_desktop.store import audit_log

        actor = self._context.require_actor()
        if new != repeat:
            raise UserError(_("Kata sandi baru dan ulangannya tidak sama. Ketik ulang."))
        check_password_policy(new)
        if new == old:
            raise UserError(_("Kata sandi baru harus berbeda dari yang lama."))
        with self._context.transaction() as session:
            row = self._find(session, actor.operator)
            if row is None or not verify_password(old, row.password_hash):
                raise UserError(_("Kata sandi lama salah. Periksa lalu coba lagi."))
            row.password_hash = hash_password(new)
            row.wajib_ganti_sandi = False
            session.add(row)
            audit_log.append(
                session, operator=actor.operator, action=AuditAction.PASSWORD_CHANGE,
                target_table="operator", target_uid=None, detail={"username": row.username},
            )  # fmt: skip
            self._key_slots().password_changed(row.username, old, new)
        return Changes.of(ChangeKind.OPERATORS)

    def reset_password(self, username: str, temporary: str) -> Changes:
        """Admin sets a temporary password; the operator must change it at next login."""
        actor = self._context.require(Permission.MANAGE_USERS)
        check_password_policy(temporary)
        with self._context.transaction() as session:
            row = self._require_row(session, username)
            row.password_hash = hash_password(temporary)
            row.wajib_ganti_sandi = True
            session.add(row)
            self._audit(session, actor, AuditAction.PASSWORD_RESET, row.username, {})
            self._key_slots().password_changed(row.username, None, temporary)
        self.guard.record_success(row.username)  # a reset also lifts a lockout
        return Changes.of(ChangeKind.OPERATORS)

    # -- managing operators (admin) -----------------------------------------------------
    def list(self) -> list[OperatorInfo]:
        from sqlmodel import col, select

        from puskesos_desktop.store.models import Operator

        self._context.require(Permission.MANAGE_USERS)
        with self._context.transaction() as session:
            rows = session.exec(select(Operator).order_by(col(Operator.username))).all()
            return [
                OperatorInfo(
                    r.username, r.nama, r.peran, r.aktif, r.wajib_ganti_sandi, r.terakhir_masuk
                )
                for r in rows
            ]

    def create(self, username: str, nama: str, peran: str, password: str) -> Changes:
        """A new operator; the first password is temporary (changed at first login)."""
        from puskesos_desktop.store.models import Operator

        actor = self._context.require(Permission.MANAGE_USERS)
        name = username.strip().lower()
        if not (3 <= len(name) <= 40) or not set(name) <= _USERNAME_CHARS:
            raise UserError(
                _(
                    "Nama pengguna harus 3–40 karakter: huruf kecil, angka, titik, garis bawah "
                    "atau tanda minus (tanpa spasi)."
                )
            )
        if not nama.strip():
            raise UserError(_("Isi nama lengkap pengguna."))
        role = self._role(peran)
        check_password_policy(password)
        with self._context.transaction() as session:
            if self._find(session, name) is not None:
                raise UserError(
                    _("Nama pengguna '{username}' sudah dipakai. Pilih nama lain.").format(
                        username=name
                    )
                )
            session.add(
                Operator(
                    username=name, nama=nama.strip(), peran=role,
                    password_hash=hash_password(password), wajib_ganti_sandi=True,
                )
            )  # fmt: skip
            self._audit(session, actor, AuditAction.OPERATOR_CREATE, name, {"peran": role})
            self._key_slots().password_changed(name, None, password)
        return Changes.of(ChangeKind.OPERATORS)

    def update(self, username: str, *, peran: str, aktif: bool) -> Changes:
        """Change an operator's role or (de)activate them; the last active admin stays."""
        actor = self._context.require(Permission.MANAGE_USERS)
        role = self._role(peran)
        with self._context.transaction() as session:
            row = self._require_row(session, username)
            stays_admin = role == Role.ADMIN and aktif
            losing_admin = row.peran == Role.ADMIN and row.aktif and not stays_admin
            if losing_admin and self._active_admins(session) <= 1:
                raise UserError(
                    _(
                        "'{username}' adalah satu-satunya admin aktif. Jadikan pengguna lain "
                        "admin terlebih dahulu."
                    ).format(username=row.username)
                )
            if row.username == actor.operator and not aktif:
                raise UserError(_("Anda tidak dapat menonaktifkan akun Anda sendiri."))
            detail = {"peran": [row.peran, role], "aktif": [row.aktif, aktif]}
            row.peran, row.aktif = role, aktif
            session.add(row)
            self._audit(session, actor, AuditAction.OPERATOR_UPDATE, row.username, detail)
            if not aktif:  # (re)activated operators get a slot again at their next login
                self._key_slots().forget_operator(row.username)
        return Changes.of(ChangeKind.OPERATORS)

    # -- idle lock setting --------------------------------------------------------------
    def lock_minutes(self) -> int:
        """Read right after every sign-in, so without the ORM (see :mod:`services.sign_in`)."""
        return read_lock_minutes(self._context)

    def set_lock_minutes(self, minutes: int) -> Changes:
        from puskesos_desktop.store.models import DeskProfile

        actor = self._context.require(Permission.EDIT_SETTINGS)
        if minutes not in LOCK_MINUTES_CHOICES:
            raise UserError(_("Pilih salah satu waktu kunci layar yang tersedia."))
        with self._context.transaction() as session:
            profile = session.get(DeskProfile, 1)
            if profile is None:
                raise UserError(_("Aplikasi belum disiapkan."))
            profile.kunci_otomatis_menit = minutes
            session.add(profile)
            detail = {"kunci_otomatis_menit": minutes}
            self._audit(session, actor, AuditAction.SETTINGS_CHANGE, None, detail)
        return Changes.of(ChangeKind.PROFILE)

    def _audit_service(self) -> AuditService:  # imported when used: it loads the ORM
        from puskesos_desktop.services.audit import AuditService

        return AuditService(self._context)

    # -- key slots of an encrypted desk -------------------------------------------------
    def _key_slots(self) -> EncryptionService:
        from puskesos_desktop.services.encryption import EncryptionService

        return EncryptionService(self._context)

    def _remember_key_slot(self, username: str, password: str) -> None:
        """Give an operator from before encryption a slot; never fails the login itself.

        A slot file that cannot be written now (disk full, a damaged file on a desk opened
        with the recovery key) is tried again at the next login; refusing the login instead
        would lock the operator out of a desk whose database is already open.
        """
        try:
            self._key_slots().remember_password(username, password)
        except UserError as error:
            log.warning("Slot kunci untuk %s belum dapat dibuat: %s", username, error.message)

    # -- helpers ------------------------------------------------------------------------
    @staticmethod
    def _find(session: Session, username: str) -> Operator | None:
        """Case-insensitive: setup may have stored "Nurul", people type "nurul"."""
        from sqlmodel import func, select

        from puskesos_desktop.store.models import Operator

        wanted = username.strip().lower()
        return session.exec(select(Operator).where(func.lower(Operator.username) == wanted)).first()

    def _require_row(self, session: Session, username: str) -> Operator:
        row = self._find(session, username.strip().lower())
        if row is None:
            raise UserError(_("Pengguna '{username}' tidak ada.").format(username=username))
        return row

    @staticmethod
    def _role(peran: str) -> str:
        try:
            return Role(peran).value
        except ValueError:
            raise UserError(_("Peran tidak dikenal: {peran}.").format(peran=peran)) from None

    @staticmethod
    def _active_admins(session: Session) -> int:
        from sqlmodel import select

        from puskesos_desktop.store.models import Operator

        rows = session.exec(
            select(Operator.id).where(Operator.aktif, Operator.peran == Role.ADMIN.value)
        ).all()
        return len(rows)

    @staticmethod
    def _audit(
        session: Session, actor: Actor, action: AuditAction, username: str | None, detail: dict
    ) -> None:
        from puskesos_desktop.store import audit_log

        audit_log.append(
            session, operator=actor.operator, action=action, target_table="operator",
            detail={"username": username, **detail} if username else detail,
        )  # fmt: skip
