"""``puskesos-desktop enkripsi …`` and protected USB backups, as district IT would script them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

from puskesos_desktop.services.demo import DEMO_ADMIN, DEMO_PASSWORD


def _cli(*args: str, data_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "puskesos_desktop", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=180,
        stdin=subprocess.DEVNULL,
        env={**os.environ, **env},
    )


def test_enable_status_and_protected_backup(tmp_path: Path, demo_template: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(demo_template, data)
    admin = {"PUSKESOS_PENGGUNA": DEMO_ADMIN, "PUSKESOS_SANDI": DEMO_PASSWORD}
    sheet = tmp_path / "kunci-pemulihan.pdf"

    wrong = _cli("enkripsi", "aktifkan", data_dir=data, **{**admin, "PUSKESOS_SANDI": "salah1234"})
    assert wrong.returncode == 1 and "Kata sandi salah" in wrong.stderr
    enabled = _cli("enkripsi", "aktifkan", "--lembar", str(sheet), data_dir=data, **admin)
    assert enabled.returncode == 0, enabled.stderr
    key = re.search(r"\b([0-9A-Z]{4}(?:-[0-9A-Z]{4}){6})\b", enabled.stdout)
    assert key is not None, enabled.stdout
    text = "".join(page.extract_text() for page in PdfReader(sheet).pages)
    assert "KUNCI PEMULIHAN" in text and key[1].split("-")[0] in text
    assert len(PdfReader(sheet).pages) == 1

    locked = _cli("enkripsi", "status", data_dir=data)  # no terminal, no credentials
    assert locked.returncode == 1 and "PUSKESOS_PENGGUNA" in locked.stderr
    status = _cli("enkripsi", "status", data_dir=data, **admin)
    assert status.returncode == 0 and "Terenkripsi: ya" in status.stdout

    usb = tmp_path / "usb"
    usb.mkdir()
    backup = _cli("backup", "now", "--to", str(usb), "--frasa-sandi", data_dir=data,
                  PUSKESOS_FRASA_SANDI="frasa usb rahasia", **admin)
    assert backup.returncode == 0, backup.stderr
    (protected,) = usb.glob("*.db.age")
    restored = _cli("backup", "restore", str(protected), data_dir=data,
                    PUSKESOS_FRASA_SANDI="frasa usb rahasia", **admin)
    assert restored.returncode == 0, restored.stderr
