"""The engine's output: what the options panel, the reports and `nelm-desktop evaluate` show.

`Evaluation.to_public_json()` is the command line's JSON contract (issue #2, item 5).
"""

# No `from __future__ import annotations` in the modules that declare pydantic models: pydantic
# would compile every field's annotation string again when the class is built (issue #17).

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from nelm_desktop.core.option_vocabulary import (
    DEFAULT_ROLES,
    EVIDENCE_TIERS,
    MODALITIES,
    MODALITY_LABELS,
    NEEDS_ORDER,
    NOT_LISTED_EXPLANATION,
    ORDER_WITHIN_STATUS,
    ROLE_BY_RULE,
    ROLE_LABELS,
    STATUS_LABELS,
    STATUS_ORDER,
    STATUS_SHORT,
    TIER_LABELS,
    Role,
    Status,
    Tier,
    needs_information_order,
    needs_order,
)

# The catalogue's vocabulary has its home in option_vocabulary; importers of the engine's output find
# it here too (re-exported, as before the split).
__all__ = [
    "CRITERIA_SOURCE",
    "DEFAULT_ROLES",
    "EVIDENCE_TIERS",
    "MODALITIES",
    "MODALITY_LABELS",
    "NEEDS_ORDER",
    "NOT_LISTED_EXPLANATION",
    "ORDER_WITHIN_STATUS",
    "ROLE_BY_RULE",
    "ROLE_LABELS",
    "STATUS_LABELS",
    "STATUS_ORDER",
    "STATUS_SHORT",
    "TIER_LABELS",
    "CriteriaSet",
    "CriterionItem",
    "Evaluation",
    "Flag",
    "FrillingType",
    "GradeResult",
    "ItemResult",
    "LesionSummary",
    "OptionResult",
    "Reason",
    "Role",
    "SourceRef",
    "Status",
    "Tier",
    "Verdict",
    "built_on_first_use",
    "display_key",
    "facts_read_on_first_use",
    "needs_information_order",
    "needs_order",
    "new_criteria_set",
    "new_flag",
    "new_item",
    "new_option",
    "new_reason",
    "trusted",
]

ItemResult = Literal["met", "not_met", "unknown"]
Verdict = Literal["met", "not_met", "incomplete"]

# The per-row records are plain dataclasses with slots: the engine builds dozens per evaluation from
# facts that were validated once, at the case boundary, so re-validating them would only cost time.


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where in a seed paper a rule comes from: the paper's key and a figure, table or section."""

    key: str  # seed key, e.g. "review2023"
    locator: str  # figure / table / section heading, e.g. "Fig. 2"

    def __str__(self) -> str:
        return f"{self.key}, {self.locator}"

    def as_dict(self) -> dict[str, str]:
        return {"key": self.key, "locator": self.locator}


_Record = TypeVar("_Record")


def built_on_first_use(
    name: str, build: Callable[[Any], Any], doc: str
) -> Callable[[type[_Record]], type[_Record]]:
    """Let a slots record's field `name` hold a tuple from which `build` makes the field's value the first
    time it is read (the value is then kept, so every reader sees the same object).

    The engine explains every option and criterion, but most explanations are never opened: building
    them during the evaluation was most of its cost (issue #17). What is read later is exactly what the
    engine would have built: an evaluation's inputs never change once it has run (engine.py checks at
    import that every shown fact is settled before the tables that show it run).
    """

    def decorate(cls: type[_Record]) -> type[_Record]:
        slot = cls.__dict__[name]  # the slot's own descriptor (slots dataclass)
        # Bound once: looking the descriptor's methods up at every read doubled the cost of a read.
        get_slot, set_slot = slot.__get__, slot.__set__

        def get(record: Any) -> Any:
            value = get_slot(record, cls)
            if type(value) is tuple:
                value = build(value)
                set_slot(record, value)
            return value

        setattr(cls, name, property(get, set_slot, doc=doc))
        return cls

    return decorate


def _facts_as_read(value: tuple[tuple[str, ...], dict[str, Any]]) -> dict[str, Any]:
    names, known = value
    return {fact: "unknown" if (v := known[fact]) is None else v for fact in names}


