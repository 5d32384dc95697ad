"""The decision record's rules: snapshot, deviation reasons, sign-off, amendments (issue #15 item 4)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from nelm_desktop.core.board import decisions as rules
from nelm_desktop.core.board.model import ChosenOption
from nelm_desktop.core.board.stamping import BoardRecordError
from nelm_desktop.core.engine import evaluate
from nelm_desktop.core.store.audit import entry_hash
from tests.board.board_helpers import decision_for, library


def test_snapshot_holds_facts_evaluation_and_kb_and_is_sealed(tmp_path):
    _cases, _board, saved, meeting = library(tmp_path)
    d = decision_for(meeting, saved[0])
    snap = d.snapshot
    assert snap.case["ki67_pct"] == 1.5 and snap.case["case_id"] == saved[0].case_id
    assert snap.knowledge_base == evaluate(saved[0]).knowledge_base
    assert snap.statuses()["resection"] == "recommended"
    assert len(snap.statuses()) == 16
    assert rules.snapshot_intact(snap)
    tampered = snap.model_copy(update={"case": {**snap.case, "ki67_pct": 30.0}})
    assert not rules.snapshot_intact(tampered)
    assert any("snapshot" in p for p in rules.problems(d.model_copy(update={"snapshot": tampered})))


def test_later_case_edits_never_change_the_stored_decision(tmp_path):
    cases, board, saved, meeting = library(tmp_path)
    board.save_decision(decision_for(meeting, saved[0]), None)
    loaded = cases.load(saved[0].case_id)
    cases.save(
        loaded.case.model_copy(update={"ki67_pct": 25.0, "differentiation": "poorly"}), loaded.file_hash
    )
    stored = board.load_decision(meeting.meeting_id, saved[0].case_id)
    assert stored is not None
    assert stored.record.snapshot.case["ki67_pct"] == 1.5
    assert stored.record.snapshot.statuses()["resection"] == "recommended"
    assert evaluate(cases.load(saved[0].case_id).case).option("resection").status != "recommended"


def test_the_store_refuses_a_changed_snapshot(tmp_path):
    _cases, board, saved, meeting = library(tmp_path)
    first = board.save_decision(decision_for(meeting, saved[0]), None)
    edited_case = saved[0].model_copy(update={"ki67_pct": 9.0})
    other = decision_for(meeting, edited_case)
    attempt = first.record.model_copy(update={"snapshot": other.snapshot})
    with pytest.raises(BoardRecordError, match="snapshot"):
        board.save_decision(attempt, first.file_hash)
    # before sign-off the board may explicitly re-record on today's facts
    again = board.save_decision(attempt, first.file_hash, new_snapshot=True)
    assert again.record.snapshot.case["ki67_pct"] == 9.0


def test_contraindicated_or_not_indicated_choice_requires_a_deviation_reason(tmp_path):
    _cases, board, saved, meeting = library(tmp_path)
    statuses = decision_for(meeting, saved[0]).snapshot.statuses()
    assert statuses["tace"] == "not_indicated"
    d = decision_for(meeting, saved[0], options=[ChosenOption(modality="tace", intent="palliative")])
    found = rules.problems(d)
    assert any("deviation from the source algorithm" in p and "TACE" in p for p in found)
    with pytest.raises(BoardRecordError):
        board.save_decision(d, None)
    assert board.load_decision(meeting.meeting_id, saved[0].case_id) is None
    ok = d.model_copy(
        update={
            "options": [
                ChosenOption(
                    modality="tace", intent="palliative", deviation_reason="Patient declines surgery"
                )
            ]
        }
    )
    saved_decision = board.save_decision(ok, None).record
    assert rules.deviation(saved_decision, saved_decision.options[0]) == "not_indicated"
    assert any(
        "DEVIATION" in line and "Patient declines surgery" in line
        for line in rules.plan_lines(saved_decision)
    )


def test_an_empty_decision_and_a_duplicate_option_are_refused(tmp_path):
    _cases, _board, saved, meeting = library(tmp_path)
    assert rules.problems(decision_for(meeting, saved[0], options=[])) == [
        "Choose at least one option or describe the other plan"
    ]
    assert rules.problems(decision_for(meeting, saved[0], options=[], other="Watch and wait, re-image")) == []
    twice = [ChosenOption(modality="resection", intent="curative")] * 2
    assert any("twice" in p for p in rules.problems(decision_for(meeting, saved[0], options=twice)))


def test_sequence_orders_the_plan(tmp_path):
    _cases, _board, saved, meeting = library(tmp_path)
    d = decision_for(
        meeting,
        saved[0],
        options=[
            ChosenOption(modality="resection", intent="curative", sequence=2),
            ChosenOption(modality="ssa", intent="symptom_control", sequence=1, deviation_reason="Symptoms"),
        ],
    )
    lines = rules.plan_lines(d)
    assert lines[0].startswith("1. Somatostatin analogues") and "symptom control intent" in lines[0]
    assert lines[1].startswith("2. Liver resection")


def test_sign_off_locks_and_amendment_needs_a_reason_and_is_audited(tmp_path):
    _cases, board, saved, meeting = library(tmp_path)
    first = board.save_decision(decision_for(meeting, saved[0]), None)
    with pytest.raises(BoardRecordError, match="clinician"):
        board.sign_off_decision(meeting.meeting_id, saved[0].case_id, "  ", first.file_hash)
    signed = board.sign_off_decision(meeting.meeting_id, saved[0].case_id, "Dr Cut", first.file_hash)
    assert signed.record.sign_off is not None and signed.record.sign_off.clinician == "Dr Cut"
    # a plain save after sign-off is refused, whatever it changes
    later = signed.record.model_copy(update={"rationale": "changed quietly"})
    with pytest.raises(BoardRecordError, match="signed off"):
        board.save_decision(later, signed.file_hash)
    with pytest.raises(BoardRecordError, match="reason"):
        board.amend_decision(later, "  ", signed.file_hash)
    with pytest.raises(BoardRecordError, match="cannot change"):
        board.amend_decision(later.model_copy(update={"recorded_by": "someone"}), "typo", signed.file_hash)
    amended = board.amend_decision(
        later.model_copy(update={"follow_up": date(2027, 3, 1)}),
        "Follow-up date agreed after the meeting",
        signed.file_hash,
    )
    record = amended.record
    assert record.rationale == "changed quietly" and record.follow_up == date(2027, 3, 1)
    assert record.amendments[-1].reason == "Follow-up date agreed after the meeting"
    assert record.amendments[-1].changed == ["rationale", "follow_up"]
    assert record.sign_off == signed.record.sign_off  # still signed
    assert record.snapshot == first.record.snapshot
    actions = [(r.model_extra or {}).get("action") for r in record.revisions]
    assert actions == ["created", "signed-off", "amended"]
    assert (record.revisions[-1].model_extra or {}).get("reason") == "Follow-up date agreed after the meeting"
    # the chain links and every entry hashes to itself
    prev = ""
    for revision in record.revisions:
        entry = revision.model_dump(mode="json")
        assert revision.prev_hash == prev and entry_hash(entry) == revision.hash
        prev = revision.hash
    # the file on disk says the same
    raw = json.loads(amended.path.read_text())
    assert raw["record"]["amendments"][0]["reason"] == "Follow-up date agreed after the meeting"
    assert len(board.backups("decision", record.decision_id)) == 2


def test_sign_off_refuses_a_decision_without_responsible_clinician(tmp_path):
    _cases, board, saved, meeting = library(tmp_path)
    first = board.save_decision(decision_for(meeting, saved[0], responsible_clinician=""), None)
    with pytest.raises(BoardRecordError, match="responsible clinician"):
        board.sign_off_decision(meeting.meeting_id, saved[0].case_id, "Dr Cut", first.file_hash)
