"""Rule tables as data: one `Row` per catalogue row, read top to bottom, first match decides (EVAL-2).

A row's `when` answers on known facts only (a condition on an unknown fact is not true):
- ``False`` / ``None``: the row does not fire;
- ``True``: it fires;
- ``CONDITIONAL``: it fires as the conditional option of EVAL-4 / EVAL-7;
- a list of fact ids: the needs_information row fires when the list is not empty, naming them all.
No row matching gives not_indicated (EVAL-2).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from nelm_desktop.core.evaluation import (
    DEFAULT_ROLES,
    EVIDENCE_TIERS,
    MODALITY_LABELS,
    ROLE_BY_RULE,
    CriteriaSet,
    ItemResult,
    LesionSummary,
    OptionResult,
    Role,
    SourceRef,
    Status,
    Tier,
    new_option,
    new_reason,
)
from nelm_desktop.core.facts import FACT_NAMES, fact_label, sort_facts
from nelm_desktop.core.model import Case
from nelm_desktop.core.sources import FIG2

if TYPE_CHECKING:
    from nelm_desktop.core.rules.criteria import Item, Outcome

G12 = frozenset({"G1", "G2"})
# Facts whose absence still allows the conditional option (EVAL-4, EVAL-7).
CONDITIONAL_FACTS = frozenset(
    {"fit_for_major_surgery", "flr_pct", "extrahepatic_disease", "primary_resectable"}
)
CONDITIONAL = "conditional"
FEAS_PREFIX = "If resection is not feasible:"
SURG_PREFIX = "If neither resection nor staged resection is feasible:"
STAGED_NOT_PURSUED = "If the staged resection is not pursued"  # EVAL-8
NO_ROW_TEXT = "No row of the source algorithm's table applies: criteria of the branch not met."
OFFERED = ("recommended", "option")

When = Callable[["Ctx"], "bool | str | list[str] | None"]
Text = str | Callable[["Ctx"], str]


@dataclass(slots=True)
class Ctx:
    """Everything a rule may read: the case, derived facts and the results decided so far (EVAL-1)."""

    case: Case
    grade: str
    grade_missing: list[str]
    diff_eff: str  # GRADE-0: differentiation as recorded or as the reported grade implies it
    lesions: LesionSummary
    type_value: str | None  # read through `type_used`, which notes the read
    type_is_suggestion: bool
    col_value: str | None  # read through `col`, which notes the read
    col_missing: list[str]
    portal: ItemResult
    results: dict[str, OptionResult] = field(default_factory=dict)
    verdicts: dict[str, str] = field(default_factory=dict)
    criteria: dict[str, CriteriaSet] = field(default_factory=dict)
    # Each criteria set's items and their outcomes, for the transplant rows (`evaluate_criteria`).
    item_outcomes: dict[str, tuple[tuple[Item, ...], list[Outcome]]] = field(init=False)
    flags: dict[str, dict[str, str]] = field(default_factory=dict)  # id -> format values
    # Every fact a reason or a criterion shows, read once per evaluation (see `read_facts`).
    facts: dict[str, Any] = field(default_factory=dict)

    # --- grade shorthands (section 4.1), read by many rows: set once ---
    g12: bool = field(init=False)
    g3: bool = field(init=False)
    nec: bool = field(init=False)
    grade_unknown: bool = field(init=False)

    # --- resection feasibility (EVAL-4) and surgical route (EVAL-7) ---
    # Settled once their tables have run (`settle_feas`, `settle_surg`); no row reads them earlier.
    feas: str = ""
    feas_missing: list[str] = field(default_factory=list)
    surg: str = ""
    surg_missing: list[str] = field(default_factory=list)
    # ABL-0's four conditions, once the ablation table first asks (rules/ablation.py).
    ablation_conditions: dict[str, tuple[bool | None, bool]] | None = None
    # Set when a row reads the distribution type or its column: `run_table` clears it before each row, so
    # a reason says the type was the engine's suggestion only when the row that decided read it (section
    # 12: the note "when used"; RES-1 decides an NEC on the grade alone).
    type_read: bool = False

    def __post_init__(self) -> None:
        self.g12 = self.grade in G12
        self.g3 = self.grade == "G3 NET"
        self.nec = self.grade == "NEC"
        self.grade_unknown = self.grade == "undetermined"

    @property
    def type_used(self) -> str | None:
        """The distribution type the engine uses (confirmed, else suggested); None = undetermined."""
        self.type_read = True
        return self.type_value

    @property
    def col(self) -> str | None:
        """The algorithm column of the type (COLUMN-1); None = COL?."""
        self.type_read = True
        return self.col_value

    # --- facts several tables read the same way (section 3, 6.2) ---
    def primary_in_place(self) -> bool:
        """primary_resected = no and the primary site is not unknown_primary (section 3)."""
        return self.case.primary_resected == "no" and self.case.primary_site != "unknown_primary"

    def primary_unresectable(self) -> bool:
        """RES-11 / STAGED-10: a primary in place that cannot be removed with curative intent."""
        return self.primary_in_place() and self.case.primary_resectable == "no"

    def primary_resectable_missing(self) -> list[str]:
        """primary_resectable is asked only with the primary in place (AMB-58)."""
        if self.primary_in_place() and self.case.primary_resectable == "unknown":
            return ["primary_resectable"]
        return []

    def one_stage_excluded(self) -> bool:
        """6.2: flr_pct < 30 or surgeon_assessment = two_stage_only."""
        flr = self.case.flr_pct
        return (flr is not None and flr < 30) or self.case.surgeon_assessment == "two_stage_only"

    def flr_sufficient(self) -> bool:
        """6.2: flr_pct >= 30 and surgeon_assessment is not two_stage_only."""
        flr = self.case.flr_pct
        return flr is not None and flr >= 30 and self.case.surgeon_assessment != "two_stage_only"

    def not_feasible_phrase(self, usual: str) -> str:
        """EVAL-8: with one-stage resection not feasible but a staged route offered, the FEAS option rows
        start 'If the staged resection is not pursued' instead of their usual 'resection not feasible'."""
        if self.feas == "not_feasible" and self.surg == "exists":
            return STAGED_NOT_PURSUED
        return usual

    def settle_feas(self) -> None:
        """FEAS from the resection result (EVAL-4)."""
        resection = self.results["resection"]
        if resection.status in ("recommended", "option"):
            self.feas = "feasible"
        elif resection.status in ("contraindicated", "not_indicated"):
            self.feas = "not_feasible"
        else:
            self.feas = "undetermined"
            self.feas_missing = resection.missing
        self.facts["resection_feasibility"] = self.feas

    def settle_surg(self) -> None:
        """SURG from the resection and staged-resection results (EVAL-7)."""
        statuses = {self.results[m].status for m in ("resection", "staged_resection")}
        if statuses & {"recommended", "option"}:
            self.surg = "exists"
        elif "needs_information" in statuses:
            self.surg = "undetermined"
            self.surg_missing = sort_facts(
                self.results["resection"].missing + self.results["staged_resection"].missing
            )
        else:
            self.surg = "not_amenable"
        self.facts["surgical_route"] = self.surg
        self.facts["staged_result"] = self.results["staged_resection"].status

    def feas_not_feasible(self) -> bool | str:
        """`FEAS not_feasible` for an indication row, including the conditional option (EVAL-4)."""
        if self.feas == "not_feasible":
            return True
        if self.feas == "undetermined" and set(self.feas_missing) <= CONDITIONAL_FACTS:
            return CONDITIONAL
        return False

    def feas_pattern_missing(self) -> list[str]:
        """EVAL-3/EVAL-4: while FEAS is undetermined, the grade and liver-pattern facts it lacks."""
        if self.feas != "undetermined":
            return []
        return [f for f in self.feas_missing if f not in CONDITIONAL_FACTS and f not in self.grade_missing]

    def surg_not_amenable(self) -> bool | str:
        if self.surg == "not_amenable":
            return True
        if self.surg == "undetermined" and set(self.surg_missing) <= CONDITIONAL_FACTS:
            return CONDITIONAL
        return False

    def raise_flag(self, flag_id: str, **values: str) -> None:
        self.flags.setdefault(flag_id, {}).update(values)


@dataclass(frozen=True)
class Row:
    """One row of a modality's ordered decision table: the status it gives when its condition holds."""

    id: str
    status: Status
    when: When
    text: Text
    sources: tuple[SourceRef, ...] = ()
    flags: tuple[str, ...] = ()
    # The conditional option's prefix when it is not the table's (EVE/SUN-8 read SURG, EVAL-7).
    conditional_prefix: str = ""


