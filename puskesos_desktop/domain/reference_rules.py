"""Rule files: ``program.json`` (programme hints) and ``bobot_skor.json`` (priority score).

Both hold conditions in the declarative language of :mod:`conditions`, so a new PKH amount,
a changed BLT Dana Desa order or a re-weighted score factor is an edit to data that a
district can read, not a code change. Parsed here into frozen dataclasses; the engines in
:mod:`eligibility` and :mod:`scoring` interpret them. No I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from puskesos_desktop.domain.conditions import Condition, ConditionContext, Scope, parse_condition
from puskesos_desktop.domain.refjson import Node, load_document, unique_codes

__all__ = [
    "Component",
    "ComponentRule",
    "Programme",
    "ProgrammeCatalogue",
    "Rule",
    "ScoreBand",
    "ScoreFactor",
    "ScoreWeights",
    "parse_programme_rules",
    "parse_weight_rules",
]


@dataclass(frozen=True)
class Rule:
    """A labelled condition; the label is what the resident hears ("desil DTSEN 1–4")."""

    label: str
    condition: Condition


@dataclass(frozen=True)
class Component:
    """A PKH component, evaluated per member (each matching member counts once)."""

    code: str
    label: str
    yearly_amount: int
    condition: Condition


@dataclass(frozen=True)
class ComponentRule:
    items: tuple[Component, ...]
    max_per_family: int | None = None
    unverified: tuple[str, ...] = ()


@dataclass(frozen=True)
class Programme:
    code: str
    name: str
    description: str
    legal_basis: tuple[str, ...]
    benefit: str
    """What the programme gives, as published (text; amounts may be unverified)."""
    requirements: tuple[Rule, ...]
    """All must hold for MUNGKIN_LAYAK; any false → TIDAK_SESUAI; unknown → PERLU_DATA."""
    markers: tuple[Rule, ...] = ()
    """Shown as extra reasons when true (priority tiers, clusters); never change the status."""
    to_check: tuple[str, ...] = ()
    """Things the desk cannot record as facts (Dukcapil match, KKS card, NISN…)."""
    components: ComponentRule | None = None
    unverified: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProgrammeCatalogue:
    version: str
    sources: tuple[str, ...]
    programmes: tuple[Programme, ...]
    desil_valid_days: int
    """After this many days a reported desil should be checked again (DTSEN updates ~quarterly)."""

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(programme.code for programme in self.programmes)

    def get(self, code: str) -> Programme | None:
        return next((p for p in self.programmes if p.code == code), None)


def _rules(node: Node, key: str, ctx: ConditionContext, *, required: bool) -> tuple[Rule, ...]:
    if not required and not node.has(key):
        return ()
    rules = []
    for rule_node in node.items(key):
        rule = Rule(rule_node.text("label"), parse_condition(rule_node.field("kondisi"), ctx))
        rule_node.finish()
        rules.append(rule)
    return tuple(rules)


def _amount(node: Node, key: str) -> int:
    amount_node = node.field(key)
    amount = amount_node.as_int()
    if amount <= 0:
        amount_node.fail(f"'{key}' harus lebih dari 0 (dalam rupiah)")
    return amount


def _components(node: Node, ctx: ConditionContext) -> ComponentRule:
    item_nodes = node.items("daftar")
    unique_codes(item_nodes, "kode", "kode komponen")
    items = []
    for item in item_nodes:
        condition = parse_condition(item.field("kondisi_anggota"), ctx, Scope.ANGGOTA)
        items.append(
            Component(item.code(), item.text("label"), _amount(item, "nilai_per_tahun"), condition)
        )
        item.finish()
    max_node = node.optional("maks_per_keluarga")
    max_per_family = max_node.as_int() if max_node else None
    if max_node and max_per_family is not None and max_per_family < 1:
        max_node.fail("'maks_per_keluarga' minimal 1")
    rule = ComponentRule(tuple(items), max_per_family, node.text_list("unverified"))
    node.finish()
    return rule


def parse_programme_rules(
    data: str | bytes, ctx: ConditionContext, file_name: str = "program.json"
) -> ProgrammeCatalogue:
    """Parse program.json; ``ctx`` gives PPKS and sosek codes (programme codes added here)."""
    root = load_document(data, file_name)
    nodes = root.items("program")
    unique_codes(nodes, "kode", "kode program")
    ctx = replace(ctx, programme_codes=frozenset(node.code() for node in nodes))
    programmes = []
    for node in nodes:
        components = node.optional("komponen")
        programmes.append(
            Programme(
                code=node.code(),
                name=node.text("nama"),
                description=node.text("uraian"),
                legal_basis=node.text_list("dasar_hukum"),
                benefit=node.text("bantuan"),
                requirements=_rules(node, "syarat", ctx, required=True),
                markers=_rules(node, "penanda", ctx, required=False),
                to_check=node.text_list("periksa"),
                components=_components(components, ctx) if components else None,
                unverified=node.text_list("unverified"),
            )
        )
        node.finish()
    days_node = root.field("desil_berlaku_hari")
    if days_node.as_int() < 1:
        days_node.fail("'desil_berlaku_hari' minimal 1")
    catalogue = ProgrammeCatalogue(
        root.text("versi"), root.text_list("sumber"), tuple(programmes), days_node.as_int()
    )
    root.finish()
    return catalogue


# -- bobot_skor.json -----------------------------------------------------------------------
@dataclass(frozen=True)
class ScoreFactor:
    code: str
    label: str
    points: int
    condition: Condition


@dataclass(frozen=True)
class ScoreBand:
    code: str
    label: str
    min_score: int


@dataclass(frozen=True)
class ScoreWeights:
    version: str
    sources: tuple[str, ...]
    cap: int
    factors: tuple[ScoreFactor, ...]
    bands: tuple[ScoreBand, ...]
    """Highest ``min_score`` first; the last one starts at 0."""

    def band_for(self, score: int) -> ScoreBand:
        return next(band for band in self.bands if score >= band.min_score)


def parse_weight_rules(
    data: str | bytes, ctx: ConditionContext, file_name: str = "bobot_skor.json"
) -> ScoreWeights:
    root = load_document(data, file_name)
    cap_node = root.field("batas_skor")
    cap = cap_node.as_int()
    if not 1 <= cap <= 100:
        cap_node.fail("'batas_skor' harus antara 1 dan 100")
    nodes = root.items("faktor")
    unique_codes(nodes, "kode", "kode faktor")
    factors = []
    for node in nodes:
        points_node = node.field("poin")
        points = points_node.as_int()
        if not 1 <= points <= cap:
            points_node.fail(f"'poin' harus antara 1 dan {cap}")
        factors.append(
            ScoreFactor(
                node.code(), node.text("label"), points, parse_condition(node.field("kondisi"), ctx)
            )
        )
        node.finish()
    band_nodes = root.items("kategori")
    unique_codes(band_nodes, "kode", "kode kategori")
    bands = []
    seen_min: set[int] = set()
    for node in band_nodes:
        min_node = node.field("min")
        minimum = min_node.as_int()
        if not 0 <= minimum <= cap or minimum in seen_min:
            min_node.fail(f"'min' harus unik dan antara 0 dan {cap}")
        seen_min.add(minimum)
        bands.append(ScoreBand(node.code(), node.text("label"), minimum))
        node.finish()
    if 0 not in seen_min:
        root.field("kategori").fail("salah satu kategori harus mulai dari 'min': 0")
    weights = ScoreWeights(
        root.text("versi"),
        root.text_list("sumber"),
        cap,
        tuple(factors),
        tuple(sorted(bands, key=lambda band: -band.min_score)),
    )
    root.finish()
    return weights
