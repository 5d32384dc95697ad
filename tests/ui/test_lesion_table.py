"""Lesion table model (no widgets), the table widget, and diagram <-> table sync in LiverEditor."""

from __future__ import annotations

from typing import Any

import pytest
from factories import evaluate, make_case, make_evaluation
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QLineEdit

from nelm_desktop.core import liver_geometry as geo
from nelm_desktop.core.model import Lesion, new_case
from nelm_desktop.ui.liver.lesion_dialog import LesionDialog
from nelm_desktop.ui.liver.lesion_table import COUNT_COL, SEGMENT_COL, SIZE_COL, LesionTable, LesionTableModel
from nelm_desktop.ui.liver.liver_editor import LiverEditor

ROWS = [Lesion(segment="IV", size_cm=6.2, count=1), Lesion(segment="VI", size_cm=None, count=None)]
D, E = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole


# ----------------------------------------------------------------------------- model, no widgets
class Recorder:
    def __init__(self, model: LesionTableModel):
        self.edits: list[list[Lesion]] = []
        self.rejected: list[str] = []
        model.lesionsEdited.connect(self.edits.append)
        model.editRejected.connect(self.rejected.append)


def test_model_shows_rows_with_unknowns():
    model = LesionTableModel(ROWS)
    assert (model.rowCount(), model.columnCount()) == (2, 3)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == [
        "Segment",
        "Size (cm)",
        "Count",
    ]
    assert [model.index(0, c).data(D) for c in range(3)] == ["IV", "6.2", "1"]
    assert [model.index(1, c).data(D) for c in range(3)] == ["VI", "unknown", "unknown"]
    assert [model.index(1, c).data(E) for c in range(3)] == ["VI", "", ""]  # blank = unknown when editing
    assert model.rowCount(model.index(0, 0)) == 0  # a table, not a tree


@pytest.mark.parametrize(
    ("column", "text", "field", "value"),
    [
        (SIZE_COL, "3,5", "size_cm", 3.5),
        (SIZE_COL, "4 cm", "size_cm", 4.0),
        (SIZE_COL, "", "size_cm", None),
        (SIZE_COL, "unknown", "size_cm", None),
        (COUNT_COL, "7", "count", 7),
        (COUNT_COL, " ", "count", None),
        (SEGMENT_COL, "viii", "segment", "VIII"),
        (SEGMENT_COL, "", "segment", None),
    ],
)
def test_model_set_data_parses_and_emits(column, text, field, value):
    model = LesionTableModel(ROWS)
    rec = Recorder(model)
    assert model.setData(model.index(0, column), text)
    assert getattr(model.lesion(0), field) == value
    assert rec.edits == [model.lesions()]
    assert rec.rejected == []


@pytest.mark.parametrize(
    ("column", "text"),
    [
        (SIZE_COL, "0"),
        (SIZE_COL, "41"),
        (SIZE_COL, "big"),
        (COUNT_COL, "0"),
        (COUNT_COL, "2.5"),
        (SEGMENT_COL, "IX"),
    ],
)
def test_model_rejects_invalid_values_and_keeps_the_old_one(column, text):
    model = LesionTableModel(ROWS)
    rec = Recorder(model)
    assert not model.setData(model.index(0, column), text)
    assert model.lesions() == ROWS
    assert rec.edits == []
    assert len(rec.rejected) == 1 and text in rec.rejected[0]


def test_model_add_remove_and_set_lesions():
    model = LesionTableModel()
    rec = Recorder(model)
    row = model.add_lesion(Lesion(segment="II", size_cm=1.0, count=2))
    assert row == 0
    model.add_lesion()
    assert model.lesions()[1] == Lesion(segment=None, size_cm=None, count=1)
    model.remove_rows([0, 5])
    assert model.lesions() == [Lesion(segment=None, size_cm=None, count=1)]
    assert len(rec.edits) == 3
    model.set_lesions(ROWS)  # programmatic: no edit signal
    assert len(rec.edits) == 3
    assert model.lesions() == ROWS
    model.set_lesions(None)
    assert model.rowCount() == 0


def test_model_unchanged_set_lesions_does_not_reset():
    model = LesionTableModel(ROWS)
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    model.set_lesions([r.model_copy() for r in ROWS])
    assert resets == []
    model.set_lesions(ROWS[:1])
    assert resets == [1]


def test_model_same_value_is_not_an_edit():
    model = LesionTableModel(ROWS)
    rec = Recorder(model)
    assert model.setData(model.index(0, SIZE_COL), "6.2")
    assert rec.edits == []
    assert not model.setData(QModelIndex(), "1")


# ----------------------------------------------------------------------------- widget
@pytest.fixture
def table(qtbot):
    t = LesionTable()
    qtbot.addWidget(t)
    t.resize(360, 260)
    t.show()
    qtbot.waitExposed(t)
    return t


