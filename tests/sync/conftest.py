"""Desks with real keys for the bundle tests, generated once per session.

age's scrypt makes every ``generate_keys``/``load_keys`` cost about a second, so the
village and the district are generated once in a session-scoped temp dir. The second
village and attackers use in-memory keys (real Ed25519/X25519, no scrypt).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bundle_kit import DISTRICT, PASSPHRASE, VILLAGE, VILLAGE2, Kit, memory_keys

from puskesos_desktop.sync import keys as keymod
from puskesos_desktop.sync.keys import DeskKeys


def _real_keys(factory: pytest.TempPathFactory, desk_id: str) -> DeskKeys:
    """A desk's keys as first-run setup writes them. ``generate_keys`` only returns the
    public facts, and ``load_keys`` would pay age's scrypt a second time (test_keys covers
    it), so the keys come from the same internal step that writes the files."""
    keys_dir = factory.mktemp(desk_id) / "kunci"
    return keymod._create_keys(keys_dir, PASSPHRASE, desk_id)


@pytest.fixture(scope="session")
def village(tmp_path_factory: pytest.TempPathFactory) -> DeskKeys:
    return _real_keys(tmp_path_factory, VILLAGE)


@pytest.fixture(scope="session")
def district(tmp_path_factory: pytest.TempPathFactory) -> DeskKeys:
    return _real_keys(tmp_path_factory, DISTRICT)


@pytest.fixture(scope="session")
def village2() -> DeskKeys:
    return memory_keys(VILLAGE2)


@pytest.fixture(scope="session")
def kit(village: DeskKeys, district: DeskKeys) -> Kit:
    return Kit(village, district)


@pytest.fixture
def tmp_dir(tmp_path: Path) -> Path:
    """A private temp folder for the codec, so tests can prove nothing is left behind."""
    path = tmp_path / "sementara"
    path.mkdir()
    return path

