"""Reading village lists (CSV, XLSX) safely: every file is treated as hostile.

Lists arrive by WhatsApp and USB stick from many hands: any encoding, any separator,
Excel's own habits, sometimes a broken or malicious file. This module only turns a file
into rows of cell values; it never evaluates anything. Limits on size, rows, columns and
the XLSX zip contents keep a bad file from exhausting a 4 GB laptop, and every failure is
a :class:`UserError` in Indonesian that says what to do.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Generator
from dataclasses import dataclass
from pathlib import Path

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.i18n import _
from puskesos_desktop.jobs import Cancelled, CancelToken

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_XLSX_UNCOMPRESSED = 512 * 1024 * 1024
MAX_XLSX_RATIO = 200  # a zip bomb compresses thousands of times better than a real sheet
MAX_XLSX_MEMBERS = 5_000
MAX_ROWS = 200_000
MAX_COLUMNS = 60
MAX_SHEET_ROWS = 1_100_000  # Excel's own limit, blank rows included
MAX_CELL_CHARS = 5_000
HEADER_SCAN_ROWS = 15

_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old binary .xls

Cell = object  # str, int, float, datetime, date, time, bool or None
Rows = Generator[tuple[int, tuple[Cell, ...]], None, None]
IsHeader = Callable[[tuple[Cell, ...]], bool]


@dataclass(frozen=True)
class Table:
    """A list as read: headers and data rows with their row numbers in the file (1-based)."""

    format: str  # "csv" or "xlsx"
    encoding: str
    delimiter: str
    header_row: int
    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[Cell, ...]], ...]
    truncated: bool = False  # True when read with a row limit (preview) and more followed


def read_table(
    path: Path,
    *,
    is_header: IsHeader,
    max_rows: int = MAX_ROWS,
    preview: bool = False,
    cancel: CancelToken | None = None,
) -> Table:
    """Read the first sheet / the whole CSV. ``is_header(cells) -> bool`` picks the header row.

    With ``preview=True`` reading stops after ``max_rows`` data rows without complaint;
    otherwise more rows than ``max_rows`` is a UserError (split the file).
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            magic = handle.read(8)
    except OSError as error:
        raise UserError(
            _(
                "Berkas {name} tidak dapat dibuka ({error}). Periksa apakah berkasnya masih ada "
                "dan tidak sedang dibuka program lain."
            ).format(name=path.name, error=error.strerror or error)
        ) from error
    if size > MAX_FILE_BYTES:
        raise UserError(
            _(
                "Berkas {name} terlalu besar ({size} MB; paling besar {maximum} MB). Bagi "
                "daftarnya menjadi beberapa berkas."
            ).format(
                name=path.name,
                size=size // (1024 * 1024),
                maximum=MAX_FILE_BYTES // (1024 * 1024),
            )
        )
    if size == 0:
        raise UserError(_("Berkas {name} kosong.").format(name=path.name))
    suffix = path.suffix.lower()
    if magic.startswith(_OLE_MAGIC) or suffix == ".xls":
        raise UserError(
            _(
                "Berkas {name} memakai format Excel lama (.xls). Buka di Excel lalu simpan sebagai "
                "“Excel Workbook (.xlsx)” atau “CSV”, kemudian impor lagi."
            ).format(name=path.name)
        )
    if magic.startswith(_XLSX_MAGIC) or suffix in (".xlsx", ".xlsm"):
        raw_rows, encoding, delimiter = _xlsx_rows(path, cancel), "", ""
        kind = "xlsx"
    else:
        text, encoding = _decode(path.read_bytes(), path.name)
        delimiter = _sniff_delimiter(text)
        raw_rows, kind = _csv_rows(text, delimiter, path.name), "csv"
    try:
        return _assemble(raw_rows, kind, encoding, delimiter, is_header, max_rows, preview, cancel)
    finally:
        raw_rows.close()  # closes the workbook even when a preview stopped early


def _assemble(
    raw_rows: Rows,
    kind: str,
    encoding: str,
    delimiter: str,
    is_header: IsHeader,
    max_rows: int,
    preview: bool,
    cancel: CancelToken | None,
) -> Table:
    leading: list[tuple[int, tuple[Cell, ...]]] = []
    rows: list[tuple[int, tuple[Cell, ...]]] = []
    header: tuple[int, tuple[Cell, ...]] | None = None
    truncated = False
    for number, cells in raw_rows:
        if cancel is not None and number % 2_000 == 0:
            cancel.check()
        if all(_blank(c) for c in cells):
            continue
        if header is None:
            leading.append((number, cells))
            if is_header(cells):
                header = (number, cells)
                leading = []
            elif len(leading) >= HEADER_SCAN_ROWS:
                header, rows = leading[0], leading[1:]
                leading = []
            continue
        if len(rows) >= max_rows:
            if preview:
                truncated = True
                break
            raise UserError(
                f"Daftar berisi lebih dari {max_rows:,} baris data. Bagi menjadi beberapa berkas "
                "lalu impor satu per satu.".replace(",", ".")
            )
        rows.append((number, cells))
    if header is None and leading:
        header, rows = leading[0], leading[1:]
    if header is None:
        raise UserError(_("Daftar tidak berisi data (semua baris kosong)."))
    headers = tuple(_text(c) for c in header[1])
    return Table(kind, encoding, delimiter, header[0], headers, tuple(rows), truncated)


