"""Checks of the referral form and the return code: what a valid referral holds.

Split from :mod:`services.referral` so the status logic there stays readable; every problem
of a form is collected and reported at once, as the intake form does.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from sqlmodel import Session

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.referral_state import DEFAULT_PERIHAL
from puskesos_desktop.domain.registry_enums import PemberiPersetujuan, StatusDasar, Urgensi
from puskesos_desktop.services.intake import ADULT_AGE
from puskesos_desktop.services.referral_types import ReferralInput
from puskesos_desktop.store.models import Lembaga, Orang, PengaturanSurat

DEFAULT_FOLLOW_UP_DAYS = 14
_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud and typed


def new_return_code() -> str:
    """``RB-7K3Q-9M``: short, unambiguous, typed by the operator when the slip comes back."""
    chars = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(6))
    return f"RB-{chars[:4]}-{chars[4:]}"


def normalise_return_code(text: str) -> str:
    """What the operator typed, in the stored form (case, spaces and dashes forgiven)."""
    raw = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    raw = raw.removeprefix("RB")
    return f"RB-{raw[:4]}-{raw[4:]}" if len(raw) == 6 else ""


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _clean_list(items: tuple[str, ...], limit: int, what: str, problems: list[str]) -> list[str]:
    cleaned = list(dict.fromkeys(" ".join(item.split()) for item in items if item.strip()))
    if any(len(item) > limit for item in cleaned):
        problems.append(f"Setiap {what} paling panjang {limit} huruf; ringkas isiannya.")
    if len(cleaned) > 12:
        problems.append(f"Terlalu banyak {what} (maksimal 12).")
    return cleaned


def referral_values(session: Session, data: ReferralInput, today: date) -> dict:
    """Column values of a valid referral, or one UserError listing every problem."""
    problems: list[str] = []
    person = session.get(Orang, data.orang_uid)
    if person is None or person.deleted:
        raise UserError("Data warga tidak ditemukan. Pilih orangnya lagi dari pencarian.")
    if person.status_dasar == StatusDasar.MENINGGAL.value:
        problems.append(f"{person.nama} tercatat sudah meninggal; rujukan tidak dapat dibuat.")
    lembaga = session.get(Lembaga, data.lembaga_uid) if data.lembaga_uid else None
    if lembaga is None or lembaga.deleted:
        problems.append("Pilih lembaga tujuan rujukan.")
    alasan = (data.alasan or "").strip()
    if not alasan:
        problems.append("Tuliskan alasan rujukan.")
    elif len(alasan) > 3000:
        problems.append("Alasan rujukan terlalu panjang (lebih dari 3.000 huruf); ringkas dulu.")
    urgency = Urgensi.parse(data.urgensi)
    if urgency is None:
        problems.append(f"Pilih tingkat urgensi: {Urgensi.accepted_text()}.")
    services = _clean_list(data.layanan_diminta, 150, "layanan yang dimohon", problems)
    documents = _clean_list(data.dokumen_dibawa, 80, "dokumen", problems)
    perihal = " ".join((data.perihal or "").split()) or DEFAULT_PERIHAL
    if len(perihal) > 120:
        problems.append("Perihal surat terlalu panjang (maksimal 120 huruf).")
    due = data.tanggal_tindak_lanjut
    if due is None:
        settings = session.get(PengaturanSurat, 1)
        days = settings.hari_tindak_lanjut if settings else DEFAULT_FOLLOW_UP_DAYS
        due = today + timedelta(days=days)
    elif due < today:
        problems.append("Tanggal tindak lanjut sudah lewat; pilih tanggal hari ini atau nanti.")
    consent = _consent(data, person, today, problems)
    if problems:
        raise UserError("Rujukan belum dapat disimpan:\n" + "\n".join(f"• {p}" for p in problems))
    return {
        "orang_uid": person.uid,
        "keluarga_uid": person.keluarga_uid,
        "lembaga_uid": lembaga.uid,  # type: ignore[union-attr]
        "alasan": alasan,
        "urgensi": urgency.value,  # type: ignore[union-attr]
        "layanan_diminta": services,
        "dokumen_dibawa": documents,
        "perihal": perihal,
        "tanggal_tindak_lanjut": due,
        "layanan_masuk_uid": data.layanan_masuk_uid or None,
        "asesmen_uid": data.asesmen_uid or None,
        **consent,
    }


def _consent(data: ReferralInput, person: Orang, today: date, problems: list[str]) -> dict:
    """Consent to share with this destination; a child's comes from a parent or guardian."""
    if not data.setuju_dibagikan:
        return {"setuju_dibagikan": False, "persetujuan_dari": "", "persetujuan_tanggal": None}
    giver = PemberiPersetujuan.parse(data.persetujuan_dari or PemberiPersetujuan.SENDIRI.value)
    if giver is None:
        problems.append(f"Pilih pemberi persetujuan: {PemberiPersetujuan.accepted_text()}.")
    born = person.tanggal_lahir
    if born is not None and _age(born, today) < ADULT_AGE and giver is PemberiPersetujuan.SENDIRI:
        problems.append(
            f"{person.nama} masih anak (di bawah {ADULT_AGE} tahun): persetujuan berbagi data "
            "diberikan oleh orang tua atau wali (UU 27/2022 pasal 25)."
        )
    when = data.persetujuan_tanggal or today
    if when > today:
        problems.append("Tanggal persetujuan belum terjadi. Periksa tanggalnya.")
    return {"setuju_dibagikan": True, "persetujuan_dari": giver.value if giver else "",
            "persetujuan_tanggal": when}
