"""The intake log (layanan masuk): each request for help, as it reaches the desk.

Records who asked (pelapor) for whom (penerima), through which channel, what is needed and
how urgent, and the consent given — UU 27/2022 wants consent recorded and provable, with a
parent or guardian consenting for a child (art. 25).

Need categories are the codes of the shipped ``resources/referensi/kebutuhan.json`` (read
through :mod:`puskesos_desktop.services.reference`), the same list the assessment uses, so
an intake and its later assessment speak of needs in the same words.

Domicile rule: Puskesos services are for residents of the district. A beneficiary whose
household lies in another kabupaten/kota (or who is recorded as moved away) is still
logged — turning people away unrecorded helps nobody — but the intake is flagged with an
explanation of what the operator should do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlmodel import select

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.privacy import JenisPersetujuan
from puskesos_desktop.domain.registry_enums import (
    PemberiPersetujuan,
    SaluranLayanan,
    StatusDasar,
    Urgensi,
)
from puskesos_desktop.services.consent import record_in
from puskesos_desktop.services.context import ChangeKind, Changes, ServiceContext
from puskesos_desktop.services.reference import need_catalogue
from puskesos_desktop.services.registry_checks import clean_phone, clean_text
from puskesos_desktop.services.wilayah import region_index
from puskesos_desktop.store import journal
from puskesos_desktop.store.models import DeskProfile, Keluarga, LayananMasuk, Orang

ADULT_AGE = 18


@dataclass(frozen=True)
class IntakeInput:
    """The intake form. Leave the applicant empty when beneficiaries ask for themselves.

    ``waktu`` without a time zone is read as this computer's local time.
    """

    penerima_uid: str
    saluran: str
    uraian: str
    urgensi: str = Urgensi.BIASA.value
    kebutuhan: tuple[str, ...] = ()
    waktu: datetime | None = None
    pelapor_uid: str | None = None
    pelapor_nama: str = ""
    pelapor_telepon: str = ""
    pelapor_hubungan: str = ""
    setuju_diproses: bool = False
    setuju_dibagikan: bool = False
    persetujuan_tanggal: date | None = None
    persetujuan_dari: str = ""
    persetujuan_cara: str = ""  # domain.privacy.CaraPersetujuan; "" = tertulis


@dataclass(frozen=True)
class DomicileCheck:
    luar_wilayah: bool
    pesan: str


@dataclass(frozen=True)
class IntakeView:
    uid: str
    waktu: datetime
    saluran: str
    penerima_uid: str
    penerima_nama: str
    pelapor_uid: str | None
    pelapor_nama: str
    pelapor_telepon: str
    pelapor_hubungan: str
    uraian: str
    kebutuhan: tuple[str, ...]
    urgensi: str
    setuju_diproses: bool
    setuju_dibagikan: bool
    persetujuan_tanggal: date | None
    persetujuan_dari: str
    persetujuan_dicatat_oleh: str
    operator: str
    luar_wilayah: bool
    catatan_domisili: str


@dataclass(frozen=True)
class IntakeSaved:
    uid: str
    luar_wilayah: bool
    catatan_domisili: str
    changes: Changes = field(default_factory=lambda: Changes.of(ChangeKind.REGISTRY))


def need_choices() -> list[tuple[str, str]]:
    """``(code, label)`` of the need categories, for the form's check list."""
    return [(domain.code, domain.label) for domain in need_catalogue().domains]


def _kabupaten(code: str) -> str:
    """``33.20`` of any region code of that kabupaten/kota ("" when unknown)."""
    parts = code.split(".")
    return ".".join(parts[:2]) if len(parts) >= 2 else ""


def domicile_of(person: Orang, keluarga: Keluarga | None, desk_region: str) -> DomicileCheck:
    """The domicile rule as data, so the form can show the flag before saving."""
    if person.status_dasar == StatusDasar.PINDAH.value:
        return DomicileCheck(
            True,
            f"{person.nama} tercatat sudah pindah keluar. Pastikan ia masih tinggal di sini; "
            "jika ya, perbarui statusnya di data penduduk. Jika tidak, catat permohonan ini "
            "lalu arahkan ke Puskesos atau Dinas Sosial di daerah domisilinya.",
        )
    home = keluarga.kode_wilayah if keluarga is not None else ""
    ours, theirs = _kabupaten(desk_region), _kabupaten(home)
    if not ours or not theirs or ours == theirs:
        return DomicileCheck(False, "")
    index = region_index()
    our_name = getattr(index.get(ours), "nama", ours)
    their_name = getattr(index.get(theirs), "nama", theirs)
    return DomicileCheck(
        True,
        f"{person.nama} tidak berdomisili di {our_name}: alamat KK-nya di {their_name}. "
        "Layanan Puskesos diperuntukkan bagi warga setempat. Catat permohonan ini, jelaskan "
        f"kepada pemohon, lalu rujuk atau arahkan ke Puskesos atau Dinas Sosial {their_name}. "
        "Jika ia sudah menetap di sini, bantu mengurus surat pindah datang, lalu perbarui "
        "alamat KK-nya.",
    )