# A record's `facts` may be stored as (fact names, the evaluation's fact values, None for unknown) and
# built into its dict when first read; an unknown value reads "unknown".
facts_read_on_first_use = built_on_first_use("facts", _facts_as_read, "fact name -> value as read")


def _call(value: tuple[Any, ...]) -> Any:
    build, *arguments = value
    return build(*arguments)


@facts_read_on_first_use
@dataclass(slots=True)
class Reason:
    """One reason line of an option's status: the rule, its text, the facts read and its sources."""

    rule: str  # catalogue id, e.g. "RES-7"
    text: str
    facts: dict[str, Any] = field(default_factory=dict)  # fact name -> value as read
    sources: list[SourceRef] = field(default_factory=list)
    uses_suggested_type: bool = False  # the distribution type was the engine's suggestion

    @property
    def source(self) -> str:
        return "; ".join(str(s) for s in self.sources)


@dataclass(slots=True)
class Flag:
    """A caution raised by the evaluation (for the case, or for one option)."""

    id: str  # e.g. "FLAG-G3"
    text: str
    source: str = ""
    modality: str | None = None  # set when the flag belongs to one option
    # A precaution that is not in the encoded sources (key outside-sources, AMB-64): shown apart.
    outside_sources: bool = False

    def model_dump(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "source": self.source,
            "modality": self.modality,
            "outside_sources": self.outside_sources,
        }


@dataclass(slots=True)
class OptionResult:
    """One treatment option's status, with the row that decided it, its reasons and missing facts."""

    modality: str
    label: str
    status: Status
    rule: str  # the row that decided the status
    reasons: list[Reason]
    missing: list[str] = field(default_factory=list)  # fact ids, for needs_information (or conditional)
    conditional: bool = False  # EVAL-4 / EVAL-7 conditional option
    flags: list[str] = field(default_factory=list)  # flag ids raised on this option
    evidence: list[str] = field(default_factory=list)  # evidence-figure ids (see evidence module)
    role: Role = "liver_directed"  # ROLE-1; set by the engine for every result
    evidence_tier: Tier = "A"  # TIER-1; set by the engine for every result


# The engine's own models are built with `trusted` (never validated): pydantic builds their schema,
# validator and serializer only when first asked (a report's JSON, a board decision, `evaluate
# --format json`), not while the app starts (issue #17: ~45M instructions before the first case).
_ENGINE_RECORD = ConfigDict(defer_build=True)


class GradeResult(BaseModel):
    model_config = _ENGINE_RECORD

    grade: Literal["G1", "G2", "G3 NET", "NEC", "undetermined"]
    rule: str
    text: str
    missing: list[str] = Field(default_factory=list)
    facts: dict[str, Any] = Field(default_factory=dict)
    sources: list[SourceRef] = Field(default_factory=list)
    # GRADE-0 (rev 2): what every rule reads as differentiation and Ki-67.
    differentiation_eff: str = "unknown"
    ki67: float | None = None


class LesionSummary(BaseModel):
    model_config = _ENGINE_RECORD

    recorded: bool
    lesion_count: int | None  # None when any count is unknown
    lesion_count_lower_bound: int
    segments: list[str]
    n_segments: int
    lobes: list[str]  # "right", "left", "caudate"
    bilobar: bool | None
    largest_cm: float | None
    largest_ge_5: bool | None
    any_lt_5: bool | None
    dominant: bool | None
    caudate: bool


class FrillingType(BaseModel):
    model_config = _ENGINE_RECORD

    suggested: str | None  # I, limited_unilobar, limited_bilobar, II, III; None = undetermined
    suggested_rule: str
    confirmed: str | None  # clinician's confirmation, None when not confirmed
    used: str | None  # what the engine used
    used_is_suggestion: bool
    column: Literal["A", "B", "C"] | None
    missing: list[str] = Field(default_factory=list)
    text: str = ""


