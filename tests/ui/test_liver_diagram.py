"""The Couinaud diagram: clicks, hit test vs geometry, keyboard navigation and editing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox

from nelm_desktop.core import liver_geometry as geo
from nelm_desktop.core.model import Lesion
from nelm_desktop.ui.liver.lesion_dialog import LesionDialog
from nelm_desktop.ui.liver.liver_burden import segment_burden
from nelm_desktop.ui.liver.liver_diagram import LiverDiagram


@pytest.fixture
def diagram(qtbot):
    d = LiverDiagram()
    qtbot.addWidget(d)
    d.resize(560, 390)
    d.show()
    qtbot.waitExposed(d)
    return d


def _click(qtbot, d: LiverDiagram, norm: geo.Point, double: bool = False) -> None:
    pos = d.widget_point(norm).toPoint()
    if double:
        qtbot.mouseDClick(d, Qt.MouseButton.LeftButton, pos=pos)
    else:
        qtbot.mouseClick(d, Qt.MouseButton.LeftButton, pos=pos)


@pytest.mark.parametrize("shape", geo.SEGMENT_SHAPES, ids=lambda s: s.segment)
@pytest.mark.parametrize("size", [(560, 390), (300, 420), (900, 300)])
def test_clicking_each_centroid_selects_that_segment(qtbot, diagram, shape, size):
    diagram.resize(*size)
    other = "II" if shape.segment != "II" else "III"
    diagram.select_segment(other)
    with qtbot.waitSignal(diagram.segmentSelected) as blocker:
        _click(qtbot, diagram, geo.centroid(shape.polygon))
    assert blocker.args == [shape.segment]
    assert diagram.selected_segment() == shape.segment


def test_click_outside_the_liver_keeps_the_selection(qtbot, diagram):
    diagram.select_segment("V")
    qtbot.mouseClick(diagram, Qt.MouseButton.LeftButton, pos=QPoint(3, 3))
    assert diagram.selected_segment() == "V"


def test_drawing_keeps_the_aspect_ratio(diagram):
    diagram.resize(900, 300)
    left = diagram.widget_point((0.0, 0.0))
    right = diagram.widget_point((1.0, 1.0))
    assert (right.x() - left.x()) / (right.y() - left.y()) == pytest.approx(geo.ASPECT)


def test_tab_leaves_the_diagram_at_once_and_home_end_walk_the_order(qtbot):
    """One tab stop for the diagram (arrows move inside); Tab never walks the eight segments."""
    from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

    host = QWidget()
    qtbot.addWidget(host)
    layout = QVBoxLayout(host)
    before, after = QLineEdit(host), QLineEdit(host)
    diagram = LiverDiagram(host)
    for widget in (before, diagram, after):
        layout.addWidget(widget)
    QWidget.setTabOrder(before, diagram)
    QWidget.setTabOrder(diagram, after)
    host.show()
    qtbot.waitExposed(host)
    host.activateWindow()
    qtbot.waitUntil(host.isActiveWindow)
    diagram.setFocus()
    assert diagram.hasFocus()
    qtbot.keyClick(diagram, Qt.Key.Key_Home)
    assert diagram.selected_segment() == geo.KEYBOARD_ORDER[0]
    qtbot.keyClick(diagram, Qt.Key.Key_End)
    assert diagram.selected_segment() == geo.KEYBOARD_ORDER[-1]
    qtbot.keyClick(diagram, Qt.Key.Key_Tab)
    assert after.hasFocus()
    assert diagram.selected_segment() == geo.KEYBOARD_ORDER[-1]
    diagram.setFocus()
    qtbot.keyClick(diagram, Qt.Key.Key_Backtab)
    assert before.hasFocus()


def test_arrow_keys_move_spatially(qtbot, diagram):
    diagram.setFocus()
    diagram.select_segment("VI")
    qtbot.keyClick(diagram, Qt.Key.Key_Up)
    assert diagram.selected_segment() == "VII"
    qtbot.keyClick(diagram, Qt.Key.Key_Right)
    assert diagram.selected_segment() == "VIII"
    qtbot.keyClick(diagram, Qt.Key.Key_Down)
    assert diagram.selected_segment() in {"I", "V"}
    diagram.select_segment("II")
    qtbot.keyClick(diagram, Qt.Key.Key_Down)
    assert diagram.selected_segment() == "III"
    qtbot.keyClick(diagram, Qt.Key.Key_Left)
    assert diagram.selected_segment() == "IVb"  # segment IV is split: III's neighbour is IVb
    diagram.select_segment("II")
    qtbot.keyClick(diagram, Qt.Key.Key_Left)
    assert diagram.selected_segment() == "IVa"


def _fill_dialog(qtbot, d: LiverDiagram, size: str, count: str) -> None:
    qtbot.waitUntil(lambda: d.findChild(LesionDialog) is not None and d.findChild(LesionDialog).isVisible())
    dialog = d.findChild(LesionDialog)
    for box, typed in ((dialog.size_spin, size), (dialog.count_spin, count)):
        box.lineEdit().selectAll()
        qtbot.keyClicks(box, typed) if typed else qtbot.keyClick(box, Qt.Key.Key_Backspace)
    qtbot.keyClick(dialog.count_spin, Qt.Key.Key_Return)


def test_plus_adds_a_lesion_through_the_dialog(qtbot, diagram):
    diagram.set_lesions([Lesion(segment="II", size_cm=1.0, count=1)])
    diagram.setFocus()
    diagram.select_segment("IV")
    qtbot.keyClick(diagram, Qt.Key.Key_Plus)
    with qtbot.waitSignal(diagram.lesionsEdited) as blocker:
        _fill_dialog(qtbot, diagram, "3.5", "2")
    expected = [Lesion(segment="II", size_cm=1.0, count=1), Lesion(segment="IV", size_cm=3.5, count=2)]
    assert blocker.args == [expected]
    assert diagram.lesions() == expected
    assert "segment IV selected" in diagram.accessibleName()
    assert "2 lesions, 3.5 cm" in diagram.accessibleName()


def test_enter_adds_with_unknown_size_and_count(qtbot, diagram):
    diagram.setFocus()
    diagram.select_segment("VII")
    qtbot.keyClick(diagram, Qt.Key.Key_Return)
    with qtbot.waitSignal(diagram.lesionsEdited):
        _fill_dialog(qtbot, diagram, "", "")  # an empty box reads "unknown"
    assert diagram.lesions() == [Lesion(segment="VII", size_cm=None, count=None)]


def test_cancelled_dialog_changes_nothing(qtbot, diagram):
    diagram.setFocus()
    diagram.select_segment("V")
    edits = []
    diagram.lesionsEdited.connect(edits.append)
    qtbot.keyClick(diagram, Qt.Key.Key_Plus)
    qtbot.waitUntil(lambda: diagram.findChild(LesionDialog) is not None)
    dialog = diagram.findChild(LesionDialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert edits == []
    assert diagram.lesions() == []


def test_double_click_opens_the_dialog_for_that_segment(qtbot, diagram):
    _click(qtbot, diagram, geo.centroid(geo.SHAPES_BY_SEGMENT["VIII"].polygon), double=True)
    with qtbot.waitSignal(diagram.lesionsEdited):
        _fill_dialog(qtbot, diagram, "2", "1")
    assert diagram.lesions() == [Lesion(segment="VIII", size_cm=2.0, count=1)]


@pytest.mark.parametrize("key", [Qt.Key.Key_Minus, Qt.Key.Key_Delete])
def test_minus_and_delete_remove_the_last_lesion_of_the_segment(qtbot, diagram, key):
    rows = [
        Lesion(segment="IV", size_cm=1.0, count=1),
        Lesion(segment="II", size_cm=2.0, count=1),
        Lesion(segment="IV", size_cm=3.0, count=2),
    ]
    diagram.set_lesions(rows)
    diagram.setFocus()
    diagram.select_segment("IV")
    with qtbot.waitSignal(diagram.lesionsEdited) as blocker:
        qtbot.keyClick(diagram, key)
    assert blocker.args == [rows[:2]]
    qtbot.keyClick(diagram, key)
    assert diagram.lesions() == [rows[1]]
    edits = []
    diagram.lesionsEdited.connect(edits.append)
    qtbot.keyClick(diagram, key)  # nothing left in IV: no edit
    assert edits == []
    assert diagram.lesions() == [rows[1]]


def test_set_lesions_does_not_emit_and_copies(qtbot, diagram):
    rows = [Lesion(segment="III", size_cm=1.0, count=1)]
    edits = []
    diagram.lesionsEdited.connect(edits.append)
    diagram.set_lesions(rows)
    assert edits == []
    diagram.lesions()[0].count = 9
    assert diagram.lesions() == rows


def test_accessible_name_describes_the_selected_segment(diagram):
    diagram.set_lesions(
        [Lesion(segment="VI", size_cm=None, count=2), Lesion(segment="VI", size_cm=4, count=1)]
    )
    diagram.select_segment("VI")
    assert "2 lesions, size unknown" in diagram.accessibleName()
    assert "1 lesion, 4 cm" in diagram.accessibleName()


@pytest.mark.parametrize(
    ("rows", "level", "compact"),
    [
        ([], 0, ""),
        ([Lesion(segment="I", size_cm=1.0, count=1)], 1, "1, ≤1 cm"),
        ([Lesion(segment="I", size_cm=6.0, count=1)], 3, "1, ≤6 cm"),
        ([Lesion(segment="I", size_cm=None, count=None)], 1, "≥1, size ?"),
        ([Lesion(segment="I", size_cm=2.0, count=12)], 4, "12, ≤2 cm"),
        (
            [Lesion(segment="I", size_cm=2.0, count=1), Lesion(segment="I", size_cm=None, count=1)],
            2,
            "2, 2 cm+?",
        ),
    ],
)
def test_burden_shading_and_labels(rows, level, compact):
    got_level, _lines, got_compact = segment_burden(rows)
    assert (got_level, got_compact) == (level, compact)


def test_hover_tooltip_lists_the_segments_lesions(qtbot, diagram):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    diagram.set_lesions([Lesion(segment="III", size_cm=2.5, count=3)])
    pos = diagram.widget_point(geo.centroid(geo.SHAPES_BY_SEGMENT["III"].polygon)).toPoint()
    QApplication.sendEvent(diagram, QHelpEvent(QEvent.Type.ToolTip, pos, diagram.mapToGlobal(pos)))
    qtbot.waitUntil(lambda: "3 lesions, 2.5 cm" in QToolTip.text())
    assert QToolTip.text().startswith("Segment III (left lateral, inferior)")


@pytest.mark.parametrize("sub", ["IVa", "IVb"])
def test_segment_iv_is_split_into_iva_and_ivb_on_screen(qtbot, diagram, sub):
    # the same geometry the PDF draws: a double click in IVa/IVb records that subsegment
    _click(qtbot, diagram, geo.centroid(geo.SHAPES_BY_SEGMENT[sub].polygon), double=True)
    with qtbot.waitSignal(diagram.lesionsEdited):
        _fill_dialog(qtbot, diagram, "2", "1")
    assert diagram.lesions() == [Lesion(segment=sub, size_cm=2.0, count=1)]


def test_plain_segment_iv_stays_valid_and_is_shown(qtbot, diagram):
    diagram.set_lesions([Lesion(segment="IV", size_cm=3.0, count=2)])
    diagram.select_segment("IV")
    diagram.repaint()  # paints the IV label over IVa + IVb
    assert diagram.rows_in("IV") == [Lesion(segment="IV", size_cm=3.0, count=2)]
    assert diagram.segment_rect("IV").contains(diagram.segment_rect("IVa"))
    assert "segment IV selected" in diagram.accessibleName()


@pytest.mark.parametrize(
    ("size", "count", "refused"),
    [
        ("45", "2", "Size: must be at most 40 (got 45)"),  # a plain spin box dropped the 5: 4 cm
        ("2", "1,5", "Count: must be a whole number (got 1.5)"),  # a plain spin box read 15
        ("2", "600", "Count: must be at most 500 (got 600)"),  # a plain spin box dropped the 0: 60
    ],
)
def test_the_lesion_dialog_shows_a_refused_entry_and_keeps_ok_disabled(qtbot, diagram, size, count, refused):
    diagram.setFocus()
    diagram.select_segment("VI")
    qtbot.keyClick(diagram, Qt.Key.Key_Plus)
    with qtbot.assertNotEmitted(diagram.lesionsEdited, wait=200):
        _fill_dialog(qtbot, diagram, size, count)  # ends with Return: refused, the dialog stays open
    dialog = diagram.findChild(LesionDialog)
    assert dialog.isVisible() and dialog.problem.isVisible()
    assert dialog.problem.text() == refused
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    box = dialog.size_spin if refused.startswith("Size") else dialog.count_spin
    assert box.property("invalid") and box.accessibleDescription() == refused
    assert box.cleanText() == (size if box is dialog.size_spin else count).replace(",", ".")  # as typed
    with qtbot.waitSignal(diagram.lesionsEdited):
        _fill_dialog(qtbot, diagram, "2", "3")  # corrected: accepted
    assert diagram.lesions()[-1] == Lesion(segment="VI", size_cm=2.0, count=3)


def test_a_decimal_comma_in_the_lesion_dialog_is_a_decimal_point(qtbot, diagram):
    diagram.setFocus()
    diagram.select_segment("VI")
    qtbot.keyClick(diagram, Qt.Key.Key_Plus)
    with qtbot.waitSignal(diagram.lesionsEdited):
        _fill_dialog(qtbot, diagram, "2,5", "1")  # a plain spin box read 25 cm
    assert diagram.lesions()[-1] == Lesion(segment="VI", size_cm=2.5, count=1)


def test_the_lesion_dialog_grows_for_a_refusal_and_never_squeezes_its_boxes(qtbot, diagram):
    diagram.setFocus()
    diagram.select_segment("VI")
    qtbot.keyClick(diagram, Qt.Key.Key_Plus)
    qtbot.waitUntil(lambda: diagram.findChild(LesionDialog) is not None)
    dialog = diagram.findChild(LesionDialog)
    qtbot.waitExposed(dialog)
    before = dialog.height()
    dialog.count_spin.lineEdit().selectAll()
    qtbot.keyClicks(dialog.count_spin, "1,5")
    qtbot.waitUntil(lambda: dialog.height() > before)  # the refusal line has room
    for box in (dialog.size_spin, dialog.count_spin):
        assert box.height() >= box.sizeHint().height()
        assert box.width() >= box.fontMetrics().horizontalAdvance("unknown cm")
