"""The XLSX problem report of a list import: what the village fixes its list with."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from puskesos_desktop.domain.errors import UserError

__all__ = ["ImportProblem", "write_error_report"]


@dataclass(frozen=True)
class ImportProblem:
    baris: int
    kolom: str
    nilai: str
    masalah: str
    tingkat: str  # "Galat" (row not imported) or "Peringatan" (imported)


def write_error_report(problems: tuple[ImportProblem, ...], target: Path) -> Path:
    """The problems as an XLSX (Baris, Kolom, Nilai, Masalah, Tingkat) for the village.

    Values are written as text, never as formulas: a list cell like ``=HYPERLINK(…)`` must
    come back as the text it was, not run in someone's Excel.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Masalah")
    for letter, width in zip("ABCDE", (8, 18, 24, 90, 12), strict=True):
        sheet.column_dimensions[letter].width = width

    def text_cell(value: object) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=None)
        cell.value = str(value)
        cell.data_type = "s"
        return cell

    sheet.append([text_cell(h) for h in ("Baris", "Kolom", "Nilai", "Masalah", "Tingkat")])
    for problem in sorted(problems, key=lambda p: (p.baris, p.tingkat, p.kolom)):
        sheet.append(
            [
                problem.baris,
                *(
                    text_cell(v)
                    for v in (problem.kolom, problem.nilai, problem.masalah, problem.tingkat)
                ),
            ]
        )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        workbook.save(target)
    except OSError as error:
        raise UserError(
            f"Laporan tidak dapat disimpan di {target} ({error.strerror or error}). "
            "Pilih folder lain."
        ) from error
    return target
