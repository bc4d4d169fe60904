"""NIK and No. KK rules: the one place that knows what these 16-digit numbers look like.

Forms, the list importer and the bundle reader all call this module, so a rule changes
in one place only. Standard library only; no I/O.

Layout of both numbers (domain brief §7)::

    NIK    PP KK CC DDMMYY SSSS   region of FIRST registration, birth date (women: day+40),
                                  serial from 0001
    No. KK PP KK CC DDMMYY SSSS   issuing region, date of recording, family serial

What this module can and cannot do:

* It catches numbers that cannot be real (wrong length, impossible date part, serial
  0000, placeholder numbers such as ``1111111111111111``) and numbers Excel has mangled.
* It cannot catch typos: a NIK has no check digit, so a mistyped but well-formed NIK
  passes. Only comparing with the KTP/KK catches those.
* Facts that real, valid NIKs contradict (unknown region code after a region split,
  birth date or sex differing from the person's data) are WARNINGS and never block:
  Dukcapil never reissues a NIK because its date part is wrong.

Temporary NIK (NIK sementara) — people with no NIK yet (homeless, unregistered,
Komunitas Adat Terpencil, newborns) still need help today. OpenSID gives them a number
``0`` + 10-digit village code + 5-digit serial. Real NIKs never start with ``0``
(province codes are 11–99), so any 16-digit number starting with ``0`` is temporary.
We issue ours in the same shape, see :func:`make_temporary_nik`.
"""

from __future__ import annotations

import calendar
import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from enum import Enum

__all__ = [
    "Finding",
    "NikBirthInfo",
    "Severity",
    "check_nik",
    "check_no_kk",
    "clean_nik_input",
    "clean_no_kk_input",
    "is_blocking",
    "is_temporary_nik",
    "is_temporary_no_kk",
    "make_nik",
    "make_temporary_nik",
    "nik_birth_info",
    "normalise_nik",
    "possible_birth_dates",
    "region_code_of",
]

NUMBER_LENGTH = 16
"""Both NIK and No. KK are exactly 16 digits."""

WOMAN_DAY_OFFSET = 40
"""Dukcapil adds 40 to the day of birth of women, so 41–71 means a woman born on 1–31."""

TEMPORARY_VILLAGE_PART = "0000"
"""Village part of the temporary numbers this app issues.

Real village codes are ``1xxx`` (kelurahan) or ``2xxx`` (desa), and OpenSID writes the
real village code into its temporary numbers, so ``0000`` can never collide with a
temporary number made by OpenSID, nor with a real NIK (which never starts with ``0``).
"""

MAX_TEMPORARY_SERIAL = 99_999

KnownRegion = Callable[[str], bool]
"""Callback answering "is this dotted kecamatan code (``PP.KK.CC``) in our region table?"."""

_ASCII_DIGITS = frozenset("0123456789")
# Spreadsheets write long numbers as e.g. 3.32E+15 (or 3,32E+15 in Indonesian locale).
_SCIENTIFIC = re.compile(r"^[0-9]+(?:[.,][0-9]*)?[eE][+-]?[0-9]+$")
# A numeric cell read back as a float prints as 3320010101900001.0.
_FLOAT_TAIL = re.compile(r"^[0-9]+[.,]0+$")
_LEADING_QUOTES = "'‘’`´"
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)


class Severity(Enum):
    """ERROR blocks saving or importing the number; WARNING is shown but never blocks."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One thing wrong with a number.

    ``code`` is stable (tests, logs, import reports); ``message`` is Indonesian text for
    the operator saying what is wrong and what to do about it.
    """

    code: str
    severity: Severity
    message: str


@dataclass(frozen=True)
class NikBirthInfo:
    """What the date part of a NIK says. ``year2`` has no century (``87`` = 1987 or 2087)."""

    day: int
    month: int
    year2: int
    sex: str  # "L" (laki-laki) or "P" (perempuan)


@dataclass(frozen=True)
class _Kind:
    """Wording and codes that differ between NIK and No. KK checks."""

    label: str  # as shown to the operator
    prefix: str  # code prefix
    document: str  # where the operator can look the number up


_NIK = _Kind("NIK", "NIK", "KTP atau Kartu Keluarga")
_KK = _Kind("No. KK", "NO_KK", "Kartu Keluarga")


