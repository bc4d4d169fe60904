"""Choice lists of the registry and the intake log, with Indonesian labels.

One home for every list, because the same value arrives from the form (a combo box shows
``label``), from a village Excel list (``"LAKI-LAKI"``, ``"1"``, ``"Katholik"``) and from a
sync bundle (the stored ``value``). :meth:`Choice.parse` reads all of those spellings, so
the importer and the bundle reader accept exactly what the form would store.

Values are stable upper-case codes (they are stored and travel in bundles); labels are
Indonesian text for people and may be reworded freely. Numeric aliases follow the SHDK,
agama, status kawin and pendidikan numbering of Dukcapil/OpenSID lists, which villages
paste into their spreadsheets. Standard library only.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cache
from typing import Self

__all__ = [
    "Agama",
    "AlasanDuplikat",
    "AlasanPerubahanKK",
    "AlasanPindahAnggota",
    "AlasanTanpaNik",
    "Choice",
    "DerajatDisabilitas",
    "HubunganKeluarga",
    "JenisDisabilitas",
    "JenisKelamin",
    "KeputusanDuplikat",
    "PemberiPersetujuan",
    "Pendidikan",
    "SaluranLayanan",
    "StatusDasar",
    "StatusDomisili",
    "StatusKawin",
    "Urgensi",
]

_SPACES = re.compile(r"[\s_]+")


def _key(text: str) -> str:
    """Comparison key: upper case, ``_``/whitespace runs as one space, outer dots gone."""
    return _SPACES.sub(" ", text.strip().upper()).strip(" .")


class Choice(StrEnum):
    """A StrEnum whose members carry an Indonesian ``label`` and extra input spellings.

    Members are declared as ``CODE = "CODE", "Label", "alias", ...``.
    """

    label: str
    aliases: tuple[str, ...]

    def __new__(cls, value: str, label: str, *aliases: str) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        member.aliases = aliases
        return member

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """``(value, label)`` pairs in declaration order, for combo boxes."""
        return [(member.value, member.label) for member in cls]

    @classmethod
    def parse(cls, text: object) -> Self | None:
        """The member a typed, imported or stored value means; None when unknown.

        Accepts the value (``"BELUM_KAWIN"``), the value with spaces, the label in any case
        (``"belum kawin"``) and the aliases (``"1"``, ``"LAJANG"``). Whole numbers that a
        spreadsheet turned into floats (``2.0``) are read as ``"2"``.
        """
        if isinstance(text, float) and text.is_integer():
            text = str(int(text))
        if not isinstance(text, str | int) or isinstance(text, bool):
            return None
        return _lookup(cls).get(_key(str(text)))

    @classmethod
    def accepted_text(cls) -> str:
        """Short Indonesian list of what may be typed, for error messages."""
        return ", ".join(member.label for member in cls)


@cache
def _lookup(cls: type[Choice]) -> dict[str, Choice]:
    table: dict[str, Choice] = {}
    for member in cls:
        for spelling in (member.value, member.label, *member.aliases):
            table.setdefault(_key(spelling), member)
    return table


# --------------------------------------------------------------------------- person


class JenisKelamin(Choice):
    L = "L", "Laki-laki", "LAKI-LAKI", "LAKI LAKI", "LAKI", "LK", "PRIA", "COWOK", "M", "1"
    P = "P", "Perempuan", "PR", "WANITA", "CEWEK", "W", "F", "2"


class HubunganKeluarga(Choice):
    """Status hubungan dalam keluarga (SHDK) as printed on the Kartu Keluarga."""

    KEPALA = "KEPALA", "Kepala keluarga", "KEPALA KELUARGA", "KK", "KRT", "1"
    SUAMI = "SUAMI", "Suami", "2"
    ISTRI = "ISTRI", "Istri", "ISTERI", "3"
    ANAK = "ANAK", "Anak", "ANAK KANDUNG", "ANAK ANGKAT", "ANAK TIRI", "4"
    MENANTU = "MENANTU", "Menantu", "5"
    CUCU = "CUCU", "Cucu", "6"
    ORANG_TUA = "ORANG_TUA", "Orang tua", "ORANGTUA", "AYAH", "IBU", "7"
    MERTUA = "MERTUA", "Mertua", "8"
    FAMILI_LAIN = "FAMILI_LAIN", "Famili lain", "FAMILI", "SAUDARA", "9"
    PEMBANTU = "PEMBANTU", "Pembantu", "PEMBANTU RUMAH TANGGA", "10"
    LAINNYA = "LAINNYA", "Lainnya", "LAIN-LAIN", "11"


class StatusKawin(Choice):
    BELUM_KAWIN = "BELUM_KAWIN", "Belum kawin", "BELUM MENIKAH", "LAJANG", "1"
    KAWIN = "KAWIN", "Kawin", "MENIKAH", "KAWIN TERCATAT", "KAWIN BELUM TERCATAT", "2"
    CERAI_HIDUP = "CERAI_HIDUP", "Cerai hidup", "3"
    CERAI_MATI = "CERAI_MATI", "Cerai mati", "JANDA", "DUDA", "4"


class Agama(Choice):
    ISLAM = "ISLAM", "Islam", "1"
    KRISTEN = "KRISTEN", "Kristen", "PROTESTAN", "KRISTEN PROTESTAN", "2"
    KATOLIK = "KATOLIK", "Katolik", "KATHOLIK", "3"
    HINDU = "HINDU", "Hindu", "4"
    BUDDHA = "BUDDHA", "Buddha", "BUDHA", "5"
    KONGHUCU = "KONGHUCU", "Konghucu", "KHONGHUCU", "KONG HU CU", "6"
    KEPERCAYAAN = (
        "KEPERCAYAAN",
        "Kepercayaan terhadap Tuhan YME",
        "PENGHAYAT KEPERCAYAAN",
        "KEPERCAYAAN TERHADAP TUHAN YANG MAHA ESA",
        "7",
    )


class Pendidikan(Choice):
    """Highest education as written on the KK (Dukcapil's ten levels)."""

    TIDAK_SEKOLAH = "TIDAK_SEKOLAH", "Tidak/belum sekolah", "TIDAK SEKOLAH", "BELUM SEKOLAH", "1"
    BELUM_TAMAT_SD = "BELUM_TAMAT_SD", "Belum tamat SD/sederajat", "BELUM TAMAT SD", "2"
    SD = "SD", "Tamat SD/sederajat", "TAMAT SD", "SD/SEDERAJAT", "MI", "3"
    SLTP = "SLTP", "SLTP/sederajat", "SMP", "MTS", "SMP/SEDERAJAT", "4"
    SLTA = "SLTA", "SLTA/sederajat", "SMA", "SMK", "MA", "SMA/SEDERAJAT", "5"
    DIPLOMA_I_II = "DIPLOMA_I_II", "Diploma I/II", "D1", "D2", "6"
    DIPLOMA_III = "DIPLOMA_III", "Akademi/Diploma III/Sarjana muda", "D3", "7"
    STRATA_I = "STRATA_I", "Diploma IV/Strata I", "D4", "S1", "SARJANA", "8"
    STRATA_II = "STRATA_II", "Strata II", "S2", "9"
    STRATA_III = "STRATA_III", "Strata III", "S3", "10"


class StatusDomisili(Choice):
    """Where the person lives relative to their KK (not whether they are alive)."""

    TETAP = "TETAP", "Penduduk tetap (sesuai KK)", "PENDUDUK TETAP"
    PENDATANG = "PENDATANG", "Pendatang (KK dari luar, tinggal di sini)", "DOMISILI"
    SEMENTARA = "SEMENTARA", "Tinggal sementara", "TINGGAL SEMENTARA"


class StatusDasar(Choice):
    """Alive, dead or gone: a person is never deleted for these, only marked."""

    HIDUP = "HIDUP", "Hidup", "AKTIF"
    MENINGGAL = "MENINGGAL", "Meninggal", "MATI", "WAFAT"
    PINDAH = "PINDAH", "Pindah keluar", "PINDAH KELUAR"
    HILANG = "HILANG", "Hilang/tidak diketahui keberadaannya", "PERGI"


class JenisDisabilitas(Choice):
    """Ragam penyandang disabilitas, UU 8/2016 pasal 4 (sensorik split as Dukcapil does)."""

    FISIK = "FISIK", "Fisik", "TUNA DAKSA", "DAKSA"
    INTELEKTUAL = "INTELEKTUAL", "Intelektual", "TUNA GRAHITA", "GRAHITA"
    MENTAL = "MENTAL", "Mental", "PSIKOSOSIAL", "ODGJ"
    SENSORIK_NETRA = "SENSORIK_NETRA", "Sensorik netra", "NETRA", "TUNA NETRA", "BUTA"
    SENSORIK_RUNGU = "SENSORIK_RUNGU", "Sensorik rungu", "RUNGU", "TUNA RUNGU", "TULI"
    SENSORIK_WICARA = "SENSORIK_WICARA", "Sensorik wicara", "WICARA", "TUNA WICARA", "BISU"
    GANDA = "GANDA", "Ganda/multi", "MULTI", "GANDA/MULTI"


class DerajatDisabilitas(Choice):
    RINGAN = "RINGAN", "Ringan"
    SEDANG = "SEDANG", "Sedang"
    BERAT = "BERAT", "Berat"


class AlasanTanpaNik(Choice):
    """Why a person is registered with a temporary NIK; each needs follow-up at Dukcapil."""

    BAYI = "BAYI", "Bayi/anak belum dicatat di Dukcapil", "BAYI BARU LAHIR"
    BELUM_TERCATAT = "BELUM_TERCATAT", "Belum pernah tercatat di Dukcapil"
    DOKUMEN_HILANG = "DOKUMEN_HILANG", "KTP/KK hilang dan NIK tidak diingat"
    TUNAWISMA = "TUNAWISMA", "Tunawisma/gelandangan", "GELANDANGAN"
    KOMUNITAS_ADAT = "KOMUNITAS_ADAT", "Komunitas adat terpencil", "KAT"
    LAINNYA = "LAINNYA", "Lainnya"


# --------------------------------------------------------------------------- household history


class AlasanPerubahanKK(Choice):
    """Why a household's No. KK changed (domain brief §7: it changes over a family's life)."""

    PINDAH_KECAMATAN = "PINDAH_KECAMATAN", "Pindah kecamatan/kabupaten", "PINDAH"
    PECAH_KK = "PECAH_KK", "Pecah KK", "PISAH KK"
    KEPALA_MENINGGAL = "KEPALA_MENINGGAL", "Kepala keluarga meninggal"
    CERAI = "CERAI", "Perceraian", "PERCERAIAN"
    LAINNYA = "LAINNYA", "Lainnya (mis. perbaikan data KK)"


class AlasanPindahAnggota(Choice):
    """Why a member moved from one household to another."""

    PECAH_KK = "PECAH_KK", "Pecah KK (membentuk keluarga baru)"
    PERKAWINAN = "PERKAWINAN", "Menikah/ikut pasangan", "MENIKAH"
    CERAI = "CERAI", "Perceraian"
    IKUT_KELUARGA = "IKUT_KELUARGA", "Ikut keluarga lain (mis. lansia ikut anak)"
    LAINNYA = "LAINNYA", "Lainnya"


# --------------------------------------------------------------------------- duplicates


class AlasanDuplikat(Choice):
    """Why a registered person is shown as a possible duplicate."""

    NIK_SAMA = "NIK_SAMA", "NIK sama"
    KK_LAIN = "KK_LAIN", "Sudah tercatat di KK lain"
    NAMA_MIRIP = "NAMA_MIRIP", "Nama mirip dan tanggal lahir sama"
    DESA_SAMA = "DESA_SAMA", "Desa sama"


class KeputusanDuplikat(Choice):
    ORANG_SAMA = "ORANG_SAMA", "Orang yang sama"
    ORANG_BERBEDA = "ORANG_BERBEDA", "Orang yang berbeda"


# --------------------------------------------------------------------------- intake


class SaluranLayanan(Choice):
    """How the request reached the desk."""

    DATANG_LANGSUNG = "DATANG_LANGSUNG", "Datang langsung"
    KUNJUNGAN_RUMAH = "KUNJUNGAN_RUMAH", "Kunjungan rumah"
    TELEPON_WA = "TELEPON_WA", "Telepon/WhatsApp", "TELEPON", "WA", "WHATSAPP"
    RUJUKAN_MASUK = "RUJUKAN_MASUK", "Rujukan masuk dari pihak lain", "RUJUKAN"
    HASIL_VERIVALI = "HASIL_VERIVALI", "Hasil verivali", "VERIVALI"


class Urgensi(Choice):
    DARURAT = "DARURAT", "Darurat"
    SEGERA = "SEGERA", "Segera"
    BIASA = "BIASA", "Biasa"


class PemberiPersetujuan(Choice):
    """Who gave consent (UU 27/2022: a parent or guardian for children, art. 25)."""

    SENDIRI = "SENDIRI", "Yang bersangkutan"
    ORANG_TUA_WALI = "ORANG_TUA_WALI", "Orang tua/wali"
    KELUARGA = "KELUARGA", "Anggota keluarga"
    PENDAMPING = "PENDAMPING", "Pendamping/pelapor"
