"""This desk's unlocked keys, loaded once per session and shared by every service.

Unlocking costs about 1.5 s and tens of MB (age's deliberate scrypt), so sync, letters and
the CLI must not each load their own copy: they call :func:`desk_keys`, which caches the
keys on the :class:`ServiceContext`. A key rotation calls :func:`replace_desk_keys`.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.services.context import ServiceContext

if TYPE_CHECKING:
    from puskesos_desktop.sync.keys import DeskKeys

KEYS_EXTRA = "desk_keys"
_LOCK = threading.Lock()  # two GUI jobs asking at once must not pay scrypt twice


def desk_keys(context: ServiceContext) -> DeskKeys:
    """The cached keys, unlocked with the passphrase kept in the desk profile.

    Keys that cannot be used become a UserError that, on a shared server, points to
    installing them from a key file (``services.key_share``)."""
    cached = context.extras.get(KEYS_EXTRA)
    if cached is not None:
        return cached  # type: ignore[return-value]
    with _LOCK:
        cached = context.extras.get(KEYS_EXTRA)
        if cached is None:
            from puskesos_desktop.services.profile import ProfileService
            from puskesos_desktop.sync.keys import load_keys

            passphrase = ProfileService(context).key_passphrase()
            try:
                cached = load_keys(context.paths.keys, passphrase)
            except UserError as error:
                from puskesos_desktop.services.key_share import unavailable_message

                raise UserError(unavailable_message(context, error.message)) from None
            context.extras[KEYS_EXTRA] = cached
    return cached  # type: ignore[return-value]


def replace_desk_keys(context: ServiceContext, keys: DeskKeys) -> None:
    """After a rotation: the new keys replace the cached ones (the old ones are wiped)."""
    old = context.extras.get(KEYS_EXTRA)
    context.extras[KEYS_EXTRA] = keys
    if old is not None and old is not keys:
        old.wipe()  # type: ignore[attr-defined]
