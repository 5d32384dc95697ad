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
from typing import Any

from nelm_desktop.core.evaluation import (
    MODALITY_LABELS,
    CriteriaSet,
    ItemResult,
    LesionSummary,
    OptionResult,
    Reason,
    SourceRef,
    Status,
)
from nelm_desktop.core.facts import fact_label, sort_facts
from nelm_desktop.core.model import Case
from nelm_desktop.core.sources import FIG2

G12 = frozenset({"G1", "G2"})
# Facts whose absence still allows the conditional option (EVAL-4, EVAL-7).
CONDITIONAL_FACTS = frozenset({"fit_for_major_surgery", "flr_pct", "extrahepatic_disease"})
CONDITIONAL = "conditional"
FEAS_PREFIX = "If resection is not feasible:"
SURG_PREFIX = "If neither resection nor staged resection is feasible:"

When = Callable[["Ctx"], "bool | str | list[str] | None"]
Text = str | Callable[["Ctx"], str]


@dataclass
class Ctx:
    """Everything a rule may read: the case, derived facts and the results decided so far (EVAL-1)."""

    case: Case
    grade: str
    grade_missing: list[str]
    lesions: LesionSummary
    type_used: str | None
    type_is_suggestion: bool
    col: str | None
    col_missing: list[str]
    portal: ItemResult
    results: dict[str, OptionResult] = field(default_factory=dict)
    verdicts: dict[str, str] = field(default_factory=dict)
    criteria: dict[str, CriteriaSet] = field(default_factory=dict)
    flags: dict[str, dict[str, str]] = field(default_factory=dict)  # id -> format values
    fact_cache: dict[str, Any] = field(default_factory=dict)  # case facts as read (the case never changes)

    # --- grade shorthands (section 4.1) ---
    @property
    def g12(self) -> bool:
        return self.grade in G12

    @property
    def g3(self) -> bool:
        return self.grade == "G3 NET"

    @property
    def nec(self) -> bool:
        return self.grade == "NEC"

    @property
    def grade_unknown(self) -> bool:
        return self.grade == "undetermined"

    # --- resection feasibility (EVAL-4) and surgical route (EVAL-7) ---
    _feas: str = ""
    _surg: str = ""

    @property
    def feas(self) -> str:
        if self._feas:
            return self._feas
        status = self.results["resection"].status
        if status in ("recommended", "option"):
            return "feasible"
        if status in ("contraindicated", "not_indicated"):
            return "not_feasible"
        return "undetermined"

    @property
    def feas_missing(self) -> list[str]:
        return self.results["resection"].missing if self.feas == "undetermined" else []

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

    @property
    def surg(self) -> str:
        if self._surg:
            return self._surg
        statuses = {self.results[m].status for m in ("resection", "staged_resection")}
        if statuses & {"recommended", "option"}:
            return "exists"
        if "needs_information" in statuses:
            return "undetermined"
        return "not_amenable"

    @property
    def surg_missing(self) -> list[str]:
        if self.surg != "undetermined":
            return []
        missing: list[str] = []
        for modality in ("resection", "staged_resection"):
            missing += self.results[modality].missing
        return sort_facts(missing)

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
    id: str
    status: Status
    when: When
    text: Text
    sources: tuple[SourceRef, ...] = ()
    flags: tuple[str, ...] = ()


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
    modality: str
    rows: tuple[Row, ...]
    reads: tuple[str, ...]  # facts shown with every reason
    modifiers: tuple[Modifier, ...] = ()
    conditional_prefix: str = FEAS_PREFIX
    # Reason lines added to every recommended/option result (e.g. staged resection's two lines).
    offered_notes: tuple[tuple[str, str, tuple[SourceRef, ...]], ...] = ()
    offered_flags: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()


def missing_text(missing: Sequence[str]) -> str:
    return ", ".join(fact_label(f) for f in missing)


