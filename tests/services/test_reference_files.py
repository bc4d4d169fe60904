"""The shipped reference files load at start; a missing or broken file stops with a clear
message naming the file (and line)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.fact_registry import HOUSEHOLD_FACTS, PERSON_FACTS
from puskesos_desktop.paths import resource
from puskesos_desktop.services import reference
from puskesos_desktop.services.reference import (
    REFERENCE_FILES,
    clear_cache,
    load_all_reference_data,
    programme_catalogue,
    score_weights,
)


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    clear_cache()
    yield
    clear_cache()


@pytest.fixture
def copied_resources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of resources/referensi that the loader reads instead."""
    target = tmp_path / "resources" / "referensi"
    shutil.copytree(resource("referensi"), target)
    monkeypatch.setattr(
        reference, "resource", lambda *parts: tmp_path.joinpath("resources", *parts)
    )
    return target


def test_all_shipped_files_load_and_validate() -> None:
    data = load_all_reference_data()
    assert set(data.versions) == set(REFERENCE_FILES)
    assert all(re.fullmatch(r"\d{4}\.\d+", version) for version in data.versions.values())
    assert len(data.ppks.categories) == 26
    assert len(data.psks.resources) == 12
    assert data.weights.cap == 100
    assert data.programmes.get("PKH") is not None


def test_every_file_in_the_folder_is_known() -> None:
    shipped = {path.name for path in resource("referensi").glob("*.json")}
    assert shipped == set(REFERENCE_FILES)


def test_loaders_are_cached() -> None:
    assert programme_catalogue() is programme_catalogue()
    assert load_all_reference_data().weights is score_weights()


def test_sosek_file_covers_every_fact_the_rules_read() -> None:
    sosek = load_all_reference_data().sosek
    for registry in (HOUSEHOLD_FACTS, PERSON_FACTS):
        for spec in registry.values():
            if isinstance(spec.options, str) and spec.options.startswith("sosek:"):
                assert sosek.variable(spec.options.removeprefix("sosek:")) is not None


def test_missing_file_names_the_file(copied_resources: Path) -> None:
    (copied_resources / "program.json").unlink()
    with pytest.raises(UserError, match=r"^Berkas referensi program\.json tidak dapat dibaca"):
        load_all_reference_data()


def test_broken_file_on_disk_names_file_and_line(copied_resources: Path) -> None:
    path = copied_resources / "spm.json"
    text = path.read_text(encoding="utf-8")
    broken = text.replace('"ppks": ["KBA", "KBS"]', '"ppks": ["KBA", "XYZ"]')
    path.write_text(broken, encoding="utf-8")
    line = next(n for n, row in enumerate(broken.splitlines(), 1) if '"XYZ"' in row)
    with pytest.raises(UserError) as info:
        load_all_reference_data()
    assert str(info.value) == (
        f"Berkas referensi spm.json baris {line}: kode PPKS 'XYZ' tidak dikenal. "
        "Perbaiki berkas atau pasang ulang aplikasi."
    )


def test_syntax_error_in_weights_names_file_and_line(copied_resources: Path) -> None:
    path = copied_resources / "bobot_skor.json"
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(n for n, row in enumerate(lines, 1) if '"batas_skor"' in row)
    lines[number - 1] = lines[number - 1].replace('"batas_skor": 100,', '"batas_skor": 100')
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(UserError) as info:
        score_weights()
    # json notices the missing comma where the next key starts, one line further down.
    assert str(info.value).startswith(
        f"Berkas referensi bobot_skor.json baris {number + 1}: format JSON rusak"
    )
    assert "kurang tanda koma" in str(info.value)