# --------------------------------------------------------------------------- helpers


def is_blocking(findings: Iterable[Finding]) -> bool:
    """True when any finding is an ERROR, i.e. the number must not be saved as it is."""
    return any(f.severity is Severity.ERROR for f in findings)


def _error(kind: _Kind, code: str, message: str) -> Finding:
    return Finding(f"{kind.prefix}_{code}", Severity.ERROR, message)


def _warning(kind: _Kind, code: str, message: str) -> Finding:
    return Finding(f"{kind.prefix}_{code}", Severity.WARNING, message)


def _is_digits(text: str) -> bool:
    """ASCII digits only: ``str.isdigit`` would also accept e.g. Arabic-Indic digits."""
    return bool(text) and all(c in _ASCII_DIGITS for c in text)


def _years_for(year2: int) -> tuple[int, int]:
    """The two centuries a two-digit year can mean for living people."""
    return 1900 + year2, 2000 + year2


def _date_exists(day: int, month: int, year2: int) -> bool:
    """True if DD-MM-YY is a real date in 19YY or 20YY.

    The century is unknown, so 29 February is accepted when either reading is a leap
    year (``00`` counts, because 2000 was one).
    """
    if not 1 <= month <= 12:
        return False
    return any(1 <= day <= calendar.monthrange(y, month)[1] for y in _years_for(year2))


def _looks_fake(digits: str) -> bool:
    """Placeholder numbers typed when the real one was unknown.

    Catches one digit repeated (``1111…``, ``0000…``), two digits alternating
    (``1212…``) and whole ascending or descending runs (``1234567890123456``,
    ``9876543210987654``). Deliberately narrow: a real NIK must never be refused.
    """
    if len(set(digits[0::2])) == 1 and len(set(digits[1::2])) == 1:
        return True
    steps = {(int(b) - int(a)) % 10 for a, b in itertools.pairwise(digits)}
    return steps in ({1}, {9})


def _dotted(region6: str) -> str:
    return f"{region6[0:2]}.{region6[2:4]}.{region6[4:6]}"


def _describe_bad_chars(text: str) -> str:
    bad = sorted({c for c in text if c not in _ASCII_DIGITS})
    shown = ["spasi" if c.isspace() else f"“{c}”" for c in bad[:5]]
    return ", ".join(shown)


# --------------------------------------------------------------------------- cleaning


def _clean_input(text: str, kind: _Kind) -> tuple[str, list[Finding]]:
    """Undo what spreadsheets and copy-paste do to 16-digit numbers.

    Removes surrounding and internal spaces (also non-breaking and invisible ones) and the
    leading apostrophe Excel uses to force text. Refuses numbers that went through a
    numeric cell: Excel keeps only 15 significant digits, so the last digit is already
    gone and guessing it would invent a NIK that belongs to someone else.
    """
    cleaned = text.translate(_INVISIBLE).strip()
    cleaned = cleaned.lstrip(_LEADING_QUOTES)
    cleaned = "".join(cleaned.split())
    if _SCIENTIFIC.match(cleaned):
        return cleaned, [_excel_damage(kind, text.strip(), scientific=True)]
    if _FLOAT_TAIL.match(cleaned):
        return cleaned, [_excel_damage(kind, text.strip(), scientific=False)]
    return cleaned, []


def _excel_damage(kind: _Kind, shown: str, *, scientific: bool) -> Finding:
    how = (
        f"tertulis sebagai angka ilmiah ({shown}), sehingga angka-angka terakhirnya sudah hilang"
        if scientific
        else f"tersimpan sebagai bilangan, bukan teks ({shown}), sehingga angka terakhirnya "
        f"kemungkinan besar sudah berubah"
    )
    return _error(
        kind,
        "RUSAK_EXCEL",
        f"{kind.label} {how}. "
        f"Excel hanya menyimpan 15 angka dari sebuah bilangan. Di Excel, ubah format kolom "
        f"{kind.label} menjadi Teks (klik kanan kolom > Format Cells > Text), salin ulang "
        f"{kind.label} dari sumber aslinya atau ketik ulang sesuai {kind.document}, "
        f"lalu simpan dan ekspor ulang berkasnya.",
    )


