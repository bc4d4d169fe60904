"""Values the referral and letter services take and return (no database imports).

Kept apart so forms, the home screen and tests can build inputs and read results without
loading the database layer; results are frozen so they can cross threads (JobRunner).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from puskesos_desktop.domain.referral_state import LABELS, StatusRujukan
from puskesos_desktop.domain.registry_enums import Urgensi
from puskesos_desktop.i18n import _
from puskesos_desktop.services.changes import ChangeKind, Changes

RUJUKAN_CHANGED = Changes.of(ChangeKind.RUJUKAN)

# Documents residents usually bring; the form offers these and accepts others typed in.
DOKUMEN_UMUM: tuple[str, ...] = (
    "Fotokopi KTP",
    "Fotokopi Kartu Keluarga",
    "Surat Keterangan Tidak Mampu (SKTM)",
    "Kartu JKN/KIS",
    "Akta kelahiran",
    "Kartu PKH/KKS",
    "Surat keterangan dokter",
)

# What a return slip can say (the three tick boxes printed on it).
HASIL_LEMBAR_BALIK: tuple[tuple[StatusRujukan, str], ...] = (
    (StatusRujukan.DITERIMA, "Diterima"),
    (StatusRujukan.DITOLAK, "Ditolak"),
    (StatusRujukan.SELESAI_DILAYANI, "Sudah dilayani"),
)

# List filters beside the plain statuses.
FILTER_TERBUKA = "TERBUKA"
FILTER_TERLAMBAT = "TERLAMBAT"
FILTER_TANPA_KABAR = "TANPA_KABAR"


@dataclass(frozen=True)
class ReferralInput:
    """The referral form. ``tanggal_tindak_lanjut`` None = today + the desk's default."""

    orang_uid: str
    lembaga_uid: str
    alasan: str
    layanan_diminta: tuple[str, ...] = ()
    urgensi: str = Urgensi.BIASA.value
    dokumen_dibawa: tuple[str, ...] = ()
    perihal: str = ""
    setuju_dibagikan: bool = False
    persetujuan_dari: str = ""
    persetujuan_tanggal: date | None = None
    tanggal_tindak_lanjut: date | None = None
    layanan_masuk_uid: str | None = None
    asesmen_uid: str | None = None
    persetujuan_cara: str = ""  # domain.privacy.CaraPersetujuan; "" = tertulis


@dataclass(frozen=True)
class StatusChange:
    """A status change typed by the operator; ``tanggal`` None = today."""

    ke: StatusRujukan
    alasan: str = ""
    catatan: str = ""
    tanggal: date | None = None


@dataclass(frozen=True)
class ReturnSlip:
    """What the operator reads off a returned slip (lembar balik)."""

    kode: str
    hasil: StatusRujukan
    tanggal: date | None = None
    petugas: str = ""
    keterangan: str = ""


@dataclass(frozen=True)
class StatusEntry:
    dari: str
    ke: str
    tanggal: date
    oleh: str
    alasan: str
    catatan: str

    @property
    def ke_label(self) -> str:
        return _label(self.ke)


@dataclass(frozen=True)
class ReferralRow:
    """One line of the referral list."""

    uid: str
    orang_nama: str
    orang_nik: str
    lembaga_nama: str
    status: StatusRujukan
    status_tanggal: date
    tanggal_tindak_lanjut: date | None
    urgensi: str
    terlambat: bool
    tanpa_kabar: bool
    nomor_surat: str

    @property
    def status_label(self) -> str:
        label = _(LABELS[self.status])
        return _("{status} (tanpa kabar)").format(status=label) if self.tanpa_kabar else label


@dataclass(frozen=True)
class ReferralView:
    uid: str
    orang_uid: str
    orang_nama: str
    orang_nik: str
    keluarga_uid: str | None
    lembaga_uid: str
    lembaga_nama: str
    perihal: str
    alasan: str
    layanan_diminta: tuple[str, ...]
    urgensi: str
    dokumen_dibawa: tuple[str, ...]
    setuju_dibagikan: bool
    persetujuan_dari: str
    persetujuan_tanggal: date | None
    tanggal_tindak_lanjut: date | None
    status: StatusRujukan
    status_tanggal: date
    terlambat: bool
    tanpa_kabar: bool
    rujukan_baru_uid: str | None
    kode_balik: str
    layanan_masuk_uid: str | None
    asesmen_uid: str | None
    surat_aktif_uid: str | None
    nomor_surat: str
    boleh_menjadi: tuple[StatusRujukan, ...]
    persetujuan_cara: str = ""  # how the sharing consent was given (consent ledger)

    @property
    def status_label(self) -> str:
        return _(LABELS[self.status])

    @property
    def dapat_diterbitkan(self) -> bool:
        """A letter may be issued: consent given, open, and no valid letter exists yet."""
        open_ = self.status in (StatusRujukan.DRAF, StatusRujukan.DIRUJUK)
        return self.setuju_dibagikan and open_ and self.surat_aktif_uid is None


@dataclass(frozen=True)
class ReferralSaved:
    uid: str
    changes: Changes = field(default_factory=lambda: RUJUKAN_CHANGED)


@dataclass(frozen=True)
class LetterSettings:
    pola_nomor: str
    kode_klasifikasi: str
    kode_unit: str
    masa_berlaku_hari: int
    hari_tindak_lanjut: int
    kertas: str
    penanda_tangan_id: int | None
    tembusan: tuple[str, ...]


@dataclass(frozen=True)
class IssuedLetter:
    surat_uid: str
    nomor: str
    pdf: bytes
    changes: Changes = field(default_factory=lambda: RUJUKAN_CHANGED)


@dataclass(frozen=True)
class LetterRow:
    """One line of the register of outgoing letters (buku agenda surat keluar)."""

    uid: str
    nomor: str
    urut: int
    tahun: int
    tanggal: date
    perihal: str
    tujuan: str
    rujukan_uid: str | None
    status: str
    alasan_batal: str
    dibatalkan_oleh: str
    jumlah_cetak_ulang: int
    kertas: str
    kode_verifikasi: str


@dataclass(frozen=True)
class LetterVerification:
    """A verdict shown plainly: ``status`` is a :class:`letters.qr.Status` value."""

    status: str
    judul: str
    pesan: str
    nomor: str = ""
    tanggal: date | None = None
    berlaku_sampai: date | None = None
    desk_id: str = ""
    tujuan: str = ""
    kode_verifikasi: str = ""
    sumber: Path | None = None

    @property
    def sah(self) -> bool:
        return self.status == "valid"


def _label(status: str) -> str:
    try:
        return _(LABELS[StatusRujukan(status)])
    except ValueError:
        return status
