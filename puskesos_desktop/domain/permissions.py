"""Who may do what: the one table of roles and permissions (pure data, no I/O).

Services check it through ``ServiceContext.require``; the GUI only reads it to hide or
disable what the role cannot do. The service is the guard, so a bypassed button still
cannot void a letter.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """Operator roles, weakest first (stored in ``operator.peran``)."""

    OPERATOR = "operator"
    KOORDINATOR = "koordinator"
    ADMIN = "admin"


class Permission(StrEnum):
    # daily desk work
    REGISTER = "register"  # persons, households, intake, list import
    ASSESS = "assess"
    REFER = "refer"  # referrals, status updates, service directory
    PRINT_LETTER = "print_letter"
    SYNC = "sync"  # send and receive bundles
    BACKUP = "backup"
    # koordinator
    VOID_LETTER = "void_letter"
    RESOLVE_CONFLICT = "resolve_conflict"
    APPROVE_CORRECTION = "approve_correction"
    SUBJECT_REQUEST = "subject_request"  # data-subject export / correction / deletion
    VIEW_AUDIT = "view_audit"
    REVIEW_AUDIT_FLAG = "review_audit_flag"  # district: clear "a village's chain went back"
    # admin
    MANAGE_USERS = "manage_users"
    EDIT_SETTINGS = "edit_settings"  # profile, letterhead, officials, numbering, lock time
    MANAGE_KEYS = "manage_keys"  # sync keys, trusted desks, encryption key slots
    RESTORE = "restore"
    RUN_RETENTION = "run_retention"


_OPERATOR = frozenset(
    {
        Permission.REGISTER,
        Permission.ASSESS,
        Permission.REFER,
        Permission.PRINT_LETTER,
        Permission.SYNC,
        Permission.BACKUP,
    }
)
_KOORDINATOR = _OPERATOR | {
    Permission.VOID_LETTER,
    Permission.RESOLVE_CONFLICT,
    Permission.APPROVE_CORRECTION,
    Permission.SUBJECT_REQUEST,
    Permission.VIEW_AUDIT,
    Permission.REVIEW_AUDIT_FLAG,
}
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.OPERATOR: _OPERATOR,
    Role.KOORDINATOR: frozenset(_KOORDINATOR),
    Role.ADMIN: frozenset(Permission),
}


def allows(role: str | None, permission: Permission) -> bool:
    """True when ``role`` (a stored ``peran`` value; None = nobody signed in) may do it."""
    try:
        return permission in ROLE_PERMISSIONS[Role(role)]
    except ValueError:
        return False


def weakest_role_with(permission: Permission) -> Role:
    """The role to ask ("Minta koordinator."): the first role, weakest first, allowed it."""
    return next(role for role in Role if permission in ROLE_PERMISSIONS[role])