@dataclass(frozen=True)
class Modifier:
    """A -M row (EVAL-6): adds a reason line and flags, never changes the status."""

    id: str
    when: Callable[[Ctx, OptionResult], bool]
    text: Text
    sources: tuple[SourceRef, ...] = ()
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    """A modality's ordered decision table (the first row that holds decides) and its modifiers."""

    modality: str
    rows: tuple[Row, ...]
    reads: tuple[str, ...]  # facts shown with every reason
    modifiers: tuple[Modifier, ...] = ()
    conditional_prefix: str = FEAS_PREFIX
    # Reason lines added to every recommended/option result (e.g. staged resection's two lines); they
    # belong to the row that decided, so they carry its id.
    offered_notes: tuple[tuple[str, tuple[SourceRef, ...]], ...] = ()
    offered_flags: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()

    # Per-table constants, worked out once rather than at every evaluation. Plain fields: a cached
    # property is a descriptor, and reading one costs several times a field on 3.12 (issue #17).
    label: str = field(init=False)
    default_role: Role = field(init=False)
    evidence_tier: Tier = field(init=False)
    # The facts shown for an NEC: no algorithm column (section 12, rev 2: "NEC: never ... a column
    # (column A/B/C), because Fig. 2 covers well-differentiated G1/G2 disease; no column is shown").
    reads_nec: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        constants = {
            "label": MODALITY_LABELS[self.modality],
            "default_role": DEFAULT_ROLES[self.modality],
            "evidence_tier": EVIDENCE_TIERS[self.modality],
            "reads_nec": tuple(fact for fact in self.reads if fact != "column"),
        }
        for name, value in constants.items():
            object.__setattr__(self, name, value)  # frozen


