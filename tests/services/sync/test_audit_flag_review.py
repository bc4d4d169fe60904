"""The district officer reviews and clears a village's "audit chain went backwards" flag.

Real desks and bundles (see ``desk_kit``): the village's log is cut short with raw SQL, the
district flags it; clearing needs a koordinator or admin and a note, is audited, and a new
rewind after the review is flagged again.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from desk_kit import Desks, add_people, desk_id, send

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.services.changes import ChangeKind
from puskesos_desktop.services.desk import Desk
from puskesos_desktop.services.sync_district import DeskStatus

NOTE = "Sudah dicek bersama operator: laptop dipulihkan dari cadangan lama setelah rusak."


def _deliver(village: Desk, district: Desk, folder: Path) -> None:
    district.sync.imports.import_files(send(village, district, folder))


def _status(district: Desk, village: Desk) -> DeskStatus:
    [status] = [s for s in district.sync.district.desks() if s.desk_id == desk_id(village)]
    return status


def _rewind_village(desks: Desks, tmp_path: Path, name: str) -> None:
    """Two bundles, then the village's log is cut back to one entry and a third one sent."""
    village, district = desks.village, desks.district
    add_people(village, 2)
    _deliver(village, district, tmp_path / f"{name}-1")
    add_people(village, 1, start=10)
    _deliver(village, district, tmp_path / f"{name}-2")
    with sqlite3.connect(village.paths.database) as connection:
        connection.execute("DELETE FROM jejak_audit WHERE id > 1")
    _deliver(village, district, tmp_path / f"{name}-3")


def test_koordinator_clears_the_flag_with_a_note_and_it_is_audited(
    desks: Desks, tmp_path: Path
) -> None:
    village, district = desks.village, desks.district
    _rewind_village(desks, tmp_path, "a")
    flagged = _status(district, village)
    assert flagged.audit_rewind is not None and flagged.audit_rewound_at is not None
    head_before = flagged.audit_head

    district.context.operator_role = "operator"
    with pytest.raises(UserError, match="koordinator"):
        district.sync.district.mark_audit_reviewed(desk_id(village), NOTE)
    district.context.operator_role = "koordinator"
    with pytest.raises(UserError, match="catatan"):
        district.sync.district.mark_audit_reviewed(desk_id(village), "  sudah   ")
    assert _status(district, village).audit_rewind is not None  # nothing changed

    changes = district.sync.district.mark_audit_reviewed(desk_id(village), NOTE)

    assert changes.touches(ChangeKind.SYNC)
    cleared = _status(district, village)
    assert cleared.audit_rewind is None and cleared.audit_head == head_before
    [entry] = district.audit.search(action="audit_flag_review")
    assert entry.operator == district.context.actor.operator
    assert entry.target_uid == desk_id(village)
    assert "dipulihkan dari cadangan lama" in entry.detail and '"paket":3' in entry.detail
    assert district.audit.verify().ok
    with pytest.raises(UserError, match="tidak sedang ditandai"):
        district.sync.district.mark_audit_reviewed(desk_id(village), NOTE)

    add_people(village, 1, start=20)  # the chain grows on from the reviewed head: no flag
    _deliver(village, district, tmp_path / "4")
    assert _status(district, village).audit_rewind is None
    with sqlite3.connect(village.paths.database) as connection:
        connection.execute("DELETE FROM jejak_audit WHERE id > 1")
    _deliver(village, district, tmp_path / "5")  # rolled back again: flagged again
    again = _status(district, village).audit_rewind
    assert again is not None and again.seq == 5
