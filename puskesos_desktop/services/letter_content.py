"""What goes on a referral letter, gathered from database rows, and its archived copy.

Kept apart from :mod:`services.letters` (numbering, signing, the register) so the rules of
*content* — who signs, how an address reads, which consent sentence — have one home. The
archived copy (:func:`snapshot` / :func:`from_snapshot`) lets a reprint show exactly what
was issued even after the person's data or the officials have changed since.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.numbering import DEFAULT_KODE, DEFAULT_PATTERN
from puskesos_desktop.domain.privacy import DataSurat, letter_fields
from puskesos_desktop.domain.registry_enums import (
    DerajatDisabilitas,
    JenisDisabilitas,
    JenisKelamin,
    PemberiPersetujuan,
)
from puskesos_desktop.i18n import _
from puskesos_desktop.letters.kop import Letterhead
from puskesos_desktop.letters.referral_data import (
    Addressee,
    Consent,
    LetterData,
    PersonIdentity,
    Signatory,
)
from puskesos_desktop.services.consent import share_method
from puskesos_desktop.services.reference import programme_catalogue
from puskesos_desktop.services.referral_types import LetterSettings
from puskesos_desktop.store.models import (
    Asesmen,
    AsesmenOrang,
    DeskProfile,
    Keluarga,
    Lembaga,
    Orang,
    Pejabat,
    PengaturanSurat,
    Rujukan,
)

DEFAULT_VALID_DAYS = 90
DEFAULT_FOLLOW_UP_DAYS = 14
_TERBILANG = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan",
              "sembilan", "sepuluh", "sebelas", "dua belas")
_GIVEN_BY = {
    PemberiPersetujuan.SENDIRI: "yang bersangkutan",
    PemberiPersetujuan.ORANG_TUA_WALI: "orang tua/wali yang bersangkutan",
    PemberiPersetujuan.KELUARGA: "keluarga yang bersangkutan",
    PemberiPersetujuan.PENDAMPING: "pendamping yang bersangkutan",
}


def _profile(session: Session) -> DeskProfile:
    profile = session.get(DeskProfile, 1)
    if profile is None:
        raise UserError(_("Aplikasi belum disiapkan."))
    return profile


def default_unit_code(profile: DeskProfile) -> str:
    """``2001`` for desa 33.20.01.2001 (OpenSID's kode desa); ``3320`` for a district."""
    parts = profile.kode_wilayah.split(".")
    return parts[-1] if profile.mode == "desa" else "".join(parts)


def default_tembusan(profile: DeskProfile) -> tuple[str, ...]:
    """Camat, Dinas Sosial, TKSK and the archive, as domain.md §8 lists them."""
    items = []
    if profile.nama_kecamatan:
        items.append(f"Camat {profile.nama_kecamatan}")
    items.append(f"Kepala Dinas Sosial {profile.nama_kabupaten}".strip())
    if profile.nama_kecamatan:
        items.append(f"TKSK Kecamatan {profile.nama_kecamatan}")
    items.append("Arsip")
    return tuple(items)


def read_settings(session: Session) -> LetterSettings:
    """The stored settings, or the defaults built from the profile before the first save."""
    row = session.get(PengaturanSurat, 1)
    if row is not None:
        return LetterSettings(row.pola_nomor, row.kode_klasifikasi, row.kode_unit,
                              row.masa_berlaku_hari, row.hari_tindak_lanjut, row.kertas,
                              row.penanda_tangan_id, tuple(row.tembusan))
    profile = _profile(session)
    return LetterSettings(DEFAULT_PATTERN, DEFAULT_KODE, default_unit_code(profile),
                          DEFAULT_VALID_DAYS, DEFAULT_FOLLOW_UP_DAYS, "A4", None,
                          default_tembusan(profile))


def _title(text: str) -> str:
    """Region names arrive in capitals from some sources; letters use normal case."""
    return text.title() if text.isupper() else text


def letterhead(profile: DeskProfile) -> Letterhead:
    return Letterhead(
        instansi=profile.kop_instansi, unit=profile.kop_unit, nama=profile.kop_nama,
        alamat=profile.alamat, kode_pos=profile.kode_pos, telepon=profile.telepon,
        email=profile.email, logo_png=profile.logo_png,
    )


def issuer(profile: DeskProfile) -> str:
    """"Puskesos Desa Kedungmalang": who refers, and where the slip goes back."""
    if profile.mode == "dinas":
        return f"Dinas Sosial {_title(profile.nama_kabupaten)}"
    return f"Puskesos {_title(profile.kop_nama)}"


def place(profile: DeskProfile) -> str:
    """The town written before the date: the village, or the district without its prefix."""
    name = profile.nama_desa if profile.mode == "desa" else profile.nama_kabupaten
    return _title(name.removeprefix("Kabupaten ").removeprefix("Kota "))


def signatory(session: Session, settings: LetterSettings) -> Signatory:
    """The chosen official, or the head; anyone else signs "a.n." the head."""
    officials = session.exec(select(Pejabat).where(Pejabat.aktif).order_by(Pejabat.id)).all()
    if not officials:
        raise UserError(
            _(
                "Belum ada pejabat penanda tangan. Tambahkan kepala desa atau koordinator di "
                "profil desk sebelum menerbitkan surat."
            )
        )
    head = next((o for o in officials if o.peran == "kepala"), None)
    chosen = next((o for o in officials if o.id == settings.penanda_tangan_id), None)
    chosen = chosen or head or officials[0]
    atas_nama = head.jabatan if head is not None and chosen is not head else ""
    return Signatory(jabatan=chosen.jabatan, nama=chosen.nama, nomor_induk=chosen.nip,
                     atas_nama=atas_nama)


def _address(keluarga: Keluarga | None) -> tuple[str, str, str]:
    if keluarga is None:
        return "", "", ""
    street = keluarga.alamat
    if keluarga.dusun and keluarga.dusun.lower() not in street.lower():
        street = ", ".join(p for p in (street, f"Dusun {keluarga.dusun}") if p)
    return street, keluarga.rt, keluarga.rw


def _disability(person: Orang) -> str:
    kind = JenisDisabilitas.parse(person.disabilitas) if person.disabilitas else None
    if kind is None:
        return person.disabilitas
    degree = DerajatDisabilitas.parse(person.disabilitas_derajat)
    return f"{kind.label} ({degree.label.lower()})" if degree else kind.label


def _programmes(session: Session, person: Orang) -> str:
    """Programmes the latest final assessment recorded for the household and the person."""
    if not person.keluarga_uid:
        return ""
    latest = session.exec(
        select(Asesmen).where(Asesmen.keluarga_uid == person.keluarga_uid, ~Asesmen.deleted,
                              Asesmen.status == "FINAL")
        .order_by(col(Asesmen.tanggal).desc(), col(Asesmen.created_at).desc())
    ).first()
    if latest is None:
        return ""
    codes = set(latest.program_diterima or ())
    member = session.exec(select(AsesmenOrang).where(
        AsesmenOrang.asesmen_uid == latest.uid, AsesmenOrang.orang_uid == person.uid,
        ~AsesmenOrang.deleted)).first()
    if member is not None:
        codes.update(member.program_diterima)
    names = {p.code: p.name for p in programme_catalogue().programmes}
    return ", ".join(sorted(names.get(code, code) for code in codes))


def person_identity(session: Session, person: Orang, jenis_lembaga: str) -> PersonIdentity:
    """The identity block for a letter to this kind of destination, minimised: fields the
    destination does not need are left empty, so not even the archived copy holds them."""
    shown = letter_fields(jenis_lembaga)

    def needed(key: DataSurat, value: str) -> str:
        return value if key in shown else ""

    keluarga = session.get(Keluarga, person.keluarga_uid) if person.keluarga_uid else None
    street, rt, rw = _address(keluarga)
    sex = JenisKelamin.parse(person.jenis_kelamin)
    return PersonIdentity(
        nama=person.nama, tempat_lahir=person.tempat_lahir, tanggal_lahir=person.tanggal_lahir,
        jenis_kelamin=sex.label if sex else person.jenis_kelamin, alamat=street, rt=rt, rw=rw,
        nik=needed(DataSurat.NIK, person.nik or ""),
        no_kk=needed(DataSurat.NO_KK, (keluarga.no_kk or "") if keluarga else ""),
        pekerjaan=needed(DataSurat.PEKERJAAN, person.pekerjaan),
        desil=keluarga.desil if keluarga and DataSurat.DESIL in shown else None,
        disabilitas=needed(DataSurat.DISABILITAS, _disability(person)),
        penyakit_kronis=needed(DataSurat.PENYAKIT, person.penyakit_kronis),
        program=_programmes(session, person) if DataSurat.PROGRAM in shown else "",
        fields=tuple(field.value for field in shown),
    )


def lampiran(documents: list[str]) -> str:
    count = len(documents)
    if count == 0:
        return "-"
    words = _TERBILANG[count] if count < len(_TERBILANG) else str(count)
    return f"{count} ({words}) berkas"


def build_letter(
    session: Session, referral: Rujukan, settings: LetterSettings, *, number: str,
    issued: date, valid_until: date,
) -> LetterData:
    """The letter without its QR (the caller signs once the number and id are fixed)."""
    profile = _profile(session)
    person = session.get(Orang, referral.orang_uid)
    lembaga = session.get(Lembaga, referral.lembaga_uid)
    if person is None or lembaga is None:
        raise UserError(_("Data warga atau lembaga tujuan rujukan ini tidak lengkap."))
    giver = PemberiPersetujuan.parse(referral.persetujuan_dari) or PemberiPersetujuan.SENDIRI
    method = share_method(session, referral.uid, referral.orang_uid, referral.lembaga_uid)
    return LetterData(
        letterhead=letterhead(profile),
        issuer=issuer(profile),
        number=number,
        place=place(profile),
        issued=issued,
        addressee=Addressee(jabatan=lembaga.jabatan_penerima or f"Pimpinan {lembaga.nama}",
                            lembaga=lembaga.nama, alamat=lembaga.alamat),
        person=person_identity(session, person, lembaga.jenis),
        reason=referral.alasan,
        consent=Consent(given_on=referral.persetujuan_tanggal or issued,
                        given_by=_GIVEN_BY.get(giver, "yang bersangkutan"),
                        how=method.phrase if method else ""),
        signatory=signatory(session, settings),
        perihal=referral.perihal,
        lampiran=lampiran(referral.dokumen_dibawa),
        services=tuple(referral.layanan_diminta),
        attachments=tuple(referral.dokumen_dibawa),
        tembusan=settings.tembusan,
        valid_until=valid_until,
        return_code=referral.kode_balik,
    )


# --- archived copy -------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def snapshot(data: LetterData) -> dict[str, Any]:
    """JSON-ready copy of the letter; the logo is left out (it is taken fresh on reprint)."""
    content = {field.name: getattr(data, field.name) for field in dataclasses.fields(data)}
    content = {k: dataclasses.asdict(v) if dataclasses.is_dataclass(v) else v
               for k, v in content.items()}
    content["letterhead"].pop("logo_png", None)
    return _plain(content)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def from_snapshot(content: dict[str, Any], logo_png: bytes | None) -> LetterData:
    person = dict(content["person"], tanggal_lahir=_day(content["person"]["tanggal_lahir"]))
    if "fields" in person:
        person["fields"] = tuple(person["fields"])
    return LetterData(
        **{key: value for key, value in content.items() if key not in _NESTED},
        letterhead=Letterhead(**content["letterhead"], logo_png=logo_png),
        issued=date.fromisoformat(content["issued"]),
        valid_until=_day(content.get("valid_until")),
        addressee=Addressee(**content["addressee"]),
        person=PersonIdentity(**person),
        consent=Consent(given_on=date.fromisoformat(content["consent"]["given_on"]),
                        given_by=content["consent"]["given_by"],
                        how=content["consent"].get("how", "")),
        signatory=Signatory(**content["signatory"]),
        services=tuple(content.get("services", ())),
        attachments=tuple(content.get("attachments", ())),
        tembusan=tuple(content.get("tembusan", ())),
    )


_NESTED = {"letterhead", "issued", "valid_until", "addressee", "person", "consent",
           "signatory", "services", "attachments", "tembusan"}
