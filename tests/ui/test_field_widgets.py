"""The shared field mixins (ui/case/fields.py: UndoToWindow, OptionalNumber) hold for EVERY field of
the form, with real key events: undo/redo keys typed inside any text or number field reach the window's
undo stack (the case, not just the box, goes back and forth), and every number box steps within the
model's range and below its minimum into "unknown", the wheel moving only a focused box."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from nelm_desktop.core.model import Case
from nelm_desktop.ui.case.case_form_sections import SECTIONS
from nelm_desktop.ui.case.fields import LineField, TextField
from nelm_desktop.ui.widgets.number_boxes import OptionalNumber
from nelm_desktop.ui.widgets.window_undo import UndoToWindow

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
SPECS = {spec.field: spec for section in SECTIONS for spec in section.fields}
TEXT_FIELDS = [f for f, s in SPECS.items() if s.kind in {"line", "text"}]
NUMBER_FIELDS = [f for f, s in SPECS.items() if s.kind in {"int", "float"}]
TYPED = {"primary_resection_date": "2024-05", "birth_year": "1961", "age_years": "64"}


def _typed(field: str) -> str:
    if field in TYPED:
        return TYPED[field]
    spec = SPECS[field]
    if spec.kind in {"int", "float"}:
        return str(int(spec.lo) + 2)
    return "Abc"


def test_every_text_and_number_field_uses_the_shared_mixins(window: Any) -> None:
    window.new_case()
    for field in TEXT_FIELDS + NUMBER_FIELDS:
        widget = window.form.field_widget(field)
        assert isinstance(widget, UndoToWindow), field
        assert isinstance(widget, OptionalNumber) == (field in NUMBER_FIELDS), field
        assert isinstance(widget, LineField | TextField | OptionalNumber), field


@pytest.mark.parametrize("field", TEXT_FIELDS + NUMBER_FIELDS)
@pytest.mark.parametrize("redo", ["ctrl+y", "ctrl+shift+z"])
def test_undo_keys_typed_inside_any_field_undo_the_case(
    window: Any, qtbot: Any, field: str, redo: str
) -> None:
    window.new_case()
    widget = window.form.field_widget(field)
    before = getattr(Case(), field)
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(widget, _typed(field))
    after = getattr(window.document.case, field)
    assert after != before and str(after).removesuffix(".0") == _typed(field), field
    qtbot.keyClick(widget, Qt.Key.Key_Z, CTRL)
    assert getattr(window.document.case, field) == before, field
    assert widget.value() == before, field  # the box shows what the case holds
    assert widget.hasFocus()
    if redo == "ctrl+y":
        qtbot.keyClick(widget, Qt.Key.Key_Y, CTRL)
    else:
        qtbot.keyClick(widget, Qt.Key.Key_Z, CTRL | SHIFT)
    assert getattr(window.document.case, field) == after, field
    assert widget.value() == after, field


@pytest.mark.parametrize("field", NUMBER_FIELDS)
def test_arrow_keys_step_within_the_range_and_below_it_into_unknown(
    window: Any, qtbot: Any, field: str
) -> None:
    window.new_case()
    box = window.form.field_widget(field)
    spec = SPECS[field]
    box.setFocus()
    assert box.text() == "unknown"
    qtbot.keyClick(box, Qt.Key.Key_Down)  # below unknown: stays unknown
    assert getattr(window.document.case, field) is None and box.text() == "unknown"
    qtbot.keyClick(box, Qt.Key.Key_Up)  # from unknown to the model's minimum
    assert getattr(window.document.case, field) == spec.lo, field
    qtbot.keyClick(box, Qt.Key.Key_Up)
    assert getattr(window.document.case, field) == spec.lo + box.singleStep(), field
    qtbot.keyClick(box, Qt.Key.Key_Down)
    qtbot.keyClick(box, Qt.Key.Key_Down)  # below the minimum: unknown, never an out-of-range number
    assert getattr(window.document.case, field) is None, field
    assert box.text() == "unknown"


@pytest.mark.parametrize("field", NUMBER_FIELDS)
def test_the_wheel_changes_only_a_focused_box(window: Any, qtbot: Any, field: str) -> None:
    window.new_case()
    box = window.form.field_widget(field)
    window.form.field_widget("patient_label").setFocus()

    def wheel() -> None:
        centre = QPointF(box.rect().center())
        event = QWheelEvent(
            centre,
            QPointF(box.mapToGlobal(centre.toPoint())),
            QPoint(0, 0),
            QPoint(0, 120),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(box, event)

    wheel()
    assert getattr(window.document.case, field) is None and box.text() == "unknown", field
    box.setFocus()
    wheel()
    assert getattr(window.document.case, field) == SPECS[field].lo, field


def test_scrolling_the_form_past_any_combo_never_changes_the_case(window: Any, qtbot: Any) -> None:
    """Seen in the #13 walkthrough: a wheel turn over the liver editor's confirm-type combo, while
    scrolling the form, confirmed "Limited unilobar" and changed the recommendation. Every combo in the
    form (fields, liver editor, treatment-history lines) lets an unfocused turn go on to the form."""
    from PySide6.QtWidgets import QComboBox

    window.menu_actions.demo.trigger()
    from nelm_desktop.ui.case.treatment_history import TreatmentHistoryField

    window.form.ensure_built()  # every section (the form builds those below the fold lazily)
    [field] = window.form.findChildren(TreatmentHistoryField)
    qtbot.mouseClick(field.add_button, Qt.MouseButton.LeftButton)
    before = window.document.case.model_dump()
    combos = [c for c in window.form.findChildren(QComboBox) if c.isEnabled() and c.count() > 1]
    assert len(combos) >= 8  # fields, the confirm type, the new line's three
    window.form.field_widget("patient_label").setFocus()
    for combo in combos:
        index = combo.currentIndex()
        for delta in (-120, 120):
            centre = QPointF(combo.rect().center())
            event = QWheelEvent(
                centre,
                QPointF(combo.mapToGlobal(centre.toPoint())),
                QPoint(0, 0),
                QPoint(0, delta),
                Qt.MouseButton.NoButton,
                Qt.KeyboardModifier.NoModifier,
                Qt.ScrollPhase.NoScrollPhase,
                False,
            )
            QApplication.sendEvent(combo, event)
        assert combo.currentIndex() == index, combo.accessibleName()
        assert not combo.hasFocus(), combo.accessibleName()
    assert window.document.case.model_dump() == before
