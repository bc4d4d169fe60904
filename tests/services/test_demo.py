"""The demo village: realistic, valid and deterministic sample data."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlmodel import func, select

from puskesos_desktop.domain.nik import Severity, check_nik, check_no_kk
from puskesos_desktop.services.desk import Desk
from puskesos_desktop.store.models import JournalEntry, Keluarga, Orang


def test_demo_desk_has_valid_households_and_journal(demo_desk: Desk) -> None:
    counts = demo_desk.registry.counts()
    assert counts.orang == 300
    assert 60 <= counts.keluarga <= 150
    profile = demo_desk.profile.get()
    assert profile is not None and profile.is_demo and profile.nama_desa == "Kedungmalang"
    with demo_desk.context.transaction() as session:
        people = session.exec(select(Orang)).all()
        households = session.exec(select(Keluarga)).all()
        journalled = session.exec(
            select(func.count())
            .select_from(JournalEntry)
            .where(JournalEntry.table_name.in_(("orang", "keluarga")))
        ).one()
    assert journalled == len(people) + len(households)
    for person in people:
        findings = check_nik(person.nik, birth_date=person.tanggal_lahir, sex=person.jenis_kelamin)
        assert not [f for f in findings if f.severity == Severity.ERROR], (person.nik, findings)
        if person.alasan_tanpa_nik:
            assert person.nik.startswith("0")
    for household in households:
        assert not [f for f in check_no_kk(household.no_kk) if f.severity == Severity.ERROR]
    heads = [p for p in people if p.hubungan == "KEPALA"]
    assert len(heads) == len(households)


def test_population_is_deterministic_by_seed(tmp_path: Path, demo_template: Path) -> None:
    def people_after_adding(copy_name: str) -> list[tuple[str, str | None]]:
        root = tmp_path / copy_name
        shutil.copytree(demo_template, root)
        desk = Desk.start(root, log_to_file=False)
        assert desk.demo.add_population(25, seed=7) == 25
        rows = desk.registry.search("", limit=1000)
        desk.context.engine.dispose()
        return sorted((row.nama, row.nik) for row in rows)

    first, second = people_after_adding("a"), people_after_adding("b")
    assert len(first) == 325
    assert first == second


def test_registry_search_by_nik_prefix_kk_and_name(demo_desk: Desk) -> None:
    person = demo_desk.registry.search("", limit=1)[0]
    assert person.nik is not None
    assert person.uid in {row.uid for row in demo_desk.registry.search(person.nik[:10])}
    assert person.no_kk is not None
    assert person.uid in {row.uid for row in demo_desk.registry.search(person.no_kk)}
    fragment = person.nama.split()[0].lower()
    assert person.uid in {row.uid for row in demo_desk.registry.search(fragment)}
