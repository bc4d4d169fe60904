"""Privacy screens: the retention section in Pengaturan and a person's "Data pribadi"."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from puskesos_desktop.domain.privacy import ANONYMOUS_NAME
from puskesos_desktop.gui.dialogs.data_pribadi import DataPribadiDialog
from puskesos_desktop.gui.main_window import MainWindow
from puskesos_desktop.gui.views.timeline import TimelineDialog

WAIT_MS = 20_000
SHOTS = os.environ.get("PUSKESOS_SHOTS")  # folder for screenshots when looking at layouts


def _shot(widget: Any, name: str) -> None:
    if SHOTS:
        widget.grab().save(str(Path(SHOTS) / f"privacy-{name}.png"))


class Answers:
    def __init__(self) -> None:
        self.questions: list[str] = []
        self.folder: str | None = None

    def confirm(self, _parent: object, _title: str, question: str) -> bool:
        self.questions.append(question)
        return True


@pytest.fixture
def answers() -> Answers:
    return Answers()


@pytest.fixture
def window(open_window: Callable[..., MainWindow], demo_desk: Any,
           answers: Answers) -> MainWindow:
    with demo_desk.context.transaction() as session:  # 12 households untouched since 2015
        session.execute(text(
            "UPDATE keluarga SET updated_at = '2015-03-01 08:00:00.000000' WHERE uid IN "
            "(SELECT uid FROM keluarga ORDER BY uid LIMIT 12)"))
        session.execute(text(
            "UPDATE orang SET updated_at = '2015-03-01 08:00:00.000000' WHERE keluarga_uid IN "
            "(SELECT uid FROM keluarga ORDER BY uid LIMIT 12)"))
    return open_window(demo_desk, ready="exposed", size=(1366, 768), page="pengaturan",
                       confirm=answers.confirm, choose_dir=lambda _parent: answers.folder,
                       choose_file=lambda _parent: None)


def test_dry_run_then_apply_anonymises_exactly_the_listed_persons(
    qtbot: QtBot, window: MainWindow, demo_desk: Any, answers: Answers
) -> None:
    panel = window.pengaturan.retention
    assert not panel.apply_button.isEnabled()
    qtbot.mouseClick(panel.dry_run_button, Qt.MouseButton.LeftButton)
    plan = panel.plan
    assert plan is not None and plan.jumlah > 0
    assert panel.table.rowCount() == plan.jumlah and plan.kode in panel.summary.text()
    panel.table.scrollToTop()
    _shot(window, "retensi")
    qtbot.mouseClick(panel.apply_button, Qt.MouseButton.LeftButton)
    assert plan.kode in answers.questions[-1]
    qtbot.waitUntil(lambda: "dianonimkan (rencana" in panel.summary.text(), timeout=WAIT_MS)
    names = {demo_desk.registry.get_person(c.uid).nama for c in plan.calon}
    assert names == {ANONYMOUS_NAME}
    assert not panel.apply_button.isEnabled()


def test_retention_years_are_saved(qtbot: QtBot, window: MainWindow, demo_desk: Any) -> None:
    panel = window.pengaturan.retention
    panel.years.setValue(15)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert demo_desk.retention.years() == 15
    qtbot.mouseClick(panel.dry_run_button, Qt.MouseButton.LeftButton)
    assert "Tidak ada warga" in panel.summary.text()


def _person_with_household(desk: Any) -> Any:
    """Someone the demo year never served: their ledger holds only what the test records."""
    return next(
        r for r in desk.registry.search("", limit=300)
        if r.keluarga_uid and r.nik and not desk.consent.for_person(r.uid)
        and not desk.intake.for_person(r.uid) and not desk.referral.for_person(r.uid)
    )


def test_data_pribadi_records_consent_exports_and_deletes(
    qtbot: QtBot, demo_desk: Any, answers: Answers, tmp_path: Path
) -> None:
    row = _person_with_household(demo_desk)
    timeline = TimelineDialog(demo_desk, keluarga_uid=row.keluarga_uid, orang_uid=row.uid)
    qtbot.addWidget(timeline)
    timeline.resize(1366, 700)
    timeline.show()
    assert timeline.selected_person().uid == row.uid
    qtbot.mouseClick(timeline.privacy_button, Qt.MouseButton.LeftButton)
    dialog = timeline.child_dialog
    assert isinstance(dialog, DataPribadiDialog)
    dialog.confirm = answers.confirm
    dialog.choose_folder = lambda _parent: str(tmp_path)

    dialog.jenis.set_code("PROSES")
    dialog.cara.set_code("CAP_JEMPOL")
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 5).text() == "Cap jempol"
    (consent,) = demo_desk.consent.for_person(row.uid)
    assert consent.jenis == "PROSES" and consent.dicatat_oleh
    _shot(dialog, "data-pribadi")

    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    saved = sorted(tmp_path.glob("data-pribadi-*"))
    assert [p.suffix for p in saved] == [".json", ".pdf"]
    assert json.loads(saved[0].read_text("utf-8"))["orang"]["nama"] == row.nama

    with qtbot.waitSignal(timeline.data_changed, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    assert row.nama in answers.questions[-1] and "TIDAK dapat dibatalkan" in answers.questions[-1]
    assert demo_desk.registry.get_person(row.uid).nama == ANONYMOUS_NAME
    qtbot.waitUntil(lambda: timeline.child_dialog is None)
    names = [timeline.members.item(r, 0).text() for r in range(timeline.members.rowCount())]
    assert ANONYMOUS_NAME in names and row.nama not in names
