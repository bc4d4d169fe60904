"""Default letterhead (kop surat) lines from the region names.

Village letters read ``PEMERINTAH KABUPATEN X`` / ``KECAMATAN Y`` / ``DESA Z``; the district
office reads ``PEMERINTAH KABUPATEN X`` / ``DINAS SOSIAL``. The operator may edit them.
"""

from __future__ import annotations

from dataclasses import dataclass

from puskesos_desktop.domain.wilayah import Tingkat


@dataclass(frozen=True)
class Kop:
    instansi: str
    unit: str
    nama: str


def default_kop(
    mode: str,
    nama_kabupaten: str,
    nama_kecamatan: str,
    nama_desa: str,
    tingkat_desa: Tingkat | None,
) -> Kop:
    """``nama_kabupaten`` carries its prefix as published ("Kabupaten Jepara", "Kota Semarang")."""
    instansi = f"PEMERINTAH {nama_kabupaten.upper()}"
    if mode == "dinas":
        return Kop(instansi=instansi, unit="", nama="DINAS SOSIAL")
    kind = "KELURAHAN" if tingkat_desa == Tingkat.KELURAHAN else "DESA"
    return Kop(
        instansi=instansi,
        unit=f"KECAMATAN {nama_kecamatan.upper()}",
        nama=f"{kind} {nama_desa.upper()}",
    )
