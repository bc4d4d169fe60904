"""Programme hints and SPM groups from the recorded facts.

Why "hints": the desk decides nothing. PKH, BPNT and PBI-JK are set by Kemensos from DTSEN,
BLT Dana Desa by the village meeting, PIP by schools, Rutilahu and ATENSI after a Dinsos
assessment. What the desk can do is spot who MAY qualify, say why, and list what is still
unknown, so the operator asks the right question or makes the right referral. Every hint
therefore carries :data:`HINT_DISCLAIMER`, and the rules come from ``program.json``.

Status per programme:

* ``TIDAK_SESUAI`` — a requirement is known to fail;
* ``PERLU_DATA`` — nothing fails, but a requirement depends on a fact not yet recorded;
* ``MUNGKIN_LAYAK`` — every requirement holds on the recorded facts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from puskesos_desktop.domain.assessment_facts import HouseholdFacts
from puskesos_desktop.domain.conditions import evaluate, evaluate_person, facts_used
from puskesos_desktop.domain.reference import SpmCatalogue
from puskesos_desktop.domain.reference_rules import ComponentRule, Programme, ProgrammeCatalogue

__all__ = [
    "HINT_DISCLAIMER",
    "ComponentMatch",
    "HintStatus",
    "ProgrammeHint",
    "describe_hint",
    "format_juta",
    "format_rupiah",
    "programme_hints",
    "spm_groups",
]

HINT_DISCLAIMER = (
    "Ini petunjuk, bukan keputusan: penerima bantuan ditetapkan oleh instansi yang berwenang "
    "(Kemensos, Dinas Sosial, sekolah, atau musyawarah desa) setelah verifikasi."
)


class HintStatus(StrEnum):
    MUNGKIN_LAYAK = "MUNGKIN_LAYAK"
    PERLU_DATA = "PERLU_DATA"
    TIDAK_SESUAI = "TIDAK_SESUAI"

    @property
    def label(self) -> str:
        return {
            HintStatus.MUNGKIN_LAYAK: "mungkin layak",
            HintStatus.PERLU_DATA: "perlu data",
            HintStatus.TIDAK_SESUAI: "tidak sesuai",
        }[self]


_RANK = {HintStatus.MUNGKIN_LAYAK: 0, HintStatus.PERLU_DATA: 1, HintStatus.TIDAK_SESUAI: 2}


@dataclass(frozen=True)
class ComponentMatch:
    """One member matching one PKH component."""

    code: str
    label: str
    person: str
    yearly_amount: int
    counted: bool = True
    """False when over the per-family maximum (not in the estimate)."""


@dataclass(frozen=True)
class ProgrammeHint:
    programme_code: str
    programme_name: str
    status: HintStatus
    reasons: tuple[str, ...]
    missing_facts: tuple[str, ...] = ()
    """Recorded facts still needed to decide (ask the household / fill the form)."""
    to_check: tuple[str, ...] = ()
    """Things outside the app to verify (Dukcapil, KKS card, NISN, stale desil…)."""
    components: tuple[ComponentMatch, ...] = ()
    yearly_estimate: int | None = None
    already_receiving: bool = False
    unverified: tuple[str, ...] = ()
    rules_version: str = ""
    disclaimer: str = HINT_DISCLAIMER


def format_rupiah(amount: int) -> str:
    """``3000000`` → ``Rp3.000.000`` (Indonesian thousands separator)."""
    return "Rp" + f"{amount:,}".replace(",", ".")


def format_juta(amount: int) -> str:
    """``3000000`` → ``3,0 jt``, the short form used on PKH leaflets."""
    return f"{amount / 1_000_000:.1f}".replace(".", ",") + " jt"


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def programme_hints(
    facts: HouseholdFacts, programmes: ProgrammeCatalogue, *, today: date | None = None
) -> list[ProgrammeHint]:
    """One hint per programme, most promising first (file order within a status).

    ``today`` enables the "desil checked too long ago" reminder; pass the desk's date.
    """
    hints = [_hint(facts, programme, programmes, today) for programme in programmes.programmes]
    return sorted(hints, key=lambda hint: _RANK[hint.status])


def _hint(
    facts: HouseholdFacts, programme: Programme, catalogue: ProgrammeCatalogue, today: date | None
) -> ProgrammeHint:
    reasons: list[str] = []
    missing: list[str] = []
    failed = unknown = False
    for rule in programme.requirements:
        outcome = evaluate(rule.condition, facts)
        if outcome.value is True:
            reasons.append(f"Memenuhi: {rule.label}")
        elif outcome.value is False:
            reasons.append(f"Tidak memenuhi: {rule.label}")
            failed = True
        else:
            reasons.append(f"Belum dapat dipastikan: {rule.label}")
            missing.extend(outcome.missing)
            unknown = True

    components: tuple[ComponentMatch, ...] = ()
    estimate: int | None = None
    if programme.components is not None:
        components, estimate, component_state = _components(
            facts, programme.components, reasons, missing
        )
        failed = failed or component_state is False
        unknown = unknown or component_state is None

    for marker in programme.markers:
        if evaluate(marker.condition, facts).value is True:
            reasons.append(f"Keterangan: {marker.label}")

    received = facts.semua_program or frozenset()
    already = programme.code in received
    if already:
        reasons.append(f"Sudah tercatat menerima {programme.name}; periksa ulang kelayakannya.")

    status = (
        HintStatus.TIDAK_SESUAI
        if failed
        else HintStatus.PERLU_DATA
        if unknown
        else HintStatus.MUNGKIN_LAYAK
    )
    unverified = programme.unverified
    if programme.components is not None:
        unverified = (*unverified, *programme.components.unverified)
    return ProgrammeHint(
        programme_code=programme.code,
        programme_name=programme.name,
        status=status,
        reasons=tuple(reasons),
        # Once a requirement fails, nothing more needs asking to decide.
        missing_facts=() if failed else _unique(missing),
        to_check=_unique([*_desil_checks(facts, programme, catalogue, today), *programme.to_check]),
        components=components if not failed else (),
        yearly_estimate=estimate if not failed else None,
        already_receiving=already,
        unverified=unverified,
        rules_version=catalogue.version,
    )


def _components(
    facts: HouseholdFacts, rule: ComponentRule, reasons: list[str], missing: list[str]
) -> tuple[tuple[ComponentMatch, ...], int | None, bool | None]:
    """Match every member against every component; returns (matches, estimate, state).

    state: True = at least one member matches, False = none can, None = cannot tell yet.
    """
    if not facts.anggota:
        missing.append("data anggota keluarga")
        reasons.append("Belum dapat dipastikan: anggota yang masuk komponen")
        return (), None, None
    found: list[ComponentMatch] = []
    undecided: list[str] = []
    for index, person in enumerate(facts.anggota, start=1):
        who = person.nama or f"anggota ke-{index}"
        for component in rule.items:
            outcome = evaluate_person(component.condition, facts, person, index)
            if outcome.value is True:
                found.append(
                    ComponentMatch(component.code, component.label, who, component.yearly_amount)
                )
            elif outcome.value is None:
                undecided.extend(outcome.missing)
    missing.extend(undecided)
    if not found:
        if undecided:
            reasons.append("Belum dapat dipastikan: ada anggota yang masuk komponen")
            return (), None, None
        reasons.append("Tidak memenuhi: tidak ada anggota yang masuk salah satu komponen")
        return (), None, False
    # Keep the highest amounts when a maximum per family applies.
    ranked = sorted(found, key=lambda match: -match.yearly_amount)
    limit = rule.max_per_family or len(ranked)
    counted_ids = {id(match) for match in ranked[:limit]}
    matches = tuple(
        ComponentMatch(m.code, m.label, m.person, m.yearly_amount, id(m) in counted_ids)
        for m in found
    )
    for match in matches:
        note = "" if match.counted else " (di luar batas komponen per keluarga)"
        reasons.append(
            f"Komponen {match.label} — {match.person}: {format_rupiah(match.yearly_amount)} "
            f"per tahun ({format_juta(match.yearly_amount)}){note}"
        )
    if len(found) > limit:
        reasons.append(f"Perkiraan dihitung untuk paling banyak {limit} komponen per keluarga.")
    estimate = sum(match.yearly_amount for match in matches if match.counted)
    return matches, estimate, True


def _desil_checks(
    facts: HouseholdFacts, programme: Programme, catalogue: ProgrammeCatalogue, today: date | None
) -> list[str]:
    """Remind to re-check a desil that is undated or older than the file's validity."""
    conditions = [rule.condition for rule in (*programme.requirements, *programme.markers)]
    if facts.desil is None or not any("desil" in facts_used(c) for c in conditions):
        return []
    if facts.desil_diperiksa is None:
        return ["tanggal pemeriksaan desil DTSEN belum dicatat: periksa ulang desilnya"]
    if today is not None and (today - facts.desil_diperiksa).days > catalogue.desil_valid_days:
        checked = facts.desil_diperiksa.strftime("%d-%m-%Y")
        return [
            f"desil DTSEN terakhir diperiksa {checked}: periksa ulang (DTSEN diperbarui berkala)"
        ]
    return []


