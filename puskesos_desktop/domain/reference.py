"""Versioned reference data (``resources/referensi/*.json``) → validated frozen dataclasses.

Regulations change (Permensos, PKH amounts, SPM lists), so the lists and rules live in data
files with a ``versi`` and their ``sumber``; a regulation change is a data change, and every
saved score or hint can say which version it used.

Each ``parse_*`` takes the text or bytes already read plus the file name (no I/O here) and
raises :class:`UserError` naming the file and line for any problem, because a broken file
must stop the app at start with a message that leads straight to the fix. Files that refer
to other files take the parsed catalogue they depend on (spm.json needs ppks.json, …).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

from puskesos_desktop.domain.assessment_facts import TingkatKesulitan
from puskesos_desktop.domain.conditions import ConditionContext
from puskesos_desktop.domain.fact_registry import HOUSEHOLD_FACTS, PERSON_FACTS, FactKind
from puskesos_desktop.domain.reference_rules import (
    Component,
    ComponentRule,
    Programme,
    ProgrammeCatalogue,
    Rule,
    ScoreBand,
    ScoreFactor,
    ScoreWeights,
    parse_programme_rules,
    parse_weight_rules,
)
from puskesos_desktop.domain.refjson import Node, load_document, unique_codes

__all__ = [
    "Component",
    "ComponentRule",
    "DifficultyItem",
    "NeedCatalogue",
    "NeedDomain",
    "Option",
    "PpksCatalogue",
    "PpksCategory",
    "Programme",
    "ProgrammeCatalogue",
    "PsksCatalogue",
    "PsksResource",
    "Rule",
    "ScoreBand",
    "ScoreFactor",
    "ScoreWeights",
    "SosekCatalogue",
    "SosekVariable",
    "SpmCatalogue",
    "SpmGroup",
    "SpmMember",
    "condition_context",
    "parse_needs",
    "parse_ppks",
    "parse_programmes",
    "parse_psks",
    "parse_score_weights",
    "parse_sosek",
    "parse_spm",
]


@dataclass(frozen=True)
class Option:
    """A coded choice: subtype, option, scale level, need domain."""

    code: str
    label: str
    regsosek: str = ""


# -- ppks.json / psks.json -----------------------------------------------------------------
@dataclass(frozen=True)
class PpksCategory:
    code: str
    name: str
    description: str
    subtypes: tuple[Option, ...] = ()
    age_min: int | None = None
    age_max: int | None = None


@dataclass(frozen=True)
class PpksCatalogue:
    version: str
    sources: tuple[str, ...]
    categories: tuple[PpksCategory, ...]
    unverified: tuple[str, ...] = ()

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(category.code for category in self.categories)

    def get(self, code: str) -> PpksCategory | None:
        return next((c for c in self.categories if c.code == code), None)


def _options(nodes: list[Node], what: str, label_key: str = "label") -> tuple[Option, ...]:
    unique_codes(nodes, "kode", what)
    options = []
    for node in nodes:
        option = Option(node.code(), node.text(label_key), node.opt_text("regsosek"))
        node.finish()
        options.append(option)
    return tuple(options)


def parse_ppks(data: str | bytes, file_name: str = "ppks.json") -> PpksCatalogue:
    root = load_document(data, file_name)
    nodes = root.items("ppks")
    unique_codes(nodes, "kode", "kode PPKS")
    categories = []
    for node in nodes:
        subtypes = node.optional("subtipe")
        categories.append(
            PpksCategory(
                code=node.code(),
                name=node.text("nama"),
                description=node.text("uraian"),
                subtypes=_options(subtypes.as_list(), "kode subtipe", "nama") if subtypes else (),
                age_min=node.opt_int("usia_min"),
                age_max=node.opt_int("usia_maks"),
            )
        )
        node.finish()
    catalogue = PpksCatalogue(
        root.text("versi"),
        root.text_list("sumber"),
        tuple(categories),
        root.text_list("unverified"),
    )
    root.finish()
    return catalogue


@dataclass(frozen=True)
class PsksResource:
    """A social-welfare RESOURCE (who can help), never a client category."""

    code: str
    name: str
    description: str
    unverified: str = ""


@dataclass(frozen=True)
class PsksCatalogue:
    version: str
    sources: tuple[str, ...]
    resources: tuple[PsksResource, ...]
    role: str = "sumber_daya"


def parse_psks(data: str | bytes, file_name: str = "psks.json") -> PsksCatalogue:
    root = load_document(data, file_name)
    role = root.field("jenis")
    if role.as_text() != "sumber_daya":
        role.fail("PSKS adalah sumber daya; 'jenis' harus \"sumber_daya\", bukan kategori klien")
    nodes = root.items("psks")
    unique_codes(nodes, "kode", "kode PSKS")
    resources = []
    for node in nodes:
        resources.append(
            PsksResource(
                node.code(), node.text("nama"), node.text("uraian"), node.opt_text("unverified")
            )
        )
        node.finish()
    catalogue = PsksCatalogue(root.text("versi"), root.text_list("sumber"), tuple(resources))
    root.finish()
    return catalogue


# -- spm.json ------------------------------------------------------------------------------
@dataclass(frozen=True)
class SpmMember:
    ppks_code: str
    judgement: bool = False
    """Counted by our judgement (domain.md), not by the regulation's wording."""
    note: str = ""


