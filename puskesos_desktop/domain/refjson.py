"""Reading a reference JSON file so that every error names the file and the LINE.

Reference files (``resources/referensi/*.json``) are regulations kept as data: a district IT
person may edit them when a Permensos changes. When they get something wrong the message has
to lead them to the exact spot, so both kinds of error carry a line number:

* syntax errors come straight from :class:`json.JSONDecodeError` (``lineno``);
* semantic errors (unknown code, duplicate, missing field, wrong type) are found on the
  already-decoded data, so we re-scan the text once, *only when an error is raised*, to map
  each JSON path (``("layanan", 2, "ppks", 0)``) to the line where it starts.

Standard library only, no file I/O: callers hand in text or bytes plus the file name.
"""

from __future__ import annotations

import json
import re
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any, NoReturn

from puskesos_desktop.domain.errors import UserError

__all__ = [
    "JsonPath",
    "Node",
    "RefDoc",
    "ReferenceFileError",
    "load_document",
    "raise_at",
    "unique_codes",
]

JsonPath = tuple[str | int, ...]

_VERSION = re.compile(r"^\d{4}\.\d+$")
_CODE = re.compile(r"^[A-Za-z0-9_]+$")
_WS = re.compile(r"[ \t\n\r]*")
_SCALAR = re.compile(r"-?(?:Infinity|NaN|\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|true|false|null")

# json's messages are English; the reader of ours is an operator or district IT person.
_SYNTAX_HINTS = {
    "Expecting ',' delimiter": "kurang tanda koma (,) di antara dua isian",
    "Expecting ':' delimiter": "kurang tanda titik dua (:) setelah nama kunci",
    "Expecting value": "nilai kosong atau tidak sah (misalnya koma berlebih sebelum ] atau })",
    "Expecting property name enclosed in double quotes": (
        'nama kunci harus diapit tanda kutip ganda ("..."), atau ada koma berlebih'
    ),
    "Unterminated string starting at": "teks tidak ditutup dengan tanda kutip ganda",
    "Invalid control character at": "ada karakter kontrol (misalnya tab/baris baru) di dalam teks",
    "Invalid \\escape": "urutan garis miring terbalik (\\) tidak sah",
    "Extra data": "ada isi berlebih setelah akhir data",
}
_SUFFIX = "Perbaiki berkas atau pasang ulang aplikasi."


class RefDoc:
    """One decoded file: its name and text, and the path→line map built on first need."""

    def __init__(self, file_name: str, text: str) -> None:
        self.file_name = file_name
        self.text = text
        self._lines: dict[JsonPath, int] | None = None
        self._duplicate_keys: list[tuple[JsonPath, int]] = []

    def line_of(self, path: JsonPath) -> int:
        """Line where the value at ``path`` (or its nearest existing ancestor) starts."""
        if self._lines is None:
            self._lines = self._scan()
        probe = path
        while probe not in self._lines and probe:
            probe = probe[:-1]
        return self._lines.get(probe, 1)

    def fail(self, path: JsonPath, message: str) -> NoReturn:
        raise_at(self.file_name, self.line_of(path), message)

    def first_duplicate_key(self) -> tuple[JsonPath, int] | None:
        if self._lines is None:
            self._lines = self._scan()
        return self._duplicate_keys[0] if self._duplicate_keys else None

    def _scan(self) -> dict[JsonPath, int]:
        """Walk the (already valid) text and record where every value and key begins."""
        text = self.text
        offsets: dict[JsonPath, int] = {}

        def skip(pos: int) -> int:
            match = _WS.match(text, pos)
            return match.end() if match else pos

        def value(pos: int, path: JsonPath) -> int:
            pos = skip(pos)
            offsets.setdefault(path, pos)
            char = text[pos]
            if char == "{":
                seen: set[str] = set()
                pos = skip(pos + 1)
                if text[pos] == "}":
                    return pos + 1
                while True:
                    key_start = skip(pos)
                    key, pos = scanstring(text, key_start + 1)
                    if key in seen:
                        self._duplicate_keys.append(((*path, key), key_start))
                    seen.add(key)
                    offsets.setdefault((*path, key), key_start)
                    pos = skip(pos) + 1  # the ':'
                    pos = skip(value(pos, (*path, key)))
                    if text[pos] == "}":
                        return pos + 1
                    pos += 1  # the ','
            if char == "[":
                pos = skip(pos + 1)
                if text[pos] == "]":
                    return pos + 1
                index = 0
                while True:
                    pos = skip(value(pos, (*path, index)))
                    index += 1
                    if text[pos] == "]":
                        return pos + 1
                    pos += 1
            if char == '"':
                return int(scanstring(text, pos + 1)[1])
            match = _SCALAR.match(text, pos)
            return match.end() if match else pos + 1

        value(0, ())
        self._duplicate_keys = [
            (path, text.count("\n", 0, offset) + 1) for path, offset in self._duplicate_keys
        ]
        return {path: text.count("\n", 0, offset) + 1 for path, offset in offsets.items()}


