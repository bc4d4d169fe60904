"""Columns of a village list and how one row becomes a person and a household.

Header detection knows the names used by DTKS extracts, OpenSID exports and hand-made
village sheets. Cell values are read the way Excel leaves them (numbers for dates, text
with a leading apostrophe, scientific notation for long numbers), then checked with the
SAME rules as the forms (:mod:`puskesos_desktop.services.registry_checks`, which applies
:mod:`puskesos_desktop.domain.nik`), so an import never accepts what a form would refuse.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from puskesos_desktop.domain.nik import Severity
from puskesos_desktop.services import registry_checks as checks
from puskesos_desktop.services.list_reader import Cell, header_key
from puskesos_desktop.services.registry_types import FieldFinding, KeluargaData, OrangInput


class Kolom(StrEnum):
    """Fields a list column can fill; the value is the label shown in mapping and report."""

    NIK = "NIK"
    NO_KK = "No. KK"
    NAMA = "Nama"
    JENIS_KELAMIN = "Jenis kelamin"
    TANGGAL_LAHIR = "Tanggal lahir"
    TEMPAT_LAHIR = "Tempat lahir"
    ALAMAT = "Alamat"
    RT = "RT"
    RW = "RW"
    RT_RW = "RT/RW"
    DUSUN = "Dusun"
    HUBUNGAN = "Hubungan keluarga"
    AGAMA = "Agama"
    STATUS_KAWIN = "Status perkawinan"
    PENDIDIKAN = "Pendidikan"
    PEKERJAAN = "Pekerjaan"
    TELEPON = "Telepon"


REQUIRED = (Kolom.NIK, Kolom.NAMA, Kolom.JENIS_KELAMIN)

HEADER_ALIASES: dict[Kolom, tuple[str, ...]] = {
    Kolom.NIK: ("NIK", "NO NIK", "NOMOR NIK", "NIK ART", "NIK KTP", "NOMOR INDUK KEPENDUDUKAN"),
    Kolom.NO_KK: (
        "NO KK", "NOKK", "NOMOR KK", "KK", "NO KARTU KELUARGA", "NOMOR KARTU KELUARGA",
        "NO KK ART",
    ),
    Kolom.NAMA: ("NAMA", "NAMA LENGKAP", "NAMA ART", "NAMA PENDUDUK", "NAMA WARGA"),
    Kolom.JENIS_KELAMIN: ("JENIS KELAMIN", "JK", "SEX", "L P", "KELAMIN", "GENDER", "J K"),
    Kolom.TANGGAL_LAHIR: (
        "TGL LAHIR", "TANGGAL LAHIR", "TGLLAHIR", "TGL LHR", "TANGGAL LHR", "DOB",
    ),
    Kolom.TEMPAT_LAHIR: ("TEMPAT LAHIR", "TMP LAHIR", "TMPT LAHIR", "TEMPATLAHIR"),
    Kolom.ALAMAT: ("ALAMAT", "ALAMAT LENGKAP", "ALAMAT RUMAH", "JALAN"),
    Kolom.RT: ("RT", "NO RT"),
    Kolom.RW: ("RW", "NO RW"),
    Kolom.RT_RW: ("RT RW",),
    Kolom.DUSUN: ("DUSUN", "DUKUH", "LINGKUNGAN", "BANJAR", "DUSUN LINGKUNGAN", "NAMA DUSUN"),
    Kolom.HUBUNGAN: (
        "HUBUNGAN", "SHDK", "HUB KELUARGA", "HUBUNGAN KELUARGA", "HUBUNGAN DALAM KELUARGA",
        "HUB KEL", "STATUS HUBUNGAN", "HUB DGN KK", "HUBUNGAN DENGAN KK",
    ),
    Kolom.AGAMA: ("AGAMA",),
    Kolom.STATUS_KAWIN: ("STATUS KAWIN", "STATUS PERKAWINAN", "KAWIN", "STATUS NIKAH"),
    Kolom.PENDIDIKAN: ("PENDIDIKAN", "PENDIDIKAN TERAKHIR", "PENDIDIKAN DLM KK", "IJAZAH"),
    Kolom.PEKERJAAN: ("PEKERJAAN", "JENIS PEKERJAAN", "MATA PENCAHARIAN"),
    Kolom.TELEPON: ("TELEPON", "NO HP", "HP", "NO TELP", "TELP", "NOMOR HP", "NO WA", "WA"),
}  # fmt: skip

_ALIAS_INDEX = {
    header_key(alias): column for column, aliases in HEADER_ALIASES.items() for alias in aliases
}
_DATE_TEXT = re.compile(r"^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{4})$")
_ISO_TEXT = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_EXCEL_EPOCH = date(1899, 12, 30)
_OLDEST = date(1900, 1, 1)


def is_header_row(cells: tuple[Cell, ...]) -> bool:
    """A row naming at least two known columns (title rows above the header are skipped)."""
    return sum(1 for c in cells if header_key(c) in _ALIAS_INDEX) >= 2


def detect_mapping(headers: tuple[str, ...]) -> dict[Kolom, int]:
    """Column index per field from the header names; the first matching column wins."""
    mapping: dict[Kolom, int] = {}
    for index, header in enumerate(headers):
        column = _ALIAS_INDEX.get(header_key(header))
        if column is not None and column not in mapping:
            mapping[column] = index
    return mapping


def resolve_mapping(
    headers: tuple[str, ...], given: Mapping[str, int | str] | None
) -> dict[Kolom, int]:
    """The operator's mapping (field → column index or header name), or the detected one."""
    if not given:
        return detect_mapping(headers)
    keys = [header_key(h) for h in headers]
    mapping: dict[Kolom, int] = {}
    for field, target in given.items():
        column = Kolom[field] if field in Kolom.__members__ else Kolom(field)
        if isinstance(target, int):
            index = target
        elif header_key(target) in keys:
            index = keys.index(header_key(target))
        else:
            index = -1
        if not 0 <= index < len(headers):
            raise ValueError(f"kolom {target!r} untuk {column.value} tidak ada di daftar")
        mapping[column] = index
    return mapping