@dataclass(frozen=True)
class SpmGroup:
    code: str
    name: str
    members: tuple[SpmMember, ...]


@dataclass(frozen=True)
class SpmCatalogue:
    version: str
    sources: tuple[str, ...]
    groups: tuple[SpmGroup, ...]


def parse_spm(
    data: str | bytes, *, ppks: PpksCatalogue, file_name: str = "spm.json"
) -> SpmCatalogue:
    root = load_document(data, file_name)
    nodes = root.items("layanan")
    unique_codes(nodes, "kode", "kode layanan SPM")
    groups = []
    for node in nodes:
        members: list[SpmMember] = []
        for member_node in node.items("ppks"):
            if isinstance(member_node.value, str):
                code_node, member = member_node, SpmMember(member_node.as_text())
            else:
                code_node = member_node.field("kode")
                member = SpmMember(
                    code_node.as_text(),
                    member_node.flag("pertimbangan"),
                    member_node.opt_text("catatan"),
                )
                member_node.finish()
            if member.ppks_code not in ppks.codes:
                code_node.fail(f"kode PPKS '{member.ppks_code}' tidak dikenal")
            if any(existing.ppks_code == member.ppks_code for existing in members):
                code_node.fail(f"kode PPKS '{member.ppks_code}' ganda dalam layanan ini")
            members.append(member)
        groups.append(SpmGroup(node.code(), node.text("nama"), tuple(members)))
        node.finish()
    catalogue = SpmCatalogue(root.text("versi"), root.text_list("sumber"), tuple(groups))
    root.finish()
    return catalogue


# -- kebutuhan.json ------------------------------------------------------------------------
@dataclass(frozen=True)
class NeedDomain:
    code: str
    label: str
    description: str = ""


@dataclass(frozen=True)
class NeedCatalogue:
    version: str
    sources: tuple[str, ...]
    domains: tuple[NeedDomain, ...]


def parse_needs(data: str | bytes, file_name: str = "kebutuhan.json") -> NeedCatalogue:
    root = load_document(data, file_name)
    nodes = root.items("kebutuhan")
    unique_codes(nodes, "kode", "kode kebutuhan")
    domains = []
    for node in nodes:
        domains.append(NeedDomain(node.code(), node.text("label"), node.opt_text("uraian")))
        node.finish()
    catalogue = NeedCatalogue(root.text("versi"), root.text_list("sumber"), tuple(domains))
    root.finish()
    return catalogue


# -- sosek.json ----------------------------------------------------------------------------
@dataclass(frozen=True)
class SosekVariable:
    code: str
    label: str
    level: str
    """``keluarga`` or ``anggota``."""
    multiple: bool
    """True for y/n lists (assets, illnesses): several options may apply."""
    options: tuple[Option, ...]
    regsosek: str = ""

    def label_of(self, code: str) -> str:
        return next((option.label for option in self.options if option.code == code), code)


DifficultyItem = Option


