"""A deletion on request reaches the district with the next bundle, as do consents."""

from __future__ import annotations

from pathlib import Path

from desk_kit import Desks, add_people, person, send
from sqlmodel import select

from puskesos_desktop.domain.privacy import ANONYMOUS_NAME
from puskesos_desktop.services.consent import ConsentInput
from puskesos_desktop.services.sync_import import Outcome
from puskesos_desktop.store.models import PenghapusanData, Persetujuan


def test_deletion_and_consent_propagate_to_the_district(desks: Desks, tmp_path: Path) -> None:
    uids = add_people(desks.village, 2)
    first = send(desks.village, desks.district, tmp_path / "usb1")
    assert [r.outcome for r in desks.district.sync.imports.import_files(first).results] == [
        Outcome.APPLIED]
    nik = person(desks.district, uids[0]).nik
    assert nik

    desks.village.consent.record(ConsentInput(uids[1], "PROSES", cara="LISAN"))
    desks.village.subject_request.delete(uids[0], "Permintaan warga")
    second = send(desks.village, desks.district, tmp_path / "usb2")
    report = desks.district.sync.imports.import_files(second)
    assert [r.outcome for r in report.results] == [Outcome.APPLIED], report.results[0].message

    gone = person(desks.district, uids[0])
    assert gone.nama == ANONYMOUS_NAME and gone.nik is None
    assert person(desks.district, uids[1]).nama == person(desks.village, uids[1]).nama
    with desks.district.context.transaction() as session:
        assert session.exec(select(PenghapusanData.orang_uid)).all() == [uids[0]]
        consent = session.exec(select(Persetujuan)).one()
        assert (consent.orang_uid, consent.jenis, consent.cara) == (uids[1], "PROSES", "LISAN")
