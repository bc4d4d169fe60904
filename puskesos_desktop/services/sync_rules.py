"""What an incoming change may contain: the form rules, applied to one bundle line.

The bundle codec checks structure; this module adds, per synced table, what the forms
enforce: known column names, the column's type and length, required columns of a new row,
enumeration codes (:mod:`puskesos_desktop.domain.registry_enums`), NIK and No. KK rules
(:mod:`puskesos_desktop.domain.nik`). Column facts are read from the models themselves so a
new column needs no edit here; other services may add a table's own rule to
:data:`EXTRA_HOOKS`.

It also converts values between their JSON form (as they travel) and the column's Python
type, and normalises both sides before the merge compares them: a datetime travels as
``…+07:00`` but is stored in UTC, and must not look like a conflict because of that.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, String

from puskesos_desktop.domain import registry_enums as enums
from puskesos_desktop.domain.nik import Severity, check_nik, check_no_kk, is_blocking
from puskesos_desktop.store.models import SYNCED_TABLES
from puskesos_desktop.store.models.base import SYNC_BOOKKEEPING_FIELDS

Hook = Callable[[dict[str, Any]], list[str]]

# Enumerations: the stored code must be exactly a member (or "" where the form allows it).
ENUM_FIELDS: dict[tuple[str, str], type[enums.Choice]] = {
    ("orang", "jenis_kelamin"): enums.JenisKelamin,
    ("orang", "hubungan"): enums.HubunganKeluarga,
    ("orang", "status_kawin"): enums.StatusKawin,
    ("orang", "agama"): enums.Agama,
    ("orang", "pendidikan"): enums.Pendidikan,
    ("orang", "status_domisili"): enums.StatusDomisili,
    ("orang", "status_dasar"): enums.StatusDasar,
    ("orang", "disabilitas"): enums.JenisDisabilitas,
    ("orang", "disabilitas_derajat"): enums.DerajatDisabilitas,
    ("orang", "alasan_tanpa_nik"): enums.AlasanTanpaNik,
    ("riwayat_kk", "alasan"): enums.AlasanPerubahanKK,
    ("riwayat_anggota", "alasan"): enums.AlasanPindahAnggota,
    ("keputusan_duplikat", "keputusan"): enums.KeputusanDuplikat,
    ("layanan_masuk", "saluran"): enums.SaluranLayanan,
    ("layanan_masuk", "urgensi"): enums.Urgensi,
    ("layanan_masuk", "persetujuan_dari"): enums.PemberiPersetujuan,
}
NOT_EMPTY = frozenset({("orang", "jenis_kelamin"), ("orang", "nama")})
EXTRA_HOOKS: dict[str, Hook] = {}
"""Table-specific rules other services register (``EXTRA_HOOKS["rujukan"] = hook``)."""


@dataclass(frozen=True, slots=True)
class ColumnRule:
    kind: str  # str int float bool date datetime json
    nullable: bool
    max_length: int | None
    required: bool  # a new row must carry it


@cache
def table_columns(table: str) -> dict[str, ColumnRule]:
    """Content columns of a synced table plus ``deleted`` (tombstones travel as a field)."""
    model = SYNCED_TABLES[table]
    rules: dict[str, ColumnRule] = {}
    for column in model.__table__.columns:  # type: ignore[attr-defined]
        name = column.name
        if name in SYNC_BOOKKEEPING_FIELDS and name != "deleted":
            continue
        kind = _kind(column.type)
        info = model.model_fields.get(name)
        has_default = info is not None and not info.is_required()
        length = getattr(column.type, "length", None) if kind == "str" else None
        rules[name] = ColumnRule(
            kind, bool(column.nullable), length, not has_default and name != "deleted"
        )
    return rules


def _kind(sql_type: object) -> str:
    for cls, kind in (
        (Boolean, "bool"),
        (DateTime, "datetime"),
        (Date, "date"),
        (Integer, "int"),
        (Float, "float"),
        (String, "str"),
        (JSON, "json"),
    ):
        if isinstance(sql_type, cls):
            return kind
    impl = getattr(sql_type, "impl", None)  # TypeDecorator (UTCDateTime)
    if impl is not None:
        return _kind(impl if not isinstance(impl, type) else impl())
    return "json"


# --- values --------------------------------------------------------------------------------


def parse_moment(text: str) -> datetime:
    """ISO text → aware UTC datetime (naive text is UTC, as SQLite stores it)."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def to_column(rule: ColumnRule, value: Any) -> Any:
    """A travelling JSON value as the column's Python type."""
    if value is None or not isinstance(value, str):
        return value
    if rule.kind == "date":
        return date.fromisoformat(value)
    if rule.kind == "datetime":
        return parse_moment(value)
    return value


def normalise(rule: ColumnRule | None, value: Any) -> Any:
    """One comparable form for a stored (Python) or travelling (JSON) value."""
    if value is None:
        return None
    kind = rule.kind if rule else ""
    if kind == "datetime":
        moment = parse_moment(value) if isinstance(value, str) else value
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC).isoformat()
    if kind == "date" and isinstance(value, date):
        return value.isoformat()
    if kind == "float" and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, tuple):
        return list(value)
    return value


