"""Fixtures of the reliability battery: the pristine desks every trial copies."""

from __future__ import annotations

from pathlib import Path

import pytest
from crashkit import Base, build_base


@pytest.fixture(scope="session")
def base(tmp_path_factory: pytest.TempPathFactory, template_db: Path) -> Base:
    """The demo village and its district, enrolled with each other, built once."""
    return build_base(tmp_path_factory.mktemp("keandalan"), template_db)
