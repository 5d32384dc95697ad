"""The tumour-board room attacked as a hostile user would, with real keys, clicks and pastes: texts
longer than the record keeps, Esc / Close over unsaved edits, the same attendee added twice."""

from __future__ import annotations

import os
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from nelm_desktop.core.board.demo import DEMO_MEETING_ID, DEMO_READY
from nelm_desktop.core.board.store import BoardStore
from nelm_desktop.core.store import CaseStore
from nelm_desktop.ui.window.app import seed_demo_cases
from tests.board.board_helpers import store_meeting_as_written

Btn = QMessageBox.StandardButton


@pytest.fixture
def demo_store(store: CaseStore) -> CaseStore:
    seed_demo_cases(store)  # six demo cases and the demo meeting
    return store


def paste(qtbot: Any, widget: QWidget, text: str) -> None:
    """Ctrl+V of `text` into `widget` (what a user does with a long text from elsewhere)."""
    QGuiApplication.clipboard().setText(text)
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def open_decision(qtbot: Any, root: Any, case_id: str) -> Any:
    from nelm_desktop.core.board.decisions import new_decision
    from nelm_desktop.core.engine import evaluate
    from nelm_desktop.ui.board.decision_dialog import DecisionDialog

    cases, board = CaseStore(root), BoardStore(root)
    case = cases.load(case_id).case
    draft = new_decision(DEMO_MEETING_ID, case, evaluate(case), "tester")
    dialog = DecisionDialog(board, draft, board.load_decision(DEMO_MEETING_ID, case_id), "tester", "demo")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_an_overlong_deviation_reason_is_named_and_blocks_instead_of_crashing(
    qtbot: Any, demo_store: CaseStore
) -> None:
    dialog = open_decision(qtbot, demo_store.root, DEMO_READY)
    resection = dialog.rows["resection"]  # contraindicated for this demo case: a reason is required
    resection.check.setFocus()
    qtbot.keyClick(resection.check, Qt.Key.Key_Space)
    paste(qtbot, resection.reason, "r" * 1200)  # the record keeps 1,000 characters
    assert resection.reason.text() == "r" * 1200  # shown whole, never cut
    assert "deviation reason is 1,200 characters long; at most 1,000" in dialog.problems.text()
    assert not dialog.save_button.isEnabled()
    paste(qtbot, dialog.rationale, "y" * 4001)
    assert "Rationale is 4,001 characters long; at most 4,000" in dialog.problems.text()
    resection.reason.selectAll()
    qtbot.keyClicks(resection.reason, "Patient prefers surgery")
    dialog.rationale.selectAll()
    qtbot.keyClicks(dialog.rationale, "FLR 24 %")
    assert dialog.problems.text() == "" and dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    stored = BoardStore(demo_store.root).load_decision(DEMO_MEETING_ID, DEMO_READY)
    assert stored is not None and stored.record.options[0].deviation_reason == "Patient prefers surgery"


@pytest.mark.parametrize("leave", ["escape", "close_button"])
def test_leaving_the_decision_with_unsaved_edits_asks_and_cancel_keeps_them(
    qtbot: Any, demo_store: CaseStore, dialogs: Any, leave: str
) -> None:
    dialog = open_decision(qtbot, demo_store.root, DEMO_READY)
    qtbot.keyClicks(dialog.other, "Watch and wait")
    qtbot.keyClicks(dialog.rationale, "Slow growth over two years")

    def leave_dialog() -> None:
        if leave == "escape":
            qtbot.keyClick(dialog.other, Qt.Key.Key_Escape)
        else:
            close = next(b for b in dialog.findChildren(type(dialog.save_button)) if b.text() == "Close")
            qtbot.mouseClick(close, Qt.MouseButton.LeftButton)

    dialogs.answers.append(Btn.Cancel)
    leave_dialog()
    assert dialogs.titles() == ["Unsaved decision"]
    assert dialog.isVisible()
    assert dialog.other.text() == "Watch and wait"
    assert dialog.rationale.toPlainText() == "Slow growth over two years"
    leave_dialog()  # the default answer of the recorder: Discard
    assert not dialog.isVisible() and dialog.saved is None
    assert BoardStore(demo_store.root).load_decision(DEMO_MEETING_ID, DEMO_READY) is None


