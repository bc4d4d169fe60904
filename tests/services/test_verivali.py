"""Verivali: marking, walking order, outcomes, journal, and the printed visit list."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader
from sqlmodel import select

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.services.desk import Desk
from puskesos_desktop.services.verivali import VerivaliService
from puskesos_desktop.store.models import JournalEntry, Keluarga, Verivali

TODAY = date(2026, 11, 23)


@pytest.fixture
def service(demo_desk: Desk) -> VerivaliService:
    """The service on a desk whose visit list is empty: the demo year's marks still waiting
    for a visit are withdrawn first, so each test sees only the marks it makes."""
    verivali = VerivaliService(demo_desk.context, today=lambda: TODAY)
    for row in verivali.visit_list():
        verivali.unmark(row.uid)
    assert verivali.visit_list() == []
    return verivali


@pytest.fixture
def households(demo_desk: Desk) -> list[Keluarga]:
    with demo_desk.context.transaction() as session:
        visited = select(Verivali.keluarga_uid)  # by the demo year: not these
        rows = session.exec(
            select(Keluarga)
            .where(~Keluarga.deleted, Keluarga.uid.not_in(visited))
            .order_by(Keluarga.no_kk)
            .limit(12)
        ).all()
        for row in rows:
            session.expunge(row)
    return list(rows)


def test_mark_lists_in_walking_order_once(
    service: VerivaliService, households: list[Keluarga]
) -> None:
    uids = [k.uid for k in households]
    result = service.mark(uids, "Periksa apakah masih layak PKH", program="PKH")
    assert len(result.marked) == len(uids)
    again = service.mark(uids[:3], "Lagi")
    assert again.marked == () and set(again.already_open) == set(uids[:3])
    rows = service.visit_list()
    assert len(rows) == len(uids)
    keys = [(r.dusun.lower(), r.rw.zfill(3), r.rt.zfill(3)) for r in rows]
    assert keys == sorted(keys)
    assert all(r.kepala and r.ditandai_oleh and r.ditandai_pada == TODAY for r in rows)


def test_record_outcome_closes_the_mark(
    demo_desk: Desk, service: VerivaliService, households: list[Keluarga]
) -> None:
    (uid,) = service.mark([households[0].uid], "Kabar pindah ke Kudus").marked
    row = service.record_outcome(
        uid,
        "PINDAH",
        tanggal=TODAY,
        petugas="Pak Kadus",
        catatan="Sejak Agustus",
        status_stiker="DICABUT",
    )
    assert (row.hasil, row.petugas_kunjungan, row.status_stiker) == (
        "PINDAH",
        "Pak Kadus",
        "DICABUT",
    )
    assert service.visit_list() == []
    done = service.visit_list(include_done=True)
    assert [r.uid for r in done if r.keluarga_uid == row.keluarga_uid] == [uid]
    assert service.for_household(households[0].uid)[0].hasil == "PINDAH"
    # A new mark may be made once the earlier one is closed.
    (again,) = service.mark([households[0].uid], "Cek ulang").marked
    with demo_desk.context.transaction() as session:
        entries = session.exec(
            select(JournalEntry)
            .where(JournalEntry.table_name == "verivali", JournalEntry.uid.in_((uid, again)))
            .order_by(JournalEntry.at)
        ).all()
    assert len(entries) == 3  # created, outcome, new mark
    assert entries[1].fields["hasil"] == "PINDAH"


def test_outcome_problems_are_user_errors(
    service: VerivaliService, households: list[Keluarga]
) -> None:
    (uid,) = service.mark([households[0].uid], "Cek").marked
    with pytest.raises(UserError, match="hasil kunjungan"):
        service.record_outcome(uid, "ENTAHLAH", tanggal=TODAY, petugas="X")
    with pytest.raises(UserError, match="petugas"):
        service.record_outcome(uid, "MASIH_LAYAK", tanggal=TODAY, petugas=" ")
    with pytest.raises(UserError, match="masa depan"):
        service.record_outcome(uid, "MASIH_LAYAK", tanggal=date(2027, 1, 1), petugas="X")
    with pytest.raises(UserError, match="alasan"):
        service.mark([households[1].uid], "   ")


def test_unmark_tombstones_an_open_mark(
    service: VerivaliService, households: list[Keluarga]
) -> None:
    (uid,) = service.mark([households[0].uid], "Salah tandai").marked
    service.unmark(uid)
    assert service.visit_list() == []


def test_visit_list_pdf_has_only_the_marked_households(
    service: VerivaliService, households: list[Keluarga]
) -> None:
    marked = households[:4]
    service.mark([k.uid for k in marked], "Periksa kondisi rumah")
    expected = [row.kepala for row in service.visit_list()]
    pdf = service.visit_list_pdf()
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "DAFTAR KUNJUNGAN VERIFIKASI" in text
    positions = [text.index(name) for name in expected]
    assert positions == sorted(positions)
    # The list printed is the open marks: these four, none of the demo's visited ones.
    assert {row.keluarga_uid for row in service.visit_list()} == {k.uid for k in marked}


def test_empty_visit_list_is_a_user_error(service: VerivaliService) -> None:
    with pytest.raises(UserError, match="Belum ada keluarga"):
        service.visit_list_pdf()
