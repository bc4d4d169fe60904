"""Outgoing letter numbers (nomor surat) built from a configurable pattern.

An Indonesian office numbers letters ``kode klasifikasi/urut/unit/bulan Romawi/tahun``, for
example ``460/007/2001/XI/2026`` (460 = SOSIAL in the Kemendagri archive classification that
OpenSID still seeds). Regions use different codes and orders (Permendagri 83/2022 brought
``400.9.1``-style codes), so the pattern is a setting, not code.

Pattern syntax: literal text plus tokens in braces. Known tokens:

* ``{kode}``          classification code, e.g. ``460`` or ``400.9.1``
* ``{urut}``          running number; ``{urut:03d}`` pads with zeros to 3 digits (1–6)
* ``{unit}``          unit or village code; ``{kode_desa}`` is the same value (OpenSID name)
* ``{bulan}``         month as two digits, ``11``
* ``{bulan_romawi}``  month in Roman numerals, ``XI``
* ``{tahun}``         four-digit year

The syntax is parsed here rather than handed to ``str.format``, because a pattern typed by
an operator must never reach attribute lookups such as ``{kode.__class__}``. A pattern must
contain ``{urut}`` and ``{tahun}``: the running number restarts every year, so only both
together keep numbers unique. Allocation (one transaction, never reused) is the referral
service's job; this module only formats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.i18n import N_, _

DEFAULT_PATTERN = "{kode}/{urut:03d}/{unit}/{bulan_romawi}/{tahun}"
DEFAULT_KODE = "460"  # SOSIAL
MAX_PATTERN_LENGTH = 80
MAX_NUMBER_LENGTH = 60
MAX_WIDTH = 6

TOKENS: dict[str, str] = {
    "kode": "kode klasifikasi surat",
    "urut": "nomor urut",
    "unit": "kode unit/desa",
    "kode_desa": "kode unit/desa",
    "bulan": "bulan (dua angka)",
    "bulan_romawi": "bulan dalam angka Romawi",
    "tahun": "tahun (empat angka)",
}
REQUIRED_TOKENS = ("urut", "tahun")

# Literals and values stay in a small ASCII set: letter numbers go into the QR payload, file
# names and spreadsheets, where spaces, ``*`` or non-ASCII letters cause trouble.
_LITERAL = re.compile(r"[A-Za-z0-9/.\-_]+")
_VALUE = re.compile(r"[A-Za-z0-9.\-_]+")
_PIECE = re.compile(r"\{([^{}]*)\}|([^{}]+)|([{}])")
_TOKEN = re.compile(r"([a-z_]+)(?::0?([0-9]{1,3})d)?")
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


@dataclass(frozen=True, slots=True)
class _Token:
    name: str
    width: int = 0


_Piece = str | _Token


def roman_month(month: int) -> str:
    """``11`` → ``"XI"``: the month as it appears in Indonesian letter numbers."""
    if not isinstance(month, int) or isinstance(month, bool) or not 1 <= month <= 12:
        raise ValueError(f"bulan harus 1-12, bukan {month!r}")
    return _ROMAN[month - 1]


def _parse(pattern: str) -> tuple[list[_Piece], list[str]]:
    """Split ``pattern`` into literals and tokens, collecting every problem found."""
    pieces: list[_Piece] = []
    errors: list[str] = []
    for match in _PIECE.finditer(pattern):
        body, literal, stray = match.groups()
        if stray is not None:
            errors.append(_("Kurung kurawal '{brace}' tidak berpasangan.").format(brace=stray))
        elif literal is not None:
            if not _LITERAL.fullmatch(literal):
                errors.append(
                    _(
                        "Teks '{text}' berisi karakter yang tidak diizinkan; gunakan hanya "
                        "huruf, angka, garis miring (/), titik, tanda hubung atau garis bawah."
                    ).format(text=literal)
                )
            pieces.append(literal)
        else:
            token = _TOKEN.fullmatch(body)
            if token is None or token.group(1) not in TOKENS:
                known = ", ".join(f"{{{name}}}" for name in TOKENS)
                errors.append(
                    _("Penanda {token} tidak dikenal. Penanda yang boleh: {known}.").format(
                        token=f"{{{body}}}", known=known
                    )
                )
                continue
            name, width = token.group(1), token.group(2)
            digits = int(width) if width is not None else 0
            if width is not None and name != "urut":
                errors.append(
                    _("Lebar angka hanya boleh untuk {urut}, bukan {token}.").format(
                        urut="{urut}", token=f"{{{name}}}"
                    )
                )
            elif width is not None and not 1 <= digits <= MAX_WIDTH:
                errors.append(
                    _("Lebar nomor urut harus 1 sampai {maximum} angka.").format(maximum=MAX_WIDTH)
                )
            pieces.append(_Token(name, digits))
    return pieces, errors


def validate_pattern(pattern: str) -> list[str]:
    """Indonesian messages for everything wrong with ``pattern``; empty when usable."""
    if not isinstance(pattern, str) or not pattern.strip():
        return [_("Pola nomor surat belum diisi.")]
    if len(pattern) > MAX_PATTERN_LENGTH:
        return [
            _("Pola nomor surat terlalu panjang (maksimal {maximum} karakter).").format(
                maximum=MAX_PATTERN_LENGTH
            )
        ]
    pieces, errors = _parse(pattern)
    names = {piece.name for piece in pieces if isinstance(piece, _Token)}
    for required in REQUIRED_TOKENS:
        if required not in names:
            errors.append(
                _(
                    "Pola harus memuat {token} agar nomor surat tidak pernah sama "
                    "(nomor urut dimulai lagi setiap tahun)."
                ).format(token=f"{{{required}}}")
            )
    return errors


_INVALID_VALUE = {
    "kode": N_(
        "Kode klasifikasi surat '{value}' tidak sah untuk nomor surat: isi dengan huruf, "
        "angka, titik, tanda hubung atau garis bawah, tanpa spasi."
    ),
    "unit": N_(
        "Kode unit/desa '{value}' tidak sah untuk nomor surat: isi dengan huruf, angka, "
        "titik, tanda hubung atau garis bawah, tanpa spasi."
    ),
}
"""Whole sentences per value (``kode``/``unit``), so translators never see fragments."""


def _check_value(token: str, value: str) -> str:
    value = value.strip() if isinstance(value, str) else ""
    if not _VALUE.fullmatch(value):
        raise UserError(_(_INVALID_VALUE[token]).format(value=value))
    return value


def format_letter_number(pattern: str, kode: str, urut: int, unit: str, issued: date) -> str:
    """``460/007/2001/XI/2026`` from the pattern and the allocated running number.

    An invalid pattern or value is a :class:`UserError` (the operator typed it in the
    settings); a running number below 1 is a programming error.
    """
    errors = validate_pattern(pattern)
    if errors:
        problems = " ".join(errors)
        raise UserError(_("Pola nomor surat tidak sah: {problems}").format(problems=problems))
    if not isinstance(urut, int) or isinstance(urut, bool) or urut < 1:
        raise ValueError(f"nomor urut harus bilangan bulat >= 1, bukan {urut!r}")
    pieces, _errors = _parse(pattern)
    names = {piece.name for piece in pieces if isinstance(piece, _Token)}
    values = {
        "urut": "",
        "bulan": f"{issued.month:02d}",
        "bulan_romawi": roman_month(issued.month),
        "tahun": f"{issued.year:04d}",
    }
    if "kode" in names:
        values["kode"] = _check_value("kode", kode)
    if names & {"unit", "kode_desa"}:
        values["unit"] = values["kode_desa"] = _check_value("unit", unit)
    parts = [
        piece
        if isinstance(piece, str)
        else f"{urut:0{piece.width}d}"
        if piece.name == "urut"
        else values[piece.name]
        for piece in pieces
    ]
    number = "".join(parts)
    if len(number) > MAX_NUMBER_LENGTH:
        raise UserError(
            _(
                "Nomor surat {number} terlalu panjang (maksimal {maximum} karakter). "
                "Perpendek kode atau pola nomor surat."
            ).format(number=number, maximum=MAX_NUMBER_LENGTH)
        )
    return number