def test_typing_into_a_cell_edits_the_row(qtbot, table):
    table.set_lesions(ROWS)
    view = table.view
    view.setFocus()
    view.setCurrentIndex(table.model.index(1, SIZE_COL))
    with qtbot.waitSignal(table.lesionsEdited) as blocker:
        qtbot.keyClicks(view, "2")  # any key starts the editor with that key
        editor = view.focusWidget()
        assert isinstance(editor, QLineEdit)
        qtbot.keyClicks(editor, ".5")
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert blocker.args[0][1] == Lesion(segment="VI", size_cm=2.5, count=None)


def test_invalid_typing_shows_a_message_at_the_table(qtbot, table):
    table.set_lesions(ROWS)
    view = table.view
    view.setFocus()
    view.setCurrentIndex(table.model.index(0, COUNT_COL))
    qtbot.keyClicks(view, "-")
    qtbot.keyClicks(view.focusWidget(), "3")
    qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(table.message.isVisible)  # the delegate commits on the next event-loop turn
    assert "-3" in table.message.text()
    assert table.lesions() == ROWS


def test_segment_column_uses_a_combo(qtbot, table):
    table.set_lesions(ROWS)
    index = table.model.index(0, SEGMENT_COL)
    table.view.setCurrentIndex(index)
    table.view.edit(index)
    combo = table.view.findChild(QComboBox)
    # IVa and IVb as the diagram draws them, and IV (subsegment not recorded) still valid
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "unknown",
        *["I", "II", "III", "IV", "IVa", "IVb", "V", "VI", "VII", "VIII"],
    ]
    assert {s.segment for s in geo.SEGMENT_SHAPES} < {combo.itemText(i) for i in range(combo.count())}
    with qtbot.waitSignal(table.lesionsEdited):
        combo.setCurrentText("VII")
        qtbot.keyClick(combo, Qt.Key.Key_Return)
    assert table.lesions()[0].segment == "VII"


def test_add_and_remove_buttons(qtbot, table):
    table.default_segment = "III"
    with qtbot.waitSignal(table.lesionsEdited):
        qtbot.mouseClick(table.add_button, Qt.MouseButton.LeftButton)
    assert table.lesions() == [Lesion(segment="III", size_cm=None, count=1)]
    qtbot.keyClick(table.view.focusWidget(), Qt.Key.Key_Escape)
    table.view.selectRow(0)
    with qtbot.waitSignal(table.lesionsEdited):
        qtbot.mouseClick(table.remove_button, Qt.MouseButton.LeftButton)
    assert table.lesions() == []
    assert not table.remove_button.isEnabled()


# ----------------------------------------------------------------------------- editor: sync both ways
@pytest.fixture
def editor(qtbot):
    e = LiverEditor()
    qtbot.addWidget(e)
    e.resize(900, 460)
    e.show()
    qtbot.waitExposed(e)
    return e


def test_diagram_edit_updates_the_table(qtbot, editor):
    case = make_case()
    editor.set_case_liver(case.lesions, evaluate(case))
    d = editor.diagram
    d.setFocus()
    d.select_segment("VIII")
    qtbot.keyClick(d, Qt.Key.Key_Plus)
    qtbot.waitUntil(lambda: d.findChild(LesionDialog) is not None)
    dialog = d.findChild(LesionDialog)
    dialog.size_spin.setValue(2.0)
    with qtbot.waitSignal(editor.lesionsEdited) as blocker:
        qtbot.keyClick(dialog.size_spin, Qt.Key.Key_Return)
    assert blocker.args[0][-1] == Lesion(segment="VIII", size_cm=2.0, count=1)
    assert editor.table.lesions() == blocker.args[0] == editor.diagram.lesions()
    selected = {i.row() for i in editor.table.view.selectionModel().selectedRows()}
    assert selected == {len(blocker.args[0]) - 1}
    with qtbot.waitSignal(editor.lesionsEdited):
        qtbot.keyClick(d, Qt.Key.Key_Minus)
    assert editor.table.lesions() == case.lesions


def test_table_edit_updates_the_diagram(qtbot, editor):
    editor.set_case_liver(ROWS, make_evaluation())
    with qtbot.waitSignal(editor.lesionsEdited) as blocker:
        editor.table.model.setData(editor.table.model.index(1, SEGMENT_COL), "III")
    assert editor.diagram.rows_in("III") == [Lesion(segment="III", size_cm=None, count=None)]
    assert editor.diagram.rows_in("VI") == []
    assert blocker.args[0] == editor.diagram.lesions()


def test_selection_follows_between_table_and_diagram(qtbot, editor):
    editor.set_case_liver(ROWS, make_evaluation())
    editor.table.view.setCurrentIndex(editor.table.model.index(1, 0))
    assert editor.diagram.selected_segment() == "VI"
    editor.diagram.select_segment("IV")
    assert {i.row() for i in editor.table.view.selectionModel().selectedRows()} == {0}
    assert editor.table.default_segment == "IV"


