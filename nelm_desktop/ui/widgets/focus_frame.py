"""A visible keyboard-focus mark for controls whose style draws none (flat link buttons, item views).

Public API:

- ``FOCUS_FRAME_WIDTH``: 2 px.
- ``paint_focus_frame(painter, rect, palette)``: a ``FOCUS_FRAME_WIDTH`` outline inside ``rect`` in
  the palette's highlight colour.
- ``FocusFrameButton(parent=None)``: a QPushButton that draws the frame while it has the focus
  (the options panel's missing-fact links are flat: Fusion drew no focus mark on them, so after F6
  a keyboard user could not see where the focus went).
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QPushButton

FOCUS_FRAME_WIDTH = 2


def paint_focus_frame(painter: QPainter, rect: QRect, palette: QPalette) -> None:
    painter.save()
    pen = QPen(palette.color(QPalette.ColorRole.Highlight), FOCUS_FRAME_WIDTH)
    pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    half = FOCUS_FRAME_WIDTH / 2
    painter.drawRect(QRectF(rect).adjusted(half, half, -half, -half))
    painter.restore()


class FocusFrameButton(QPushButton):
    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.hasFocus():
            painter = QPainter(self)
            paint_focus_frame(painter, self.rect(), self.palette())
            painter.end()
