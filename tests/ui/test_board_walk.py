"""Defects found walking the tumour-board room as a clinician (Xvfb 1366x768 with a window manager),
reproduced here with real keys and clicks: the meetings window and the decision dialog fit the screen,
a step typed in the decision dialog is kept as typed and refused when the record would not keep it."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import QScrollArea

from nelm_desktop.core.board.decisions import new_decision
from nelm_desktop.core.board.demo import DEMO_MEETING_ID, DEMO_READY
from nelm_desktop.core.board.store import BoardStore
from nelm_desktop.core.engine import evaluate
from nelm_desktop.core.store import CaseStore
from nelm_desktop.ui.board.decision_dialog import DecisionDialog
from nelm_desktop.ui.widgets import screen_fit
from nelm_desktop.ui.window.app import seed_demo_cases


@pytest.fixture
def demo_store(store: CaseStore) -> CaseStore:
    seed_demo_cases(store)
    return store


def _decision_dialog(qtbot: Any, root: Any) -> DecisionDialog:
    cases, board = CaseStore(root), BoardStore(root)
    case = cases.load(DEMO_READY).case
    draft = new_decision(DEMO_MEETING_ID, case, evaluate(case), "tester")
    dialog = DecisionDialog(board, draft, None, "tester", "demo", None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_a_typed_step_is_kept_as_typed_and_refused_beyond_the_records_range(
    qtbot: Any, demo_store: CaseStore
) -> None:
    """'20' typed as the step of an option showed '2' (a spin box ending at 16 dropped the '0')."""
    dialog = _decision_dialog(qtbot, demo_store.root)
    staged = dialog.rows["staged_resection"]
    staged.check.setFocus()
    qtbot.keyClick(staged.check, Qt.Key.Key_Space)
    qtbot.keyClick(staged.check, Qt.Key.Key_Tab)  # intent
    qtbot.keyClick(staged.intent, Qt.Key.Key_Tab)  # step
    assert dialog.focusWidget() is staged.order  # Tab reaches the step of the option just chosen
    qtbot.keyClick(staged.order, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(staged.order, "20")
    assert staged.order.text() == "20"
    assert "Staged (two-stage) resection: the step: must be at most 16 (got 20)" in dialog.problems.text()
    assert staged.order.property("invalid") is True
    assert not dialog.save_button.isEnabled()
    qtbot.keyClick(staged.order, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(staged.order, "2,5")
    assert "must be a whole number (got 2.5)" in dialog.problems.text()
    qtbot.keyClick(staged.order, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(staged.order, Qt.Key.Key_Delete)
    assert "the step is empty" in dialog.problems.text()
    qtbot.keyClicks(staged.order, "3")
    assert dialog.problems.text() == "" and dialog.save_button.isEnabled()
    assert not staged.order.property("invalid")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    stored = BoardStore(demo_store.root).load_decision(DEMO_MEETING_ID, DEMO_READY)
    assert stored is not None and [o.sequence for o in stored.record.options] == [3]


def test_the_decision_dialog_and_the_meetings_window_fit_the_screen(
    qtbot: Any, demo_store: CaseStore, make_window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 1366x768 both opened 760 px tall under a title bar: their bottom rows ran off the screen."""
    screen = QRect(0, 0, 1366, 738)  # 1366x768 less a 30 px task bar
    monkeypatch.setattr(screen_fit, "available_geometry", lambda _widget=None: screen)
    dialog = _decision_dialog(qtbot, demo_store.root)
    assert dialog.height() + screen_fit.FRAME_H <= screen.height()
    window = make_window()
    window.board.show()
    board_window = window.board.board_window
    qtbot.waitExposed(board_window)
    assert board_window.height() + screen_fit.FRAME_H <= screen.height()


