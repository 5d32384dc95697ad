"""A decision snapshots the case AS SAVED: recording one while the case window holds unsaved edits of
that case asks first (Save first / Cancel), with real keys and clicks, from the meetings window and
from the presentation (D)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QMessageBox, QPushButton, QWidget

from nelm_desktop.core.board.demo import DEMO_MEETING_ID, DEMO_READY
from nelm_desktop.core.board.store import BoardStore
from nelm_desktop.core.store import CaseStore
from nelm_desktop.ui.window.app import seed_demo_cases


@pytest.fixture
def demo_store(store: CaseStore) -> CaseStore:
    seed_demo_cases(store)  # six demo cases and the demo meeting
    return store


def when_modal(qtbot: Any, name: str, act: Callable[[QWidget], None], seen: list[str]) -> None:
    """Once the modal dialog `name` is up (it runs its own event loop), act on it with real clicks. A
    different modal dialog coming up instead is noted in `seen` and closed (the test then fails on
    `seen` instead of hanging)."""

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        if widget is None:
            QTimer.singleShot(20, poll)
            return
        seen.append(widget.objectName())
        if widget.objectName() == name:
            act(widget)
        elif isinstance(widget, QDialog):
            widget.reject()

    QTimer.singleShot(0, poll)


def click(qtbot: Any, button: QAbstractButton | None) -> None:
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_into_label(qtbot: Any, window: Any, text: str) -> None:
    label = window.form.field_widget("patient_label")
    label.setFocus()
    qtbot.keyClick(label, Qt.Key.Key_End)
    qtbot.keyClicks(label, text)


def open_agenda_case(qtbot: Any, window: Any, case_id: str) -> Any:
    qtbot.keyClick(
        window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    bw = window.board.board_window
    assert bw is not None and bw.meeting is not None and bw.meeting.record.meeting_id == DEMO_MEETING_ID
    row = [item.case_id for item in bw.meeting.record.agenda].index(case_id)
    cell = bw.agenda.visualItemRect(bw.agenda.item(row, 0)).center()
    qtbot.mouseClick(bw.agenda.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert bw.selected_case() == case_id
    return bw


def test_cancel_keeps_the_edits_and_records_nothing(
    qtbot: Any, demo_store: CaseStore, make_window: Any
) -> None:
    window = make_window()
    assert window.session.open_case(DEMO_READY, ask=False)
    saved_label = demo_store.load(DEMO_READY).case.patient_label
    type_into_label(qtbot, window, " edited")
    assert window.document.is_dirty
    bw = open_agenda_case(qtbot, window, DEMO_READY)
    seen: list[str] = []

    def cancel(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        assert "unsaved edits" in box.text() and "as saved" in box.text()
        # which case: the agenda's (saved) label and the one the case window shows
        assert f'The case "{saved_label}" (shown as "{saved_label} edited")' in box.text()
        click(qtbot, box.button(QMessageBox.StandardButton.Cancel))

    when_modal(qtbot, "unsavedBeforeDecision", cancel, seen)
    qtbot.mouseClick(bw.decide_button, Qt.MouseButton.LeftButton)

    assert seen == ["unsavedBeforeDecision"]  # asked; the decision dialog never opened
    assert window.document.is_dirty and window.document.case.patient_label == saved_label + " edited"
    assert demo_store.load(DEMO_READY).case.patient_label == saved_label  # nothing saved
    assert BoardStore(demo_store.root).load_decision(DEMO_MEETING_ID, DEMO_READY) is None


def test_save_first_saves_the_edits_and_the_snapshot_holds_them(
    qtbot: Any, demo_store: CaseStore, make_window: Any
) -> None:
    window = make_window()
    assert window.session.open_case(DEMO_READY, ask=False)
    saved_label = demo_store.load(DEMO_READY).case.patient_label
    type_into_label(qtbot, window, " edited")
    bw = open_agenda_case(qtbot, window, DEMO_READY)
    seen: list[str] = []
    snapshot_labels: list[str] = []

    def look_and_close(dialog: QWidget) -> None:
        snapshot_labels.append(dialog.base.snapshot.case["patient_label"])  # type: ignore[attr-defined]
        assert isinstance(dialog, QDialog)
        dialog.reject()  # close without recording

    def save_first(box: QWidget) -> None:
        when_modal(qtbot, "decisionDialog", look_and_close, seen)
        click(qtbot, box.findChild(QPushButton, "saveFirst"))

    when_modal(qtbot, "unsavedBeforeDecision", save_first, seen)
    qtbot.mouseClick(bw.decide_button, Qt.MouseButton.LeftButton)

    assert seen == ["unsavedBeforeDecision", "decisionDialog"]
    assert demo_store.load(DEMO_READY).case.patient_label == saved_label + " edited"  # saved first
    assert not window.document.is_dirty
    assert snapshot_labels == [saved_label + " edited"]  # the decision is taken on what is saved


def test_no_question_without_unsaved_edits_of_that_case(
    qtbot: Any, demo_store: CaseStore, make_window: Any
) -> None:
    window = make_window()
    assert window.session.open_case(DEMO_READY, ask=False)  # open, not edited
    bw = open_agenda_case(qtbot, window, DEMO_READY)
    seen: list[str] = []
    when_modal(qtbot, "decisionDialog", lambda dialog: QDialog.reject(dialog), seen)  # type: ignore[arg-type]
    qtbot.mouseClick(bw.decide_button, Qt.MouseButton.LeftButton)
    assert seen == ["decisionDialog"]


def test_the_presentation_asks_too(qtbot: Any, demo_store: CaseStore, make_window: Any) -> None:
    window = make_window()
    assert window.session.open_case(DEMO_READY, ask=False)
    type_into_label(qtbot, window, " edited")
    qtbot.keyClick(window, Qt.Key.Key_F11)
    pres = window.board.presentation
    assert pres is not None
    qtbot.waitExposed(pres)
    qtbot.keyClick(pres, Qt.Key.Key_PageDown)  # the demo agenda: decided, READY, preparing
    qtbot.keyClick(pres, Qt.Key.Key_E)
    seen: list[str] = []

    def cancel(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        qtbot.keyClick(box, Qt.Key.Key_Escape)

    when_modal(qtbot, "unsavedBeforeDecision", cancel, seen)
    qtbot.keyClick(pres, Qt.Key.Key_D)
    assert seen == ["unsavedBeforeDecision"]
    assert window.document.is_dirty
    assert BoardStore(demo_store.root).load_decision(DEMO_MEETING_ID, DEMO_READY) is None
    qtbot.keyClick(pres, Qt.Key.Key_Escape)


@pytest.mark.parametrize(
    ("saved", "shown", "words"),
    [
        ("P-7", "P-7", 'The case "P-7"'),
        ("P-7", "P-7 edited", 'The case "P-7" (shown as "P-7 edited")'),
        ("", "New label", 'The case "New label"'),
        ("P-7", "  ", 'The case "P-7"'),
        ("", "", "This case (no label yet)"),
    ],
)
def test_the_question_names_the_case_as_the_user_knows_it(saved: str, shown: str, words: str) -> None:
    from nelm_desktop.ui.board.unsaved_edits import _case_words

    assert _case_words(saved, shown) == words
