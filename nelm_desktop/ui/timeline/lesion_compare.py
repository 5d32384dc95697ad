"""A read-only Couinaud diagram of one snapshot's lesions, marked by what changed (the diff's side-by-side).

Colour is never the only cue: each changed segment carries its word ("added", "grown", "gone"...) and the
accessible name lists the changes.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from nelm_desktop.core import liver_geometry as geo
from nelm_desktop.core.timeline.diff import LesionChange, SegmentState, segment_states
from nelm_desktop.ui.widgets import style

CHANGE_FILLS = {
    "added": "#E69F00",
    "grown": "#E69F00",
    "more": "#F0C870",
    "gone": "#CFE3F3",
    "shrunk": "#CFE3F3",
    "fewer": "#CFE3F3",
}
WITH_LESIONS = "#E9B9A6"
EMPTY = "#F7ECE6"
RESECTED = "#FFFFFF"


class SnapshotDiagram(QWidget):
    """The lesions of one snapshot (`facts`), titled (e.g. the date), with changed segments marked."""

    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = title
        self._states: dict[str, SegmentState] = {}
        self._changes: dict[str, str] = {}
        self._resected: tuple[str, ...] = ()
        self._words = True
        self.setMinimumSize(200, 150)

    def set_snapshot(
        self,
        title: str,
        facts: dict[str, Any],
        changes: list[LesionChange],
        resected: tuple[str, ...] = (),
        *,
        words: bool = True,
    ) -> None:
        self._words = words
        self._title = title
        self._states = segment_states(facts)
        self._changes = {c.segment: c.kind for c in changes}
        self._resected = resected
        parts = [f"{title}: lesion diagram"]
        for seg in geo.SHAPES_BY_SEGMENT:
            state = self._states.get(seg)
            if state is not None and state.rows:
                parts.append(f"segment {seg} {state.text()}")
        parts += [f"segment {seg} {kind}" for seg, kind in self._changes.items()]
        self.setAccessibleName("; ".join(parts))
        self.update()

    def title(self) -> str:
        return self._title

    def changed_segments(self) -> dict[str, str]:
        return dict(self._changes)

    def sizeHint(self) -> QSize:
        return QSize(320, 240)

    def paintEvent(self, _ev: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.fillRect(self.rect(), self.palette().base())
        title_font = QFont(self.font())
        title_font.setBold(True)
        p.setFont(title_font)
        p.setPen(QColor(style.TEXT))
        title_h = p.fontMetrics().height() + 4
        p.drawText(QRectF(0, 0, self.width(), title_h), Qt.AlignmentFlag.AlignHCenter, self._title)
        avail = QRectF(self.rect()).adjusted(6, title_h, -6, -6)
        w = min(avail.width(), avail.height() * geo.ASPECT)
        h = w / geo.ASPECT
        box = QRectF(avail.x() + (avail.width() - w) / 2, avail.y(), w, h)

        def at(point: geo.Point) -> QPointF:
            return QPointF(box.x() + point[0] * box.width(), box.y() + point[1] * box.height())

        small = QFont(self.font())
        small.setPixelSize(max(9, int(h * 0.055)))
        for shape in geo.SEGMENT_SHAPES:
            seg = shape.segment
            path = QPainterPath(at(shape.polygon[0]))
            for point in shape.polygon[1:]:
                path.lineTo(at(point))
            path.closeSubpath()
            state = self._states.get(seg)
            change = self._changes.get(seg)
            # The earlier diagram (no words) shows its own state; the change colours go on the current one.
            fill = WITH_LESIONS if state and state.rows else EMPTY
            if self._words:
                fill = CHANGE_FILLS.get(change or "", fill)
            if seg in self._resected and not (state and state.rows):
                fill = RESECTED
            p.setPen(QPen(QColor(style.OUTLINE), 2.4 if change else 1.0))
            p.setBrush(QColor(fill))
            p.drawPath(path)
            centre = at(shape.label_at)
            p.setFont(title_font)
            p.setPen(QColor(style.TEXT))
            p.drawText(QRectF(centre.x() - 30, centre.y() - 12, 60, 16), Qt.AlignmentFlag.AlignCenter, seg)
            words = []
            if state and state.rows:
                size = f" {state.largest_cm:g}cm" if state.largest_cm is not None else ""
                words.append(f"{state.count if state.count is not None else '?'}x{size}")
            if change and self._words:
                words.append(change)
            if seg in self._resected:
                words.append("resected")
            if words:
                p.setFont(small)
                p.drawText(
                    QRectF(centre.x() - 45, centre.y() + 3, 90, 2.4 * small.pixelSize()),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                    "\n".join(words),
                )
        p.end()
