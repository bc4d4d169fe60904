"""The demo village's year of desk work: alive on every screen, complete in the journal."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import func, select

from puskesos_desktop.domain.referral_state import StatusRujukan
from puskesos_desktop.paths import DataPaths
from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.services.demo import DEMO_PERSONS, DemoService, demo_setup_request
from puskesos_desktop.services.desk import Desk
from puskesos_desktop.services.profile import ProfileService
from puskesos_desktop.services.setup import SetupService
from puskesos_desktop.store.models import (
    SYNCED_TABLES,
    Asesmen,
    JournalEntry,
    LayananMasuk,
    Persetujuan,
    Rujukan,
    SuratKeluar,
)


def test_every_month_of_the_chart_has_work(demo_desk: Desk) -> None:
    board = demo_desk.reports.dashboard()
    series = {serie.nama: serie.nilai for serie in board.tren.seri}
    assert len(series["Layanan masuk"]) == 12
    assert all(15 <= count <= 40 for count in series["Layanan masuk"][:-1])
    assert series["Layanan masuk"][-1] >= 1  # the month so far
    assert all(count > 0 for count in series["Asesmen"][:-1])
    assert all(count > 0 for count in series["Rujukan dikirim"][:-1])
    assert sum(series["Rujukan mendapat hasil"]) > 0
    assert {angka.kode: angka.nilai for angka in board.bulan}["layanan_masuk"] >= 1


def test_referrals_sit_in_many_states_and_some_need_attention(demo_desk: Desk) -> None:
    board = demo_desk.reports.dashboard()
    by_status = {angka.kode.removeprefix("status:"): angka.nilai for angka in board.rujukan_status}
    outcomes = ("SELESAI_DILAYANI", "DITOLAK", "TIDAK_MEMENUHI_SYARAT", "DIALIHKAN", "DIBATALKAN")
    assert all(by_status[status] > 0 for status in outcomes), by_status
    assert by_status["DIRUJUK"] > 0  # some services never answered
    assert sum(1 for count in by_status.values() if count) >= 7
    assert by_status["SELESAI_DILAYANI"] == max(by_status.values())  # most get served
    attention = {angka.kode: angka.nilai for angka in board.perhatian}
    assert 0 < attention["terlambat"] < sum(by_status.values()) // 4
    verivali = {angka.kode: angka.nilai for angka in board.verivali}
    assert verivali["verivali_selesai"] > 0


def test_records_hang_together(demo_desk: Desk) -> None:
    """Dates are in the past year, referrals name their intake, letters are numbered."""
    today = date.today()
    with demo_desk.context.transaction() as session:
        intakes = session.exec(select(LayananMasuk)).all()
        referrals = session.exec(select(Rujukan)).all()
        letters = session.exec(select(SuratKeluar).order_by(SuratKeluar.urut)).all()
        assessments = session.exec(select(Asesmen)).all()
        consents = session.exec(select(func.count()).select_from(Persetujuan)).one()
    intake_uids = {row.uid for row in intakes}
    assert all(0 <= (today - row.waktu.astimezone().date()).days <= 366 for row in intakes)
    assert all(row.tanggal <= today and row.layanan_uid in intake_uids for row in assessments)
    assert all(row.layanan_masuk_uid in intake_uids for row in referrals)
    assert all(row.setuju_dibagikan for row in referrals if row.status != "DRAF")
    assert consents >= len(intakes) + len(referrals)  # the ledger holds every consent taken
    assert letters, "recent referrals to formal services get a numbered letter"
    for year in {letter.tahun for letter in letters}:
        numbers = [letter.urut for letter in letters if letter.tahun == year]
        assert numbers == list(range(1, len(numbers) + 1))  # no gap, no reuse
    assert all(letter.tanggal <= today and f"/{letter.tahun}" in letter.nomor for letter in letters)
    sent = [r for r in referrals if r.status not in (StatusRujukan.DRAF.value,)]
    assert len(sent) > len(letters)  # informal services are told in person


def test_journal_is_complete_and_audit_chain_verifies(demo_desk: Desk) -> None:
    """Every revision of every synced row has its journal entry (what bundles carry)."""
    with demo_desk.context.transaction() as session:
        revisions = sum(
            session.exec(select(func.coalesce(func.sum(model.rev), 0))).one()
            for model in SYNCED_TABLES.values()
        )
        journalled = session.exec(select(func.count()).select_from(JournalEntry)).one()
    assert journalled == revisions
    result = demo_desk.audit.verify()
    assert result.ok and result.checked > 1_000


def _figures(root: Path, today: date) -> tuple[object, ...]:
    from puskesos_desktop.services.demo_activity import DemoActivity

    context = ServiceContext.open(DataPaths(root))
    try:
        ProfileService(context).act_as_default_operator()
        DemoActivity(context, today=today).run()
        with context.transaction() as session:
            counts = tuple(
                session.exec(select(func.count()).select_from(model)).one()
                for model in SYNCED_TABLES.values()
            )
            statuses = sorted(session.exec(select(Rujukan.status, Rujukan.status_tanggal)).all())
            days = sorted(row.date() for row in session.exec(select(LayananMasuk.waktu)).all())
    finally:
        context.engine.dispose()
    return counts, statuses, days


@pytest.mark.slow
def test_same_day_gives_the_same_demo(tmp_path: Path, template_db: Path) -> None:
    """Two desks with the same village and households play the same year on the same day."""
    day = date(2026, 6, 30)
    first_root = tmp_path / "a"
    paths = DataPaths(first_root).ensure()
    shutil.copyfile(template_db, paths.database)
    context = ServiceContext.open(paths)
    SetupService(context).complete(demo_setup_request())
    DemoService(context).add_population(DEMO_PERSONS, seed=1)
    context.engine.dispose()
    shutil.copytree(first_root, tmp_path / "b")
    first, second = (_figures(root, day) for root in (first_root, tmp_path / "b"))
    assert first == second
    assert max(first[2]) <= day