def clean_nik_input(text: str) -> tuple[str, list[Finding]]:
    """Clean a NIK typed, pasted or imported from a spreadsheet.

    Returns the cleaned text and an ERROR ``NIK_RUSAK_EXCEL`` if the value was mangled by
    a numeric spreadsheet cell. Run :func:`check_nik` on the cleaned text afterwards.
    """
    return _clean_input(text, _NIK)


def clean_no_kk_input(text: str) -> tuple[str, list[Finding]]:
    """Same as :func:`clean_nik_input` for a No. KK (error code ``NO_KK_RUSAK_EXCEL``)."""
    return _clean_input(text, _KK)


def normalise_nik(text: str) -> str:
    """Cleaned NIK text only; use :func:`clean_nik_input` when Excel damage must be reported."""
    return clean_nik_input(text)[0]


# --------------------------------------------------------------------------- shared checks


def _check_shape(text: str, kind: _Kind) -> list[Finding]:
    """Empty, non-digit and length problems; any of them stops further checking."""
    if not text:
        return [
            _error(
                kind,
                "KOSONG",
                f"{kind.label} belum diisi. Ketik 16 angka {kind.label} sesuai {kind.document}.",
            )
        ]
    findings: list[Finding] = []
    if not _is_digits(text):
        findings.append(
            _error(
                kind,
                "BUKAN_ANGKA",
                f"{kind.label} hanya boleh berisi angka, tetapi ada tanda lain: "
                f"{_describe_bad_chars(text)}. Hapus tanda itu dan ketik 16 angka "
                f"{kind.label} sesuai {kind.document}.",
            )
        )
    if len(text) != NUMBER_LENGTH:
        findings.append(
            _error(
                kind,
                "PANJANG",
                f"{kind.label} harus 16 angka, yang diisi {len(text)} tanda. Periksa apakah "
                f"ada angka yang terlewat atau berlebih dengan mencocokkan {kind.document}.",
            )
        )
    return findings


def _fake_finding(digits: str, kind: _Kind) -> Finding:
    return _error(
        kind,
        "PALSU",
        f"{kind.label} {digits} tampaknya bukan nomor sungguhan (angkanya sama semua, "
        f"berselang-seling, atau berurutan). Tanyakan {kind.label} yang benar dari "
        f"{kind.document}. Jika warga belum punya {kind.label}, buatkan {kind.label} sementara.",
    )


def _temporary_finding(kind: _Kind) -> Finding:
    return _warning(
        kind,
        "SEMENTARA",
        f"Ini {kind.label} sementara (diawali angka 0), bukan {kind.label} dari Dukcapil. "
        f"Data boleh disimpan, tetapi bantu warga mengurus {kind.label} ke Dukcapil dan "
        f"ganti nomor sementara ini setelah {kind.label} asli terbit.",
    )


def _check_region(digits: str, kind: _Kind, known_region: KnownRegion | None) -> list[Finding]:
    """Region part: malformed codes are errors, unknown ones only warnings.

    Region codes change when regions split (e.g. the Papua provinces of 2022) but a NIK
    keeps the code of first registration, so an unknown code must not refuse a person.
    """
    findings: list[Finding] = []
    province, regency, district = digits[0:2], digits[2:4], digits[4:6]
    fix = f"Cocokkan kembali dengan {kind.document}."
    if int(province) < 11:
        findings.append(
            _error(
                kind,
                "PROVINSI_SALAH",
                f"Dua angka pertama {kind.label} ({province}) adalah kode provinsi dan harus "
                f"antara 11 dan 99. {fix}",
            )
        )
    if regency == "00":
        findings.append(
            _error(
                kind,
                "KABUPATEN_SALAH",
                f"Angka ke-3 dan ke-4 {kind.label} adalah kode kabupaten/kota dan tidak "
                f"boleh 00. {fix}",
            )
        )
    if district == "00":
        findings.append(
            _error(
                kind,
                "KECAMATAN_SALAH",
                f"Angka ke-5 dan ke-6 {kind.label} adalah kode kecamatan dan tidak boleh 00. {fix}",
            )
        )
    if not findings and known_region is not None and not known_region(_dotted(digits)):
        findings.append(
            _warning(
                kind,
                "WILAYAH_TIDAK_DIKENAL",
                f"Kode wilayah {kind.label} ({_dotted(digits)}) tidak ada dalam daftar "
                f"wilayah yang dipakai aplikasi. Ini wajar untuk nomor lama yang dibuat "
                f"sebelum pemekaran wilayah, jadi data tetap boleh disimpan. Pastikan saja "
                f"angkanya sudah sesuai {kind.document}.",
            )
        )
    return findings


