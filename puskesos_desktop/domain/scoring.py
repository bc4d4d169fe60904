"""Priority score: a transparent, rule-based number an operator can explain to a resident.

Why this shape: the desk must be able to say *why* one household is visited before another
("Skor 72 — lansia tinggal sendiri +20, lantai tanah +10, …"). So the score is simply the
sum of the points of the factors in ``bobot_skor.json`` whose conditions hold, capped at the
file's ``batas_skor`` (100). No hidden weights, no model: the factors listed ARE the score.

A factor whose facts were not recorded is neither counted nor silently treated as "no": it
is listed as *belum dinilai* together with the facts to ask for, so an incomplete form is
visible instead of quietly lowering someone's priority.
"""

from __future__ import annotations

from dataclasses import dataclass

from puskesos_desktop.domain.assessment_facts import HouseholdFacts
from puskesos_desktop.domain.conditions import evaluate
from puskesos_desktop.domain.reference_rules import ScoreWeights

__all__ = ["ScoreResult", "explain", "priority_score"]


@dataclass(frozen=True)
class ScoreResult:
    score: int
    """0 … ``weights.cap``; equals ``min(cap, sum of factor points)``."""
    band: str
    """Band label, e.g. ``sangat prioritas``."""
    band_code: str
    factors: tuple[tuple[str, int], ...]
    """(label, points) of every factor that applied, highest points first."""
    weights_version: str
    total_before_cap: int
    undecided: tuple[str, ...] = ()
    """Labels of factors that could not be evaluated because facts are missing."""
    missing_facts: tuple[str, ...] = ()

    @property
    def capped(self) -> bool:
        return self.total_before_cap > self.score


def priority_score(facts: HouseholdFacts, weights: ScoreWeights) -> ScoreResult:
    applied: list[tuple[str, int]] = []
    undecided: list[str] = []
    missing: list[str] = []
    for factor in weights.factors:
        outcome = evaluate(factor.condition, facts)
        if outcome.value is True:
            applied.append((factor.label, factor.points))
        elif outcome.value is None:
            undecided.append(factor.label)
            missing.extend(outcome.missing)
    # Stable sort: equal points keep the file's order, so the text never reshuffles.
    applied.sort(key=lambda item: -item[1])
    total = sum(points for _, points in applied)
    score = max(0, min(weights.cap, total))
    band = weights.band_for(score)
    return ScoreResult(
        score=score,
        band=band.label,
        band_code=band.code,
        factors=tuple(applied),
        weights_version=weights.version,
        total_before_cap=total,
        undecided=tuple(undecided),
        missing_facts=tuple(dict.fromkeys(missing)),
    )


def explain(result: ScoreResult) -> str:
    """One Indonesian paragraph to read out to the resident, weights version included.

    The per-member list of facts to ask for stays in ``result.missing_facts`` (shown by the
    form next to the fields); the paragraph only names the factors not yet judged.
    """
    if result.factors:
        parts = ", ".join(f"{label} +{points}" for label, points in result.factors)
        text = f"Skor {result.score} — {parts}."
    else:
        text = f"Skor {result.score} — tidak ada faktor prioritas yang terpenuhi."
    if result.capped:
        text += f" Jumlah poin {result.total_before_cap} dibatasi menjadi {result.score}."
    text += f" Kategori: {result.band}."
    if result.undecided:
        text += f" Belum dinilai karena data belum lengkap: {', '.join(result.undecided)}."
    return text + f" Bobot skor versi {result.weights_version}."
