"""The demo meeting (issue #15): three demo cases on today's NET tumour board, the first decided and
signed off, the second ready for discussion, the third still being prepared (facts missing)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from nelm_desktop.core.board.decisions import new_decision
from nelm_desktop.core.board.model import AgendaItem, Attendee, ChosenOption, Meeting
from nelm_desktop.core.board.store import BoardStore
from nelm_desktop.core.engine import evaluate
from nelm_desktop.core.store import CaseStore, StoreError

DEMO_MEETING_ID = "00000000-0000-4000-8000-0000000000b1"
DEMO_DECIDED = "00000000-0000-4000-8000-000000000001"
DEMO_READY = "00000000-0000-4000-8000-000000000002"
DEMO_PREPARING = "00000000-0000-4000-8000-000000000005"


def demo_meeting(today: date) -> Meeting:
    return Meeting(
        meeting_id=DEMO_MEETING_ID,
        board_name="NET tumour board (DEMO)",
        starts_at=datetime.combine(today, time(16, 0)),
        location="Seminar room 2, surgery building",
        demo=True,
        attendees=[
            Attendee(name="Dr A. Demo", role="Surgeon"),
            Attendee(name="Dr B. Demo", role="Oncologist"),
            Attendee(name="Dr C. Demo", role="Radiologist"),
            Attendee(name="Dr D. Demo", role="Nuclear medicine"),
            Attendee(name="Dr E. Demo", role="Pathologist"),
            Attendee(name="F. Demo", role="Nurse"),
        ],
        agenda=[
            AgendaItem(
                case_id=DEMO_DECIDED, question="Resectable? Curative resection?", presenter="Dr A. Demo"
            ),
            AgendaItem(
                case_id=DEMO_READY,
                question="Two-stage resection or debulking plus liver-directed therapy?",
                presenter="Dr C. Demo",
            ),
            AgendaItem(
                case_id=DEMO_PREPARING,
                question="Which work-up is missing before a plan?",
                presenter="Dr B. Demo",
            ),
        ],
    )


def seed_demo_meeting(cases: CaseStore, board: BoardStore, today: date | None = None) -> bool:
    """Add the demo meeting (once) when its three demo cases are in the library. True if added."""
    today = today or date.today()
    present = {s.case_id for s in cases.list_cases()}
    if not {DEMO_DECIDED, DEMO_READY, DEMO_PREPARING} <= present:
        return False
    if any(m.meeting_id == DEMO_MEETING_ID for m in board.list_meetings()):
        return False
    try:
        board.create_meeting(demo_meeting(today))
        case = cases.load(DEMO_DECIDED).case
        decision = new_decision(DEMO_MEETING_ID, case, evaluate(case), "demo").model_copy(
            update={
                "options": [ChosenOption(modality="resection", intent="curative", sequence=1)],
                "rationale": "Single type I metastasis in segment VI, G1, FLR 72 %, fit: resection with curative "
                "intent, as the source algorithm's first line.",
                "dissent": "",
                "follow_up": today + timedelta(days=91),
                "responsible_clinician": "Dr A. Demo",
            }
        )
        saved = board.save_decision(decision, None)
        board.sign_off_decision(DEMO_MEETING_ID, DEMO_DECIDED, "Dr A. Demo", saved.file_hash)
        board.set_status(DEMO_READY, "ready")
        board.set_status(DEMO_PREPARING, "to_prepare")
    except StoreError:
        return False
    return True
