"""Decision-table order, audited by peeling (second clinical audit).

For every ordered modality table of the catalogue (sections 4.1, 4.4, 6.1-6.16) a walk starts from a case
in which the first row and as many later rows as the facts allow hold at once. Each step asserts the row
that decides (first match wins, EVAL-2) with its status and, for a needs_information row, exactly the
facts it names; then it removes that row's trigger, so the next row that still holds must decide. A
step can only pass if the earlier rows really outrank the later ones that hold in the same case.

test_unknown_facts_are_asked.py makes the facts these rows need unknown, one at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from nelm_desktop.core.engine import evaluate
from nelm_desktop.core.model import Case
from tests.clinical.clinical_cases import BASE, LIMITED_BILOBAR, SOLITARY, TYPE_II, flag_ids, opt
from tests.clinical.table_walks import WALKS, Step, walk_params


@pytest.mark.parametrize(("modality", "facts", "step"), walk_params())
def test_the_first_row_that_holds_decides(modality: str, facts: dict[str, Any], step: Step) -> None:
    evaluation = evaluate(Case(**facts))
    result = opt(evaluation, modality)
    assert (result.rule, result.status) == (step.rule, step.status), result.reasons[0].text
    assert result.conditional is step.conditional
    assert result.reasons[0].rule == step.rule
    if step.status == "needs_information":
        assert result.missing == list(step.missing)
    elif not step.conditional:
        assert result.missing == []
    assert set(step.flags) <= set(result.flags) | flag_ids(evaluation)


def test_every_modality_table_is_walked_to_its_last_row() -> None:
    """Each walk reaches the table's indication rows, so no table is audited only at its top."""
    modalities = {walk.modality for walk in WALKS.values()}
    assert modalities == {o.modality for o in evaluate(Case(**BASE)).options}
    for walk in WALKS.values():
        assert walk.steps[-1].status in ("recommended", "option"), walk.modality


# --- GRADE (4.1) and PATTERN (4.4): the derived-fact tables, walked the same way -------------------


@dataclass(frozen=True)
class Derived:
    rule: str
    value: str | None  # the grade, or the type the engine uses
    missing: tuple[str, ...] = ()
    then: dict[str, Any] | None = None
    flags: tuple[str, ...] = ()


GRADE_WALK = (
    {"differentiation": "poorly", "ki67_pct": 2, "grade_reported": "unknown"},
    (
        # Poorly differentiated decides at any Ki-67 (GRADE-1 before GRADE-2, which the Ki-67 also meets).
        Derived("GRADE-1", "NEC", then={"differentiation": "well"}, flags=("FLAG-NEC-KI67",)),
        Derived("GRADE-2", "G1", then={"ki67_pct": 2.5}, flags=("FLAG-KI67-CUTOFF",)),
        Derived("GRADE-3", "G2", then={"ki67_pct": 20}, flags=("FLAG-KI67-GAP",)),
        Derived("GRADE-4", "G2", then={"ki67_pct": 20.5}, flags=("FLAG-KI67-CUTOFF",)),
        Derived("GRADE-5", "G3 NET", then={"differentiation": "unknown"}, flags=("FLAG-G3",)),
        Derived("GRADE-6", "undetermined", ("differentiation",), then={"ki67_pct": None}),
        Derived("GRADE-6", "undetermined", ("differentiation", "ki67_pct"), then={"differentiation": "well"}),
        Derived("GRADE-7", "undetermined", ("ki67_pct",), then={"grade_reported": "G2"}),
        Derived("GRADE-8", "G2", then={"grade_reported": "NEC"}, flags=("FLAG-GRADE-REPORTED",)),
        Derived(
            "GRADE-9",
            "undetermined",
            ("ki67_pct",),
            then={"ki67_liver_pct": 25},
            flags=("FLAG-GRADE-DISCORDANT",),
        ),
        # A known Ki-67 (here the liver's) wins over the reported grade (AMB-59).
        Derived("GRADE-5", "G3 NET", flags=("FLAG-GRADE-DISCORDANT",)),
    ),
)

BILOBAR_SIZES_UNKNOWN = [
    {"segment": "VII", "size_cm": None, "count": 1},
    {"segment": "III", "size_cm": 2.0, "count": 1},
]
ELEVEN_BILOBAR = [
    {"segment": "VII", "size_cm": 2.0, "count": 6},
    {"segment": "III", "size_cm": 2.0, "count": 5},
]

PATTERN_WALK = (
    {"confirmed_type": "III", "lesions": LIMITED_BILOBAR, "hepatic_involvement_pct": 10},
    (
        Derived(
            "PATTERN-0",
            "III",
            then={"confirmed_type": "none", "lesions": None},
            flags=("FLAG-TYPE-OVERRIDE",),
        ),
        Derived("PATTERN-1", None, ("lesions",), then={"lesions": SOLITARY, "hepatic_involvement_pct": 80}),
        # A single lesion with >= 75 % involvement: PATTERN-2 before PATTERN-3, which it also meets.
        Derived("PATTERN-2", "III", then={"hepatic_involvement_pct": None}),
        Derived(
            "PATTERN-3",
            "I",
            then={"lesions": ELEVEN_BILOBAR, "hepatic_involvement_pct": 10},
            flags=("FLAG-TYPE-NO-INVOLVEMENT",),
        ),
        Derived("PATTERN-5", "III", then={"lesions": TYPE_II}),
        Derived("PATTERN-6", "II", then={"lesions": LIMITED_BILOBAR}),
        Derived(
            "PATTERN-7",
            "limited_bilobar",
            then={"lesions": [*LIMITED_BILOBAR[:1], {"segment": "VII", "size_cm": 2.0, "count": 1}]},
        ),
        Derived(
            "PATTERN-4",
            "limited_unilobar",
            then={"lesions": BILOBAR_SIZES_UNKNOWN},
            flags=("FLAG-TYPE-UNILOBAR",),
        ),
        Derived("PATTERN-8", None, ("lesion_sizes",)),
    ),
)


def _derived_params(walk: tuple[dict[str, Any], tuple[Derived, ...]], name: str) -> list[Any]:
    start, steps = walk
    facts = {**BASE, **start}
    params = []
    for index, step in enumerate(steps):
        params.append(pytest.param(dict(facts), step, id=f"{name}-{index}-{step.rule}"))
        facts = {**facts, **(step.then or {})}
    return params


@pytest.mark.parametrize(("facts", "step"), _derived_params(GRADE_WALK, "grade"))
def test_grade_rows_first_match(facts: dict[str, Any], step: Derived) -> None:
    evaluation = evaluate(Case(**facts))
    grade = evaluation.grade
    assert (grade.rule, grade.grade, tuple(grade.missing)) == (step.rule, step.value, step.missing)
    assert set(step.flags) <= flag_ids(evaluation)


@pytest.mark.parametrize(("facts", "step"), _derived_params(PATTERN_WALK, "pattern"))
def test_pattern_rows_first_match(facts: dict[str, Any], step: Derived) -> None:
    evaluation = evaluate(Case(**facts))
    found = evaluation.frilling_type
    rule = "PATTERN-0" if found.confirmed else found.suggested_rule
    assert (rule, found.used, tuple(found.missing)) == (step.rule, step.value, step.missing)
    assert set(step.flags) <= flag_ids(evaluation)
