"""Turn a computed :class:`Rekap` or :class:`AgendaSurat` into PDF or XLSX bytes.

The desk supplies what a paper needs around the figures: the letterhead and paper size of
its letters (``letter_content``), the head of office who signs "Mengetahui", and the name of
the operator who made the report. Neither writer sees the database.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.i18n import _
from puskesos_desktop.letters.paper import paper as paper_named
from puskesos_desktop.letters.referral_data import Signatory
from puskesos_desktop.reports.model import AgendaSurat, Rekap
from puskesos_desktop.reports.pdf_parts import Pengesahan
from puskesos_desktop.services.letter_content import letterhead, read_settings
from puskesos_desktop.services.reports_types import FormatLaporan
from puskesos_desktop.store.models import DeskProfile, Operator, Pejabat

__all__ = ["default_paper", "operator_name", "render_agenda", "render_rekap"]


def _profile(session: Session) -> DeskProfile:
    profile = session.get(DeskProfile, 1)
    if profile is None:
        raise UserError(_("Profil desk belum diisi. Lengkapi kop surat di Pengaturan."))
    return profile


def _head(session: Session) -> Signatory | None:
    """The head of office (kepala desa / kepala dinas), or the first official; None if none."""
    officials = session.exec(select(Pejabat).where(Pejabat.aktif).order_by(Pejabat.id)).all()
    chosen = next(
        (o for o in officials if o.peran == "kepala"), officials[0] if officials else None
    )
    if chosen is None:
        return None
    return Signatory(jabatan=chosen.jabatan, nama=chosen.nama, nomor_induk=chosen.nip)


def operator_name(session: Session, username: str) -> str:
    """The operator's full name for "dibuat oleh" and the signature (username as fallback)."""
    if not username:
        return ""
    row = session.exec(select(Operator).where(Operator.username == username)).first()
    return row.nama if row is not None and row.nama else username


def _signing(session: Session, profile: DeskProfile, maker: str, today: date) -> Pengesahan:
    if profile.mode == "dinas":
        place = profile.nama_kabupaten.title().removeprefix("Kabupaten ").removeprefix("Kota ")
        role = "Petugas Dinas Sosial"
    else:
        place = profile.nama_desa.title()
        role = "Operator Puskesos"
    return Pengesahan(place, today, _head(session), role, maker)


def default_paper(session: Session) -> str:
    """The paper the desk's letters use (Pengaturan surat): reports start on it too."""
    return read_settings(session).kertas


def render_rekap(
    session: Session, rekap: Rekap, fmt: FormatLaporan, *, today: date, kertas: str | None = None
) -> bytes:
    """``kertas`` "A4"/"F4" (the print preview's choice); None = the desk's letter paper."""
    if fmt == FormatLaporan.XLSX:
        from puskesos_desktop.reports.rekap_xlsx import render_rekap_xlsx

        return render_rekap_xlsx(rekap)
    from puskesos_desktop.reports.rekap_pdf import render_rekap_pdf

    profile = _profile(session)
    sheet = paper_named(kertas or default_paper(session))
    sign = _signing(session, profile, rekap.dibuat_oleh, today)
    return render_rekap_pdf(rekap, letterhead(profile), sheet, sign)


def render_agenda(
    session: Session,
    agenda: AgendaSurat,
    fmt: FormatLaporan,
    *,
    maker: str,
    today: date,
    kertas: str | None = None,
) -> bytes:
    from puskesos_desktop.reports.agenda import render_agenda_pdf, render_agenda_xlsx

    if fmt == FormatLaporan.XLSX:
        return render_agenda_xlsx(agenda)
    profile = _profile(session)
    sheet = paper_named(kertas or default_paper(session))
    sign = _signing(session, profile, maker, today)
    return render_agenda_pdf(agenda, letterhead(profile), sheet, sign)
