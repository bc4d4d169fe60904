"""Desk desa → "Periksa peringatan…": a koordinator clears a village's audit-chain flag with
a note through the real dialog; an operator sees the button disabled with who may."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from desk_kit import Desks, add_people, desk_id, send
from pytestqt.qtbot import QtBot

from puskesos_desktop.gui.dialogs.audit_flag_review import AuditFlagDialog
from puskesos_desktop.gui.roles import refresh_roles
from puskesos_desktop.gui.runner import JobRunner
from puskesos_desktop.gui.views.sync_desks import DesksPanel

SHOTS = Path("/tmp/shots")
NOTE = "Dicek bersama operator: laptop desa dipulihkan dari cadangan lama."


@pytest.fixture
def desks(desks: Desks, tmp_path: Path) -> Desks:
    """The conftest's three desks; the district holds a flag: the village's chain went back."""
    village, district = desks.village, desks.district
    add_people(village, 2)
    district.sync.imports.import_files(send(village, district, tmp_path / "1"))
    add_people(desks.village2, 1)
    district.sync.imports.import_files(send(desks.village2, district, tmp_path / "2"))
    with sqlite3.connect(village.paths.database) as connection:
        connection.execute("DELETE FROM jejak_audit WHERE id > 1")
    district.sync.imports.import_files(send(village, district, tmp_path / "3"))
    return desks


def _select(panel: DesksPanel, desk_id_text: str) -> None:
    row = next(
        r for r in range(panel.table.rowCount()) if panel.table.item(r, 1).text() == desk_id_text
    )
    panel.table.selectRow(row)


def test_koordinator_reviews_the_flag_through_the_dialog(qtbot: QtBot, desks: Desks) -> None:
    district, village = desks.district, desks.village
    district.context.operator_role = "koordinator"
    dialogs: list[AuditFlagDialog] = []

    def ask_note(parent: object, status: object) -> str | None:
        dialog = AuditFlagDialog(status, panel)  # type: ignore[arg-type]
        qtbot.addWidget(dialog)
        dialogs.append(dialog)
        dialog.show()
        assert not dialog.confirm_button.isEnabled()  # a note is required
        qtbot.keyClicks(dialog.note, NOTE)
        assert dialog.confirm_button.isEnabled()
        if SHOTS.is_dir():
            dialog.grab().save(str(SHOTS / "recovery-audit-review-dialog.png"))
        dialog.confirm_button.click()
        return dialog.note_text() if dialog.result() else None

    runner = JobRunner()
    panel = DesksPanel(district, runner, ask_note=ask_note)
    qtbot.addWidget(panel)
    panel.resize(1166, 600)
    panel.show()
    assert panel.review_button.isVisible() and not panel.review_button.isEnabled()
    _select(panel, desk_id(desks.village2))  # the clean village: nothing to review
    assert not panel.review_button.isEnabled()
    _select(panel, desk_id(village))
    assert panel.review_button.isEnabled()
    if SHOTS.is_dir():
        panel.grab().save(str(SHOTS / "recovery-district-flagged.png"))

    panel.review_button.click()

    qtbot.waitUntil(lambda: not panel.audit_warning.isVisible(), timeout=20_000)
    runner.wait_for_all(20_000)
    facts = " ".join(label.text() for label in dialogs[0].findChildren(type(panel.audit_warning)))
    assert desk_id(village) in facts
    assert "mundur dari entri nomor 3 ke nomor 1" in facts and "nomor 2" in facts
    assert not panel.review_button.isVisible()
    texts = [panel.table.item(r, panel.audit_column).text() for r in range(2)]
    assert all(text.endswith(" entri") for text in texts)
    [entry] = district.audit.search(action="audit_flag_review")
    assert "laptop desa dipulihkan" in entry.detail


def test_operator_sees_the_button_disabled_with_who_may(qtbot: QtBot, desks: Desks) -> None:
    desks.district.context.operator_role = "operator"
    panel = DesksPanel(desks.district)
    qtbot.addWidget(panel)
    panel.show()
    refresh_roles()
    _select(panel, desk_id(desks.village))
    assert not panel.review_button.isEnabled()
    assert "koordinator atau admin" in panel.review_button.toolTip()
    assert panel.audit_warning.isVisible()  # the flag stays until someone allowed clears it
