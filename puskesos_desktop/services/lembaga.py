"""The service directory (lembaga layanan): where the desk refers people.

Entries are ``lokal`` (typed at this desk) or ``dinas`` (published by the district office
and arriving by bundle). A village desk may not edit a district entry: the district keeps
one spelling and one addressee for every village, and a local edit would be overwritten by
the next bundle anyway. A district desk (mode ``dinas``) writes ``dinas`` entries itself.

``melayani`` holds codes of the need categories (``kebutuhan.json``) and/or PPKS codes, so
the referral form can suggest services that fit the person's needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import select

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.registry_enums import Choice
from puskesos_desktop.i18n import _
from puskesos_desktop.services.context import ChangeKind, Changes, ServiceContext
from puskesos_desktop.services.reference import need_catalogue, ppks_catalogue
from puskesos_desktop.services.registry_checks import clean_text
from puskesos_desktop.store import journal
from puskesos_desktop.store.models import DeskProfile, Lembaga

RUJUKAN_CHANGED = Changes.of(ChangeKind.RUJUKAN)
SUMBER_LOKAL = "lokal"
SUMBER_DINAS = "dinas"


class JenisLembaga(Choice):
    DINSOS = "DINSOS", "Dinas Sosial"
    PUSKESMAS = "PUSKESMAS", "Puskesmas"
    RUMAH_SAKIT = "RUMAH_SAKIT", "Rumah sakit/RSUD", "RSUD", "RS"
    DUKCAPIL = "DUKCAPIL", "Dukcapil"
    SEKOLAH = "SEKOLAH", "Sekolah/madrasah"
    BPJS = "BPJS", "BPJS Kesehatan"
    PKH = "PKH", "Pendamping PKH"
    LKS = "LKS", "LKS/panti sosial", "PANTI"
    PPA = "PPA", "Kepolisian/UPTD PPA", "KEPOLISIAN", "UPTD PPA"
    TKSK = "TKSK", "TKSK"
    LAINNYA = "LAINNYA", "Lainnya"


@dataclass(frozen=True)
class LembagaInput:
    nama: str
    jenis: str
    jabatan_penerima: str = ""
    alamat: str = ""
    telepon: str = ""
    email: str = ""
    jam_layanan: str = ""
    melayani: tuple[str, ...] = ()
    catatan: str = ""
    aktif: bool = True


@dataclass(frozen=True)
class LembagaView:
    uid: str
    nama: str
    jenis: str
    jabatan_penerima: str
    alamat: str
    telepon: str
    email: str
    jam_layanan: str
    melayani: tuple[str, ...]
    catatan: str
    sumber: str
    aktif: bool
    dapat_diubah: bool

    @property
    def jenis_label(self) -> str:
        member = JenisLembaga.parse(self.jenis)
        return member.label if member else self.jenis

    @property
    def penerima_surat(self) -> str:
        """Whom the letter is addressed to: the head's title, or the institution itself."""
        return self.jabatan_penerima or f"Pimpinan {self.nama}"


@dataclass(frozen=True)
class LembagaSaved:
    uid: str
    changes: Changes = field(default_factory=lambda: RUJUKAN_CHANGED)


def service_codes() -> list[tuple[str, str]]:
    """``(code, label)`` of what an entry can serve: need categories, then PPKS."""
    needs = [(domain.code, domain.label) for domain in need_catalogue().domains]
    ppks = [(c.code, f"PPKS: {c.name}") for c in ppks_catalogue().categories]
    return needs + ppks


def lembaga_view(row: Lembaga, desk_mode: str) -> LembagaView:
    return LembagaView(
        uid=row.uid, nama=row.nama, jenis=row.jenis, jabatan_penerima=row.jabatan_penerima,
        alamat=row.alamat, telepon=row.telepon, email=row.email, jam_layanan=row.jam_layanan,
        melayani=tuple(row.melayani), catatan=row.catatan, sumber=row.sumber, aktif=row.aktif,
        dapat_diubah=row.sumber == SUMBER_LOKAL or desk_mode == "dinas",
    )


def _desk_mode(session) -> str:
    profile = session.get(DeskProfile, 1)
    return profile.mode if profile else "desa"


