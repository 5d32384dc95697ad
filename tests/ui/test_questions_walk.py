"""Questions found walking the app: their buttons say what they do and have a mnemonic. The real Qt
boxes are shown here (the recorder of conftest is set aside) and answered with real keys.

Delete asked 'Move "…" to the trash?' with Yes / No; the unsaved-decision question offered 'Discard'
without a mnemonic (Qt's Yes and No have one, its Discard and Save none)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QProxyStyle, QStyle, QStyleFactory

from nelm_desktop.core.board.decisions import new_decision
from nelm_desktop.core.board.demo import DEMO_MEETING_ID, DEMO_READY
from nelm_desktop.core.board.store import BoardStore
from nelm_desktop.core.engine import evaluate
from nelm_desktop.core.model import new_case
from nelm_desktop.core.store import CaseStore
from nelm_desktop.ui.board.decision_dialog import DecisionDialog
from nelm_desktop.ui.widgets import questions
from nelm_desktop.ui.window.app import seed_demo_cases

REAL_QUESTION = QMessageBox.question  # before the recorder of conftest stands in for it
REAL_RUN_BOX = questions.run_box


@pytest.fixture
def real_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QMessageBox, "question", REAL_QUESTION)
    monkeypatch.setattr(questions, "run_box", REAL_RUN_BOX)


def when_box(act: Callable[[QMessageBox], None], seen: list[list[str]]) -> None:
    """Once a question box is up (in its own event loop), note its buttons' texts and act on it."""

    def poll() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, poll)
            return
        if not box.isActiveWindow():  # a mnemonic is a shortcut of the active window
            box.activateWindow()
            QTimer.singleShot(20, poll)
            return
        seen.append(sorted(button.text() for button in box.buttons()))
        act(box)

    QTimer.singleShot(0, poll)


def test_delete_asks_with_a_move_to_trash_button_taken_with_its_mnemonic(
    store: CaseStore, make_window: Any, qtbot: Any, real_boxes: None
) -> None:
    case_id = store.save(new_case(patient_label="Delete me")).case.case_id
    window = make_window()
    panel = window.library
    panel.select_case(case_id)
    seen: list[list[str]] = []

    def move_to_trash(box: QMessageBox) -> None:
        if "Move to &trash" in seen[-1]:
            qtbot.keyClick(box, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
        else:
            box.reject()

    when_box(move_to_trash, seen)
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert seen == [["Cancel", "Move to &trash"]]
    assert [s.case_id for s in store.trash()] == [case_id]
    # Enter does not move it: Cancel is the default.
    restored = store.restore_from_trash(case_id).case.case_id
    window.refresh_library()
    panel.select_case(restored)
    when_box(lambda box: qtbot.keyClick(box, Qt.Key.Key_Return), seen)
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert store.trash() == [] and [s.case_id for s in store.list_cases()] == [case_id]


def test_the_unsaved_decision_question_discards_with_alt_d(
    store: CaseStore, qtbot: Any, real_boxes: None
) -> None:
    seed_demo_cases(store)
    case = store.load(DEMO_READY).case
    draft = new_decision(DEMO_MEETING_ID, case, evaluate(case), "tester")
    dialog = DecisionDialog(BoardStore(store.root), draft, None, "tester", "demo", None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.rationale.setFocus()
    qtbot.keyClicks(dialog.rationale, "FLR too small for one stage")
    seen: list[list[str]] = []

    def discard(box: QMessageBox) -> None:
        if "&Discard" in seen[-1]:
            qtbot.keyClick(box, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
        else:
            box.reject()

    when_box(discard, seen)
    try:
        qtbot.keyClick(dialog.rationale, Qt.Key.Key_Escape)
        assert seen == [["&Discard", "Cancel"]]
        qtbot.waitUntil(lambda: not dialog.isVisible())
    finally:
        dialog.done(0)  # closed without asking again whatever happened


def test_enter_on_the_crash_question_restores_the_unsaved_changes(
    make_window: Any, qtbot: Any, real_boxes: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """'Restore unsaved changes?' after a crash had No as its default: Enter threw the draft away."""
    window = make_window()
    window.new_case()
    label = window.form.field_widget("patient_label")
    label.setFocus()
    qtbot.keyClicks(label, "crash-test")
    window.session.autosave_now()
    case_id = window.document.case.case_id
    # A crash: the window goes without closing (no prompt); the OS drops a dead process's locks.
    window.hide()
    window.document.undo_stack.setClean()
    window.recovery.release()
    seen: list[list[str]] = []
    when_box(lambda box: qtbot.keyClick(box, Qt.Key.Key_Return), seen)
    restarted = make_window()
    # Closing at the end asks about the restored (unsaved) edits: answered, not left open.
    monkeypatch.setattr(questions, "run_box", lambda _box: QMessageBox.StandardButton.Discard)
    assert seen == [["&Discard them", "&Restore them"]]
    case = restarted.document.case
    assert case is not None and (case.case_id, case.patient_label) == (case_id, "crash-test")


class _IconButtons(QProxyStyle):
    """A desktop whose dialog buttons carry icons (GNOME/KDE themes do; offscreen does not)."""

    def styleHint(self, hint: Any, option: Any = None, widget: Any = None, data: Any = None) -> int:
        if hint == QStyle.StyleHint.SH_DialogButtonBox_ButtonsHaveIcons:
            return 1
        return super().styleHint(hint, option, widget, data)


def test_named_buttons_drop_the_yes_and_no_icons(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """'Move to trash' showed Yes's green tick and 'Cancel' No's red disc where buttons have icons."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.style().name()
    shown: list[QMessageBox] = []

    def keep(box: QMessageBox) -> QMessageBox.StandardButton:
        shown.append(box)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(questions, "run_box", keep)
    app.setStyle(_IconButtons(QStyleFactory.create("Fusion")))
    try:
        plain = QMessageBox(QMessageBox.Icon.Question, "t", "q", QMessageBox.StandardButton.Yes)
        qtbot.addWidget(plain)
        assert not plain.button(QMessageBox.StandardButton.Yes).icon().isNull()  # the style gives icons
        assert not questions.confirm(None, "Delete case", "Move it to the trash?", "Move to &trash")
        box = shown[0]
        qtbot.addWidget(box)
        for standard in (QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No):
            assert box.button(standard).icon().isNull(), box.button(standard).text()
    finally:
        app.setStyle(QStyleFactory.create(before))
