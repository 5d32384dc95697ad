"""Clinical revision 2: every new fact is a point-and-click control in the right place of the form,
entered with real mouse clicks and key presses, and lands in the case the engine reads."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from nelm_desktop.core.engine import evaluate
from nelm_desktop.ui.case.case_form_sections import SECTIONS


def _order(section_key: str) -> list[str]:
    [section] = [s for s in SECTIONS if s.key == section_key]
    return [spec.field for spec in section.fields]


def _after(fields: list[str], first: str, then: str) -> bool:
    return fields.index(then) == fields.index(first) + 1


def test_new_facts_sit_next_to_the_facts_they_qualify() -> None:
    primary = _order("primary")
    assert _after(primary, "primary_resected", "primary_resectable")
    assert _after(primary, "differentiation", "grade_reported")
    assert _after(primary, "grade_reported", "ki67_pct")
    assert _after(primary, "ki67_pct", "ki67_liver_pct")
    assert _after(primary, "functional_syndrome", "syndrome_type")
    assert _after(primary, "syndrome_type", "syndrome_name")
    assert _after(_order("liver"), "flr_pct", "surgeon_assessment")
    assert "fdg_pet" in _order("imaging")


def _click(qtbot: Any, window: Any, field: str, value: str) -> None:
    button = window.form.field_widget(field).button_for(value)
    button.ensurePolished()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_new_facts_are_entered_by_clicks_and_reach_the_engine(window: Any, qtbot: Any) -> None:
    window.new_case()
    window.form.ensureWidgetVisible(window.form.field_widget("surgeon_assessment"))
    form = window.form
    surgeon = form.field_widget("surgeon_assessment")
    assert [b.text() for b in surgeon.buttons()] == [
        "Not assessed",
        "One stage",
        "Two stages only",
        "Unresectable",
    ]
    _click(qtbot, window, "surgeon_assessment", "two_stage_only")
    _click(qtbot, window, "primary_resected", "no")
    _click(qtbot, window, "primary_resectable", "no")
    _click(qtbot, window, "grade_reported", "G3")
    _click(qtbot, window, "fdg_pet", "negative")
    _click(qtbot, window, "functional_syndrome", "yes")
    liver_ki67 = form.field_widget("ki67_liver_pct")
    liver_ki67.setFocus()
    qtbot.keyClick(liver_ki67, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(liver_ki67, "24")
    syndrome = form.field_widget("syndrome_type")
    syndrome.setFocus()
    target = syndrome.findData("insulinoma")
    for _ in range(target):
        qtbot.keyClick(syndrome, Qt.Key.Key_Down)
    case = window.document.case
    assert case.surgeon_assessment == "two_stage_only"
    assert case.primary_resected == "no" and case.primary_resectable == "no"
    assert case.grade_reported == "G3" and case.ki67_liver_pct == 24
    assert case.fdg_pet == "negative"
    assert case.functional_syndrome == "yes" and case.syndrome_type == "insulinoma"
    # the engine reads them (GRADE-0): the liver Ki-67 of 24 % grades G3 NET, agreeing with the report
    evaluation = evaluate(case)
    assert evaluation.grade.grade == "G3 NET" and evaluation.grade.rule == "GRADE-5"
    assert "FLAG-OUT-SSA-INSULINOMA" in {f.id for f in evaluation.flags}
    # and clicking back to the unknown value is a deliberate, visible choice
    _click(qtbot, window, "surgeon_assessment", "not_assessed")
    assert window.document.case.surgeon_assessment == "not_assessed"
