"""Window-level preferences (geometry, language) in an INI file inside the data directory.

Keeping them next to the database instead of the Windows registry means a portable install on
a USB stick carries its layout along, and every test gets its own isolated settings file.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

from puskesos_desktop.i18n import DEFAULT_LANGUAGE, LANGUAGES
from puskesos_desktop.paths import DataPaths

SETTINGS_FILE = "tampilan.ini"
KEY_LANGUAGE = "tampilan/bahasa"
KEY_GEOMETRY = "jendela/geometri"
KEY_STATE = "jendela/keadaan"
KEY_PAGE = "jendela/halaman"


def ui_settings(paths: DataPaths) -> QSettings:
    """The settings object for one data directory (created on first write)."""
    return QSettings(str(paths.root / SETTINGS_FILE), QSettings.Format.IniFormat)


def stored_language(settings: QSettings) -> str:
    """The language chosen in the menu, or Indonesian when nothing (or nonsense) is stored."""
    value = str(settings.value(KEY_LANGUAGE, DEFAULT_LANGUAGE) or DEFAULT_LANGUAGE)
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def store_language(settings: QSettings, code: str) -> None:
    """Remember the language; it takes effect at the next start (texts are built once)."""
    settings.setValue(KEY_LANGUAGE, code if code in LANGUAGES else DEFAULT_LANGUAGE)
    settings.sync()