def missing_text(missing: Sequence[str]) -> str:
    labels = FACT_NAMES
    return ", ".join([labels.get(f) or fact_label(f) for f in missing])  # join would build a list anyway


def _derived_facts(ctx: Ctx) -> dict[str, Any]:
    """The facts the engine works out rather than reads from the case (None: unknown)."""
    lesions = ctx.lesions
    return {
        "grade": ctx.grade,
        "distribution_type": ctx.type_value or "undetermined",
        "column": ctx.col_value or "undetermined",
        "resection_feasibility": ctx.feas or None,  # unknown until settled
        "surgical_route": ctx.surg or None,
        "staged_result": ctx.results["staged_resection"].status
        if "staged_resection" in ctx.results
        else None,
        "portal_drainage": ctx.portal,
        "largest_ge_5": lesions.largest_ge_5,
        "any_lt_5": lesions.any_lt_5,
        "largest_cm": lesions.largest_cm,
        "bilobar": lesions.bilobar,
        "lesion_count": lesions.lesion_count,
    }


DERIVED_FACTS = frozenset(
    {
        "grade",
        "distribution_type",
        "column",
        "resection_feasibility",
        "surgical_route",
        "staged_result",
        "portal_drainage",
        "largest_ge_5",
        "any_lt_5",
        "largest_cm",
        "bilobar",
        "lesion_count",
    }
)


def check_shown_facts_exist(names: Sequence[str]) -> None:
    """Every shown fact must be a case field or a derived fact: `read_facts` copies the case's fields
    wholesale, so a misspelt name would otherwise only fail when its explanation is first read."""
    unknown_names = set(names) - Case.model_fields.keys() - DERIVED_FACTS
    if unknown_names:
        raise RuntimeError(f"shown facts that are neither case fields nor derived: {sorted(unknown_names)}")


def read_facts(ctx: Ctx) -> None:
    """Read the facts that reasons and criteria show into ctx.facts, once per evaluation, as read (None
    for unknown; an explanation shows it as "unknown" when it is read, see `facts_read_on_first_use`).

    The case and the derived facts never change during an evaluation; only FEAS and SURG are settled
    later (`settle_feas`, `settle_surg`), before any table that shows them runs.
    """
    case, facts = ctx.case, ctx.facts
    # A pydantic model keeps its field values in its __dict__: one C-level copy reads them all, about a
    # tenth of the cost of reading the shown ones one by one (issue #17). Explanations look up only the
    # facts they show, so the fields no one shows do no harm.
    facts.update(vars(case))
    facts["lesions"] = f"{len(case.lesions)} entries" if case.lesions else "not recorded"
    facts.update(_derived_facts(ctx))


# Facts an evaluation settles while it runs, by the table after which they are settled (`settle_feas`,
# `settle_surg`); until then ctx.facts holds None for them.
SETTLED_AFTER: dict[str, tuple[str, ...]] = {
    "resection": ("resection_feasibility",),
    "staged_resection": ("surgical_route", "staged_result"),
}


def check_settled_before_shown(tables: Sequence[Table], later_reads: Sequence[str]) -> None:
    """Reasons read their facts when first shown (`facts_read_on_first_use`), i.e. after the evaluation:
    no table (run in this order, then whatever reads `later_reads`) may show a fact settled after it."""
    unsettled = {fact for facts in SETTLED_AFTER.values() for fact in facts}
    for table in tables:
        early = unsettled.intersection(table.reads)
        if early:
            raise RuntimeError(f"{table.modality} shows {sorted(early)} before they are settled")
        unsettled.difference_update(SETTLED_AFTER.get(table.modality, ()))
    early = unsettled.intersection(later_reads)
    if early:
        raise RuntimeError(f"{sorted(early)} shown before they are settled")


