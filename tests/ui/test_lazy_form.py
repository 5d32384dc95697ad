"""The case form builds the sections below the fold after the window is up (#17 start-up). A section
built late must be indistinguishable from an eagerly built one: it binds and saves what is typed
(real key and mouse events), undoes, validates, sits in the same Tab order and carries the same
screen-reader names."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from nelm_desktop.ui.case.case_form import CaseForm
from nelm_desktop.ui.case.case_form_sections import SECTIONS
from nelm_desktop.ui.liver.liver_editor import LiverEditor
from nelm_desktop.ui.widgets.accessible_names import name_generated_controls

CTRL = Qt.KeyboardModifier.ControlModifier


def _built_fields(window: Any) -> list[str]:
    """Fields whose control exists, found without asking the form (which would build the rest)."""
    return [
        spec.field
        for section in SECTIONS
        for spec in section.fields
        if window.findChild(QWidget, f"field_{spec.field}") is not None
    ]


def _new_case_built_when_idle(window: Any, qtbot: Any) -> Any:
    """A new case in a fresh window; the rest of the form is then built by the idle build alone."""
    form = window.form
    window.new_case()
    assert not form.is_fully_built(), "the first screen only: nothing below the fold yet"
    built = _built_fields(window)
    assert "patient_label" in built and "notes" not in built
    qtbot.waitUntil(form.is_fully_built)  # nothing here asks for a field: the idle build does it
    return form


def _click_and_type(qtbot: Any, widget: Any, text: str) -> None:
    """Scroll to the control (as the user would), click into it, select all and type."""
    form = widget.parentWidget()
    while not isinstance(form, CaseForm):
        form = form.parentWidget()
    form.ensureWidgetVisible(widget)
    target = widget.lineEdit() if hasattr(widget, "lineEdit") else widget
    target = getattr(target, "viewport", lambda: target)()
    qtbot.mouseClick(target, Qt.MouseButton.LeftButton, pos=QPoint(target.width() // 2, target.height() // 2))
    qtbot.keyClick(widget, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(widget, text)


def test_a_section_built_late_binds_validates_undoes_and_saves(window: Any, qtbot: Any) -> None:
    _new_case_built_when_idle(window, qtbot)
    label = window.findChild(QWidget, "field_patient_label")
    _click_and_type(qtbot, label, "LZ-1")
    flr = window.findChild(QWidget, "field_flr_pct")  # Liver: below the fold, built late
    notes = window.findChild(QWidget, "field_notes")  # the last section
    assert flr is not None and notes is not None
    _click_and_type(qtbot, flr, "35")
    assert window.document.case.flr_pct == 35
    _click_and_type(qtbot, flr, "140")  # out of range: shown at the field, and it blocks Save
    error = window.findChild(QLabel, "error_flr_pct")
    assert error.isVisible() and "at most 100" in error.text()
    assert window.form.entry_problems() and window.form.entry_problems()[0][0] == "flr_pct"
    _click_and_type(qtbot, flr, "36")
    assert not error.isVisible() and window.document.case.flr_pct == 36
    _click_and_type(qtbot, notes, "seen at the board")
    assert window.document.case.notes == "seen at the board"
    qtbot.keyClick(notes, Qt.Key.Key_Z, CTRL)  # one undo step: the typed note
    assert window.document.case.notes == ""
    assert notes.toPlainText() == ""
    qtbot.keyClick(notes, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert notes.toPlainText() == "seen at the board"
    qtbot.keyClick(notes, Qt.Key.Key_S, CTRL)
    saved = json.loads(window.document.path.read_text(encoding="utf-8"))
    case = saved["case"] if isinstance(saved.get("case"), dict) else saved
    assert (case["patient_label"], case["flr_pct"], case["notes"]) == ("LZ-1", 36, "seen at the board")


def test_a_section_built_late_shows_the_open_case_and_its_conflicts(
    window: Any, qtbot: Any, store: Any
) -> None:
    """A saved case opened before its lower sections exist: they show its values once built."""
    from nelm_desktop.core.model import Case

    case = Case(patient_label="LZ-2", flr_pct=41.0, notes="from the file", ecog=2)
    store.save(case)
    window.refresh_library()
    form = window.form
    assert window.session.open_case(case.case_id, ask=False)
    assert not form.is_fully_built()
    qtbot.waitUntil(form.is_fully_built)
    assert window.findChild(QWidget, "field_flr_pct").value() == 41.0
    assert window.findChild(QWidget, "field_notes").toPlainText() == "from the file"
    assert window.findChild(QWidget, "field_ecog").value() == 2
    assert form.entry_problems() == []


def test_tab_from_the_last_built_field_goes_on_into_the_next_section(window: Any, qtbot: Any) -> None:
    form = window.form
    window.new_case()
    built = _built_fields(window)
    order = [spec.field for section in SECTIONS for spec in section.fields]
    last = built[-1]
    assert order.index(last) < len(order) - 1, "the form is not built to its end yet"
    next_section = next(
        s for s in SECTIONS if any(spec.field == order[order.index(last) + 1] for spec in s.fields)
    )
    widget = window.findChild(QWidget, f"field_{last}")
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    # Where an eagerly built form sends Tab: into the next section, never over to the options panel.
    assert form.section_boxes[next_section.key].isAncestorOf(focused), focused
    qtbot.keyClick(focused, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is widget


def test_the_liver_rows_under_the_diagram_follow_the_first_paint_and_move_nothing_in_view(
    window: Any, qtbot: Any
) -> None:
    """A Liver section that starts below the fold comes with its header and liver editor (the diagram
    is part of a usable window) but not its rows: under the editor, they are built after the paint,
    and nothing the first frame shows changes when they come."""
    form = window.form
    liver = next(section for section in SECTIONS if section.hosts_liver_editor)
    window.new_case()
    for _ in range(2):  # the first frame's layout (posted requests only: no timer runs)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    box = form.section_boxes[liver.key]
    assert box.isAncestorOf(window.liver_editor) and liver.key in form.section_headers
    assert box.mapTo(form.widget(), QPoint(0, 0)).y() >= form.viewport().height(), "below the fold"
    assert not {spec.field for spec in liver.fields} & set(_built_fields(window)), "its rows come later"
    first_frame = form.viewport().grab().toImage()
    qtbot.waitUntil(form.is_fully_built)
    qtbot.wait(50)  # the layout and paint that follow
    assert {spec.field for spec in liver.fields} <= set(_built_fields(window))
    assert form.verticalScrollBar().value() == 0
    assert form.viewport().grab().toImage() == first_frame


def _form_chain(form: CaseForm) -> list[tuple[str, str, str]]:
    window = form.window()
    out = []
    widget = window.nextInFocusChain()
    while widget is not window:
        if form.isAncestorOf(widget):
            out.append((type(widget).__name__, widget.objectName(), widget.accessibleName()))
        widget = widget.nextInFocusChain()
    return out


def test_a_form_built_late_has_the_eager_forms_focus_chain_and_names(window: Any, qtbot: Any) -> None:
    form = _new_case_built_when_idle(window, qtbot)
    host = QWidget()
    qtbot.addWidget(host)
    eager = CaseForm(LiverEditor(), host, lazy=False)
    assert eager.is_fully_built()
    eager.setAccessibleName("Case form")
    name_generated_controls(host)
    lazy_chain = _form_chain(form)
    assert len(lazy_chain) > 150
    assert lazy_chain == _form_chain(eager)
