"""Kemendagri region codes (``PP.KK.CC.DDDD``): structure only, no data.

The level of a region follows from its code: 2 parts province, 3 parts kecamatan, and so on;
a second part of 71 or more is a kota, a village part starting with 1 a kelurahan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

_CODE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")


class Tingkat(StrEnum):
    PROVINSI = "provinsi"
    KABUPATEN = "kabupaten"
    KOTA = "kota"
    KECAMATAN = "kecamatan"
    KELURAHAN = "kelurahan"
    DESA = "desa"


@dataclass(frozen=True)
class Wilayah:
    kode: str
    nama: str

    @property
    def tingkat(self) -> Tingkat:
        return tingkat_of(self.kode)

    @property
    def parent_kode(self) -> str | None:
        return parent_code(self.kode)


def is_valid_code(kode: str) -> bool:
    return bool(_CODE.match(kode))


def tingkat_of(kode: str) -> Tingkat:
    """Level of a well-formed dotted code; raises ValueError otherwise."""
    if not is_valid_code(kode):
        raise ValueError(f"kode wilayah tidak sah: {kode!r}")
    parts = kode.split(".")
    if len(parts) == 1:
        return Tingkat.PROVINSI
    if len(parts) == 2:
        return Tingkat.KOTA if int(parts[1]) >= 71 else Tingkat.KABUPATEN
    if len(parts) == 3:
        return Tingkat.KECAMATAN
    return Tingkat.KELURAHAN if parts[3].startswith("1") else Tingkat.DESA


def parent_code(kode: str) -> str | None:
    parts = kode.split(".")
    return ".".join(parts[:-1]) if len(parts) > 1 else None


def plain_code(kode: str) -> str:
    """``33.20.01.2001`` → ``3320012001`` (the form used in desk ids and NIKs)."""
    return kode.replace(".", "")


def dotted_code(plain: str) -> str:
    """``3320012001`` → ``33.20.01.2001``; also 2, 4 and 6 digits."""
    if not plain.isdigit() or len(plain) not in (2, 4, 6, 10):
        raise ValueError(f"kode wilayah tidak sah: {plain!r}")
    parts = [plain[0:2], plain[2:4], plain[4:6], plain[6:10]]
    return ".".join(part for part in parts if part)
