"""One change of a synced row, as it travels on one JSON line of a bundle payload.

The line format follows the change journal (:mod:`puskesos_desktop.store.models.journal`),
except that ``table_name`` travels as ``table`` and the journal's ``origin`` column is not
carried (the bundle's manifest says who sent it; ``by`` says who made the change).

The same :func:`validate_change` guards both directions: the reader runs it on every line
of a hostile payload, and the writer runs it on every change it is given, because a bundle
the receiver rejects would block the stream at that seq forever. It checks *structure*
(types, UUIDs, revisions, sizes, JSON scalars); whether a field value is a valid NIK or a
known enumeration is the business of the per-table hook the service passes in, so the form
rules keep one home in ``domain``.

Duplicate keys inside a payload line are not detected: the payload is authenticated (its
SHA-256 is in the signed manifest and age's encryption is authenticated), so only a trusted
desk's own writer, which emits canonical JSON, can author it; an ``object_pairs_hook`` would
cost about 13 % of the import's parse time for no protection.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from puskesos_desktop.domain.desk_id import is_valid_desk_id

Scalar = str | int | float | bool | None
FieldValidator = Callable[[dict[str, Any]], list[str]]

UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
TABLE_RE = re.compile(r"[a-z][a-z0-9_]{0,39}")
FIELD_RE = re.compile(r"[a-z_][a-z0-9_]{0,63}")
TIMESTAMP_RE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?[+-][0-9]{2}:[0-9]{2}"
)
OPS = ("upsert", "delete")
MAX_STRING_CHARS = 20_000
MAX_FIELDS = 200
MAX_LIST_ITEMS = 100
MAX_LIST_ITEM_CHARS = 200
MAX_BY_CHARS = 100  # journal column size
MAX_REV = 2**53  # exact in every JSON reader
INT_MIN, INT_MAX = -(2**63), 2**63 - 1  # SQLite INTEGER
MAX_LINE_BYTES = 256 * 1024
CHANGE_KEYS = frozenset(
    {"change_id", "table", "uid", "op", "rev", "base_rev", "at", "by", "fields", "base"}
)
_NAME_CACHE_LIMIT = 10_000

_ENCODER = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
)


class ChangeInvalid(ValueError):  # noqa: N818 - mirrors SignatureInvalid/BundleRejected
    """A change that must not be applied; ``errors`` are short Indonesian phrases."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass(frozen=True, slots=True)
class Change:
    """A validated change. ``fields``/``base`` are plain dicts: treat them as read-only."""

    change_id: str
    table: str
    uid: str
    op: Literal["upsert", "delete"]
    rev: int
    base_rev: int
    at: str
    by: str
    fields: dict[str, Scalar]
    base: dict[str, Scalar]

    def to_json(self) -> dict[str, Any]:
        return {
            "change_id": self.change_id,
            "table": self.table,
            "uid": self.uid,
            "op": self.op,
            "rev": self.rev,
            "base_rev": self.base_rev,
            "at": self.at,
            "by": self.by,
            "fields": self.fields,
            "base": self.base,
        }


