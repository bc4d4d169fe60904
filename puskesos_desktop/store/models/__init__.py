"""All table models; importing this package registers them with SQLModel's metadata."""

from puskesos_desktop.store.models.asesmen import (
    Asesmen,
    AsesmenDraf,
    AsesmenOrang,
    AsesmenPpks,
    Verivali,
)
from puskesos_desktop.store.models.audit import AuditEntry
from puskesos_desktop.store.models.base import SyncedRecord
from puskesos_desktop.store.models.desk import DeskProfile, Operator, Pejabat
from puskesos_desktop.store.models.journal import JournalEntry
from puskesos_desktop.store.models.layanan import LayananMasuk
from puskesos_desktop.store.models.pencarian import KataHapus, KataNama, OrangCari
from puskesos_desktop.store.models.privasi import (
    PengaturanPrivasi,
    PenghapusanData,
    Persetujuan,
)
from puskesos_desktop.store.models.registry import (
    Keluarga,
    KeputusanDuplikat,
    Orang,
    RiwayatAnggota,
    RiwayatKK,
)
from puskesos_desktop.store.models.rujukan import (
    ArsipSurat,
    Lembaga,
    NomorSuratTerakhir,
    PengaturanSurat,
    RiwayatStatusRujukan,
    Rujukan,
    SuratKeluar,
)
from puskesos_desktop.store.models.sinkron import (
    BundleLog,
    Conflict,
    IncomingStream,
    OutboxBundle,
    OutgoingStream,
    PendingBundle,
    TrustedDesk,
)

SYNCED_TABLES: dict[str, type[SyncedRecord]] = {
    model.__tablename__: model  # type: ignore[misc]
    # Parents before children: a bundle applied in this order never breaks a foreign key.
    for model in (Keluarga, Orang, RiwayatKK, RiwayatAnggota, KeputusanDuplikat, LayananMasuk)
} | {
    model.__tablename__: model  # type: ignore[misc]
    for model in (Asesmen, AsesmenPpks, AsesmenOrang, Verivali)
} | {
    model.__tablename__: model  # type: ignore[misc]
    for model in (Lembaga, Rujukan, RiwayatStatusRujukan, SuratKeluar)
} | {
    model.__tablename__: model  # type: ignore[misc]
    for model in (Persetujuan, PenghapusanData)
}

__all__ = [
    "SYNCED_TABLES",
    "ArsipSurat",
    "Asesmen",
    "AsesmenDraf",
    "AsesmenOrang",
    "AsesmenPpks",
    "AuditEntry",
    "BundleLog",
    "Conflict",
    "DeskProfile",
    "IncomingStream",
    "JournalEntry",
    "KataHapus",
    "KataNama",
    "Keluarga",
    "KeputusanDuplikat",
    "LayananMasuk",
    "Lembaga",
    "NomorSuratTerakhir",
    "Operator",
    "Orang",
    "OrangCari",
    "OutboxBundle",
    "OutgoingStream",
    "Pejabat",
    "PendingBundle",
    "PengaturanPrivasi",
    "PengaturanSurat",
    "PenghapusanData",
    "Persetujuan",
    "RiwayatAnggota",
    "RiwayatKK",
    "RiwayatStatusRujukan",
    "Rujukan",
    "SuratKeluar",
    "SyncedRecord",
    "TrustedDesk",
    "Verivali",
]
