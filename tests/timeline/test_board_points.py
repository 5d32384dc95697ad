"""Board decisions in the timeline: each decision (with the snapshot it froze) is a time point of its
case, listed once, and its follow-up date takes part in the follow-up list and `board due`."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from nelm_desktop.core.engine import evaluate
from nelm_desktop.core.timeline import TimePoints, due_follow_ups
from nelm_desktop.core.timeline.board_points import case_points, decisions_by_case
from tests.board.board_helpers import decision_for, library

ROOT = Path(__file__).resolve().parents[2]


def test_a_board_decision_is_a_time_point_with_its_snapshot_and_follow_up(tmp_path):
    _cases, board, saved, meeting = library(tmp_path, 2)
    case = saved[0]
    board.save_decision(decision_for(meeting, case, follow_up=date(2027, 1, 15)), None)
    points = TimePoints(tmp_path)
    [point] = case_points(points, board, case.case_id)
    assert point.kind == "decision" and point.follow_up == "2027-01-15"
    assert point.snapshot.statuses == evaluate(case).statuses()
    assert "Liver resection" in point.label
    # Registered also as a time point of its own (same ref): still listed once.
    points.record(case, kind="decision", ref=point.ref, snapshot=point.snapshot)
    assert [p.ref for p in case_points(points, board, case.case_id)] == [point.ref]
    assert case_points(points, board, saved[1].case_id) == []


def test_decision_follow_ups_are_due_until_a_later_time_point(tmp_path):
    cases, board, saved, meeting = library(tmp_path, 2)
    board.save_decision(decision_for(meeting, saved[0], follow_up=date(2026, 12, 20)), None)
    board.save_decision(decision_for(meeting, saved[1], follow_up=date(2026, 12, 20)), None)
    points = TimePoints(tmp_path)
    points.record(saved[1], now=datetime(2026, 12, 21, tzinfo=UTC))  # discussed again after the date
    decided = decisions_by_case(board)
    listed = [(s.case_id, s.patient_label) for s in cases.list_cases()]
    due = due_follow_ups(points, listed, date(2026, 12, 22), decisions=decided)
    assert [(f.case_id, f.state, f.point.kind) for f in due] == [(saved[0].case_id, "overdue", "decision")]
    env = {**os.environ, "NELM_DESKTOP_DATA_DIR": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-m", "nelm_desktop", "board", "due", "--today", "2026-12-22"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=env,
    )
    assert out.returncode == 0, out.stderr
    assert saved[0].case_id in out.stdout and saved[1].case_id not in out.stdout
    assert "set at the board decision of" in out.stdout
