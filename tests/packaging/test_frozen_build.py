"""The frozen (PyInstaller) build runs on a machine without Python, and upgrades keep data.

Slow (builds the folder: about a minute or two), so skipped unless asked for:

    PUSKESOS_BUILD_TEST=1 .venv/bin/python -m pytest tests/packaging -m slow -v

``PUSKESOS_BUILT_APP=dist/PuskesosDesk`` tests an existing build instead of building one.
Every run of the built program gets a clean environment: no venv on PATH, no PYTHONPATH, an
empty HOME, Qt drawing offscreen, and a fresh data folder.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from puskesos_desktop import __version__

ROOT = Path(__file__).resolve().parents[2]
APP_FOLDER = "PuskesosDesk"
CLI_NAME = "puskesos-desktop.exe" if sys.platform == "win32" else "puskesos-desktop"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(1200),
    pytest.mark.skipif(
        os.environ.get("PUSKESOS_BUILD_TEST") != "1",
        reason="builds the PyInstaller folder; run with PUSKESOS_BUILD_TEST=1",
    ),
]


@pytest.fixture(scope="module")
def built_app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built program folder: PUSKESOS_BUILT_APP, or a fresh build in a temp folder."""
    existing = os.environ.get("PUSKESOS_BUILT_APP")
    if existing:
        folder = Path(existing).resolve()
        assert (folder / CLI_NAME).is_file(), f"no {CLI_NAME} in {folder}"
        return folder
    out = tmp_path_factory.mktemp("build")
    subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "build.py"), "--dist", str(out / "dist"),
         "--work", str(out / "work"), "--skip-smoke"],
        cwd=ROOT, check=True, timeout=1200,
    )  # fmt: skip
    return out / "dist" / APP_FOLDER


def clean_env(home: Path) -> dict[str, str]:
    """A bare machine: system PATH only, nothing of this project's Python."""
    if sys.platform == "win32":
        keep = ("SYSTEMROOT", "WINDIR", "TEMP", "TMP", "COMSPEC", "PATHEXT")
        env = {key: os.environ[key] for key in keep if key in os.environ}
        env["PATH"] = str(Path(os.environ.get("SYSTEMROOT", r"C:\Windows")) / "System32")
        env["LOCALAPPDATA"] = str(home)
        env["USERPROFILE"] = str(home)
    else:
        env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def run_built(
    folder: Path, tmp_path: Path, *args: str, data_dir: Path | None = None
) -> subprocess.CompletedProcess[str]:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    prefix = ["--data-dir", str(data_dir)] if data_dir is not None else []
    return subprocess.run(
        [str(folder / CLI_NAME), *prefix, *args],
        capture_output=True, text=True, encoding="utf-8", env=clean_env(home), cwd=home,
        timeout=600, check=False,
    )  # fmt: skip


def persons(data_dir: Path) -> int:
    with sqlite3.connect(data_dir / "puskesos.db") as connection:
        return connection.execute("SELECT COUNT(*) FROM orang").fetchone()[0]


def doctor_line(report: str, name: str) -> str:
    return next(line for line in report.splitlines() if f"] {name}:" in line)


def test_version(built_app: Path, tmp_path: Path) -> None:
    result = run_built(built_app, tmp_path, "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"puskesos-desktop {__version__}"


def test_doctor_on_an_empty_data_dir_says_not_set_up(built_app: Path, tmp_path: Path) -> None:
    result = run_built(built_app, tmp_path, "doctor", data_dir=tmp_path / "data")
    assert result.returncode == 3, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    # The schema was created and migrated by the frozen Alembic; only the setup is missing.
    assert "needs_setup" in doctor_line(result.stdout, "Basis data")
    assert "belum disiapkan" in doctor_line(result.stdout, "Kunci desk")
    # Fonts, reportlab, minisign/cryptography, age and the bundle codec are all in the build.
    assert "[OK   ] Surat PDF" in result.stdout
    assert "[OK   ] Paket sinkron" in result.stdout


def test_demo_data_then_doctor_passes(built_app: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    demo = run_built(built_app, tmp_path, "demo-data", "--persons", "20", data_dir=data)
    assert demo.returncode == 0, demo.stdout + demo.stderr
    doctor = run_built(built_app, tmp_path, "doctor", data_dir=data)
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert "Semua pemeriksaan lulus." in doctor.stdout
    assert persons(data) >= 20


def test_built_app_opens_data_made_by_the_source_app(built_app: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    source = subprocess.run(
        [sys.executable, "-m", "puskesos_desktop", "--data-dir", str(data),
         "demo-data", "--persons", "20"],
        capture_output=True, text=True, cwd=ROOT, timeout=600, check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )  # fmt: skip
    assert source.returncode == 0, source.stdout + source.stderr
    before = persons(data)
    doctor = run_built(built_app, tmp_path, "doctor", data_dir=data)
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert persons(data) == before


def _step_schema_back(db: Path) -> str | None:
    """Turn the database into one written by the previous release (one revision back).

    Returns the older revision, or None when this build ships a single revision.
    """
    from alembic import command

    from puskesos_desktop.store import migrate
    from puskesos_desktop.store.db import make_engine

    if len(migrate.known_revisions()) < 2:
        return None
    engine = make_engine(db)
    try:
        config = migrate.alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "-1")
    finally:
        engine.dispose()
    return migrate.stored_revision(db)


def test_upgrade_in_place_keeps_data_and_backs_up_before_migrating(
    built_app: Path, tmp_path: Path
) -> None:
    from puskesos_desktop.store import migrate

    # "Install" the release: the installer copies the folder to Program Files.
    installed = tmp_path / "Program Files" / APP_FOLDER
    shutil.copytree(built_app, installed, symlinks=True)
    data = tmp_path / "data"
    demo = run_built(installed, tmp_path, "demo-data", "--persons", "50", data_dir=data)
    assert demo.returncode == 0, demo.stdout + demo.stderr
    first = run_built(installed, tmp_path, "doctor", data_dir=data)
    assert first.returncode == 0, first.stdout + first.stderr
    count, keys = persons(data), doctor_line(first.stdout, "Kunci desk")

    older = _step_schema_back(data / "puskesos.db")
    backups_before = set((data / "cadangan").iterdir())

    # Upgrade in place the way puskesos.iss does it: [InstallDelete] {app}\_internal, then
    # [Files] copies the new folder over the old one. The data folder is not touched.
    shutil.rmtree(installed / "_internal")
    shutil.copytree(built_app, installed, symlinks=True, dirs_exist_ok=True)
    after = run_built(installed, tmp_path, "doctor", data_dir=data)
    assert after.returncode == 0, after.stdout + after.stderr

    assert persons(data) == count
    assert doctor_line(after.stdout, "Kunci desk") == keys
    assert migrate.stored_revision(data / "puskesos.db") == migrate.SCHEMA_HEAD
    if older is None:
        pytest.skip("only one schema revision ships: no migration to back up before (yet)")
    new_backups = set((data / "cadangan").iterdir()) - backups_before
    pre_migration = [path for path in new_backups if "sebelum-migrasi" in path.name]
    assert pre_migration, sorted(path.name for path in new_backups)
    with sqlite3.connect(pre_migration[0]) as connection:
        stored = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        assert stored == older
        assert connection.execute("SELECT COUNT(*) FROM orang").fetchone()[0] == count
