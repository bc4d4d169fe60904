"""``bundle`` and ``keys`` commands: output, ``--json`` and the documented exit codes.

``bundle inspect`` needs no keys and runs as a real subprocess. The other commands run
in-process through ``app.main`` with the session's unlocked keys injected into the started
desk, so the tests do not pay age's scrypt per command.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from desk_kit import Desks, Template, add_people, craft, desk_id, new_person_change, send

from puskesos_desktop.app import main
from puskesos_desktop.services.desk import Desk
from puskesos_desktop.services.desk_keys import KEYS_EXTRA


@pytest.fixture
def with_keys(monkeypatch: pytest.MonkeyPatch, active_templates: dict[str, Template]) -> None:
    """Every Desk.start in this test gets the unlocked keys of its data dir's template."""
    keys = {t.keys.desk_id: t.keys for t in active_templates.values()}
    original = Desk.start.__func__  # type: ignore[attr-defined]

    def start(cls: type[Desk], *args: object, **kwargs: object) -> Desk:
        desk = original(cls, *args, **kwargs)
        profile = desk.profile.get()
        if profile is not None:
            desk.context.extras[KEYS_EXTRA] = keys[profile.desk_id]
        return desk

    monkeypatch.setattr(Desk, "start", classmethod(start))


def _where(desk: Desk) -> list[str]:
    """The desk's place on the command line: its data dir, and its server if it has one."""
    url = desk.context.database_url
    return ["--data-dir", str(desk.paths.root), *(["--database-url", url] if url else [])]


def _run(desk: Desk, *args: str) -> int:
    desk.context.engine.dispose()
    return main([*_where(desk), *args])


def test_inspect_runs_without_keys(desks: Desks, tmp_path: Path) -> None:
    add_people(desks.village, 1)
    [path] = send(desks.village, desks.district, tmp_path / "usb")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "puskesos_desktop",
            *_where(desks.district),
            "bundle",
            "inspect",
            str(path),
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    [info] = json.loads(result.stdout)
    assert info["origin"] == desk_id(desks.village)
    assert info["signature_verified"] is False


def test_verify_import_export_and_exit_codes(
    desks: Desks, tmp_path: Path, with_keys: None, capsys: pytest.CaptureFixture[str]
) -> None:
    add_people(desks.village, 2)
    [path] = send(desks.village, desks.district, tmp_path / "usb")
    assert _run(desks.district, "bundle", "verify", str(path)) == 0
    assert "SAH" in capsys.readouterr().out
    broken = tmp_path / "rusak.psb"
    broken.write_bytes(path.read_bytes()[:-7])
    assert _run(desks.district, "bundle", "verify", str(broken), "--json") == 4
    assert json.loads(capsys.readouterr().out)[0]["reason"] == "malformed"
    assert _run(desks.district, "bundle", "import", str(tmp_path / "usb"), "--json") == 0
    [result] = json.loads(capsys.readouterr().out)
    assert result["outcome"] == "diterapkan"
    early, _ = craft(
        tmp_path / "awal",
        desks.village.context.extras[KEYS_EXTRA],
        desks.district,
        [new_person_change(desk_id(desks.village))],
        seq=5,
        prev="1" * 64,
    )
    assert _run(desks.district, "bundle", "import", str(early)) == 5
    assert "Menunggu paket 2" in capsys.readouterr().out
    out = tmp_path / "keluar"
    out.mkdir()
    code = _run(
        desks.district,
        "bundle",
        "export",
        "--to",
        str(out),
        "--destination",
        desk_id(desks.village),
        "--receipt",
    )
    assert code == 0
    assert len(list(out.glob("*.psb"))) == 1


def test_keys_show_export_and_import_card(
    desks: Desks, tmp_path: Path, with_keys: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(desks.district, "keys", "show", "--json") == 0
    shown = json.loads(capsys.readouterr().out)
    assert {d["desk_id"] for d in shown["trusted"]} == {
        desk_id(desks.village),
        desk_id(desks.village2),
    }
    cards = tmp_path / "kartu"
    cards.mkdir()
    assert _run(desks.district, "keys", "export-card", "--to", str(cards)) == 0
    [card] = cards.glob("*.pskey")
    capsys.readouterr()
    assert _run(desks.village, "keys", "import-card", str(card), "--fingerprint", "0000-0000") == 1
    assert "Sidik jari yang dikonfirmasi tidak sama" in capsys.readouterr().err
    code = _run(
        desks.village, "keys", "import-card", str(card), "--fingerprint", shown["fingerprint"]
    )
    assert code == 0
    assert _run(desks.district, "keys", "revoke", desk_id(desks.village2)) == 0
    assert "dicabut" in capsys.readouterr().out
