"""Key cards and the list of trusted desks: enrolment, rotation, revocation.

Trust comes from two people comparing a fingerprint by phone, never from the card file
itself (anyone can make a self-signed card). So :meth:`TrustService.trust_card` demands the
fingerprint the operator confirmed and refuses when it differs from the card's. A card that
is a rotation of an already trusted desk (signed by its old key) replaces the keys and keeps
the old ones for bundles already on their way.

Enrolment is limited to the own kabupaten: a village trusts only its district office, a
district only villages whose code starts with its kabupaten code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlmodel import select

from puskesos_desktop.domain.audit import AuditAction
from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.permissions import Permission
from puskesos_desktop.i18n import _
from puskesos_desktop.services.changes import ChangeKind, Changes
from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.services.desk_keys import desk_keys, replace_desk_keys
from puskesos_desktop.services.sync_common import Me, me
from puskesos_desktop.store import audit_log
from puskesos_desktop.store.models import TrustedDesk
from puskesos_desktop.store.models.base import utcnow
from puskesos_desktop.sync.keycard import (
    KEYCARD_MAX_BYTES,
    KEYCARD_SUFFIX,
    KeyCard,
    key_card_to_bytes,
    make_key_card,
    read_key_card,
    rotate_keys,
    verify_rotation,
)
from puskesos_desktop.sync.keys import ROTATION_CARD
from puskesos_desktop.sync.outfile import KEY_CARD, AtomicFiles, write_error


@dataclass(frozen=True)
class MyCard:
    desk_id: str
    kind: str
    official_name: str
    fingerprint: str
    minisign_public_key: str
    age_recipient: str
    card_bytes: bytes


@dataclass(frozen=True)
class CardPreview:
    """What the operator compares before trusting a card."""

    desk_id: str
    kind: str
    official_name: str
    region_code: str
    fingerprint: str
    already_trusted: bool  # same keys already enrolled
    rotation_of_trusted: bool  # new keys of an enrolled desk, signed by its old key
    replaces_fingerprint: str | None


@dataclass(frozen=True)
class TrustedDeskView:
    desk_id: str
    kind: str
    official_name: str
    fingerprint: str
    enrolled_at: datetime
    enrolled_by: str
    revoked: bool
    revoked_at: datetime | None
    previous_fingerprints: tuple[str, ...]


@dataclass(frozen=True)
class TrustResult:
    desk: TrustedDeskView
    rotated: bool
    changes: Changes = field(default_factory=lambda: Changes.of(ChangeKind.SYNC))


def _view(row: TrustedDesk) -> TrustedDeskView:
    return TrustedDeskView(
        row.desk_id,
        row.kind,
        row.official_name,
        row.fingerprint,
        row.enrolled_at,
        row.enrolled_by,
        row.revoked,
        row.revoked_at,
        tuple(str(old.get("fingerprint", "")) for old in row.previous_keys),
    )


def _read_card_file(source: Path | bytes) -> KeyCard:
    if isinstance(source, bytes):
        return read_key_card(source)
    try:
        with Path(source).open("rb") as handle:
            data = handle.read(KEYCARD_MAX_BYTES + 1)
    except OSError as err:
        raise UserError(
            _(
                "Kartu kunci {name} tidak dapat dibaca ({strerror}). Salin berkasnya ke komputer, "
                "lalu coba lagi."
            ).format(name=Path(source).name, strerror=err.strerror)
        ) from None
    return read_key_card(data)


def _check_region(mine: Me, card: KeyCard) -> None:
    my_kab = mine.region_code.replace(".", "")[:4]
    if card.desk_id == mine.desk_id:
        raise UserError(_("Ini kartu kunci desk ini sendiri; impor kartu kunci desk lain."))
    if mine.is_district and card.kind != "desa":
        raise UserError(_("Desk Dinas hanya mendaftarkan kartu kunci desk desa."))
    if not mine.is_district and card.kind != "dinas":
        raise UserError(
            _(
                "Desk desa hanya mendaftarkan kartu kunci Dinas Sosial kabupatennya, bukan desk "
                "desa lain."
            )
        )
    if card.region_code[:4] != my_kab:
        raise UserError(
            _(
                "Kartu kunci {desk_id} berasal dari kabupaten lain ({kabupaten}); desk ini "
                "berada di kabupaten {my_kab}."
            ).format(desk_id=card.desk_id, kabupaten=card.region_code[:4], my_kab=my_kab)
        )


def _old_card(row: TrustedDesk) -> KeyCard:
    return read_key_card(row.card_json.encode())


class TrustService:
    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    # -- my own card ------------------------------------------------------------------------
    def my_card(self) -> MyCard:
        with self._context.transaction() as session:
            mine = me(session)
        keys = desk_keys(self._context)
        card = self._rotation_card(keys.public_key_b64)
        if card is None:
            kind = "dinas" if mine.is_district else "desa"
            card = make_key_card(keys, kind, mine.official_name, mine.region_code)  # type: ignore[arg-type]
        return _my_card(card)

    def _rotation_card(self, public_key_b64: str) -> KeyCard | None:
        """The card written at the last rotation (counter-signed by the old key), if current."""
        path = self._context.paths.keys / ROTATION_CARD
        try:
            card = read_key_card(path.read_bytes())
        except (OSError, UserError):
            return None
        return card if card.minisign_public_key == public_key_b64 else None

    def export_card(self, directory: Path) -> Path:
        """Write ``<desk id>.pskey`` into ``directory`` (a USB stick), atomically."""
        card = self.my_card()
        name = f"{card.desk_id}{KEYCARD_SUFFIX}"
        with AtomicFiles(Path(directory), KEY_CARD) as files:
            handle = files.open(name)
            try:
                handle.write(card.card_bytes)
            except OSError as err:
                raise write_error(err, Path(directory), KEY_CARD) from None
            return files.commit()[0]

    # -- other desks' cards -----------------------------------------------------------------
    def preview_card(self, source: Path | bytes) -> CardPreview:
        card = _read_card_file(source)
        with self._context.transaction() as session:
            _check_region(me(session), card)
            row = session.exec(
                select(TrustedDesk).where(TrustedDesk.desk_id == card.desk_id)
            ).first()
            same = row is not None and row.fingerprint == card.fingerprint
            rotation = row is not None and not same and verify_rotation(_old_card(row), card)
            return CardPreview(
                card.desk_id,
                card.kind,
                card.official_name,
                card.region_code,
                card.fingerprint,
                same,
                rotation,
                row.fingerprint if row is not None and not same else None,
            )

    def trust_card(self, source: Path | bytes, confirmed_fingerprint: str) -> TrustResult:
        """Enrol (or rotate) a desk after the operator confirmed its fingerprint."""
        card = _read_card_file(source)
        typed = confirmed_fingerprint.strip().upper().replace(" ", "")
        if typed != card.fingerprint:
            raise UserError(
                _(
                    "Sidik jari yang dikonfirmasi tidak sama dengan sidik jari kartu kunci. Jangan "
                    "percayai kartu ini; minta kartu asli langsung dari desk pemiliknya."
                )
            )
        actor = self._context.require(Permission.MANAGE_KEYS)
        with self._context.transaction() as session:
            _check_region(me(session), card)
            audit_log.append(session, operator=actor.operator, action=AuditAction.KEY_CHANGE,
                             target_table="desk_tepercaya", detail={"percayai": card.desk_id})
            row = session.exec(
                select(TrustedDesk).where(TrustedDesk.desk_id == card.desk_id)
            ).first()
            rotated = False
            if row is None:
                row = TrustedDesk(
                    desk_id=card.desk_id,
                    kind=card.kind,
                    official_name=card.official_name,
                    region_code=card.region_code,
                    card_json="",
                    fingerprint="",
                    minisign_public_key="",
                    age_recipient="",
                    enrolled_by=actor.by,
                )
            elif row.revoked and row.fingerprint == card.fingerprint:
                raise UserError(
                    _(
                        "Kunci desk {desk_id} ini sudah dicabut dan tidak dapat dipercaya lagi. "
                        "Minta desk tersebut membuat kunci baru (Ganti kunci) dan mengirim kartu "
                        "kunci barunya."
                    ).format(desk_id=card.desk_id)
                )
            elif row.fingerprint != card.fingerprint:
                if not row.revoked and not verify_rotation(_old_card(row), card):
                    raise UserError(
                        _(
                            "Desk {desk_id} sudah terdaftar dengan kunci lain dan kartu baru ini "
                            "tidak ditandatangani kunci lamanya. Cabut dulu kunci lama desk "
                            "tersebut bila memang harus diganti."
                        ).format(desk_id=card.desk_id)
                    )
                old = {
                    "minisign_public_key": row.minisign_public_key,
                    "age_recipient": row.age_recipient,
                    "fingerprint": row.fingerprint,
                    "revoked": row.revoked,  # a revoked key stays revoked
                }
                row.previous_keys = [*row.previous_keys, old]
                row.revoked, row.revoked_at = False, None
                rotated = True
            row.card_json = json.dumps(card.to_dict(), sort_keys=True)
            row.fingerprint = card.fingerprint
            row.minisign_public_key = card.minisign_public_key
            row.age_recipient = card.age_recipient
            row.official_name = card.official_name
            row.enrolled_at, row.enrolled_by = utcnow(), actor.by
            session.add(row)
            session.flush()
            return TrustResult(_view(row), rotated)

    def trusted(self) -> list[TrustedDeskView]:
        with self._context.transaction() as session:
            rows = session.exec(select(TrustedDesk).order_by(TrustedDesk.kind, TrustedDesk.desk_id))
            return [_view(row) for row in rows]

    def revoke(self, desk_id: str) -> TrustedDeskView:
        """Bundles signed by any key of ``desk_id`` are rejected from now on."""
        actor = self._context.require(Permission.MANAGE_KEYS)
        with self._context.transaction() as session:
            audit_log.append(session, operator=actor.operator, action=AuditAction.KEY_CHANGE,
                             target_table="desk_tepercaya", detail={"cabut": desk_id})
            row = session.exec(select(TrustedDesk).where(TrustedDesk.desk_id == desk_id)).first()
            if row is None:
                raise UserError(
                    _(
                        "Desk {desk_id} tidak ada dalam daftar desk tepercaya."
                    ).format(desk_id=desk_id)
                )
            row.revoked, row.revoked_at = True, utcnow()
            session.add(row)
            session.flush()
            return _view(row)

    def rotate(self) -> MyCard:
        """New key pairs for this desk; the new card is signed by the old key.

        Send the new card (:meth:`export_card`) to every desk that trusts this one; until
        they import it, their bundles are still encrypted to the old key (kept in
        ``kunci/lama``).
        """
        from puskesos_desktop.services.profile import ProfileService

        actor = self._context.require(Permission.MANAGE_KEYS)
        with self._context.transaction() as session:
            mine = me(session)
            audit_log.append(session, operator=actor.operator, action=AuditAction.KEY_CHANGE,
                             target_table="desk_profile", detail={"putar_kunci": mine.desk_id})
        old = desk_keys(self._context)
        passphrase = ProfileService(self._context).key_passphrase()
        new_keys, _card = rotate_keys(
            self._context.paths.keys, passphrase, old, official_name=mine.official_name
        )
        replace_desk_keys(self._context, new_keys)
        with AtomicFiles(self._context.paths.keys) as files:
            files.open(ROTATION_CARD).write(key_card_to_bytes(_card))
            files.commit()
        return _my_card(_card)


def _my_card(card: KeyCard) -> MyCard:
    return MyCard(
        card.desk_id,
        card.kind,
        card.official_name,
        card.fingerprint,
        card.minisign_public_key,
        card.age_recipient,
        key_card_to_bytes(card),
    )