def raise_at(file_name: str, line: int, message: str) -> NoReturn:
    """The one message shape for every reference-file error."""
    raise ReferenceFileError(
        f"Berkas referensi {file_name} baris {line}: {message}. {_SUFFIX}", line
    )


class ReferenceFileError(UserError):
    """A :class:`UserError` that also remembers the line (tests and the log use it)."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


def _decode(data: str | bytes, file_name: str) -> str:
    if isinstance(data, bytes):
        try:
            return data.decode("utf-8-sig")  # Notepad on Windows may add a BOM
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise_at(file_name, line, "berkas bukan teks UTF-8 (simpan ulang sebagai UTF-8)")
    return data.removeprefix("\ufeff")


def load_document(data: str | bytes, file_name: str) -> Node:
    """Decode and parse; return the root node (always an object with ``versi``/``sumber``)."""
    text = _decode(data, file_name)
    duplicate = False

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal duplicate
        result = dict(items)
        duplicate = duplicate or len(result) != len(items)
        return result

    try:
        value = json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as error:
        hint = next((v for k, v in _SYNTAX_HINTS.items() if error.msg.startswith(k)), error.msg)
        raise_at(file_name, error.lineno, f"format JSON rusak di kolom {error.colno}: {hint}")
    doc = RefDoc(file_name, text)
    if duplicate:
        found = doc.first_duplicate_key()
        path, line = found if found else ((), 1)
        raise_at(file_name, line, f"kunci '{path[-1] if path else ''}' tertulis dua kali")
    root = Node(doc, (), value)
    root.as_object()
    versi = root.text("versi")
    if not _VERSION.match(versi):
        root.field("versi").fail(f"versi '{versi}' harus berbentuk TAHUN.NOMOR, misalnya 2026.1")
    if not root.text_list("sumber"):
        root.field("sumber").fail("daftar 'sumber' tidak boleh kosong")
    root.text_list("unverified")  # allowed in every file: notes on what is not yet verified
    return root


_TYPE_NAMES = {
    dict: "objek {…}",
    list: "daftar […]",
    str: "teks",
    int: "bilangan bulat",
    float: "bilangan",
    bool: "true/false",
}


class Node:
    """A value inside a reference file plus its path, so any complaint can point at it.

    Object nodes remember which keys were read; :meth:`finish` rejects the rest, because a
    mistyped optional key (``"unverifed"``) would otherwise be silently ignored. Keys
    ``catatan`` and anything starting with ``_`` are free-form comments.
    """

    def __init__(self, doc: RefDoc, path: JsonPath, value: Any) -> None:
        self.doc = doc
        self.path = path
        self.value = value
        self._used: set[str] = set()

    # -- errors ---------------------------------------------------------------------------
    def fail(self, message: str) -> NoReturn:
        self.doc.fail(self.path, message)

    @property
    def line(self) -> int:
        return self.doc.line_of(self.path)

    @property
    def where(self) -> str:
        """Human name of this spot, e.g. ``'kode'`` or ``ppks[3]``."""
        last = self.path[-1] if self.path else ""
        return f"'{last}'" if isinstance(last, str) else f"isian ke-{int(last) + 1}"

    def _expect(self, kind: type | tuple[type, ...], name: str) -> None:
        ok = isinstance(self.value, kind) and not (
            isinstance(self.value, bool)
            and bool not in (kind if isinstance(kind, tuple) else (kind,))
        )
        if not ok:
            got = _TYPE_NAMES.get(type(self.value), "null" if self.value is None else "?")
            self.fail(f"{self.where} harus berupa {name}, bukan {got}")

    # -- self as a type -------------------------------------------------------------------
    def as_object(self) -> dict[str, Any]:
        self._expect(dict, "objek {…}")
        return dict(self.value)

    def as_list(self) -> list[Node]:
        self._expect(list, "daftar […]")
        return [Node(self.doc, (*self.path, i), item) for i, item in enumerate(self.value)]

    def as_text(self) -> str:
        self._expect(str, "teks")
        if not self.value.strip():
            self.fail(f"{self.where} tidak boleh kosong")
        return str(self.value).strip()

    def as_int(self) -> int:
        self._expect(int, "bilangan bulat")
        return int(self.value)

    def as_number(self) -> float | int:
        self._expect((int, float), "bilangan")
        return self.value  # type: ignore[no-any-return]

    def as_bool(self) -> bool:
        self._expect(bool, "true atau false")
        return bool(self.value)

    # -- object members -------------------------------------------------------------------
    def has(self, key: str) -> bool:
        return key in self.as_object()

    def field(self, key: str) -> Node:
        members = self.as_object()
        if key not in members:
            self.fail(f"kolom '{key}' wajib ada")
        self._used.add(key)
        return Node(self.doc, (*self.path, key), members[key])

    def optional(self, key: str) -> Node | None:
        return self.field(key) if self.has(key) else None

    def text(self, key: str) -> str:
        return self.field(key).as_text()

    def code(self, key: str = "kode") -> str:
        """A code: letters, digits and underscores only, so it is safe in exports and rules."""
        code_node = self.field(key)
        code = code_node.as_text()
        if not _CODE.match(code):
            code_node.fail(f"kode '{code}' hanya boleh berisi huruf, angka dan garis bawah")
        return code

    def opt_text(self, key: str, default: str = "") -> str:
        node = self.optional(key)
        return node.as_text() if node else default

    def integer(self, key: str) -> int:
        return self.field(key).as_int()

    def opt_int(self, key: str) -> int | None:
        node = self.optional(key)
        return node.as_int() if node else None

    def flag(self, key: str) -> bool:
        node = self.optional(key)
        return node.as_bool() if node else False

    def items(self, key: str, *, non_empty: bool = True) -> list[Node]:
        node = self.field(key)
        children = node.as_list()
        if non_empty and not children:
            node.fail(f"daftar '{key}' tidak boleh kosong")
        return children

    def text_list(self, key: str) -> tuple[str, ...]:
        node = self.optional(key)
        return tuple(child.as_text() for child in node.as_list()) if node else ()

    def finish(self) -> None:
        """Reject keys nobody read (typos), except comments."""
        for key in self.as_object():
            if key not in self._used and key != "catatan" and not key.startswith("_"):
                Node(self.doc, (*self.path, key), None).fail(f"kolom '{key}' tidak dikenal")


def unique_codes(nodes: list[Node], key: str, what: str) -> None:
    """Each node's ``key`` must be unique; the second occurrence is the one reported."""
    seen: dict[str, Node] = {}
    for node in nodes:
        code_node = node.field(key)
        code = str(code_node.value)
        if code in seen:
            code_node.fail(f"{what} '{code}' ganda (sudah dipakai di baris {seen[code].line})")
        seen[code] = code_node
