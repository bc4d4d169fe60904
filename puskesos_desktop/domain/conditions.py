"""The small declarative condition language of ``program.json`` and ``bobot_skor.json``.

Why a language and not Python: a rule change in a Permensos must be a DATA change that a
district can review, and every decision must be explainable. A condition is JSON such as::

    {"fakta": "lantai", "dalam": ["tanah", "bambu"]}
    {"fakta": "desil", "maks": 4}
    {"ada_anggota": {"semua": [{"fakta": "umur", "min": 6, "maks": 21},
                               {"fakta": "jenjang_aktif", "sama": "SD"}]}}
    {"salah_satu": [...]}   {"semua": [...]}   {"tidak": {...}}

Fact names come from the registry in :mod:`fact_registry`. Household facts are used at
the top level; member facts only inside ``ada_anggota`` (or in PKH components, which are
evaluated per member).

Evaluation is three-valued (Kleene): a fact that was not recorded makes a test UNKNOWN, and
the result carries the labels of the facts to ask for. ``semua`` is false as soon as one
part is false, ``salah_satu`` true as soon as one part is true, whatever is unknown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from puskesos_desktop.domain.assessment_facts import HouseholdFacts, PersonFacts
from puskesos_desktop.domain.fact_registry import (
    DIFFICULTY_PREFIX,
    FactKind,
    FactSpec,
    household_fact,
    person_fact,
)
from puskesos_desktop.domain.refjson import Node

__all__ = [
    "AllOf",
    "AnyMember",
    "AnyOf",
    "Condition",
    "ConditionContext",
    "FactTest",
    "Not",
    "Outcome",
    "Scope",
    "evaluate",
    "evaluate_person",
    "facts_used",
    "parse_condition",
]


class Scope(StrEnum):
    KELUARGA = "keluarga"
    ANGGOTA = "anggota"


_OPS: Mapping[FactKind, tuple[str, ...]] = {
    FactKind.BOOL: ("sama",),
    FactKind.NUMBER: ("sama", "min", "maks", "kurang_dari", "lebih_dari"),
    FactKind.CODE: ("sama", "dalam"),
    FactKind.CODES: ("memuat_salah_satu", "kosong"),
}
_COMBINATORS = ("semua", "salah_satu", "tidak", "ada_anggota")


@dataclass(frozen=True)
class FactTest:
    """All ``tests`` (operator, operand) must hold for the fact's value."""

    fact: str
    scope: Scope
    tests: tuple[tuple[str, Any], ...]


@dataclass(frozen=True)
class AllOf:
    parts: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    part: Condition


@dataclass(frozen=True)
class AnyMember:
    part: Condition


Condition = FactTest | AllOf | AnyOf | Not | AnyMember


@dataclass(frozen=True)
class Outcome:
    """``value`` None = unknown; ``missing`` = labels of facts to ask for (only then)."""

    value: bool | None
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class ConditionContext:
    """Valid codes for fact options, from the other reference files (None = not checked)."""

    sosek_options: Mapping[str, frozenset[str]] | None = None
    ppks_codes: frozenset[str] | None = None
    programme_codes: frozenset[str] | None = None
    disability_subtypes: frozenset[str] | None = None

    def allowed(self, options: str | tuple[str, ...] | None) -> frozenset[str] | None:
        if options is None:
            return None
        if isinstance(options, tuple):
            return frozenset(options)
        if options.startswith("sosek:"):
            if self.sosek_options is None:
                return None
            return self.sosek_options.get(options.removeprefix("sosek:"), frozenset())
        return {
            "ppks": self.ppks_codes,
            "program": self.programme_codes,
            "ragam_disabilitas": self.disability_subtypes,
        }.get(options)


# -- parsing ---------------------------------------------------------------------------------
def parse_condition(node: Node, ctx: ConditionContext, scope: Scope = Scope.KELUARGA) -> Condition:
    members = node.as_object()
    shapes = [key for key in ("fakta", *_COMBINATORS) if key in members]
    if len(shapes) != 1:
        node.fail(
            "kondisi harus berisi tepat satu dari 'fakta', 'semua', 'salah_satu', "
            "'tidak', 'ada_anggota'"
        )
    shape = shapes[0]
    result: Condition
    if shape == "fakta":
        result = _parse_fact_test(node, ctx, scope)
    elif shape in ("semua", "salah_satu"):
        parts = tuple(parse_condition(part, ctx, scope) for part in node.items(shape))
        result = AllOf(parts) if shape == "semua" else AnyOf(parts)
    elif shape == "tidak":
        result = Not(parse_condition(node.field("tidak"), ctx, scope))
    else:
        inner = node.field("ada_anggota")
        if scope is Scope.ANGGOTA:
            inner.fail("'ada_anggota' tidak boleh berada di dalam kondisi per anggota")
        result = AnyMember(parse_condition(inner, ctx, Scope.ANGGOTA))
    node.finish()
    return result


