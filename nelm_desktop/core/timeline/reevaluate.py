"""Re-evaluate the whole library against each case's last time point (`nelm-desktop reevaluate`).

What a clinic runs after installing an update: for every case, the statuses the current engine and
knowledge base give its current facts, compared with the statuses of its last time point. When neither the
facts nor the knowledge base changed the statuses cannot differ (the engine is a pure function), so such a
case is not evaluated again: that is what keeps 10,000 cases within seconds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

from nelm_desktop.core.engine import evaluate
from nelm_desktop.core.model import Case
from nelm_desktop.core.sources import KNOWLEDGE_BASE_VERSION
from nelm_desktop.core.timeline.diff import StatusChange, status_changes
from nelm_desktop.core.timeline.points import TimePoint, TimePoints
from nelm_desktop.core.timeline.snapshot import case_facts, same_facts, snapshot_of

Outcome = Literal["changed", "unchanged", "no_time_point", "unreadable"]


@dataclass(frozen=True, slots=True)
class CaseOutcome:
    case_id: str
    patient_label: str
    outcome: Outcome
    point: TimePoint | None = None
    changes: list[StatusChange] = field(default_factory=list)
    knowledge_base_changed: bool = False
    facts_changed: bool = False
    problem: str = ""
    since: str = ""  # the day of the time point compared with (when `point` was not read)

    def line(self) -> str:
        who = f"{self.patient_label or '(no label)'} [{self.case_id}]"
        if self.outcome == "no_time_point":
            return f"{who}: no time point yet"
        if self.outcome == "unreadable":
            return f"{who}: could not be read ({self.problem})"
        day = self.point.day if self.point else self.since
        since = f"since {day}" if day else ""
        if self.outcome == "unchanged":
            return f"{who}: unchanged {since}"
        why = " and ".join(
            w
            for w, on in (("knowledge base", self.knowledge_base_changed), ("facts", self.facts_changed))
            if on
        )
        return f"{who}: {len(self.changes)} status(es) changed {since} ({why}): " + "; ".join(
            c.text for c in self.changes
        )


@dataclass(slots=True)
class Reevaluation:
    outcomes: list[CaseOutcome] = field(default_factory=list)
    evaluated: int = 0  # cases the engine actually ran on
    knowledge_base: str = KNOWLEDGE_BASE_VERSION

    def count(self, outcome: Outcome) -> int:
        return sum(1 for o in self.outcomes if o.outcome == outcome)

    def summary(self) -> str:
        return (
            f"{len(self.outcomes)} case(s): {self.count('changed')} changed, {self.count('unchanged')} unchanged, "
            f"{self.count('no_time_point')} without a time point, {self.count('unreadable')} unreadable "
            f"(knowledge base {self.knowledge_base})"
        )


def compare_case(
    case: Case, point: TimePoint | None, current_kb: str = KNOWLEDGE_BASE_VERSION
) -> CaseOutcome:
    """The current statuses of `case` against its last time point."""
    if point is None:
        return CaseOutcome(case.case_id, case.patient_label, "no_time_point")
    kb_changed = point.snapshot.knowledge_base != current_kb
    facts_changed = not same_facts(case_facts(case), point.snapshot.facts)
    if not kb_changed and not facts_changed:
        return CaseOutcome(case.case_id, case.patient_label, "unchanged", point)
    changes = status_changes(point.snapshot, snapshot_of(case, evaluate(case)))
    return CaseOutcome(
        case.case_id,
        case.patient_label,
        "changed" if changes else "unchanged",
        point,
        changes,
        kb_changed,
        facts_changed,
    )


def reevaluate_library(
    cases: Iterable[tuple[str, str, Callable[[], Case]]],
    points: TimePoints,
    current_kb: str = KNOWLEDGE_BASE_VERSION,
    file_hash: Callable[[str], str | None] | None = None,
) -> Reevaluation:
    """`cases` yields (case_id, label, load) for each case; `load` may raise to mark it unreadable.

    `file_hash(case_id)` (optional) gives the `sha256` a case file declares; when it equals the hash
    recorded with the newest time point and the knowledge base is the same, the case is unchanged and is
    neither loaded nor evaluated (the file's content was checked when the library index took it in)."""
    result = Reevaluation(knowledge_base=current_kb)
    for case_id, label, load in cases:
        if file_hash is not None:
            header = points.latest_header(case_id)
            snapshot = header.get("snapshot") if header else None
            recorded = header.get("case_sha256") if header else None
            if (
                header is not None
                and isinstance(snapshot, dict)
                and snapshot.get("knowledge_base") == current_kb
                and recorded
                and recorded == file_hash(case_id)
            ):
                result.outcomes.append(
                    CaseOutcome(case_id, label, "unchanged", since=str(header.get("taken_at", ""))[:10])
                )
                continue
        point = points.latest(case_id)
        if point is None:
            result.outcomes.append(CaseOutcome(case_id, label, "no_time_point"))
            continue
        try:
            case = load()
        except Exception as exc:  # the store's typed errors; one readable line per case, never a crash
            result.outcomes.append(CaseOutcome(case_id, label, "unreadable", point, problem=str(exc)))
            continue
        outcome = compare_case(case, point, current_kb)
        if outcome.changes or outcome.facts_changed or outcome.knowledge_base_changed:
            result.evaluated += 1
        result.outcomes.append(outcome)
    return result
