"""The audit chain head travels in every bundle; the district flags a chain that went back.

Two real desks (village → district, plus a second village that stays clean), real bundles.
The village's log is cut short or rewritten with raw SQL, as someone covering their tracks
(or restoring an old copy of the database) would do.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desk_kit import Desks, add_people, desk_id, send

from puskesos_desktop.domain.audit import AuditAction, AuditHead
from puskesos_desktop.services.desk import Desk
from puskesos_desktop.services.sync_audit import AuditRewind
from puskesos_desktop.services.sync_district import DeskStatus
from puskesos_desktop.services.sync_results import Outcome
from puskesos_desktop.store.models import IncomingStream
from puskesos_desktop.sync.bundle import inspect_bundle


def _status(district: Desk, village: Desk) -> DeskStatus:
    [status] = [s for s in district.sync.district.desks() if s.desk_id == desk_id(village)]
    return status


def _deliver(village: Desk, district: Desk, folder: Path) -> tuple[AuditHead, str]:
    """Send village → district and apply it; the head the bundle carried, the result text."""
    head = village.audit.head()  # the export reads it before logging its own entry
    [bundle] = send(village, district, folder)
    assert inspect_bundle(bundle)["audit"] == {"id": head.last_id, "hash": head.hash}
    [result] = district.sync.imports.import_files([bundle]).results
    assert result.outcome == Outcome.APPLIED, result.message
    return head, result.message


def _cut_log(village: Desk, keep_upto: int) -> None:
    with sqlite3.connect(village.paths.database) as connection:
        connection.execute("DELETE FROM jejak_audit WHERE id > ?", (keep_upto,))


def test_heads_are_recorded_and_a_shortened_log_is_flagged(desks: Desks, tmp_path: Path) -> None:
    village, district = desks.village, desks.district
    add_people(village, 2)
    first, text = _deliver(village, district, tmp_path / "1")
    assert first.last_id > 0 and "PERINGATAN" not in text
    status = _status(district, village)
    assert status.audit_head == first and status.audit_rewind is None

    add_people(village, 1, start=10)
    second, text = _deliver(village, district, tmp_path / "2")
    assert second.last_id > first.last_id and "PERINGATAN" not in text
    assert _status(district, village).audit_head == second

    _cut_log(village, first.last_id - 1)  # e.g. an old copy of the database put back
    third, text = _deliver(village, district, tmp_path / "3")
    assert third.last_id == first.last_id - 1
    assert "PERINGATAN: jejak audit desk" in text
    assert f"mundur dari entri nomor {second.last_id} ke {third.last_id} (paket 3)" in text
    status = _status(district, village)
    assert status.audit_head == third
    assert status.audit_rewind == AuditRewind(3, second.last_id, third.last_id)

    add_people(village, 1, start=20)  # the flag stays when the chain grows again
    fourth, text = _deliver(village, district, tmp_path / "4")
    assert "PERINGATAN" not in text
    status = _status(district, village)
    assert status.audit_head == fourth
    assert status.audit_rewind == AuditRewind(3, second.last_id, third.last_id)
    assert _status(district, desks.village2).audit_rewind is None


def test_same_id_with_another_hash_is_flagged_as_rewritten(desks: Desks, tmp_path: Path) -> None:
    village, district = desks.village, desks.district
    add_people(village, 1)
    first, _text = _deliver(village, district, tmp_path / "1")
    _cut_log(village, first.last_id - 1)
    village.audit.record(AuditAction.SETTINGS_CHANGE)  # a new entry takes the reported id
    second, text = _deliver(village, district, tmp_path / "2")
    assert second.last_id == first.last_id and second.hash != first.hash
    assert f"ditulis ulang pada entri nomor {first.last_id} (paket 2)" in text
    rewind = _status(district, village).audit_rewind
    assert rewind == AuditRewind(2, first.last_id, first.last_id) and rewind.rewritten


def test_the_village_keeps_the_districts_head_too(desks: Desks, tmp_path: Path) -> None:
    """Every desk reports its head, so either side can be checked the same way."""
    head, _text = _deliver(desks.district, desks.village, tmp_path / "balik")
    assert head.last_id > 0
    with desks.village.context.transaction() as session:
        stream = session.get(IncomingStream, desk_id(desks.district))
        assert stream is not None and (stream.audit_last_id, stream.audit_hash) == (
            head.last_id,
            head.hash,
        )
