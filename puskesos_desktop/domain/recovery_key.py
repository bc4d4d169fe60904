"""The recovery key: printed once at setup, typed back in when every password is lost.

It is read off paper by an operator, so it uses Crockford's base-32 alphabet (no I, L, O,
U; typing those is forgiven), comes in groups of four, and ends in two check characters
so a typo is caught before the slow key unwrapping, with a message that says so.
26 random characters carry 130 bits: no KDF work factor is needed to make guessing hopeless.
"""

from __future__ import annotations

import hashlib
import secrets

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.i18n import _

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RANDOM_CHARS = 26
CHECK_CHARS = 2
GROUP = 4
_FORGIVEN = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def _check(body: str) -> str:
    digest = hashlib.sha256(b"puskesos-kunci-pemulihan:" + body.encode()).digest()
    return "".join(ALPHABET[byte % len(ALPHABET)] for byte in digest[:CHECK_CHARS])


def new_recovery_key() -> str:
    """A fresh key in its printed form, e.g. ``7KQ2-…-M4``."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_CHARS))
    return format_key(body + _check(body))


def format_key(compact: str) -> str:
    return "-".join(compact[i : i + GROUP] for i in range(0, len(compact), GROUP))


def parse_recovery_key(typed: str) -> str:
    """The canonical compact form of a typed key; :class:`UserError` if it cannot be right."""
    compact = "".join(typed.upper().split()).replace("-", "").translate(_FORGIVEN)
    expected = RANDOM_CHARS + CHECK_CHARS
    if len(compact) != expected or any(char not in ALPHABET for char in compact):
        raise UserError(
            _(
                "Kunci pemulihan terdiri atas {expected} huruf/angka dalam kelompok empat (contoh: "
                "7KQ2-M4XA-…). Periksa lagi lembar Kunci Pemulihan, lalu ketik ulang."
            ).format(expected=expected)
        )
    body, check = compact[:RANDOM_CHARS], compact[RANDOM_CHARS:]
    if _check(body) != check:
        raise UserError(
            _(
                "Kunci pemulihan salah ketik (huruf pemeriksa tidak cocok). Bandingkan setiap "
                "kelompok dengan lembar Kunci Pemulihan, lalu ketik ulang."
            )
        )
    return compact