def run_table(table: Table, ctx: Ctx) -> OptionResult:
    """Evaluate one modality table (EVAL-2) and its modifiers (EVAL-6)."""
    # The facts shown with the reasons: read when first shown (`facts_read_on_first_use`).
    facts = (table.reads_nec if ctx.nec else table.reads, ctx.facts)
    fired: bool | str | list[str] | None = None
    chosen: Row | None = None
    read_before = False  # whether a row that did not fire read the type (EVAL-2 read them all)
    ctx.type_read = False
    for row in table.rows:
        fired = row.when(ctx)
        if fired:  # not False, None or an empty list of missing facts
            chosen = row
            break
        read_before |= ctx.type_read
        ctx.type_read = False
    missing: list[str] = []
    conditional = False
    flags: list[str]
    if chosen is None:
        status: Status = "not_indicated"
        rule = "EVAL-2"
        suggested = ctx.type_is_suggestion and read_before
        reasons = [new_reason(rule, NO_ROW_TEXT, facts, [FIG2], suggested)]
        flags = []
    else:
        status, rule, row_text = chosen.status, chosen.id, chosen.text
        text = row_text if type(row_text) is str else row_text(ctx)  # type: ignore[operator]
        # The deciding row's condition and text (RES-7 shows "type {type}") are what it read.
        suggested = ctx.type_is_suggestion and ctx.type_read
        kind = type(fired)  # type checks: comparing True with a string takes Python's slowest path
        if kind is list:
            missing = sort_facts(fired)  # type: ignore[arg-type]
        elif kind is str and fired == CONDITIONAL:
            conditional = True
        if status == "needs_information":
            text = text.replace("{missing}", missing_text(missing))
        if conditional:
            text = f"{chosen.conditional_prefix or table.conditional_prefix} {text}"
            flags = ["FLAG-RES-UNDET", *chosen.flags]
        else:
            flags = [*chosen.flags]  # a fresh list: [*x] is cheaper than list(x) on 3.12
        reasons = [new_reason(rule, text, facts, [*chosen.sources], suggested)]
    offered = status in OFFERED
    result = new_option(
        table.modality,
        table.label,
        status,
        rule,
        reasons,
        missing,
        conditional,
        flags,
        [*table.evidence],
        ROLE_BY_RULE.get(rule, table.default_role) if offered else table.default_role,
        table.evidence_tier,
    )
    if offered:
        for note, sources in table.offered_notes:
            reasons.append(new_reason(rule, note, {}, [*sources]))
        flags.extend(table.offered_flags)
    for modifier in table.modifiers:
        if modifier.when(ctx, result):
            text = modifier.text if isinstance(modifier.text, str) else modifier.text(ctx)
            reasons.append(new_reason(modifier.id, text, facts, [*modifier.sources]))
            result.flags.extend(modifier.flags)
    if result.flags:  # most results raise none
        result.flags = list(dict.fromkeys(result.flags))
        raised = ctx.flags
        for flag in result.flags:
            if flag not in raised:
                raised[flag] = {}
    ctx.results[table.modality] = result
    # FEAS and SURG are read by many later rows; each is settled once its inputs are (EVAL-4, EVAL-7).
    if table.modality == "resection":
        ctx.settle_feas()
    elif table.modality == "staged_resection":
        ctx.settle_surg()
    return result


def pick(sources: Mapping[str, SourceRef], letters: str) -> tuple[SourceRef, ...]:
    """The catalogue's source letters (a, b, c...) of one table as references."""
    return tuple(sources[ch] for ch in letters)


# --- shared row builders ---------------------------------------------------------------------

NOT_LISTED_SOURCE = (FIG2,)


def nec_row(
    rule_id: str, status: Status = "not_indicated", text: str = "Not listed for NEC in the sources."
) -> Row:
    """The grade scope row for NEC (EVAL-5), under the table's own catalogue id."""
    return Row(rule_id, status, lambda c: c.nec, text, NOT_LISTED_SOURCE)


def g3_row(rule_id: str) -> Row:
    """The grade scope row for G3 NET (EVAL-5), under the table's own catalogue id."""
    return Row(
        rule_id, "not_indicated", lambda c: c.g3, "Not listed for G3 in the sources.", NOT_LISTED_SOURCE
    )


def unknown(case: Case, *facts: str) -> list[str]:
    """The named yes/no/choice/number facts that are still unknown."""
    out = []
    for fact in facts:
        value = getattr(case, fact)
        if value is None or value == "unknown":
            out.append(fact)
    return out
