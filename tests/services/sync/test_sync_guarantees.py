"""One test (or a few) per guarantee of ``sync-bundle.md``, with real desks and files.

Crash safety (3) is in ``test_sync_crash.py``, convergence in ``test_sync_property.py``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import uuid
import zipfile
from datetime import date
from pathlib import Path

import pyrage
import pytest
from desk_kit import (
    Desks,
    add_people,
    craft,
    delete_person,
    desk_id,
    dump,
    edit_person,
    memory_keys,
    new_person_change,
    person,
    send,
)

from puskesos_desktop.services.sync_common import SCHEMA_VERSION
from puskesos_desktop.services.sync_import import Outcome
from puskesos_desktop.store import journal
from puskesos_desktop.store.models import LayananMasuk
from puskesos_desktop.sync.bundle import MIN_PART_SIZE, inspect_bundle
from puskesos_desktop.sync.keycard import key_card_to_bytes, make_key_card


def _outcomes(report) -> list[Outcome]:
    return [result.outcome for result in report.results]


# 1 — authentic -------------------------------------------------------------------------------
def test_bundle_for_another_desk_or_from_a_stranger_is_not_applied(
    desks: Desks, tmp_path: Path
) -> None:
    add_people(desks.village, 2)
    files = send(desks.village, desks.district, tmp_path / "usb")
    before = dump(desks.village2)
    report = desks.village2.sync.imports.import_files(files)  # addressed to the district
    assert _outcomes(report) == [Outcome.REJECTED]
    assert report.results[0].reason == "not_for_this_desk"
    assert dump(desks.village2) == before
    # a bundle claiming to come from the village but signed by another key
    stranger = memory_keys(desk_id(desks.village))
    forged, _ = craft(
        tmp_path / "forged", stranger, desks.district, [new_person_change(stranger.desk_id)]
    )
    before = dump(desks.district)
    report = desks.district.sync.imports.import_files([forged])
    assert report.results[0].reason == "bad_signature"
    assert dump(desks.district) == before


def test_revoked_desk_is_rejected(desks: Desks, tmp_path: Path) -> None:
    add_people(desks.village, 1)
    files = send(desks.village, desks.district, tmp_path / "usb")
    desks.district.sync.trust.revoke(desk_id(desks.village))
    report = desks.district.sync.imports.import_files(files)
    assert report.results[0].reason == "revoked"
    assert desks.district.sync.district.desks()[0].revoked


def test_unknown_desk_waits_until_its_card_is_trusted(desks: Desks, tmp_path: Path) -> None:
    newcomer = memory_keys("3320012003-abcd")
    change = new_person_change(newcomer.desk_id)
    path, _ = craft(tmp_path / "usb", newcomer, desks.district, [change])
    report = desks.district.sync.imports.import_files([path])
    assert _outcomes(report) == [Outcome.UNKNOWN_DESK]
    assert person(desks.district, change.uid) is None
    card = make_key_card(newcomer, "desa", "Desa Karangaji", "3320012003")
    trusted, applied = desks.district.sync.trust_card(key_card_to_bytes(card), card.fingerprint)
    assert trusted.desk.desk_id == newcomer.desk_id
    assert [r.outcome for r in applied] == [Outcome.APPLIED]
    assert person(desks.district, change.uid).nama == "WARGA BARU"


# 2 — intact ----------------------------------------------------------------------------------
def test_tampered_or_invalid_bundle_leaves_the_database_byte_identical(
    desks: Desks, tmp_path: Path
) -> None:
    add_people(desks.village, 3)
    [good] = send(desks.village, desks.district, tmp_path / "usb")
    data = good.read_bytes()
    before = dump(desks.district)
    bad_files = []
    for i, position in enumerate((40, len(data) // 2, len(data) - 30)):
        flipped = bytearray(data)
        flipped[position] ^= 0x10
        bad = tmp_path / f"rusak{i}.psb"
        bad.write_bytes(bytes(flipped))
        bad_files.append(bad)
    (tmp_path / "potong.psb").write_bytes(data[: len(data) // 3])
    bad_files.append(tmp_path / "potong.psb")
    invalid, _ = craft(
        tmp_path / "invalid",
        desks.village.context.extras["desk_keys"],
        desks.district,
        [new_person_change(desk_id(desks.village), nik="1234")],
    )
    bad_files.append(invalid)
    report = desks.district.sync.imports.import_files(bad_files)
    assert _outcomes(report) == [Outcome.REJECTED] * 5
    assert report.results[-1].reason == "invalid_content"
    assert dump(desks.district) == before
    assert _outcomes(desks.district.sync.imports.import_files([good])) == [Outcome.APPLIED]


# 4 — idempotent ------------------------------------------------------------------------------
def test_importing_twice_changes_nothing_and_says_so(desks: Desks, tmp_path: Path) -> None:
    add_people(desks.village, 2)
    files = send(desks.village, desks.district, tmp_path / "usb")
    desks.district.sync.imports.import_files(files)
    before = dump(desks.district)
    report = desks.district.sync.imports.import_files(files)
    assert _outcomes(report) == [Outcome.ALREADY]
    assert "sudah pernah diterapkan" in report.results[0].message
    assert dump(desks.district) == before


def test_a_change_id_is_never_applied_twice(desks: Desks, tmp_path: Path) -> None:
    keys = desks.village.context.extras["desk_keys"]
    me = desk_id(desks.village)
    change = new_person_change(me)
    first, sha = craft(tmp_path / "a", keys, desks.district, [change])
    again = new_person_change(me)
    second, _ = craft(tmp_path / "b", keys, desks.district, [change, again], seq=2, prev=sha)
    report = desks.district.sync.imports.import_files([first, second])
    assert _outcomes(report) == [Outcome.APPLIED, Outcome.APPLIED]
    assert report.results[1].applied == 1  # the repeated change was skipped


# 5 — ordered ---------------------------------------------------------------------------------
def test_early_bundles_wait_and_apply_when_the_gap_fills(desks: Desks, tmp_path: Path) -> None:
    uids = add_people(desks.village, 1)
    [b1] = send(desks.village, desks.district, tmp_path / "1")
    edit_person(desks.village, uids[0], nama="DUA")
    [b2] = send(desks.village, desks.district, tmp_path / "2")
    edit_person(desks.village, uids[0], nama="TIGA")
    [b3] = send(desks.village, desks.district, tmp_path / "3")
    report = desks.district.sync.imports.import_files([b3, b2])
    assert _outcomes(report) == [Outcome.WAITING_GAP, Outcome.WAITING_GAP]
    assert "Menunggu paket 1" in report.results[0].message
    assert person(desks.district, uids[0]) is None
    report = desks.district.sync.imports.import_files([b1])
    assert _outcomes(report) == [Outcome.APPLIED] * 3
    assert [r.from_queue for r in report.results] == [False, True, True]
    assert person(desks.district, uids[0]).nama == "TIGA"
    assert not list((desks.district.paths.root / "kotak-masuk").iterdir())


def test_fork_or_rollback_is_rejected(desks: Desks, tmp_path: Path) -> None:
    add_people(desks.village, 1)
    [b1] = send(desks.village, desks.district, tmp_path / "1")
    desks.district.sync.imports.import_files([b1])
    keys = desks.village.context.extras["desk_keys"]
    me = desk_id(desks.village)
    fork, _ = craft(
        tmp_path / "f", keys, desks.district, [new_person_change(me)], seq=2, prev="0" * 64
    )
    rollback, _ = craft(tmp_path / "r", keys, desks.district, [new_person_change(me)])
    before = dump(desks.district)
    report = desks.district.sync.imports.import_files([fork, rollback])
    assert [r.reason for r in report.results] == ["fork", "fork"]
    assert "PERINGATAN" in report.results[0].message
    assert dump(desks.district) == before


# 6 — nothing silently lost -------------------------------------------------------------------
def test_same_field_changed_on_both_sides_is_a_conflict_and_resolution_travels_back(
    desks: Desks, tmp_path: Path
) -> None:
    [uid] = add_people(desks.village, 1)
    desks.district.sync.imports.import_files(send(desks.village, desks.district, tmp_path / "1"))
    edit_person(desks.village, uid, nama="NAMA DESA", pekerjaan="Petani")
    edit_person(desks.district, uid, nama="NAMA DINAS", telepon="081234567890")
    report = desks.district.sync.imports.import_files(
        send(desks.village, desks.district, tmp_path / "2")
    )
    assert report.results[0].conflicts == 1
    merged = person(desks.district, uid)
    assert (merged.nama, merged.pekerjaan, merged.telepon) == (
        "NAMA DINAS",
        "Petani",
        "081234567890",
    )
    [conflict] = desks.district.sync.conflicts.open_conflicts()
    assert (conflict.field, conflict.base, conflict.ours, conflict.theirs) == (
        "nama",
        "WARGA 1",
        "NAMA DINAS",
        "NAMA DESA",
    )
    assert conflict.theirs_by.startswith(desk_id(desks.village))
    assert conflict.record_label == "NAMA DINAS"
    # the village sees the same conflict the other way round
    desks.village.sync.imports.import_files(send(desks.district, desks.village, tmp_path / "3"))
    [mirror] = desks.village.sync.conflicts.open_conflicts()
    assert (mirror.ours, mirror.theirs) == ("NAMA DESA", "NAMA DINAS")
    # the district decides for the village's value; it travels back and closes both
    desks.district.sync.conflicts.resolve(conflict.id, "theirs")
    desks.village.sync.imports.import_files(send(desks.district, desks.village, tmp_path / "4"))
    for desk in (desks.village, desks.district):
        assert person(desk, uid).nama == "NAMA DESA"
        assert person(desk, uid).telepon == "081234567890"
        assert desk.sync.conflicts.open_conflicts() == []


def test_edit_against_delete_is_a_conflict_not_a_silent_loss(desks: Desks, tmp_path: Path) -> None:
    [uid] = add_people(desks.village, 1)
    desks.district.sync.imports.import_files(send(desks.village, desks.district, tmp_path / "1"))
    delete_person(desks.village, uid)
    edit_person(desks.district, uid, pekerjaan="Nelayan")
    desks.district.sync.imports.import_files(send(desks.village, desks.district, tmp_path / "2"))
    assert not person(desks.district, uid).deleted  # the edit is not lost
    [conflict] = desks.district.sync.conflicts.open_conflicts()
    assert (conflict.field, conflict.ours, conflict.theirs) == ("deleted", False, True)
    desks.village.sync.imports.import_files(send(desks.district, desks.village, tmp_path / "3"))
    kept = person(desks.village, uid)
    assert kept.deleted and kept.pekerjaan == "Nelayan"  # hidden, but nothing lost
    [mirror] = desks.village.sync.conflicts.open_conflicts()
    assert (mirror.field, mirror.ours, mirror.theirs) == ("deleted", True, False)
    desks.district.sync.conflicts.resolve(conflict.id, "ours")  # keep the person
    desks.village.sync.imports.import_files(send(desks.district, desks.village, tmp_path / "4"))
    assert not person(desks.village, uid).deleted
    assert desks.village.sync.conflicts.open_conflicts() == []


# 7 — acknowledged ----------------------------------------------------------------------------
def test_receipts_acknowledge_and_kirim_ulang_is_byte_for_byte(
    desks: Desks, tmp_path: Path
) -> None:
    add_people(desks.village, 2)
    [sent] = send(desks.village, desks.district, tmp_path / "usb")
    district_id = desk_id(desks.district)
    [item] = desks.village.sync.exports.outbox(district_id)
    assert not item.acknowledged
    (tmp_path / "lagi").mkdir()
    again = desks.village.sync.exports.resend(district_id, [item.seq], tmp_path / "lagi")
    assert again[0].read_bytes() == sent.read_bytes()
    desks.district.sync.imports.import_files([sent])
    (tmp_path / "tanda").mkdir()
    (tmp_path / "usb3").mkdir()
    receipt = desks.district.sync.exports.export(
        tmp_path / "tanda", desk_id(desks.village), receipt_only=True
    )
    assert receipt.change_count == 0
    assert inspect_bundle(receipt.files[0])["ack"] == {desk_id(desks.village): 1}
    desks.village.sync.imports.import_files(list(receipt.files))
    [item] = desks.village.sync.exports.outbox(district_id)
    assert item.acknowledged
    assert not (desks.village.paths.outbox / item.file_name).exists()
    later = desks.village.sync.exports.export(tmp_path / "usb3", district_id)
    assert later.unacknowledged == ()


# 8 — confidential ----------------------------------------------------------------------------
def test_only_destination_and_origin_can_read_and_names_stay_private(
    desks: Desks, tmp_path: Path
) -> None:
    uids = add_people(desks.village, 2)
    [path] = send(desks.village, desks.district, tmp_path / "usb")
    nik = person(desks.village, uids[0]).nik
    data = path.read_bytes()
    manifest = json.dumps(inspect_bundle(path))
    for secret in ("WARGA", nik):
        assert secret not in manifest and secret not in path.name
        assert secret.encode() not in data
    with zipfile.ZipFile(path) as archive:
        payload = archive.read("payload.age")
    outsider = desks.village2.context.extras["desk_keys"].age_identity
    with pytest.raises(pyrage.DecryptError):
        pyrage.decrypt(payload, [outsider])
    for desk in (desks.village, desks.district):
        pyrage.decrypt(payload, [desk.context.extras["desk_keys"].age_identity])


# 9 — readable with stock tools ---------------------------------------------------------------
@pytest.mark.skipif(not (shutil.which("minisign") and shutil.which("age")), reason="tools absent")
def test_stock_minisign_and_age_read_an_exported_bundle(desks: Desks, tmp_path: Path) -> None:
    add_people(desks.village, 1)
    [path] = send(desks.village, desks.district, tmp_path / "usb")
    with zipfile.ZipFile(path) as archive:
        archive.extractall(tmp_path / "isi")
    pub = desks.village.paths.keys / "minisign.pub"
    subprocess.run(
        ["minisign", "-Vm", "manifest.json", "-x", "manifest.json.minisig", "-p", str(pub)],
        cwd=tmp_path / "isi",
        check=True,
        capture_output=True,
    )
    identity = tmp_path / "district-key.txt"
    identity.write_text(f"{desks.district.context.extras['desk_keys'].age_identity}\n")
    plain = subprocess.run(
        ["age", "-d", "-i", str(identity), "payload.age"],
        cwd=tmp_path / "isi",
        check=True,
        capture_output=True,
    ).stdout
    import gzip

    assert b'"nama":"WARGA 1"' in gzip.decompress(plain)


# 10 — fits email -----------------------------------------------------------------------------
def test_large_export_is_split_and_applied_once_all_parts_arrived(
    desks: Desks, tmp_path: Path
) -> None:
    import secrets

    [uid] = add_people(desks.village, 1)
    actor = desks.village.context.require_actor()
    rows = [
        dict(
            uid=str(uuid.uuid4()),
            waktu=desks_now(),
            saluran="DATANG_LANGSUNG",
            penerima_uid=uid,
            uraian=secrets.token_hex(900),
            urgensi="BIASA",
            operator="admin",
        )
        for _ in range(1300)
    ]
    with desks.village.context.transaction() as session:
        journal.bulk_create(session, actor, LayananMasuk, rows)
    (tmp_path / "usb").mkdir()
    result = desks.village.sync.exports.export(
        tmp_path / "usb", desk_id(desks.district), part_size=MIN_PART_SIZE
    )
    assert len(result.files) >= 2
    assert all(path.stat().st_size <= MIN_PART_SIZE for path in result.files)
    first, *rest = result.files
    report = desks.district.sync.imports.import_files(rest)
    assert set(_outcomes(report)) == {Outcome.WAITING_PARTS}
    report = desks.district.sync.imports.import_files([first])
    assert _outcomes(report)[0] == Outcome.APPLIED
    assert report.results[0].counts["layanan_masuk"] == 1300
    with desks.district.context.transaction() as session:
        assert session.get(LayananMasuk, rows[-1]["uid"]) is not None


def desks_now():
    from datetime import UTC, datetime

    return datetime(2026, 3, 4, 8, 0, tzinfo=UTC)


# 11 — schema-tolerant ------------------------------------------------------------------------
def test_newer_schema_waits_for_an_update_and_older_schema_applies(
    desks: Desks, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = desks.village.context.extras["desk_keys"]
    me = desk_id(desks.village)
    old_change, newer_change = new_person_change(me), new_person_change(me, nama="BARU")
    older, sha = craft(tmp_path / "a", keys, desks.district, [old_change], schema_version=1)
    newer, _ = craft(
        tmp_path / "b",
        keys,
        desks.district,
        [newer_change],
        seq=2,
        prev=sha,
        schema_version=SCHEMA_VERSION + 1,
    )
    report = desks.district.sync.imports.import_files([older, newer])
    assert _outcomes(report) == [Outcome.APPLIED, Outcome.NEWER_VERSION]
    assert "Perbarui aplikasi" in report.results[1].message
    assert person(desks.district, newer_change.uid) is None
    import puskesos_desktop.services.sync_import as sync_import

    monkeypatch.setattr(sync_import, "SCHEMA_VERSION", SCHEMA_VERSION + 1)  # "after the update"
    applied = desks.district.sync.imports.retry_queue()
    assert [r.outcome for r in applied] == [Outcome.APPLIED]
    assert person(desks.district, newer_change.uid).nama == "BARU"


def test_form_rules_reject_unknown_codes(desks: Desks, tmp_path: Path) -> None:
    change = new_person_change(desk_id(desks.village))
    change.fields["agama"] = "JEDI"
    path, _ = craft(
        tmp_path / "a", desks.village.context.extras["desk_keys"], desks.district, [change]
    )
    report = desks.district.sync.imports.import_files([path])
    assert report.results[0].reason == "invalid_content"
    assert "JEDI" in report.results[0].message


def test_tanggal_lahir_travels_as_a_date(desks: Desks, tmp_path: Path) -> None:
    [uid] = add_people(desks.village, 1)
    edit_person(desks.village, uid, tanggal_lahir=date(1981, 2, 3))
    desks.district.sync.imports.import_files(send(desks.village, desks.district, tmp_path / "1"))
    assert person(desks.district, uid).tanggal_lahir == date(1981, 2, 3)
