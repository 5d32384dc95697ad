"""A scroll bar that draws itself once per state and then copies the drawing (issue #17).

Public API:

- ``CachedScrollBar(orientation, parent=None)``: a ``QScrollBar``. While neither hovered nor pressed,
  it renders the style's drawing into a pixmap, over the colour its ancestors paint beneath it, and
  paints that pixmap until something it shows changes (size, range, value, page step, state,
  palette, style, the colour beneath). Hovered or pressed (the style highlights the part under the
  pointer, which only Qt knows), behind a style sheet, a non-solid background or a fractional scale,
  it paints as ``QScrollBar`` does. The pixels are the same either way. The drawings of its last
  ``RECENT_STATES`` states are kept: an edit that moves options between status groups changes the
  options panel's height, and typing a value back gives the range it had before.
- ``CachedScrollBar.caching``: class switch (tests compare with it off).
- ``backdrop_colour(widget) -> QColor | None``: the solid colour painted beneath ``widget`` by its
  nearest ancestor that fills its background, or None when that is not known to be one colour.

Why: a Fusion scroll bar is drawn with gradients along its whole length (~2M instructions for a
window-tall bar), and every edit repainted the form's and the options panel's: about a fifth of
an edit's instructions, for pixels that had not changed.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QApplication, QScrollBar, QWidget

if TYPE_CHECKING:  # PySide makes the QStyle types when a module names them (see paintEvent)
    from PySide6.QtWidgets import QStyle, QStyleOptionSlider

RECENT_STATES = 4  # drawings kept per bar (a window-tall bar: ~50 KB each)


def backdrop_colour(widget: QWidget) -> QColor | None:
    """The opaque solid colour beneath ``widget``, or None if it is not known to be one colour."""
    app = QApplication.instance()
    if isinstance(app, QApplication) and app.styleSheet():
        return None
    w = widget.parentWidget()
    while w is not None:
        if w.styleSheet() or w.testAttribute(Qt.WidgetAttribute.WA_StyledBackground):
            return None  # a style sheet may paint a background (or a border) of its own
        if w.autoFillBackground() or w.isWindow():
            brush = w.palette().brush(w.backgroundRole())
            colour = brush.color()
            if brush.style() != Qt.BrushStyle.SolidPattern or colour.alpha() != 255:
                return None
            return colour
        w = w.parentWidget()
    return None


class CachedScrollBar(QScrollBar):
    caching = True

    def __init__(self, orientation: Qt.Orientation, parent: QWidget | None = None):
        super().__init__(orientation, parent)
        self._drawn: OrderedDict[tuple[object, ...], QPixmap] = OrderedDict()  # oldest first
        self._groove: tuple[tuple[object, ...], QPixmap] | None = None  # (look, pixels): see _draw
        self._pressed = False
        # The first paint is QScrollBar's own: drawing into the cache asks the style from Python,
        # and PySide makes the QStyle type and its enums for that (~44M instructions), which
        # nothing else needs before the window's first usable frame.
        self._painted = False

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._pressed = True
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._pressed = False
        super().mouseReleaseEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.PaletteChange):
            self._drawn.clear()
            self._groove = None
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        dpr = self.devicePixelRatioF()
        backdrop = None
        if not self._painted:
            self._painted = True
        elif self.caching and not self._pressed and not self.underMouse() and dpr == int(dpr):
            backdrop = backdrop_colour(self)
        if backdrop is None:  # (the drawings kept stay: hovered, then left, it looks as before)
            super().paintEvent(event)
            return
        # Imported here: PySide makes the QStyle type (a cost of its own) when a module names it, and
        # the start-up imports this module before its first frame.
        from PySide6.QtWidgets import QStyle, QStyleOptionSlider

        # As QScrollBar::paintEvent, with no part hovered or pressed.
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        option.subControls = QStyle.SubControl.SC_All
        option.activeSubControls = QStyle.SubControl.SC_None
        style = self.style()
        key = (
            self.size().toTuple(),
            dpr,
            option.state.value,
            option.minimum,
            option.maximum,
            option.sliderPosition,
            option.sliderValue,
            option.pageStep,
            option.singleStep,
            option.upsideDown,
            option.orientation,
            option.direction,
            option.palette.cacheKey(),
            backdrop.rgba(),
            id(style),
            style.name(),
        )
        pixmap = self._drawn.pop(key, None)
        if pixmap is None:
            pixmap = self._draw(option, style, backdrop, dpr, key)
            while len(self._drawn) >= RECENT_STATES:
                self._drawn.popitem(last=False)
        self._drawn[key] = pixmap  # the most recent last
        painter = QPainter(self)
        painter.drawPixmap(0, 0, pixmap)
        painter.end()

    def _draw(
        self, option: QStyleOptionSlider, style: QStyle, backdrop: QColor, dpr: float, key: tuple[object, ...]
    ) -> QPixmap:
        from PySide6.QtWidgets import QStyle  # at run time, here: see paintEvent

        control = QStyle.ComplexControl.CC_ScrollBar
        # Qt's own Fusion style draws the groove, then the slider, then the rest, each over the one
        # before and none depending on another's state: the groove (most of the bar's drawing, the
        # same for every range and position) is drawn once per look and copied, then the slider and
        # the arrows over it. The same pixels as one drawing of the whole bar (tested); another style
        # (a proxy, a platform style) draws the whole bar at once, as before.
        if style.metaObject().className() != "QFusionStyle":
            pixmap = self._blank(backdrop, dpr)
            painter = QPainter(pixmap)
            style.drawComplexControl(control, option, painter, self)
            painter.end()
            return pixmap
        look = (key[0], key[1], key[2], *key[9:])  # size, scale, state, orientation ... style
        if self._groove is None or self._groove[0] != look:
            groove = self._blank(backdrop, dpr)
            painter = QPainter(groove)
            option.subControls = QStyle.SubControl.SC_ScrollBarGroove
            style.drawComplexControl(control, option, painter, self)
            painter.end()
            self._groove = (look, groove)
        pixmap = self._groove[1].copy()
        painter = QPainter(pixmap)
        option.subControls = QStyle.SubControl.SC_ScrollBarSlider
        style.drawComplexControl(control, option, painter, self)
        sub = QStyle.SubControl
        option.subControls = (
            sub.SC_ScrollBarAddLine
            | sub.SC_ScrollBarSubLine
            | sub.SC_ScrollBarAddPage
            | sub.SC_ScrollBarSubPage
            | sub.SC_ScrollBarFirst
            | sub.SC_ScrollBarLast
        )
        style.drawComplexControl(control, option, painter, self)
        painter.end()
        return pixmap

    def _blank(self, backdrop: QColor, dpr: float) -> QPixmap:
        pixmap = QPixmap(round(self.width() * dpr), round(self.height() * dpr))
        pixmap.setDevicePixelRatio(dpr)
        pixmap.fill(backdrop)  # drawn over what lies beneath, as on the window (it blends)
        return pixmap
