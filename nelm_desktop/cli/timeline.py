"""`nelm-desktop reevaluate [--changed]` and `nelm-desktop board due`: the library over time (issue #16)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

from nelm_desktop.cli import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, print_problems
from nelm_desktop.cli.library import library_store
from nelm_desktop.core.board.store import BoardStore
from nelm_desktop.core.dates import follow_up_problem
from nelm_desktop.core.model import Case
from nelm_desktop.core.store import CaseStore, StoreError
from nelm_desktop.core.timeline import TimePoints, due_follow_ups, reevaluate_library
from nelm_desktop.core.timeline.board_points import decisions_by_case
from nelm_desktop.core.validation_messages import visible_line

_SHA_RE = re.compile(rb'"sha256":\s*"([0-9a-f]{64})"')


def declared_hash(path: Path) -> str | None:
    """The `sha256` a case envelope declares, read from the file's head (it precedes the case)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(1024)
    except OSError:
        return None
    found = _SHA_RE.search(head)
    return found.group(1).decode("ascii") if found else None


def _loader(store: CaseStore, case_id: str) -> Callable[[], Case]:
    def load() -> Case:
        return store.load(case_id).case

    return load


def run_reevaluate(changed_only: bool, output: str) -> int:
    try:
        store = library_store()
        summaries = store.list_cases()
    except StoreError as exc:
        print_problems([str(exc)])
        return EXIT_FAILURE
    points = TimePoints(store.root)
    paths = {s.case_id: s.path for s in summaries}
    result = reevaluate_library(
        ((s.case_id, s.patient_label, _loader(store, s.case_id)) for s in summaries),
        points,
        file_hash=lambda case_id: declared_hash(paths[case_id]),
    )
    shown = [o for o in result.outcomes if not changed_only or o.outcome == "changed"]
    if output == "json":
        data = {
            "knowledge_base": result.knowledge_base,
            "cases": [
                {
                    "case_id": o.case_id,
                    "patient_label": o.patient_label,
                    "outcome": o.outcome,
                    "since": o.point.taken_at if o.point else (o.since or None),
                    "knowledge_base_changed": o.knowledge_base_changed,
                    "facts_changed": o.facts_changed,
                    "changes": [
                        {"modality": c.modality, "before": c.before, "after": c.after} for c in o.changes
                    ],
                    "problem": o.problem,
                }
                for o in shown
            ],
            "counts": {k: result.count(k) for k in ("changed", "unchanged", "no_time_point", "unreadable")},
        }
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        for outcome in shown:
            print(visible_line(outcome.line()))
        print(result.summary())
    if points.problems:
        print_problems(points.problems)
    return EXIT_OK


MAX_WITHIN_DAYS = 36_600  # about a century: any follow-up horizon a clinic plans


def run_board_due(within: int, today_text: str) -> int:
    problems = []
    if not 0 <= within <= MAX_WITHIN_DAYS:
        problems.append(f"--within must be 0 to {MAX_WITHIN_DAYS} days (got {within})")
    today = date.today()
    if today_text:
        try:
            given = date.fromisoformat(today_text)
        except ValueError:
            problems.append(f"--today {today_text!r} is not a date YYYY-MM-DD")
        else:  # "0025-03-01" for 2025 listed every follow-up as not yet due: a slip, as in the forms
            slipped = follow_up_problem(given, today)
            if slipped:
                problems.append(f"--today {slipped}")
            today = given
    if not problems and (date.max - today).days < within:
        problems.append(
            f"--within {within} days from {today.isoformat()} goes past the last date (9999-12-31)"
        )
    if problems:
        print_problems(problems)
        return EXIT_BAD_INPUT
    try:
        store = library_store()
        summaries = store.list_cases()
    except StoreError as exc:
        print_problems([str(exc)])
        return EXIT_FAILURE
    points = TimePoints(store.root)
    decided = decisions_by_case(BoardStore(store.root), problems=points.problems)
    due = due_follow_ups(
        points, ((s.case_id, s.patient_label) for s in summaries), today, within, decisions=decided
    )
    for item in due:
        print(visible_line(item.line(today)))
    overdue = sum(1 for item in due if item.state == "overdue")
    print(f"{len(due)} follow-up(s) due or overdue on {today.isoformat()} ({overdue} overdue)")
    if points.problems:
        print_problems(points.problems)
    return EXIT_OK
