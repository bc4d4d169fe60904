"""The single permission check services use, with the refusal message the operator reads.

The table itself is :mod:`puskesos_desktop.domain.permissions`; here it meets the signed-in
operator and Indonesian wording ("Peran Anda (operator) tidak boleh membatalkan surat.
Minta koordinator.").
"""

from __future__ import annotations

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.permissions import (
    ROLE_PERMISSIONS,
    Permission,
    allows,
    weakest_role_with,
)
from puskesos_desktop.i18n import N_, _

_DOING: dict[Permission, str] = {
    Permission.REGISTER: N_("mendaftarkan atau mengubah data warga"),
    Permission.ASSESS: N_("mengisi asesmen"),
    Permission.REFER: N_("membuat atau mengubah rujukan"),
    Permission.PRINT_LETTER: N_("mencetak surat"),
    Permission.SYNC: N_("mengirim atau menerima paket sinkronisasi"),
    Permission.BACKUP: N_("membuat cadangan"),
    Permission.VOID_LETTER: N_("membatalkan surat"),
    Permission.RESOLVE_CONFLICT: N_("menyelesaikan konflik sinkronisasi"),
    Permission.APPROVE_CORRECTION: N_("menyetujui koreksi data"),
    Permission.SUBJECT_REQUEST: N_("melayani permintaan data pribadi warga"),
    Permission.VIEW_AUDIT: N_("melihat jejak audit"),
    Permission.REVIEW_AUDIT_FLAG: N_("menandai peringatan jejak audit desa sudah diperiksa"),
    Permission.MANAGE_USERS: N_("mengelola pengguna"),
    Permission.EDIT_SETTINGS: N_("mengubah pengaturan desk"),
    Permission.MANAGE_KEYS: N_("mengelola kunci"),
    Permission.RESTORE: N_("memulihkan basis data dari cadangan"),
    Permission.RUN_RETENTION: N_("menjalankan aturan retensi data"),
}
_ROLE_NAMES = {"operator": N_("operator"), "koordinator": N_("koordinator"), "admin": N_("admin")}


def role_label(role: str) -> str:
    """The role as shown to the user (translated)."""
    return _(_ROLE_NAMES[role]) if role in _ROLE_NAMES else role


def who_may(permission: Permission) -> str:
    """The tooltip of a disabled button: which roles may do it, weakest first."""
    roles = [role_label(role) for role, can in ROLE_PERMISSIONS.items() if permission in can]
    who = roles[-1]
    if len(roles) > 1:
        who = _("{some} atau {last}").format(some=", ".join(roles[:-1]), last=who)
    return _("Hanya {who} yang boleh {doing}.").format(who=who, doing=_(_DOING[permission]))


def check(role: str | None, permission: Permission) -> None:
    """Raise :class:`UserError` unless ``role`` may do ``permission``."""
    if role is None:
        raise UserError(_("Belum ada operator yang masuk. Masuk (login) terlebih dahulu."))
    if not allows(role, permission):
        raise UserError(
            _("Peran Anda ({role}) tidak boleh {doing}. Minta {who}.").format(
                role=role_label(role),
                doing=_(_DOING[permission]),
                who=role_label(weakest_role_with(permission)),
            )
        )
