"""Choice lists of assessments and verivali, with Indonesian labels (standard library only).

Stored values are stable upper-case codes that travel in bundles; labels may be reworded.
Lists that follow a regulation (PPKS, needs, socio-economic options) are data files, not
enums; these are the desk's own workflow states, which no regulation fixes.
"""

from __future__ import annotations

from puskesos_desktop.domain.registry_enums import Choice

__all__ = ["HasilVerivali", "MetodeAsesmen", "StatusAsesmen", "StatusStiker"]


class MetodeAsesmen(Choice):
    KUNJUNGAN_RUMAH = "KUNJUNGAN_RUMAH", "Kunjungan rumah", "HOME VISIT", "KUNJUNGAN"
    DI_KANTOR = "DI_KANTOR", "Di kantor desa/Puskesos", "KANTOR", "DESK"
    TELEPON = "TELEPON", "Lewat telepon", "PHONE", "TELP"


class StatusAsesmen(Choice):
    """DRAF may still be corrected; FINAL is frozen (a later visit is a new assessment)."""

    DRAF = "DRAF", "Draf"
    FINAL = "FINAL", "Final"


class HasilVerivali(Choice):
    MASIH_LAYAK = "MASIH_LAYAK", "Masih layak"
    TIDAK_LAYAK_LAGI = "TIDAK_LAYAK_LAGI", "Tidak layak lagi"
    PINDAH = "PINDAH", "Pindah"
    MENINGGAL = "MENINGGAL", "Meninggal"
    TIDAK_DITEMUKAN = "TIDAK_DITEMUKAN", "Tidak ditemukan"


class StatusStiker(Choice):
    """The 'keluarga penerima' house marker some programmes paint or stick on the house."""

    TIDAK_BERLAKU = "TIDAK_BERLAKU", "Tidak memakai stiker"
    BELUM_DIPASANG = "BELUM_DIPASANG", "Belum dipasang"
    TERPASANG = "TERPASANG", "Terpasang"
    DICABUT = "DICABUT", "Dicabut"
