"""The referral letter PDF, read back the way a receiving office or a checker would."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.letters.kop import Letterhead
from puskesos_desktop.letters.referral import LetterData, Signatory, render_referral_letter
from puskesos_desktop.letters.sample import SAMPLE_REASON, sample_letter_data

Texts = Callable[[bytes], list[str]]
MakeLetter = Callable[..., LetterData]
LONG_NAME = "Ni Luh Putu Ayu Ṣ'adiyah Kusumawardhani Prameswari Nur'aini"


def _flat(text: str) -> str:
    """pypdf breaks lines where the layout does; compare on single spaces."""
    return re.sub(r"\s+", " ", text)


def _reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def test_letter_contents_read_back(signed_letter: MakeLetter, texts: Texts) -> None:
    letter = signed_letter()
    pdf = render_referral_letter(letter, "A4")
    assert pdf.startswith(b"%PDF-")
    whole = _flat(" ".join(texts(pdf)))
    for expected in (
        "PEMERINTAH KABUPATEN JEPARA", "KECAMATAN BANGSRI", "DESA BANGSRI",
        "SURAT RUJUKAN", "Nomor: 460/007/2001/XI/2026", "Lampiran", "1 (satu) berkas",
        "Rujukan Layanan Kesehatan", "Kepada Yth.", "Kepala Puskesmas Bangsri I", "di Tempat",
        "Dengan hormat,", "Nur'aini", "3320014505800001", "3320010101100002",
        "Jepara, 5 Mei 1980", "Perempuan", "RT 002 / RW 001", "Buruh harian lepas", "Desil 2",
        "Pendampingan pendaftaran PBI-JK", "Fotokopi Kartu Keluarga",
        "UU Nomor 27 Tahun 2022 tentang Pelindungan Data Pribadi", "20 November 2026",
        "terima kasih",
        "Bangsri, 22 November 2026", "a.n. Kepala Desa Bangsri", "Sekretaris Desa",
        "Slamet Riyadi", "Tembusan", "Camat Bangsri", "Arsip",
        letter.verification_code, "Berlaku sampai 22 Februari 2027",
        "LEMBAR BALIK", "diisi oleh lembaga penerima", "RB-7K3Q-9M", "Diterima", "Ditolak",
        "Sudah dilayani", "Tanggal:", "Nama petugas:", "Tanda tangan & cap",
        "Kembalikan lembar ini ke Puskesos Desa Bangsri",
    ):
        assert expected in whole, expected


@pytest.mark.parametrize(
    ("paper", "width", "height"), [("A4", 595.3, 841.9), ("F4", 609.4, 935.4), ("f4", 609.4, 935.4)]
)
def test_page_size(paper: str, width: float, height: float, signed_letter: MakeLetter) -> None:
    reader = _reader(render_referral_letter(signed_letter(), paper))
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(width, abs=1)
        assert float(page.mediabox.height) == pytest.approx(height, abs=1)


def test_unknown_paper_is_refused(signed_letter: MakeLetter) -> None:
    with pytest.raises(ValueError):
        render_referral_letter(signed_letter(), "Letter")


def test_typical_letter_fits_one_f4_sheet_without_page_numbers(signed_letter: MakeLetter,
                                                               texts: Texts) -> None:
    pages = texts(render_referral_letter(signed_letter(), "F4"))
    assert len(pages) == 1
    assert "Halaman" not in pages[0]


def test_long_reason_flows_to_more_pages_with_header_and_numbers(signed_letter: MakeLetter,
                                                                 texts: Texts) -> None:
    letter = signed_letter(reason="\n\n".join([SAMPLE_REASON] * 8))
    for paper in ("A4", "F4"):
        pages = [_flat(text) for text in texts(render_referral_letter(letter, paper))]
        total = len(pages)
        assert total >= 2
        for number, text in enumerate(pages, start=1):
            assert f"Halaman {number} dari {total}" in text
        for text in pages[1:]:  # running header on continuation sheets
            assert "DESA BANGSRI" in text
            assert "Surat Rujukan Nomor 460/007/2001/XI/2026" in text
        assert "PEMERINTAH KABUPATEN JEPARA" in pages[0]
        assert "PEMERINTAH KABUPATEN JEPARA" not in pages[1]


@pytest.mark.parametrize("paragraphs", [0, 1, 2, 3, 4, 5, 6, 7, 9, 12])
def test_return_slip_is_never_split_and_ends_the_letter(paragraphs: int,
                                                        signed_letter: MakeLetter,
                                                        texts: Texts) -> None:
    reason = "\n\n".join([SAMPLE_REASON] * paragraphs) or "Rujukan."
    pages = [_flat(text) for text in texts(render_referral_letter(signed_letter(reason=reason)))]
    holding = [i for i, text in enumerate(pages) if "LEMBAR BALIK" in text]
    assert holding == [len(pages) - 1]
    last = pages[-1]
    for part in ("RB-7K3Q-9M", "Sudah dilayani", "Nama petugas:", "Kembalikan lembar ini"):
        assert part in last
    # The signature is never alone on a sheet without the closing text above it.
    signing = [i for i, text in enumerate(pages) if "Slamet Riyadi" in text]
    assert len(signing) == 1
    assert "terima kasih" in pages[signing[0]]


def test_no_return_code_means_no_slip(signed_letter: MakeLetter, texts: Texts) -> None:
    whole = " ".join(texts(render_referral_letter(signed_letter(return_code=""))))
    assert "LEMBAR BALIK" not in whole


def test_all_fonts_are_embedded_truetype(signed_letter: MakeLetter) -> None:
    reader = _reader(render_referral_letter(signed_letter(reason=SAMPLE_REASON * 12)))
    seen = set()
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        for ref in fonts.values():
            font = ref.get_object()
            seen.add(str(font["/BaseFont"]))
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, font["/BaseFont"]
    assert any("LiberationSans" in name for name in seen)
    assert not any("Helvetica" in name for name in seen)


def test_names_with_apostrophes_and_diacritics_print(signed_letter: MakeLetter,
                                                     texts: Texts) -> None:
    letter = signed_letter()
    letter = replace(letter, person=replace(letter.person, nama=LONG_NAME))
    whole = _flat(" ".join(texts(render_referral_letter(letter))))
    assert "Ṣ'adiyah" in whole
    assert "Nur'aini" in whole


def test_markup_in_typed_text_is_printed_literally(signed_letter: MakeLetter,
                                                   texts: Texts) -> None:
    letter = signed_letter(
        reason='Anak < 5 tahun & ibu hamil <font size="80">besar</font>\x07',
        services=("Layanan <b>A</b> & B",),
    )
    whole = _flat(" ".join(texts(render_referral_letter(letter))))
    assert 'Anak < 5 tahun & ibu hamil <font size="80">besar</font>' in whole
    assert "Layanan <b>A</b> & B" in whole


def test_missing_logo_and_present_logo(signed_letter: MakeLetter, logo_png: bytes,
                                       texts: Texts) -> None:
    plain = signed_letter()
    assert plain.letterhead.logo_png is None
    without = render_referral_letter(plain)
    assert "DESA BANGSRI" in texts(without)[0]
    with_logo = render_referral_letter(
        replace(plain, letterhead=replace(plain.letterhead, logo_png=logo_png)))
    images = _reader(with_logo).pages[0]["/Resources"].get("/XObject", {})
    assert len(images) >= 1
    assert "/XObject" not in _reader(without).pages[0]["/Resources"]


def test_damaged_logo_is_a_user_error(signed_letter: MakeLetter) -> None:
    plain = signed_letter()
    broken = replace(plain, letterhead=replace(plain.letterhead, logo_png=b"\x89PNG rusak"))
    with pytest.raises(UserError, match="Logo kop surat"):
        render_referral_letter(broken)


def test_long_kop_lines_do_not_crash(signed_letter: MakeLetter, logo_png: bytes,
                                     texts: Texts) -> None:
    head = Letterhead(
        instansi="PEMERINTAH KABUPATEN KEPULAUAN SIAU TAGULANDANG BIARO SULAWESI UTARA",
        unit="KECAMATAN TAGULANDANG SELATAN",
        nama="DESA BAWOMBALU SELATAN SATU",
        alamat="Jalan Trans Tagulandang Kilometer 12, Lingkungan III, " * 2,
        kode_pos="95783", telepon="0812 3456 7890", email="desa@example.id",
        laman="https://bawombalu.desa.id", logo_png=logo_png,
    )
    pages = texts(render_referral_letter(signed_letter(letterhead=head)))
    assert "BAWOMBALU SELATAN SATU" in _flat(pages[0])


def test_signatory_without_nip_has_no_nip_line(signed_letter: MakeLetter,
                                               texts: Texts) -> None:
    whole = " ".join(texts(render_referral_letter(signed_letter())))
    assert "NIP" not in whole and "NIAP" not in whole
    official = Signatory(jabatan="Kepala Desa Bangsri", nama="H. Ahmad Fauzi, S.Sos.",
                         nomor_induk="19800101 200501 1 001")
    whole = _flat(" ".join(texts(render_referral_letter(signed_letter(signatory=official)))))
    assert "NIP. 19800101 200501 1 001" in whole
    assert "a.n." not in whole
    village = replace(official, nomor_induk="0123/2020", nomor_induk_label="NIAP")
    whole = _flat(" ".join(texts(render_referral_letter(signed_letter(signatory=village)))))
    assert "NIAP. 0123/2020" in whole


def test_without_qr_the_validity_is_in_the_text(texts: Texts) -> None:
    whole = _flat(" ".join(texts(render_referral_letter(sample_letter_data()))))
    assert "berlaku sampai dengan tanggal 22 Februari 2027" in whole
    assert "Kode verifikasi" not in whole


@pytest.mark.parametrize(
    "change",
    [{"number": "460/008/2001/XI/2026"}, {"verification_code": "AAAA-BBBB"},
     {"valid_until": date(2027, 3, 1)}, {"issued": date(2026, 11, 21)}],
)
def test_qr_contradicting_the_printed_facts_is_refused(change: dict[str, Any],
                                                       signed_letter: MakeLetter) -> None:
    with pytest.raises(ValueError, match="kode QR tidak sesuai"):
        render_referral_letter(replace(signed_letter(), **change))


def test_serif_style(signed_letter: MakeLetter) -> None:
    reader = _reader(render_referral_letter(signed_letter(), font_style="serif"))
    names = {str(ref.get_object()["/BaseFont"])
             for ref in reader.pages[0]["/Resources"]["/Font"].values()}
    assert any("LiberationSerif" in name for name in names)


def test_metadata_names_the_letter_but_not_the_person(signed_letter: MakeLetter) -> None:
    letter = signed_letter()
    info = _reader(render_referral_letter(letter)).metadata
    assert info is not None
    assert "460/007/2001/XI/2026" in (info.title or "")
    blob = " ".join(str(value) for value in info.values())
    assert letter.person.nik not in blob and "Nur'aini" not in blob


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf tidak terpasang")
@pytest.mark.parametrize("variant", ["A4", "F4", "long", "logo"])
def test_qpdf_check_passes(variant: str, signed_letter: MakeLetter, logo_png: bytes,
                           tmp_path: Path) -> None:
    options: dict[str, Any] = {}
    paper = "F4" if variant == "F4" else "A4"
    if variant == "long":
        options["reason"] = "\n\n".join([SAMPLE_REASON] * 10)
    letter = signed_letter(**options)
    if variant == "logo":
        letter = replace(letter, letterhead=replace(letter.letterhead, logo_png=logo_png))
    path = tmp_path / "surat.pdf"
    path.write_bytes(render_referral_letter(letter, paper))
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors found" in result.stdout