@facts_read_on_first_use
@dataclass(slots=True)
class CriterionItem:
    """One item of a criteria set (Milan, ENETS, UNOS) and its result for the case."""

    id: str  # e.g. "MILAN-1"
    text: str  # verbatim criterion from review2023 Table 2
    result: ItemResult
    facts: dict[str, Any] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    note: str = ""

    def model_dump(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "result": self.result,
            "facts": dict(self.facts),
            "missing": list(self.missing),
            "note": self.note,
        }


CRITERIA_SOURCE = "review2023, Table 2"


# The items may be stored as (function, arguments...) and built by that call when first read: the
# engine needs only the verdicts, and a criteria set's items are shown far less often (issue #17).
@built_on_first_use("items", _call, "the set's items, as shown")
@dataclass(slots=True)
class CriteriaSet:
    """A set of transplant criteria (Milan, ENETS, UNOS): its verdict and items."""

    name: str  # Milan, ENETS, UNOS
    verdict: Verdict
    items: list[CriterionItem]
    source: str = CRITERIA_SOURCE


# Builders for the engine's hot path. On CPython 3.12 calling a class whose __init__ is Python code costs
# about 40 % more than a plain function call that fills a new instance; the engine builds ~60 records
# per evaluation (issue #17). Each builder sets every field (tests/engine/test_fast_path.py compares
# the output with the reference).
_new = object.__new__
_set_facts = Reason.__dict__["facts"].fset
_set_item_facts = CriterionItem.__dict__["facts"].fset
_set_items = CriteriaSet.__dict__["items"].fset


def new_reason(
    rule: str, text: str, facts: Any, sources: list[SourceRef], uses_suggested_type: bool = False
) -> Reason:
    """Reason(...); `facts` may be (names, fact values) read on first use (`facts_read_on_first_use`)."""
    reason = _new(Reason)
    reason.rule = rule
    reason.text = text
    _set_facts(reason, facts)
    reason.sources = sources
    reason.uses_suggested_type = uses_suggested_type
    return reason


def new_option(
    modality: str,
    label: str,
    status: Status,
    rule: str,
    reasons: list[Reason],
    missing: list[str],
    conditional: bool,
    flags: list[str],
    evidence: list[str],
    role: Role,
    evidence_tier: Tier,
) -> OptionResult:
    option = _new(OptionResult)
    option.modality = modality
    option.label = label
    option.status = status
    option.rule = rule
    option.reasons = reasons
    option.missing = missing
    option.conditional = conditional
    option.flags = flags
    option.evidence = evidence
    option.role = role
    option.evidence_tier = evidence_tier
    return option


def new_item(id: str, text: str, result: ItemResult, facts: Any, missing: list[str]) -> CriterionItem:
    """CriterionItem(...) with no note; `facts` as for `new_reason`."""
    item = _new(CriterionItem)
    item.id = id
    item.text = text
    item.result = result
    _set_item_facts(item, facts)
    item.missing = missing
    item.note = ""
    return item


def new_criteria_set(name: str, verdict: Verdict, items: Any) -> CriteriaSet:
    """CriteriaSet(...) with the usual source; `items` may be (function, arguments...) called when the
    items are first read (`built_on_first_use`)."""
    criteria_set = _new(CriteriaSet)
    criteria_set.name = name
    criteria_set.verdict = verdict
    _set_items(criteria_set, items)
    criteria_set.source = CRITERIA_SOURCE
    return criteria_set


def new_flag(id: str, text: str, source: str, outside_sources: bool) -> Flag:
    """Flag(...) of the case (no modality)."""
    flag = _new(Flag)
    flag.id = id
    flag.text = text
    flag.source = source
    flag.modality = None
    flag.outside_sources = outside_sources
    return flag


