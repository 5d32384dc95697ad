"""Knowledge-base change: which statuses this app's knowledge base gives differently from the one a case's
last time point was evaluated with.

The comparison re-evaluates the *snapshot's* facts with the current engine, so it isolates what the new
knowledge base changes from what the clinicians changed in the case since (that is the "since last time"
diff). Nothing is guessed: a snapshot whose facts cannot be read back is reported, not compared.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nelm_desktop.core.sources import KNOWLEDGE_BASE_VERSION
from nelm_desktop.core.timeline.diff import StatusChange, status_changes
from nelm_desktop.core.timeline.points import TimePoint
from nelm_desktop.core.timeline.snapshot import SnapshotError, snapshot_of


@dataclass(frozen=True, slots=True)
class KnowledgeBaseChange:
    point: TimePoint
    old_version: str
    new_version: str
    changes: list[StatusChange] = field(default_factory=list)
    problem: str = ""  # the snapshot's facts could not be re-evaluated

    def lines(self) -> list[str]:
        head = (
            f"Knowledge base changed since the time point of {self.point.day}: "
            f"{self.old_version} -> {self.new_version}"
        )
        if self.problem:
            return [head, f"  could not compare: {self.problem}"]
        if not self.changes:
            return [head, "  it changes no status of this case"]
        return [head, *(f"  {c.text}" for c in self.changes)]


def knowledge_base_change(
    point: TimePoint | None, current: str = KNOWLEDGE_BASE_VERSION
) -> KnowledgeBaseChange | None:
    """None when there is no time point or it was evaluated with the current knowledge base."""
    if point is None or point.snapshot.knowledge_base == current:
        return None
    try:
        now = snapshot_of(point.snapshot.case())
    except SnapshotError as exc:
        return KnowledgeBaseChange(point, point.snapshot.knowledge_base, current, problem=exc.reason)
    return KnowledgeBaseChange(
        point, point.snapshot.knowledge_base, current, status_changes(point.snapshot, now)
    )