class IntakeService:
    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    def domicile_check(self, penerima_uid: str) -> DomicileCheck:
        with self._context.transaction() as session:
            person = _person(session, penerima_uid, "penerima")
            keluarga = session.get(Keluarga, person.keluarga_uid) if person.keluarga_uid else None
            profile = session.get(DeskProfile, 1)
            return domicile_of(person, keluarga, profile.kode_wilayah if profile else "")

    def record(self, data: IntakeInput) -> IntakeSaved:
        """Validate and log one intake (one transaction)."""
        actor = self._context.require_actor()
        with self._context.transaction() as session:
            person = _person(session, data.penerima_uid, "penerima")
            if person.status_dasar == StatusDasar.MENINGGAL.value:
                raise UserError(
                    f"{person.nama} tercatat sudah meninggal. Jika permohonan ini untuk "
                    "keluarganya, pilih anggota keluarga yang masih hidup sebagai penerima."
                )
            values = _values(data, person, today=date.today())
            if data.pelapor_uid:
                _person(session, data.pelapor_uid, "pelapor")
            keluarga = session.get(Keluarga, person.keluarga_uid) if person.keluarga_uid else None
            profile = session.get(DeskProfile, 1)
            flag = domicile_of(person, keluarga, profile.kode_wilayah if profile else "")
            consent_taken = values["setuju_diproses"] or values["setuju_dibagikan"]
            row = journal.create(
                session,
                actor,
                LayananMasuk(
                    **values,
                    persetujuan_dicatat_oleh=actor.operator if consent_taken else "",
                    operator=actor.operator,
                    luar_wilayah=flag.luar_wilayah,
                    catatan_domisili=flag.pesan[:500],
                ),
            )
            _ledger(session, actor, person, row, data.persetujuan_cara)
            return IntakeSaved(row.uid, flag.luar_wilayah, flag.pesan)

    def get(self, uid: str) -> IntakeView:
        with self._context.transaction() as session:
            row = session.get(LayananMasuk, uid)
            if row is None or row.deleted:
                raise UserError("Data layanan masuk tidak ditemukan.")
            person = session.get(Orang, row.penerima_uid)
            return intake_view(row, person.nama if person else "")

    def for_person(self, orang_uid: str) -> tuple[IntakeView, ...]:
        """A person's intakes (as beneficiary), newest first."""
        with self._context.transaction() as session:
            person = _person(session, orang_uid, "orang")
            rows = session.exec(
                select(LayananMasuk)
                .where(LayananMasuk.penerima_uid == orang_uid, ~LayananMasuk.deleted)
                .order_by(LayananMasuk.waktu.desc())  # type: ignore[union-attr]
            ).all()
            return tuple(intake_view(row, person.nama) for row in rows)


def _ledger(session, actor, person: Orang, row: LayananMasuk, cara: str) -> None:
    """Each consent ticked on the form also goes into the consent ledger."""
    for given, jenis in ((row.setuju_diproses, JenisPersetujuan.PROSES),
                         (row.setuju_dibagikan, JenisPersetujuan.BAGI)):
        if given:
            record_in(session, actor, person, jenis=jenis,
                      tanggal=row.persetujuan_tanggal or date.today(),
                      pemberi=row.persetujuan_dari, cara=cara, sumber_uid=row.uid,
                      today=date.today())


def _person(session, uid: str, role: str) -> Orang:
    person = session.get(Orang, uid)
    if person is None or person.deleted:
        raise UserError(f"Data {role} tidak ditemukan. Pilih orangnya lagi dari pencarian.")
    return person


