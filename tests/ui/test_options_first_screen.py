"""The options panel's first evaluation fills the first screen only; the rows below the fold, the
criteria and the flags follow right after the first paint (#17 start-up). Whatever could reach the
rest first (focus by Tab, F6 or a click, a wheel turn, a scroll, an edit, a screen reader) fills it
at once, and once filled the panel is the eagerly filled one: Tab order, arrow-key members,
screen-reader names in tree order, geometry and pixels (real key, mouse and wheel events)."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest
from accessibility_tree import walk
from factories import HAVE_ENGINE, evaluate
from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QAccessible, QFont, QWheelEvent
from PySide6.QtWidgets import QApplication, QWidget

from nelm_desktop.core.evaluation import MODALITIES
from nelm_desktop.core.loading import load_case_file
from nelm_desktop.ui.options.option_row import OptionRow
from nelm_desktop.ui.options.options_panel import OptionsPanel

pytestmark = pytest.mark.skipif(not HAVE_ENGINE, reason="needs the engine's full evaluation")


def _demo_evaluation(label_part: str = "(demo 2)") -> Any:
    from nelm_desktop.ui.window.app import demo_case_files

    for path in demo_case_files():
        case = load_case_file(path)
        if label_part in case.patient_label:
            return evaluate(case)
    raise AssertionError(label_part)


def _filled(panel: OptionsPanel) -> list[str]:
    """Rows given their result, found without asking the panel (``rows`` fills the rest)."""
    return [r.modality for r in panel.findChildren(OptionRow) if r.result() is not None]


def _lay_out(panel: QWidget) -> None:
    """Only the posted layout requests (no timers): the geometry of the first frame."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


def _shown_panel(qtbot: Any, lazy: bool, size: tuple[int, int]) -> OptionsPanel:
    panel = OptionsPanel(lazy=lazy)
    qtbot.addWidget(panel)
    panel.resize(*size)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


# ---------------------------------------------------------------- what the first frame holds
def test_the_main_windows_panel_fills_the_rows_below_the_fold_after_the_first_paint(
    window: Any, qtbot: Any
) -> None:
    window.new_case()  # every fact missing: 16 rows, most of them far below the fold
    panel = window.options_panel
    assert panel.rest_pending()
    filled = _filled(panel)
    assert 0 < len(filled) < 16, "the first screen's rows only"
    # Only the first screen's rows are made (~2.6M instructions each): the others when it is filled.
    assert sorted(r.modality for r in panel.findChildren(OptionRow)) == sorted(filled)
    assert panel.criteria.isHidden() and panel.flags_label.isHidden()
    assert panel.missing_buttons(), "the links at the top are there at once"
    qtbot.waitUntil(lambda: not panel.rest_pending())  # the idle fill alone, nothing asked for it
    assert len(_filled(panel)) == 16
    assert [r.modality for r in panel.findChildren(OptionRow)] == list(MODALITIES)
    assert panel.criteria.isVisible() and panel.flags_label.isVisible()


@pytest.mark.parametrize("size", [(451, 700), (634, 1000), (360, 719)])
def test_the_first_frame_is_covered_down_to_the_fold(qtbot: Any, size: tuple[int, int]) -> None:
    """The rows filled first reach past the bottom of the viewport: the first frame shows no gap."""
    panel = _shown_panel(qtbot, True, size)
    panel.set_evaluation(_demo_evaluation())
    assert panel.rest_pending() and len(_filled(panel)) < 16
    _lay_out(panel)
    viewport = panel.scroll.viewport()
    last = panel._sequence[-1]
    bottom = last.mapTo(viewport, QPoint(0, last.height())).y()
    assert bottom >= viewport.height()
    assert panel.rest_pending()


# ---------------------------------------------------------------- settled = eager
def _activate(panel: OptionsPanel, qtbot: Any) -> None:
    panel.activateWindow()  # two panels, two windows: keys go to the active one
    qtbot.waitUntil(panel.isActiveWindow)


def _tab_walk(panel: OptionsPanel, qtbot: Any, presses: int = 12) -> list[str]:
    _activate(panel, qtbot)
    panel.scroll.setFocus()
    seen = []
    for _ in range(presses):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        seen.append(f"{type(widget).__name__}:{widget.accessibleName()}")
    return seen


def _arrow_walk(panel: OptionsPanel, qtbot: Any) -> list[str]:
    _activate(panel, qtbot)
    first = panel.row_focus.members()[0]
    first.setFocus()
    seen = [first.accessibleName()]
    for _ in range(20):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
        seen.append(QApplication.focusWidget().accessibleName())
    return seen


