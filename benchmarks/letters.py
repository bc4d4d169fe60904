"""Referral letter rendering speed: per letter, a 1,000-letter batch, and peak memory.

Run: ``.venv/bin/python benchmarks/letters.py [--count 1000] [--paper A4|F4]``

Goal (issue 6): one letter builds in <= 50 ms. Absolute times depend on the machine (and on
whatever else runs on it), so every figure is also given as a ratio to a baseline measured
in the same run: reportlab rendering a blank A4 page with one paragraph. A ratio that jumps
between versions means our code got slower, whatever the machine.

Signing uses an in-memory minisign key (the desk's real key only differs in how it is
stored), so the batch figure is "sign + render" as the batch print job will do it.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
import tracemalloc
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta

import minisign
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate

from puskesos_desktop.letters.qr import QrFields, make_qr_payload, verification_code
from puskesos_desktop.letters.referral import LetterData, render_referral_letter
from puskesos_desktop.letters.sample import sample_letter_data

GOAL_MS = 50.0


@dataclass
class _Signer:
    desk_id: str
    signing: minisign.SecretKey


def _blank_page() -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4)
    doc.build([Paragraph("Halaman kosong dengan satu paragraf.", getSampleStyleSheet()["Normal"])])
    return buffer.getvalue()


def _signed(letter: LetterData, signer: _Signer, index: int) -> LetterData:
    expires = letter.valid_until or letter.issued + timedelta(days=90)
    fields = QrFields(uuid.uuid4(), letter.number, letter.issued, expires,
                      letter.addressee.lembaga, f"33200145058{index % 100000:05d}")
    payload = make_qr_payload(fields, signer)
    person = replace(letter.person, nama=f"Warga Contoh Nomor {index}", nik=fields.nik)
    return replace(letter, person=person, qr_payload=payload, valid_until=expires,
                   verification_code=verification_code(payload))


def _times(work: Callable[[], object], repeat: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of each call (CPU time is steadier on a busy machine)."""
    work()  # warm-up: font registration, imports, caches
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return walls, cpus


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def _peak_rss_mib() -> float | None:
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="letters in the batch")
    parser.add_argument("--paper", default="A4", choices=["A4", "F4"])
    parser.add_argument("--repeat", type=int, default=40, help="samples per figure")
    args = parser.parse_args()

    signer = _Signer("3320012001-7f3a", minisign.KeyPair.generate().secret_key)
    letter = _signed(sample_letter_data(), signer, 0)

    base_wall, base_cpu = _times(_blank_page, args.repeat)
    baseline = statistics.median(base_wall)
    print(f"baseline (reportlab, blank page + 1 paragraph): median {_ms(baseline)}"
          f"  cpu {_ms(statistics.median(base_cpu))}")

    wall, cpu = _times(lambda: render_referral_letter(letter, args.paper), args.repeat)
    median = statistics.median(wall)
    p95 = sorted(wall)[int(len(wall) * 0.95) - 1]
    verdict = "OK" if statistics.median(cpu) * 1000 <= GOAL_MS else "MELEBIHI TARGET"
    print(f"one letter ({args.paper}, render only):    median {_ms(median)}  p95 {_ms(p95)}"
          f"  cpu {_ms(statistics.median(cpu))}  = {median / baseline:4.1f}x baseline"
          f"  [goal <= {GOAL_MS:.0f} ms: {verdict}]")
    print(f"RESULT name=letter_render value={median * 1000:.1f} unit=ms "
          f"ratio={median / baseline:.2f} goal=cpu<={GOAL_MS:.0f}ms")

    counter = iter(range(1, 10**9))
    wall, cpu = _times(
        lambda: render_referral_letter(_signed(letter, signer, next(counter)), args.paper),
        args.repeat,
    )
    print(f"one letter ({args.paper}, sign + render):  median {_ms(statistics.median(wall))}"
          f"  cpu {_ms(statistics.median(cpu))}")

    started, cpu_started, size = time.perf_counter(), time.process_time(), 0
    for index in range(args.count):
        size += len(render_referral_letter(_signed(letter, signer, index), args.paper))
    batch = time.perf_counter() - started
    batch_cpu = time.process_time() - cpu_started
    print(f"batch of {args.count} letters:         {batch:7.2f} s  cpu {batch_cpu:6.2f} s"
          f"  ({batch / args.count * 1000:.1f} ms/letter,"
          f" {batch / (args.count * baseline):4.1f}x {args.count} baseline pages,"
          f" {size / args.count / 1024:.0f} KiB/letter)")
    print(f"RESULT name=letter_batch value={batch:.2f} unit=s "
          f"ratio={batch / (args.count * baseline):.2f} letters={args.count}")

    tracemalloc.start()
    for index in range(20):
        render_referral_letter(_signed(letter, signer, index), args.paper)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = _peak_rss_mib()
    rss_text = f", process peak RSS {rss:.0f} MiB" if rss is not None else ""
    print(f"peak memory: Python allocations {peak / (1024 * 1024):.1f} MiB while rendering"
          f"{rss_text}")


if __name__ == "__main__":
    main()
