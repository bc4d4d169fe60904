"""Audit actions and the hash chain rule (pure: no I/O, no clock).

Each audit entry's hash is SHA-256 over a canonical JSON of its own content *and* the hash of
the entry before it, so changing or deleting any stored entry breaks every hash after it; the
first mismatch names the row that was touched. Canonical JSON (sorted keys, no whitespace,
UTF-8) makes the hash a function of the content alone, on any machine and Python version.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

GENESIS_HASH = "0" * 64  # "previous hash" of the first entry of a desk's chain
HASHED_FIELDS = ("id", "at", "operator", "action", "target_table", "target_uid", "detail")


@dataclass(frozen=True)
class AuditHead:
    """The newest entry of a desk's chain (``last_id`` 0 and the genesis hash when empty).

    Sync bundles carry it to the district, which cannot see the village's log itself but
    can notice when a later report no longer extends an earlier one.
    """

    last_id: int
    hash: str

    def rewinds(self, earlier: AuditHead) -> bool:
        """True when this head, reported after ``earlier``, cannot be its continuation.

        Entries are only ever appended, so the id never goes down and an id once reported
        keeps its hash. A lower id means entries were removed (or an old backup restored);
        the same id with another hash means the history up to it was rewritten.
        """
        if self.last_id != earlier.last_id:
            return self.last_id < earlier.last_id
        return self.hash != earlier.hash


EMPTY_HEAD = AuditHead(0, GENESIS_HASH)


class AuditAction(StrEnum):
    """What an audit entry records. Values are stored; never rename one, only add."""

    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    LETTER_PRINT = "letter_print"
    LETTER_REPRINT = "letter_reprint"
    LETTER_VOID = "letter_void"
    EXPORT = "export"
    IMPORT = "import"
    BACKUP = "backup"
    RESTORE = "restore"
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    LOCK = "lock"
    UNLOCK = "unlock"
    VIEW_SENSITIVE = "view_sensitive"
    PASSWORD_CHANGE = "password_change"
    PASSWORD_RESET = "password_reset"
    OPERATOR_CREATE = "operator_create"
    OPERATOR_UPDATE = "operator_update"
    SETTINGS_CHANGE = "settings_change"
    KEY_CHANGE = "key_change"  # key slots, recovery key, sync keys
    CONFLICT_RESOLVE = "conflict_resolve"
    CONSENT = "consent"  # consent recorded or withdrawn
    RETENTION = "retention"  # anonymisation / purge run
    SUBJECT_REQUEST = "subject_request"  # data-subject export / correction / deletion
    AUDIT_FLAG_REVIEW = "audit_flag_review"  # district cleared "a village's chain went back"
    KEY_EXPORT = "key_export"  # desk keys saved into a file for another installation
    KEY_IMPORT = "key_import"  # desk keys installed from such a file


def canonical_json(value: Any) -> str:
    """The one byte-stable JSON form used for hashing and for storing ``detail``."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(content: Mapping[str, Any], prev_hash: str) -> str:
    """SHA-256 (hex) of the entry's :data:`HASHED_FIELDS` chained onto ``prev_hash``."""
    material = {name: content[name] for name in HASHED_FIELDS} | {"prev": prev_hash}
    return hashlib.sha256(canonical_json(material).encode("utf-8")).hexdigest()
