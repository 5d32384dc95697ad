"""Record the board's decision on one agenda case, from the meetings window or the presentation: the
case window's unsaved edits are saved first (or nothing happens), then the decision dialog opens on
the case as saved."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from nelm_desktop.core.board.model import Meeting
from nelm_desktop.core.board.store import BoardStore
from nelm_desktop.core.store import CaseStore, StoreError
from nelm_desktop.core.validation_messages import visible
from nelm_desktop.ui.board.unsaved_edits import OpenCaseEdits, saved_before_deciding


def _saved_label(cases: CaseStore, case_id: str) -> str:
    """The case's label as saved ("" when unreadable: the load that follows explains the problem)."""
    try:
        return cases.load(case_id).case.patient_label or ""
    except StoreError:
        return ""


def record_decision(
    parent: QWidget,
    cases: CaseStore,
    board: BoardStore,
    meeting: Meeting,
    case_id: str,
    user: str,
    open_case: OpenCaseEdits | None = None,
) -> bool:
    """Open the decision dialog for one agenda case (on the case as saved). True when something was
    saved. Unsaved edits of the case in the case window (`open_case`) are saved first, or nothing
    happens: the snapshot must be what is saved."""
    from nelm_desktop.core.board.decisions import new_decision
    from nelm_desktop.core.engine import evaluate
    from nelm_desktop.ui.board.decision_dialog import DecisionDialog

    if not saved_before_deciding(parent, open_case, case_id, _saved_label(cases, case_id)):
        return False
    try:
        case = cases.load(case_id).case
        existing = board.load_decision(meeting.meeting_id, case_id)
    except StoreError as exc:
        QMessageBox.warning(parent, "Cannot record the decision", str(exc))
        return False
    draft = new_decision(meeting.meeting_id, case, evaluate(case), user)
    dialog = DecisionDialog(board, draft, existing, user, visible(case.patient_label) or case_id, parent)
    dialog.exec()
    return dialog.saved is not None
