"""The options panel never silently evaluates a value the box does not show.

Keyboard tracking lets "1" and "14" reach the case while 140 is typed into Ki-67 (0-100): the box shows
140 in red, the case (and so the options) keep 14. The panel says so, with both values, until the entry
is fixed or undone. What is saved is unchanged: the file never holds 14 unless 14 was typed.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from nelm_desktop.core.dates import frozen_today

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture(autouse=True)
def _frozen_clock() -> Any:
    with frozen_today(date(2026, 12, 3)):
        yield


def _saved_ki67(path: Path) -> Any:
    data = json.loads(path.read_text(encoding="utf-8"))
    case = data["case"] if isinstance(data.get("case"), dict) else data
    return case["ki67_pct"]


def _retype(qtbot: Any, widget: Any, text: str) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(widget, text)


def _new_saved_case(window: Any, qtbot: Any) -> Path:
    window.new_case()
    _retype(qtbot, window.form.field_widget("patient_label"), "T-1")
    qtbot.keyClick(window, Qt.Key.Key_S, CTRL)
    assert window.document.path is not None
    return Path(window.document.path)


def test_the_panel_names_a_refused_entry_with_both_values_until_it_is_fixed(
    window: Any, qtbot: Any, dialogs: Any
) -> None:
    path = _new_saved_case(window, qtbot)
    notice = window.options_panel.entry_notice
    ki67 = window.form.field_widget("ki67_pct")
    assert notice.isHidden()

    _retype(qtbot, ki67, "140")
    assert window.document.case.ki67_pct == 14  # the keystrokes 1 and 14 were accepted
    assert notice.isVisible()
    assert notice.sentences() == [
        "Ki-67 index (%) shows 140, which is not accepted (0–100 %). Options below use the last accepted "
        "value, 14 %. Fix the entry to update them."
    ]
    assert "140" in notice.accessibleDescription() and "14 %" in notice.accessibleDescription()
    assert notice.accessibleName()
    qtbot.keyClick(ki67, Qt.Key.Key_S, CTRL)
    assert dialogs.titles() == ["Not saved"]
    assert _saved_ki67(path) is None  # never 14: the user did not type 14

    # An edit elsewhere keeps the notice (the box still shows 140).
    notes = window.form.field_widget("notes")
    notes.setFocus()
    qtbot.keyClicks(notes, "x")
    assert notice.isVisible() and "shows 140" in notice.sentences()[0]

    _retype(qtbot, ki67, "40")
    assert notice.isHidden() and notice.sentences() == []
    qtbot.keyClick(ki67, Qt.Key.Key_S, CTRL)
    assert _saved_ki67(path) == 40


def test_the_notice_goes_when_the_entry_is_undone_and_names_every_field(window: Any, qtbot: Any) -> None:
    _new_saved_case(window, qtbot)
    notice = window.options_panel.entry_notice
    ki67 = window.form.field_widget("ki67_pct")
    _retype(qtbot, ki67, "140")
    age = window.form.field_widget("age_years")
    _retype(qtbot, age, "1400")
    sentences = notice.sentences()
    assert [s.split(" ")[0] for s in sentences] == ["Age", "Ki-67"], sentences  # in form order
    assert "shows 1400" in sentences[0] and "value, 14 years" in sentences[0]  # 140 > 120 too
    assert "shows 140" in sentences[1] and "value, 14 %" in sentences[1]

    # Undo until neither case value is the one behind a refused entry: the boxes show the case again.
    while notice.isVisible() and window.document.undo_stack.canUndo():
        qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert notice.isHidden()
    assert ki67.value() is None and age.value() is None


def test_another_case_drops_the_notice(window: Any, qtbot: Any, dialogs: Any) -> None:
    _new_saved_case(window, qtbot)
    _retype(qtbot, window.form.field_widget("ki67_pct"), "140")
    window.document.undo_stack.clear()
    window.new_case()  # the recorder answers Discard
    assert window.options_panel.entry_notice.isHidden()


def test_a_field_refused_from_its_first_keystroke_is_evaluated_as_unknown(window: Any, qtbot: Any) -> None:
    _new_saved_case(window, qtbot)
    birth = window.form.field_widget("birth_year")
    _retype(qtbot, birth, "3000")  # "3", "30", "300", "3000": every keystroke refused
    assert window.document.case.birth_year is None
    (sentence,) = window.options_panel.entry_notice.sentences()
    assert sentence.startswith("Year of birth shows 3000, which is not accepted ("), sentence
    assert "Options below treat it as unknown, its last accepted value." in sentence


def test_a_new_treatment_line_is_named_by_its_number_never_dumped(window: Any, qtbot: Any) -> None:
    """'Add treatment line' starts an 'other' line without a name: the field, the status bar and the
    notice showed Python's dict of the line ("shows {'modality': 'other', 'name': '', ...}")."""
    _new_saved_case(window, qtbot)
    history = window.form.field_widget("treatment_history")
    qtbot.mouseClick(history.add_button, Qt.MouseButton.LeftButton)
    problem = window.form.binder.error_text("treatment_history")
    assert problem == "Treatment history: line 1: an 'other' treatment needs a name"
    assert window.statusBar().currentMessage() == f"Not accepted: {problem}"
    notice = window.options_panel.entry_notice
    assert notice.sentences() == [
        "Treatment history shows 1 entry, which is not accepted (line 1: an 'other' treatment needs a "
        "name). Options below use the last accepted value, none. Fix the entry to update them."
    ]
    assert "{" not in notice.text()
    name = history.cell(0, "name")
    name.setFocus()
    qtbot.keyClicks(name, "Octreotide LAR")
    assert window.form.binder.error_text("treatment_history") == "" and notice.isHidden()


def test_a_pasted_text_far_over_the_limit_is_named_by_its_start_and_length(window: Any, qtbot: Any) -> None:
    """A 2.8 MB paste into the notes put the whole text into the notice above the options: laying it
    out froze the window for 20 s (cProfile: QWidget.setVisible of the notice). The field keeps it."""
    from PySide6.QtGui import QGuiApplication

    _new_saved_case(window, qtbot)
    window.form.ensure_built()
    notes = window.form.field_widget("notes")
    pasted = "scan report " * 8_400  # 100,800 characters: the notes keep 100,000
    QGuiApplication.clipboard().setText(pasted)
    notes.setFocus()
    qtbot.keyClick(notes, Qt.Key.Key_V, CTRL)
    assert notes.toPlainText() == pasted  # shown whole in its field, refused there
    (sentence,) = window.options_panel.entry_notice.sentences()
    assert sentence.startswith("Notes shows scan report scan report") and "… (100,800 characters)" in sentence
    assert len(sentence) < 400