def _check_serial(digits: str, kind: _Kind) -> list[Finding]:
    if digits[12:] != "0000":
        return []
    return [
        _error(
            kind,
            "NOMOR_URUT_SALAH",
            f"Empat angka terakhir {kind.label} (nomor urut) tidak boleh 0000; nomor urut "
            f"dimulai dari 0001. Cocokkan kembali dengan {kind.document}.",
        )
    ]


# --------------------------------------------------------------------------- NIK


def _check_nik_date(digits: str) -> list[Finding]:
    """Date part DDMMYY, women's day +40; it must be a real date in 19YY or 20YY.

    Day or month ``00`` is refused. The domain brief mentions such NIKs as an unverified
    edge case; if real ones turn up, this is the one place to relax into a warning.
    """
    dd, mm, yy = digits[6:8], digits[8:10], digits[10:12]
    raw_day, month, year2 = int(dd), int(mm), int(yy)
    fix = "Periksa kembali angka NIK dengan KTP atau Kartu Keluarga."
    findings: list[Finding] = []
    if not (1 <= raw_day <= 31 or 41 <= raw_day <= 71):
        findings.append(
            _error(
                _NIK,
                "TANGGAL_SALAH",
                f"Angka ke-7 dan ke-8 NIK ({dd}) adalah tanggal lahir: 01–31 untuk "
                f"laki-laki, atau 41–71 untuk perempuan (tanggal lahir ditambah 40). {fix}",
            )
        )
    if not 1 <= month <= 12:
        findings.append(
            _error(
                _NIK,
                "BULAN_SALAH",
                f"Angka ke-9 dan ke-10 NIK ({mm}) adalah bulan lahir dan harus 01–12. {fix}",
            )
        )
    if findings:
        return findings
    day = raw_day - WOMAN_DAY_OFFSET if raw_day > 31 else raw_day
    if not _date_exists(day, month, year2):
        findings.append(
            _error(
                _NIK,
                "TANGGAL_TIDAK_ADA",
                f"Tanggal lahir di dalam NIK ({day:02d}-{mm}-{yy}) tidak ada di kalender. {fix}",
            )
        )
    return findings


def nik_birth_info(nik: str) -> NikBirthInfo | None:
    """Decode the date part of a real NIK; None if it is not a usable, real-shaped NIK.

    Temporary NIKs carry no birth date, so they give None too.
    """
    digits = nik.strip()
    if not _is_digits(digits) or len(digits) != NUMBER_LENGTH or digits[0] == "0":
        return None
    raw_day, month, year2 = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    if 1 <= raw_day <= 31:
        day, sex = raw_day, "L"
    elif 41 <= raw_day <= 71:
        day, sex = raw_day - WOMAN_DAY_OFFSET, "P"
    else:
        return None
    if not _date_exists(day, month, year2):
        return None
    return NikBirthInfo(day=day, month=month, year2=year2, sex=sex)


def possible_birth_dates(nik: str, today: date) -> list[date]:
    """Birth dates the NIK can mean (19YY and/or 20YY, not after ``today``), oldest first.

    The NIK has no century, so a form can offer these as suggestions; it must not pick one
    silently (a 1925 and a 2025 birth look the same).
    """
    info = nik_birth_info(nik)
    if info is None:
        return []
    candidates: list[date] = []
    for year in _years_for(info.year2):
        try:
            candidate = date(year, info.month, info.day)
        except ValueError:  # 29 February in a non-leap reading
            continue
        if candidate <= today:
            candidates.append(candidate)
    return candidates


def _normalise_sex(sex: str) -> str:
    value = sex.strip().upper()
    if value not in ("L", "P"):
        raise ValueError(f"sex must be 'L' or 'P', got {sex!r}")
    return value


