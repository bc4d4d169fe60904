"""An encrypted desk set up the wizard's way, for the encryption and restore tests (not a
conftest: the fixtures are imported where needed, like ``referral_kit``)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from puskesos_desktop.domain.nik import make_nik, make_no_kk
from puskesos_desktop.paths import DataPaths
from puskesos_desktop.services.desk import Desk
from puskesos_desktop.services.registry_types import KeluargaInput, OrangInput
from puskesos_desktop.services.setup import DeskMode, OfficialInput, PeranPejabat, SetupRequest
from puskesos_desktop.services.startup import StartupStatus
from puskesos_desktop.store import keyslots

PASSWORD = "rahasia123"
NIK = make_nik("332001", date(1975, 3, 9), "L", 4321)
WIFE_NIK = make_nik("332001", date(1979, 1, 2), "P", 4321)
NAMES = ("Slamet Riyadi", "Sri Wahyuningsih")


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """scrypt at 128 MiB per slot makes each test slow; the format and code path are the same."""
    monkeypatch.setattr(keyslots, "OPERATOR_COST", keyslots.RECOVERY_COST)


def setup_request(**overrides: object) -> SetupRequest:
    values: dict[str, object] = {
        "mode": DeskMode.DESA,
        "kode_wilayah": "33.20.01.2004",
        "admin_username": "nurul",
        "admin_nama": "Nurul Hidayah",
        "admin_password": PASSWORD,
        "officials": (OfficialInput(PeranPejabat.KEPALA, "Kepala Desa Tedunan", "Sutrisno"),),
        "encrypt": True,
    }
    values.update(overrides)
    return SetupRequest(**values)  # type: ignore[arg-type]


def add_family(desk: Desk) -> None:
    head = OrangInput(NAMES[0], "L", nik=NIK, tanggal_lahir=date(1975, 3, 9), hubungan="KEPALA")
    wife = OrangInput(NAMES[1], "P", nik=WIFE_NIK, tanggal_lahir=date(1979, 1, 2), hubungan="ISTRI")
    kk = make_no_kk("332001", date(2015, 6, 1), 4321)
    desk.registry.create_household(
        KeluargaInput(no_kk=kk, alamat="Dk. Krajan", rt="2", rw="1", anggota=(head, wife))
    )


@pytest.fixture(scope="session", name="encrypted_template")
def encrypted_template_fixture(
    tmp_path_factory: pytest.TempPathFactory, template_db: Path
) -> tuple:
    """A data dir set up the wizard's way with encryption on, holding one family (built once)."""
    paths = DataPaths(tmp_path_factory.mktemp("encrypted") / "data").ensure()
    shutil.copyfile(template_db, paths.database)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(keyslots, "OPERATOR_COST", keyslots.RECOVERY_COST)
        desk = Desk.start(paths.root, log_to_file=False)
        result = desk.setup.complete(setup_request())
        desk.mark_ready()
        add_family(desk)
    desk.context.engine.dispose()
    assert result.recovery_key is not None
    return paths.root, result.recovery_key


@pytest.fixture(name="encrypted")
def encrypted_fixture(tmp_path: Path, encrypted_template: tuple) -> Iterator[tuple[Desk, str]]:
    """A private copy of that desk, unlocked with the admin's password."""
    template_root, recovery_key = encrypted_template
    root = tmp_path / "data"
    shutil.copytree(template_root, root)
    desk = Desk.start(root, log_to_file=False)
    assert desk.startup.status == StartupStatus.LOCKED
    desk.unlock("nurul", PASSWORD)
    yield desk, recovery_key
    desk.context.engine.dispose()


def restart(desk: Desk) -> Desk:
    """Close the desk and start it again from its data folder (locked, if encrypted)."""
    desk.context.engine.dispose()
    return Desk.start(desk.paths.root, log_to_file=False)
