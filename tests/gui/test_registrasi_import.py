"""Impor daftar wizard on a messy village CSV: errors shown and reported, valid rows imported."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from puskesos_desktop.domain.nik import make_nik, make_no_kk
from puskesos_desktop.gui.dialogs.list_import_wizard import (
    PAGE_CHECK,
    PAGE_DONE,
    PAGE_MAPPING,
    ListImportWizard,
)
from puskesos_desktop.gui.runner import JobRunner

KK1 = make_no_kk("332001", date(2015, 7, 12), 61)
KK2 = make_no_kk("332001", date(2016, 3, 4), 62)
HEAD = make_nik("332001", date(1980, 5, 17), "L", 61)
WIFE = make_nik("332001", date(1982, 8, 17), "P", 63)
CHILD = make_nik("332001", date(2010, 1, 31), "L", 62)
SRI = make_nik("332001", date(1993, 3, 3), "P", 65)

MESSY = f"""DAFTAR CALON PENERIMA BLT-DD;;;;;;
;;;;;;
NO;NIK;NO_KK;NAMA_LENGKAP;JK;TGL_LAHIR;SHDK
1;'{HEAD};'{KK1};Paimin Wiryo;L;17/05/1980;Kepala Keluarga
2;{WIFE};{KK1};Tukini;P;1982-08-17;Istri
;;;;;;
3;'{CHILD};{KK1};Ahmad Fauzi;LAKI-LAKI;31-01-2010;Anak
4;3.32E+15;{KK2};Budi Santoso;1;01/02/1990;1
5;{SRI};{KK2};Sri Rahayu;2;03/03/1993;3
"""


def test_messy_csv_reports_errors_and_imports_only_valid_rows(
    qtbot: QtBot, demo_desk: object, tmp_path: Path
) -> None:
    source = tmp_path / "daftar.csv"
    source.write_text(MESSY, encoding="utf-8")
    report = tmp_path / "laporan.xlsx"
    window = QWidget()
    qtbot.addWidget(window)
    holder = JobRunner(window)
    wizard = ListImportWizard(
        demo_desk, holder, window,
        choose_file=lambda _parent: str(source),
        choose_target=lambda _parent, _suggested: str(report),
    )  # fmt: skip
    qtbot.addWidget(wizard)
    wizard.show()

    qtbot.mouseClick(wizard.file_button, Qt.MouseButton.LeftButton)
    assert wizard.pages.currentIndex() == PAGE_MAPPING
    assert wizard.combos["NIK"].currentData() == 1
    assert wizard.combos["NAMA"].currentData() == 3
    assert wizard.combos["TANGGAL_LAHIR"].currentData() == 5
    assert "titik koma" in wizard.mapping_intro.text()
    assert wizard.preview_table.rowCount() == 5
    assert wizard.preview_table.item(0, 1).text() == "baik"
    assert "angka ilmiah" in wizard.preview_table.item(3, 1).text()  # Budi's 3.32E+15

    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == PAGE_CHECK)
    checked = wizard.checked
    assert (checked.total_rows, checked.valid_rows, checked.error_rows) == (5, 3, 2)
    assert "3 baris siap diimpor" in wizard.summary.text()
    table = wizard.problem_table
    problems = [table.item(r, 3).text() for r in range(table.rowCount())]
    assert any("angka ilmiah" in p for p in problems)
    assert any("Dilewati" in p for p in problems)  # Sri: same KK as the broken row
    assert wizard.import_button.text() == "Impor 3 baris yang valid saja"

    qtbot.mouseClick(wizard.report_button, Qt.MouseButton.LeftButton)
    sheet = load_workbook(report).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Baris", "Kolom", "Nilai", "Masalah", "Tingkat")
    assert {row[0] for row in rows[1:]} == {8, 9}  # file line numbers: Budi, Sri
    assert str(report) in wizard.report_label.text()

    with qtbot.waitSignal(holder.data_changed):
        qtbot.mouseClick(wizard.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.pages.currentIndex() == PAGE_DONE)
    assert wizard.result.imported_persons == 3 and wizard.result.new_households == 1
    assert "3 orang diimpor" in wizard.done_label.text()
    registry = demo_desk.registry  # type: ignore[attr-defined]
    [head] = registry.search(HEAD, limit=5)
    assert head.nama == "Paimin Wiryo" and head.no_kk == KK1
    assert len(registry.get_household(head.keluarga_uid).anggota) == 3
    assert registry.search(SRI, limit=5) == []  # never half a family
    wizard.accept()
    assert holder.shutdown(5_000)
