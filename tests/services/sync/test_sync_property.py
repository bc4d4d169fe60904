"""Property: three desks editing concurrently converge, and nothing is silently lost.

Two villages and their district edit shared rows (names, jobs, phones, deletions) in
several rounds, each round ending with an export on every stream. The bundles are then
delivered in a random order with duplicates and losses (a lost bundle is delivered again
later, as "kirim ulang" would), conflicts are resolved with random choices, and the
desks exchange until nothing is open. Then every row is identical wherever it lives, and
each desk's last written value of each field is either the final value or recorded in a
conflict record.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any

from desk_kit import Desks, Template, add_people, delete_person, desk_id, edit_person, start_copy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from puskesos_desktop.services.desk import Desk
from puskesos_desktop.store.models import Orang

FIELDS = {
    "nama": ["ANI", "BUDI", "CICI"],
    "pekerjaan": ["Petani", "Nelayan", "Pedagang"],
    "telepon": ["081234567890", "089876543210"],
}
STREAMS = [
    ("village", "district"),
    ("district", "village"),
    ("village2", "district"),
    ("district", "village2"),
]

edit = st.tuples(
    st.sampled_from(["village", "district", "village2"]),
    st.integers(0, 3),  # row: 0-1 born in village, 2-3 in village2
    st.sampled_from([*FIELDS, "hapus"]),
    st.integers(0, 2),
)
scenario = st.fixed_dictionaries(
    {
        "rounds": st.lists(st.lists(edit, min_size=1, max_size=6), min_size=1, max_size=3),
        "order": st.randoms(use_true_random=False),
    }
)


def _row(desk: Desk, uid: str) -> dict[str, Any] | None:
    with desk.context.transaction() as session:
        person = session.get(Orang, uid)
        if person is None:
            return None
        return {name: getattr(person, name) for name in (*FIELDS, "deleted")}


def _conflict_values(desks: Desks) -> set[tuple[str, str, Any]]:
    found = set()
    for desk in desks.all():
        connection = sqlite3.connect(desk.paths.database)
        for uid, field, ours, theirs in connection.execute(
            "SELECT uid, field, ours, theirs FROM konflik"
        ):
            for value in (ours, theirs):
                found.add((uid, field, None if value is None else json.loads(value)))
        connection.close()
    return found


@settings(
    max_examples=int(os.environ.get("SYNC_PROPERTY_EXAMPLES", "4")),
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=scenario)
def test_desks_converge_and_lose_nothing(
    case: dict[str, Any], tmp_path_factory: Any, sync_templates: dict[str, Template]
) -> None:
    base = tmp_path_factory.mktemp("konvergen")
    desks = Desks(
        *(start_copy(sync_templates[n], base / n) for n in ("village", "district", "village2"))
    )
    by_name = {"village": desks.village, "district": desks.district, "village2": desks.village2}
    try:
        _run(case, desks, by_name, base)
    finally:
        for desk in desks.all():
            desk.context.engine.dispose()


def _run(case: dict[str, Any], desks: Desks, by_name: dict[str, Desk], base: Path) -> None:
    rnd = case["order"]
    uids = add_people(desks.village, 2) + add_people(desks.village2, 2, start=3)
    home = {uid: ("village" if i < 2 else "village2") for i, uid in enumerate(uids)}
    files: list[tuple[str, Path]] = []
    counter = 0

    def export_all() -> None:
        nonlocal counter
        for sender, receiver in STREAMS:
            counter += 1
            folder = base / f"kirim{counter}"
            folder.mkdir()
            result = by_name[sender].sync.exports.export(folder, desk_id(by_name[receiver]))
            files.extend((receiver, path) for path in result.files)

    def deliver(pending: list[tuple[str, Path]], *, lossy: bool) -> None:
        order = list(pending)
        rnd.shuffle(order)
        if lossy:
            order = [item for item in order if rnd.random() > 0.25]  # losses
            order += rnd.sample(order, min(2, len(order)))  # duplicates
        for receiver, path in order:
            by_name[receiver].sync.imports.import_files([path])

    export_all()  # initial: the villages' rows reach the district
    deliver(files, lossy=False)
    files.clear()
    last: dict[tuple[str, str, str], Any] = {}
    for round_edits in case["rounds"]:
        for who, row, field, value in round_edits:
            uid = uids[row]
            if who != "district" and home[uid] != who:
                continue  # a village only holds its own rows
            desk = by_name[who]
            if _row(desk, uid)["deleted"]:
                continue
            if field == "hapus":
                delete_person(desk, uid)
                last[(who, uid, "deleted")] = True
            else:
                edit_person(desk, uid, **{field: FIELDS[field][value % len(FIELDS[field])]})
                last[(who, uid, field)] = FIELDS[field][value % len(FIELDS[field])]
        export_all()
    deliver(files, lossy=True)
    deliver(files, lossy=False)  # everything lost is sent again
    for _attempt in range(4):
        open_any = False
        for name in ("district", "village", "village2"):
            for conflict in by_name[name].sync.conflicts.open_conflicts():
                open_any = True
                if conflict.id in {c.id for c in by_name[name].sync.conflicts.open_conflicts()}:
                    by_name[name].sync.conflicts.resolve(
                        conflict.id, rnd.choice(["ours", "theirs"])
                    )
        files.clear()
        export_all()
        deliver(files, lossy=False)
        if not open_any:
            break
    for desk in desks.all():
        assert desk.sync.conflicts.open_conflicts() == []
    for uid in uids:
        assert _row(by_name[home[uid]], uid) == _row(desks.district, uid)
    recorded = _conflict_values(desks)
    for (who, uid, field), value in last.items():
        final = _row(by_name[who], uid)[field]
        assert final == value or (uid, field, value) in recorded, (who, field, value, final)