def to_json(rule: ColumnRule | None, value: Any) -> Any:
    """A stored value as it travels (and as conflict records keep it)."""
    if isinstance(value, datetime):
        return normalise(rule, value)
    if isinstance(value, date):
        return value.isoformat()
    return value


# --- validation ------------------------------------------------------------------------------


_DATE_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_EXACT_TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "int": (int,),
    "float": (int, float),
    "bool": (bool,),
    "json": (list,),
}


def _type_problem(name: str, rule: ColumnRule, value: Any) -> str | None:
    """Why ``value`` cannot go into the column, or None. Hot path: 50,000 lines × 25 fields."""
    if value is None:
        return None if rule.nullable else f"{name} wajib diisi"
    kind = rule.kind
    if kind == "str":
        if type(value) is not str:
            return f"{name} bertipe salah"
        if rule.max_length is not None and len(value) > rule.max_length:
            return f"{name} lebih dari {rule.max_length} karakter"
        return None
    if kind in ("date", "datetime"):
        if type(value) is not str:
            return f"{name} harus tanggal"
        try:
            if kind == "date":
                if not _DATE_TEXT.fullmatch(value):
                    raise ValueError
                date.fromisoformat(value)
            else:
                datetime.fromisoformat(value)
        except ValueError:
            return f"{name} bukan tanggal yang sah"
        return None
    if type(value) not in _EXACT_TYPES.get(kind, (object,)):
        return f"{name} bertipe salah"
    return None


@cache
def _table_enums(table: str) -> tuple[tuple[str, frozenset[str], bool], ...]:
    """(field, accepted codes, may be empty) for the enumeration columns of ``table``."""
    return tuple(
        (name, frozenset(choice._value2member_map_), (table, name) not in NOT_EMPTY)
        for (owner, name), choice in ENUM_FIELDS.items()
        if owner == table
    )


def _domain_problems(table: str, fields: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    for name, codes, may_be_empty in _table_enums(table):
        value = fields.get(name)
        if type(value) is not str or value in codes or (value == "" and may_be_empty):
            continue
        problems.append(f"{name}: kode {value[:30]!r} tidak dikenal")
    nama = fields.get("nama") if table == "orang" else None
    if isinstance(nama, str) and not nama.strip():
        problems.append("nama wajib diisi")
    if table == "orang" and isinstance(fields.get("nik"), str):
        findings = check_nik(fields["nik"])
        if is_blocking(findings):
            problems.append(
                "NIK: " + "; ".join(f.message for f in findings if f.severity is Severity.ERROR)
            )
    if table == "keluarga" and isinstance(fields.get("no_kk"), str):
        findings = check_no_kk(fields["no_kk"])
        if is_blocking(findings):
            problems.append(
                "No. KK: " + "; ".join(f.message for f in findings if f.severity is Severity.ERROR)
            )
    desil = fields.get("desil") if table == "keluarga" else None
    if isinstance(desil, int) and not 1 <= desil <= 10:
        problems.append("desil harus 1 sampai 10")
    return problems


def _make_hook(table: str) -> Hook:
    columns = table_columns(table)

    def hook(line: dict[str, Any]) -> list[str]:
        fields = line["fields"]
        problems: list[str] = []
        for name, value in fields.items():
            rule = columns.get(name)
            if rule is None:
                problems.append(f"kolom {name} tidak dikenal di tabel {table}")
                continue
            problem = _type_problem(name, rule, value)
            if problem:
                problems.append(problem)
        if line["base_rev"] == 0:
            missing = [n for n, r in columns.items() if r.required and n not in fields]
            if missing:
                problems.append(f"baris baru tanpa kolom wajib {missing}")
        if not problems:
            problems += _domain_problems(table, fields)
        extra = EXTRA_HOOKS.get(table)
        if extra is not None and not problems:
            problems += extra(line)
        return problems

    return hook


def allowed_tables() -> dict[str, Hook]:
    """The ``allowed_tables`` argument of :func:`~puskesos_desktop.sync.bundle.read_bundle`."""
    return {table: _make_hook(table) for table in SYNCED_TABLES}


# --- schema upgrades ---------------------------------------------------------------------------

Upgrade = Callable[[dict[str, Any]], dict[str, Any]]
UPGRADES: dict[int, Upgrade] = {}
"""``UPGRADES[n]`` turns a change line written at schema ``n`` into schema ``n + 1``.

Empty so far: revisions 1–5 only added tables and columns with defaults, which an older
bundle simply does not mention. A migration that renames or splits a synced column adds
its step here, so bundles from desks that have not updated yet still apply."""


def upgrade_line(line: dict[str, Any], from_version: int, to_version: int) -> dict[str, Any]:
    for version in range(from_version, to_version):
        step = UPGRADES.get(version)
        if step is not None:
            line = step(line)
    return line
