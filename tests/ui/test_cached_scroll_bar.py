"""The form's and the options panel's scroll bars draw themselves once per state (issue #17, edit ->
repaint): the pixels on screen stay exactly those of a plain QScrollBar, hovered and pressed too."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QProxyStyle,
    QScrollArea,
    QScrollBar,
    QStyle,
    QStyleOptionComplex,
    QWidget,
)

from nelm_desktop.ui.widgets import cached_scroll_bar
from nelm_desktop.ui.widgets.cached_scroll_bar import CachedScrollBar, backdrop_colour


class _CountingStyle(QProxyStyle):
    def __init__(self) -> None:
        super().__init__("fusion")
        self.scroll_bars = 0

    def drawComplexControl(
        self,
        control: QStyle.ComplexControl,
        option: QStyleOptionComplex,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if control == QStyle.ComplexControl.CC_ScrollBar:
            self.scroll_bars += 1
        super().drawComplexControl(control, option, painter, widget)


def _area(qtbot: Any) -> QScrollArea:
    area = QScrollArea()
    qtbot.addWidget(area)
    area.setVerticalScrollBar(CachedScrollBar(Qt.Orientation.Vertical, area))
    content = QLabel("\n".join(f"line {i}" for i in range(200)))
    area.setWidget(content)
    area.resize(300, 400)
    area.show()
    qtbot.waitExposed(area)
    return area


def _on_screen(widget: QWidget) -> QImage:
    """The window's backing store (what the screen shows) where the widget is."""
    window = widget.window()
    shot = QGuiApplication.primaryScreen().grabWindow(window.winId()).toImage()
    return shot.copy(widget.rect().translated(widget.mapTo(window, QPoint(0, 0))))


def _plain_and_cached(bar: QScrollBar) -> tuple[QImage, QImage]:
    """The bar on screen painted as a plain QScrollBar, then from its cache."""
    shots = []
    for caching in (False, True):
        CachedScrollBar.caching = caching
        try:
            bar.update()
            for _ in range(2):
                QApplication.processEvents()
            shots.append(_on_screen(bar))
        finally:
            CachedScrollBar.caching = True
    return shots[0], shots[1]


def test_an_unchanged_scroll_bar_is_drawn_by_the_style_once(qtbot: Any) -> None:
    area = _area(qtbot)
    style = _CountingStyle()
    bar = area.verticalScrollBar()
    bar.setStyle(style)
    for _ in range(2):  # its first paint is QScrollBar's own (test_first_paint_without_style)
        bar.grab()  # paints the bar (its paintEvent) into a pixmap
    drawn = style.scroll_bars
    for _ in range(3):
        bar.grab()
    assert drawn >= 1 and style.scroll_bars == drawn  # unchanged: copied from the cache
    style.scroll_bars = 0
    bar.setValue(bar.value() + bar.pageStep())
    bar.grab()
    bar.grab()
    assert style.scroll_bars == 1


def test_a_range_shown_recently_is_copied_not_drawn_again(qtbot: Any) -> None:
    """A regrouping edit changes the options panel's height (the bar's range); typing the value back
    gives the range it had: its drawing is copied, and only the last few drawings are kept."""
    from nelm_desktop.ui.widgets.cached_scroll_bar import RECENT_STATES

    area = _area(qtbot)
    style = _CountingStyle()
    bar = area.verticalScrollBar()
    assert isinstance(bar, CachedScrollBar)
    bar.setStyle(style)
    bar.grab()  # its first paint is QScrollBar's own
    content = area.widget()
    assert content is not None
    heights = [content.height() + 300 * n for n in range(RECENT_STATES)]
    for height in heights:  # each range drawn once
        content.setFixedHeight(height)
        QApplication.processEvents()
        bar.grab()
    for height in [*reversed(heights), *heights]:  # and back again: copied
        style.scroll_bars = 0
        content.setFixedHeight(height)
        QApplication.processEvents()  # the bar repaints on screen
        bar.grab()
        assert style.scroll_bars == 0, height
        plain, cached = _plain_and_cached(bar)  # (the plain paint asks the style)
        assert plain == cached, height
    assert len(bar._drawn) <= RECENT_STATES