def _geometry(panel: OptionsPanel) -> list[tuple[str, str, tuple[int, int, int, int]]]:
    return [
        (type(w).__name__, w.objectName(), w.geometry().getRect())
        for w in panel.findChildren(QWidget)
        if w.isVisible()
    ]


def _focus_chain(panel: OptionsPanel) -> list[str]:
    """The panel's widgets in the window's focus chain order (what Tab and a screen reader's focus
    follow), each by class, object name and accessible name."""
    chain = []
    widget = panel.nextInFocusChain()
    while widget is not panel:
        chain.append(f"{type(widget).__name__}:{widget.objectName()}:{widget.accessibleName()}")
        widget = widget.nextInFocusChain()
    return chain


def _settled(panel: OptionsPanel, qtbot: Any) -> None:
    qtbot.waitUntil(lambda: not panel.rest_pending())
    qtbot.wait(50)  # the layout and paint that follow


@pytest.mark.parametrize("size", [(451, 700), (634, 1000), (360, 719)])
def test_settled_the_lazy_panel_is_the_eager_one(qtbot: Any, size: tuple[int, int]) -> None:
    ev = _demo_evaluation()
    eager = _shown_panel(qtbot, False, size)
    lazy = _shown_panel(qtbot, True, size)
    eager.set_evaluation(ev)
    lazy.set_evaluation(ev)
    assert lazy.rest_pending() and not eager.rest_pending()
    _settled(lazy, qtbot)
    qtbot.wait(50)
    # Screen-reader names and descriptions in tree order, hidden ones included.
    assert [n.describe() for n in walk(lazy, include_hidden=True)] == [
        n.describe() for n in walk(eager, include_hidden=True)
    ]
    assert [(w.accessibleName(), w.accessibleDescription()) for w in lazy.findChildren(QWidget)] == [
        (w.accessibleName(), w.accessibleDescription()) for w in eager.findChildren(QWidget)
    ]
    assert _geometry(lazy) == _geometry(eager)
    assert lazy.grab().toImage() == eager.grab().toImage()
    # The rows made after the first screen sit where rows made with the panel do: among the box's
    # children, in the focus chain and in `rows`.
    assert lazy.options_box.children() and [type(c).__name__ for c in lazy.options_box.children()] == [
        type(c).__name__ for c in eager.options_box.children()
    ]
    assert _focus_chain(lazy) == _focus_chain(eager)
    assert list(lazy.rows) == list(eager.rows) == list(MODALITIES)
    assert [w.accessibleName() for w in lazy.row_focus.members()] == [
        w.accessibleName() for w in eager.row_focus.members()
    ]
    assert [w.accessibleName() for w in lazy.link_focus.members()] == [
        w.accessibleName() for w in eager.link_focus.members()
    ]
    assert _tab_walk(lazy, qtbot) == _tab_walk(eager, qtbot)
    assert _arrow_walk(lazy, qtbot) == _arrow_walk(eager, qtbot)


def test_rows_made_after_a_zoom_have_the_meta_line_of_rows_made_with_the_panel(qtbot: Any) -> None:
    """A row's role-and-tier line has a size of its own, from the font of the panel as it was made
    (a later zoom does not reach it): a row made after a zoom (the rest filled after the start-up
    zoom) gets the same one."""
    ev = _demo_evaluation()
    panels = [_shown_panel(qtbot, lazy, (451, 700)) for lazy in (False, True)]
    for panel in panels:
        zoomed = QFont(panel.font())
        zoomed.setPointSizeF(zoomed.pointSizeF() * 1.3)
        panel.setFont(zoomed)
        panel.set_evaluation(ev)
    eager, lazy = panels
    assert lazy.rest_pending()
    _settled(lazy, qtbot)
    qtbot.wait(50)
    fonts = [
        {m: (r.meta_label.font().toString(), r.title.font().toString()) for m, r in p.rows.items()}
        for p in panels
    ]
    assert fonts[0] == fonts[1]
    assert lazy.grab().toImage() == eager.grab().toImage()


# ---------------------------------------------------------------- what fills the rest at once
def test_f6_then_end_reaches_the_last_row_before_the_rest_was_filled(window: Any, qtbot: Any) -> None:
    window.new_case()
    panel = window.options_panel
    assert panel.rest_pending()
    window.form.field_widget("patient_label").setFocus()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)  # the first missing-fact link
    assert not panel.rest_pending()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # the rows' Tab stop
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_End)
    toggles = [w.toggle for w in panel._sequence if isinstance(w, OptionRow)]
    assert len(toggles) == 16 and QApplication.focusWidget() is toggles[-1]
    assert toggles[-1].accessibleName()