def _sex_word(sex: str) -> str:
    return "perempuan" if sex == "P" else "laki-laki"


def _check_against_person(
    info: NikBirthInfo, birth_date: date | None, sex: str | None
) -> list[Finding]:
    """Compare the NIK with the person's own data. Only warnings: NIKs are never reissued."""
    findings: list[Finding] = []
    nik_date = f"{info.day:02d}-{info.month:02d}-{info.year2:02d}"
    if birth_date is not None and (info.day, info.month, info.year2) != (
        birth_date.day,
        birth_date.month,
        birth_date.year % 100,
    ):
        findings.append(
            Finding(
                "NIK_TANGGAL_BEDA",
                Severity.WARNING,
                f"Tanggal lahir di dalam NIK ({nik_date}) berbeda dengan tanggal lahir yang "
                f"diisi ({birth_date:%d-%m-%Y}). Hal ini memang bisa terjadi dan NIK tidak "
                f"diganti karenanya, jadi data tetap boleh disimpan. Periksa sekali lagi "
                f"bahwa NIK dan tanggal lahir sudah diketik sesuai KTP atau Kartu Keluarga.",
            )
        )
    if sex is not None and _normalise_sex(sex) != info.sex:
        hint = "ditambah 40" if info.sex == "P" else "tidak ditambah 40"
        findings.append(
            Finding(
                "NIK_JENIS_KELAMIN_BEDA",
                Severity.WARNING,
                f"Menurut NIK, pemiliknya {_sex_word(info.sex)} (tanggal di NIK {hint}), "
                f"tetapi jenis kelamin yang diisi {_sex_word(_normalise_sex(sex))}. Periksa "
                f"kembali jenis kelamin dan NIK sesuai KTP atau Kartu Keluarga; jika "
                f"keduanya sudah benar, data tetap boleh disimpan.",
            )
        )
    return findings


def check_nik(
    nik: str,
    *,
    known_region: KnownRegion | None = None,
    birth_date: date | None = None,
    sex: str | None = None,
) -> list[Finding]:
    """All findings for one NIK; empty list means nothing to report.

    Only surrounding whitespace is ignored: clean spreadsheet input with
    :func:`clean_nik_input` first. ``known_region`` gets a dotted ``PP.KK.CC`` code;
    ``birth_date`` and ``sex`` ("L"/"P") are the person's own data, compared with the NIK.
    """
    digits = nik.strip()
    findings = _check_shape(digits, _NIK)
    if findings:
        return findings
    if _looks_fake(digits):
        return [_fake_finding(digits, _NIK)]
    if digits[0] == "0":
        return [_temporary_finding(_NIK)]
    findings = _check_region(digits, _NIK, known_region)
    findings += _check_nik_date(digits)
    findings += _check_serial(digits, _NIK)
    info = nik_birth_info(digits)
    if info is not None:
        findings += _check_against_person(info, birth_date, sex)
    return sorted(findings, key=lambda f: f.severity is not Severity.ERROR)


# --------------------------------------------------------------------------- No. KK


def check_no_kk(no_kk: str, *, known_region: KnownRegion | None = None) -> list[Finding]:
    """All findings for one No. KK; same conventions as :func:`check_nik`.

    The date part is the date the family card was recorded, a plain DDMMYY (no +40).
    """
    digits = no_kk.strip()
    findings = _check_shape(digits, _KK)
    if findings:
        return findings
    if _looks_fake(digits):
        return [_fake_finding(digits, _KK)]
    if digits[0] == "0":
        return [_temporary_finding(_KK)]
    findings = _check_region(digits, _KK, known_region)
    dd, mm, yy = digits[6:8], digits[8:10], digits[10:12]
    if not _date_exists(int(dd), int(mm), int(yy)):
        findings.append(
            _error(
                _KK,
                "TANGGAL_SALAH",
                f"Angka ke-7 sampai ke-12 No. KK ({dd}-{mm}-{yy}) adalah tanggal pencatatan "
                f"dan harus tanggal yang ada di kalender. Cocokkan kembali dengan "
                f"Kartu Keluarga.",
            )
        )
    findings += _check_serial(digits, _KK)
    return sorted(findings, key=lambda f: f.severity is not Severity.ERROR)


