"""Shared helpers for the referral, letter and directory tests (not a conftest: the
fixtures are imported where needed so other test folders are not affected)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from puskesos_desktop.services.desk_keys import KEYS_EXTRA
from puskesos_desktop.services.lembaga import LembagaInput
from puskesos_desktop.services.referral_types import ReferralInput


@pytest.fixture(scope="module", name="demo_keys")
def demo_keys_fixture(demo_template: Path) -> Iterator[Any]:
    """The demo desk's unlocked keys, loaded once per module (scrypt takes ~1.5 s).

    Every ``demo_desk`` is a copy of the same template, so the same keys fit all of them.
    """
    from puskesos_desktop.paths import DataPaths
    from puskesos_desktop.services.context import ServiceContext
    from puskesos_desktop.services.profile import ProfileService
    from puskesos_desktop.sync.keys import load_keys

    context = ServiceContext.open(DataPaths(demo_template))
    passphrase = ProfileService(context).key_passphrase()
    context.engine.dispose()
    keys = load_keys(demo_template / "kunci", passphrase)
    yield keys


@pytest.fixture(name="desk")
def desk_fixture(demo_desk: Any, demo_keys: Any) -> Any:
    """The demo desk with its keys already unlocked (as after the first letter of a day)."""
    demo_desk.context.extras[KEYS_EXTRA] = demo_keys
    return demo_desk


def adult(desk: Any, skip: int = 0) -> Any:
    """A living adult with a 16-digit NIK from the demo village."""
    rows = [r for r in desk.registry.search("", limit=200)
            if r.nik and len(r.nik) == 16 and r.tanggal_lahir
            and r.tanggal_lahir.year <= 1995 and r.status_dasar == "HIDUP"]
    return rows[skip]


def child(desk: Any) -> Any:
    today = date.today()
    return next(r for r in desk.registry.search("", limit=300)
                if r.tanggal_lahir and today.year - r.tanggal_lahir.year <= 12)


def make_lembaga(desk: Any, nama: str = "Puskesmas Kedung I", **extra: Any) -> str:
    data = LembagaInput(nama=nama, jenis=extra.pop("jenis", "PUSKESMAS"),
                        jabatan_penerima=extra.pop("jabatan_penerima", f"Kepala {nama}"),
                        alamat=extra.pop("alamat", "Jl. Raya Kedung No. 1"), **extra)
    return desk.lembaga.create(data).uid


def referral_input(person_uid: str, lembaga_uid: str, **extra: Any) -> ReferralInput:
    values: dict[str, Any] = {
        "orang_uid": person_uid,
        "lembaga_uid": lembaga_uid,
        "alasan": "Batuk lebih dari tiga minggu, berat badan turun; perlu pemeriksaan TBC.",
        "layanan_diminta": ("Pemeriksaan kesehatan lanjutan",),
        "dokumen_dibawa": ("Fotokopi KTP", "Fotokopi Kartu Keluarga"),
        "setuju_dibagikan": True,
        "persetujuan_dari": "SENDIRI",
    }
    values.update(extra)
    return ReferralInput(**values)


def new_referral(desk: Any, *, consent: bool = True, skip: int = 0, **extra: Any) -> str:
    lembaga_uid = extra.pop("lembaga_uid", None) or make_lembaga(
        desk, f"Puskesmas Uji {len(desk.lembaga.list(include_inactive=True)) + 1}")
    person = adult(desk, skip)
    data = referral_input(person.uid, lembaga_uid, setuju_dibagikan=consent, **extra)
    return desk.referral.create(data).uid
