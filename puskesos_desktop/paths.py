"""Where the app keeps its files.

Everything a desk owns lives below one data directory so that a portable install on a
USB stick (``--data-dir``) or a test (``PUSKESOS_DATA_DIR``) can move all of it at once.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from puskesos_desktop import APP_NAME

DATA_DIR_ENV = "PUSKESOS_DATA_DIR"


@dataclass(frozen=True)
class DataPaths:
    """The fixed layout below one data directory."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / "puskesos.db"

    @property
    def backups(self) -> Path:
        return self.root / "cadangan"

    @property
    def outbox(self) -> Path:
        return self.root / "kotak-keluar"

    @property
    def logs(self) -> Path:
        return self.root / "log"

    @property
    def keys(self) -> Path:
        return self.root / "kunci"

    @property
    def lock_file(self) -> Path:
        return self.root / "puskesos.lock"

    def ensure(self) -> DataPaths:
        """Create the directories (not the files); returns self for chaining."""
        for directory in (self.root, self.backups, self.outbox, self.logs, self.keys):
            directory.mkdir(parents=True, exist_ok=True)
        return self

    @classmethod
    def resolve(cls, cli_data_dir: str | os.PathLike[str] | None = None) -> DataPaths:
        """``--data-dir`` wins over ``PUSKESOS_DATA_DIR``, which wins over the platform default."""
        chosen = cli_data_dir or os.environ.get(DATA_DIR_ENV)
        if chosen:
            return cls(Path(chosen).expanduser().resolve())
        from platformdirs import user_data_dir

        return cls(Path(user_data_dir(APP_NAME, appauthor=False, roaming=False)))


def resource(*parts: str) -> Path:
    """Path of a shipped resource, whether run from source, an installed wheel or a frozen build.

    The wheel carries ``resources/`` inside the package; a source checkout keeps it at the
    top level; PyInstaller unpacks it next to the executable (``sys._MEIPASS``).
    """
    package_dir = Path(__file__).resolve().parent
    candidates = [package_dir / "resources", package_dir.parent / "resources"]
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        candidates.insert(0, Path(frozen_root) / "resources")
    for base in candidates:
        if base.is_dir():
            return base.joinpath(*parts)
    raise FileNotFoundError("resources/ tidak ditemukan; instalasi aplikasi tidak lengkap.")
