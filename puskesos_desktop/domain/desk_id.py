"""Desk ids: who wrote a sync bundle and who it is for.

A village desk is ``<10-digit desa code>-<4 hex>`` (``3320012001-7f3a``); the random suffix
keeps two installations in the same village (a reinstall, a second laptop) apart, so their
bundle streams never mix. The district office is ``dinas-<4-digit kabupaten code>``
(``dinas-3320``): there is exactly one per kabupaten, so it needs no suffix.

Desk ids arrive from hostile files (bundle names, manifests, key cards), so the checks use
``fullmatch`` with ASCII-only classes: ``\\d`` would accept Arabic-Indic digits and ``$``
would accept a trailing newline.
"""

from __future__ import annotations

import re
import secrets
from typing import Literal

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.i18n import _

DeskKind = Literal["desa", "dinas"]

VILLAGE_DESK_ID = re.compile(r"[0-9]{10}-[0-9a-f]{4}")
DISTRICT_DESK_ID = re.compile(r"dinas-[0-9]{4}")
MAX_DESK_ID_LENGTH = 15

_DESA_CODE = re.compile(r"[0-9]{10}|[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}")
_KABUPATEN_CODE = re.compile(r"[0-9]{4}|[0-9]{2}\.[0-9]{2}")


def normalise_desa_code(code: str) -> str:
    """``33.20.01.2001`` or ``3320012001`` → ``3320012001``; anything else is a UserError."""
    text = code.strip() if isinstance(code, str) else ""
    if not _DESA_CODE.fullmatch(text):
        raise UserError(
            _(
                "Kode desa/kelurahan {code!r} tidak sah. Isi 10 angka kode Kemendagri, misalnya "
                "33.20.01.2001 atau 3320012001."
            ).format(code=code)
        )
    return text.replace(".", "")


def normalise_kabupaten_code(code: str) -> str:
    """``33.20`` or ``3320`` → ``3320``; anything else is a UserError."""
    text = code.strip() if isinstance(code, str) else ""
    if not _KABUPATEN_CODE.fullmatch(text):
        raise UserError(
            _(
                "Kode kabupaten/kota {code!r} tidak sah. Isi 4 angka kode Kemendagri, misalnya "
                "33.20 atau 3320."
            ).format(code=code)
        )
    return text.replace(".", "")


def make_village_desk_id(desa_code: str) -> str:
    """A new village desk id; the suffix comes from ``secrets`` so it cannot be predicted."""
    return f"{normalise_desa_code(desa_code)}-{secrets.token_hex(2)}"


def make_district_desk_id(kabupaten_code: str) -> str:
    """The district office's desk id (one per kabupaten/kota, hence no random part)."""
    return f"dinas-{normalise_kabupaten_code(kabupaten_code)}"


def is_valid_desk_id(value: object) -> bool:
    """True for a well-formed village or district desk id; never raises, whatever ``value`` is."""
    if not isinstance(value, str) or len(value) > MAX_DESK_ID_LENGTH:
        return False
    return bool(VILLAGE_DESK_ID.fullmatch(value) or DISTRICT_DESK_ID.fullmatch(value))


def desk_kind(desk_id: str) -> DeskKind:
    """``"desa"`` or ``"dinas"``; a malformed id (it may come from a file) is a UserError."""
    if not is_valid_desk_id(desk_id):
        raise UserError(
            _(
                "ID desk {desk_id!r} tidak sah. ID desk desa berbentuk 3320012001-7f3a, ID desk "
                "dinas berbentuk dinas-3320."
            ).format(desk_id=desk_id)
        )
    return "dinas" if desk_id.startswith("dinas-") else "desa"


def region_code_of(desk_id: str) -> str:
    """The plain region code inside a desk id: 10-digit desa code or 4-digit kabupaten code."""
    if desk_kind(desk_id) == "dinas":
        return desk_id.removeprefix("dinas-")
    return desk_id[:10]
