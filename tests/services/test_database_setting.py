"""Which database a desk uses: the URL setting and start-up on a PostgreSQL server."""

from __future__ import annotations

from pathlib import Path

import pg_server as pg
import pytest

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.paths import DataPaths
from puskesos_desktop.services import database_setting as setting
from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.services.desk import Desk
from puskesos_desktop.services.setup import DeskMode, SetupRequest
from puskesos_desktop.services.startup import StartupStatus


def test_urls_are_checked_normalised_and_masked() -> None:
    assert setting.normalise("  ") is None
    assert setting.normalise("postgresql://petugas@10.0.0.5/puskesos") == (
        "postgresql+psycopg://petugas@10.0.0.5/puskesos"
    )
    for bad in ("mysql://x@y/z", "postgresql://server-only", "postgresql:///puskesos"):
        with pytest.raises(UserError):
            setting.normalise(bad)
    shown = setting.describe("postgresql+psycopg://petugas:rahasia@10.0.0.5/puskesos")
    assert "rahasia" not in shown and "petugas:***@10.0.0.5" in shown


def test_command_line_beats_environment_beats_saved_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = DataPaths(tmp_path / "data").ensure()
    assert setting.resolve(paths) is None
    setting.save(paths, "postgresql+psycopg://a@saved/db")
    assert setting.resolve(paths) == "postgresql+psycopg://a@saved/db"
    monkeypatch.setenv(setting.URL_ENV, "postgresql://a@env/db")
    assert setting.resolve(paths) == "postgresql+psycopg://a@env/db"
    assert setting.resolve(paths, "postgres://a@cli/db") == "postgresql+psycopg://a@cli/db"
    setting.save(paths, None)
    monkeypatch.delenv(setting.URL_ENV)
    assert setting.resolve(paths) is None


@pytest.mark.postgres
def test_a_district_starts_on_an_empty_server_and_a_village_may_not(
    tmp_path: Path, pg_server: pg.Server
) -> None:
    with pg.private_copy(pg_server.url, "template0") as url:
        desk = Desk.start(tmp_path / "petugas1", log_to_file=False, database_url=url)
        assert desk.startup.status == StartupStatus.NEEDS_SETUP  # schema made, no profile
        village = SetupRequest(DeskMode.DESA, "33.20.01.2001", "admin", "Admin", "rahasia-desa-1")
        with pytest.raises(UserError, match="hanya untuk kantor Dinas"):
            desk.setup.complete(village)
        assert desk.database.current().startswith("postgresql+psycopg://postgres@127.0.0.1")
        desk.setup.complete(
            SetupRequest(DeskMode.DINAS, "33.20", "admin", "Admin Dinas", "rahasia-dinas-1")
        )
        desk.context.engine.dispose()
        second = Desk.start(tmp_path / "petugas2", log_to_file=False, database_url=url)
        assert second.startup.status == StartupStatus.READY  # another officer, same server
        assert second.profile.get().desk_id == "dinas-3320"
        assert not second.database.is_village()
        second.context.engine.dispose()


def test_a_village_desk_cannot_choose_a_server(profiled_context: ServiceContext) -> None:
    from puskesos_desktop.services.database_setting import DatabaseSettingService
    from puskesos_desktop.store.journal import Actor

    profiled_context.actor, profiled_context.operator_role = Actor("x", "admin"), "admin"
    service = DatabaseSettingService(profiled_context)
    assert service.is_village()
    with pytest.raises(UserError, match="Desk desa"):
        service.choose("postgresql://petugas@10.0.0.5/puskesos")
    assert service.choose("").startswith("Tersimpan")
