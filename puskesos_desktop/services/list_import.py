"""List import (DTKS extracts, village Excel lists): preview, check, report, import.

The flow the GUI offers:

1. :meth:`ListImportService.preview` — detected columns and the first rows, parsed;
2. :meth:`ListImportService.check` — every row validated with the form rules and against
   the registry (NIK already registered, twice in the file); nothing is written;
3. :func:`write_error_report` — an XLSX the village can fix its list with (row, column,
   value, problem);
4. :meth:`ListImportService.run` — all rows in ONE transaction. With errors, the caller
   chooses: ``import_valid_only=True`` imports the clean households, otherwise nothing is
   imported. A household (rows sharing a No. KK) with any bad row is skipped whole, so a
   family is never half imported. Cancel (or any failure) writes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.nik import Severity
from puskesos_desktop.domain.registry_enums import HubunganKeluarga
from puskesos_desktop.i18n import _
from puskesos_desktop.jobs import CancelToken, Progress, no_progress, throttled
from puskesos_desktop.services.context import ChangeKind, Changes, ServiceContext
from puskesos_desktop.services.list_reader import MAX_ROWS, Table, read_table
from puskesos_desktop.services.list_report import ImportProblem, write_error_report
from puskesos_desktop.services.list_rows import (
    REQUIRED,
    Kolom,
    ParsedRow,
    RowProblem,
    is_header_row,
    parse_row,
    resolve_mapping,
)
from puskesos_desktop.services.registry_write import known_kecamatan
from puskesos_desktop.store import dialect, journal, search_index
from puskesos_desktop.store.models import DeskProfile, Keluarga, Orang

__all__ = [
    "ImportCheck",
    "ImportPreview",
    "ImportProblem",
    "ImportResult",
    "ListImportService",
    "PreviewRow",
    "write_error_report",
]

PREVIEW_ROWS = 20
_CHUNK = 500


@dataclass(frozen=True)
class PreviewRow:
    baris: int
    nilai: tuple[tuple[str, str], ...]  # (column label, value as read)
    masalah: tuple[ImportProblem, ...]


@dataclass(frozen=True)
class ImportPreview:
    format: str
    encoding: str
    delimiter: str
    header_row: int
    headers: tuple[str, ...]
    mapping: tuple[tuple[str, int], ...]  # (Kolom name, column index)
    missing_required: tuple[str, ...]
    rows: tuple[PreviewRow, ...]


@dataclass(frozen=True)
class ImportCheck:
    total_rows: int
    valid_rows: int
    error_rows: int
    households: int
    problems: tuple[ImportProblem, ...]

    @property
    def clean(self) -> bool:
        return self.error_rows == 0


@dataclass(frozen=True)
class ImportResult:
    imported_persons: int
    new_households: int
    existing_households: int
    skipped_rows: int
    problems: tuple[ImportProblem, ...]
    changes: Changes = field(default_factory=lambda: Changes.of(ChangeKind.REGISTRY))


def _problem(number: int, problem: RowProblem) -> ImportProblem:
    tingkat = "Galat" if problem.severity is Severity.ERROR else "Peringatan"
    return ImportProblem(number, problem.column, problem.value, problem.message, tingkat)


def _error(number: int, column: Kolom, value: str, message: str) -> RowProblem:
    return RowProblem(column.value, value, message, Severity.ERROR)


class ListImportService:
    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    # ----------------------------------------------------------------- read side

    def preview(
        self,
        path: Path,
        *,
        mapping: Mapping[str, int | str] | None = None,
        rows: int = PREVIEW_ROWS,
    ) -> ImportPreview:
        table = read_table(path, is_header=is_header_row, max_rows=rows, preview=True)
        columns = self._mapping(table, mapping)
        region = self._desk_region()
        parsed = [
            self._parse(table, columns, number, cells, region) for number, cells in table.rows
        ]
        return ImportPreview(
            format=table.format,
            encoding=table.encoding,
            delimiter=table.delimiter,
            header_row=table.header_row,
            headers=table.headers,
            mapping=tuple((column.name, index) for column, index in columns.items()),
            missing_required=tuple(c.value for c in REQUIRED if c not in columns),
            rows=tuple(
                PreviewRow(
                    row.number,
                    tuple(
                        (
                            column.value,
                            str(cells[index])
                            if index < len(cells) and cells[index] is not None
                            else "",
                        )
                        for column, index in columns.items()
                    ),
                    tuple(_problem(row.number, p) for p in row.problems),
                )
                for row, (_number, cells) in zip(parsed, table.rows, strict=True)
            ),
        )

    def check(
        self,
        path: Path,
        *,
        mapping: Mapping[str, int | str] | None = None,
        progress: Progress = no_progress,
        cancel: CancelToken | None = None,
    ) -> ImportCheck:
        """Validate the whole list against the rules and the registry; writes nothing."""
        table = read_table(path, is_header=is_header_row, max_rows=MAX_ROWS, cancel=cancel)
        columns = self._require_columns(table, mapping)
        region = self._desk_region()
        with self._context.read_connection() as connection:
            plan = self._plan(table, columns, region, connection, throttled(progress), cancel)
        return plan.check()

    # ----------------------------------------------------------------- write side

    def run(
        self,
        path: Path,
        *,
        mapping: Mapping[str, int | str] | None = None,
        import_valid_only: bool = False,
        progress: Progress = no_progress,
        cancel: CancelToken | None = None,
    ) -> ImportResult:
        """Import in one transaction (all or nothing per run); see the module docstring."""
        actor = self._context.require_actor()
        progress = throttled(progress)
        table = read_table(path, is_header=is_header_row, max_rows=MAX_ROWS, cancel=cancel)
        columns = self._require_columns(table, mapping)
        region = self._desk_region()
        with self._context.transaction() as session:
            connection = dialect.raw(session.connection())
            plan = self._plan(table, columns, region, connection, progress, cancel)
            summary = plan.check()
            if not summary.clean and not import_valid_only:
                raise UserError(
                    _(
                        "{error_rows} dari {total_rows} baris bermasalah, jadi tidak ada yang "
                        "diimpor. Simpan laporan masalahnya, perbaiki daftarnya, lalu impor lagi — "
                        "atau pilih “impor baris yang benar saja”."
                    ).format(error_rows=summary.error_rows, total_rows=summary.total_rows)
                )
            households, people = plan.rows_to_write(region)
            journal.bulk_create(session, actor, Keluarga, households)
            for start in range(0, len(people), 5_000):
                if cancel is not None:
                    cancel.check()
                journal.bulk_create(session, actor, Orang, people[start : start + 5_000])
                progress(min(start + 5_000, len(people)), len(people), _("Menyimpan data"))

            def indexed(done: int, total: int) -> None:
                if cancel is not None:
                    cancel.check()
                progress(done, total, "Menyusun indeks pencarian")

            session.flush()
            search_index.refresh(connection, on_batch=indexed)  # type: ignore[arg-type]
            return ImportResult(
                imported_persons=len(people),
                new_households=len(households),
                existing_households=plan.existing_households,
                skipped_rows=summary.total_rows - len(people),
                problems=summary.problems,
            )

    # ----------------------------------------------------------------- internals

    def _desk_region(self) -> str:
        with self._context.transaction() as session:
            profile = session.get(DeskProfile, 1)
            return profile.kode_wilayah if profile else ""

    @staticmethod
    def _mapping(table: Table, given: Mapping[str, int | str] | None) -> dict[Kolom, int]:
        try:
            return resolve_mapping(table.headers, given)
        except (ValueError, KeyError) as error:
            raise UserError(
                _("Pemetaan kolom tidak sah: {error}. Pilih ulang kolomnya.").format(error=error)
            ) from error

    def _require_columns(
        self, table: Table, given: Mapping[str, int | str] | None
    ) -> dict[Kolom, int]:
        columns = self._mapping(table, given)
        missing = [c.value for c in REQUIRED if c not in columns]
        if missing:
            raise UserError(
                _(
                    "Kolom {columns} tidak ditemukan di baris judul (baris {header_row}). Beri "
                    "judul kolom yang jelas (mis. NIK, NAMA, JENIS_KELAMIN) atau pilih kolomnya "
                    "sendiri."
                ).format(columns=", ".join(missing), header_row=table.header_row)
            )
        return columns

    @staticmethod
    def _parse(
        table: Table, columns: Mapping[Kolom, int], number: int, cells: tuple, region: str
    ) -> ParsedRow:
        return parse_row(
            number, cells, columns, today=date.today(), known_region=known_kecamatan,
            desk_region=region,
        )  # fmt: skip

    def _plan(
        self,
        table: Table,
        columns: Mapping[Kolom, int],
        region: str,
        connection: Any,
        progress: Progress,
        cancel: CancelToken | None,
    ) -> _Plan:
        plan = _Plan()
        total = len(table.rows)
        for count, (number, cells) in enumerate(table.rows, start=1):
            if count % 1_000 == 0:
                if cancel is not None:
                    cancel.check()
                progress(count, total, _("Memeriksa baris"))
            plan.add(self._parse(table, columns, number, cells, region))
        plan.check_registry(connection)
        progress(total, total, _("Memeriksa baris"))
        return plan


class _Plan:
    """Rows grouped by No. KK, with file- and registry-level problems added."""

    def __init__(self) -> None:
        self.rows: list[ParsedRow] = []
        self.existing_kk: dict[str, str] = {}
        self.existing_households = 0

    def add(self, row: ParsedRow) -> None:
        self.rows.append(row)

    def check_registry(self, connection: Any) -> None:
        first_seen: dict[str, int] = {}
        for row in self.rows:
            nik = row.person.get("nik")
            if nik and not row.has_error:
                if nik in first_seen:
                    row.problems.append(
                        _error(
                            row.number,
                            Kolom.NIK,
                            nik,
                            _("NIK sama dengan baris {number}.").format(number=first_seen[nik]),
                        )
                    )
                else:
                    first_seen[nik] = row.number
        by_nik = {
            r.person["nik"]: r
            for r in self.rows
            if r.person.get("nik") in first_seen and first_seen[r.person["nik"]] == r.number
        }
        niks = sorted(first_seen)
        live = f"deleted = {dialect.sql(connection).false}"
        for start in range(0, len(niks), _CHUNK):
            chunk = niks[start : start + _CHUNK]
            marks = ", ".join("?" for _ in chunk)
            for nik, nama in connection.execute(
                f"SELECT nik, nama FROM orang WHERE nik IN ({marks}) AND {live}", chunk
            ):
                row = by_nik[nik]
                row.problems.append(
                    _error(
                        row.number,
                        Kolom.NIK,
                        nik,
                        _("NIK sudah terdaftar atas nama {nama}.").format(nama=nama),
                    )
                )
        kks = sorted({r.household["no_kk"] for r in self.rows if r.household.get("no_kk")})
        for start in range(0, len(kks), _CHUNK):
            chunk = kks[start : start + _CHUNK]
            marks = ", ".join("?" for _ in chunk)
            for uid, no_kk in connection.execute(
                f"SELECT uid, no_kk FROM keluarga WHERE no_kk IN ({marks}) AND {live}", chunk
            ):
                self.existing_kk[no_kk] = uid
        self._skip_broken_households()

    def _groups(self) -> dict[str, list[ParsedRow]]:
        groups: dict[str, list[ParsedRow]] = defaultdict(list)
        for row in self.rows:
            groups[row.household.get("no_kk") or f"#baris{row.number}"].append(row)
        return groups

    def _skip_broken_households(self) -> None:
        for key, members in self._groups().items():
            broken = [r.number for r in members if r.has_error]
            if not broken or key.startswith("#"):
                continue
            for row in members:
                if not row.has_error:
                    row.problems.append(
                        _error(row.number, Kolom.NO_KK, key,
                               _("Dilewati: anggota lain dengan No. KK yang sama bermasalah "
                                 "(baris {rows}). Keluarga diimpor utuh atau tidak sama sekali."
                                 ).format(rows=", ".join(map(str, broken[:5]))))
                    )  # fmt: skip

    def check(self) -> ImportCheck:
        problems = tuple(_problem(r.number, p) for r in self.rows for p in r.problems)
        errors = sum(1 for r in self.rows if r.has_error)
        return ImportCheck(
            total_rows=len(self.rows),
            valid_rows=len(self.rows) - errors,
            error_rows=errors,
            households=len(self._groups()),
            problems=problems,
        )

    def rows_to_write(self, desk_region: str) -> tuple[list[dict], list[dict]]:
        """New household rows and person rows for the valid rows (plain dicts for bulk)."""
        from puskesos_desktop.store.models.base import new_uid

        households: list[dict] = []
        people: list[dict] = []
        existing: set[str] = set()
        for key, members in self._groups().items():
            valid = [r for r in members if not r.has_error]
            if not valid:
                continue
            if key in self.existing_kk:
                uid = self.existing_kk[key]
                existing.add(uid)
            else:
                head = next(
                    (r for r in valid if r.person["hubungan"] == HubunganKeluarga.KEPALA.value),
                    valid[0],
                )
                uid = new_uid()
                households.append(
                    {
                        "uid": uid,
                        **head.household,
                        "kode_wilayah": head.household["kode_wilayah"] or desk_region,
                    }
                )
            for row in valid:
                people.append({**row.person, "keluarga_uid": uid})
        self.existing_households = len(existing)
        return households, people