def test_down_and_up_scroll_a_long_options_column_in_the_presentation(
    qtbot: Any, demo_store: CaseStore, make_window: Any
) -> None:
    """At 1366x768 the incomplete work-up's options run below the screen: the transplant criteria,
    flags and decision under them could only be reached with a mouse wheel (Down moved to the next
    case, which on the last case did nothing). Each case opens at the top of its options."""
    window = make_window()
    window.board.present(DEMO_MEETING_ID)
    pres = window.board.presentation
    pres.showNormal()
    pres.resize(1366, 768)
    qtbot.waitUntil(lambda: pres.height() == 768)
    qtbot.keyClick(pres, Qt.Key.Key_End)  # 3 / 3: the incomplete work-up, every option needs information
    assert pres.heading.text().startswith("3 / 3")
    bar = pres.findChild(QScrollArea).verticalScrollBar()  # the options column's
    qtbot.waitUntil(lambda: bar.maximum() > 0)  # it runs below the screen (once laid out)
    assert bar.value() == 0
    for _ in range(100):
        qtbot.keyClick(pres, Qt.Key.Key_Down)
    assert bar.value() == bar.maximum()  # the last lines shown
    assert pres.heading.text().startswith("3 / 3")
    qtbot.keyClick(pres, Qt.Key.Key_Up)
    assert 0 < bar.value() < bar.maximum()
    qtbot.keyClick(pres, Qt.Key.Key_PageUp)  # the previous case, read from its top
    assert pres.heading.text().startswith("2 / 3") and bar.value() == 0
    pres.close()