def _values(data: IntakeInput, person: Orang, *, today: date) -> dict:
    """Column values of a valid intake, or a UserError listing every problem."""
    problems: list[str] = []
    channel = SaluranLayanan.parse(data.saluran)
    if channel is None:
        problems.append(f"Pilih saluran: {SaluranLayanan.accepted_text()}.")
    urgency = Urgensi.parse(data.urgensi)
    if urgency is None:
        problems.append(f"Pilih tingkat urgensi: {Urgensi.accepted_text()}.")
    uraian = (data.uraian or "").strip()
    if not uraian:
        problems.append("Tuliskan kebutuhan atau keluhannya.")
    elif len(uraian) > 2000:
        problems.append("Uraian terlalu panjang (lebih dari 2.000 huruf); ringkas dulu.")
    known = {code for code, _label in need_choices()}
    needs = tuple(dict.fromkeys(code.strip().upper() for code in data.kebutuhan if code.strip()))
    unknown = [code for code in needs if code not in known]
    if unknown:
        problems.append(
            f"Kategori kebutuhan tidak dikenal: {', '.join(unknown)}. Pilih dari daftar kebutuhan."
        )
    waktu = data.waktu or datetime.now(UTC)
    if waktu.tzinfo is None:
        waktu = waktu.astimezone()  # local wall-clock time as typed
    if waktu.astimezone(UTC).date() > today:
        problems.append("Waktu layanan belum terjadi. Periksa tanggalnya.")
    phone, phone_problems = clean_phone(data.pelapor_telepon, "pelapor_telepon")
    problems += [p.message for p in phone_problems]
    consent_values, consent_problems = _consent(data, person, today)
    problems += consent_problems
    if problems:
        raise UserError(
            "Layanan masuk belum dapat disimpan:\n" + "\n".join(f"• {p}" for p in problems)
        )
    return {
        "waktu": waktu.astimezone(UTC),
        "saluran": channel.value,  # type: ignore[union-attr]
        "penerima_uid": person.uid,
        "pelapor_uid": data.pelapor_uid or (None if data.pelapor_nama.strip() else person.uid),
        "pelapor_nama": clean_text(data.pelapor_nama)[:100],
        "pelapor_telepon": phone,
        "pelapor_hubungan": clean_text(data.pelapor_hubungan)[:60],
        "uraian": uraian,
        "kebutuhan": list(needs),
        "urgensi": urgency.value,  # type: ignore[union-attr]
        **consent_values,
    }


def _consent(data: IntakeInput, person: Orang, today: date) -> tuple[dict, list[str]]:
    problems: list[str] = []
    given = data.setuju_diproses or data.setuju_dibagikan
    if data.setuju_dibagikan and not data.setuju_diproses:
        problems.append("Persetujuan berbagi data memerlukan persetujuan pemrosesan data.")
    giver: PemberiPersetujuan | None = PemberiPersetujuan.SENDIRI  # the usual case
    if data.persetujuan_dari.strip():
        giver = PemberiPersetujuan.parse(data.persetujuan_dari)
        if giver is None:
            problems.append(f"Pilih pemberi persetujuan: {PemberiPersetujuan.accepted_text()}.")
    born = person.tanggal_lahir
    is_child = born is not None and _age(born, today) < ADULT_AGE
    if given and is_child and giver is PemberiPersetujuan.SENDIRI:
        problems.append(
            f"{person.nama} masih anak (di bawah {ADULT_AGE} tahun): persetujuan diberikan oleh "
            "orang tua atau wali (UU 27/2022 pasal 25)."
        )
    when = data.persetujuan_tanggal or (today if given else None)
    if when is not None and when > today:
        problems.append("Tanggal persetujuan belum terjadi. Periksa tanggalnya.")
    return {
        "setuju_diproses": data.setuju_diproses,
        "setuju_dibagikan": data.setuju_dibagikan,
        "persetujuan_tanggal": when if given else None,
        "persetujuan_dari": giver.value if (given and giver) else "",
    }, problems


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def intake_view(row: LayananMasuk, penerima_nama: str) -> IntakeView:
    return IntakeView(
        uid=row.uid,
        waktu=row.waktu,
        saluran=row.saluran,
        penerima_uid=row.penerima_uid,
        penerima_nama=penerima_nama,
        pelapor_uid=row.pelapor_uid,
        pelapor_nama=row.pelapor_nama,
        pelapor_telepon=row.pelapor_telepon,
        pelapor_hubungan=row.pelapor_hubungan,
        uraian=row.uraian,
        kebutuhan=tuple(row.kebutuhan),
        urgensi=row.urgensi,
        setuju_diproses=row.setuju_diproses,
        setuju_dibagikan=row.setuju_dibagikan,
        persetujuan_tanggal=row.persetujuan_tanggal,
        persetujuan_dari=row.persetujuan_dari,
        persetujuan_dicatat_oleh=row.persetujuan_dicatat_oleh,
        operator=row.operator,
        luar_wilayah=row.luar_wilayah,
        catatan_domisili=row.catatan_domisili,
    )
