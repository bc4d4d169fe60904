"""The verivali visit list PDF: 500 households across pages, headers on every page."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from puskesos_desktop.letters.kop import Letterhead
from puskesos_desktop.reports.verivali_list import HEADERS, TITLE, VisitRow, render_visit_list

HEAD = Letterhead(
    instansi="PEMERINTAH KABUPATEN JEPARA",
    unit="KECAMATAN BANGSRI",
    nama="DESA BANGSRI",
    alamat="Jalan Raya Bangsri Nomor 12",
    kode_pos="59453",
)


def _rows(count: int) -> list[VisitRow]:
    return [
        VisitRow(
            nama=f"Warga Nomor {n:03d}",
            no_kk=f"3320010101{n:06d}",
            alamat=f"Dk. Krajan gang {n % 7}",
            dusun="Krajan" if n < count // 2 else "Sidorejo",
            rt=f"{n % 9 + 1:03d}",
            rw="001",
            periksa="Masih layak PKH? Periksa komponen anak sekolah & lansia" * (1 + n % 2),
            program="PKH" if n % 3 == 0 else "",
        )
        for n in range(count)
    ]


@pytest.fixture(scope="module")
def big_pdf() -> bytes:
    return render_visit_list(_rows(500), HEAD, printed_on=date(2026, 11, 23))


def test_all_households_in_order_with_header_on_every_page(big_pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(big_pdf))
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) > 10
    for number, text in enumerate(pages, start=1):
        assert "Yang perlu diperiksa" in text, number
        assert "Tanda tangan" in text, number
        assert f"Halaman {number} dari {len(pages)}" in text
    text = "\n".join(pages)
    assert TITLE in pages[0]
    assert "DESA BANGSRI" in pages[0]
    positions = [text.index(f"Warga Nomor {n:03d}") for n in range(500)]
    assert positions == sorted(positions)
    assert "Daftar kunjungan verivali" in pages[1]  # running header on later pages
    assert len(HEADERS) == 8


def test_landscape_a4(big_pdf: bytes) -> None:
    box = PdfReader(io.BytesIO(big_pdf)).pages[0].mediabox
    assert round(float(box.width)) == 842 and round(float(box.height)) == 595


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_pdftoppm_renders_first_and_last_page(big_pdf: bytes, tmp_path: Path) -> None:
    source = tmp_path / "verivali.pdf"
    source.write_bytes(big_pdf)
    count = len(PdfReader(io.BytesIO(big_pdf)).pages)
    for page in (1, count):
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "40",
                "-png",
                "-f",
                str(page),
                "-l",
                str(page),
                str(source),
                str(tmp_path / f"p{page}"),
            ],
            check=True,
            capture_output=True,
        )
    assert len(list(tmp_path.glob("p*.png"))) == 2
