"""The follow-up list: cases whose follow-up / re-discussion date is due or overdue.

A case's pending follow-up is the date of its newest time point (or board decision) that set one; it stays
pending until a later time point is taken on or after that date (the case was discussed again).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from nelm_desktop.core.timeline.points import TimePoint, TimePoints

State = Literal["overdue", "due"]


@dataclass(frozen=True, slots=True)
class FollowUp:
    case_id: str
    patient_label: str
    due: date
    state: State
    point: TimePoint

    def line(self, today: date) -> str:
        days = (today - self.due).days
        when = (
            "due today"
            if days == 0
            else (f"overdue by {days} day(s)" if days > 0 else f"due in {-days} day(s)")
        )
        what = "board decision" if self.point.kind == "decision" else "time point"
        return (
            f"{self.due.isoformat()}  {when}  {self.patient_label or '(no label)'} [{self.case_id}]"
            f"  (set at the {what} of {self.point.day})"
        )


def pending_follow_up(
    points: TimePoints, case_id: str, decisions: list[TimePoint] | None = None
) -> TimePoint | None:
    """The time point (or board decision) whose follow-up date is still pending, or None. Reads the time
    points' headers; only the pending one is read in full."""
    known = {p.point_id: p for p in decisions or []}
    headers = [
        *points.headers(case_id),
        *((p.point_id, p.kind, p.taken_at, p.follow_up) for p in known.values()),
    ]
    newest_day = ""
    for point_id, _kind, taken_at, follow_up in sorted(headers, reverse=True):
        if follow_up:
            if newest_day and newest_day >= follow_up:
                return None
            return known.get(point_id) or points.get(case_id, point_id)
        newest_day = max(newest_day, taken_at[:10])
    return None


PendingCache = dict[str, tuple[int, TimePoint | None]]


def _pending_cached(
    points: TimePoints, case_id: str, cache: PendingCache | None, decisions: list[TimePoint] | None
) -> TimePoint | None:
    """`pending_follow_up`, remembered per case until its time-point folder changes (a new file); a case
    with board decisions is not cached (they live in the board's files)."""
    if cache is None or decisions:
        return pending_follow_up(points, case_id, decisions)
    try:
        stamp = os.stat(points.case_folder(case_id)).st_mtime_ns
    except OSError:
        return None
    hit = cache.get(case_id)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    point = pending_follow_up(points, case_id)
    cache[case_id] = (stamp, point)
    return point


def due_follow_ups(
    points: TimePoints,
    cases: Iterable[tuple[str, str]],
    today: date,
    within_days: int = 0,
    cache: PendingCache | None = None,
    decisions: dict[str, list[TimePoint]] | None = None,
) -> list[FollowUp]:
    """Follow-ups overdue (before `today`) or due (from today up to `within_days` ahead), soonest first.
    With a `cache` (kept by the caller between calls) unchanged cases are not read again. `decisions`
    (case id -> board decisions as time points, see board_points) take part like time points."""
    horizon = today + timedelta(days=within_days)
    decisions = decisions or {}
    with_points = set(points.case_ids()) | set(decisions)  # one folder listing; most cases may have none
    out = []
    for case_id, label in cases:
        if case_id not in with_points:
            continue
        point = _pending_cached(points, case_id, cache, decisions.get(case_id))
        if point is None:
            continue
        due = date.fromisoformat(point.follow_up)
        if due > horizon:
            continue
        out.append(FollowUp(case_id, label, due, "overdue" if due < today else "due", point))
    out.sort(key=lambda f: (f.due, f.patient_label, f.case_id))
    return out
