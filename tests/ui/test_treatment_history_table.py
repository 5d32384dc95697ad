"""The treatment-history table of the case form, driven with real mouse clicks and key presses: a line is
added, typed, chosen from the lists; an invalid month is shown and blocks; the engine shows a recorded
progression next to that option; a resected segment is drawn as resected."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit

from nelm_desktop.ui.case.treatment_history import TreatmentHistoryField


def _table(window: Any) -> TreatmentHistoryField:
    widget = window.form.field_widget("treatment_history")
    assert isinstance(widget, TreatmentHistoryField)
    window.form.ensureWidgetVisible(widget)
    return widget


def _choose(qtbot: Any, combo: QComboBox, label: str) -> None:
    """Pick an entry with the keyboard: focus, then Down until the wanted label, then Enter."""
    combo.setFocus()
    index = combo.findText(label)
    assert index >= 0, label
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(index):
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == label


def _type(qtbot: Any, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, text)


def test_a_line_of_therapy_is_entered_in_the_table_and_shown_next_to_its_option(
    window: Any, qtbot: Any
) -> None:
    window.new_case()
    table = _table(window)
    qtbot.mouseClick(table.add_button, Qt.MouseButton.LeftButton)
    assert table.table.rowCount() == 1
    _choose(qtbot, table.cell(0, "modality"), "Somatostatin analogues (SSA)")
    _type(qtbot, table.cell(0, "name"), "lanreotide")
    _type(qtbot, table.cell(0, "start"), "2024-01")
    _type(qtbot, table.cell(0, "end"), "2025-03")
    _choose(qtbot, table.cell(0, "intent"), "Palliative")
    _choose(qtbot, table.cell(0, "best_response"), "Progressive disease (PD)")
    [line] = window.document.case.treatment_history
    assert (line.modality, line.name, line.start, line.end) == ("ssa", "lanreotide", "2024-01", "2025-03")
    assert (line.intent, line.best_response) == ("palliative", "progression")
    ev = window.document.evaluation
    ssa = ev.option("ssa")
    assert "HISTORY-PROGRESSION-SSA" in ssa.flags
    [flag] = [f for f in ev.flags if f.id == "HISTORY-PROGRESSION-SSA"]
    assert (
        flag.text == "Progression on lanreotide 2025-03 recorded."
        and flag.source == "this case's treatment history"
    )
    assert flag.modality == "ssa"
    # The statuses are the engine's, untouched by the history (no rule says how).
    before = {m: s for m, s in ev.statuses().items()}
    qtbot.mouseClick(table.remove_button, Qt.MouseButton.LeftButton)
    assert window.document.case.treatment_history == []
    assert window.document.evaluation.statuses() == before


def test_an_invalid_month_is_shown_and_blocks_and_the_last_valid_history_is_kept(
    window: Any, qtbot: Any
) -> None:
    window.new_case()
    table = _table(window)
    qtbot.mouseClick(table.add_button, Qt.MouseButton.LeftButton)
    # A new row is "Other" without a name: shown as invalid, not saved.
    assert window.document.case.treatment_history == []
    assert table.cell(0, "name").property("invalid") is True
    _type(qtbot, table.cell(0, "name"), "Distal pancreatectomy")
    assert [line.name for line in window.document.case.treatment_history] == ["Distal pancreatectomy"]
    _type(qtbot, table.cell(0, "start"), "03/2024")
    error = window.findChild(QLabel, "error_treatment_history")
    assert error.isVisible() and "YYYY-MM" in error.text()
    assert table.cell(0, "start").property("invalid") is True
    assert "Line 1" in table.cell(0, "start").toolTip()
    assert window.document.case.treatment_history[0].start == ""  # the last valid history is kept
    assert table.cell(0, "start").text() == "03/2024"  # and what was typed is not altered
    _type(qtbot, table.cell(0, "start"), "2024-03")
    assert not error.isVisible()
    assert window.document.case.treatment_history[0].start == "2024-03"


def test_a_liver_resection_with_segments_draws_them_as_resected(window: Any, qtbot: Any) -> None:
    window.new_case()
    table = _table(window)
    qtbot.mouseClick(table.add_button, Qt.MouseButton.LeftButton)
    _choose(qtbot, table.cell(0, "modality"), "Liver resection")
    _type(qtbot, table.cell(0, "segments"), "VI, VII")
    assert window.document.case.treatment_history[0].segments == ["VI", "VII"]
    diagram = window.form.liver_editor.diagram
    qtbot.waitUntil(lambda: diagram.resected() == ("VI", "VII"))
    diagram.select_segment("VI")
    assert "resected" in diagram.accessibleName()
    # Segments on a non-surgical line are refused with a reason, not dropped.
    _choose(qtbot, table.cell(0, "modality"), "Somatostatin analogues (SSA)")
    error = window.findChild(QLabel, "error_treatment_history")
    assert error.isVisible() and "liver resection" in error.text()


def test_undo_takes_back_a_history_edit(window: Any, qtbot: Any) -> None:
    window.new_case()
    table = _table(window)
    qtbot.mouseClick(table.add_button, Qt.MouseButton.LeftButton)
    _type(qtbot, table.cell(0, "name"), "Octreotide LAR")
    assert len(window.document.case.treatment_history) == 1
    while window.document.undo_stack.canUndo():
        window.document.undo_stack.undo()
    assert window.document.case.treatment_history == []
    qtbot.waitUntil(lambda: table.table.rowCount() == 0)


def test_a_cell_shows_what_the_line_keeps_once_left(window: Any, qtbot: Any, dialogs: Any) -> None:
    """ "4a, s5" is kept as segments IV, V and " 2024-03 " as 2024-03: the cells went on showing what
    was typed, so the screen and the saved case differed until the case was opened again."""
    import json

    window.new_case()
    label = window.form.field_widget("patient_label")
    label.setFocus()
    qtbot.keyClicks(label, "T-4")
    table = _table(window)
    qtbot.mouseClick(table.add_button, Qt.MouseButton.LeftButton)
    _choose(qtbot, table.cell(0, "modality"), "Liver resection")
    segments, start = table.cell(0, "segments"), table.cell(0, "start")
    _type(qtbot, segments, "4a, s5")
    qtbot.keyClick(segments, Qt.Key.Key_Tab)
    _type(qtbot, start, " 2024-03 ")
    qtbot.keyClick(start, Qt.Key.Key_Tab)
    [line] = window.document.case.treatment_history
    assert (line.segments, line.start) == (["IV", "V"], "2024-03")
    assert (segments.text(), start.text()) == ("IV, V", "2024-03")
    qtbot.keyClick(label, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dialogs.titles() == []
    saved = json.loads(window.document.path.read_text(encoding="utf-8"))["case"]["treatment_history"][0]
    assert (saved["segments"], saved["start"]) == (["IV", "V"], "2024-03")
    assert window.document.is_dirty is False  # showing what is kept is no edit


def test_the_table_fits_a_1366_window_without_a_sideways_scroll_bar(window: Any, qtbot: Any) -> None:
    """Eight columns side by side (~1,000 px) beside the field labels: at 1366x768 the table showed the
    treatment and half the name over a horizontal scroll bar, whatever the window's width. Now two
    fields stand in each of four columns over the form's width; a long list label is elided, whole in
    its tooltip and in the open list."""
    window.showNormal()
    window.resize(1366, 738)
    qtbot.waitUntil(lambda: window.width() == 1366)
    window.new_case()
    table = _table(window)
    qtbot.mouseClick(table.add_button, Qt.MouseButton.LeftButton)
    prrt = "Peptide receptor radionuclide therapy (PRRT)"
    _choose(qtbot, table.cell(0, "modality"), prrt)
    _type(qtbot, table.cell(0, "name"), "lutetium-177 dotatate, four cycles")
    _type(qtbot, table.cell(0, "start"), "2024-01")
    _choose(qtbot, table.cell(0, "best_response"), "Progressive disease (PD)")
    grid = table.table
    qtbot.waitUntil(lambda: grid.columnWidth(0) > 0)
    room = grid.viewport().width()
    assert not grid.horizontalScrollBar().isVisible()
    assert sum(grid.columnWidth(c) for c in range(grid.columnCount())) <= room
    header = grid.horizontalHeader()
    for column in range(grid.columnCount()):
        title = grid.horizontalHeaderItem(column).text()
        widest = max(header.fontMetrics().horizontalAdvance(line) for line in title.split("\n"))
        assert widest + 8 <= grid.columnWidth(column), title  # each header line whole
    for key in ("modality", "name", "start", "end", "intent", "best_response", "segments", "note"):
        control = table.cell(0, key)
        left = control.mapTo(grid.viewport(), control.rect().topLeft()).x()
        assert left >= 0 and left + control.width() <= room, key  # every field in view
    combo = table.cell(0, "modality")
    assert combo.toolTip() == prrt and combo.currentText() == prrt  # the record keeps it whole
    [line] = window.document.case.treatment_history
    assert (line.modality, line.name, line.start, line.best_response) == (
        "prrt",
        "lutetium-177 dotatate, four cycles",
        "2024-01",
        "progression",
    )
