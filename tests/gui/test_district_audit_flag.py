"""District desk list: a village whose audit chain went backwards is marked, the others not."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desk_kit import Desks, add_people, desk_id, send
from pytestqt.qtbot import QtBot

from puskesos_desktop.gui.views.sync_desks import DesksPanel

SHOTS = Path("/tmp/shots")


def _deliver(desks: Desks, village: object, folder: Path) -> None:
    files = send(village, desks.district, folder)
    desks.district.sync.imports.import_files(files)


def test_desk_list_marks_the_village_whose_chain_went_back(
    qtbot: QtBot, desks: Desks, tmp_path: Path
) -> None:
    add_people(desks.village, 2)
    add_people(desks.village2, 1)
    _deliver(desks, desks.village, tmp_path / "1")
    _deliver(desks, desks.village2, tmp_path / "2")
    panel = DesksPanel(desks.district)
    qtbot.addWidget(panel)
    panel.resize(1166, 600)
    panel.show()
    column = panel.audit_column
    assert panel.table.horizontalHeaderItem(column).text() == "Jejak audit"
    texts = [panel.table.item(row, column).text() for row in range(panel.table.rowCount())]
    assert all(text.endswith(" entri") for text in texts) and not panel.audit_warning.isVisible()

    with sqlite3.connect(desks.village.paths.database) as connection:
        connection.execute("DELETE FROM jejak_audit WHERE id > 1")
    _deliver(desks, desks.village, tmp_path / "3")
    panel.refresh()
    row = next(
        r for r in range(panel.table.rowCount())
        if panel.table.item(r, 1).text() == desk_id(desks.village)
    )  # fmt: skip
    flagged = panel.table.item(row, column)
    assert flagged.text().startswith("\u26a0 mundur dari entri nomor")
    assert flagged.text().endswith("ke 1 (paket 2)")
    assert flagged.foreground().color().name() == "#a61b1b"
    other = panel.table.item(1 - row, column).text()
    assert other.endswith(" entri")
    assert panel.audit_warning.isVisible()
    warning = panel.audit_warning.text()
    assert warning.startswith(panel.table.item(row, 0).text()) and "mundur" in warning
    if SHOTS.is_dir():
        panel.grab().save(str(SHOTS / "accounts2-district-audit.png"))