def _values(data: LembagaInput) -> dict:
    problems: list[str] = []
    nama = clean_text(data.nama)
    if not nama:
        problems.append(_("Isi nama lembaga."))
    elif len(nama) > 120:
        problems.append(_("Nama lembaga terlalu panjang (maksimal 120 huruf)."))
    jenis = JenisLembaga.parse(data.jenis)
    if jenis is None:
        problems.append(
            _("Pilih jenis lembaga: {choices}.").format(choices=JenisLembaga.accepted_text())
        )
    known = {code for code, _label in service_codes()}
    melayani = tuple(dict.fromkeys(c.strip().upper() for c in data.melayani if c.strip()))
    unknown = [code for code in melayani if code not in known]
    if unknown:
        problems.append(_("Kode layanan tidak dikenal: {codes}.").format(codes=", ".join(unknown)))
    limits = {"jabatan_penerima": 120, "alamat": 250, "telepon": 40, "email": 100,
              "jam_layanan": 120, "catatan": 500}
    texts = {name: clean_text(getattr(data, name)) for name in limits}
    for name, limit in limits.items():
        if len(texts[name]) > limit:
            problems.append(
                _("Isian {field} terlalu panjang (maksimal {limit}).").format(
                    field=name.replace("_", " "), limit=limit
                )
            )
    if problems:
        listed = "\n".join(f"• {p}" for p in problems)
        raise UserError(_("Data lembaga belum dapat disimpan:\n{problems}").format(problems=listed))
    return {"nama": nama, "jenis": jenis.value, "melayani": list(melayani),  # type: ignore[union-attr]
            "aktif": bool(data.aktif), **texts}


class LembagaService:
    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    def list(self, *, include_inactive: bool = False, text: str = "") -> list[LembagaView]:
        """Entries by name; inactive ones only when asked (the directory editor shows them)."""
        with self._context.transaction() as session:
            query = select(Lembaga).where(~Lembaga.deleted)
            if not include_inactive:
                query = query.where(Lembaga.aktif)
            needle = text.strip().lower()
            mode = _desk_mode(session)
            rows = session.exec(query.order_by(Lembaga.nama)).all()
            return [
                lembaga_view(row, mode) for row in rows
                if not needle or needle in row.nama.lower() or needle in row.alamat.lower()
            ]

    def get(self, uid: str) -> LembagaView:
        with self._context.transaction() as session:
            row = session.get(Lembaga, uid)
            if row is None or row.deleted:
                raise UserError(_("Lembaga tidak ditemukan. Pilih lagi dari daftar lembaga."))
            return lembaga_view(row, _desk_mode(session))

    def create(self, data: LembagaInput) -> LembagaSaved:
        actor = self._context.require_actor()
        values = _values(data)
        with self._context.transaction() as session:
            sumber = SUMBER_DINAS if _desk_mode(session) == "dinas" else SUMBER_LOKAL
            _refuse_duplicate_name(session, values["nama"], None)
            row = journal.create(session, actor, Lembaga(**values, sumber=sumber))
            return LembagaSaved(row.uid)

    def update(self, uid: str, data: LembagaInput) -> LembagaSaved:
        actor = self._context.require_actor()
        values = _values(data)
        with self._context.transaction() as session:
            row = session.get(Lembaga, uid)
            if row is None or row.deleted:
                raise UserError(_("Lembaga tidak ditemukan. Pilih lagi dari daftar lembaga."))
            if not lembaga_view(row, _desk_mode(session)).dapat_diubah:
                raise UserError(
                    _(
                        "{nama} berasal dari Dinas Sosial dan tidak dapat diubah di desa. Jika "
                        "datanya salah, laporkan ke Dinas Sosial; perbaikannya akan datang lewat "
                        "paket sinkronisasi."
                    ).format(nama=row.nama)
                )
            _refuse_duplicate_name(session, values["nama"], uid)
            journal.update(session, actor, row, **values)
            return LembagaSaved(uid)


def _refuse_duplicate_name(session, nama: str, own_uid: str | None) -> None:
    rows = session.exec(select(Lembaga).where(~Lembaga.deleted)).all()
    for row in rows:
        if row.uid != own_uid and row.nama.casefold() == nama.casefold():
            raise UserError(
                _(
                    "Lembaga bernama {nama} sudah ada di daftar. Pakai yang sudah ada, atau "
                    "bedakan namanya (mis. tambahkan nama kecamatan)."
                ).format(nama=row.nama)
            )
