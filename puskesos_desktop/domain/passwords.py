"""Operator passwords: scrypt (memory-hard, in the standard library) with a random salt.

Village laptops get lost and go to repair shops; a memory-hard hash makes guessing a stolen
database's passwords slow even on a good GPU.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from puskesos_desktop.domain.errors import UserError

MIN_LENGTH = 8
_N, _R, _P = 2**14, 8, 1  # ~16 MiB, ~50 ms on an old laptop
_PREFIX = "scrypt"


def check_password_policy(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise UserError(f"Kata sandi terlalu pendek: minimal {MIN_LENGTH} karakter.")
    if password.isdigit() or password.isalpha():
        raise UserError("Kata sandi harus memuat huruf dan angka.")


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    encode = base64.b64encode
    return f"{_PREFIX}${_N}${_R}${_P}${encode(salt).decode()}${encode(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        prefix, n, r, p, salt_b64, digest_b64 = stored.split("$")
        if prefix != _PREFIX:
            return False
        salt, expected = base64.b64decode(salt_b64), base64.b64decode(digest_b64)
        actual = hashlib.scrypt(
            password.encode(), salt=salt, n=int(n), r=int(r), p=int(p), dklen=len(expected)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)
