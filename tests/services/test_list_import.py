"""List import of messy CSV and XLSX: report, all or nothing, valid only, cancel, hostile files."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlmodel import func, select

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.nik import make_nik, make_no_kk
from puskesos_desktop.jobs import Cancelled, CancelToken
from puskesos_desktop.services.desk import Desk
from puskesos_desktop.services.list_import import ListImportService, write_error_report
from puskesos_desktop.services.registry import RegistryService
from puskesos_desktop.store.models import JournalEntry, Keluarga, Orang

KK1 = make_no_kk("332001", date(2015, 7, 12), 1)
KK2 = make_no_kk("332001", date(2016, 3, 4), 2)
KK3 = make_no_kk("332001", date(2017, 9, 9), 3)
SOLICHIN = make_nik("332001", date(1980, 5, 17), "L", 1)
AMINAH = make_nik("332001", date(1982, 8, 17), "P", 3)
ANAK = make_nik("332001", date(2010, 1, 31), "L", 2)
BUDI_KK3 = make_nik("332001", date(1990, 2, 1), "L", 4)
SRI = make_nik("332001", date(1993, 3, 3), "P", 5)

MESSY_CSV = f"""DAFTAR CALON PENERIMA BLT-DD DESA KEDUNGMALANG;;;;;;;;
Dicetak 01/11/2026;;;;;;;;
;;;;;;;;
NO;NIK;NO_KK;NAMA_LENGKAP;JK;TGL_LAHIR;ALAMAT;RT/RW;SHDK
1;'{SOLICHIN};'{KK1};Moch. Solichin;L;17/05/1980;Dk. Krajan;001/002;Kepala Keluarga
2;{AMINAH};{KK1};Siti Aminah;P;1982-08-17;Dk. Krajan;001/002;Istri
;;;;;;;;
3;{ANAK};{KK1};Ahmad Fauzi;LAKI-LAKI;31-01-2010;Dk. Krajan;001/002;Anak
4;3.32E+15;{KK2};Budi Santoso;1;01/02/1990;Dk. Ngemplak;003/001;1
5;{SRI};{KK2};Sri Rahayu;2;03/03/1993;Dk. Ngemplak;003/001;3
6;{BUDI_KK3};{KK3};Budi Hartono;L;31/02/1990;Dk. Sukorejo;002/004;KEPALA KELUARGA
;;;;;;;;
"""


@pytest.fixture
def service(demo_desk: Desk) -> ListImportService:
    return ListImportService(demo_desk.context)


def messy_csv(tmp_path: Path, text: str = MESSY_CSV, encoding: str = "utf-8") -> Path:
    path = tmp_path / "daftar.csv"
    path.write_bytes(text.encode(encoding))
    return path


def counts(desk: Desk) -> tuple[int, int, int]:
    with desk.context.transaction() as session:
        return tuple(  # type: ignore[return-value]
            session.exec(select(func.count()).select_from(model)).one()
            for model in (Orang, Keluarga, JournalEntry)
        )


def test_preview_detects_dialect_header_and_columns(
    service: ListImportService, tmp_path: Path
) -> None:
    preview = service.preview(messy_csv(tmp_path))
    assert (preview.format, preview.delimiter, preview.encoding) == ("csv", ";", "utf-8")
    assert preview.header_row == 4 and preview.missing_required == ()
    mapping = dict(preview.mapping)
    assert {"NIK", "NO_KK", "NAMA", "JENIS_KELAMIN", "TANGGAL_LAHIR", "RT_RW", "HUBUNGAN"} <= set(
        mapping
    )
    assert [row.baris for row in preview.rows] == [5, 6, 8, 9, 10, 11]  # blank rows skipped
    assert preview.rows[0].masalah == ()
    assert (
        preview.rows[3].masalah[0].kolom == "NIK" and "Text" in preview.rows[3].masalah[0].masalah
    )


def test_check_reports_problems_and_keeps_households_whole(
    service: ListImportService, tmp_path: Path
) -> None:
    check = service.check(messy_csv(tmp_path))
    assert (check.total_rows, check.valid_rows, check.error_rows, check.households) == (6, 3, 3, 3)
    by_row = {(p.baris, p.kolom): p for p in check.problems}
    assert "Format Cells > Text" in by_row[(9, "NIK")].masalah
    assert by_row[(9, "NIK")].nilai == "3.32E+15" and by_row[(9, "NIK")].tingkat == "Galat"
    assert "Dilewati" in by_row[(10, "No. KK")].masalah  # same KK as the bad row 9
    assert "tidak dikenali" in by_row[(11, "Tanggal lahir")].masalah  # 31/02 does not exist


def test_errors_mean_nothing_imported_unless_valid_only(
    demo_desk: Desk, service: ListImportService, tmp_path: Path
) -> None:
    path = messy_csv(tmp_path)
    before = counts(demo_desk)
    with pytest.raises(UserError, match="3 dari 6 baris bermasalah"):
        service.run(path)
    assert counts(demo_desk) == before
    progress: list[tuple[int, int, str]] = []
    result = service.run(path, import_valid_only=True, progress=lambda *a: progress.append(a))
    assert (result.imported_persons, result.new_households, result.skipped_rows) == (3, 1, 3)
    assert counts(demo_desk) == (before[0] + 3, before[1] + 1, before[2] + 4)
    registry = RegistryService(demo_desk.context)
    [row] = registry.search(SOLICHIN)
    household = registry.get_household(row.keluarga_uid)
    assert (household.no_kk, household.rt, household.rw) == (KK1, "001", "002")
    assert [m.hubungan for m in household.anggota] == ["KEPALA", "ISTRI", "ANAK"]
    assert household.anggota[2].tanggal_lahir == date(2010, 1, 31)
    assert registry.search("solikin")[0].uid == row.uid  # indexed for search
    assert progress[-1][2] == "Menyusun indeks pencarian"
    # Running the same list again: every NIK is already registered.
    again = service.check(path)
    assert any("sudah terdaftar" in p.masalah for p in again.problems)


def test_error_report_is_an_xlsx_with_text_cells(
    service: ListImportService, tmp_path: Path
) -> None:
    csv_text = MESSY_CSV.replace("Budi Hartono", '=HYPERLINK("http://x";"klik")')
    check = service.check(messy_csv(tmp_path, csv_text))
    (tmp_path / "laporan").mkdir()
    report = write_error_report(check.problems, tmp_path / "laporan" / "masalah.xlsx")
    sheet = load_workbook(report).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Baris", "Kolom", "Nilai", "Masalah", "Tingkat")
    assert rows[1][:3] == (9, "NIK", "3.32E+15")
    formula_cells = [c for row in sheet.iter_rows() for c in row if str(c.value).startswith("=")]
    assert formula_cells and all(c.data_type == "s" for c in formula_cells)


def test_xlsx_with_number_nik_serial_dates_and_title_rows(
    demo_desk: Desk, service: ListImportService, tmp_path: Path
) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Data lansia Desa Kedungmalang"])
    sheet.append([])
    sheet.append(["NIK", "NOMOR KK", "NAMA", "SEX", "TANGGAL LAHIR", "DUSUN", "HUBUNGAN"])
    sheet.append([f"'{SOLICHIN}", KK1, "Moch Solichin", "L", datetime(1980, 5, 17), "Krajan", "1"])
    sheet.append([int(AMINAH), KK1, "Siti Aminah", "P", 30180, "Krajan", "3"])  # numeric NIK
    sheet.append([ANAK, KK2, "Ahmad", "L", 40209, "Krajan", "KEPALA"])  # 40209 = 2010-01-31
    path = tmp_path / "lansia.xlsx"
    workbook.save(path)
    check = service.check(path)
    [nik_problem] = [p for p in check.problems if p.kolom == "NIK"]
    assert nik_problem.baris == 5 and "Text" in nik_problem.masalah
    result = service.run(path, import_valid_only=True)
    assert result.imported_persons == 1
    [row] = RegistryService(demo_desk.context).search(ANAK)
    assert row.tanggal_lahir == date(2010, 1, 31)


def test_cancel_leaves_the_database_unchanged(
    demo_desk: Desk, service: ListImportService, tmp_path: Path
) -> None:
    lines = ["NIK,NO_KK,NAMA,JENIS_KELAMIN,TANGGAL_LAHIR"]
    for i in range(1, 2501):
        born = date(1950 + i % 50, 1 + i % 12, 1 + i % 28)
        nik = make_nik("332001", born, "L", 5000 + i)
        lines.append(
            f"{nik},{make_no_kk('332001', date(2020, 1, 1), i)},Warga {i},L,{born:%d/%m/%Y}"
        )
    path = tmp_path / "besar.csv"
    path.write_text("\ufeff" + "\n".join(lines), encoding="utf-8")
    before = counts(demo_desk)
    token = CancelToken()

    def progress(done: int, total: int, label: str) -> None:
        if label == "Menyimpan data":
            token.cancel()

    with pytest.raises(Cancelled):
        service.run(path, progress=progress, cancel=token)
    assert counts(demo_desk) == before
    result = service.run(path)
    assert result.imported_persons == 2500 and counts(demo_desk)[0] == before[0] + 2500


def test_windows_1252_and_comma_files(service: ListImportService, tmp_path: Path) -> None:
    text = f"nik,nama,jk,tgl lahir\n{SOLICHIN},Sutédjo,L,17/05/1980\n"
    preview = service.preview(messy_csv(tmp_path, text, "cp1252"))
    assert preview.encoding == "cp1252" and preview.delimiter == ","
    assert preview.rows[0].nilai[1] == ("Nama", "Sutédjo")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("kosong.csv", b"", "kosong"),
        ("lama.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "format Excel lama"),
        ("rusak.xlsx", b"PK\x03\x04 bukan zip sungguhan", "bukan berkas Excel"),
        ("biner.csv", b"NIK;NAMA\n\x00\x01\x02\x03", "bukan berkas teks"),
        ("tanpa_kolom.csv", b"satu;dua\n1;2\n", "tidak ditemukan"),
    ],
)
def test_hostile_or_wrong_files_are_user_errors(
    service: ListImportService, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UserError, match=message):
        service.check(path)


def test_zip_bomb_is_refused_before_parsing(service: ListImportService, tmp_path: Path) -> None:
    path = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (40 * 1024 * 1024))
    with pytest.raises(UserError, match="tidak wajar"):
        service.preview(path)
