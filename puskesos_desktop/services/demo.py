"""The demo village and realistic sample households, deterministic by seed.

Used by ``--demo`` (so a newcomer sees a working desk at once), by tests, and by the
benchmarks that need up to a million persons: rows go in with executemany in batches.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from puskesos_desktop.domain.nik import make_nik, make_no_kk, make_temporary_nik
from puskesos_desktop.domain.wilayah import plain_code
from puskesos_desktop.jobs import CancelToken, Progress, no_progress, throttled
from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.services.setup import (
    DeskMode,
    OfficialInput,
    PeranPejabat,
    SetupRequest,
    SetupResult,
    SetupService,
)
from puskesos_desktop.store import journal
from puskesos_desktop.store.models import DeskProfile, Keluarga, Orang
from puskesos_desktop.store.models.base import new_uid

DEMO_DESA = "33.20.01.2001"  # Desa Kedungmalang, Kecamatan Kedung, Kabupaten Jepara
DEMO_ADMIN, DEMO_PASSWORD = "admin", "demo12345"
DEMO_PERSONS = 300
_BATCH = 5_000

_DUSUN = ("Krajan", "Ngemplak", "Karangsari", "Sidomulyo", "Tegalrejo", "Sukorejo")
_PEKERJAAN = (
    "Petani",
    "Buruh tani",
    "Nelayan",
    "Buruh harian lepas",
    "Pedagang",
    "Tukang kayu",
    "Ibu rumah tangga",
    "Pekerja migran",
    "Karyawan swasta",
    "Belum bekerja",
)
_AGAMA = ("Islam",) * 18 + ("Kristen", "Katolik")
_PENYAKIT = ("Hipertensi", "Diabetes", "TBC", "Stroke", "Gagal ginjal")
_DISABILITAS = ("Fisik", "Sensorik netra", "Sensorik rungu", "Intelektual", "Mental")


def demo_setup_request() -> SetupRequest:
    return SetupRequest(
        mode=DeskMode.DESA,
        kode_wilayah=DEMO_DESA,
        admin_username=DEMO_ADMIN,
        admin_nama="Operator Demo",
        admin_password=DEMO_PASSWORD,
        alamat="Jl. Raya Kedung–Jepara Km 7",
        kode_pos="59463",
        telepon="(0291) 000000",
        officials=(
            OfficialInput(PeranPejabat.KEPALA, "Kepala Desa Kedungmalang", "Suwarno"),
            OfficialInput(PeranPejabat.KOORDINATOR, "Koordinator Puskesos", "Siti Rahmawati"),
        ),
        is_demo=True,
    )


class DemoService:
    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    def create_demo_desk(self) -> SetupResult:
        """Set up the demo village and fill it with sample households."""
        result = SetupService(self._context).complete(demo_setup_request())
        self.add_population(DEMO_PERSONS, seed=1)
        return result

    def add_population(
        self,
        persons: int,
        *,
        seed: int = 1,
        progress: Progress = no_progress,
        cancel: CancelToken | None = None,
    ) -> int:
        """Add about ``persons`` people in households; one transaction, so cancel adds nothing."""
        actor = self._context.require_actor()
        progress = throttled(progress)
        with self._context.transaction() as session:
            profile = session.get(DeskProfile, 1)
            region = profile.kode_wilayah if profile else DEMO_DESA
            generator = _Population(seed, region)
            households: list[dict[str, Any]] = []
            people: list[dict[str, Any]] = []
            added = 0
            while added < persons:
                household, members = generator.household(limit=persons - added)
                households.append(household)
                people.extend(members)
                added += len(members)
                if len(people) >= _BATCH or added >= persons:
                    if cancel is not None:
                        cancel.check()
                    journal.bulk_create(session, actor, Keluarga, households)
                    journal.bulk_create(session, actor, Orang, people)
                    households, people = [], []
                    progress(added, persons, "Membuat data contoh")
        return added


class _Population:
    """Plausible households: couples with children, elderly alone, some without NIK."""

    def __init__(self, seed: int, kode_desa: str) -> None:
        from faker import Faker

        self._random = random.Random(seed)
        self._faker = Faker("id_ID")
        self._faker.seed_instance(seed)
        self._kode_desa = kode_desa
        self._region6 = plain_code(kode_desa)[:6]
        self._serial = self._random.randint(1, 2000)
        self._today = date(2026, 11, 1)

    def _next_serial(self) -> int:
        self._serial = self._serial % 9999 + 1
        return self._serial

    def _nik(self, born: date, sex: str) -> str:
        """A valid NIK; the rare serial that would spell a placeholder number is skipped."""
        while True:
            try:
                return make_nik(self._region6, born, sex, self._next_serial())
            except ValueError:
                continue

    def _birth(self, min_age: int, max_age: int) -> date:
        days = self._random.randint(min_age * 365, max_age * 365 + 364)
        return self._today - timedelta(days=days)

    def _person(self, sex: str, born: date, hubungan: str, surname: str) -> dict[str, Any]:
        rnd = self._random
        first = self._faker.first_name_male() if sex == "L" else self._faker.first_name_female()
        nama = f"{first} {surname}" if rnd.random() < 0.6 else first
        without_nik = rnd.random() < 0.01
        nik = (
            make_temporary_nik(self._region6, self._next_serial())
            if without_nik
            else self._nik(born, sex)
        )
        age = (self._today - born).days // 365
        return {
            "nik": nik,
            "alasan_tanpa_nik": "Belum punya dokumen kependudukan" if without_nik else "",
            "nama": nama.upper(),
            "jenis_kelamin": sex,
            "tempat_lahir": "Jepara" if rnd.random() < 0.8 else self._faker.city(),
            "tanggal_lahir": born,
            "hubungan": hubungan,
            "status_kawin": "Kawin" if hubungan in ("KEPALA", "ISTRI") else "Belum kawin",
            "agama": rnd.choice(_AGAMA),
            "pekerjaan": rnd.choice(_PEKERJAAN) if age >= 18 else "Pelajar",
            "disabilitas": rnd.choice(_DISABILITAS) if rnd.random() < 0.025 else "",
            "penyakit_kronis": rnd.choice(_PENYAKIT) if age >= 45 and rnd.random() < 0.15 else "",
            "status_domisili": "Tetap",
        }

    def household(self, limit: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        rnd = self._random
        surname = self._faker.last_name()
        uid = new_uid()
        members: list[dict[str, Any]] = []
        if rnd.random() < 0.12:  # an elderly person living alone
            sex = rnd.choice("LP")
            members.append(self._person(sex, self._birth(65, 90), "KEPALA", surname))
        else:
            head_born = self._birth(25, 70)
            members.append(self._person("L", head_born, "KEPALA", surname))
            if rnd.random() < 0.85:
                members.append(self._person("P", self._birth(22, 65), "ISTRI", surname))
            head_age = (self._today - head_born).days // 365
            for _child in range(rnd.choice((0, 1, 1, 2, 2, 3, 4))):
                max_age = max(0, min(30, head_age - 18))
                members.append(
                    self._person(rnd.choice("LP"), self._birth(0, max_age), "ANAK", surname)
                )
        members = members[:limit]
        for member in members:
            member["keluarga_uid"] = uid
        dusun = rnd.choice(_DUSUN)
        desil = rnd.choice((None, 1, 1, 2, 2, 3, 4, 5, 6))
        household = {
            "uid": uid,
            "no_kk": make_no_kk(self._region6, self._birth(0, 15), self._next_serial()),
            "alamat": f"Dk. {dusun}",
            "rt": f"{rnd.randint(1, 8):03d}",
            "rw": f"{rnd.randint(1, 4):03d}",
            "dusun": dusun,
            "kode_wilayah": self._kode_desa,
            "desil": desil,
            "desil_diperiksa": date(2026, 10, 1) if desil is not None else None,
        }
        return household, members
