"""Board decisions as time points (issue #16 item 3 with #15): each decision of the case, with the
snapshot of facts + evaluation + knowledge base it froze, its follow-up date and its plan.

Read from the board's own files (core/board) on demand; nothing is copied, so an amendment or a new
decision shows at once. A decision that was also registered in `timepoints/` (same ref) is listed once.
"""

from __future__ import annotations

from datetime import datetime

from nelm_desktop.core.board import decisions as rules
from nelm_desktop.core.board.model import Decision
from nelm_desktop.core.board.store import BoardStore
from nelm_desktop.core.store.backups import stamp
from nelm_desktop.core.store.errors import StoreError
from nelm_desktop.core.timeline.points import TimePoint, TimePoints
from nelm_desktop.core.timeline.snapshot import SnapshotError, snapshot_from_public


def decision_point(decision: Decision, problems: list[str] | None = None) -> TimePoint | None:
    """One decision as a time point; None (and a line in `problems`) when its snapshot is unreadable."""
    taken_at = decision.snapshot.taken_at or decision.recorded_at
    try:
        moment = datetime.fromisoformat(taken_at)
        snapshot = snapshot_from_public(decision.snapshot.case, decision.snapshot.evaluation)
    except (ValueError, SnapshotError) as exc:
        if problems is not None:
            problems.append(f"board decision {decision.decision_id}: {getattr(exc, 'reason', exc)}; skipped")
        return None
    if moment.tzinfo is None:
        moment = moment.astimezone()
    plan = "; ".join(rules.plan_lines(decision)) or "Board decision"
    return TimePoint(
        case_id=decision.case_id,
        point_id=stamp(moment),
        taken_at=moment.isoformat(timespec="seconds"),
        kind="decision",
        snapshot=snapshot,
        label=plan,  # whole: the timeline cuts it for display and says so (shown_label)
        ref=decision.decision_id,
        follow_up=decision.follow_up.isoformat() if decision.follow_up else "",
    )


def decisions_by_case(
    board: BoardStore, case_id: str | None = None, problems: list[str] | None = None
) -> dict[str, list[TimePoint]]:
    """Decisions as time points per case, oldest first (one pass over the board's decision files)."""
    out: dict[str, list[TimePoint]] = {}
    try:
        decisions = board.decisions(case_id=case_id)
    except StoreError as exc:
        if problems is not None:
            problems.append(f"board decisions: {exc}")
        return out
    for decision in decisions:
        point = decision_point(decision, problems)
        if point is not None:
            out.setdefault(decision.case_id, []).append(point)
    for points in out.values():
        points.sort(key=lambda p: p.point_id)
    return out


def case_points(points: TimePoints, board: BoardStore | None, case_id: str) -> list[TimePoint]:
    """Time points kept in `timepoints/` and the board's decisions, in time order, each decision once."""
    own = points.points(case_id)
    if board is None:
        return own
    registered = {p.ref for p in own if p.kind == "decision"}
    decided = decisions_by_case(board, case_id, points.problems).get(case_id, [])
    return sorted([*own, *(p for p in decided if p.ref not in registered)], key=lambda p: p.point_id)
