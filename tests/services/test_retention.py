"""Retention: the dry run lists exactly what the real run changes; statistics survive."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import pytest
from referral_kit import make_lembaga, referral_input
from sqlalchemy import text, union
from sqlmodel import select

from puskesos_desktop.domain.errors import UserError
from puskesos_desktop.domain.privacy import ANONYMOUS_NAME
from puskesos_desktop.services.consent import ConsentInput
from puskesos_desktop.services.retention import RetentionService
from puskesos_desktop.store.models import (
    Asesmen,
    AuditEntry,
    JournalEntry,
    Keluarga,
    LayananMasuk,
    Orang,
    PenghapusanData,
    Persetujuan,
    Rujukan,
    Verivali,
)

LONG_AGO = "2015-03-01 08:00:00.000000"
BANDS = ((0, "0-5"), (6, "6-17"), (18, "18-59"), (60, "60+"))


def _age_band(born: date | None, on: date) -> str:
    if born is None:
        return "?"
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return next(label for low, label in reversed(BANDS) if age >= low)


def _statistics(desk: Any) -> Counter:
    """What a recap counts: persons by sex, age band today and desa."""
    today = date.today()
    with desk.context.transaction() as session:
        rows = session.exec(select(Orang, Keluarga).join(
            Keluarga, Keluarga.uid == Orang.keluarga_uid, isouter=True).where(~Orang.deleted)).all()
        return Counter((p.jenis_kelamin, _age_band(p.tanggal_lahir, today),
                        k.kode_wilayah if k else "") for p, k in rows)


def _age_households(desk: Any, count: int) -> list[str]:
    """Make ``count`` households look untouched since 2015 (as after years of real use):
    their rows' timestamps are moved back in the database file itself. Households the demo
    year served (an intake, assessment, referral, consent or verivali) are not chosen:
    that recent work rightly keeps them."""
    people = (LayananMasuk.penerima_uid, LayananMasuk.pelapor_uid, Rujukan.orang_uid,
              Persetujuan.orang_uid)
    served = union(
        *(select(Orang.keluarga_uid).where(Orang.uid.in_(select(column))) for column in people),
        select(Asesmen.keluarga_uid),
        select(Verivali.keluarga_uid),
    )
    with desk.context.transaction() as session:
        households = session.exec(
            select(Keluarga.uid).where(Keluarga.uid.not_in(served)).order_by(Keluarga.uid)
            .limit(count)
        ).all()
        assert len(households) == count
        for uid in households:
            session.execute(text("UPDATE keluarga SET updated_at = :t WHERE uid = :u"),
                            {"t": LONG_AGO, "u": uid})
            session.execute(text("UPDATE orang SET updated_at = :t WHERE keluarga_uid = :u"),
                            {"t": LONG_AGO, "u": uid})
    return list(households)


@pytest.fixture
def aged(demo_desk: Any) -> tuple[Any, list[str]]:
    return demo_desk, _age_households(demo_desk, 12)


def _members(desk: Any, households: list[str]) -> set[str]:
    with desk.context.transaction() as session:
        return set(session.exec(select(Orang.uid).where(Orang.keluarga_uid.in_(households))).all())


def test_dry_run_changes_nothing_and_apply_changes_exactly_its_list(aged: Any) -> None:
    desk, households = aged
    plan = desk.retention.dry_run()
    assert {c.uid for c in plan.calon} == _members(desk, households)
    assert plan.jumlah > 12 and sum(plan.per_jenis_kelamin.values()) == plan.jumlah
    assert desk.retention.dry_run().kode == plan.kode  # nothing changed by looking
    with desk.context.transaction() as session:
        assert not session.exec(select(PenghapusanData)).all()

    before = _statistics(desk)
    result = desk.retention.apply(plan.kode)
    assert result.jumlah == plan.jumlah
    with desk.context.transaction() as session:
        erased = session.exec(select(PenghapusanData)).all()
        assert {e.orang_uid for e in erased} == {c.uid for c in plan.calon}
        assert {e.alasan for e in erased} == {"RETENSI"}
        people = session.exec(select(Orang).where(Orang.uid.in_([c.uid for c in plan.calon])))
        for person in people:
            assert person.nama == ANONYMOUS_NAME and person.nik is None
            assert person.tempat_lahir == "" and person.telepon == ""
        for uid in households:
            household = session.get(Keluarga, uid)
            assert household.no_kk is None and household.alamat == "" and household.rt == ""
            assert household.kode_wilayah  # the desa stays for statistics
    assert _statistics(desk) == before
    assert desk.retention.dry_run().jumlah == 0


def test_every_change_is_journalled_and_the_run_is_audited(aged: Any) -> None:
    desk, _households = aged
    plan = desk.retention.dry_run()
    desk.retention.apply(plan.kode)
    with desk.context.transaction() as session:
        renamed = session.exec(select(JournalEntry).where(
            JournalEntry.table_name == "orang", JournalEntry.op == "upsert",
            JournalEntry.uid.in_([c.uid for c in plan.calon]))).all()
        anonymising = [e for e in renamed if e.fields.get("nama") == ANONYMOUS_NAME]
        assert {e.uid for e in anonymising} == {c.uid for c in plan.calon}
        had_nik = [e for e in anonymising if e.base.get("nik")]
        assert had_nik and all(e.fields["nik"] is None for e in had_nik)
        runs = session.exec(select(AuditEntry).where(AuditEntry.action == "retention")).all()
        assert len(runs) == 1 and plan.kode in str(runs[0].detail)


def test_a_change_after_the_dry_run_invalidates_its_code(aged: Any) -> None:
    desk, _households = aged
    plan = desk.retention.dry_run()
    person = next(c for c in plan.calon)
    desk.consent.record(ConsentInput(person.uid, "PROSES", pemberi="KELUARGA"))
    with pytest.raises(UserError, match="tidak cocok"):
        desk.retention.apply(plan.kode)
    with desk.context.transaction() as session:
        assert not session.exec(select(PenghapusanData)).all()
    fresh = desk.retention.dry_run()
    assert person.uid not in {c.uid for c in fresh.calon}  # the consent is new activity
    assert fresh.jumlah == plan.jumlah - 1


def test_an_open_referral_keeps_the_person(aged: Any) -> None:
    desk, households = aged
    person = next(iter(sorted(_members(desk, households[:1]))))
    uid = desk.referral.create(referral_input(person, make_lembaga(desk),
                                              persetujuan_dari="ORANG_TUA_WALI")).uid
    with desk.context.transaction() as session:
        session.execute(text("UPDATE rujukan SET updated_at = :t WHERE uid = :u"),
                        {"t": LONG_AGO, "u": uid})
        session.execute(text("UPDATE orang SET updated_at = :t WHERE uid = :u"),
                        {"t": LONG_AGO, "u": person})
        session.execute(text("UPDATE persetujuan SET tanggal = '2015-03-01'"))
    chosen = {c.uid for c in desk.retention.dry_run().calon}
    assert person not in chosen
    assert _members(desk, households[1:]) <= chosen


def test_the_old_name_is_no_longer_found(aged: Any) -> None:
    desk, _households = aged
    plan = desk.retention.dry_run()
    victim = next(
        person
        for person in (desk.registry.get_person(c.uid) for c in plan.calon)
        if person.nik
    )
    assert any(r.uid == victim.uid for r in desk.registry.search(victim.nama))
    desk.retention.apply(plan.kode)
    assert not any(r.uid == victim.uid for r in desk.registry.search(victim.nama))
    # The NIK search forgives one mistyped digit, so a neighbour's NIK may still match:
    # what matters is that the anonymised person is not found by their old NIK.
    assert not any(r.uid == victim.uid for r in desk.registry.search(victim.nik))


def test_only_an_admin_may_apply_and_the_setting_is_checked(aged: Any) -> None:
    desk, _households = aged
    plan = desk.retention.dry_run()
    desk.context.operator_role = "koordinator"
    with pytest.raises(UserError):
        desk.retention.apply(plan.kode)
    desk.context.operator_role = "admin"
    with pytest.raises(UserError, match="1 sampai 30"):
        desk.retention.save_years(0)
    desk.retention.save_years(20)
    assert desk.retention.years() == 20
    assert RetentionService(desk.context).dry_run().jumlah == 0  # 2015 is within 20 years