# --------------------------------------------------------------------------- values


def text_of(cell: Cell) -> str:
    """Cell as text: a leading apostrophe (Excel's "keep as text") and spaces removed."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return checks.clean_text(str(cell)).lstrip("'‘’`")


def number_text(cell: Cell) -> str:
    """NIK/No. KK cell as text. A number cell has already lost digits in Excel: it is
    rendered the way Excel shows it (3.32001E+15), which the domain rules then refuse."""
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return f"{cell:.15g}" if abs(cell) >= 1e15 else f"{float(cell)!r}"
    return text_of(cell)


def parse_date(cell: Cell, today: date) -> tuple[date | None, str]:
    """(date, "") or (None, problem). Accepts Excel dates and serial numbers, dd/mm/yyyy,
    dd-mm-yyyy, dd.mm.yyyy and yyyy-mm-dd; never guesses a two-digit year."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None, ""
    if isinstance(cell, datetime):
        value = cell.date()
    elif isinstance(cell, date):
        value = cell
    elif isinstance(cell, int | float) and not isinstance(cell, bool):
        if not 1 <= cell <= 80_000:
            return None, f"“{cell}” bukan tanggal"
        value = _EXCEL_EPOCH + timedelta(days=int(cell))
    else:
        text = text_of(cell)
        parsed = _parse_date_text(text)
        if parsed is None:
            return None, (
                f"tanggal “{text}” tidak dikenali; tulis seperti 17/08/1980 atau 1980-08-17 "
                "(tahun 4 angka)"
            )
        value = parsed
    if value < _OLDEST or value > today:
        return None, f"tanggal {value:%d-%m-%Y} tidak mungkin sebagai tanggal lahir"
    return value, ""


def _parse_date_text(text: str) -> date | None:
    try:
        if match := _DATE_TEXT.match(text):
            day, month, year = map(int, match.groups())
            return date(year, month, day)
        if match := _ISO_TEXT.match(text):
            year, month, day = map(int, match.groups())
            return date(year, month, day)
        if text.isdigit() and 1 <= int(text) <= 80_000:  # a serial date that became text
            return _EXCEL_EPOCH + timedelta(days=int(text))
    except ValueError:
        return None
    return None


# --------------------------------------------------------------------------- rows