def test_the_agenda_shows_every_column_in_the_meetings_window_at_1366x768(
    qtbot: Any, demo_store: CaseStore, make_window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The case and question columns, sized to their text, pushed 'Board status' (cut to 'Board stat')
    and 'Decision' out of sight behind a horizontal scroll bar: they share the width left instead, the
    whole text in their tooltip."""
    screen = QRect(0, 0, 1366, 738)
    monkeypatch.setattr(screen_fit, "available_geometry", lambda _widget=None: screen)
    window = make_window()
    qtbot.keyClick(
        window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    board_window = window.board.board_window
    qtbot.waitExposed(board_window)
    agenda = board_window.agenda
    last = agenda.columnCount() - 1
    qtbot.waitUntil(
        lambda: agenda.columnViewportPosition(last) + agenda.columnWidth(last) <= agenda.viewport().width()
    )
    assert agenda.horizontalScrollBar().maximum() == 0
    status = agenda.item(0, 4)
    assert agenda.columnWidth(4) >= agenda.fontMetrics().horizontalAdvance(status.text())
    question = agenda.item(1, 2)
    assert (
        question.toolTip()
        == question.text()
        == "Two-stage resection or debulking plus liver-directed therapy?"
    )


def test_the_agenda_numbers_each_case_once(qtbot: Any, demo_store: CaseStore, make_window: Any) -> None:
    """The agenda showed Qt's row numbers beside its own '#' column: '1 1', '2 2', '3 3'."""
    window = make_window()
    qtbot.keyClick(
        window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    board_window = window.board.board_window
    qtbot.waitExposed(board_window)
    agenda = board_window.agenda
    assert agenda.rowCount() >= 2
    assert [agenda.item(row, 0).text() for row in range(agenda.rowCount())][:2] == ["1", "2"]
    assert not agenda.verticalHeader().isVisible()
    assert agenda.viewport().mapTo(agenda, agenda.viewport().rect().topLeft()).x() <= agenda.frameWidth()


def test_tab_moves_on_from_the_rationale_and_the_dissent(qtbot: Any, demo_store: CaseStore) -> None:
    """Tab in the rationale typed a tab character into it: a keyboard user could not leave the box."""
    dialog = _decision_dialog(qtbot, demo_store.root)
    dialog.rationale.setFocus()
    qtbot.keyClicks(dialog.rationale, "FLR 24 %")
    qtbot.keyClick(dialog.rationale, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.dissent
    qtbot.keyClick(dialog.dissent, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.follow_up
    qtbot.keyClick(dialog.follow_up, Qt.Key.Key_Backtab)
    qtbot.keyClick(dialog.dissent, Qt.Key.Key_Backtab)
    assert dialog.focusWidget() is dialog.rationale
    assert dialog.rationale.toPlainText() == "FLR 24 %" and dialog.dissent.toPlainText() == ""


def test_a_meeting_without_cases_is_presented_without_a_blank_liver_and_says_how_to_leave(
    qtbot: Any, demo_store: CaseStore, make_window: Any
) -> None:
    """F11 on a new meeting showed 'No cases on the agenda.' over a blank Couinaud diagram (read as a
    case without lesions), an edit switch with nothing to edit, and no footer saying Esc leaves."""
    window = make_window()
    window.board.show()
    board_window = window.board.board_window
    qtbot.waitExposed(board_window)
    qtbot.mouseClick(board_window.new_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(board_window, Qt.Key.Key_F11)
    pres = window.board.presentation
    qtbot.waitExposed(pres)
    assert pres.question.text() == "No cases on the agenda."
    assert not pres.diagram.isVisible() and not pres.mode_button.isVisible()
    assert "Esc: leave" in pres.footer.text()
    qtbot.keyClick(pres, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.board.presentation is None)


def test_amending_points_to_the_reason_field_where_it_is(qtbot: Any, demo_store: CaseStore) -> None:
    """'Amending: give the reason below.' stood under the reason field (and the sign-off row)."""
    from nelm_desktop.core.board.demo import DEMO_DECIDED

    board = BoardStore(demo_store.root)
    case = CaseStore(demo_store.root).load(DEMO_DECIDED).case
    draft = new_decision(DEMO_MEETING_ID, case, evaluate(case), "tester")
    dialog = DecisionDialog(
        board, draft, board.load_decision(DEMO_MEETING_ID, DEMO_DECIDED), "tester", "d", None
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.amend_button, Qt.MouseButton.LeftButton)
    assert dialog.focusWidget() is dialog.amend_reason
    field_at = dialog.amend_reason.mapTo(dialog, dialog.amend_reason.rect().topLeft()).y()
    said_at = dialog.state.mapTo(dialog, dialog.state.rect().topLeft()).y()
    assert "give the reason for the amendment above" in dialog.state.text() and field_at < said_at


def test_the_board_status_picker_shows_the_selected_cases_status(
    qtbot: Any, demo_store: CaseStore, make_window: Any
) -> None:
    """'Board status: Ready' stood beside a selected case the agenda lists as discussed: the picker kept
    the last status picked, whichever case was selected."""
    window = make_window()
    window.board.show()
    board_window = window.board.board_window
    qtbot.waitExposed(board_window)
    agenda, picker = board_window.agenda, board_window.status_picker
    for row, status in ((0, "discussed"), (1, "ready"), (2, "to_prepare"), (0, "discussed")):
        qtbot.mouseClick(
            agenda.viewport(),
            Qt.MouseButton.LeftButton,
            pos=agenda.visualItemRect(agenda.item(row, 1)).center(),
        )
        assert picker.currentData() == status
        assert agenda.item(row, 4).text() == picker.currentText()


def test_a_long_meeting_name_is_elided_in_the_meetings_list_not_scrolled(
    qtbot: Any, demo_store: CaseStore, make_window: Any
) -> None:
    """'2026-12-04 16:00  NET tumour board (D' ended mid-word over a horizontal scroll bar."""
    window = make_window()
    window.board.show()
    board_window = window.board.board_window
    qtbot.waitExposed(board_window)
    meetings = board_window.meetings
    item = meetings.item(0)
    assert meetings.fontMetrics().horizontalAdvance(item.text()) > meetings.viewport().width()  # too long
    assert not meetings.horizontalScrollBar().isVisible()
    assert meetings.viewport().rect().contains(meetings.visualItemRect(item))
    assert item.toolTip() == item.text()


def _deepest_parentheses(text: str) -> int:
    depth = deepest = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        deepest = max(deepest, depth)
    return deepest


def test_the_presented_sign_off_has_no_parentheses_inside_parentheses(
    qtbot: Any, demo_store: CaseStore, make_window: Any
) -> None:
    """F11 on the demo meeting read 'Board decision (Signed off by Dr A. Demo on 2026-12-04 19:02 (OS
    user root)):' under the discussed case."""
    window = make_window()
    qtbot.keyClick(window, Qt.Key.Key_F11)
    pres = window.board.presentation
    qtbot.waitExposed(pres)
    assert pres.heading.text().startswith("1 / 3")  # the discussed case, its decision signed off
    [decision] = [p for p in pres.options.text().split("<p") if "Board decision" in p]
    shown = QTextDocumentFragment.fromHtml("<p" + decision).toPlainText()
    assert "Signed off by Dr A. Demo on " in shown
    assert _deepest_parentheses(shown) <= 1, shown
    qtbot.keyClick(pres, Qt.Key.Key_Escape)


def test_the_decision_dialogs_option_list_is_no_tab_stop_of_its_own(
    qtbot: Any, demo_store: CaseStore
) -> None:
    """Tab went from the last option's reason to the options' scroll area (no focus mark, nothing to
    do there) before 'Other plan'; Shift+Tab from 'Other plan' stopped there too."""
    dialog = _decision_dialog(qtbot, demo_store.root)
    dialog.other.setFocus()
    qtbot.waitUntil(dialog.other.hasFocus)
    qtbot.keyClick(dialog.other, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    back = dialog.focusWidget()
    assert back is not dialog.options_scroll
    assert dialog.options_scroll.widget().isAncestorOf(back)  # the last option's control
    qtbot.keyClick(back, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.other


def test_save_amendment_waits_for_a_change_to_the_decision(qtbot: Any, demo_store: CaseStore) -> None:
    """Amend…, a reason, and 'Save amendment' was offered for the unchanged record: only after the click
    did a line say 'The amendment changes nothing'."""
    from nelm_desktop.core.board.demo import DEMO_DECIDED

    board = BoardStore(demo_store.root)
    case = CaseStore(demo_store.root).load(DEMO_DECIDED).case
    draft = new_decision(DEMO_MEETING_ID, case, evaluate(case), "tester")
    dialog = DecisionDialog(
        board, draft, board.load_decision(DEMO_MEETING_ID, DEMO_DECIDED), "tester", "d", None
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.amend_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.amend_reason, "follow-up date corrected")
    assert not dialog.save_button.isEnabled()
    assert "The amendment changes nothing yet" in dialog.problems.text()
    dialog.follow_up.setFocus()
    qtbot.keyClick(dialog.follow_up, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.follow_up, "2027-06-01")
    assert dialog.save_button.isEnabled() and dialog.problems.text() == ""
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    [amendment] = board.load_decision(DEMO_MEETING_ID, DEMO_DECIDED).record.amendments
    assert amendment.changed == ["follow_up"] and amendment.reason == "follow-up date corrected"


def _legend_text_height(diagram: Any) -> int:
    """Height in pixels of the ink of the diagram's legend words ('Burden: none', 'more'), measured on
    the painted widget: the swatch band is the lowest run of rows holding burden fills; the words are
    the grey ink beside the swatches in that band."""
    from PySide6.QtGui import QColor

    from nelm_desktop.ui.widgets.style import BURDEN_FILLS

    image = diagram.grab().toImage()
    height, width = image.height(), image.width()
    fills = {QColor(c).rgb() & 0xFFFFFF for c in BURDEN_FILLS[1:]}

    def fill_columns(y: int) -> list[int]:
        return [x for x in range(width) if image.pixel(x, y) & 0xFFFFFF in fills]

    bottom = next(y for y in range(height - 1, 0, -1) if fill_columns(y))
    top = bottom
    while fill_columns(top - 1):
        top -= 1
    swatches = fill_columns((top + bottom) // 2)
    left, right = min(swatches), max(swatches)
    left -= (right - left + 1) // (len(BURDEN_FILLS) - 1)  # the first swatch ('none') is near white
    ink = set()
    for y in range(max(0, top - 10), min(height, bottom + 10)):
        for x in [*range(0, left - 4), *range(right + 4, width)]:
            colour = QColor(image.pixel(x, y))
            grey = abs(colour.red() - colour.green()) < 16 and abs(colour.green() - colour.blue()) < 16
            if grey and colour.value() < 170:
                ink.add(y)
    return max(ink) - min(ink) + 1


def test_the_presented_diagrams_legend_is_readable_from_the_back_of_the_room(
    qtbot: Any, demo_store: CaseStore, make_window: Any
) -> None:
    """At 1366x768 the presentation's text is 18 px and its liver legend ('Burden: none … more') and
    burden captions were 10 px: unreadable on a projector from the back of a room."""
    from nelm_desktop.ui.board.presentation import type_sizes

    window = make_window()
    qtbot.keyClick(window, Qt.Key.Key_F11)
    pres = window.board.presentation
    qtbot.waitExposed(pres)
    pres.showNormal()
    pres.resize(1366, 768)
    qtbot.waitUntil(lambda: pres.height() == 768)
    qtbot.keyClick(pres, Qt.Key.Key_PageDown)  # 2 / 3: lesions in three segments
    body, _head = type_sizes(768)
    assert pres.facts.font().pixelSize() == body
    # A capital's ink is ~0.73 of the font's pixel size: at least 0.55 of the body text's size.
    assert _legend_text_height(pres.diagram) >= 0.55 * body
    qtbot.keyClick(pres, Qt.Key.Key_Escape)


def test_a_board_pdf_is_proposed_in_the_folder_last_used(
    qtbot: Any, demo_store: CaseStore, make_window: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    """'Minutes PDF…' opened its file dialog in the folder the app was started from (/work/… here),
    every other file dialog in the folder last used, else Documents."""
    from PySide6.QtWidgets import QFileDialog, QPushButton

    from nelm_desktop.ui.widgets.file_dialogs import remember_dialog_path

    reports = tmp_path / "board papers"
    reports.mkdir()
    remember_dialog_path(str(reports / "earlier.pdf"))
    asked: list[str] = []

    def save_dialog(_parent: Any, _title: str, start: str = "", *_a: Any, **_k: Any) -> tuple[str, str]:
        asked.append(start)
        return str(reports / "minutes.pdf"), "PDF (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    window = make_window()
    qtbot.keyClick(
        window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    board_window = window.board.board_window
    qtbot.waitExposed(board_window)
    [button] = [b for b in board_window.findChildren(QPushButton) if b.text() == "Minutes PDF…"]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    [start] = asked
    assert start.startswith(str(reports)) and start.endswith(".pdf")
    assert (reports / "minutes.pdf").read_bytes().startswith(b"%PDF")


def test_the_librarys_meeting_filter_says_which_meeting(
    qtbot: Any, demo_store: CaseStore, make_window: Any
) -> None:
    """Beside 'Group by board status' the filter was ~85 px: a meeting chosen read 'Meeting: N', so the
    list's filter could not be told; now it has the column's width, the rest elided, whole in its tooltip."""
    window = make_window()
    combo = window.library.board_filter
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_End)  # the last entry: the demo meeting
    chosen = combo.currentText()
    assert chosen.startswith("Meeting: NET tumour board (DEMO)")
    assert combo.toolTip() == chosen
    named = combo.fontMetrics().horizontalAdvance("Meeting: NET tumour board")
    assert combo.width() - 30 >= named  # the meeting's name is read, less the arrow


def test_the_decision_dialog_shows_its_times_in_this_computers_time(
    qtbot: Any, store: CaseStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """'Signed off by … on 2026-12-04 19:02' and 'Statuses as evaluated on …' cut the offset off the
    stamps: a decision signed in Berlin showed Berlin's wall clock on a computer in Kolkata, where the
    case's history and the library (core.dates.shown_time) show Kolkata's."""
    import time
    from datetime import datetime

    from nelm_desktop.core.board.demo import DEMO_DECIDED

    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    try:
        seed_demo_cases(store)  # the demo decision is signed off now, in Berlin
        monkeypatch.setenv("TZ", "Asia/Kolkata")
        time.tzset()
        board = BoardStore(store.root)
        existing = board.load_decision(DEMO_MEETING_ID, DEMO_DECIDED)
        signed_at = datetime.fromisoformat(existing.record.sign_off.at)
        local = signed_at.astimezone().strftime("%Y-%m-%d %H:%M")
        assert local != signed_at.strftime("%Y-%m-%d %H:%M")
        case = CaseStore(store.root).load(DEMO_DECIDED).case
        draft = new_decision(DEMO_MEETING_ID, case, evaluate(case), "tester")
        dialog = DecisionDialog(board, draft, existing, "tester", "d", None)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        qtbot.mouseClick(dialog.amend_button, Qt.MouseButton.LeftButton)
        assert f"on {local}: the record is locked" in dialog.state.text()
        dialog.done(0)
    finally:
        monkeypatch.undo()
        time.tzset()
