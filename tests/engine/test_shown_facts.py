"""Shown facts = read facts (issue #11, item 4).

A fact-access recorder stands in for the case while the engine runs: every case field a rule row's
condition reads is recorded, row by row. Over a few thousand generated cases, the case fields read by the
rows that decided a result (the deciding row and every row tried before it, since their not firing is part
of the decision) and by the modifier rows that fired must all be shown with that result's reason. Derived
facts (grade, type, FEAS, SURG ...) are shown by name; the case fields they come from are shown with the
grade and the liver pattern, not here.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, get_args

from nelm_desktop.core.engine import ALL_TABLES, evaluate
from nelm_desktop.core.model import SEGMENTS, Case, PrimarySite

N_CASES = 3000
YES_NO = ("yes", "no", "unknown")

POOLS: dict[str, tuple[Any, ...]] = {
    "age_years": (None, 45, 46, 54, 55, 70),
    "differentiation": ("well", "poorly", "unknown"),
    "grade_reported": ("G1", "G2", "G3", "NEC", "unknown"),
    "ki67_pct": (None, 1, 2, 2.5, 3, 10, 11, 20, 21, 60),
    "ki67_liver_pct": (None, None, 1, 8, 25),
    "primary_site": get_args(PrimarySite),
    "primary_resected": YES_NO,
    "primary_resectable": YES_NO,
    "months_since_primary_resection": (None, 5, 6, 24),
    "functional_syndrome": YES_NO,
    "syndrome_type": ("carcinoid", "insulinoma", "gastrinoma", "other", "unknown"),
    "syndrome_refractory": YES_NO,
    "tumour_burden_symptoms": YES_NO,
    "hepatic_involvement_pct": (None, 10, 49, 50, 74, 75, 90),
    "flr_pct": (None, 20, 29.9, 30, 60),
    "surgeon_assessment": ("one_stage", "two_stage_only", "unresectable", "not_assessed"),
    "lesion_near_hilum": YES_NO,
    "superficial_lesion": YES_NO,
    "hepatomegaly": YES_NO,
    "confirmed_type": ("none", "none", "I", "limited_unilobar", "limited_bilobar", "II", "III"),
    "extrahepatic_disease": ("none", "resectable", "unresectable", "unknown"),
    "sstr_imaging": ("positive", "negative", "not_done", "unknown"),
    "fdg_pet": ("positive", "negative", "done_result_unknown", "not_done", "unknown"),
    "renal_function_adequate": YES_NO,
    "marrow_reserve_adequate": YES_NO,
    "bilirubin_normal": YES_NO,
    "portal_vein_thrombosis": YES_NO,
    "hepatic_insufficiency": YES_NO,
    "ecog": (None, 0, 1, 3, 4),
    "fit_for_major_surgery": YES_NO,
    "bilioenteric_anastomosis": YES_NO,
    "prior_whipple": YES_NO,
    "months_stable_or_response": (None, 5, 6, 18),
    "recurrence_after_liver_resection": YES_NO,
    "olt_concurrent_resection": YES_NO,
}


def _lesions(rng: random.Random) -> list[dict[str, Any]] | None:
    if rng.random() < 0.1:
        return None
    return [
        {
            "segment": rng.choice((*SEGMENTS, None)),
            "size_cm": rng.choice((None, 1.0, 4.9, 5.0, 8.0)),
            "count": rng.choice((None, 1, 1, 2, 6)),
        }
        for _ in range(rng.randint(1, 5))
    ]


def generated_cases(n: int, seed: int = 20261203) -> Iterator[Case]:
    rng = random.Random(seed)
    for i in range(n):
        facts = {name: rng.choice(pool) for name, pool in POOLS.items()}
        yield Case(case_id=f"gen-{i}", lesions=_lesions(rng), **facts)


class RecordingCase:
    """Stands in for a Case and records the names of the fields read through it."""

    def __init__(self, case: Case) -> None:
        object.__setattr__(self, "_case", case)
        object.__setattr__(self, "reads", set())

    def __getattr__(self, name: str) -> Any:
        self.reads.add(name)
        return getattr(self._case, name)

    @property
    def __dict__(self) -> dict[str, Any]:  # type: ignore[override]
        """The case's field values, as `read_facts` copies them for the explanations (not a row's read)."""
        return vars(self._case)


Log = dict[str, list[tuple[str, set[str], bool]]]  # modality -> [(row id, fields read, fired)]


@contextmanager
def recording_rows(log: Log) -> Iterator[None]:
    """Wrap every row's and modifier's condition so that it logs the case fields it read."""
    originals: list[tuple[Any, Any]] = []

    def wrap(modality: str, rule: Any, takes_result: bool) -> None:
        original = rule.when

        def when(ctx: Any, *result: Any) -> Any:
            case = ctx.case
            case.reads.clear()
            fired = original(ctx, *result) if takes_result else original(ctx)
            log.setdefault(modality, []).append((rule.id, set(case.reads), bool(fired)))
            return fired

        originals.append((rule, original))
        object.__setattr__(rule, "when", when)  # rows are frozen dataclasses

    for table in ALL_TABLES:
        for row in table.rows:
            wrap(table.modality, row, False)
        for modifier in table.modifiers:
            wrap(table.modality, modifier, True)
    try:
        yield
    finally:
        for rule, original in originals:
            object.__setattr__(rule, "when", original)


def unshown_reads(case: Case) -> list[str]:
    """Problems for one case: a deciding or firing row that read a case field its reason does not show."""
    log: Log = {}
    with recording_rows(log):
        evaluation = evaluate(RecordingCase(case))  # type: ignore[arg-type]  # duck-typed on purpose
    modifier_ids = {m.id for table in ALL_TABLES for m in table.modifiers}
    problems = []
    for option in evaluation.options:
        by_rule: dict[str, set[str]] = {}
        for reason in option.reasons:  # a row may give several lines (staged resection's notes)
            by_rule.setdefault(reason.rule, set()).update(reason.facts)
        shown = by_rule[option.rule]
        for row_id, reads, fired in log[option.modality]:
            if row_id in modifier_ids:
                if fired and not reads <= by_rule.get(row_id, set()):
                    problems.append(f"{row_id}: reads {sorted(reads - by_rule.get(row_id, set()))}")
                continue
            if not reads <= shown:
                problems.append(f"{option.rule} (row {row_id} tried first): reads {sorted(reads - shown)}")
            if row_id == option.rule and fired:
                break
    return problems


def test_the_recorder_sees_what_a_row_reads() -> None:
    """The recorder itself can fail: a row reading an unshown field is caught."""
    from nelm_desktop.core.rules.resection import RESECTION

    row = RESECTION.rows[0]
    original = row.when
    object.__setattr__(row, "when", lambda c: c.case.hepatomegaly == "yes" and original(c))
    try:
        problems = unshown_reads(Case(case_id="x", hepatomegaly="yes"))
    finally:
        object.__setattr__(row, "when", original)
    assert any("hepatomegaly" in p for p in problems)


def test_every_deciding_row_shows_the_facts_it_reads() -> None:
    found: dict[str, str] = {}
    for case in generated_cases(N_CASES):
        for problem in unshown_reads(case):
            found.setdefault(problem.split(":")[0], problem)
    assert not found, "\n".join(sorted(found.values()))