class Evaluation(BaseModel):
    model_config = _ENGINE_RECORD

    case_id: str
    demo: bool = False
    knowledge_base: str
    grade: GradeResult
    lesions: LesionSummary
    frilling_type: FrillingType
    portal_drainage: ItemResult
    options: list[OptionResult]
    transplant_criteria: dict[str, CriteriaSet]  # keys: milan, enets, unos
    eltr_factors: list[Flag]
    needs_information: list[str]  # every missing fact id, form order
    flags: list[Flag]
    evidence: list[dict[str, Any]] = Field(default_factory=list)
    trials: list[dict[str, Any]] = Field(default_factory=list)
    fired_rules: list[str] = Field(default_factory=list)

    def option(self, modality: str) -> OptionResult:
        for opt in self.options:
            if opt.modality == modality:
                return opt
        raise KeyError(modality)

    def display_order(self) -> list[OptionResult]:
        """ORDER-1: status groups, then surgical -> liver-directed -> systemic (a display order only)."""
        return sorted(self.options, key=display_key)

    def statuses(self) -> dict[str, str]:
        return {opt.modality: opt.status for opt in self.options}

    def to_public_json(self) -> dict[str, Any]:
        """The `evaluate --format json` contract."""

        def reason(r: Reason) -> dict[str, Any]:
            return {
                "rule": r.rule,
                "text": r.text,
                "facts": r.facts,
                "source": r.source,
                "sources": [s.as_dict() for s in r.sources],
                "uses_suggested_type": r.uses_suggested_type,
            }

        return {
            "case_id": self.case_id,
            "demo": self.demo,
            "knowledge_base": self.knowledge_base,
            "grade": self.grade.grade,
            "grade_detail": self.grade.model_dump(),
            "lesion_summary": self.lesions.model_dump(),
            "frilling_type": self.frilling_type.model_dump(),
            "portal_drainage": self.portal_drainage,
            "options": [
                {
                    "modality": o.modality,
                    "label": o.label,
                    "status": o.status,
                    "rule": o.rule,
                    "conditional": o.conditional,
                    "missing": o.missing,
                    "flags": o.flags,
                    "evidence": o.evidence,
                    "role": o.role,
                    "evidence_tier": o.evidence_tier,
                    "reasons": [reason(r) for r in o.reasons],
                }
                for o in self.options
            ],
            "transplant_criteria": {
                key: {
                    "name": cs.name,
                    "verdict": cs.verdict,
                    "source": cs.source,
                    "items": [item.model_dump() for item in cs.items],
                }
                for key, cs in self.transplant_criteria.items()
            },
            "eltr_factors": [f.model_dump() for f in self.eltr_factors],
            "display_order": [o.modality for o in self.display_order()],
            "needs_information": self.needs_information,
            "flags": [f.model_dump() for f in self.flags],
            "evidence": self.evidence,
            "trials": self.trials,
            "fired_rules": self.fired_rules,
        }


_Model = TypeVar("_Model", bound=BaseModel)
_set_attr = object.__setattr__


def trusted(cls: type[_Model], values: dict[str, Any]) -> _Model:
    """What `cls.model_construct(**values)` builds, for the engine's own records, at a fraction of its cost.

    `values` must name every field of `cls` in declaration order (tests/engine/test_fast_path.py checks
    each record against validation); `model_construct` walks aliases and defaults field by field, which
    the engine's records (built once per evaluation each) never need.
    """
    model = cls.__new__(cls)
    _set_attr(model, "__dict__", values)
    _set_attr(model, "__pydantic_fields_set__", set(values))
    _set_attr(model, "__pydantic_extra__", None)
    _set_attr(model, "__pydantic_private__", None)
    return model


def _plain_model(cls: type[BaseModel]) -> None:
    """`trusted` is only right for models without aliases, extras, private attributes or post-init."""
    if (
        cls.model_config.get("extra") == "allow"
        or cls.__pydantic_root_model__
        or cls.__pydantic_post_init__
        or cls.__private_attributes__
        or any(f.alias or f.validation_alias for f in cls.model_fields.values())
    ):
        raise TypeError(f"{cls.__name__} cannot be built with trusted()")


for _cls in (GradeResult, LesionSummary, FrillingType, Evaluation):
    _plain_model(_cls)


_STATUS_RANK = {status: i for i, status in enumerate(STATUS_ORDER)}
_MODALITY_RANK = {modality: i for i, modality in enumerate(ORDER_WITHIN_STATUS)}


def display_key(option: OptionResult) -> tuple[int, int]:
    """Sort key of ORDER-1."""
    return (_STATUS_RANK[option.status], _MODALITY_RANK[option.modality])
