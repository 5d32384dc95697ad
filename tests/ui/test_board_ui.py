"""The tumour-board room driven with real keys and clicks (issue #15): presentation mode (F11, PageDown /
PageUp, Esc, read-only until E), the decision dialog (deviation reason blocks, sign-off locks, amendment
needs a reason), the meetings window (agenda, question, board status with the "ready" warning) and the
library panel's board filter."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLineEdit, QMessageBox

from nelm_desktop.core.board.demo import DEMO_DECIDED, DEMO_MEETING_ID, DEMO_PREPARING, DEMO_READY
from nelm_desktop.core.board.store import BoardStore
from nelm_desktop.core.store import CaseStore
from nelm_desktop.ui.board.presentation import type_sizes
from nelm_desktop.ui.window.app import seed_demo_cases

Btn = QMessageBox.StandardButton


@pytest.fixture
def demo_store(store: CaseStore) -> CaseStore:
    seed_demo_cases(store)  # six demo cases and the demo meeting
    return store


def _heading(window: Any) -> str:
    return str(window.board.presentation.heading.text())


def test_f11_presents_the_meeting_and_page_keys_walk_the_agenda(
    qtbot: Any, demo_store: CaseStore, make_window: Any
) -> None:
    window = make_window()
    qtbot.keyClick(window, Qt.Key.Key_F11)
    pres = window.board.presentation
    assert pres is not None and pres.isFullScreen()
    qtbot.waitExposed(pres)
    assert _heading(window).startswith("1 / 3") and "Solitary small-intestinal NET" in _heading(window)
    assert "Resectable? Curative resection?" in pres.question.text()
    assert "Board decision" in pres.options.text() and "Liver resection" in pres.options.text()
    assert "Milan:" in pres.options.text()
    qtbot.keyClick(pres, Qt.Key.Key_PageDown)
    assert _heading(window).startswith("2 / 3") and "Two-stage resection" in pres.question.text()
    assert "Staged (two-stage) resection" in pres.options.text()
    qtbot.keyClick(pres, Qt.Key.Key_PageDown)
    qtbot.keyClick(pres, Qt.Key.Key_PageDown)  # past the end: stays on the last case
    assert _heading(window).startswith("3 / 3")
    assert "Needs information" in pres.options.text()
    qtbot.keyClick(pres, Qt.Key.Key_PageUp)
    assert _heading(window).startswith("2 / 3")
    # read-only until switched to edit
    assert not pres.record_button.isVisible()
    qtbot.keyClick(pres, Qt.Key.Key_D)  # does nothing while read-only
    assert BoardStore(demo_store.root).load_decision(DEMO_MEETING_ID, DEMO_READY) is None
    qtbot.keyClick(pres, Qt.Key.Key_E)
    assert pres.editing and pres.record_button.isVisible()
    qtbot.keyClick(pres, Qt.Key.Key_E)
    assert not pres.editing
    qtbot.keyClick(pres, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.board.presentation is None)
    assert not pres.isVisible()


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_presentation_type_is_large_and_the_facts_fit(
    qtbot: Any, demo_store: CaseStore, make_window: Any, size: Any
) -> None:
    window = make_window()
    window.board.present(DEMO_MEETING_ID)
    pres = window.board.presentation
    pres.showNormal()
    pres.resize(*size)
    qtbot.waitUntil(lambda: pres.height() == size[1])
    body, head = type_sizes(min(size[1], max(pres.screen().geometry().height(), 768)))
    assert body >= 18 and head >= 26  # about 1/42 of the screen: readable from 3 m on a projector
    assert pres.facts.font().pixelSize() == body
    for page in range(3):
        qtbot.keyClick(pres, Qt.Key.Key_Home if page == 0 else Qt.Key.Key_PageDown)
        # every key-fact row is shown whole: the label is as tall as its text laid out at its width,
        # and the diagram below it keeps a visible size
        doc = QTextDocument()
        doc.setDefaultFont(pres.facts.font())
        doc.setHtml(pres.facts.text())
        doc.setTextWidth(pres.facts.width())
        assert pres.facts.height() >= doc.size().height()
        assert pres.diagram.height() >= size[1] * 0.18 - 1
        assert pres.diagram.geometry().bottom() < pres.footer.geometry().top()
    pres.close()


def _open_dialog(qtbot: Any, root: Any, case_id: str) -> Any:
    from nelm_desktop.core.board.decisions import new_decision
    from nelm_desktop.core.engine import evaluate
    from nelm_desktop.ui.board.decision_dialog import DecisionDialog

    cases, board = CaseStore(root), BoardStore(root)
    case = cases.load(case_id).case
    draft = new_decision(DEMO_MEETING_ID, case, evaluate(case), "tester")
    dialog = DecisionDialog(
        board, draft, board.load_decision(DEMO_MEETING_ID, case_id), "tester", "demo", None
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_decision_dialog_requires_a_deviation_reason_then_signs_off(
    qtbot: Any, demo_store: CaseStore
) -> None:
    dialog = _open_dialog(qtbot, demo_store.root, DEMO_READY)
    resection = dialog.rows["resection"]  # contraindicated for demo 2 (FLR 24 %)
    assert resection.status == "contraindicated"
    assert not dialog.save_button.isEnabled()  # nothing chosen yet
    qtbot.mouseClick(
        resection.check,
        Qt.MouseButton.LeftButton,
        pos=resection.check.rect().bottomLeft() + resection.check.rect().topLeft() / 2,
    )
    if not resection.check.isChecked():  # the click landed beside the box on some styles: use the keyboard
        resection.check.setFocus()
        qtbot.keyClick(resection.check, Qt.Key.Key_Space)
    assert resection.check.isChecked()
    assert resection.reason.isVisible()
    assert "deviation from the source algorithm" in dialog.problems.text()
    assert not dialog.save_button.isEnabled()
    qtbot.keyClicks(resection.reason, "Patient prefers surgery after PVE")
    staged = dialog.rows["staged_resection"]
    staged.check.setFocus()
    qtbot.keyClick(staged.check, Qt.Key.Key_Space)
    staged.order.setFocus()
    qtbot.keyClick(staged.order, Qt.Key.Key_Up)  # step 2: staged resection after ...
    assert staged.order.value() == 2
    qtbot.keyClicks(dialog.follow_up, "2027-02-30")
    assert "is not a date" in dialog.problems.text() and not dialog.save_button.isEnabled()
    dialog.follow_up.selectAll()
    qtbot.keyClicks(dialog.follow_up, "2027-02-28")
    qtbot.keyClicks(dialog.clinician, "Dr C. Demo")
    qtbot.keyClicks(dialog.rationale, "FLR 24 %: PVE first.")
    assert dialog.problems.text() == ""
    assert not dialog.sign_button.isEnabled()  # no signer named yet
    qtbot.keyClicks(dialog.sign_as, "Dr C. Demo")
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    board = BoardStore(demo_store.root)
    stored = board.load_decision(DEMO_MEETING_ID, DEMO_READY)
    assert stored is not None and stored.record.signed
    assert [o.modality for o in stored.record.ordered_options()] == ["resection", "staged_resection"]
    assert stored.record.options[0].deviation_reason == "Patient prefers surgery after PVE"
    assert str(stored.record.follow_up) == "2027-02-28"
    assert board.status_of(DEMO_READY) == "discussed"


def test_a_signed_decision_is_locked_and_amended_only_with_a_reason(
    qtbot: Any, demo_store: CaseStore
) -> None:
    dialog = _open_dialog(qtbot, demo_store.root, DEMO_DECIDED)
    assert "Signed off" in dialog.state.text()
    assert dialog.rationale.isReadOnly() and not dialog.rows["tace"].check.isEnabled()
    assert not dialog.save_button.isEnabled() and not dialog.sign_button.isVisible()
    qtbot.mouseClick(dialog.amend_button, Qt.MouseButton.LeftButton)
    assert not dialog.rationale.isReadOnly()
    dialog.rationale.moveCursor(dialog.rationale.textCursor().MoveOperation.End)
    qtbot.keyClicks(dialog.rationale, " Agreed with the patient.")
    assert "reason for the amendment" in dialog.problems.text() and not dialog.save_button.isEnabled()
    qtbot.keyClicks(dialog.amend_reason, "Patient's consent added after the meeting")
    assert dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    stored = BoardStore(demo_store.root).load_decision(DEMO_MEETING_ID, DEMO_DECIDED)
    assert stored is not None and stored.record.signed
    assert stored.record.rationale.endswith("Agreed with the patient.")
    assert stored.record.amendments[-1].reason == "Patient's consent added after the meeting"


def test_board_window_builds_an_agenda_and_warns_before_ready(
    qtbot: Any, demo_store: CaseStore, make_window: Any, dialogs: Any, monkeypatch: Any
) -> None:
    window = make_window()
    qtbot.keyClick(
        window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    bw = window.board.board_window
    assert bw is not None and bw.isVisible()
    qtbot.mouseClick(bw.new_button, Qt.MouseButton.LeftButton)
    board = BoardStore(demo_store.root)
    assert len(board.list_meetings()) == 2
    new_id = bw.meeting.record.meeting_id
    bw.location.setFocus()
    qtbot.keyClicks(bw.location, "Room 7")
    qtbot.keyClick(bw.location, Qt.Key.Key_Return)
    assert board.load_meeting(new_id).record.location == "Room 7"
    qtbot.keyClicks(bw.attendee_name, "Dr Scan")
    qtbot.keyClick(bw.attendee_name, Qt.Key.Key_Return)
    assert [a.name for a in board.load_meeting(new_id).record.attendees] == ["Dr Scan"]
    # add the incomplete demo case to the agenda
    bw.case_picker.setFocus()
    while bw.case_picker.currentData() != DEMO_PREPARING:
        qtbot.keyClick(bw.case_picker, Qt.Key.Key_Down)
    qtbot.mouseClick(bw.add_case_button, Qt.MouseButton.LeftButton)
    assert [i.case_id for i in board.load_meeting(new_id).record.agenda] == [DEMO_PREPARING]
    # type the question into the agenda table
    cell = bw.agenda.visualItemRect(bw.agenda.item(0, 2)).center()
    qtbot.mouseClick(bw.agenda.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    qtbot.mouseDClick(bw.agenda.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    editor = bw.agenda.viewport().findChild(QLineEdit)
    assert editor is not None
    qtbot.keyClicks(editor, "Which imaging is missing?")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: board.load_meeting(new_id).record.agenda[0].question == "Which imaging is missing?"
    )
    # "ready" warns about the facts still needed; No keeps the status
    bw.agenda.setCurrentCell(0, 1)
    bw.status_picker.setFocus()
    while bw.status_picker.currentData() != "ready":
        qtbot.keyClick(bw.status_picker, Qt.Key.Key_Down)
    set_status = bw.findChild(type(bw.new_button), "setStatus")
    qtbot.mouseClick(set_status, Qt.MouseButton.LeftButton)
    assert dialogs.titles()[-1] == "Not everything is known yet"
    assert "still needs information" in dialogs.asked[-1][1]
    assert board.status_of(DEMO_PREPARING) == "to_prepare"
    dialogs.answers.append(Btn.Yes)
    listings: list[int] = []
    listed = type(window.store).list_cases
    monkeypatch.setattr(
        type(window.store), "list_cases", lambda self, *a, **k: listings.append(1) or listed(self, *a, **k)
    )
    qtbot.mouseClick(set_status, Qt.MouseButton.LeftButton)
    assert board.status_of(DEMO_PREPARING) == "ready"
    # Neither the board window (its labels from the library's rows) nor the library panel (from the
    # rows it shows) lists the library: each used to, on the GUI thread.
    assert listings == []
    # the library panel follows: filter by status and by meeting
    combo = window.library.board_filter
    combo.setFocus()
    while not combo.currentText().startswith("Board: Ready"):
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    shown = {window.library.model.summary(r).case_id for r in range(window.library.model.rowCount())}
    assert shown == {DEMO_READY, DEMO_PREPARING}
    while not combo.currentText().startswith("Meeting: NET tumour board (DEMO)"):
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    shown = {window.library.model.summary(r).case_id for r in range(window.library.model.rowCount())}
    assert shown == {DEMO_DECIDED, DEMO_READY, DEMO_PREPARING}
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    assert window.library.model.rowCount() == 6
    window.library.board_group.setFocus()
    qtbot.keyClick(window.library.board_group, Qt.Key.Key_Space)
    order = [
        window.library.model.board_status(window.library.model.summary(r).case_id) or "To prepare"
        for r in range(6)
    ]
    assert order == sorted(order, key=["To prepare", "Ready", "Discussed", "Follow-up due"].index)
    assert order.count("Ready") == 2 and order.count("Discussed") == 1


def _has_red_ink(widget: Any) -> bool:
    image = widget.grab().toImage()
    for y in range(image.height()):
        for x in range(image.width()):
            colour = image.pixelColor(x, y)
            if colour.red() > 100 and colour.red() > colour.green() + 60:
                return True
    return False


def test_decision_dialog_marks_only_a_contraindication_as_a_warning(
    qtbot: Any, demo_store: CaseStore
) -> None:
    """Section 12: "Not listed for this case" is not a contraindication. The dialog drew it in bold
    red like one; it is plain now, explained once on the dialog, and still asks for a reason."""
    from PySide6.QtWidgets import QLabel

    dialog = _open_dialog(qtbot, demo_store.root, DEMO_READY)
    statuses = {modality: row.status for modality, row in dialog.rows.items()}
    contraindicated = next(m for m, s in statuses.items() if s == "contraindicated")
    not_listed = next(m for m, s in statuses.items() if s == "not_indicated")
    assert _has_red_ink(dialog.rows[contraindicated].status_label)
    assert not _has_red_ink(dialog.rows[not_listed].status_label)
    assert "not a contraindication" in dialog.rows[not_listed].status_label.toolTip()
    explained = [
        label.text() for label in dialog.findChildren(QLabel) if "not a contraindication" in label.text()
    ]
    assert len(explained) == 1, explained
    row = dialog.rows[not_listed]
    row.check.setFocus()
    qtbot.keyClick(row.check, Qt.Key.Key_Space)
    assert row.check.isChecked() and row.reason.isVisible()  # still a deviation: a reason is asked
    assert not dialog.save_button.isEnabled()