def test_an_untouched_decision_and_an_invalid_date_typed(
    qtbot: Any, demo_store: CaseStore, dialogs: Any
) -> None:
    dialog = open_decision(qtbot, demo_store.root, DEMO_READY)
    qtbot.keyClick(dialog.other, Qt.Key.Key_Escape)  # nothing typed: closes without a question
    assert not dialog.isVisible() and dialogs.asked == []
    dialog = open_decision(qtbot, demo_store.root, DEMO_READY)
    qtbot.keyClicks(dialog.follow_up, "2027-13-45")  # not a date: still something the user typed
    dialogs.answers.append(Btn.Cancel)
    qtbot.keyClick(dialog.follow_up, Qt.Key.Key_Escape)
    assert dialogs.titles() == ["Unsaved decision"] and dialog.isVisible()


def open_board(qtbot: Any, window: Any) -> Any:
    qtbot.keyClick(
        window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    bw = window.board.board_window
    assert bw is not None and bw.meeting is not None and bw.meeting.record.meeting_id == DEMO_MEETING_ID
    return bw


def attendees(root: Any) -> list[tuple[str, str]]:
    return [(a.name, a.role) for a in BoardStore(root).load_meeting(DEMO_MEETING_ID).record.attendees]


def test_an_overlong_attendee_name_or_role_is_named_and_kept_not_a_crash(
    qtbot: Any, demo_store: CaseStore, make_window: Any
) -> None:
    bw = open_board(qtbot, make_window())
    before = attendees(demo_store.root)
    paste(qtbot, bw.attendee_name, "A" * 200)  # the record keeps 120
    qtbot.keyClick(bw.attendee_name, Qt.Key.Key_Return)
    assert "attendee's name is 200 characters long; at most 120" in bw.message.text()
    assert bw.attendee_name.text() == "A" * 200 and attendees(demo_store.root) == before
    bw.attendee_name.selectAll()
    qtbot.keyClicks(bw.attendee_name, "Dr Long Role")
    role = bw.attendee_role.lineEdit()
    role.selectAll()
    paste(qtbot, role, "R" * 80)  # the record keeps 60
    qtbot.keyClick(bw.attendee_name, Qt.Key.Key_Return)
    assert "role is 80 characters long; at most 60" in bw.message.text()
    assert attendees(demo_store.root) == before


def test_the_same_attendee_twice_is_refused_and_remove_takes_one_row(
    qtbot: Any, demo_store: CaseStore, make_window: Any
) -> None:
    bw = open_board(qtbot, make_window())
    before = attendees(demo_store.root)
    for _ in range(2):  # Enter pressed twice with the same name typed again
        qtbot.keyClicks(bw.attendee_name, "Dr Twin")
        qtbot.keyClick(bw.attendee_name, Qt.Key.Key_Return)
    role = bw.attendee_role.currentText()
    assert attendees(demo_store.root) == [*before, ("Dr Twin", role)]
    assert "already listed" in bw.message.text()
    # a file written elsewhere may list someone twice: Remove takes the selected row only
    board = BoardStore(demo_store.root)
    board.update_meeting(
        DEMO_MEETING_ID, lambda m: m.model_copy(update={"attendees": [*m.attendees, m.attendees[-1]]})
    )
    bw.refresh()
    assert bw.attendees.rowCount() == len(before) + 2
    last = bw.attendees.visualItemRect(bw.attendees.item(len(before) + 1, 0)).center()
    qtbot.mouseClick(bw.attendees.viewport(), Qt.MouseButton.LeftButton, pos=last)
    remove = next(b for b in bw.findChildren(type(bw.new_button)) if b.text() == "Remove")
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    assert attendees(demo_store.root) == [*before, ("Dr Twin", role)]


def test_an_overlong_location_stays_in_the_field_and_is_not_saved(
    qtbot: Any, demo_store: CaseStore, make_window: Any, dialogs: Any
) -> None:
    bw = open_board(qtbot, make_window())
    saved = BoardStore(demo_store.root).load_meeting(DEMO_MEETING_ID).record.location
    bw.location.selectAll()
    paste(qtbot, bw.location, "L" * 130)  # the record keeps 120
    qtbot.keyClick(bw.location, Qt.Key.Key_Return)
    assert "location is 130 characters long; at most 120" in bw.message.text()
    assert bw.location.text() == "L" * 130  # shown as typed, to be shortened
    assert BoardStore(demo_store.root).load_meeting(DEMO_MEETING_ID).record.location == saved
    qtbot.keyClick(bw.location, Qt.Key.Key_Backspace)
    for _ in range(9):
        qtbot.keyClick(bw.location, Qt.Key.Key_Backspace)
    qtbot.keyClick(bw.location, Qt.Key.Key_Return)
    assert BoardStore(demo_store.root).load_meeting(DEMO_MEETING_ID).record.location == "L" * 120
    assert dialogs.asked == []


def edit_cell(qtbot: Any, bw: Any, row: int, column: int) -> Any:
    """Double-click an agenda cell and return its editor, text selected."""
    from PySide6.QtWidgets import QLineEdit

    cell = bw.agenda.visualItemRect(bw.agenda.item(row, column)).center()
    qtbot.mouseClick(bw.agenda.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    qtbot.mouseDClick(bw.agenda.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    editor = bw.agenda.viewport().findChild(QLineEdit)
    assert editor is not None
    editor.selectAll()
    return editor


def test_an_overlong_question_stays_visible_marked_and_blocks_until_shortened(
    qtbot: Any, demo_store: CaseStore, make_window: Any, dialogs: Any
) -> None:
    from nelm_desktop.ui.board.board_window import INVALID_FILL

    bw = open_board(qtbot, make_window())
    saved = BoardStore(demo_store.root).load_meeting(DEMO_MEETING_ID).record.agenda[0].question
    editor = edit_cell(qtbot, bw, 0, 2)
    paste(qtbot, editor, "Q" * 600)  # the record keeps 500
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "600 characters" in bw.message.text())
    assert "question to the board is 600 characters long; at most 500" in bw.message.text()
    assert "agenda.0" not in bw.message.text() and dialogs.asked == []
    cell = bw.agenda.item(0, 2)
    assert cell.text() == "Q" * 600 and cell.background().color() == INVALID_FILL  # what was pasted, marked
    assert "at most 500" in cell.toolTip()
    # shown whole in the cell, but the column does not push the presenter and status out of sight
    assert bw.agenda.columnWidth(2) <= 480
    assert BoardStore(demo_store.root).load_meeting(DEMO_MEETING_ID).record.agenda[0].question == saved
    # another edit refills the table: the pasted text is still what the cell shows
    qtbot.keyClicks(bw.attendee_name, "Dr Late")
    qtbot.keyClick(bw.attendee_name, Qt.Key.Key_Return)
    assert "Dr Late" in [n for n, _ in attendees(demo_store.root)]
    assert bw.agenda.item(0, 2).text() == "Q" * 600
    # what is printed or presented is the saved meeting: not while the screen shows otherwise
    pdf = next(b for b in bw.findChildren(type(bw.new_button)) if b.text() == "Agenda PDF…")
    qtbot.mouseClick(pdf, Qt.MouseButton.LeftButton)
    assert "PDF not made" in bw.message.text()
    # closing asks; Cancel keeps the entry on screen
    dialogs.answers.append(Btn.Cancel)
    bw.close()
    assert dialogs.titles() == ["Entries not saved"] and bw.agenda.item(0, 2).text() == "Q" * 600
    editor = edit_cell(qtbot, bw, 0, 2)
    assert editor.text() == "Q" * 600
    qtbot.keyClicks(editor, "Resectable after PRRT?")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Question saved" in bw.message.text())
    stored = BoardStore(demo_store.root).load_meeting(DEMO_MEETING_ID).record.agenda[0].question
    assert (
        stored == "Resectable after PRRT?"
        and bw.agenda.item(0, 2).background().style() == Qt.BrushStyle.NoBrush
    )
    assert bw.pending == {}


def test_an_overlong_location_survives_another_edit_and_switching_meetings(
    qtbot: Any, demo_store: CaseStore, make_window: Any
) -> None:
    bw = open_board(qtbot, make_window())
    bw.location.selectAll()
    paste(qtbot, bw.location, "L" * 130)
    qtbot.keyClick(bw.location, Qt.Key.Key_Return)
    qtbot.mouseClick(bw.new_button, Qt.MouseButton.LeftButton)  # another meeting: its own, clean fields
    assert bw.meeting.record.meeting_id != DEMO_MEETING_ID
    assert bw.location.text() == "" and bw.location.styleSheet() == ""
    demo_row = next(
        r
        for r in range(bw.meetings.count())
        if bw.meetings.item(r).data(Qt.ItemDataRole.UserRole) == DEMO_MEETING_ID
    )
    rect = bw.meetings.visualItemRect(bw.meetings.item(demo_row))
    qtbot.mouseClick(bw.meetings.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert bw.meeting.record.meeting_id == DEMO_MEETING_ID
    assert bw.location.text() == "L" * 130 and "B00020" in bw.location.styleSheet()


def test_new_meeting_clicked_twice_goes_back_to_the_empty_one(
    qtbot: Any, demo_store: CaseStore, make_window: Any
) -> None:
    bw = open_board(qtbot, make_window())
    board = BoardStore(demo_store.root)
    qtbot.mouseClick(bw.new_button, Qt.MouseButton.LeftButton)
    first = bw.meeting.record.meeting_id
    qtbot.mouseClick(bw.new_button, Qt.MouseButton.LeftButton)
    assert len(board.list_meetings()) == 2  # the demo meeting and one new draft, not two
    assert bw.meeting.record.meeting_id == first and "still empty" in bw.message.text()
    bw.name.selectAll()
    qtbot.keyClicks(bw.name, "Liver MDT")
    qtbot.keyClick(bw.name, Qt.Key.Key_Return)  # it has something now: the next click makes another
    qtbot.mouseClick(bw.new_button, Qt.MouseButton.LeftButton)
    meetings = board.list_meetings()
    assert len(meetings) == 3 and bw.meeting.record.meeting_id not in (first, DEMO_MEETING_ID)
    assert [m.board_name for m in meetings if m.meeting_id == first] == ["Liver MDT"]


def test_hidden_characters_are_named_at_entry_and_never_saved(
    qtbot: Any, demo_store: CaseStore, make_window: Any
) -> None:
    bw = open_board(qtbot, make_window())
    board = BoardStore(demo_store.root)
    before = board.load_meeting(DEMO_MEETING_ID).record
    paste(qtbot, bw.attendee_name, "Dr \u202eX")  # a direction override: "X" and what follows turn around
    qtbot.keyClick(bw.attendee_name, Qt.Key.Key_Return)
    assert "name contains a right-to-left override (U+202E) at character 4" in bw.message.text()
    assert bw.attendee_name.text() == "Dr \u202eX"  # kept, to be corrected
    bw.location.selectAll()
    paste(qtbot, bw.location, "Room\x1b3")
    qtbot.keyClick(bw.location, Qt.Key.Key_Return)
    assert "location contains an invisible control character (U+001B)" in bw.message.text()
    assert "B00020" in bw.location.styleSheet()
    editor = edit_cell(qtbot, bw, 1, 3)
    paste(qtbot, editor, "Dr\x07B")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "U+0007" in bw.message.text())
    assert bw.agenda.item(1, 3).text() == "Dr\x07B"
    assert board.load_meeting(DEMO_MEETING_ID).record == before  # nothing written


def test_the_decision_form_names_a_hidden_character_and_blocks_save(
    qtbot: Any, demo_store: CaseStore
) -> None:
    dialog = open_decision(qtbot, demo_store.root, DEMO_READY)
    paste(qtbot, dialog.rationale, "Line one\nLine two\tok")  # line breaks and tabs are text here
    assert "U+000" not in dialog.problems.text()
    paste(qtbot, dialog.other, "Watch\x00wait")
    assert "Other plan contains an invisible control character (U+0000)" in dialog.problems.text()
    assert not dialog.save_button.isEnabled()


def _set_demo_meeting_time(root: Any, moment: Any) -> None:
    store_meeting_as_written(root, DEMO_MEETING_ID, starts_at=moment)  # the store refuses such a year


def test_a_meeting_date_the_field_cannot_show_is_named_and_kept_not_replaced(
    qtbot: Any, demo_store: CaseStore, make_window: Any
) -> None:
    """The date field starts in 1752 (Qt's default; 100 now): it showed the meeting of year 1 as
    1752-09-14, and any edit of the name then saved that date over the real one."""
    from datetime import datetime

    _set_demo_meeting_time(demo_store.root, datetime(1, 1, 1, 9, 0))
    bw = open_board(qtbot, make_window())
    assert "0001-01-01 09:00, is before the first date the field can show" in bw.message.text()
    assert "B00020" in bw.when.styleSheet()
    assert bw.meetings.item(0).text().startswith("0001-01-01 09:00")
    bw.name.selectAll()
    qtbot.keyClicks(bw.name, "Old board")
    qtbot.keyClick(bw.name, Qt.Key.Key_Return)
    saved = BoardStore(demo_store.root).load_meeting(DEMO_MEETING_ID).record
    assert (saved.board_name, saved.starts_at) == ("Old board", datetime(1, 1, 1, 9, 0))


def test_meeting_dates_at_the_ends_and_feb_29_typed_in_the_field(
    qtbot: Any, demo_store: CaseStore, make_window: Any
) -> None:
    from datetime import datetime

    _set_demo_meeting_time(demo_store.root, datetime(9999, 12, 31, 23, 59))
    bw = open_board(qtbot, make_window())
    assert bw.when.text() == "9999-12-31 23:59" and bw.when.styleSheet() == ""
    bw.location.selectAll()
    qtbot.keyClicks(bw.location, "Room 3")
    qtbot.keyClick(bw.location, Qt.Key.Key_Return)
    saved = BoardStore(demo_store.root).load_meeting(DEMO_MEETING_ID).record
    assert (saved.location, saved.starts_at) == ("Room 3", datetime(9999, 12, 31, 23, 59))
    bw.when.setFocus()
    bw.when.setSelectedSection(bw.when.Section.YearSection)
    qtbot.keyClicks(bw.when, "2028022916")  # year, month, day 29 (a leap year), hour
    qtbot.keyClick(bw.when, Qt.Key.Key_Return)
    assert bw.when.text() == "2028-02-29 16:59"
    saved = BoardStore(demo_store.root).load_meeting(DEMO_MEETING_ID).record
    assert saved.starts_at == datetime(2028, 2, 29, 16, 59)


def test_a_meeting_date_typed_with_a_slipped_year_is_kept_outlined_and_not_saved(
    qtbot: Any, demo_store: CaseStore, make_window: Any
) -> None:
    """Typing 2207 for 2027 saved it as the meeting's date (the follow-up dates refuse it); now the
    field keeps what was typed, outlined, the reason beside it, and the saved date is unchanged."""
    from datetime import datetime

    bw = open_board(qtbot, make_window())
    saved = BoardStore(demo_store.root).load_meeting(DEMO_MEETING_ID).record.starts_at
    bw.when.setFocus()
    bw.when.setSelectedSection(bw.when.Section.YearSection)
    qtbot.keyClicks(bw.when, "2207")
    qtbot.keyClick(bw.when, Qt.Key.Key_Return)
    assert bw.when.text().startswith("2207-")  # what was typed stays on screen
    assert "B00020" in bw.when.styleSheet() and "100 years ahead; check the year" in bw.when.toolTip()
    assert "The meeting's date: 2207-" in bw.message.text() and "check the year" in bw.message.text()
    assert BoardStore(demo_store.root).load_meeting(DEMO_MEETING_ID).record.starts_at == saved
    bw.when.setSelectedSection(bw.when.Section.YearSection)
    qtbot.keyClicks(bw.when, "2027")
    qtbot.keyClick(bw.when, Qt.Key.Key_Return)
    now = BoardStore(demo_store.root).load_meeting(DEMO_MEETING_ID).record.starts_at
    assert now == datetime(2027, saved.month, saved.day, saved.hour, saved.minute)
    assert bw.when.styleSheet() == ""


def test_a_case_label_with_a_direction_override_is_named_and_not_saved(
    qtbot: Any, window: Any, store: CaseStore, dialogs: Any
) -> None:
    """The board lists cases by label: "Smith\u202e2-NL" shows on screen as another string."""
    from PySide6.QtWidgets import QLabel

    window.new_case()
    label = window.form.field_widget("patient_label")
    paste(qtbot, label, "NET\u202e21-A")
    error = window.findChild(QLabel, "error_patient_label")
    assert error.isVisible() and "direction override" in error.text()
    qtbot.keyClick(label, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dialogs.titles() == ["Not saved"]
    assert store.list_cases() == []
    assert label.text() == "NET\u202e21-A"  # shown as typed, to be corrected


def test_a_full_agenda_or_attendee_list_is_said_in_words(
    qtbot: Any, demo_store: CaseStore, make_window: Any, dialogs: Any
) -> None:
    """The 61st case or attendee gave a box reading "agenda: List should have at most 60 items"."""
    from nelm_desktop.core.board.model import AgendaItem, Attendee

    BoardStore(demo_store.root).update_meeting(
        DEMO_MEETING_ID,
        lambda m: m.model_copy(
            update={
                "agenda": [
                    *m.agenda,
                    *(AgendaItem(case_id=f"elsewhere-{n}") for n in range(60 - len(m.agenda))),
                ],
                "attendees": [Attendee(name=f"Dr {n}", role="Surgeon") for n in range(60)],
            }
        ),
    )
    bw = open_board(qtbot, make_window())
    assert bw.case_picker.count() > 0
    add = bw.add_case_button
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    assert "The agenda holds 60 cases, the most one meeting keeps" in bw.message.text()
    qtbot.keyClicks(bw.attendee_name, "Dr Sixty-one")
    qtbot.keyClick(bw.attendee_name, Qt.Key.Key_Return)
    assert "60 attendees are listed, the most a meeting keeps" in bw.message.text()
    assert dialogs.asked == []
    meeting = BoardStore(demo_store.root).load_meeting(DEMO_MEETING_ID).record
    assert (len(meeting.agenda), len(meeting.attendees)) == (60, 60)


def test_a_decision_follow_up_typed_as_a_week_is_refused(qtbot: Any, demo_store: CaseStore) -> None:
    dialog = open_decision(qtbot, demo_store.root, DEMO_READY)
    qtbot.keyClicks(dialog.follow_up, "2027-W03")  # Python's fromisoformat: 18 January 2027
    assert "Follow-up date: '2027-W03' is not a date" in dialog.problems.text()
    assert not dialog.save_button.isEnabled()


@pytest.mark.parametrize("typed", ["0025-03-01", "2207-01-01"])
def test_a_decision_follow_up_with_a_slipped_year_is_refused(
    qtbot: Any, demo_store: CaseStore, typed: str
) -> None:
    """A follow-up in year 25 (for 2025) was recorded and the case listed as overdue for 2,000 years;
    one in 2207 (for 2027) was never due."""
    dialog = open_decision(qtbot, demo_store.root, DEMO_READY)
    qtbot.keyClicks(dialog.follow_up, typed)
    assert (
        f"Follow-up date: {typed} is " in dialog.problems.text()
        and "check the year" in dialog.problems.text()
    )
    assert not dialog.save_button.isEnabled()
    dialog.follow_up.selectAll()
    qtbot.keyClicks(dialog.follow_up, "2027-03-01")
    assert "Follow-up date" not in dialog.problems.text()


def test_a_hidden_character_read_from_an_older_file_is_shown_never_turning_text_around(
    qtbot: Any, demo_store: CaseStore, make_window: Any
) -> None:
    """A file written before the rule (or by another program) may hold a direction override: on
    screen it turned the rest of the text around (a question reading as another)."""
    from nelm_desktop.core.board import files
    from nelm_desktop.core.fileio import atomic_write_bytes
    from nelm_desktop.ui.board.board_window import INVALID_FILL

    board = BoardStore(demo_store.root)
    meeting = board.load_meeting(DEMO_MEETING_ID).record
    agenda = [
        meeting.agenda[0].model_copy(update={"question": "Resect \u202eelbatceser"}),
        *meeting.agenda[1:],
    ]
    raw = files.encode(
        "meeting", meeting.model_copy(update={"agenda": agenda, "board_name": "NET\u202e board"})
    )
    atomic_write_bytes(board.path("meeting", DEMO_MEETING_ID), raw)
    window = make_window()
    bw = open_board(qtbot, window)
    cell = bw.agenda.item(0, 2)
    assert cell.background().color() == INVALID_FILL and "right-to-left override (U+202E)" in cell.toolTip()
    assert "B00020" in bw.name.styleSheet() and "U+202E" in bw.name.toolTip()
    assert bw.meetings.item(0).text().endswith("NET[U+202E] board")
    qtbot.keyClick(bw, Qt.Key.Key_F11)
    pres = window.board.presentation
    assert pres is not None
    assert "Resect [U+202E]elbatceser" in pres.question.text() and "\u202e" not in pres.question.text()
    qtbot.keyClick(pres, Qt.Key.Key_Escape)


def test_a_refused_entry_of_a_case_taken_off_the_agenda_elsewhere_blocks_nothing(
    qtbot: Any, demo_store: CaseStore, make_window: Any
) -> None:
    bw = open_board(qtbot, make_window())
    editor = edit_cell(qtbot, bw, 0, 2)
    paste(qtbot, editor, "Q" * 600)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(bw.unsaved_here()))
    gone = bw.meeting.record.agenda[0].case_id
    BoardStore(demo_store.root).update_meeting(  # the other workstation removes that case
        DEMO_MEETING_ID, lambda m: m.model_copy(update={"agenda": [i for i in m.agenda if i.case_id != gone]})
    )
    bw.refresh()
    assert bw.unsaved_here() == [] and bw.pending == {}  # nothing on screen is unsaved any more
    remove = next(b for b in bw.findChildren(type(bw.new_button)) if b.text() == "Remove")
    bw.attendees.setCurrentCell(-1, -1)
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    assert bw.message.text() == "Select the attendee to remove first."


def test_a_refused_entry_in_the_selected_row_stays_marked_under_the_selection(
    qtbot: Any, demo_store: CaseStore, make_window: Any
) -> None:
    """The red fill of a refused cell was painted over by the selection highlight: in the selected row
    (where the user has just typed) the entry the message line named looked like any other."""
    from PySide6.QtGui import QColor

    from nelm_desktop.ui.board.board_window import INVALID_FILL

    bw = open_board(qtbot, make_window())
    editor = edit_cell(qtbot, bw, 0, 2)
    paste(qtbot, editor, "Q" * 600)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "600 characters" in bw.message.text())
    table = bw.agenda
    assert table.currentRow() == 0 and table.selectionModel().isRowSelected(0)
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    shot = table.viewport().grab().toImage()
    shown = table.viewport().rect()  # the part of a cell in view (the window fits the screen)
    refused = table.visualItemRect(table.item(0, 2)).intersected(shown)
    # same row, selected, nothing refused
    neighbour = table.visualItemRect(table.item(0, 0)).intersected(shown)
    highlight = table.palette().color(table.palette().ColorGroup.Active, table.palette().ColorRole.Highlight)

    def colour(x: int, y: int) -> QColor:
        return QColor(shot.pixel(x, y))

    frame = colour(refused.center().x(), refused.top())
    inside = colour(refused.right() - 6, refused.bottom() - 4)
    assert frame == QColor("#B00020")  # a red frame the selection does not cover
    # the fill is the red one (the current cell's focus shading may darken it), never the highlight
    assert inside != highlight and inside.red() >= inside.blue()
    assert table.item(0, 2).background().color() == INVALID_FILL
    assert colour(neighbour.right() - 2, neighbour.bottom() - 2) == highlight  # the row shows selected
    # A valid entry leaves the cell as any selected cell: no frame once shortened.
    editor = edit_cell(qtbot, bw, 0, 2)
    qtbot.keyClicks(editor, "Resectable?")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Question saved" in bw.message.text())
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    shot = table.viewport().grab().toImage()
    refused = table.visualItemRect(table.item(0, 2))
    assert table.selectionModel().isRowSelected(0)
    assert colour(refused.center().x(), refused.top()) != QColor("#B00020")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_the_meetings_window_names_a_meeting_file_it_cannot_read(
    qtbot: Any, demo_store: CaseStore, make_window: Any
) -> None:
    """A FIFO in a meeting's place was left out of the meetings list without a word."""
    os.mkfifo(BoardStore(demo_store.root).path("meeting", "m-2025-01-01"))
    window = make_window()
    qtbot.keyClick(
        window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    bw = window.board.board_window
    assert bw is not None and bw.isVisible()
    assert bw.meetings.count() == 1  # the demo meeting is listed and opened
    text = bw.message.text()
    assert "1 meeting file(s) could not be read" in text and "m-2025-01-01.json" in text


def test_a_minutes_pdf_the_disk_refuses_is_named_in_one_line(
    qtbot: Any, demo_store: CaseStore, make_window: Any, dialogs: Any, monkeypatch: Any, tmp_path: Any
) -> None:
    """The meetings window's PDF buttons said Python's "[Errno 20] Not a directory: '…/.minutes.pdf.…
    tmp'" (the temporary file's name); now the path chosen and the cause, as `board minutes -o` says."""
    from PySide6.QtWidgets import QFileDialog, QPushButton

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    target = blocker / "minutes.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), "PDF (*.pdf)"))
    window = make_window()
    qtbot.keyClick(
        window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    bw = window.board.board_window
    button = next(b for b in bw.findChildren(QPushButton) if b.text() == "Minutes PDF…")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    title, text = dialogs.asked[-1]
    assert title == "PDF not saved"
    assert (
        text
        == f"{target}: cannot write: {blocker} is not a folder (a file, or missing); nothing was written there"
    )