def test_tab_from_the_form_into_the_panel_fills_the_rest_first(window: Any, qtbot: Any) -> None:
    window.new_case()
    panel = window.options_panel
    assert panel.rest_pending()
    window.form.field_widget("patient_label").setFocus()
    for _ in range(200):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if panel.isAncestorOf(QApplication.focusWidget()):
            break
    assert not panel.rest_pending()
    focus = QApplication.focusWidget()
    while focus not in panel.row_focus.members():
        qtbot.keyClick(focus, Qt.Key.Key_Tab)
        focus = QApplication.focusWidget()
    qtbot.keyClick(focus, Qt.Key.Key_End)
    assert QApplication.focusWidget() is panel.row_focus.members()[-1]
    assert len(panel.row_focus.members()) == 16


def test_a_click_on_a_row_fills_the_rest_first(window: Any, qtbot: Any) -> None:
    window.new_case()
    panel = window.options_panel
    assert panel.rest_pending()
    toggle = next(w.toggle for w in panel._sequence if isinstance(w, OptionRow))
    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)
    assert not panel.rest_pending() and len(_filled(panel)) == 16


def _wheel_down(viewport: QWidget, pos: QPoint) -> None:
    """A wheel turn as Qt delivers one from the window system: to the widget under the pointer, then
    up its parents until one takes it (Qt propagates only spontaneous wheel events itself)."""
    widget: QWidget | None = viewport.childAt(pos) or viewport
    while widget is not None:
        at = QPointF(widget.mapFrom(viewport, pos))
        wheel = QWheelEvent(
            at,
            QPointF(widget.mapToGlobal(at)),
            QPoint(0, 0),
            QPoint(0, -120),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(widget, wheel)
        if wheel.isAccepted() or widget is viewport:
            return
        widget = widget.parentWidget()


def test_a_wheel_turn_scrolls_into_the_rows_below_the_fold(window: Any, qtbot: Any) -> None:
    window.new_case()
    panel = window.options_panel
    assert panel.rest_pending()
    first = _filled(panel)
    viewport = panel.scroll.viewport()
    bar = panel.scroll.verticalScrollBar()
    centre = QPoint(viewport.width() // 2, viewport.height() // 2)
    for _ in range(40):  # far down: past what the first screen filled
        _wheel_down(viewport, centre)
    assert not panel.rest_pending()
    assert bar.value() > viewport.height()  # past the first screen
    in_view = [r.modality for r in panel.findChildren(OptionRow) if not r.visibleRegion().isEmpty()]
    assert in_view and not set(in_view) & set(first), "rows filled late, laid out and in view"


def test_an_edit_before_the_rest_is_filled_shows_the_new_evaluation_everywhere(
    window: Any, qtbot: Any
) -> None:
    window.new_case()
    panel = window.options_panel
    assert panel.rest_pending()
    field = window.form.field_widget("patient_label")
    field.setFocus()
    qtbot.keyClicks(field, "LZ-2")  # an edit: evaluated again (typing does not enter the panel)
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: panel.evaluation() is window.document.evaluation)
    assert not panel.rest_pending()
    ev = window.document.evaluation
    rows = {r.modality: r for r in panel.findChildren(OptionRow)}
    assert all(rows[o.modality].result() == o for o in ev.options)
    assert panel.criteria.isVisible() and panel.kb_label.text().endswith(ev.knowledge_base)


def test_with_a_screen_reader_running_everything_is_filled_at_once(window: Any, qtbot: Any) -> None:
    was = QAccessible.isActive()
    QAccessible.setActive(True)
    try:
        window.new_case()
        panel = window.options_panel
        assert not panel.rest_pending() and len(_filled(panel)) == 16
    finally:
        QAccessible.setActive(was)


def test_rows_asked_for_are_all_filled(window: Any, qtbot: Any) -> None:
    window.new_case()
    panel = window.options_panel
    assert panel.rest_pending()
    assert all(row.result() is not None for row in panel.rows.values())


@pytest.mark.skipif(bool(os.environ.get("QT_SCALE_FACTOR")), reason="the run at 200 % itself")
def test_settled_the_lazy_panel_is_the_eager_one_at_200_percent() -> None:
    """The same comparison in a process of its own at a scale factor of 2 (set before Qt starts)."""
    env = dict(os.environ, QT_SCALE_FACTOR="2", QT_QPA_PLATFORM="offscreen")
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            __file__,
            "-k",
            "settled_the_lazy_panel_is_the_eager_one and size",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout[-3000:]
    assert "3 passed" in run.stdout
