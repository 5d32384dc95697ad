"""Gather a meeting's cases, evaluations and decisions for the board outputs (agenda, pack, minutes)."""

from __future__ import annotations

from datetime import date

from nelm_desktop.core.board.model import Meeting
from nelm_desktop.core.board.store import BoardStore
from nelm_desktop.core.board.synopsis import BoardPack, PackItem
from nelm_desktop.core.engine import evaluate
from nelm_desktop.core.store import CaseStore, StoreError


def gather(meeting: Meeting, cases: CaseStore, board: BoardStore, today: date | None = None) -> BoardPack:
    statuses = board.statuses(today)
    pack = BoardPack(meeting, [])
    for number, item in enumerate(meeting.agenda, start=1):
        case = evaluation = None
        try:
            case = cases.load(item.case_id).case
            evaluation = evaluate(case)
        except StoreError as exc:
            pack.problems.append(f"agenda item {number}: {exc}")
        loaded = board.load_decision(meeting.meeting_id, item.case_id)
        pack.items.append(
            PackItem(
                number=number,
                item=item,
                case=case,
                evaluation=evaluation,
                decision=loaded.record if loaded else None,
                status=statuses.get(item.case_id, "to_prepare"),
            )
        )
    return pack
