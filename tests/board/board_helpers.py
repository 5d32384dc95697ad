"""Shared set-up for the board tests: a library with cases and a meeting."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from nelm_desktop.core.board.decisions import new_decision
from nelm_desktop.core.board.model import AgendaItem, Attendee, ChosenOption, Decision, Meeting
from nelm_desktop.core.board.store import BoardStore
from nelm_desktop.core.engine import evaluate
from nelm_desktop.core.model import Case, Lesion, new_case
from nelm_desktop.core.store import CaseStore


def type_i_case(**overrides: Any) -> Case:
    """Type I, G1, FLR 72 %: resection is first line; TACE and PRRT are not indicated."""
    facts: dict[str, Any] = dict(
        patient_label="BT-1",
        age_years=60,
        primary_site="small_intestine",
        primary_resected="yes",
        differentiation="well",
        ki67_pct=1.5,
        functional_syndrome="no",
        tumour_burden_symptoms="no",
        lesions=[Lesion(segment="VI", size_cm=3.2, count=1)],
        hepatic_involvement_pct=4,
        flr_pct=72,
        extrahepatic_disease="none",
        sstr_imaging="positive",
        ecog=0,
        fit_for_major_surgery="yes",
    )
    facts.update(overrides)
    return new_case(**facts)


def library(root: Path, n_cases: int = 2) -> tuple[CaseStore, BoardStore, list[Case], Meeting]:
    cases = CaseStore(root)
    saved = [cases.save(type_i_case(patient_label=f"BT-{i}")).case for i in range(n_cases)]
    board = BoardStore(root)
    meeting = Meeting(
        board_name="NET tumour board",
        starts_at=datetime(2026, 12, 10, 16, 0),
        location="Room 2",
        attendees=[Attendee(name="Dr Cut", role="Surgeon"), Attendee(name="Dr Dose", role="Oncologist")],
        agenda=[AgendaItem(case_id=c.case_id, question="Resectable?", presenter="Dr Cut") for c in saved],
    )
    board.create_meeting(meeting)
    return cases, board, saved, meeting


def decision_for(meeting: Meeting, case: Case, **fields: Any) -> Decision:
    decision = new_decision(meeting.meeting_id, case, evaluate(case), "tester")
    defaults: dict[str, Any] = dict(
        options=[ChosenOption(modality="resection", intent="curative", sequence=1)],
        rationale="Type I, FLR sufficient.",
        responsible_clinician="Dr Cut",
    )
    defaults.update(fields)
    return decision.model_copy(update=defaults)


def store_meeting_as_written(root: Path, meeting_id: str, **changes: Any) -> None:
    """Another program (or an older app) writes the meeting with `changes`, past the store's checks
    of new input (a year 0001 date): the file as a reader finds it, whole and checksummed."""
    from nelm_desktop.core.board import files
    from nelm_desktop.core.fileio import atomic_write_bytes

    board = BoardStore(root)
    meeting = board.load_meeting(meeting_id).record.model_copy(update=changes)
    atomic_write_bytes(board.path("meeting", meeting_id), files.encode("meeting", meeting))