@dataclass(frozen=True)
class SosekCatalogue:
    version: str
    sources: tuple[str, ...]
    variables: tuple[SosekVariable, ...]
    difficulty_scale: tuple[Option, ...]
    """Index = :class:`TingkatKesulitan` value (0 = tidak kesulitan … 3 = tidak bisa)."""
    difficulty_items: tuple[DifficultyItem, ...]

    def variable(self, code: str) -> SosekVariable | None:
        return next((v for v in self.variables if v.code == code), None)

    def options_map(self) -> Mapping[str, frozenset[str]]:
        """variable → valid option codes; ``kesulitan`` → item codes."""
        mapping = {v.code: frozenset(o.code for o in v.options) for v in self.variables}
        mapping["kesulitan"] = frozenset(item.code for item in self.difficulty_items)
        return MappingProxyType(mapping)


def _required_sosek() -> dict[str, tuple[str, bool]]:
    """Variables the fact registry reads: code → (level, multiple)."""
    required: dict[str, tuple[str, bool]] = {}
    for level, registry in (("keluarga", HOUSEHOLD_FACTS), ("anggota", PERSON_FACTS)):
        for spec in registry.values():
            if isinstance(spec.options, str) and spec.options.startswith("sosek:"):
                required[spec.options.removeprefix("sosek:")] = (level, spec.kind is FactKind.CODES)
    return required


def parse_sosek(data: str | bytes, file_name: str = "sosek.json") -> SosekCatalogue:
    root = load_document(data, file_name)
    list_node = root.field("variabel")
    nodes = root.items("variabel")
    unique_codes(nodes, "kode", "kode variabel")
    variables = []
    for node in nodes:
        level_node = node.field("tingkat")
        if level_node.as_text() not in ("keluarga", "anggota"):
            level_node.fail('\'tingkat\' harus "keluarga" atau "anggota"')
        kind_node = node.field("jenis")
        if kind_node.as_text() not in ("pilihan", "multi"):
            kind_node.fail(
                '\'jenis\' harus "pilihan" (satu jawaban) atau "multi" (ya/tidak per butir)'
            )
        variables.append(
            SosekVariable(
                code=node.code(),
                label=node.text("label"),
                level=level_node.as_text(),
                multiple=kind_node.as_text() == "multi",
                options=_options(node.items("opsi"), "kode opsi"),
                regsosek=node.opt_text("regsosek"),
            )
        )
        node.finish()
    for code, (level, multiple) in _required_sosek().items():
        found = next((v for v in variables if v.code == code), None)
        if found is None or found.level != level or found.multiple != multiple:
            kind = "multi" if multiple else "pilihan"
            list_node.fail(f"variabel '{code}' (tingkat {level}, jenis {kind}) wajib ada")
    difficulty = root.field("kesulitan_fungsional")
    scale_node = difficulty.field("skala")
    scale: list[Option] = []
    for node in difficulty.items("skala"):
        scale.append(
            Option(str(node.integer("nilai")), node.text("label"), node.opt_text("regsosek"))
        )
        node.finish()
    expected = [str(member.value) for member in TingkatKesulitan]
    if [step.code for step in scale] != expected:
        scale_node.fail(f"'skala' harus bernilai {', '.join(expected)} berurutan")
    items = _options(difficulty.items("butir"), "kode butir")
    difficulty.finish()
    catalogue = SosekCatalogue(
        root.text("versi"), root.text_list("sumber"), tuple(variables), tuple(scale), items
    )
    root.finish()
    return catalogue


# -- rule files (parsers in reference_rules) -----------------------------------------------
def condition_context(ppks: PpksCatalogue, sosek: SosekCatalogue) -> ConditionContext:
    """Valid codes that rule conditions may mention, from the catalogues already loaded."""
    subtypes = frozenset(o.code for category in ppks.categories for o in category.subtypes)
    return ConditionContext(
        sosek_options=sosek.options_map(), ppks_codes=ppks.codes, disability_subtypes=subtypes
    )


def parse_programmes(
    data: str | bytes,
    *,
    ppks: PpksCatalogue,
    sosek: SosekCatalogue,
    file_name: str = "program.json",
) -> ProgrammeCatalogue:
    return parse_programme_rules(data, condition_context(ppks, sosek), file_name)


def parse_score_weights(
    data: str | bytes,
    *,
    ppks: PpksCatalogue,
    sosek: SosekCatalogue,
    programmes: ProgrammeCatalogue,
    file_name: str = "bobot_skor.json",
) -> ScoreWeights:
    ctx = replace(condition_context(ppks, sosek), programme_codes=programmes.codes)
    return parse_weight_rules(data, ctx, file_name)