_DERIVED: dict[str, Callable[[Ctx], Any]] = {
    "grade": lambda c: c.grade,
    "distribution_type": lambda c: c.type_used or "undetermined",
    "column": lambda c: c.col or "undetermined",
    "resection_feasibility": lambda c: c.feas if "resection" in c.results else None,
    "surgical_route": lambda c: c.surg if "staged_resection" in c.results else None,
    "portal_drainage": lambda c: c.portal,
    "largest_ge_5": lambda c: c.lesions.largest_ge_5,
    "any_lt_5": lambda c: c.lesions.any_lt_5,
    "largest_cm": lambda c: c.lesions.largest_cm,
    "bilobar": lambda c: c.lesions.bilobar,
    "lesion_count": lambda c: c.lesions.lesion_count,
}


def facts_of(ctx: Ctx, reads: Sequence[str]) -> dict[str, Any]:
    """The facts a rule read, name -> value as read ("unknown" for unknown)."""
    out: dict[str, Any] = {}
    case, cache = ctx.case, ctx.fact_cache
    for fact in reads:
        getter = _DERIVED.get(fact)
        if getter is not None:
            value = getter(ctx)
        elif fact in cache:
            value = cache[fact]
        else:
            value = getattr(case, fact)
            if fact == "lesions":
                value = f"{len(case.lesions)} entries" if case.lesions else "not recorded"
            cache[fact] = value
        out[fact] = "unknown" if value is None else value
    return out


def _render(text: Text, ctx: Ctx) -> str:
    return text(ctx) if callable(text) else text


def run_table(table: Table, ctx: Ctx) -> OptionResult:
    """Evaluate one modality table (EVAL-2) and its modifiers (EVAL-6)."""
    facts = facts_of(ctx, table.reads)
    uses_type = "distribution_type" in table.reads or "column" in table.reads
    suggested = uses_type and ctx.type_is_suggestion
    chosen: Row | None = None
    missing: list[str] = []
    conditional = False
    for row in table.rows:
        fired = row.when(ctx)
        if isinstance(fired, list):
            if fired:
                chosen, missing = row, sort_facts(fired)
                break
            continue
        if fired == CONDITIONAL:
            chosen, conditional = row, True
            break
        if fired:
            chosen = row
            break
    reasons: list[Reason] = []
    flags: list[str] = []
    if chosen is None:
        status: Status = "not_indicated"
        rule = "EVAL-2"
        reasons.append(
            Reason(
                rule="EVAL-2",
                text="No row of the source algorithm's table applies: criteria of the branch not met.",
                facts=facts,
                sources=[FIG2],
                uses_suggested_type=suggested,
            )
        )
    else:
        status, rule = chosen.status, chosen.id
        text = _render(chosen.text, ctx)
        if status == "needs_information":
            text = text.replace("{missing}", missing_text(missing))
        if conditional:
            text = f"{table.conditional_prefix} {text}"
            flags.append("FLAG-RES-UNDET")
        reasons.append(
            Reason(
                rule=rule,
                text=text,
                facts=facts,
                sources=list(chosen.sources),
                uses_suggested_type=suggested,
            )
        )
        flags.extend(chosen.flags)
    result = OptionResult(
        modality=table.modality,
        label=MODALITY_LABELS[table.modality],
        status=status,
        rule=rule,
        reasons=reasons,
        missing=missing,
        conditional=conditional,
        flags=flags,
        evidence=list(table.evidence),
    )
    if status in ("recommended", "option"):
        for note, note_rule, sources in table.offered_notes:
            result.reasons.append(Reason(rule=note_rule, text=note, facts={}, sources=list(sources)))
        result.flags.extend(table.offered_flags)
    for modifier in table.modifiers:
        if modifier.when(ctx, result):
            result.reasons.append(
                Reason(
                    rule=modifier.id,
                    text=_render(modifier.text, ctx),
                    facts=facts,
                    sources=list(modifier.sources),
                )
            )
            result.flags.extend(modifier.flags)
    result.flags = list(dict.fromkeys(result.flags))
    for flag in result.flags:
        ctx.raise_flag(flag)
    ctx.results[table.modality] = result
    # FEAS and SURG are read by many later rows; each is settled once its inputs are (EVAL-4, EVAL-7).
    if table.modality == "resection":
        ctx._feas = ctx.feas
    elif table.modality == "staged_resection":
        ctx._surg = ctx.surg
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
