"""Change the desk profile and its signing officials after setup (admin only, audited).

Villages elect a new kepala desa, replace the Puskesos coordinator, move the office or get a
new logo; letters must then print the new facts. What may change, and what never does:

* The letterhead lines, address, contacts and logo may change. Region, desk id and mode may
  not: the desk id names this desk in every sync bundle and the region code is part of every
  letter number, so changing them would orphan the district's copy and reuse numbers.
* Issued letters are never touched. Each one's archived copy (``ArsipSurat.isi``) holds the
  letterhead text and the signatory it was issued with, and a reprint renders from that copy,
  so a new kepala desa appears only on letters issued after the change.
* An official is retired, never deleted (``aktif`` off): the audit log and the letter
  settings may still name the row. At most one *kepala* is active, because letters are signed
  by (or "a.n.") the first active head: adding a new head retires the previous one in the
  same transaction, so a forgotten step cannot keep the old name on new letters.

DeskProfile and Pejabat are local tables (not synced), so they are written directly, with an
audit entry in the same transaction. Validation is exposed per field so the form can show
problems as the operator types; the save runs the same checks again.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from puskesos_desktop.domain.audit import AuditAction
from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.permissions import Permission
from puskesos_desktop.i18n import _
from puskesos_desktop.services.changes import ChangeKind, Changes
from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.services.profile import PejabatView, ProfileView
from puskesos_desktop.services.setup import OfficialInput, PeranPejabat
from puskesos_desktop.store import audit_log
from puskesos_desktop.store.models import DeskProfile, Pejabat, PengaturanSurat

if TYPE_CHECKING:
    from puskesos_desktop.letters.kop import Letterhead

MAX_LOGO_BYTES = 1_000_000  # the setup wizard's LogoField shrinks pictures below this
MAX_LOGO_SIDE = 1200  # px; a kop logo prints 24 mm wide, so more is only a decompression risk
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_PHONE = re.compile(r"^[0-9+()\-. /]+$")
_NIP = re.compile(r"^[0-9A-Za-z .\-/]*$")
PROFILE_CHANGED = Changes.of(ChangeKind.PROFILE)
# Column lengths of the desk_profile table (store/models/desk.py).
_PROFILE_LIMITS = {"kop_instansi": 150, "kop_unit": 150, "kop_nama": 150, "alamat": 250,
                   "telepon": 30, "email": 100}


@dataclass(frozen=True)
class ProfileEdit:
    """The editable part of the profile, as the form holds it (``logo_png``: PNG or None)."""

    kop_instansi: str
    kop_unit: str
    kop_nama: str
    alamat: str
    kode_pos: str
    telepon: str
    email: str
    logo_png: bytes | None = None


@dataclass(frozen=True)
class ProfileSaved:
    profile: ProfileView
    changed: tuple[str, ...]  # field names; empty when the form held nothing new
    changes: Changes = PROFILE_CHANGED


@dataclass(frozen=True)
class OfficialSaved:
    official: PejabatView
    retired: tuple[PejabatView, ...] = ()  # the heads this one replaced
    changes: Changes = field(default=PROFILE_CHANGED)


def _clean(text: str) -> str:
    return " ".join(text.split())


def profile_problems(edit: ProfileEdit) -> dict[str, str]:
    """Field name → what is wrong with it (Indonesian); empty when the form can be saved."""
    problems: dict[str, str] = {}
    if not _clean(edit.kop_instansi):
        problems["kop_instansi"] = _("Isi baris 1 kop surat (mis. PEMERINTAH KABUPATEN ...).")
    if not _clean(edit.kop_nama):
        problems["kop_nama"] = _("Isi baris 3 kop surat (mis. DESA ...).")
    for name, limit in _PROFILE_LIMITS.items():
        if name not in problems and len(_clean(getattr(edit, name))) > limit:
            problems[name] = _("Terlalu panjang: paling banyak {n} huruf.").format(n=limit)
    kode_pos = edit.kode_pos.strip()
    if kode_pos and not (kode_pos.isdigit() and len(kode_pos) == 5):
        problems["kode_pos"] = _("Kode pos harus 5 angka.")
    telepon = edit.telepon.strip()
    if "telepon" not in problems and telepon and (
            not _PHONE.match(telepon) or sum(c.isdigit() for c in telepon) < 5):
        problems["telepon"] = _("Nomor telepon hanya angka (boleh spasi, +, tanda kurung "
                                "atau tanda hubung), paling sedikit 5 angka.")
    email = edit.email.strip()
    if "email" not in problems and email and not _EMAIL.match(email):
        problems["email"] = _("Alamat email tidak lengkap, mis. puskesos.desa@gmail.com.")
    return problems


def official_problems(official: OfficialInput) -> dict[str, str]:
    """Field name (``jabatan``, ``nama``, ``nip``) → problem, as :func:`profile_problems`."""
    problems: dict[str, str] = {}
    for name, missing in (("jabatan", _("Isi jabatan pejabat.")),
                          ("nama", _("Isi nama lengkap pejabat."))):
        value = _clean(getattr(official, name))
        if not value:
            problems[name] = missing
        elif len(value) > 100:
            problems[name] = _("Terlalu panjang: paling banyak {n} huruf.").format(n=100)
    nip = _clean(official.nip)
    if len(nip) > 30 or not _NIP.match(nip):
        problems["nip"] = _("NIP/NIAP paling banyak 30 huruf/angka; kosongkan bila tidak ada.")
    return problems


def check_logo_png(data: bytes) -> None:
    """Refuse anything but a small, complete PNG before it reaches the database.

    The bytes come from a file the operator picked (often from a USB stick or WhatsApp), so
    they are checked here, not only in the form: a size cap, the PNG signature, the pixel
    size read from the header *before* decoding (a tiny file can inflate to gigabytes), then
    a full decode so a truncated file fails now rather than when a letter is printed.
    """
    from PIL import Image

    unusable = _("Berkas logo tidak dapat dipakai: bukan gambar PNG/JPG yang utuh. Pilih "
                 "berkas logo lain.")
    if len(data) > MAX_LOGO_BYTES:
        raise UserError(_("Logo terlalu besar (lebih dari 1 MB). Pilih gambar yang lebih kecil."))
    if not data.startswith(PNG_SIGNATURE):
        raise UserError(unusable)
    try:
        with Image.open(io.BytesIO(data), formats=["PNG"]) as image:
            width, height = image.size
            if not (0 < width <= MAX_LOGO_SIDE and 0 < height <= MAX_LOGO_SIDE):
                raise UserError(_("Ukuran logo harus paling besar {n} × {n} piksel. Pilih "
                                  "gambar yang lebih kecil.").format(n=MAX_LOGO_SIDE))
            image.load()
    except UserError:
        raise
    except Exception as error:  # Pillow raises many types for a damaged or hostile file
        raise UserError(unusable) from error


def _profile_row(session: Session) -> DeskProfile:
    row = session.get(DeskProfile, 1)
    if row is None:
        raise UserError(_("Aplikasi belum disiapkan."))
    return row


def _profile_view(row: DeskProfile) -> ProfileView:
    return ProfileView(**{name: getattr(row, name) for name in ProfileView.__dataclass_fields__})


def _official_view(row: Pejabat) -> PejabatView:
    return PejabatView(row.id or 0, row.peran, row.jabatan, row.nama, row.nip, row.aktif)


def _raise_problems(title: str, problems: dict[str, str]) -> None:
    if problems:
        raise UserError(title + "\n" + "\n".join(f"• {text}" for text in problems.values()))


class ProfileEditService:
    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    # -- reading ------------------------------------------------------------------------
    def current(self) -> ProfileEdit:
        """The stored values, to fill the form."""
        with self._context.transaction() as session:
            row = _profile_row(session)
            return ProfileEdit(**{f.name: getattr(row, f.name) for f in fields(ProfileEdit)})

    def officials(self) -> list[PejabatView]:
        """Every official, active first, retired ones after (for the officials table)."""
        with self._context.transaction() as session:
            rows = session.exec(select(Pejabat).order_by(
                col(Pejabat.aktif).desc(), col(Pejabat.id))).all()
            return [_official_view(row) for row in rows]

    # -- previews -----------------------------------------------------------------------
    def letterhead_preview(self, edit: ProfileEdit) -> bytes:
        """PDF of just the kop as ``edit`` would print it (read-only; anyone may look)."""
        from puskesos_desktop.letters.kop_preview import render_letterhead_pdf

        with self._context.transaction() as session:
            head, _issuer, _place = self._draft(session, edit)
        return render_letterhead_pdf(head)

    def sample_letter(self, edit: ProfileEdit, paper: str = "A4") -> bytes:
        """A fictitious referral letter with ``edit``'s kop and today's signatory."""
        from puskesos_desktop.letters.referral import Signatory, render_referral_letter
        from puskesos_desktop.letters.sample import sample_letter_data
        from puskesos_desktop.services.letter_content import read_settings, signatory

        with self._context.transaction() as session:
            head, issuer, place = self._draft(session, edit)
            settings = read_settings(session)
            try:
                signer = signatory(session, settings)
            except UserError:  # no official yet: say so where the name would be
                signer = Signatory(jabatan=_("Kepala Desa"), nama=_("(belum ada pejabat)"))
        data = sample_letter_data(letterhead=head, issuer=issuer, place=place, signatory=signer,
                                  tembusan=settings.tembusan)
        return render_referral_letter(data, paper)

    def _draft(self, session: Session, edit: ProfileEdit) -> tuple[Letterhead, str, str]:
        """Letterhead, issuer and place as letters would build them, from a detached copy
        of the profile row carrying ``edit`` (detached, so nothing is written back)."""
        from puskesos_desktop.services.letter_content import issuer, letterhead, place

        row = _profile_row(session)
        session.expunge(row)
        for name, value in self._cleaned(edit).items():
            setattr(row, name, value)
        return letterhead(row), issuer(row), place(row)

    # -- writing ------------------------------------------------------------------------
    @staticmethod
    def _cleaned(edit: ProfileEdit) -> dict[str, object]:
        values: dict[str, object] = {f.name: _clean(getattr(edit, f.name))
                                     for f in fields(ProfileEdit) if f.name != "logo_png"}
        values["logo_png"] = edit.logo_png or None
        return values

    def update(self, edit: ProfileEdit) -> ProfileSaved:
        """Save the letterhead, address, contacts and logo; region and desk id stay."""
        actor = self._context.require(Permission.EDIT_SETTINGS)
        _raise_problems(_("Profil belum dapat disimpan:"), profile_problems(edit))
        if edit.logo_png:
            check_logo_png(edit.logo_png)
        values = self._cleaned(edit)
        with self._context.transaction() as session:
            row = _profile_row(session)
            changed = tuple(name for name, value in values.items()
                            if getattr(row, name) != value)
            if changed:
                for name in changed:
                    setattr(row, name, values[name])
                session.add(row)
                audit_log.append(session, operator=actor.operator,
                                 action=AuditAction.SETTINGS_CHANGE, target_table="desk_profile",
                                 detail={"kolom": list(changed)})
            return ProfileSaved(_profile_view(row), changed)

    def add_official(self, official: OfficialInput) -> OfficialSaved:
        """A new signing official; a new *kepala* retires the previous one (see module doc)."""
        actor = self._context.require(Permission.EDIT_SETTINGS)
        _raise_problems(_("Pejabat belum dapat disimpan:"), official_problems(official))
        with self._context.transaction() as session:
            row = Pejabat(peran=PeranPejabat(official.peran).value, aktif=True)
            self._fill(row, official)
            session.add(row)
            session.flush()
            retired = self._retire_other_heads(session, row)
            self._audit(session, actor.operator, row, "tambah", retired)
            return OfficialSaved(_official_view(row), retired)

    def update_official(self, official_id: int, official: OfficialInput) -> OfficialSaved:
        """Correct name, NIP, title or role. Issued letters keep what they printed."""
        actor = self._context.require(Permission.EDIT_SETTINGS)
        _raise_problems(_("Pejabat belum dapat disimpan:"), official_problems(official))
        with self._context.transaction() as session:
            row = self._active(session, official_id)
            row.peran = PeranPejabat(official.peran).value
            self._fill(row, official)
            session.add(row)
            retired = self._retire_other_heads(session, row)
            self._audit(session, actor.operator, row, "ubah", retired)
            return OfficialSaved(_official_view(row), retired)

    def retire_official(self, official_id: int) -> OfficialSaved:
        """Stop an official signing new letters (they stay in the list as *nonaktif*)."""
        actor = self._context.require(Permission.EDIT_SETTINGS)
        with self._context.transaction() as session:
            row = self._active(session, official_id)
            others = session.exec(select(Pejabat).where(
                Pejabat.aktif, Pejabat.id != official_id)).first()
            if others is None:
                raise UserError(_(
                    "{nama} adalah satu-satunya penanda tangan. Tambahkan pejabat pengganti "
                    "lebih dulu, lalu nonaktifkan {nama}.").format(nama=row.nama))
            row.aktif = False
            session.add(row)
            settings = session.get(PengaturanSurat, 1)
            if settings is not None and settings.penanda_tangan_id == official_id:
                settings.penanda_tangan_id = None  # back to the default: the kepala signs
                session.add(settings)
            self._audit(session, actor.operator, row, "nonaktif", ())
            return OfficialSaved(_official_view(row))

    @staticmethod
    def _fill(row: Pejabat, official: OfficialInput) -> None:
        row.jabatan = _clean(official.jabatan)
        row.nama = _clean(official.nama)
        row.nip = _clean(official.nip)

    @staticmethod
    def _active(session: Session, official_id: int) -> Pejabat:
        row = session.get(Pejabat, official_id)
        if row is None or not row.aktif:
            raise UserError(_("Pejabat ini tidak ada atau sudah nonaktif. Muat ulang daftar."))
        return row

    @staticmethod
    def _retire_other_heads(session: Session, row: Pejabat) -> tuple[PejabatView, ...]:
        if row.peran != PeranPejabat.KEPALA:
            return ()
        others = session.exec(select(Pejabat).where(
            Pejabat.aktif, Pejabat.peran == PeranPejabat.KEPALA.value,
            Pejabat.id != row.id)).all()
        for other in others:
            other.aktif = False
            session.add(other)
        return tuple(_official_view(other) for other in others)

    @staticmethod
    def _audit(session: Session, operator: str, row: Pejabat, what: str,
               retired: tuple[PejabatView, ...]) -> None:
        detail: dict[str, object] = {"perubahan": what, "peran": row.peran}
        if retired:
            detail["menggantikan"] = [official.id for official in retired]
        audit_log.append(session, operator=operator, action=AuditAction.SETTINGS_CHANGE,
                         target_table="pejabat", target_uid=str(row.id), detail=detail)
