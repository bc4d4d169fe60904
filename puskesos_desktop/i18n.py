"""One gettext catalogue for GUI, CLI and core.

Message ids are Indonesian, so the default language needs no catalogue at all; English is
``resources/locale/en/LC_MESSAGES/puskesos.mo``. Letters are official Indonesian text and
never pass through here.
"""

from __future__ import annotations

import gettext
import string

DOMAIN = "puskesos"
DEFAULT_LANGUAGE = "id"
LANGUAGES: dict[str, str] = {"id": "Bahasa Indonesia", "en": "English"}

_active: gettext.NullTranslations = gettext.NullTranslations()
_language = DEFAULT_LANGUAGE


def _(message: str) -> str:
    """Translate ``message`` (an Indonesian msgid) into the active language."""
    return _active.gettext(message)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet (module-level tables)."""
    return message


def current_language() -> str:
    return _language


def set_language(code: str) -> None:
    """Switch language; an unknown code or a missing catalogue falls back to Indonesian."""
    global _active, _language
    if code not in LANGUAGES or code == DEFAULT_LANGUAGE:
        _active, _language = gettext.NullTranslations(), DEFAULT_LANGUAGE
        return
    from puskesos_desktop.paths import resource

    try:
        with resource("locale", code, "LC_MESSAGES", f"{DOMAIN}.mo").open("rb") as handle:
            _active = gettext.GNUTranslations(handle)
    except (OSError, FileNotFoundError):
        _active, _language = gettext.NullTranslations(), DEFAULT_LANGUAGE
        return
    _language = code


def placeholders(text: str) -> set[str]:
    """Names of ``{placeholders}`` in a message; translations must keep exactly these."""
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}