def describe_hint(hint: ProgrammeHint) -> str:
    """Plain Indonesian text of one hint, for the form, a printout or the CLI."""
    lines = [f"{hint.programme_name}: {hint.status.label}."]
    lines += [f"- {reason}" for reason in hint.reasons]
    if hint.yearly_estimate is not None:
        lines.append(f"Perkiraan bantuan: {format_rupiah(hint.yearly_estimate)} per tahun.")
    if hint.missing_facts:
        lines.append("Data yang perlu dilengkapi: " + ", ".join(hint.missing_facts) + ".")
    if hint.to_check:
        lines.append("Perlu diperiksa: " + "; ".join(hint.to_check) + ".")
    if hint.unverified:
        lines.append("Belum terverifikasi: " + " ".join(hint.unverified))
    lines.append(f"Aturan program versi {hint.rules_version}. {hint.disclaimer}")
    return "\n".join(lines)


def spm_groups(
    ppks_codes: Iterable[str], spm: SpmCatalogue, *, include_judgement: bool = True
) -> list[str]:
    """SPM service codes (file order) that the given PPKS categories count towards.

    ``include_judgement=False`` leaves out members counted only by our judgement (e.g. ABH
    under "anak telantar"), for a report that must follow the regulation's wording strictly.
    """
    codes = set(ppks_codes)
    return [
        group.code
        for group in spm.groups
        if any(
            member.ppks_code in codes and (include_judgement or not member.judgement)
            for member in group.members
        )
    ]
