"""Clock problems: a laptop clock years off, or moved backwards between bundles.

Village laptops lose their clock when the CMOS battery dies and operators "fix" it by
hand. Ordering must then come from sequence numbers, never from wall-clock time: bundles
apply in ``seq`` order, the later edit wins because it is later in the stream, receipts
acknowledge by ``seq``, and lists of sent bundles show the newest (highest seq) first.
The OS clock itself is moved (time-machine), so every ``now`` in the app moves with it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from crashkit import Base, copy_desk, open_context, rows, scalar

from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.services.sync import SyncService
from puskesos_desktop.services.sync_import import Outcome
from puskesos_desktop.store import journal
from puskesos_desktop.store.models import Orang

AHEAD = datetime(2031, 6, 1, 9, 0, tzinfo=UTC)  # clock set years ahead
BEHIND = datetime(2019, 1, 1, 9, 0, tzinfo=UTC)  # then "corrected" far into the past
ANCIENT = datetime(2015, 3, 3, 9, 0, tzinfo=UTC)  # the district's flat CMOS battery


@pytest.fixture
def desks(base: Base, tmp_path: Path) -> Iterator[tuple[ServiceContext, ServiceContext]]:
    village = open_context(copy_desk(base.village, tmp_path / "desa"), base.village_keys)
    district = open_context(copy_desk(base.district, tmp_path / "dinas"), base.district_keys)
    yield village, district
    village.engine.dispose()
    district.engine.dispose()


def rename_first(context: ServiceContext, nama: str) -> str:
    """Edit the same person each time (the oldest row), as an operator's form save would."""
    uid = rows(context.paths.database, "SELECT uid FROM orang ORDER BY uid LIMIT 1")[0][0]
    with context.transaction() as session:
        person = session.get(Orang, uid)
        assert person is not None
        journal.update(session, context.require_actor(), person, nama=nama)
    return uid


def send(context: ServiceContext, usb: Path, to: ServiceContext | None = None) -> Path:
    """Export to the district (a village's default) or to the desk ``to``."""
    usb.mkdir(parents=True, exist_ok=True)
    destination = None if to is None else scalar(to.paths.database, "SELECT desk_id FROM "
                                                 "desk_profile")  # fmt: skip
    [path] = SyncService(context).exports.export(usb, destination).files
    return path


def test_bundles_apply_in_sequence_order_whatever_the_clocks_say(
    desks: tuple[ServiceContext, ServiceContext], tmp_path: Path
) -> None:
    village, district = desks
    with time_machine.travel(AHEAD, tick=True):
        uid = rename_first(village, "NAMA DARI 2031")
        first = send(village, tmp_path / "usb1")
    with time_machine.travel(BEHIND, tick=True):  # the clock went back seven years
        rename_first(village, "NAMA DARI 2019")
        second = send(village, tmp_path / "usb2")
        rename_first(village, "NAMA TERAKHIR")
        third = send(village, tmp_path / "usb3")
    with time_machine.travel(ANCIENT, tick=True):
        sync = SyncService(district)
        late = sync.imports.import_files([third]).results  # arrives first: waits for 1 and 2
        assert [r.outcome for r in late] == [Outcome.WAITING_GAP]
        report = sync.imports.import_files([second, first])
        applied = sorted(r.seq for r in report.results if r.outcome == Outcome.APPLIED)
        assert applied == [1, 2, 3]
        # The last edit in the stream wins, though its clock said 2019 (older than 2031).
        database = district.paths.database
        assert scalar(database, "SELECT nama FROM orang WHERE uid = ?", uid) == "NAMA TERAKHIR"
        assert scalar(database, "SELECT applied_seq FROM aliran_masuk") == 3
        receipt = send(district, tmp_path / "kembali", village)
    with time_machine.travel(BEHIND, tick=True):
        SyncService(village).imports.import_files([receipt])
        outbox = SyncService(village).exports.outbox()
    assert all(item.acknowledged for item in outbox)
    # Newest first means highest seq first, not latest wall-clock stamp.
    assert [item.seq for item in outbox] == [3, 2, 1]


def test_edits_made_under_a_wrong_clock_are_not_silently_overruled(
    desks: tuple[ServiceContext, ServiceContext], tmp_path: Path
) -> None:
    """Both sides edit the same field; the one with the later clock must not just win."""
    village, district = desks
    uid = rename_first(village, "NAMA AWAL")
    SyncService(district).imports.import_files([send(village, tmp_path / "a")])
    with time_machine.travel(AHEAD, tick=True):  # the district's edit looks "newer"
        with district.transaction() as session:
            person = session.get(Orang, uid)
            assert person is not None
            journal.update(session, district.require_actor(), person, nama="NAMA DINAS")
        to_village = send(district, tmp_path / "b", village)
    with time_machine.travel(BEHIND, tick=True):
        rename_first(village, "NAMA DESA")
        report = SyncService(village).imports.import_files([to_village])
    assert report.results[0].conflicts == 1  # a question for the operator, not a clock race
    assert scalar(village.paths.database, "SELECT nama FROM orang WHERE uid = ?", uid) == (
        "NAMA DESA"
    )


def test_backups_made_after_the_clock_went_back_count_as_the_newest(
    desks: tuple[ServiceContext, ServiceContext],
) -> None:
    """A week at 2031, then the clock is fixed: the next backup is the newest one, and
    pruning must not delete it at once for "being seven years old"."""
    from puskesos_desktop.services.backup import KEEP_PER_KIND, KIND_MANUAL, BackupService

    village, _ = desks
    backups = BackupService(village)
    with time_machine.travel(AHEAD, tick=True):
        for _ in range(KEEP_PER_KIND):
            backups.backup_now()
    with time_machine.travel(BEHIND, tick=True):
        rename_first(village, "SESUDAH JAM DIPERBAIKI")
        fresh = backups.backup_now()
        backups.prune()
        assert fresh.path.exists(), "the newest backup was pruned as the oldest"
        assert backups.latest() == fresh
        kept = [info for info in backups.list_backups() if info.kind == KIND_MANUAL]
        assert len(kept) == KEEP_PER_KIND and kept[0] == fresh
