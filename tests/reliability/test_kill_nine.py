"""Kill -9 (a power cut) at random instants and at hook points during each operation.

After every kill: ``PRAGMA integrity_check`` is ok, the operation is all or nothing (rows,
journal entries, letter numbers), the app's start-up check says READY, and the operation
can be redone. One trial per operation is killed at the hook point where it has started
writing its result (the ``-wal`` or the backup's temp file grows), so every operation is
cut at least once mid-write. ``benchmarks/stress.py`` runs the same scenarios hundreds of
times.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from crashkit import Base
from scenario_base import Scenario
from scenarios import SCENARIOS, ready

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="needs fork and SIGKILL")

TRIALS = 3


@pytest.mark.parametrize("kind", SCENARIOS, ids=lambda kind: kind.__name__)
def test_killed_operation_is_all_or_nothing_and_can_be_redone(
    kind: type[Scenario], base: Base, tmp_path: Path
) -> None:
    scenario = ready(kind, base, tmp_path)
    rnd = random.Random(kind.__name__)
    labels = [scenario.trial(base, index, rnd) for index in range(TRIALS)]
    labels.append(scenario.trial(base, TRIALS, rnd, scenario.mid_write()))
    assert not labels[-1].endswith("(selesai)"), f"the mid-write kill came too late: {labels}"