def test_set_case_liver_emits_nothing_and_keeps_selection(qtbot, editor):
    edits = []
    editor.lesionsEdited.connect(edits.append)
    editor.set_case_liver(ROWS, make_evaluation())
    editor.diagram.select_segment("VI")
    editor.set_case_liver(ROWS, make_evaluation())
    assert edits == []
    assert editor.diagram.selected_segment() == "VI"


def test_derived_facts_show_what_the_engine_computed(qtbot, editor):
    case = make_case()
    ev = evaluate(case)
    editor.set_case_liver(case.lesions, ev)
    facts = editor.facts
    s = ev.lesions
    assert facts.label("count").text() == str(s.lesion_count)
    assert facts.label("segments").text().startswith(", ".join(s.segments))
    assert f"bilobar: {'yes' if s.bilobar else 'no'}" in facts.label("lobes").text()
    assert facts.label("largest").text() == f"{s.largest_cm:g} cm"
    # The rule id is a secondary detail: in the tooltip, not in the sentence.
    assert ev.frilling_type.suggested_rule not in facts.label("type").text()
    assert ev.frilling_type.suggested_rule in facts.label("type").toolTip()
    assert "not confirmed" in facts.label("type").text()
    assert facts.confirmed_type() == "none"


def test_confirm_control_emits_the_case_value(qtbot, editor):
    editor.set_case_liver(ROWS, make_evaluation())
    combo = editor.facts.type_combo
    combo.setFocus()
    with qtbot.waitSignal(editor.confirmedTypeChanged) as blocker:
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert blocker.args == ["I"]
    ev = make_evaluation()
    ev.frilling_type.confirmed = "limited_bilobar"
    received = []
    editor.confirmedTypeChanged.connect(received.append)
    editor.set_case_liver(ROWS, ev)
    assert combo.currentData() == "limited_bilobar"
    assert received == []  # showing the case's value is not an edit


@pytest.mark.parametrize(
    ("fact", "target"),
    [
        ("lesions", "diagram"),
        ("lesion_segments", "diagram"),
        ("lesion_sizes", "size"),
        ("lesion_counts", "count"),
        ("confirmed_type", "combo"),
    ],
)
def test_focus_fact_goes_to_the_right_control(qtbot, editor, fact, target):
    editor.set_case_liver(ROWS, make_evaluation())
    editor.activateWindow()
    assert editor.focus_fact(fact)
    widgets = {
        "diagram": editor.diagram,
        "size": editor.table.view,
        "count": editor.table.view,
        "combo": editor.facts.type_combo,
    }
    qtbot.waitUntil(lambda: widgets[target].hasFocus())
    if target in {"size", "count"}:
        index = editor.table.view.currentIndex()
        assert (index.row(), index.column()) == (1, SIZE_COL if target == "size" else COUNT_COL)
    assert not editor.focus_fact("flr_pct")


def test_editor_puts_the_diagram_on_top_when_narrow(qtbot, editor):
    editor.resize(1000, 460)
    qtbot.waitUntil(lambda: editor.table.x() > editor.diagram.x() + editor.diagram.width() - 1)
    editor.resize(600, 700)
    qtbot.waitUntil(lambda: editor.table.y() > editor.diagram.y() + editor.diagram.height() - 1)
    assert editor.diagram.width() > 500


def test_a_lesion_row_past_the_limit_is_refused_and_never_shown_as_kept(
    window: Any, qtbot: Any, store: Any, dialogs: Any
) -> None:
    """At 200 rows (the model's limit) Add showed a 201st row in the table and the diagram while the
    case kept 200; Save said "Saved" and the row the user saw was gone from the file."""
    from nelm_desktop.core.model import MAX_LESION_ROWS
    from nelm_desktop.ui.liver.liver_editor import LiverEditor

    rows = [Lesion(segment="VI", size_cm=1.0, count=1) for _ in range(MAX_LESION_ROWS)]
    case = store.save(new_case(patient_label="L-200", lesions=rows)).case
    window.refresh_library()
    assert window.session.open_case(case.case_id)
    window.form.ensure_built()
    editor = window.form.findChild(LiverEditor)
    qtbot.mouseClick(editor.table.add_button, Qt.MouseButton.LeftButton)
    assert editor.table.model.rowCount() == MAX_LESION_ROWS  # shown what the case holds
    assert len(editor.diagram.lesions()) == MAX_LESION_ROWS
    assert editor.table.message.isVisible() and "at most 200" in editor.table.message.text()
    editor.diagram.setFocus()
    editor.diagram.select_segment("II")
    qtbot.keyClick(editor.diagram, Qt.Key.Key_Plus)  # the diagram's way: refused before any dialog
    assert (
        editor.diagram.findChild(LesionDialog) is None
        or not editor.diagram.findChild(LesionDialog).isVisible()
    )
    assert len(editor.diagram.lesions()) == MAX_LESION_ROWS and "200" in editor.table.message.text()
    assert len(window.document.case.lesions) == MAX_LESION_ROWS