def _blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _text(cell: Cell) -> str:
    return "" if cell is None else str(cell).strip()


# --------------------------------------------------------------------------- CSV


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """UTF-8 (with or without BOM), UTF-16 (Excel's "Unicode text"), else Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ("utf-8-sig",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ("utf-16",)
    else:
        candidates = ("utf-8", "cp1252", "latin-1")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text, encoding
    raise UserError(
        _(
            "Berkas {name} bukan berkas teks/CSV yang dapat dibaca. Simpan daftarnya dari Excel "
            "sebagai “CSV UTF-8” atau “Excel Workbook (.xlsx)”."
        ).format(name=name)
    )


def _sniff_delimiter(text: str) -> str:
    """Semicolon (Indonesian Excel), comma, tab or pipe: whatever the header line uses."""
    sample_lines = [line for line in text.splitlines()[:30] if line.strip()]
    sample = "\n".join(sample_lines)
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t|").delimiter
    except csv.Error:
        first = sample_lines[0] if sample_lines else ""
        counts = {d: first.count(d) for d in ";,\t|"}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def _csv_rows(text: str, delimiter: str, name: str) -> Rows:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for cells in reader:
            if len(cells) > MAX_COLUMNS:
                cells = cells[:MAX_COLUMNS]
            yield reader.line_num, tuple(c[:MAX_CELL_CHARS] for c in cells)
    except csv.Error as error:
        raise UserError(
            _(
                "Berkas {name} rusak di sekitar baris {line_num} ({error}). Periksa tanda kutip "
                '(") yang tidak ditutup, lalu simpan ulang dari Excel.'
            ).format(name=name, line_num=reader.line_num, error=error)
        ) from error


# --------------------------------------------------------------------------- XLSX


def _check_zip(path: Path) -> None:
    """Refuse zip bombs and non-zip files before openpyxl touches them."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        raise UserError(
            _(
                "Berkas {name} bukan berkas Excel (.xlsx) yang utuh. Buka di Excel, simpan ulang "
                "sebagai .xlsx, lalu impor lagi."
            ).format(name=path.name)
        ) from error
    total = sum(member.file_size for member in members)
    bomb = any(
        member.file_size > 10 * 1024 * 1024
        and member.file_size > MAX_XLSX_RATIO * max(member.compress_size, 1)
        for member in members
    )
    if len(members) > MAX_XLSX_MEMBERS or total > MAX_XLSX_UNCOMPRESSED or bomb:
        raise UserError(
            _(
                "Berkas {name} tidak wajar untuk sebuah daftar (isinya terlalu besar setelah "
                "dibuka). Salin datanya ke lembar kerja baru, simpan sebagai .xlsx, lalu impor "
                "lagi."
            ).format(name=path.name)
        )


def _xlsx_rows(path: Path, cancel: CancelToken | None) -> Rows:
    _check_zip(path)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except Exception as error:  # openpyxl raises many kinds for a broken package
        raise UserError(
            _(
                "Berkas Excel {name} tidak dapat dibaca ({error}). Buka di Excel, simpan ulang "
                "sebagai .xlsx, lalu impor lagi."
            ).format(name=path.name, error=type(error).__name__)
        ) from error
    return _iterate_sheet(workbook, path.name, cancel)


def _iterate_sheet(workbook: object, name: str, cancel: CancelToken | None) -> Rows:
    try:
        sheets = workbook.worksheets  # type: ignore[attr-defined]
        sheet = sheets[0] if sheets else None
        if sheet is None:
            raise UserError(_("Berkas Excel {name} tidak berisi lembar kerja.").format(name=name))
        for number, cells in enumerate(
            sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1
        ):
            if number > MAX_SHEET_ROWS:
                raise UserError(
                    _("Lembar kerja di {name} terlalu panjang. Bagi daftarnya.").format(name=name)
                )
            if cancel is not None and number % 2_000 == 0:
                cancel.check()
            yield (
                number,
                tuple(c[:MAX_CELL_CHARS] if isinstance(c, str) else c for c in (cells or ())),
            )
    except (UserError, Cancelled, GeneratorExit):
        raise
    except Exception as error:  # a broken sheet XML surfaces here, mid-iteration
        raise UserError(
            _(
                "Isi berkas Excel {name} rusak ({error}). Simpan ulang dari Excel lalu impor "
                "lagi."
            ).format(name=name, error=type(error).__name__)
        ) from error
    finally:
        workbook.close()  # type: ignore[attr-defined]


_HEADER_CLEAN = re.compile(r"[^A-Z0-9]+")


def header_key(text: object) -> str:
    """``"No. KK"``, ``"NO_KK"``, ``"no kk "`` → ``"NO KK"`` (for matching column names)."""
    return _HEADER_CLEAN.sub(" ", str(text or "").upper()).strip()
