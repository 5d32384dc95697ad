"""`nelm-desktop board list | show MEETING | agenda|pack|minutes MEETING -o X.pdf | note CASE`.

MEETING is a meeting id (or its first characters) or its date (YYYY-MM-DD); CASE a case id (or its first
characters) or its exact label. Reads the library the app uses. Bad input exits 2, one line per problem.
"""

from __future__ import annotations

import sys
from pathlib import Path

from nelm_desktop.cli import EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, print_problems
from nelm_desktop.cli.outputs import pdf_output_problem
from nelm_desktop.core.board.model import BOARD_STATUS_LABELS, Meeting
from nelm_desktop.core.board.store import BoardStore, Loaded, MeetingNotFoundError
from nelm_desktop.core.search import composed
from nelm_desktop.core.store import CaseStore, StoreError
from nelm_desktop.core.store.errors import describe_write_error
from nelm_desktop.core.validation_messages import visible, visible_line


def print_visible(line: str) -> None:
    """A record's text on the terminal: a control character read from a file (an escape sequence
    could recolour or retitle the terminal, or hide the rest of the line) is written out as [U+001B]."""
    print(visible(line))


def _stores() -> tuple[CaseStore, BoardStore]:
    from nelm_desktop.cli.library import library_store

    cases = library_store()
    return cases, BoardStore(cases.root)


def _labels(cases: CaseStore) -> dict[str, str]:
    # One line each, whatever a file holds: a label's line break printed a line of its own.
    return {s.case_id: visible_line(s.patient_label) or "(no label)" for s in cases.list_cases()}


def run_list() -> int:
    try:
        cases, board = _stores()
        meetings = board.list_meetings()
        labels = _labels(cases)
    except StoreError as exc:
        print_problems([str(exc)])
        return EXIT_FAILURE
    unread = list(board.skipped.get("meeting", {}).values())
    if not meetings:
        print(f"No meetings in {cases.root}" + (" that could be read" if unread else ""))
    for m in meetings:
        decided = len(board.decisions(meeting_id=m.meeting_id))
        missing = sum(1 for item in m.agenda if item.case_id not in labels)
        extra = f", {missing} case(s) not in this library" if missing else ""
        print_visible(
            f"{m.meeting_id}  {m.starts_at.isoformat(' ', 'minutes')}  {m.board_name}  "
            f"{len(m.agenda)} case(s), {decided} decided{extra}"
        )
    if unread:  # as an incomplete export: listed what could be read, named the rest, exit 1
        print_problems([*unread, f"{len(unread)} meeting file(s) could not be read and are not listed"])
        return EXIT_FAILURE
    return EXIT_OK


def _meeting(board: BoardStore, text: str) -> Loaded[Meeting] | None:
    """The meeting `text` names; None (its line printed) when none matches: bad input, exit 2. A meeting
    file that cannot be read raises StoreError (exit 1: the machine, not the input)."""
    try:
        return board.find_meeting(text)
    except MeetingNotFoundError as exc:
        print_problems([str(exc)])
        return None


def show_text(meeting: Meeting, board: BoardStore, labels: dict[str, str]) -> str:
    from nelm_desktop.core.board.decisions import plan_lines
    from nelm_desktop.core.board.notes import sign_off_line

    statuses = board.statuses()
    lines = [meeting.title + ("  [DEMO]" if meeting.demo else ""), f"Meeting id: {meeting.meeting_id}"]
    lines.append(f"Location: {meeting.location or 'not set'}")
    if meeting.attendees:
        lines.append("Attendees: " + "; ".join(f"{a.name} ({a.role})" for a in meeting.attendees))
    lines.append("Agenda:")
    for number, item in enumerate(meeting.agenda, start=1):
        label = labels.get(item.case_id, "(case not in this library)")
        status = BOARD_STATUS_LABELS[statuses.get(item.case_id, "to_prepare")]
        lines.append(f"  {number}. {label}  [{status}]  case {item.case_id}")
        if item.question:
            lines.append(f"     Question: {item.question}")
        if item.presenter:
            lines.append(f"     Presenter: {item.presenter}")
        loaded = board.load_decision(meeting.meeting_id, item.case_id)
        if loaded is not None:
            lines.append("     Decision: " + " / ".join(plan_lines(loaded.record)))
            lines.append(f"     {sign_off_line(loaded.record)}")
    return "\n".join(lines) + "\n"


