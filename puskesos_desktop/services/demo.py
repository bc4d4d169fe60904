"""The demo village and realistic sample households, deterministic by seed.

Used by ``--demo`` (so a newcomer sees a working desk at once), by tests, and by the
benchmarks that need up to a million persons (``demo-data --persons 1000000`` takes a few
minutes). What keeps it fast: name and place pools are drawn from faker once per run (a
faker call per person costs more than everything else together), rows are plain tuples
turned into dicts only at the batch boundary, inserts go through
:func:`~puskesos_desktop.store.journal.bulk_create` (executemany, journal included), and
the search index is filled once at the end with cached name keys.

:meth:`DemoService.create_demo_desk` then plays a year of desk work over these households
(:mod:`services.demo_activity`), so the demo's screens and reports are not empty.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

from puskesos_desktop.domain.nik import make_nik, make_no_kk, make_temporary_nik
from puskesos_desktop.domain.registry_enums import (
    Agama,
    AlasanTanpaNik,
    DerajatDisabilitas,
    HubunganKeluarga,
    JenisDisabilitas,
    Pendidikan,
    StatusDomisili,
    StatusKawin,
)
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
from puskesos_desktop.store import dialect, journal, search_index
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
_AGAMA = (Agama.ISLAM.value,) * 18 + (Agama.KRISTEN.value, Agama.KATOLIK.value)
_PENYAKIT = ("Hipertensi", "Diabetes", "TBC", "Stroke", "Gagal ginjal")
_DISABILITAS = tuple(d.value for d in JenisDisabilitas)
_DERAJAT = tuple(d.value for d in DerajatDisabilitas)
_PENDIDIKAN_DEWASA = tuple(
    p.value
    for p in (
        Pendidikan.TIDAK_SEKOLAH, Pendidikan.BELUM_TAMAT_SD, Pendidikan.SD, Pendidikan.SD,
        Pendidikan.SLTP, Pendidikan.SLTP, Pendidikan.SLTA, Pendidikan.SLTA, Pendidikan.STRATA_I,
    )
)  # fmt: skip
# Common Islamic and Javanese first parts, with the spelling variants real lists contain.
_PREFIX_MALE = ("MUHAMMAD", "MOCH.", "MOH.", "AHMAD", "ACHMAD", "ABDUL", "M.")
_PREFIX_FEMALE = ("SITI", "ST.", "NUR", "NOOR", "SRI", "DEWI")
_POOL_DRAWS = 4_000
_INSERT_CACHE_KIB = -262_144  # 256 MiB (negative = KiB in SQLite)
_KEPALA, _ISTRI, _ANAK = (
    HubunganKeluarga.KEPALA.value,
    HubunganKeluarga.ISTRI.value,
    HubunganKeluarga.ANAK.value,
)


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

    def create_demo_desk(self, *, today: date | None = None) -> SetupResult:
        """Set up the demo village, fill it with households and a year of desk work up to
        ``today`` (default: the services' clock, so the Beranda's current month is alive;
        see :mod:`services.demo_activity`), so every screen has something to show."""
        from puskesos_desktop.services.demo_activity import DemoActivity

        result = SetupService(self._context).complete(demo_setup_request())
        self.add_population(DEMO_PERSONS, seed=1)
        DemoActivity(self._context, today=today or date.today()).run()
        return result

    def add_population(
        self,
        persons: int,
        *,
        seed: int = 1,
        progress: Progress = no_progress,
        cancel: CancelToken | None = None,
    ) -> int:
        """Add ``persons`` people in households; one transaction, so cancel adds nothing."""
        actor = self._context.require_actor()
        progress = throttled(progress)
        with self._context.transaction() as session, _big_cache(session):
            profile = session.get(DeskProfile, 1)
            region = profile.kode_wilayah if profile else DEMO_DESA
            if region.count(".") != 3:  # district desk: use its first village
                region = DEMO_DESA if not region else f"{region}.01.2001"[:13]
            generator = _Population(seed, region, session)
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
                    # Same key pattern together: SQLAlchemy splits executemany at each
                    # switch between None and a value (desil is often empty).
                    households.sort(key=lambda h: h["desil"] is None)
                    journal.bulk_create(session, actor, Keluarga, households)
                    journal.bulk_create(session, actor, Orang, people)
                    households, people = [], []
                    progress(added, persons, "Membuat data contoh")

            def indexed(done: int, total: int) -> None:
                if cancel is not None:
                    cancel.check()
                progress(done, total, "Menyusun indeks pencarian")

            session.flush()
            connection = dialect.raw(session.connection())
            search_index.refresh(connection, batch=20_000, on_batch=indexed)
        return added


class _Population:
    """Plausible households: couples with children, elderly alone, some without NIK.

    Names come from pools drawn from faker once (seeded), so a million persons cost a
    million ``random`` calls, not a million faker calls. NIK and No. KK serials count per
    birth/recording date, as Dukcapil's do, so generated numbers never collide.
    """

    def __init__(self, seed: int, kode_desa: str, session: Any = None) -> None:
        from faker import Faker

        self._random = random.Random(seed)
        faker = Faker("id_ID")
        faker.seed_instance(seed)
        self._male = sorted({faker.first_name_male().upper() for _ in range(_POOL_DRAWS)})
        self._female = sorted({faker.first_name_female().upper() for _ in range(_POOL_DRAWS)})
        self._surnames = sorted({faker.last_name().upper() for _ in range(_POOL_DRAWS)})
        self._cities = sorted({faker.city() for _ in range(400)})
        self._kode_desa = kode_desa
        self._region6 = plain_code(kode_desa)[:6]
        self._today = date(2026, 11, 1)
        self._nik_serials: dict[str, int] = {}
        self._kk_serials: dict[str, int] = {}
        self._temporary = _highest_temporary_serial(session, self._region6)
        if session is not None:  # adding to an existing registry: continue its serials
            self._seed_serials(session)

    def _seed_serials(self, session: Any) -> None:
        """Highest serial per date part already used in this kecamatan (SQL aggregate)."""
        connection = dialect.raw(session.connection())
        bounds = (self._region6, self._region6[:-1] + chr(ord(self._region6[-1]) + 1))
        for table, column, serials in (
            ("orang", "nik", self._nik_serials),
            ("keluarga", "no_kk", self._kk_serials),
        ):
            for key, serial in connection.execute(
                f"SELECT substr({column}, 7, 6), max(substr({column}, 13)) FROM {table} "
                f"WHERE {column} >= ? AND {column} < ? GROUP BY 1",
                bounds,
            ):
                serials[key] = int(serial)

    def _nik(self, born: date, sex: str) -> str:
        """A valid NIK; the rare serial that would spell a placeholder number is skipped."""
        key = f"{born.day + (40 if sex == 'P' else 0):02d}{born:%m}{born.year % 100:02d}"
        while True:
            serial = self._nik_serials.get(key, 0) + 1
            self._nik_serials[key] = serial
            try:
                return make_nik(self._region6, born, sex, serial)
            except ValueError:
                continue

    def _no_kk(self, recorded: date) -> str:
        key = f"{recorded:%d%m}{recorded.year % 100:02d}"
        while True:
            serial = self._kk_serials.get(key, 0) + 1
            self._kk_serials[key] = serial
            try:
                return make_no_kk(self._region6, recorded, serial)
            except ValueError:
                continue

    def _birth(self, min_age: int, max_age: int) -> date:
        days = self._random.randint(min_age * 365, max_age * 365 + 364)
        return self._today - timedelta(days=days)

    def _name(self, sex: str, surname: str) -> str:
        rnd = self._random
        first = rnd.choice(self._male if sex == "L" else self._female)
        roll = rnd.random()
        if roll < 0.2:
            prefix = rnd.choice(_PREFIX_MALE if sex == "L" else _PREFIX_FEMALE)
            first = f"{prefix} {first}"
        elif roll < 0.35:
            first = f"{first} {rnd.choice(self._male if sex == 'L' else self._female)}"
        return f"{first} {surname}" if rnd.random() < 0.6 else first

    def _person(self, sex: str, born: date, hubungan: str, surname: str) -> dict[str, Any]:
        rnd = self._random
        without_nik = rnd.random() < 0.01
        if without_nik:
            self._temporary += 1
            nik = make_temporary_nik(self._region6, self._temporary)
        else:
            nik = self._nik(born, sex)
        age = (self._today - born).days // 365
        disabled = rnd.random() < 0.025
        married = hubungan in (_KEPALA, _ISTRI)
        return {
            "nik": nik,
            "alasan_tanpa_nik": AlasanTanpaNik.BELUM_TERCATAT.value if without_nik else "",
            "tindak_lanjut_dukcapil": without_nik,
            "nama": self._name(sex, surname),
            "jenis_kelamin": sex,
            "tempat_lahir": "Jepara" if rnd.random() < 0.8 else rnd.choice(self._cities),
            "tanggal_lahir": born,
            "hubungan": hubungan,
            "status_kawin": (StatusKawin.KAWIN if married else StatusKawin.BELUM_KAWIN).value,
            "agama": rnd.choice(_AGAMA),
            "pendidikan": rnd.choice(_PENDIDIKAN_DEWASA) if age >= 18 else "",
            "pekerjaan": rnd.choice(_PEKERJAAN) if age >= 18 else "Pelajar",
            "disabilitas": rnd.choice(_DISABILITAS) if disabled else "",
            "disabilitas_derajat": rnd.choice(_DERAJAT) if disabled else "",
            "penyakit_kronis": rnd.choice(_PENYAKIT) if age >= 45 and rnd.random() < 0.15 else "",
            "status_domisili": StatusDomisili.TETAP.value,
        }

    def household(self, limit: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        rnd = self._random
        surname = rnd.choice(self._surnames)
        uid = new_uid()
        members: list[dict[str, Any]] = []
        if rnd.random() < 0.12:  # an elderly person living alone
            sex = rnd.choice("LP")
            members.append(self._person(sex, self._birth(65, 90), _KEPALA, surname))
        else:
            head_born = self._birth(25, 70)
            members.append(self._person("L", head_born, _KEPALA, surname))
            if rnd.random() < 0.85:
                members.append(self._person("P", self._birth(22, 65), _ISTRI, surname))
            head_age = (self._today - head_born).days // 365
            for _child in range(rnd.choice((0, 1, 1, 2, 2, 3, 4))):
                max_age = max(0, min(30, head_age - 18))
                members.append(
                    self._person(rnd.choice("LP"), self._birth(0, max_age), _ANAK, surname)
                )
        members = members[:limit]
        for member in members:
            member["keluarga_uid"] = uid
        dusun = rnd.choice(_DUSUN)
        desil = rnd.choice((None, 1, 1, 2, 2, 3, 4, 5, 6))
        household = {
            "uid": uid,
            "no_kk": self._no_kk(self._birth(0, 15)),
            "alamat": f"Dk. {dusun}",
            "rt": f"{rnd.randint(1, 8):03d}",
            "rw": f"{rnd.randint(1, 4):03d}",
            "dusun": dusun,
            "kode_wilayah": self._kode_desa,
            "desil": desil,
            "desil_diperiksa": date(2026, 10, 1) if desil is not None else None,
        }
        return household, members


@contextmanager
def _big_cache(session: Any) -> Iterator[None]:
    """A larger page cache while inserting (a million random UUID keys thrash the default
    2 MB cache) and statement journals in memory (each row fires the search-index trigger,
    which makes SQLite open a statement journal per row). Both restored afterwards: the
    pooled connection goes back as it came. A PostgreSQL server tunes its own cache."""
    if dialect.is_postgres(session):
        yield
        return
    connection = session.connection().connection.driver_connection
    cache = connection.execute("PRAGMA cache_size").fetchone()[0]
    temp_store = connection.execute("PRAGMA temp_store").fetchone()[0]
    connection.execute(f"PRAGMA cache_size = {_INSERT_CACHE_KIB}")
    connection.execute("PRAGMA temp_store = MEMORY")  # statement journals of trigger rows
    try:
        yield
    finally:
        connection.execute(f"PRAGMA cache_size = {int(cache)}")
        connection.execute(f"PRAGMA temp_store = {int(temp_store)}")


def _highest_temporary_serial(session: Any, region6: str) -> int:
    """Continue after temporary NIKs the registry already issued in this kecamatan."""
    if session is None:
        return 0
    prefix = make_temporary_nik(region6, 1)[:11]
    connection = dialect.raw(session.connection())
    row = connection.execute(
        "SELECT max(nik) FROM orang WHERE nik >= ? AND nik < ?",
        (prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)),
    ).fetchone()
    return int(row[0][11:]) if row and row[0] else 0