def _parse_fact_test(node: Node, ctx: ConditionContext, scope: Scope) -> FactTest:
    fact_node = node.field("fakta")
    name = fact_node.as_text()
    lookup, other = (
        (household_fact, person_fact) if scope is Scope.KELUARGA else (person_fact, household_fact)
    )
    spec = lookup(name)
    if spec is None:
        if other(name) is not None and scope is Scope.KELUARGA:
            fact_node.fail(f"fakta '{name}' berlaku per anggota; letakkan di dalam 'ada_anggota'")
        if other(name) is not None:
            fact_node.fail(f"fakta '{name}' berlaku untuk keluarga, bukan per anggota")
        fact_node.fail(f"fakta '{name}' tidak dikenal")
    if name.startswith(DIFFICULTY_PREFIX):
        items = ctx.allowed("sosek:kesulitan")
        if items is not None and name.removeprefix(DIFFICULTY_PREFIX) not in items:
            fact_node.fail(
                f"butir kesulitan '{name.removeprefix(DIFFICULTY_PREFIX)}' tidak dikenal"
            )
    tests: list[tuple[str, Any]] = []
    for op in _OPS[spec.kind]:
        operand_node = node.optional(op)
        if operand_node is not None:
            tests.append((op, _parse_operand(operand_node, op, spec, ctx)))
    if not tests:
        node.fail(f"fakta '{name}' perlu salah satu pembanding: {', '.join(_OPS[spec.kind])}")
    node.finish()
    return FactTest(name, scope, tuple(tests))


def _parse_operand(node: Node, op: str, spec: FactSpec, ctx: ConditionContext) -> Any:
    if spec.kind is FactKind.BOOL or op == "kosong":
        return node.as_bool()
    if spec.kind is FactKind.NUMBER:
        return node.as_number()
    allowed = ctx.allowed(spec.options)
    codes = [node] if op == "sama" else node.as_list()
    if not codes:
        node.fail(f"daftar '{op}' tidak boleh kosong")
    for code_node in codes:
        code = code_node.as_text()
        if allowed is not None and code not in allowed:
            what = "kode PPKS" if spec.options == "ppks" else f"kode untuk fakta '{spec.code}'"
            if spec.options == "program":
                what = "kode program"
            code_node.fail(f"{what} '{code}' tidak dikenal")
    if op == "sama":
        return codes[0].as_text()
    return frozenset(code_node.as_text() for code_node in codes)


# -- evaluation ------------------------------------------------------------------------------
def evaluate(condition: Condition, household: HouseholdFacts) -> Outcome:
    """Evaluate a household-scope condition."""
    return _eval(condition, household, None, 0)


def evaluate_person(
    condition: Condition, household: HouseholdFacts, person: PersonFacts, index: int
) -> Outcome:
    """Evaluate a member-scope condition for ``household.anggota[index - 1]``."""
    return _eval(condition, household, person, index)


def _all(outcomes: Iterable[Outcome]) -> Outcome:
    results = list(outcomes)
    if any(outcome.value is False for outcome in results):
        return Outcome(False)
    return _unknown_or(results, True)


def _any(outcomes: Iterable[Outcome]) -> Outcome:
    results = list(outcomes)
    if any(outcome.value is True for outcome in results):
        return Outcome(True)
    return _unknown_or(results, False)


def _unknown_or(results: list[Outcome], value: bool) -> Outcome:
    missing = [label for outcome in results if outcome.value is None for label in outcome.missing]
    if any(outcome.value is None for outcome in results):
        return Outcome(None, tuple(dict.fromkeys(missing)))
    return Outcome(value)


def _eval(
    condition: Condition, household: HouseholdFacts, person: PersonFacts | None, index: int
) -> Outcome:
    if isinstance(condition, FactTest):
        return _eval_fact(condition, household, person, index)
    if isinstance(condition, AllOf):
        return _all(_eval(part, household, person, index) for part in condition.parts)
    if isinstance(condition, AnyOf):
        return _any(_eval(part, household, person, index) for part in condition.parts)
    if isinstance(condition, Not):
        inner = _eval(condition.part, household, person, index)
        return Outcome(None if inner.value is None else not inner.value, inner.missing)
    if not household.anggota:
        return Outcome(None, ("data anggota keluarga",))
    return _any(
        _eval(condition.part, household, member, number)
        for number, member in enumerate(household.anggota, start=1)
    )


def _eval_fact(
    test: FactTest, household: HouseholdFacts, person: PersonFacts | None, index: int
) -> Outcome:
    subject: object
    if test.scope is Scope.ANGGOTA:
        if person is None:
            raise ValueError(f"fakta anggota '{test.fact}' dievaluasi tanpa anggota")
        spec, subject = person_fact(test.fact), person
    else:
        spec, subject = household_fact(test.fact), household
    if spec is None:
        raise ValueError(f"fakta tidak dikenal: {test.fact}")
    value = spec.get(subject)
    if value is None:
        labels = spec.missing(subject) if spec.missing else (spec.label,)
        if person is not None:
            who = person.nama or f"anggota ke-{index}"
            labels = tuple(f"{label} ({who})" for label in labels)
        return Outcome(None, labels)
    return Outcome(all(_apply(op, operand, value) for op, operand in test.tests))


def _apply(op: str, operand: Any, value: Any) -> bool:
    if op == "sama":
        return bool(value == operand)
    if op == "dalam":
        return str(value) in operand
    if op == "min":
        return bool(value >= operand)
    if op == "maks":
        return bool(value <= operand)
    if op == "kurang_dari":
        return bool(value < operand)
    if op == "lebih_dari":
        return bool(value > operand)
    if op == "memuat_salah_satu":
        return bool(set(value) & operand)
    if op == "kosong":
        return bool((len(value) == 0) == operand)
    raise ValueError(f"operator tidak dikenal: {op}")


def facts_used(condition: Condition) -> set[str]:
    """Fact names a condition reads (e.g. to know whether it depends on the desil)."""
    if isinstance(condition, FactTest):
        return {condition.fact}
    if isinstance(condition, AllOf | AnyOf):
        return set().union(*(facts_used(part) for part in condition.parts))
    return facts_used(condition.part)
