"""What the library panel needs from the board (statuses, groups, filter choices), and which meeting
View > Present meeting opens. Plain functions over `BoardStore` (no widgets)."""

from __future__ import annotations

from datetime import date

from nelm_desktop.core.board.model import BOARD_STATUS_LABELS, BOARD_STATUSES, Meeting
from nelm_desktop.core.board.store import BoardStore, Loaded


def board_view(
    board: BoardStore, case_ids: list[str], today: date | None = None
) -> tuple[dict[str, str], dict[str, int], list[tuple[str, frozenset[str]]]]:
    """(status label per case past "to prepare", group order per case, filter choices) for the cases
    in the library; a case without a board file is "to prepare"."""
    # Most cases have no board file ("to prepare"): the loops run over the board's cases, the
    # library's ids go through C-level set and dict builders (~20 -> ~5 ms at 50,000 cases).
    listed = frozenset(case_ids)
    stored = {case_id: s for case_id, s in board.statuses(today).items() if case_id in listed}
    first = BOARD_STATUSES[0]  # "to_prepare"
    # "To prepare" is every case's start: labelling each row with it would only be noise.
    labels = {case_id: BOARD_STATUS_LABELS[s] for case_id, s in stored.items() if s != first}
    rank = dict.fromkeys(case_ids, 0)
    rank.update((case_id, BOARD_STATUSES.index(s)) for case_id, s in stored.items())
    choices: list[tuple[str, frozenset[str]]] = []
    for status in BOARD_STATUSES:
        if status == first:
            ids = listed.difference(labels)
        else:
            ids = frozenset(case_id for case_id, s in stored.items() if s == status)
        choices.append((f"Board: {BOARD_STATUS_LABELS[status]} ({len(ids)})", ids))
    for meeting in board.list_meetings():
        ids = frozenset(item.case_id for item in meeting.agenda)
        choices.append((f"Meeting: {meeting.title} ({len(ids)})", ids))
    return labels, rank, choices


def meeting_to_present(board: BoardStore, today: date | None = None) -> Loaded[Meeting] | None:
    """Today's meeting, else the next one, else the most recent."""
    today = today or date.today()
    meetings = board.list_meetings()  # newest first
    if not meetings:
        return None
    upcoming = [m for m in meetings if m.starts_at.date() >= today]
    chosen = min(upcoming, key=lambda m: m.starts_at) if upcoming else meetings[0]
    return board.load_meeting(chosen.meeting_id)