# --------------------------------------------------------------------------- regions


def region_code_of(nik_or_kk: str) -> str:
    """Dotted kecamatan code ``PP.KK.CC`` of a NIK or No. KK (real or temporary).

    For a temporary number (``0`` + village code + serial) the region starts after the
    leading ``0``. Raises ValueError if the text is not 16 digits.
    """
    digits = nik_or_kk.strip()
    if not _is_digits(digits) or len(digits) != NUMBER_LENGTH:
        raise ValueError(f"not a 16-digit number: {nik_or_kk!r}")
    if digits[0] == "0":
        return _dotted(digits[1:7])
    return _dotted(digits[0:6])


def _region_digits(region6: str) -> str:
    """Accept ``332001`` or ``33.20.01``; refuse anything a real NIK could not start with."""
    digits = region6.strip().replace(".", "")
    if not _is_digits(digits) or len(digits) != 6:
        raise ValueError(f"region must be 6 digits (PP.KK.CC), got {region6!r}")
    if int(digits[0:2]) < 11 or digits[2:4] == "00" or digits[4:6] == "00":
        raise ValueError(f"not a valid kecamatan code: {region6!r}")
    return digits


# --------------------------------------------------------------------------- making numbers


def make_nik(region6: str, birth_date: date, sex: str, serial: int) -> str:
    """A NIK that passes :func:`check_nik` without errors, for tests and demo data.

    Raises ValueError for impossible inputs, and for the rare combinations that would
    spell a placeholder number (e.g. ``1111111111111111``), which check_nik rejects.
    """
    region = _region_digits(region6)
    if not 1 <= serial <= 9999:
        raise ValueError(f"serial must be 1..9999, got {serial}")
    day = birth_date.day + (WOMAN_DAY_OFFSET if _normalise_sex(sex) == "P" else 0)
    nik = f"{region}{day:02d}{birth_date:%m}{birth_date.year % 100:02d}{serial:04d}"
    if _looks_fake(nik):
        raise ValueError(f"these parts make a placeholder-looking (palsu) NIK: {nik}")
    return nik


def make_no_kk(region6: str, recorded: date, serial: int) -> str:
    """A No. KK that passes :func:`check_no_kk` without errors, for tests and demo data."""
    region = _region_digits(region6)
    if not 1 <= serial <= 9999:
        raise ValueError(f"serial must be 1..9999, got {serial}")
    no_kk = f"{region}{recorded:%d%m}{recorded.year % 100:02d}{serial:04d}"
    if _looks_fake(no_kk):
        raise ValueError(f"these parts make a placeholder-looking (palsu) No. KK: {no_kk}")
    return no_kk


def make_temporary_nik(region6: str, serial: int) -> str:
    """Temporary NIK issued by this app: ``0`` + PPKKCC + ``0000`` + 5-digit serial.

    Example: kecamatan 33.20.01, serial 7 -> ``0332001000000007``.

    Same shape as OpenSID's ``0`` + 10-digit village code + 5-digit serial, so the region
    stays readable by :func:`region_code_of`; the village part ``0000`` (no real village
    has it) keeps our numbers apart from OpenSID's, and the leading ``0`` keeps them apart
    from every real NIK. Deterministic: the caller owns the serial counter (1..99999).
    """
    region = _region_digits(region6)
    if not 1 <= serial <= MAX_TEMPORARY_SERIAL:
        raise ValueError(f"serial must be 1..{MAX_TEMPORARY_SERIAL}, got {serial}")
    return f"0{region}{TEMPORARY_VILLAGE_PART}{serial:05d}"


def is_temporary_nik(nik: str) -> bool:
    """True for a temporary NIK (ours or OpenSID's): 16 digits starting with ``0``.

    Placeholders such as ``0000000000000000`` are not temporary NIKs, just missing ones.
    """
    digits = nik.strip()
    return (
        _is_digits(digits)
        and len(digits) == NUMBER_LENGTH
        and digits[0] == "0"
        and not _looks_fake(digits)
    )


def is_temporary_no_kk(no_kk: str) -> bool:
    """True for a temporary No. KK; OpenSID uses the same ``0`` + village + serial shape."""
    return is_temporary_nik(no_kk)
