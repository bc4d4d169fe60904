from __future__ import annotations

from pathlib import Path

from desk_kit import Desks, add_people, desk_id, edit_person, person, send

from puskesos_desktop.services.sync_import import Outcome


def test_village_to_district_and_back(desks: Desks, tmp_path: Path) -> None:
    uids = add_people(desks.village, 3)
    files = send(desks.village, desks.district, tmp_path / "usb")
    report = desks.district.sync.imports.import_files(files)
    assert [r.outcome for r in report.results] == [Outcome.APPLIED], report.results
    assert person(desks.district, uids[0]).nama == "WARGA 1"
    edit_person(desks.district, uids[0], nama="WARGA SATU")
    back = send(desks.district, desks.village, tmp_path / "usb2")
    report = desks.village.sync.imports.import_files(back)
    assert [r.outcome for r in report.results] == [Outcome.APPLIED], report.results
    assert person(desks.village, uids[0]).nama == "WARGA SATU"
    outbox = desks.village.sync.exports.outbox(desk_id(desks.district))
    assert [item.acknowledged for item in outbox] == [True]
