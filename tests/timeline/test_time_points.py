"""Time points kept as private files in the library: snapshot content, order, decisions once, damage,
knowledge-base change, and export/import with their case."""

from __future__ import annotations

import json
import os
import stat
import zipfile
from datetime import UTC, datetime

import pytest

from nelm_desktop.core.engine import evaluate
from nelm_desktop.core.model import Lesion, new_case
from nelm_desktop.core.sources import KNOWLEDGE_BASE_VERSION
from nelm_desktop.core.store import CaseStore
from nelm_desktop.core.timeline import TimePointError, TimePoints, knowledge_base_change, snapshot_of
from nelm_desktop.core.timeline.snapshot import Snapshot


def _case(**facts):
    return new_case(
        patient_label="TP-1",
        differentiation="well",
        ki67_pct=4,
        lesions=[Lesion(segment="VI", size_cm=3.0, count=1)],
        **facts,
    )


def test_a_time_point_keeps_facts_evaluation_and_kb_in_a_private_file(tmp_path):
    store = CaseStore(tmp_path)
    case = store.save(_case()).case
    points = TimePoints(tmp_path)
    point = points.record(case, label="before PRRT", follow_up="2027-01-15")
    path = tmp_path / "timepoints" / case.case_id / f"{point.point_id}.json"
    data = json.loads(path.read_text())
    assert data["snapshot"]["knowledge_base"] == KNOWLEDGE_BASE_VERSION
    assert data["snapshot"]["facts"]["ki67_pct"] == 4
    assert "revisions" not in data["snapshot"]["facts"]
    statuses = {m: o["status"] for m, o in data["snapshot"]["evaluation"]["options"].items()}
    assert statuses == evaluate(case).statuses()
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
        assert stat.S_IMODE((tmp_path / "timepoints").stat().st_mode) == 0o700
    again = points.latest(case.case_id)
    assert again is not None and again.label == "before PRRT" and again.follow_up == "2027-01-15"
    assert again.snapshot.statuses == statuses


def test_points_are_listed_oldest_first_and_a_decision_is_kept_once(tmp_path):
    case = _case()
    points = TimePoints(tmp_path)
    first = points.record(case, now=datetime(2026, 1, 5, 10, tzinfo=UTC))
    decision = points.record(
        case, kind="decision", ref="dec-1", label="PRRT", now=datetime(2026, 3, 1, tzinfo=UTC)
    )
    same = points.record(case, kind="decision", ref="dec-1", label="PRRT again")
    assert same.point_id == decision.point_id and same.label == "PRRT"
    assert [p.point_id for p in points.points(case.case_id)] == [first.point_id, decision.point_id]
    with pytest.raises(TimePointError, match="decision's id"):
        points.record(case, kind="decision")
    with pytest.raises(TimePointError, match="YYYY-MM-DD"):
        points.record(case, follow_up="15/01/2027")


def test_a_damaged_time_point_is_skipped_and_named_never_hiding_the_others(tmp_path):
    case = _case()
    points = TimePoints(tmp_path)
    good = points.record(case, now=datetime(2026, 1, 5, tzinfo=UTC))
    bad = tmp_path / "timepoints" / case.case_id / "20260301T000000.000000Z.json"
    bad.write_text("{not json")
    assert points.latest(case.case_id).point_id == good.point_id
    assert any("20260301T000000.000000Z" in p for p in points.problems)
    assert [p.point_id for p in points.points(case.case_id)] == [good.point_id]


def test_knowledge_base_change_names_the_statuses_the_new_kb_changes(tmp_path):
    case = _case()
    points = TimePoints(tmp_path)
    point = points.record(case)
    assert knowledge_base_change(point) is None  # same KB: nothing to show
    # The time point as an older app would have kept it: another KB version, and PRRT recorded differently.
    data = point.snapshot.to_json()
    data["knowledge_base"] = "NELM-KB 0.9"
    data["evaluation"]["options"]["prrt"]["status"] = "contraindicated"
    old = Snapshot.from_json(data)
    older_point = type(point)(point.case_id, point.point_id, point.taken_at, point.kind, old)
    change = knowledge_base_change(older_point)
    assert change is not None and change.old_version == "NELM-KB 0.9"
    assert [(c.modality, c.before, c.after) for c in change.changes] == [
        ("prrt", "contraindicated", evaluate(case).option("prrt").status)
    ]
    assert "NELM-KB 0.9 -> " in change.lines()[0]


def test_snapshot_facts_round_trip_to_the_same_statuses():
    case = _case(ecog=1)
    snap = snapshot_of(case)
    back = Snapshot.from_json(json.loads(json.dumps(snap.to_json())))
    assert back == snap
    assert snapshot_of(back.case()).statuses == snap.statuses


def test_time_points_travel_with_their_case_in_an_export(tmp_path):
    old, new = CaseStore(tmp_path / "old"), CaseStore(tmp_path / "new")
    case = old.save(_case()).case
    point = TimePoints(old.root).record(case, label="board 1", follow_up="2027-02-01")
    out = tmp_path / "lib.zip"
    old.export_library(out)
    with zipfile.ZipFile(out) as archive:
        assert f"timepoints/{case.case_id}/{point.point_id}.json" in archive.namelist()
    report = new.import_path(out)
    assert report.imported == [case.case_id] and not report.problems
    imported = TimePoints(new.root).points(case.case_id)
    assert [(p.point_id, p.label, p.follow_up) for p in imported] == [
        (point.point_id, "board 1", "2027-02-01")
    ]
    assert imported[0].snapshot == point.snapshot
    # Importing again: the case is a duplicate and no time point is doubled.
    again = new.import_path(out)
    assert again.duplicates == [case.case_id]
    assert len(TimePoints(new.root).points(case.case_id)) == 1


def test_a_changed_case_imported_as_a_copy_brings_its_time_points_under_the_new_id(tmp_path):
    old, new = CaseStore(tmp_path / "old"), CaseStore(tmp_path / "new")
    case = old.save(_case()).case
    new.save(case.model_copy(update={"notes": "different here"}))
    TimePoints(old.root).record(case, label="from the other clinic")
    out = tmp_path / "lib.zip"
    old.export_library(out)
    report = new.import_path(out)
    [(original, copy_id)] = report.copies
    assert original == case.case_id
    assert [p.label for p in TimePoints(new.root).points(copy_id)] == ["from the other clinic"]
    assert TimePoints(new.root).points(case.case_id) == []


def test_a_board_decision_snapshot_registers_as_a_time_point(tmp_path):
    """A decision freezes the saved case payload and the engine's public JSON; registering it needs no
    new evaluation and keeps the same statuses."""
    from nelm_desktop.core.timeline.snapshot import case_facts, snapshot_from_public

    case = _case()
    ev = evaluate(case)
    snap = snapshot_from_public(case.model_dump(mode="json"), ev.to_public_json())
    assert snap.statuses == ev.statuses() and snap.knowledge_base == ev.knowledge_base
    assert snap.facts == case_facts(case) and snap.grade == ev.grade.grade
    point = TimePoints(tmp_path).record(case, kind="decision", ref="m1--" + case.case_id, snapshot=snap)
    assert TimePoints(tmp_path).latest(case.case_id).snapshot == point.snapshot
