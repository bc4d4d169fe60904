"""The command line, run as a real subprocess against a real data dir."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from puskesos_desktop import __version__


def _cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "puskesos_desktop", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_version(tmp_path: Path) -> None:
    result = _cli("--version", data_dir=tmp_path)
    assert result.returncode == 0
    assert result.stdout.strip() == f"puskesos-desktop {__version__}"


def test_commands_before_setup_explain_what_to_do(tmp_path: Path) -> None:
    result = _cli("backup", "now", data_dir=tmp_path / "data")
    assert result.returncode == 1
    assert "belum disiapkan" in result.stderr
    assert "Traceback" not in result.stderr


def test_demo_data_backup_and_doctor(tmp_path: Path) -> None:
    data = tmp_path / "data"
    created = _cli("demo-data", "--persons", "40", data_dir=data)
    assert created.returncode == 0, created.stderr
    assert "40 orang contoh ditambahkan" in created.stdout
    with closing(sqlite3.connect(data / "puskesos.db")) as connection:  # demo village + 40
        people = connection.execute("SELECT nama, tanggal_lahir FROM orang").fetchall()
    assert len(set(people)) == len(people), "the added persons repeat the demo village's"

    usb = tmp_path / "usb"
    usb.mkdir()
    backup = _cli("backup", "now", "--to", str(usb), data_dir=data)
    assert backup.returncode == 0, backup.stderr
    assert len(list(usb.glob("puskesos-manual-*.db"))) == 1

    doctor = _cli("doctor", data_dir=data)
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert "[OK   ] Basis data" in doctor.stdout
    assert "[OK   ] Kunci desk" in doctor.stdout
    assert "Semua pemeriksaan lulus." in doctor.stdout


def test_doctor_reports_a_damaged_database_instead_of_crashing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "puskesos.db").write_bytes(b"bukan basis data " * 100)
    doctor = _cli("doctor", data_dir=data)
    assert doctor.returncode == 3
    assert "[GAGAL] Basis data" in doctor.stdout
    assert "Traceback" not in doctor.stdout + doctor.stderr


def test_restore_of_a_hostile_file_is_refused_cleanly(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert _cli("demo-data", "--persons", "5", data_dir=data).returncode == 0
    fake = tmp_path / "cadangan.db"
    fake.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    result = _cli("backup", "restore", str(fake), data_dir=data)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip()
