"""The XLSX problem report of a list import: what the village fixes its list with."""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.i18n import _

__all__ = ["ImportProblem", "write_error_report"]

log = logging.getLogger(__name__)


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
    temp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    try:
        with temp.open("xb") as handle:  # first: a vanished folder fails before any work
            _write_workbook(problems, handle)
        temp.replace(target)
    except OSError as error:  # also a full system temp folder: openpyxl spools rows there
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        log.warning("Laporan masalah impor gagal disimpan di %s: %r", target, error)
        raise UserError(
            _(
                "Laporan tidak dapat disimpan di {target} ({reason}). Periksa apakah "
                "flashdisk masih terpasang dan belum penuh, atau pilih folder lain."
            ).format(target=target, reason=error.strerror or str(error))
        ) from error
    return target


def _write_workbook(problems: tuple[ImportProblem, ...], handle: BinaryIO) -> None:
    """Build the workbook into ``handle`` (a hidden temp file beside the target) and fsync
    it: a full or pulled flashdisk must never leave half a workbook under the report's name.

    The ZIP archive is closed here even when a write fails (openpyxl's own ``save`` leaves
    it open then): otherwise its finaliser runs at some later moment, on a file that is
    long closed.
    """
    from zipfile import ZIP_DEFLATED, ZipFile

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.writer.excel import ExcelWriter

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
    with ZipFile(handle, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).save()  # what workbook.save() does, closing on failure
    handle.flush()
    os.fsync(handle.fileno())
