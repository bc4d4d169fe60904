"""``puskesos-desktop report …`` as a real subprocess on the known dataset's data dir."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader
from report_kit import AGENDA_NUMBERS, KnownDesk, known_desk_fixture  # noqa: F401 - fixture

from puskesos_desktop.reports.rekap_xlsx import HEADER_ROW


def _cli(desk: KnownDesk, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "puskesos_desktop",
            "--data-dir",
            str(desk.context.paths.root),
            "report",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_rekap_month_to_xlsx(known_desk: KnownDesk, tmp_path: Path) -> None:
    target = tmp_path / "rekap-2026-03.xlsx"
    result = _cli(known_desk, "rekap", "--month", "2026-03", "--out", str(target))
    assert result.returncode == 0, result.stderr
    assert "Laporan tersimpan" in result.stdout
    sheet = load_workbook(target).worksheets[0]  # intakes by channel
    assert sheet.cell(HEADER_ROW + 1, 1).value == "Datang langsung"
    assert sheet.cell(HEADER_ROW + 1, 2).value == 1  # one emergency
    assert sheet.cell(HEADER_ROW + 1, 5).value == "=SUM(B5,C5,D5)"


def test_agenda_range_to_pdf(known_desk: KnownDesk, tmp_path: Path) -> None:
    target = tmp_path / "agenda.pdf"
    result = _cli(
        known_desk,
        "agenda",
        "--from",
        "2026-03-01",
        "--to",
        "2026-03-31",
        "--format",
        "pdf",
        "--out",
        str(target),
    )
    assert result.returncode == 0, result.stderr
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert all(number in text for number in AGENDA_NUMBERS)
    assert "460/009/2001/II/2026" not in text  # February


def test_bad_period_is_explained(known_desk: KnownDesk, tmp_path: Path) -> None:
    result = _cli(known_desk, "rekap", "--month", "Maret", "--out", str(tmp_path / "x.pdf"))
    assert result.returncode == 1
    assert "tidak dikenali" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def _sheet_mm(pdf: Path) -> list[int]:
    """The first page's sides in whole millimetres, short side first (any orientation)."""
    box = PdfReader(pdf).pages[0].mediabox
    return sorted(round(float(side) / 72 * 25.4) for side in (box.width, box.height))


def test_kertas_chooses_the_pdf_paper(known_desk: KnownDesk, tmp_path: Path) -> None:
    assert known_desk.reports.default_paper() == "A4"
    f4, a4 = tmp_path / "rekap-f4.pdf", tmp_path / "agenda.pdf"
    result = _cli(known_desk, "rekap", "--month", "2026-03", "--kertas", "f4", "--out", str(f4))
    assert result.returncode == 0, result.stderr
    assert _sheet_mm(f4) == [215, 330]
    result = _cli(known_desk, "agenda", "--month", "2026-03", "--out", str(a4))
    assert result.returncode == 0, result.stderr
    assert _sheet_mm(a4) == [210, 297]  # the desk's letter paper when --kertas is left out
