"""After F6 the keyboard user sees where the focus went: the first missing-fact link of the options
panel and an empty library list draw a focus frame (2 px, the palette's highlight colour).

Each control is grabbed focused and unfocused (real F6 / Tab key events move the focus): the two
renderings differ, and the focused one has highlight-coloured pixels along its edge.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from nelm_desktop.ui.widgets.focus_frame import FOCUS_FRAME_WIDTH


def _press(qtbot: Any, key: Qt.Key) -> Any:
    qtbot.keyClick(QApplication.focusWidget(), key)
    return QApplication.focusWidget()


def _grab(widget: QWidget) -> QImage:
    QApplication.processEvents()
    return widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def _edge_has_highlight(image: QImage, colour: QColor) -> bool:
    """Highlight-coloured pixels on all four edges, within the frame's width."""
    w, h = image.width(), image.height()
    wanted = colour.rgb()

    def hit(points: list[tuple[int, int]]) -> bool:
        return sum(image.pixel(x, y) == wanted for x, y in points) >= len(points) // 2

    inset = FOCUS_FRAME_WIDTH // 2
    return (
        hit([(x, inset) for x in range(w)])
        and hit([(x, h - 1 - inset) for x in range(w)])
        and hit([(inset, y) for y in range(h)])
        and hit([(w - 1 - inset, y) for y in range(h)])
    )


def test_f6_onto_the_first_missing_fact_shows_a_focus_frame(window: Any, qtbot: Any) -> None:
    window.new_case()  # every fact missing
    link = window.options_panel.missing_buttons()[0]
    qtbot.waitUntil(lambda: link.width() > 20)
    unfocused = _grab(link)
    assert not _edge_has_highlight(unfocused, link.palette().color(QPalette.ColorRole.Highlight))

    window.form.field_widget("patient_label").setFocus()
    assert _press(qtbot, Qt.Key.Key_F6) is link
    focused = _grab(link)
    assert focused != unfocused
    assert _edge_has_highlight(focused, link.palette().color(QPalette.ColorRole.Highlight))

    _press(qtbot, Qt.Key.Key_Tab)  # on to the option rows: the frame goes
    assert not link.hasFocus()
    assert _grab(link) == unfocused


def test_f6_onto_an_empty_library_list_shows_a_focus_frame(window: Any, qtbot: Any) -> None:
    view = window.library.view
    assert view.model().rowCount() == 0
    viewport = view.viewport()
    highlight = view.palette().color(QPalette.ColorRole.Highlight)
    unfocused = _grab(viewport)
    assert not _edge_has_highlight(unfocused, highlight)

    window.library.search.setFocus()
    for _ in range(3):  # the panes cycle: library, (form: no case open), options
        if _press(qtbot, Qt.Key.Key_F6) is view:
            break
    assert view.hasFocus()
    focused = _grab(viewport)
    assert focused != unfocused
    assert _edge_has_highlight(focused, highlight)

    window.library.search.setFocus()
    assert _grab(viewport) == unfocused


def test_with_no_case_open_f6_never_leaves_the_focus_on_an_unmarked_pane(window: Any, qtbot: Any) -> None:
    """No case: the form and the options panel have nothing to act on, so F6 and Shift+F6 pass them
    by and the focus stays on the library, which shows its frame (it landed on the panel's bare
    scroll area before, with no mark at all)."""
    assert window.document.case is None
    view = window.library.view
    window.library.search.setFocus()
    for key in (Qt.Key.Key_F6, Qt.Key.Key_F6, Qt.Key.Key_F6):
        assert _press(qtbot, key) is view
    qtbot.keyClick(view, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is view
    assert not window.options_panel.isAncestorOf(QApplication.focusWidget())
