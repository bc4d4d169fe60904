"""``puskesos-desktop retensi``: dry run prints a plan code; apply demands it."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path


def _cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "puskesos_desktop", "--data-dir", str(data_dir), *args],
        capture_output=True, text=True, timeout=120,
    )


def test_dry_run_then_apply_with_the_code(tmp_path: Path, demo_template: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(demo_template, data)
    dry = _cli("retensi", "--dry-run", "--tahun", "1", data_dir=data)
    assert dry.returncode == 0, dry.stderr
    code = re.search(r"Kode rencana: ([0-9A-F]{4}-[0-9A-F]{4})", dry.stdout).group(1)
    assert "0 orang akan dianonimkan" in dry.stdout  # the demo village is brand new

    refused = _cli("retensi", "--apply", data_dir=data)
    assert refused.returncode == 2 and "--kode" in refused.stdout
    wrong = _cli("retensi", "--apply", "--kode", "0000-0000", data_dir=data)
    assert wrong.returncode == 1 and "tidak cocok" in wrong.stderr
    applied = _cli("retensi", "--apply", "--kode", code, data_dir=data)
    assert applied.returncode == 0, applied.stderr
    assert f"0 orang dianonimkan (rencana {code})" in applied.stdout
