"""Service directory: local entries are edited here, district entries are read-only."""

from __future__ import annotations

from typing import Any

import pytest

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.services.lembaga import JenisLembaga, LembagaInput, service_codes
from puskesos_desktop.store import journal
from puskesos_desktop.store.models import Lembaga


@pytest.fixture
def desk(demo_desk: Any) -> Any:
    return demo_desk  # the directory needs no keys


def test_create_list_and_update_a_local_entry(desk: Any) -> None:
    seeded = desk.lembaga.list()  # the demo village's own directory
    uid = desk.lembaga.create(LembagaInput(
        nama="  Puskesmas   Kedung I ", jenis="puskesmas", jabatan_penerima="Kepala Puskesmas",
        melayani=("kesehatan", "LUT"), jam_layanan="Senin–Sabtu 07.30–14.00")).uid
    view = desk.lembaga.get(uid)
    assert view.nama == "Puskesmas Kedung I" and view.jenis == JenisLembaga.PUSKESMAS
    assert view.melayani == ("KESEHATAN", "LUT") and view.sumber == "lokal" and view.dapat_diubah
    assert view.jenis_label == "Puskesmas"
    desk.lembaga.update(uid, LembagaInput(nama="Puskesmas Kedung I", jenis="PUSKESMAS",
                                          telepon="0291 123456", aktif=False))
    assert desk.lembaga.list() == seeded
    everything = {v.uid: v.telepon for v in desk.lembaga.list(include_inactive=True)}
    assert everything.pop(uid) == "0291 123456"
    assert set(everything) == {v.uid for v in seeded}


def test_problems_are_listed_and_names_are_unique(desk: Any) -> None:
    with pytest.raises(UserError) as caught:
        desk.lembaga.create(LembagaInput(nama="", jenis="??", melayani=("XYZ",)))
    for part in ("nama", "jenis", "XYZ"):
        assert part in caught.value.message
    desk.lembaga.create(LembagaInput(nama="Dukcapil Jepara", jenis="DUKCAPIL"))
    with pytest.raises(UserError, match="sudah ada"):
        desk.lembaga.create(LembagaInput(nama="dukcapil jepara", jenis="DUKCAPIL"))


def test_district_entries_are_read_only_at_a_village_desk(desk: Any) -> None:
    """A district entry arrives by bundle; here it is written the way a bundle would."""
    with desk.context.transaction() as session:
        row = journal.create(session, desk.context.actor, Lembaga(
            nama="Dinas Sosial P3A Kabupaten Jepara", jenis="DINSOS", sumber="dinas"))
        uid = row.uid
    view = desk.lembaga.get(uid)
    assert view.sumber == "dinas" and not view.dapat_diubah
    with pytest.raises(UserError, match="Dinas Sosial"):
        desk.lembaga.update(uid, LembagaInput(nama="Dinsos", jenis="DINSOS"))
    assert desk.lembaga.get(uid).nama == "Dinas Sosial P3A Kabupaten Jepara"


def test_service_codes_offer_needs_and_ppks() -> None:
    codes = dict(service_codes())
    assert "KESEHATAN" in codes and "LUT" in codes
