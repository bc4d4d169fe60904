"""``puskesos-desktop audit verify``: exit 0 on an intact chain, 1 naming the broken entry."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path


def _cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "puskesos_desktop", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_audit_verify_then_tamper(tmp_path: Path, demo_template: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(demo_template, data)
    intact = _cli("audit", "verify", data_dir=data)
    assert intact.returncode == 0, intact.stderr
    assert "Jejak audit utuh" in intact.stdout
    with sqlite3.connect(data / "puskesos.db") as connection:
        connection.execute("UPDATE jejak_audit SET operator = 'penyusup' WHERE id = 2")
    broken = _cli("audit", "verify", data_dir=data)
    assert broken.returncode == 1
    assert "RUSAK mulai entri nomor 2" in broken.stdout
    with sqlite3.connect(data / "puskesos.db") as connection:
        (newest,) = connection.execute("SELECT max(id) FROM jejak_audit").fetchone()
    listed = _cli("audit", "list", "--jumlah", "1", data_dir=data)
    assert listed.returncode == 0
    assert [line.split()[0] for line in listed.stdout.splitlines()] == [str(newest)]
