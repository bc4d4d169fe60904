"""Small pieces every sync service module shares: who am I, where files go, whom I trust."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, select

from puskesos_desktop import __version__
from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.i18n import _
from puskesos_desktop.paths import DataPaths
from puskesos_desktop.store.migrate import SCHEMA_HEAD
from puskesos_desktop.store.models import DeskProfile, TrustedDesk
from puskesos_desktop.sync.bundle import TrustedKey

APP_VERSION = __version__
SCHEMA_VERSION = int(SCHEMA_HEAD)  # "0005" travels as 5 (see sync-format-notes.md)
# District → village: only what the district itself produces for villages travels back.
# Rows a village created (its referrals and their outcomes, its persons after a conflict
# resolution) go back to that village; these tables go to every village.
BROADCAST_TABLES = frozenset({"lembaga"})


@dataclass(frozen=True)
class Me:
    desk_id: str
    mode: str  # desa / dinas
    official_name: str
    region_code: str

    @property
    def is_district(self) -> bool:
        return self.mode == "dinas"


def me(session: Session) -> Me:
    profile = session.get(DeskProfile, 1)
    if profile is None:
        raise UserError(_("Aplikasi belum disiapkan."))
    if profile.mode == "dinas":
        name = f"Dinas Sosial {profile.nama_kabupaten}".strip()
    else:
        name = profile.kop_nama.title() or profile.nama_desa
    return Me(profile.desk_id, profile.mode, name, profile.kode_wilayah)


def temp_dir(paths: DataPaths) -> Path:
    """Decrypted payloads are personal data: their temp files stay inside the data dir."""
    folder = paths.root / "sementara"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def inbox_dir(paths: DataPaths) -> Path:
    """``kotak-masuk``: bundles waiting for a gap, other parts, enrolment or an update."""
    folder = paths.root / "kotak-masuk"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def outbox_dir(paths: DataPaths) -> Path:
    paths.outbox.mkdir(parents=True, exist_ok=True)
    return paths.outbox


def trusted_keys(session: Session) -> dict[str, list[TrustedKey]]:
    """Every enrolled desk's keys, the current first; a revoked desk's keys are all revoked."""
    result: dict[str, list[TrustedKey]] = {}
    for desk in session.exec(select(TrustedDesk)).all():
        keys = [TrustedKey(desk.minisign_public_key, desk.age_recipient, desk.revoked)]
        for old in desk.previous_keys:
            revoked = desk.revoked or bool(old.get("revoked"))
            keys.append(TrustedKey(old["minisign_public_key"], old["age_recipient"], revoked))
        result[desk.desk_id] = keys
    return result


def trusted_desk(session: Session, desk_id: str) -> TrustedDesk:
    desk = session.exec(select(TrustedDesk).where(TrustedDesk.desk_id == desk_id)).first()
    if desk is None:
        raise UserError(
            _(
                "Desk {desk_id} belum terdaftar sebagai desk tepercaya. Impor kartu kuncinya "
                "(.pskey) dan cocokkan sidik jarinya lewat telepon lebih dulu."
            ).format(desk_id=desk_id)
        )
    return desk


def default_destination(session: Session, mine: Me) -> str:
    """A village sends to its district (the one trusted ``dinas-`` desk)."""
    if mine.is_district:
        raise UserError(_("Pilih desk desa tujuan paket."))
    rows = session.exec(
        select(TrustedDesk).where(TrustedDesk.kind == "dinas", TrustedDesk.revoked == False)  # noqa: E712
    ).all()
    if not rows:
        raise UserError(
            _(
                "Kartu kunci Dinas Sosial belum diimpor. Buka Sinkronisasi → Kunci & desk "
                "tepercaya, impor kartu kunci Dinas, dan cocokkan sidik jarinya lewat telepon."
            )
        )
    return rows[0].desk_id


def trusted_minisign_keys(session: Session) -> dict[str, list[str]]:
    """Desk id → minisign public keys of enrolled, unrevoked desks (letters' QR check)."""
    return {
        desk_id: [key.public_key_b64 for key in keys if not key.revoked]
        for desk_id, keys in trusted_keys(session).items()
    }
