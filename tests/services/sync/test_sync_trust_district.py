"""Key cards (enrolment rules, rotation, revocation) and the district's overview."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from desk_kit import Desks, add_people, desk_id, memory_keys, send

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.nik import make_nik
from puskesos_desktop.services.desk_keys import KEYS_EXTRA
from puskesos_desktop.services.sync_import import Outcome
from puskesos_desktop.store import journal
from puskesos_desktop.store.models import Orang
from puskesos_desktop.sync.keycard import key_card_to_bytes, make_key_card
from puskesos_desktop.sync.keys import DeskKeys


def test_card_export_preview_and_enrolment_rules(desks: Desks, tmp_path: Path) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    path = desks.village2.sync.trust.export_card(folder)
    assert path.name == f"{desk_id(desks.village2)}.pskey"
    preview = desks.district.sync.trust.preview_card(path)
    assert preview.already_trusted and preview.official_name == "Desa Kalianyar"
    with pytest.raises(UserError, match="hanya mendaftarkan kartu kunci Dinas"):
        desks.village.sync.trust.preview_card(path)  # a village trusts only its district
    other_kab = memory_keys("3321012001-aaaa")
    card = make_key_card(other_kab, "desa", "Desa Lain", "3321012001")
    with pytest.raises(UserError, match="kabupaten lain"):
        desks.district.sync.trust.trust_card(key_card_to_bytes(card), card.fingerprint)


def test_rotation_is_accepted_by_the_district_and_bundles_still_verify(
    desks: Desks, tmp_path: Path
) -> None:
    import minisign

    shared = desks.village.context.extras[KEYS_EXTRA]  # the session's keys: rotation wipes
    own_copy = DeskKeys(
        shared.desk_id,
        minisign.SecretKey.from_base64(shared.signing.to_base64()),
        shared.age_identity,
    )
    desks.village.context.extras[KEYS_EXTRA] = own_copy
    add_people(desks.village, 1)
    [old_bundle] = send(desks.village, desks.district, tmp_path / "lama")
    new_card = desks.village.sync.trust.rotate()
    assert new_card.fingerprint != desks.district.sync.trust.trusted()[0].fingerprint
    preview = desks.district.sync.trust.preview_card(new_card.card_bytes)
    assert preview.rotation_of_trusted
    result, _ = desks.district.sync.trust_card(new_card.card_bytes, new_card.fingerprint)
    assert result.rotated and len(result.desk.previous_fingerprints) == 1
    add_people(desks.village, 1, start=50)
    [new_bundle] = send(desks.village, desks.district, tmp_path / "baru")
    report = desks.district.sync.imports.import_files([old_bundle, new_bundle])
    assert [r.outcome for r in report.results] == [Outcome.APPLIED, Outcome.APPLIED]


def test_district_overview_gaps_and_duplicate_niks(desks: Desks, tmp_path: Path) -> None:
    nik = make_nik("332001", date(1975, 6, 7), "P", 4321)
    for desk in (desks.village, desks.village2):  # the same woman registered twice
        with desk.context.transaction() as session:
            journal.create(
                session,
                desk.context.require_actor(),
                Orang(nik=nik, nama="SITI AMINAH", jenis_kelamin="P"),
            )
    add_people(desks.village, 2)
    [b1] = send(desks.village, desks.district, tmp_path / "1")
    add_people(desks.village, 1, start=10)
    send(desks.village, desks.district, tmp_path / "2")  # lost on the way
    add_people(desks.village, 1, start=20)
    [b3] = send(desks.village, desks.district, tmp_path / "3")
    [v2] = send(desks.village2, desks.district, tmp_path / "4")
    desks.district.sync.imports.import_files([b1, b3, v2])
    status = {s.desk_id: s for s in desks.district.sync.district.desks()}
    village = status[desk_id(desks.village)]
    assert (village.last_seq, village.waiting, village.missing) == (1, (3,), (2,))
    assert village.persons == 3
    assert status[desk_id(desks.village2)].persons == 1
    [duplicate] = desks.district.sync.district.duplicate_niks()
    assert duplicate.nik == nik
    origins = {origin for _uid, _name, origin in duplicate.persons}
    assert origins == {desk_id(desks.village), desk_id(desks.village2)}
