"""The follow-up list and `reevaluate`, through the real command line in a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from nelm_desktop.core.evaluation import STATUS_SHORT
from nelm_desktop.core.model import new_case
from nelm_desktop.core.store import CaseStore
from nelm_desktop.core.timeline import TimePoints, due_follow_ups
from nelm_desktop.core.timeline.snapshot import Snapshot

ROOT = Path(__file__).resolve().parents[2]


def run(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NELM_DESKTOP_DATA_DIR": str(data)}
    return subprocess.run(
        [sys.executable, "-m", "nelm_desktop", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=env,
    )


def test_follow_up_is_pending_until_a_later_time_point_on_or_after_it(tmp_path):
    points = TimePoints(tmp_path)
    a, b, c = new_case(patient_label="A"), new_case(patient_label="B"), new_case(patient_label="C")
    points.record(a, follow_up="2026-06-01", now=datetime(2026, 3, 1, tzinfo=UTC))
    points.record(b, follow_up="2026-06-10", now=datetime(2026, 3, 1, tzinfo=UTC))
    points.record(c, follow_up="2026-05-01", now=datetime(2026, 3, 1, tzinfo=UTC))
    points.record(c, now=datetime(2026, 5, 2, tzinfo=UTC))  # C was discussed again after its date
    cases = [(x.case_id, x.patient_label) for x in (a, b, c)]
    due = due_follow_ups(points, cases, date(2026, 6, 3))
    assert [(f.patient_label, f.state) for f in due] == [("A", "overdue")]
    soon = due_follow_ups(points, cases, date(2026, 6, 3), within_days=7)
    assert [(f.patient_label, f.state) for f in soon] == [("A", "overdue"), ("B", "due")]
    assert "overdue by 2 day(s)" in due[0].line(date(2026, 6, 3))


def test_board_due_command_lists_due_cases_and_refuses_bad_dates(tmp_path):
    data = tmp_path / "data"
    store = CaseStore(data)
    case = store.save(new_case(patient_label="Due-1")).case
    TimePoints(data).record(case, follow_up="2026-02-01")
    out = run(data, "board", "due", "--today", "2026-02-05")
    assert out.returncode == 0, out.stderr
    assert "Due-1" in out.stdout and "overdue by 4 day(s)" in out.stdout
    assert "1 follow-up(s) due or overdue on 2026-02-05 (1 overdue)" in out.stdout
    early = run(data, "board", "due", "--today", "2026-01-01")
    assert "Due-1" not in early.stdout and early.stdout.startswith("0 follow-up(s)")
    bad = run(data, "board", "due", "--today", "05/02/2026", "--within", "-1")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 2
    # Horizons past the calendar: a clear line each, never an OverflowError's traceback (a day in
    # year 9999 is refused as a slipped year first; the longest horizon from the latest day allowed).
    for args, word in (
        (["--within", "99999999999"], "--within"),
        (["--today", "9999-12-30", "--within", "5"], "check the year"),
    ):
        huge = run(data, "board", "due", *args)
        assert huge.returncode == 2 and "Traceback" not in huge.stderr, huge.stderr
        assert len(huge.stderr.strip().splitlines()) == 1 and word in huge.stderr
    latest = date.today().replace(month=1, day=1).replace(year=date.today().year + 100)
    edge = run(data, "board", "due", "--today", latest.isoformat(), "--within", "36600")
    assert edge.returncode == 0, edge.stderr


def test_reevaluate_lists_cases_whose_statuses_differ_from_their_last_time_point(tmp_path):
    data = tmp_path / "data"
    store = CaseStore(data)
    points = TimePoints(data)
    same = store.save(new_case(patient_label="Same", differentiation="well", ki67_pct=3)).case
    moved = store.save(new_case(patient_label="Moved", differentiation="well", ki67_pct=3)).case
    fresh = store.save(new_case(patient_label="Fresh")).case
    points.record(same)
    # An older KB's snapshot of "Moved" that recorded other statuses than today's engine gives.
    snap = points.record(moved).snapshot.to_json()
    snap["knowledge_base"] = "NELM-KB 0.9"
    snap["evaluation"]["options"]["ssa"]["status"] = "not_indicated"
    points.record(moved, snapshot=Snapshot.from_json(snap), now=datetime(2099, 1, 1, tzinfo=UTC))
    out = run(data, "reevaluate", "--changed")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.strip().splitlines()
    assert len(lines) == 2 and lines[0].startswith("Moved") and "knowledge base" in lines[0]
    assert f"Somatostatin analogues (SSA): {STATUS_SHORT['not_indicated']} ->" in lines[0]
    assert "3 case(s): 1 changed, 1 unchanged, 1 without a time point" in lines[1]
    full = json.loads(run(data, "reevaluate", "--format", "json").stdout)
    outcomes = {c["patient_label"]: c["outcome"] for c in full["cases"]}
    assert outcomes == {"Same": "unchanged", "Moved": "changed", "Fresh": "no_time_point"}
    assert fresh.case_id in {c["case_id"] for c in full["cases"]}


def test_reevaluate_sees_facts_changed_since_the_time_point(tmp_path):
    data = tmp_path / "data"
    store = CaseStore(data)
    loaded = store.save(new_case(patient_label="Grew", differentiation="well", ki67_pct=3))
    TimePoints(data).record(loaded.case)
    store.save(loaded.case.model_copy(update={"ki67_pct": 30.0}), loaded.file_hash)
    out = run(data, "reevaluate")
    assert "Grew" in out.stdout and "(facts)" in out.stdout


def test_an_unchanged_case_is_recognised_by_its_file_hash_without_loading_it(tmp_path):
    from nelm_desktop.cli.timeline import declared_hash
    from nelm_desktop.core.timeline import reevaluate_library

    store = CaseStore(tmp_path)
    points = TimePoints(tmp_path)
    kept = store.save(new_case(patient_label="Kept", differentiation="well", ki67_pct=3))
    edited = store.save(new_case(patient_label="Edited", differentiation="well", ki67_pct=3))
    points.record(kept.case)
    points.record(edited.case)
    store.save(edited.case.model_copy(update={"ki67_pct": 30.0}), edited.file_hash)
    loaded: list[str] = []

    def loader(case_id):
        def load():
            loaded.append(case_id)
            return store.load(case_id).case

        return load

    summaries = store.list_cases()
    paths = {s.case_id: s.path for s in summaries}
    result = reevaluate_library(
        ((s.case_id, s.patient_label, loader(s.case_id)) for s in summaries),
        points,
        file_hash=lambda case_id: declared_hash(paths[case_id]),
    )
    outcomes = {o.patient_label: o.outcome for o in result.outcomes}
    assert outcomes == {"Kept": "unchanged", "Edited": "changed"}
    assert loaded == [edited.case.case_id]  # the unchanged case was never loaded
