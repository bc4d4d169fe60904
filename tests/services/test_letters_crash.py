"""Crash test: a process issuing and voiding letters is SIGKILLed again and again.

Afterwards the register must hold every running number exactly once with no gap, each
letter with its archived content, and the local counter must equal the last number: the
allocation and the register row commit (or vanish) together.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from referral_kit import demo_keys_fixture, desk_fixture, new_referral  # noqa: F401 - fixtures

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL hanya di POSIX")

TRIALS = 10
CHILD = r"""
import sys
import minisign
from puskesos_desktop.paths import DataPaths
from puskesos_desktop.services.context import ServiceContext
from puskesos_desktop.services.desk_keys import KEYS_EXTRA
from puskesos_desktop.services.letters import LetterService
from puskesos_desktop.store.journal import Actor

class Signer:  # an in-memory key: unlocking the real one takes seconds per start
    def __init__(self, desk_id):
        self.desk_id = desk_id
        self.signing = minisign.KeyPair.generate().secret_key

root, referral_uid, desk_id = sys.argv[1:4]
context = ServiceContext.open(DataPaths(__import__("pathlib").Path(root)))
context.actor = Actor(desk_id, "admin")
context.operator_role = "admin"
context.extras[KEYS_EXTRA] = Signer(desk_id)
letters = LetterService(context)
for left in letters.letters_for(referral_uid):  # killed between issue and void last time
    if left.status == "TERBIT":
        letters.void(left.uid, "uji matikan proses")
while True:
    issued = letters.issue(referral_uid)
    print("TERBIT", issued.nomor, flush=True)
    letters.void(issued.surat_uid, "uji matikan proses")
    print("BATAL", flush=True)
"""


def _check_register(db: Path, year: int) -> int:
    with sqlite3.connect(db) as connection:
        numbers = [row[0] for row in connection.execute(
            "SELECT urut FROM surat_keluar WHERE tahun = ? ORDER BY urut", (year,))]
        counter = connection.execute(
            "SELECT terakhir FROM nomor_surat_terakhir WHERE tahun = ?", (year,)).fetchone()
        archived = connection.execute(
            "SELECT count(*) FROM surat_keluar JOIN arsip_surat ON surat_uid = uid").fetchone()
        nomor = connection.execute(
            "SELECT count(DISTINCT nomor), count(*) FROM surat_keluar").fetchone()
        journal = connection.execute(
            "SELECT count(DISTINCT uid) FROM change_journal WHERE table_name = 'surat_keluar'"
        ).fetchone()
    assert numbers == list(range(1, len(numbers) + 1)), numbers
    assert counter is None or counter[0] == len(numbers)
    assert archived[0] == len(numbers)
    assert nomor[0] == nomor[1] == len(numbers)
    assert journal[0] == len(numbers)  # every register row reached the sync journal
    return len(numbers)


def test_killed_allocator_leaves_no_duplicate_and_no_gap(desk: Any) -> None:
    from datetime import date

    referral = new_referral(desk)
    root = desk.paths.root
    desk_id = desk.context.actor.desk_id
    desk.context.engine.dispose()
    rng = random.Random(6)
    year = date.today().year
    previous = 0
    for _trial in range(TRIALS):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(root), referral, desk_id],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        try:
            for _ in range(rng.randint(1, 4)):  # let it commit a few times, then kill
                line = child.stdout.readline()  # type: ignore[union-attr]
                assert line, child.stderr.read()  # type: ignore[union-attr]
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=30)
            child.stdout.close()  # type: ignore[union-attr]
            child.stderr.close()  # type: ignore[union-attr]
        count = _check_register(desk.paths.database, year)
        assert count > previous
        previous = count
    assert previous >= TRIALS