def test_a_cached_scroll_bar_shows_the_pixels_of_a_plain_one(qtbot: Any, monkeypatch: Any) -> None:
    area = _area(qtbot)
    bar = area.verticalScrollBar()
    assert isinstance(bar, CachedScrollBar) and backdrop_colour(bar) is not None
    for value in (0, 1, bar.maximum() // 3, bar.maximum()):
        bar.setValue(value)
        plain, cached = _plain_and_cached(bar)
        assert plain == cached, f"value {value}"
    # The comparison sees each painting: drawn over another colour than the one beneath, it differs.
    monkeypatch.setattr(cached_scroll_bar, "backdrop_colour", lambda widget: QColor("#ff0000"))
    plain, cached = _plain_and_cached(bar)
    assert plain != cached
    monkeypatch.undo()
    # Hovered (the style lights the part under the pointer) and pressed on the page below the slider.
    QTest.mouseMove(bar, QPoint(bar.width() // 2, bar.height() - 30))
    qtbot.waitUntil(bar.underMouse)
    plain, cached = _plain_and_cached(bar)
    assert plain == cached
    QTest.mousePress(bar, Qt.MouseButton.LeftButton, pos=QPoint(bar.width() // 2, bar.height() - 30))
    plain, cached = _plain_and_cached(bar)
    QTest.mouseRelease(bar, Qt.MouseButton.LeftButton, pos=QPoint(bar.width() // 2, bar.height() - 30))
    assert plain == cached


def test_a_new_range_draws_the_slider_over_the_groove_drawn_before(qtbot: Any) -> None:
    """With Qt's Fusion style a new range or position draws only the slider and the arrows over the
    groove drawn for the bar's size (most of the drawing): the pixels are a plain bar's, for every
    range, position and enabled state."""
    area = _area(qtbot)
    bar = area.verticalScrollBar()
    assert isinstance(bar, CachedScrollBar) and bar.style().metaObject().className() == "QFusionStyle"
    content = area.widget()
    assert content is not None
    bar.grab()  # its first paint is QScrollBar's own
    grooves = set()
    for height in (450, 900, 1337, 4000, 12_000):
        content.setFixedHeight(height)
        QApplication.processEvents()
        for value in (0, 1, bar.maximum() // 2, bar.maximum()):
            bar.setValue(value)
            plain, cached = _plain_and_cached(bar)
            assert plain == cached, (height, value)
            assert bar._groove is not None
            grooves.add(bar._groove[1].cacheKey())
    assert len(grooves) == 1  # one groove drawing for every range and position
    bar.setEnabled(False)
    plain, cached = _plain_and_cached(bar)
    assert plain == cached


def test_behind_a_style_sheet_it_paints_as_a_plain_scroll_bar(qtbot: Any) -> None:
    area = _area(qtbot)
    bar = area.verticalScrollBar()
    area.setStyleSheet("QScrollArea { background: #204060; }")
    assert backdrop_colour(bar) is None
    plain, cached = _plain_and_cached(bar)
    assert plain == cached


def test_the_window_scroll_bars_match_plain_ones_edit_after_edit(make_window: Any, qtbot: Any) -> None:
    from nelm_desktop.ui.window.app import FIRST_DEMO_CASE, seed_demo_cases

    window = make_window(demo=True)
    seed_demo_cases(window.store)
    window.load_library()
    window.resize(1366, 768)
    assert window.session.open_case(FIRST_DEMO_CASE, ask=False)
    # The form's sections below the fold are built on timer turns: one running between the plain and
    # the cached shot (under load) changed the form's bar in between.
    qtbot.waitUntil(window.form.is_fully_built)
    panel = window.options_panel
    for modality in list(panel.rows)[:3]:
        panel.rows[modality].set_expanded(True)
    bars = [panel.scroll.verticalScrollBar(), window.form.verticalScrollBar()]
    assert all(isinstance(bar, CachedScrollBar) for bar in bars)
    for i, (field, value) in enumerate(
        [("ki67_pct", 25.0), ("extrahepatic_disease", "unresectable"), ("ki67_pct", 1.0), ("ecog", 2)]
    ):
        assert window.document.apply(field, value) is None
        QApplication.processEvents()
        bars[0].setValue((i * 457) % max(bars[0].maximum(), 1))
        for bar in bars:
            if bar.isVisible():
                plain, cached = _plain_and_cached(bar)
                assert plain == cached, f"edit {i}"
    window.document.undo_stack.setClean()
