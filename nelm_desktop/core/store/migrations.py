"""Schema migrations: a registry of pure dict-to-dict steps, one per schema version.

``STEPS[n]`` turns a case payload of schema_version ``n`` into one of ``n + 1``; it must not touch the
disk, the clock or the input dict. Register a step with::

    @step(1)
    def _v1_to_v2(case: dict[str, Any]) -> dict[str, Any]: ...

and add `test_migration_v1_to_v2` plus a golden file ``tests/data/golden/case-v1*.json`` (kept forever);
a test fails when a registered step has no test. Steps: v1 -> v2 (clinical revision 2, MIG-1..4);
v2 -> v3 (structured treatment history).
The store backs up the whole library once before the first migration runs (see `CaseStore`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nelm_desktop.core.model import SCHEMA_VERSION
from nelm_desktop.core.treatments import lines_from_free_text
from nelm_desktop.core.version_steps import add_step, walk_steps

Payload = dict[str, Any]
Step = Callable[[Payload], Payload]

STEPS: dict[int, Step] = {}


class MigrationError(Exception):
    """A payload could not be brought up to the current schema; `reason` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def step(from_version: int) -> Callable[[Step], Step]:
    def register(func: Step) -> Step:
        return add_step(STEPS, from_version, func, "migration")

    return register


def migrate(payload: Payload, from_version: int, current: int = SCHEMA_VERSION) -> Payload:
    """Apply every step from `from_version` up to `current`; the input is never modified."""
    return walk_steps(
        STEPS,
        payload,
        from_version,
        current,
        apply=_apply_case_step,
        error=MigrationError,
        version_words="schema version",
    )


def _apply_case_step(func: Step, data: Payload, next_version: int) -> Payload:
    data = func(data)
    data["schema_version"] = next_version
    return data


# Revision-2 facts (CLINICAL-RULES.md section 3) and the value each starts with in a migrated case (MIG-3):
# unknown, never inferred from anything else in the v1 case.
V2_NEW_FACTS: dict[str, Any] = {
    "surgeon_assessment": "not_assessed",
    "primary_resectable": "unknown",
    "grade_reported": "unknown",
    "ki67_liver_pct": None,
    "syndrome_type": "unknown",
}


@step(1)
def _v1_to_v2(case: Payload) -> Payload:
    """Clinical revision 2. No information is lost, nothing is inferred (MIG-1..MIG-4).

    MIG-1 fdg_pet ``done`` -> ``done_result_unknown`` (not_done and unknown unchanged).
    MIG-2 ki67_pct keeps its value (v1 did not say where the Ki-67 came from; only the clinician may move
    a liver-biopsy value to ki67_liver_pct).
    MIG-3 the new facts start unknown (surgeon_assessment: not_assessed).
    MIG-4 syndrome_type is never set from the free-text syndrome_name.
    """
    out = dict(case)
    fdg = out.get("fdg_pet")
    if isinstance(fdg, str) and fdg.strip().lower() == "done":
        out["fdg_pet"] = "done_result_unknown"
    for fact, start in V2_NEW_FACTS.items():
        # A v1 file cannot hold these (extra fields were forbidden); keep anything present, untouched.
        out.setdefault(fact, start)
    return out


@step(2)
def _v2_to_v3(case: Payload) -> Payload:
    """Structured treatment history. Each free-text `prior_treatments` line becomes an "other" line named
    by the whole text (nothing lost, nothing parsed: "lanreotide" is not guessed to be an SSA)."""
    out = dict(case)
    free_text = out.pop("prior_treatments", None) or []
    if isinstance(free_text, str):  # v1/v2 input accepted "a; b" as a list
        free_text = [part.strip() for part in free_text.split(";") if part.strip()]
    if not isinstance(free_text, list):
        raise ValueError("prior_treatments is not a list")
    out["treatment_history"] = [*(out.get("treatment_history") or []), *lines_from_free_text(free_text)]
    return out
