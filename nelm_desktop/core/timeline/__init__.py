"""The case over time (issue #16): time points, the "since last time" diff, knowledge-base change,
library re-evaluation and the follow-up list. Pure Python; files through core/fileio.

    points = TimePoints(store.root)
    points.record(case, kind="time_point", label="", follow_up="2027-03-01") -> TimePoint
    points.record(case, kind="decision", ref=decision_id, label=text, snapshot=decision_snapshot)
    points.points(case_id) / points.latest(case_id)
    snapshot_of(case) -> Snapshot                      # facts + compact evaluation + KB version
    diff_snapshots(before, after, "2026-05-01", "now") -> CaseDiff   # facts, statuses, lesions
    knowledge_base_change(points.latest(case_id)) -> KnowledgeBaseChange | None
    reevaluate_library(...) -> Reevaluation;  due_follow_ups(points, cases, today) -> list[FollowUp]
"""

from nelm_desktop.core.timeline.diff import CaseDiff, FactChange, LesionChange, StatusChange, diff_snapshots
from nelm_desktop.core.timeline.follow_up import FollowUp, due_follow_ups, pending_follow_up
from nelm_desktop.core.timeline.knowledge_base import KnowledgeBaseChange, knowledge_base_change
from nelm_desktop.core.timeline.points import KIND_LABELS, TimePoint, TimePointError, TimePoints
from nelm_desktop.core.timeline.reevaluate import CaseOutcome, Reevaluation, compare_case, reevaluate_library
from nelm_desktop.core.timeline.snapshot import Snapshot, SnapshotError, snapshot_of

__all__ = [
    "KIND_LABELS",
    "CaseDiff",
    "CaseOutcome",
    "FactChange",
    "FollowUp",
    "KnowledgeBaseChange",
    "LesionChange",
    "Reevaluation",
    "Snapshot",
    "SnapshotError",
    "StatusChange",
    "TimePoint",
    "TimePointError",
    "TimePoints",
    "compare_case",
    "diff_snapshots",
    "due_follow_ups",
    "knowledge_base_change",
    "pending_follow_up",
    "reevaluate_library",
    "snapshot_of",
]