def run_show(meeting_text: str) -> int:
    try:
        cases, board = _stores()
        loaded = _meeting(board, meeting_text)
        if loaded is None:
            return EXIT_BAD_INPUT
        sys.stdout.write(visible(show_text(loaded.record, board, _labels(cases))))
    except StoreError as exc:
        print_problems([str(exc)])
        return EXIT_FAILURE
    return EXIT_OK


def _find_case(cases: CaseStore, text: str) -> str | None:
    summaries = cases.list_cases()
    label = composed(text)  # "José" typed finds the "José" stored decomposed; two such cases both match
    exact = [s.case_id for s in summaries if s.case_id == text or composed(s.patient_label) == label]
    found = exact or [s.case_id for s in summaries if len(text) >= 4 and s.case_id.startswith(text)]
    if len(found) == 1:
        return found[0]
    if not found:
        print_problems([f"{text}: no such case in the library (give its id or exact label)"])
    else:
        print_problems([f"{text}: {len(found)} cases match; give the case id"])
    return None


def run_note(case_text: str, meeting_text: str | None) -> int:
    from nelm_desktop.core.board.notes import clinical_note

    try:
        cases, board = _stores()
        case_id = _find_case(cases, case_text)
        meeting = None
        if meeting_text is not None:
            meeting = _meeting(board, meeting_text)
            if meeting is None:
                return EXIT_BAD_INPUT
        if case_id is None:
            return EXIT_BAD_INPUT
        decisions = board.decisions(case_id=case_id)
        if meeting is not None:
            decisions = [d for d in decisions if d.meeting_id == meeting.record.meeting_id]
        if not decisions:
            print_problems([f"{case_text}: the board has recorded no decision for this case"])
            return EXIT_BAD_INPUT
        decision = decisions[0]
        if meeting is None:
            try:
                meeting = board.load_meeting(decision.meeting_id)
            except StoreError:
                meeting = None
        sys.stdout.write(
            visible(
                clinical_note(decision, meeting.record if meeting else None, _labels(cases).get(case_id, ""))
            )
        )
    except StoreError as exc:
        print_problems([str(exc)])
        return EXIT_FAILURE
    return EXIT_OK


def run_document(kind: str, meeting_text: str, output: str, paper: str) -> int:
    """`board agenda|pack|minutes MEETING -o OUT.pdf`."""
    out = Path(output).expanduser()
    problems = [p for p in (pdf_output_problem(out),) if p]
    try:
        cases, board = _stores()
        meeting = board.find_meeting(meeting_text)
    except MeetingNotFoundError as exc:
        problems.append(str(exc))
        meeting = None
    except StoreError as exc:  # the library or the meeting's file cannot be read: not the input
        print_problems([*problems, str(exc)])
        return EXIT_BAD_INPUT if problems else EXIT_FAILURE
    if problems or meeting is None:
        print_problems(problems)
        return EXIT_BAD_INPUT
    from nelm_desktop.core.board.outputs import gather
    from nelm_desktop.core.report import ReportSettings
    from nelm_desktop.core.report.board import write_board_document
    from nelm_desktop.core.report.fonts import FontMissingError
    from nelm_desktop.core.settings import load_settings

    try:
        pack = gather(meeting.record, cases, board)
        write_board_document(kind, pack, out, paper, ReportSettings.from_settings(load_settings()))  # type: ignore[arg-type]
    except FontMissingError as exc:
        print_problems([str(exc)])
        return EXIT_FAILURE
    except StoreError as exc:
        print_problems([str(exc)])
        return EXIT_FAILURE
    except OSError as exc:
        print_problems([describe_write_error(out, exc)])
        return EXIT_FAILURE
    for problem in pack.problems:
        print_problems([problem])
    print(f"wrote {out}", file=sys.stderr)
    return EXIT_OK
