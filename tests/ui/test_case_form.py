"""The case form: every fact has a control, unknown is visible, bad input is marked at the field and the
last valid case is kept, the keyboard reaches everything in form order, undo/redo."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from nelm_desktop.core.model import CLINICAL_FACTS, Case
from nelm_desktop.ui.case.case_form_sections import LIVER_EDITOR_FIELDS, SECTIONS
from nelm_desktop.ui.case.fields import SegmentedChoice
from nelm_desktop.ui.widgets.number_boxes import OptionalFloatBox, OptionalIntBox

# Bookkeeping fields that are not facts the clinician enters.
NOT_FORM_FIELDS = {"schema_version", "case_id", "demo", "created_at", "updated_at", "revisions"}


def _type_into(qtbot: Any, widget: Any, text: str) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(widget, text)


def test_every_case_field_has_a_control_or_lives_in_the_liver_editor(window: Any) -> None:
    bound = set(window.form.binder.fields())
    expected = set(Case.model_fields) - NOT_FORM_FIELDS - LIVER_EDITOR_FIELDS
    assert bound == expected
    assert set(CLINICAL_FACTS) <= bound | LIVER_EDITOR_FIELDS
    # Every control has an accessible name (its label) for screen readers.
    assert all(window.form.field_widget(f).accessibleName() for f in bound)


def test_a_new_case_shows_every_fact_as_unknown(window: Any) -> None:
    window.new_case()
    form = window.form
    for field in form.binder.fields():
        widget = form.field_widget(field)
        assert widget.value() == getattr(Case(), field), field
        if isinstance(widget, SegmentedChoice):
            checked = [b for b in widget.buttons() if b.isChecked()]
            unknown_label = "Not assessed" if field == "surgeon_assessment" else "Unknown"
            assert [b.text() for b in checked] == [unknown_label], field
        if isinstance(widget, OptionalIntBox | OptionalFloatBox):
            assert widget.text() == "unknown", field


def test_out_of_range_input_is_marked_at_the_field_and_the_last_valid_case_is_kept(
    window: Any, qtbot: Any
) -> None:
    window.new_case()
    ki67 = window.form.field_widget("ki67_pct")
    _type_into(qtbot, ki67, "14")
    assert window.document.case.ki67_pct == 14
    _type_into(qtbot, ki67, "140")
    error = window.findChild(QLabel, "error_ki67_pct")
    assert error.isVisible()
    assert "at most 100" in error.text()
    assert ki67.property("invalid") is True
    assert window.document.case.ki67_pct == 14  # the last valid value
    # A valid value clears the mark.
    _type_into(qtbot, ki67, "20")
    assert window.document.case.ki67_pct == 20
    assert not error.isVisible()
    assert ki67.property("invalid") is False


def test_too_long_label_is_rejected_with_the_reason(window: Any, qtbot: Any) -> None:
    window.new_case()
    label = window.form.field_widget("patient_label")
    label.setFocus()
    qtbot.keyClicks(label, "AB-12")
    label.setText("x" * 201)
    label.textEdited.emit(label.text())
    assert window.document.case.patient_label == "AB-12"
    assert "at most 200" in window.form.binder.error_text("patient_label")


def test_keyboard_only_path_through_the_form(window: Any, qtbot: Any) -> None:
    window.activateWindow()
    window.new_case()
    label = window.form.field_widget("patient_label")
    qtbot.waitUntil(label.hasFocus)  # a new case puts the cursor in the label
    qtbot.keyClicks(label, "KB-1")
    focus = QApplication.focusWidget
    qtbot.keyClick(focus(), Qt.Key.Key_Tab)
    assert focus() is window.form.field_widget("birth_year") or focus().parent() is window.form.field_widget(
        "birth_year"
    )
    qtbot.keyClicks(focus(), "1960")
    qtbot.keyClick(focus(), Qt.Key.Key_Tab)
    qtbot.keyClicks(focus(), "64")
    qtbot.keyClick(focus(), Qt.Key.Key_Tab)
    sex = window.form.field_widget("sex")
    assert focus() is sex
    qtbot.keyClick(sex, Qt.Key.Key_F)  # first letter picks "Female"
    qtbot.keyClick(sex, Qt.Key.Key_Tab)
    site = window.form.field_widget("primary_site")
    assert focus() is site
    qtbot.keyClick(site, Qt.Key.Key_Down)  # next choice: Pancreas
    qtbot.keyClick(site, Qt.Key.Key_Tab)
    case = window.document.case
    assert (case.patient_label, case.birth_year, case.age_years, case.sex) == ("KB-1", 1960, 64, "female")
    assert case.primary_site == "pancreas"
    # Arrows move a segmented control; the order of fields is the order of the form sections.
    window.form.focus_fact("differentiation")
    diff = window.form.field_widget("differentiation")
    assert focus() is diff
    qtbot.keyClick(diff, Qt.Key.Key_Right)
    assert window.document.case.differentiation == "well"
    qtbot.keyClick(diff, Qt.Key.Key_U)
    assert window.document.case.differentiation == "unknown"


def test_tab_order_follows_the_form(window: Any) -> None:
    window.new_case()
    order = [spec.field for section in SECTIONS for spec in section.fields]
    widgets = [window.form.field_widget(f) for f in order]
    chain = []
    widget = widgets[0]
    for _ in range(400):
        chain.append(widget)
        widget = widget.nextInFocusChain()
        if widget is widgets[0]:
            break
    positions = [chain.index(w) for w in widgets]
    assert positions == sorted(positions)


def test_undo_and_redo_with_the_shortcuts(window: Any, qtbot: Any) -> None:
    window.new_case()
    window.form.field_widget("differentiation").button_for("well").click()
    ki67 = window.form.field_widget("ki67_pct")
    _type_into(qtbot, ki67, "25")  # two keystrokes, one undo step
    assert window.document.case.ki67_pct == 25
    qtbot.keyClick(ki67, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.document.case.ki67_pct is None
    assert ki67.text() == "unknown"
    qtbot.keyClick(ki67, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.document.case.differentiation == "unknown"
    assert window.form.field_widget("differentiation").value() == "unknown"
    qtbot.keyClick(
        ki67, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert window.document.case.differentiation == "well"
    assert window.form.field_widget("differentiation").value() == "well"


def test_focus_fact_jumps_to_the_field_and_lesion_facts_go_to_the_liver_editor(window: Any) -> None:
    window.activateWindow()
    window.new_case()
    window.options_panel.factRequested.emit("flr_pct")
    assert QApplication.focusWidget() is window.form.field_widget("flr_pct")
    window.options_panel.factRequested.emit("lesions")
    focused = QApplication.focusWidget()
    assert focused is window.liver_editor or window.liver_editor.isAncestorOf(focused)


def test_no_wrapped_line_of_the_form_is_cut_once_every_section_is_built(window: Any, qtbot: Any) -> None:
    """At 1366x768 a new case's liver section showed its hints cut to one line ("Future liver remnant
    after the planned one-", the surgeon's hint 140 px tall in a 42 px row): while the sections below
    were built one by one the column squeezed the boxes above, and a form kept those row heights."""
    from PySide6.QtWidgets import QLabel

    window.resize(1366, 740)
    window.new_case()
    form = window.form
    qtbot.waitUntil(form.is_fully_built)
    qtbot.wait(50)
    cut = [
        (key, label.text()[:40], label.height(), label.heightForWidth(label.width()))
        for key, box in form.section_boxes.items()
        for label in box.findChildren(QLabel)
        if label.isVisible() and label.wordWrap() and label.heightForWidth(label.width()) > label.height() + 1
    ]
    assert cut == []


def test_a_hint_beside_four_or_more_choices_sits_under_them(window: Any, qtbot: Any) -> None:
    """Beside five grade choices the hint had ~100 px (four lines), beside the surgeon's four ~70 px
    (eight lines of one word) at 1366x768: under the choices it reads as one or two lines."""
    from PySide6.QtWidgets import QLabel

    window.resize(1366, 740)
    window.new_case()
    form = window.form
    qtbot.waitUntil(form.is_fully_built)
    qtbot.wait(50)
    for field in ("grade_reported", "surgeon_assessment", "sstr_imaging"):
        choices = form.field_widget(field)
        hint = next(h for h in choices.parentWidget().findChildren(QLabel) if h.property("role") == "hint")
        assert hint.geometry().top() >= choices.geometry().bottom(), field
        assert hint.height() <= 2 * hint.fontMetrics().lineSpacing() + 2, field
    choices = form.field_widget("differentiation")  # three choices: the hint stays beside them
    hint = next(h for h in choices.parentWidget().findChildren(QLabel) if h.property("role") == "hint")
    assert hint.geometry().left() > choices.geometry().right()
