"""Fixtures: three enrolled desks (see ``desk_kit``), fresh copies per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from desk_kit import Desks, Template, shared_templates, start_copy


@pytest.fixture(scope="session")
def sync_templates(
    tmp_path_factory: pytest.TempPathFactory, template_db: Path
) -> dict[str, Template]:
    return shared_templates(tmp_path_factory, template_db)


@pytest.fixture
def desks(tmp_path: Path, sync_templates: dict[str, Template]) -> Iterator[Desks]:
    made = Desks(
        *(
            start_copy(sync_templates[name], tmp_path / name)
            for name in ("village", "district", "village2")
        )
    )
    yield made
    for desk in made.all():
        desk.context.engine.dispose()
