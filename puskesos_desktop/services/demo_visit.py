"""What the demo's officer writes down on a home visit: a plausible assessment form.

Builds the form an officer saves after a visit, with members and ages as on the visit day
(no earlier assessment to carry over, so not :meth:`AssessmentService.new_input`, whose
reads would cost a fifth of the demo's time), and what an officer would see: the house
(poorer households live on earth floors behind bamboo walls and cook on firewood), assets,
income, programmes already received, each member's schooling, illness and health
insurance, and the PPKS categories and needs of the request. Only codes of the shipped
reference lists are used, so the service's own checks pass and the score is computed by
the real rules.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, select

from puskesos_desktop.domain.assessment_enums import MetodeAsesmen
from puskesos_desktop.domain.assessment_facts import JenjangSekolah, StatusSekolah
from puskesos_desktop.services import demo_cases as cases
from puskesos_desktop.services.assessment_types import AssessmentInput, MemberInput, PpksInput
from puskesos_desktop.services.demo_cases import PETUGAS, CaseKind
from puskesos_desktop.store.models import Keluarga, Orang

# (poorer choice, middle choice, better-off choice) per single-choice sosek variable.
_HOUSE = {
    "status_bangunan": ("milik_sendiri", "milik_sendiri", "milik_sendiri"),
    "lantai": ("tanah", "semen", "keramik"),
    "dinding": ("anyaman_bambu", "plesteran_bambu", "tembok"),
    "atap": ("seng", "asbes", "genteng"),
    "air_minum": ("sumur_tak_terlindung", "sumur_terlindung", "isi_ulang"),
    "penerangan": ("pln_tanpa_meteran", "pln_meteran", "pln_meteran"),
    "bahan_bakar": ("kayu_bakar", "lpg_3", "lpg_3"),
    "fasilitas_bab": ("tidak_ada", "bersama", "sendiri"),
}
_ASSETS = (
    ("smartphone",),
    ("televisi", "smartphone", "sepeda"),
    ("televisi", "smartphone", "sepeda_motor", "lemari_es"),
)
_INCOME = {
    "Petani": "pertanian",
    "Buruh tani": "buruh_harian",
    "Nelayan": "pertanian",
    "Buruh harian lepas": "buruh_harian",
    "Pedagang": "usaha",
    "Tukang kayu": "buruh_harian",
    "Karyawan swasta": "karyawan",
    "Pekerja migran": "kiriman",
}
_ILLNESS = {
    "Hipertensi": "hipertensi",
    "Diabetes": "diabetes",
    "TBC": "tbc",
    "Stroke": "stroke",
    "Gagal ginjal": "gagal_ginjal",
}
_RESULTS = ("MASIH_LAYAK", "TIDAK_LAYAK_LAGI", "PINDAH", "TIDAK_DITEMUKAN")
_CHILD_PPKS = {"PD": "ADK", "LUT": "FM"}
_RECOMMEND = {
    "DINSOS": "Dirujuk ke Dinas Sosial untuk {layanan}.",
    "PUSKESMAS": "Dirujuk ke puskesmas untuk {layanan}.",
    "RUMAH_SAKIT": "Dirujuk ke RSUD untuk {layanan}.",
    "DUKCAPIL": "Dibantu mengurus ke Dukcapil: {layanan}.",
    "SEKOLAH": "Dikoordinasikan dengan sekolah: {layanan}.",
    "BPJS": "Diusulkan ke BPJS Kesehatan: {layanan}.",
    "PKH": "Disampaikan ke pendamping PKH: {layanan}.",
    "TKSK": "Disampaikan ke TKSK kecamatan: {layanan}.",
    "PPA": "Dirujuk ke UPTD PPA: {layanan}.",
}


def level_of(desil: int | None) -> int:
    """0 = poorest (desil 1–2), 1 = desil 3–4 or unknown, 2 = better off (desil 5+)."""
    if desil is None:
        return 1
    return 0 if desil <= 2 else 1 if desil <= 4 else 2


@dataclass(frozen=True)
class Resident:
    """What the demo knows of a registered person (read once from the registry)."""

    uid: str
    nama: str
    sex: str
    born: date | None
    hubungan: str
    keluarga_uid: str | None
    desil: int | None
    desil_diperiksa: date | None
    pekerjaan: str
    penyakit: str
    disabilitas: str
    derajat: str

    def age(self, on: date) -> int:
        if self.born is None:
            return 40
        return on.year - self.born.year - ((on.month, on.day) < (self.born.month, self.born.day))


def visit_form(
    rnd: random.Random,
    household: list[Resident],
    *,
    kind: CaseKind,
    subject: Resident,
    intake_uid: str,
    tujuan: str,
    on: date,
) -> AssessmentInput:
    """The form as the officer saves it after visiting ``household`` on ``on``.

    Members are those already born that day, eldest first, as the form lists them.
    """
    level = level_of(subject.desil)
    if rnd.random() < 0.25:  # houses vary within a desil
        level = min(2, max(0, level + rnd.choice((-1, 1))))
    sosek = {name: options[level] for name, options in _HOUSE.items()}
    if sosek["fasilitas_bab"] != "tidak_ada":
        sosek["jenis_kloset"] = "leher_angsa" if level else "cemplung"
    if sosek["penerangan"] == "pln_meteran":
        sosek["daya_listrik"] = "va900" if level == 2 else "va450"
    present = sorted(
        (p for p in household if p.born is None or p.born <= on),
        key=lambda p: (p.born or date.max, p.nama),
    )
    alone = len(present) == 1
    members = tuple(_member(rnd, person, on, level, alone) for person in present)
    child = subject.age(on) < 18
    codes = [(_CHILD_PPKS.get(code, code) if child else code) for code in kind.ppks[:1]]
    if len(kind.ppks) > 1 and rnd.random() < 0.4:
        codes.append(kind.ppks[1])
    if level == 0 and "FM" not in codes and rnd.random() < 0.5:
        codes.append("FM")
    ppks = tuple(
        PpksInput(code, "Hasil kunjungan dan keterangan keluarga", subject.uid)
        for code in dict.fromkeys(codes)
    )
    incomes = {_INCOME.get(person.pekerjaan, "") for person in present}
    programmes = (
        ("PKH", "BPNT", "PBI_JK")[: rnd.randint(1, 3)]
        if level == 0
        else ("PBI_JK",)
        if level == 1 and rnd.random() < 0.5
        else ()
    )
    layanan = (kind.layanan or ("tindak lanjut",))[0]
    checked = subject.desil_diperiksa
    if checked is not None and checked > on:  # the registry holds a later DTSEN check
        checked = on.replace(day=1)
    return AssessmentInput(
        keluarga_uid=subject.keluarga_uid or "",
        tanggal=on,
        petugas=rnd.choice(PETUGAS),
        metode=rnd.choices([m.value for m in MetodeAsesmen], weights=(70, 25, 5))[0],
        orang_uid=subject.uid,
        layanan_uid=intake_uid,
        ppks=ppks,
        kebutuhan=kind.kebutuhan,
        sosek=sosek,
        aset=_ASSETS[level][: rnd.randint(0, len(_ASSETS[level]))],
        ternak=("kambing_domba",) if level and rnd.random() < 0.2 else (),
        sumber_penghasilan=tuple(sorted(incomes - {""})) or ("tidak_ada",),
        program_diterima=programmes,
        punya_kks=level == 0 and rnd.random() < 0.7,
        pernah_bantuan_rumah=False,
        kehilangan_mata_pencaharian=kind.key == "kerja",
        luas_lantai=float(rnd.randrange(18, 36) if level == 0 else rnd.randrange(30, 90)),
        jumlah_anggota=len(members),
        desil=subject.desil,
        desil_diperiksa=checked,
        anggota=members,
        pengamatan=_observation(level, alone),
        rekomendasi=(
            _RECOMMEND.get(tujuan, "").format(layanan=layanan.lower())
            or "Dicatat untuk usulan musyawarah desa (DTSEN)."
        ),
    )


def _member(rnd: random.Random, person: Resident, on: date, level: int, alone: bool) -> MemberInput:
    age = person.age(on)
    school: dict = {}
    if 7 <= age <= 17:
        jenjang = (
            JenjangSekolah.SD
            if age <= 12
            else JenjangSekolah.SMP
            if age <= 15
            else JenjangSekolah.SMA
        )
        dropped = level == 0 and age >= 13 and rnd.random() < 0.3
        school = {
            "status_sekolah": (
                StatusSekolah.TIDAK_SEKOLAH_LAGI if dropped else StatusSekolah.MASIH_SEKOLAH
            ).value,
            "jenjang_sekolah": jenjang.value,
            "punya_akta_lahir": rnd.random() < 0.9,
        }
    illness = _ILLNESS.get(person.penyakit)
    insured = (
        ("pbi_jkn",)
        if level < 2 and rnd.random() < 0.6
        else (("jkn_mandiri",) if rnd.random() < 0.5 else ())
    )
    return MemberInput(
        nama=person.nama,
        orang_uid=person.uid,
        umur=age,
        jenis_kelamin=person.sex,
        **school,
        disabilitas=person.derajat.lower() if person.disabilitas else "",
        penyakit_kronis=(illness,) if illness else (),
        jaminan_kesehatan=insured,
        lansia_tinggal_sendiri=alone if age >= 60 else None,
        kesulitan={"berjalan": 2} if person.disabilitas else {},
    )


def _observation(level: int, alone: bool) -> str:
    house = (
        "Rumah berlantai tanah, dinding anyaman bambu, memasak dengan kayu bakar.",
        "Rumah sederhana berlantai semen, listrik 450 VA.",
        "Rumah cukup layak; kebutuhan utama bukan pada tempat tinggal.",
    )[level]
    return house + (" Tinggal sendiri." if alone else "")


FITS: dict[str, Callable[[Resident, int], bool]] = {
    # Who each kind of case can be about (CaseKind.who), by age on the day.
    cases.LANSIA: lambda _p, age: age >= 60,
    cases.ANAK_SEKOLAH: lambda _p, age: 7 <= age <= 17,
    cases.BALITA: lambda _p, age: age <= 5,
    cases.DEWASA: lambda _p, age: 18 <= age < 60,
    cases.PEREMPUAN: lambda p, age: p.sex == "P" and 20 <= age <= 55,
    cases.DISABILITAS: lambda p, _age: bool(p.disabilitas),
    cases.KEPALA: lambda p, age: p.hubungan == "KEPALA" and age < 75,
    cases.SAKIT: lambda p, age: bool(p.penyakit) or age >= 45,
}


def residents(session: Session) -> list[Resident]:
    """Everyone in the registry with their household's desil, in NIK order (deterministic)."""
    desil = {
        uid: (value, checked)
        for uid, value, checked in session.exec(
            select(Keluarga.uid, Keluarga.desil, Keluarga.desil_diperiksa)
        ).all()
    }
    rows = session.exec(select(Orang).where(~Orang.deleted)).all()
    people = [
        (
            o.nik or "",
            o.nama,
            Resident(
                o.uid,
                o.nama,
                o.jenis_kelamin,
                o.tanggal_lahir,
                o.hubungan,
                o.keluarga_uid,
                *desil.get(o.keluarga_uid or "", (None, None)),
                o.pekerjaan,
                o.penyakit_kronis,
                o.disabilitas,
                o.disabilitas_derajat,
            ),
        )
        for o in rows
    ]
    return [person for _nik, _nama, person in sorted(people, key=lambda row: row[:2])]


def verivali_rounds(
    rnd: random.Random, people: list[Resident], today: date
) -> list[tuple[date, list[str], str, list[tuple[str, str, date]]]]:
    """Quarterly re-checks of the poorest households (DTSEN update), as the district asks:
    ``(day marked, households, programme, [(household, result, visit day)])``; the last
    round is recent, so some of its visits are still to come."""
    poor = sorted(
        {p.keluarga_uid for p in people if p.keluarga_uid and p.desil is not None and p.desil <= 3}
    )
    rounds = []
    for days_ago, programme in ((300, "PKH"), (210, "BPNT"), (120, "PKH"), (20, "")):
        marked = today - timedelta(days=days_ago + rnd.randint(0, 6))
        chosen = rnd.sample(poor, min(len(poor), rnd.randint(5, 8)))
        visits = [
            (
                uid,
                rnd.choices(_RESULTS, weights=(75, 15, 5, 5))[0],
                marked + timedelta(days=rnd.randint(3, 40)),
            )
            for uid in chosen
        ]
        rounds.append((marked, chosen, programme, visits))
    return rounds
