"""An edit reloads only the form fields whose case value changed, and what the other fields show
(a typed entry the model refused, a half-typed number, a focused combo) is what it was before: real
key and mouse events, then every shown value compared with the case the window would save."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel

from nelm_desktop.ui.widgets.number_boxes import OptionalFloatBox, OptionalIntBox

CTRL = Qt.KeyboardModifier.ControlModifier


def _type_into(qtbot: Any, widget: Any, text: str) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(widget, text)


def _click_choice(qtbot: Any, window: Any, field: str, value: str) -> None:
    button = window.form.field_widget(field).button_for(value)
    window.form.ensureWidgetVisible(button)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _undo(qtbot: Any, widget: Any) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_Z, CTRL)


def _shown_is_the_case(window: Any) -> None:
    """Every field without a refused entry shows its case value (what Save writes)."""
    binder = window.form.binder
    refused = {field for field, _message in binder.rejected_entries()}
    case = window.document.case
    for field in binder.fields():
        if field in refused:
            continue
        widget = binder.widget(field)
        value = getattr(case, field)
        if isinstance(widget, OptionalIntBox | OptionalFloatBox) and value is None:
            assert widget.text() == "unknown", field
        assert widget.value() == value, field


def test_an_edit_asks_only_the_fields_whose_case_value_changed(window: Any, qtbot: Any) -> None:
    window.new_case()
    form = window.form
    asked: list[str] = []
    for field in form.binder.fields():
        widget = form.binder.widget(field)
        for name in ("value", "set_value"):
            original = getattr(widget, name)
            setattr(widget, name, lambda *a, f=field, o=original: (asked.append(f), o(*a))[1])
    _type_into(qtbot, form.field_widget("ki67_pct"), "12")
    _click_choice(qtbot, window, "sex", "female")
    _type_into(qtbot, form.field_widget("birth_year"), "1960")  # the age follows (a linked fact)
    assert window.document.case.sex == "female"
    assert window.document.case.age_years is not None
    # The typed and clicked widgets report their own values; the form asked only the linked age.
    assert set(asked) <= {"ki67_pct", "sex", "birth_year", "age_years"}
    assert "age_years" in asked  # its box was loaded with the derived value
    assert form.field_widget("age_years").value() == window.document.case.age_years
    _shown_is_the_case(window)


def test_a_refused_entry_stays_shown_and_blocking_through_edits_and_undo_elsewhere(
    window: Any, qtbot: Any
) -> None:
    window.new_case()
    ki67 = window.form.field_widget("ki67_pct")
    _type_into(qtbot, ki67, "14")
    _type_into(qtbot, ki67, "140")  # refused: the case keeps 14
    _click_choice(qtbot, window, "sex", "male")
    _click_choice(qtbot, window, "differentiation", "well")
    _undo(qtbot, window.form.field_widget("differentiation"))
    assert window.document.case.differentiation == "unknown"
    assert window.document.case.sex == "male"
    assert window.document.case.ki67_pct == 14
    assert ki67.lineEdit().text().startswith("140")
    assert ki67.property("invalid") is True
    error = window.findChild(QLabel, "error_ki67_pct")
    assert error.isVisible() and "at most 100" in error.text()
    assert [f for f, _m in window.form.entry_problems()] == ["ki67_pct"]
    _shown_is_the_case(window)
    # Undo back to before the refused entry's field had a value: the box shows the case again.
    for _ in range(3):
        _undo(qtbot, window.form.field_widget("sex"))
    assert window.document.case.ki67_pct is None
    assert ki67.text() == "unknown"
    assert window.form.entry_problems() == []
    _shown_is_the_case(window)


def test_a_half_typed_number_keeps_its_text_and_focus_when_another_field_is_undone(
    window: Any, qtbot: Any
) -> None:
    window.new_case()
    flr = window.form.field_widget("flr_pct")
    _type_into(qtbot, flr, "35")
    _click_choice(qtbot, window, "sex", "female")  # the last undo step
    edit = flr.lineEdit()
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton, pos=QPoint(edit.width() - 4, edit.height() // 2))
    qtbot.keyClick(flr, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(flr, "-")  # not a number yet: nothing reaches the case
    assert edit.text().startswith("-")
    _undo(qtbot, flr)  # Ctrl+Z in the box undoes the window's last step: the click
    assert window.document.case.sex == "unknown"
    assert window.form.field_widget("sex").value() == "unknown"
    assert window.document.case.flr_pct == 35
    assert edit.text().startswith("-")  # still what the user is typing
    assert flr.hasFocus()


def test_a_focused_combo_keeps_its_choice_and_focus_when_another_field_is_undone(
    window: Any, qtbot: Any
) -> None:
    window.new_case()
    combo = window.form.field_widget("primary_site")
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # the next site, chosen with the keyboard
    chosen = combo.value()
    assert chosen != "unknown" and window.document.case.primary_site == chosen
    _click_choice(qtbot, window, "sex", "female")
    combo.setFocus()
    _undo(qtbot, combo)  # the click
    assert window.document.case.sex == "unknown"
    assert combo.hasFocus()
    assert combo.value() == chosen == window.document.case.primary_site
    _shown_is_the_case(window)


def test_what_is_shown_is_the_case_after_edits_undo_redo_and_another_case(window: Any, qtbot: Any) -> None:
    window.new_case()
    form = window.form
    _type_into(qtbot, form.field_widget("patient_label"), "R-1")
    _type_into(qtbot, form.field_widget("ki67_pct"), "12")
    _click_choice(qtbot, window, "extrahepatic_disease", "resectable")
    _type_into(qtbot, form.field_widget("birth_year"), "1960")
    _type_into(qtbot, form.field_widget("flr_pct"), "150")  # refused, kept shown
    _shown_is_the_case(window)
    assert form.field_widget("flr_pct").lineEdit().text().startswith("150")
    label = form.field_widget("patient_label")
    for _ in range(3):
        _undo(qtbot, label)
        _shown_is_the_case(window)
    for _ in range(2):
        qtbot.keyClick(label, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
        _shown_is_the_case(window)
    # The first undo took back the box's accepted "15" (typed on the way to "150"): the case
    # value changed, so the box shows the case again and the refused entry is gone.
    assert window.document.case.flr_pct is None
    assert form.field_widget("flr_pct").text() == "unknown"
    assert form.entry_problems() == []
    window.document.undo_stack.clear()
    window.new_case()  # another case: every field shows it, no mark carried over
    assert form.entry_problems() == []
    _shown_is_the_case(window)
