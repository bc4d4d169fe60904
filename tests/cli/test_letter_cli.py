"""``puskesos-desktop letter verify``: a real subprocess against a demo desk's letter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from puskesos_desktop.services.lembaga import LembagaInput
from puskesos_desktop.services.referral_types import ReferralInput


def _cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "puskesos_desktop", "--data-dir", str(data_dir), *args],
        capture_output=True, text=True, timeout=120,
    )


def test_letter_verify_reads_a_pdf_and_a_pasted_qr_text(demo_desk: Any, tmp_path: Path) -> None:
    desk = demo_desk
    lembaga = desk.lembaga.create(LembagaInput(nama="Puskesmas Kedung I", jenis="PUSKESMAS"))
    person = next(r for r in desk.registry.search("", limit=100) if r.nik and len(r.nik) == 16
                  and r.tanggal_lahir and r.tanggal_lahir.year < 1990)
    referral = desk.referral.create(ReferralInput(
        orang_uid=person.uid, lembaga_uid=lembaga.uid, alasan="Pemeriksaan lanjutan.",
        setuju_dibagikan=True))
    issued = desk.letters.issue(referral.uid)
    pdf = tmp_path / "surat.pdf"
    pdf.write_bytes(issued.pdf)
    root = desk.paths.root
    desk.context.engine.dispose()

    valid = _cli(root, "letter", "verify", str(pdf))
    assert valid.returncode == 0, valid.stdout + valid.stderr
    assert valid.stdout.startswith("SAH") and issued.nomor in valid.stdout

    garbage = _cli(root, "letter", "verify", "PSK1*BUKAN*SURAT")
    assert garbage.returncode == 3
    assert "Bukan kode surat" in garbage.stdout and "Traceback" not in garbage.stderr
