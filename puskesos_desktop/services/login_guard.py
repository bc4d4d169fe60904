"""Failed-login counters and lockout, kept OUTSIDE the database.

With an encrypted database the password must be checked before the database can be
opened, so the counters live in a small JSON file in the desk's keys folder
(``kunci/login-guard.json``). The encryption unlock step calls the same three methods.

Rule: after :data:`MAX_FAILURES` wrong passwords for one user name, that name is locked for
:data:`LOCK_MINUTES`; a correct password resets the count.

Damaged or tampered file (a power cut mid-write, a hand edit): we neither crash nor lock
everyone out. Every name is treated as having ``MAX_FAILURES - 1`` failures: the right
password still works at once, but a guesser gets a single try before the lockout starts.
Deleting the file resets the counters; that is accepted, because whoever can delete files
in the data folder can copy the (encrypted) database anyway, and lockout only slows guessing
at the login screen. Lock times further ahead than one lockout (clock turned back, edited
file) are cut to one lockout from now, so a wrong clock never locks a desk for long.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.i18n import _

MAX_FAILURES = 5
LOCK_MINUTES = 5
MAX_NAMES = 200  # a file of guessed names never grows without bound
FILE_NAME = "login-guard.json"


@dataclass(frozen=True)
class FailedAttempt:
    """After a wrong password: how many in a row, how many are left, and any lock."""

    failures: int
    remaining: int
    locked_until: datetime | None


def _now() -> datetime:
    return datetime.now(UTC)


class LoginGuard:
    def __init__(self, keys_dir: Path, clock: Callable[[], datetime] = _now) -> None:
        self._path = keys_dir / FILE_NAME
        self._clock = clock

    # -- public API ---------------------------------------------------------------------
    def check(self, username: str) -> None:
        """Raise :class:`UserError` (saying how long to wait) while ``username`` is locked."""
        state = self._load()
        entry = state.get(self._key(username), {})
        until = self._locked_until(entry)
        if until is not None and entry.get("locked_until") != until.isoformat():
            state[self._key(username)] = {"failures": 0, "locked_until": until.isoformat()}
            self._save(state)  # remember the cut, or a far-future lock would never end
        if until is not None:
            minutes = max(1, -(-int((until - self._clock()).total_seconds()) // 60))
            raise UserError(
                _(
                    "Terlalu banyak kata sandi salah untuk '{username}'. Akun dikunci "
                    "sementara; coba lagi dalam {minutes} menit, atau minta admin membantu."
                ).format(username=username.strip(), minutes=minutes)
            )

    def record_failure(self, username: str) -> FailedAttempt:
        state = self._load()
        entry = state.get(self._key(username), {})
        failures = int(entry.get("failures", 0)) + 1
        locked_until = None
        if failures >= MAX_FAILURES:
            locked_until = self._clock() + timedelta(minutes=LOCK_MINUTES)
            failures = 0  # after the lock, a fresh series of attempts
        state[self._key(username)] = {
            "failures": failures,
            "locked_until": locked_until.isoformat() if locked_until else None,
        }
        self._save(state)
        remaining = MAX_FAILURES - failures if locked_until is None else 0
        return FailedAttempt(failures, remaining, locked_until)

    def record_success(self, username: str) -> None:
        state = self._load()
        if state.pop(self._key(username), None) is not None:
            self._save(state)

    # -- file ---------------------------------------------------------------------------
    @staticmethod
    def _key(username: str) -> str:
        return username.strip().lower()[:40]

    def _locked_until(self, entry: dict) -> datetime | None:
        text = entry.get("locked_until")
        if not isinstance(text, str):
            return None
        try:
            until = datetime.fromisoformat(text)
        except ValueError:
            return None
        now = self._clock()
        if until.tzinfo is None or until <= now:
            return None
        return min(until, now + timedelta(minutes=LOCK_MINUTES))

    def _load(self) -> dict[str, dict]:
        try:
            raw = json.loads(self._path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            return _Suspicious()
        users = raw.get("users") if isinstance(raw, dict) else None
        if not isinstance(users, dict) or not all(
            isinstance(v, dict) and isinstance(v.get("failures", 0), int) for v in users.values()
        ):
            return _Suspicious()
        return users

    def _save(self, users: dict[str, dict]) -> None:
        """Write via a temporary file and an atomic rename, so a power cut leaves old or new."""
        kept = dict(list(dict(users).items())[-MAX_NAMES:])
        self._path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self._path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"version": 1, "users": kept}), encoding="utf-8")
        temporary.replace(self._path)


class _Suspicious(dict):
    """What a damaged file reads as: every name one failure away from a lockout."""

    def get(self, key: str, default: object = None) -> dict:  # type: ignore[override]
        return super().get(key, {"failures": MAX_FAILURES - 1, "locked_until": None})