def iso_timestamp(moment: datetime) -> str:
    """A journal ``at`` as it travels. SQLite hands back naive datetimes that are UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat()


def is_timestamp(value: object) -> bool:
    """ISO 8601 with a numeric offset, seconds precision or finer, and a real date."""
    if not isinstance(value, str) or not TIMESTAMP_RE.fullmatch(value):
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def bad_text(value: str, limit: int) -> str | None:
    """Why a string from a hostile file cannot be stored, or None.

    ``json.loads`` turns ``"\\ud800"`` into a lone surrogate that SQLite's UTF-8 encoder
    would choke on much later, inside the import transaction; NUL truncates text in C APIs.
    """
    if len(value) > limit:
        return f"teks lebih dari {limit} karakter"
    if "\x00" in value:
        return "teks berisi karakter NUL"
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "teks bukan UTF-8 yang sah"
    return None


def _is_by(by: str) -> bool:
    desk, slash, operator = by.partition("/")
    return bool(slash and operator and is_valid_desk_id(desk) and operator.isprintable())


class ChangeValidator:
    """Validates many changes fast; remembers field names it has already checked."""

    def __init__(self, allowed_tables: Mapping[str, FieldValidator] | None) -> None:
        self.allowed_tables = allowed_tables
        self._good_names: set[str] = set()
        self._good_at: set[str] = set()  # values already accepted, checked once
        self._good_by: set[str] = set()

    def __call__(self, obj: object) -> Change:
        errors: list[str] = []
        if not isinstance(obj, dict):
            raise ChangeInvalid(["baris bukan objek JSON"])
        if obj.keys() != CHANGE_KEYS:
            missing = sorted(CHANGE_KEYS - obj.keys())
            extra = sorted(str(key)[:40] for key in obj.keys() - CHANGE_KEYS)
            raise ChangeInvalid([f"kolom kurang {missing} atau tidak dikenal {extra}"])
        self._check_head(obj, errors)
        fields, base = obj["fields"], obj["base"]
        self._check_values("fields", fields, errors)
        self._check_values("base", base, errors)
        if not errors:
            self._check_semantics(obj, errors)
        if not errors:
            self._run_hook(obj, errors)
        if errors:
            raise ChangeInvalid(errors)
        return Change(
            obj["change_id"], obj["table"], obj["uid"], obj["op"], obj["rev"],
            obj["base_rev"], obj["at"], obj["by"], fields, base,
        )  # fmt: skip

    def _check_head(self, obj: dict[str, Any], errors: list[str]) -> None:
        for key in ("change_id", "uid"):
            value = obj[key]
            if type(value) is not str or not UUID_RE.fullmatch(value):
                errors.append(f"{key} bukan UUID")
        table = obj["table"]
        if type(table) is not str or not TABLE_RE.fullmatch(table):
            errors.append("nama tabel tidak sah")
        elif self.allowed_tables is not None and table not in self.allowed_tables:
            errors.append(f"tabel {table} tidak boleh disinkronkan")
        if obj["op"] not in OPS:
            errors.append("op harus upsert atau delete")
        rev, base_rev = obj["rev"], obj["base_rev"]
        if type(rev) is not int or type(base_rev) is not int:
            errors.append("rev dan base_rev harus bilangan bulat")
        elif not (0 <= base_rev < MAX_REV and rev == base_rev + 1):
            errors.append("rev harus sama dengan base_rev + 1")
        at, by = obj["at"], obj["by"]
        if type(at) is not str or at not in self._good_at:
            if not is_timestamp(at):
                errors.append("waktu perubahan (at) bukan ISO 8601 dengan zona waktu")
            elif len(self._good_at) < _NAME_CACHE_LIMIT:
                self._good_at.add(at)  # a bulk import stamps thousands of rows alike
        if type(by) is not str or by not in self._good_by:
            if type(by) is not str or bad_text(by, MAX_BY_CHARS):
                errors.append("pengubah (by) tidak sah")
            elif not _is_by(by):
                errors.append("pengubah (by) harus berbentuk <id desk>/<operator>")
            elif len(self._good_by) < _NAME_CACHE_LIMIT:
                self._good_by.add(by)

    def _check_values(self, key: str, values: object, errors: list[str]) -> None:
        if type(values) is not dict:
            errors.append(f"{key} harus objek JSON")
            return
        if len(values) > MAX_FIELDS:
            errors.append(f"{key} berisi lebih dari {MAX_FIELDS} kolom")
            return
        good = self._good_names
        for name, value in values.items():
            if name not in good:
                if not FIELD_RE.fullmatch(name):
                    errors.append(f"nama kolom {name[:40]!r} tidak sah")
                    continue
                if len(good) < _NAME_CACHE_LIMIT:
                    good.add(name)
            kind = type(value)
            if kind is str:
                if len(value) > MAX_STRING_CHARS or "\x00" in value or not value.isascii():
                    problem = bad_text(value, MAX_STRING_CHARS)  # the slow path, rarely
                    if problem:
                        errors.append(f"{key}.{name}: {problem}")
            elif kind is int:
                if not INT_MIN <= value <= INT_MAX:
                    errors.append(f"{key}.{name}: angka di luar batas")
            elif kind is float:
                if not math.isfinite(value):
                    errors.append(f"{key}.{name}: angka tidak terhingga")
            elif kind is list:
                problem = _list_problem(value)
                if problem:
                    errors.append(f"{key}.{name}: {problem}")
            elif value is not None and kind is not bool:
                errors.append(f"{key}.{name}: hanya teks, angka, true/false, daftar teks atau null")

    @staticmethod
    def _check_semantics(obj: dict[str, Any], errors: list[str]) -> None:
        fields, base = obj["fields"], obj["base"]
        if not fields:
            errors.append("fields kosong")
        if not base.keys() <= fields.keys():
            errors.append("base memuat kolom yang tidak ada di fields")
        if obj["base_rev"] == 0 and (base or obj["op"] != "upsert"):
            errors.append("baris baru (base_rev 0) harus upsert tanpa base")
        if obj["op"] == "delete" and (
            fields != {"deleted": True} or base not in ({}, {"deleted": False})
        ):
            errors.append("delete harus berupa tanda hapus {deleted: true}")

    def _run_hook(self, obj: dict[str, Any], errors: list[str]) -> None:
        if self.allowed_tables is None:
            return
        hook = self.allowed_tables[obj["table"]]
        try:
            problems = hook(obj)
        except (ValueError, TypeError, KeyError) as err:  # a hook choking on odd input
            problems = [f"pemeriksaan kolom gagal ({type(err).__name__})"]
        errors.extend(str(problem) for problem in problems)


def _list_problem(values: list[Any]) -> str | None:
    """Flat lists of short texts (code lists such as need categories) are the only nesting."""
    if len(values) > MAX_LIST_ITEMS:
        return f"daftar berisi lebih dari {MAX_LIST_ITEMS} butir"
    for item in values:
        if type(item) is not str:
            return "daftar hanya boleh berisi teks"
        problem = bad_text(item, MAX_LIST_ITEM_CHARS)
        if problem:
            return problem
    return None


def validate_change(
    obj: object, allowed_tables: Mapping[str, FieldValidator] | None
) -> Change:
    """The :class:`Change` for one parsed payload line, or :class:`ChangeInvalid`.

    ``allowed_tables`` maps each table this desk accepts to its field hook: the hook gets
    the structurally valid line (a dict with ``fields``/``base`` of JSON scalars) and
    returns a list of problems, empty when the values pass the form rules. ``None`` accepts
    any well-formed table name and runs no hook (the writer's self-check).
    """
    return ChangeValidator(allowed_tables)(obj)


def change_line(change: Change, validator: ChangeValidator | None = None) -> bytes:
    """Canonical JSON of ``change`` plus ``\\n``, after the reader's own structural check."""
    obj = change.to_json()
    (validator or ChangeValidator(None))(obj)
    line = _ENCODER.encode(obj).encode("utf-8") + b"\n"
    if len(line) > MAX_LINE_BYTES:
        raise ChangeInvalid([f"baris lebih dari {MAX_LINE_BYTES} bita"])
    return line


def change_from_trusted(obj: dict[str, Any]) -> Change:
    """Rebuild a change from a line this process has already validated (second pass)."""
    return Change(
        obj["change_id"], obj["table"], obj["uid"], obj["op"], obj["rev"], obj["base_rev"],
        obj["at"], obj["by"], obj["fields"], obj["base"],
    )  # fmt: skip