@dataclass(frozen=True)
class RowProblem:
    column: str
    value: str
    message: str
    severity: Severity


@dataclass
class ParsedRow:
    """One data row: person and household column values (if valid) and its problems."""

    number: int
    person: dict[str, Any]
    household: dict[str, Any]
    problems: list[RowProblem]

    @property
    def has_error(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.problems)


_FIELD_COLUMN = {
    "nik": Kolom.NIK, "nama": Kolom.NAMA, "jenis_kelamin": Kolom.JENIS_KELAMIN,
    "tanggal_lahir": Kolom.TANGGAL_LAHIR, "hubungan": Kolom.HUBUNGAN, "agama": Kolom.AGAMA,
    "status_kawin": Kolom.STATUS_KAWIN, "pendidikan": Kolom.PENDIDIKAN,
    "telepon": Kolom.TELEPON, "no_kk": Kolom.NO_KK, "rt": Kolom.RT, "rw": Kolom.RW,
    "kode_wilayah": Kolom.ALAMAT,
}  # fmt: skip


def parse_row(
    number: int,
    cells: tuple[Cell, ...],
    mapping: Mapping[Kolom, int],
    *,
    today: date,
    known_region: checks.KnownRegion | None,
    desk_region: str,
) -> ParsedRow:
    """Validate one row with the form rules; problems name the list's own column."""

    def cell(column: Kolom) -> Cell:
        index = mapping.get(column)
        return cells[index] if index is not None and index < len(cells) else None

    problems: list[RowProblem] = []
    born, date_problem = parse_date(cell(Kolom.TANGGAL_LAHIR), today)
    if date_problem:
        problems.append(
            RowProblem(Kolom.TANGGAL_LAHIR, text_of(cell(Kolom.TANGGAL_LAHIR)), date_problem,
                       Severity.ERROR)
        )  # fmt: skip
    nik = number_text(cell(Kolom.NIK))
    person_input = OrangInput(
        nama=text_of(cell(Kolom.NAMA)),
        jenis_kelamin=text_of(cell(Kolom.JENIS_KELAMIN)),
        nik=nik or None,
        tempat_lahir=text_of(cell(Kolom.TEMPAT_LAHIR)),
        tanggal_lahir=born,
        hubungan=text_of(cell(Kolom.HUBUNGAN)),
        status_kawin=text_of(cell(Kolom.STATUS_KAWIN)),
        agama=text_of(cell(Kolom.AGAMA)),
        pendidikan=text_of(cell(Kolom.PENDIDIKAN)),
        pekerjaan=text_of(cell(Kolom.PEKERJAAN)),
        telepon=text_of(cell(Kolom.TELEPON)),
    )
    person, findings = checks.check_person(person_input, today=today, known_region=known_region)
    rt, rw = text_of(cell(Kolom.RT)), text_of(cell(Kolom.RW))
    if Kolom.RT_RW in mapping and not (rt or rw):
        rt, _, rw = text_of(cell(Kolom.RT_RW)).partition("/")
    household, kk_findings = checks.check_household(
        KeluargaData(
            no_kk=number_text(cell(Kolom.NO_KK)) or None,
            alamat=text_of(cell(Kolom.ALAMAT)),
            rt=rt.strip(),
            rw=rw.strip(),
            dusun=text_of(cell(Kolom.DUSUN)),
        ),
        known_region=known_region,
        known_village=None,
        default_region=desk_region,
    )
    for finding in findings + kk_findings:
        problems.append(_problem(finding, cell))
    return ParsedRow(number, person, household, problems)


def _problem(finding: FieldFinding, cell: Any) -> RowProblem:
    column = _FIELD_COLUMN.get(finding.field)
    if column is None:
        column = next((c for c in Kolom if c.name.lower() == finding.field), Kolom.NAMA)
    message = finding.message
    if finding.code == "NIK_KOSONG":
        message = (
            "NIK kosong. Baris tanpa NIK tidak diimpor: daftarkan orang ini lewat formulir "
            "dan pilih alasan tanpa NIK supaya dibuatkan NIK sementara."
        )
    value = (
        number_text(cell(column)) if column in (Kolom.NIK, Kolom.NO_KK) else text_of(cell(column))
    )
    return RowProblem(column.value, value, message, finding.severity)
