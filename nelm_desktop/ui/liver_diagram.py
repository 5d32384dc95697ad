"""The Couinaud liver diagram: eight clickable, keyboard-navigable segments shaded by burden.

Public API:

- ``LiverDiagram(parent=None)``: a QWidget drawing ``core.liver_geometry`` (the one geometry the
  PDF report also draws), scaled to fit while keeping ``ASPECT``.
- ``set_lesions(lesions: list[Lesion] | None)``: show a case's lesion rows (no signal emitted).
- ``lesions() -> list[Lesion]``: the rows shown (copies).
- ``selected_segment() -> str | None``; ``select_segment(seg: str | None)``.
- ``add_lesion_to(seg, lesion)`` / ``remove_last_lesion(seg)``: the edits the keyboard and mouse
  make; both emit ``lesionsEdited``.
- ``segment_rect(seg) -> QRectF`` and ``widget_point(norm_point) -> QPointF``: geometry helpers
  (tests click ``widget_point(liver_geometry.centroid(polygon))``).
- Signals: ``segmentSelected(str)`` (user or programmatic selection change),
  ``lesionsEdited(list)`` (the new full lesion list after a user edit).

Mouse: click selects, double-click adds a lesion. Keyboard: arrows move spatially, Tab/Shift+Tab
walk I..VIII then leave the widget, + or Enter adds a lesion (``LesionDialog``), - or Delete
removes the last lesion of the selected segment. Hover shows the segment's lesions.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAccessible,
    QColor,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QToolTip, QWidget

from nelm_desktop.core import liver_geometry as geo
from nelm_desktop.core.model import Lesion
from nelm_desktop.ui import style
from nelm_desktop.ui.lesion_dialog import LesionDialog

MARGIN = 8
LEGEND_H = 22
_ARROWS = {
    Qt.Key.Key_Left: (-1.0, 0.0),
    Qt.Key.Key_Right: (1.0, 0.0),
    Qt.Key.Key_Up: (0.0, -1.0),
    Qt.Key.Key_Down: (0.0, 1.0),
}
_CENTROIDS = {s.segment: geo.centroid(s.polygon) for s in geo.SEGMENT_SHAPES}


def _fmt_cm(value: float) -> str:
    return f"{value:g} cm"


def segment_burden(rows: list[Lesion]) -> tuple[int, list[str], str]:
    """Display shading level (0-4), a two-line label and a compact one-line label for one segment.

    Display only (count lower bound and largest known size); the clinical lesion summary is core's.
    """
    if not rows:
        return 0, [], ""
    known = sum(r.count for r in rows if r.count is not None)
    unknown_counts = sum(1 for r in rows if r.count is None)
    lower = known + unknown_counts
    sizes = [r.size_cm for r in rows if r.size_cm is not None]
    largest = max(sizes) if sizes else None
    count_level = 1 if lower <= 1 else 2 if lower <= 3 else 3 if lower <= 10 else 4
    size_level = (
        0 if largest is None else 1 if largest < 3 else 2 if largest < 5 else 3 if largest < 10 else 4
    )
    level = max(count_level, size_level)
    count_txt = f"≥{lower}" if unknown_counts else str(lower)
    noun = "lesion" if lower == 1 and not unknown_counts else "lesions"
    some_unknown = len(sizes) < len(rows)
    if largest is None:
        size_txt, compact_size = "size ?", "size ?"
    else:
        bound = "≥" if some_unknown else ""
        size_txt, compact_size = f"max {bound}{_fmt_cm(largest)}", f"≤{_fmt_cm(largest)}"
        if some_unknown:
            compact_size = f"{_fmt_cm(largest)}+?"
    return level, [f"{count_txt} {noun}", size_txt], f"{count_txt}, {compact_size}"


def describe_rows(rows: list[Lesion]) -> str:
    """One line per lesion row, e.g. '2 lesions, 3.5 cm'."""
    lines = []
    for r in rows:
        count = (
            "unknown number of lesions"
            if r.count is None
            else f"{r.count} lesion{'s' if r.count != 1 else ''}"
        )
        size = "size unknown" if r.size_cm is None else _fmt_cm(r.size_cm)
        lines.append(f"{count}, {size}")
    return "\n".join(lines)


class LiverDiagram(QWidget):
    segmentSelected = Signal(str)
    lesionsEdited = Signal(list)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._lesions: list[Lesion] = []
        self._selected: str | None = None
        self._hovered: str | None = None
        self._box = QRectF()
        self._paths: dict[str, QPainterPath] = {}
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setMinimumSize(280, 200)
        self.setAccessibleDescription(
            "Couinaud liver segments, anterior view. Arrow keys or Tab move between segments; "
            "plus or Enter adds a lesion to the selected segment; minus or Delete removes its last lesion."
        )
        self._update_accessible()

    # ----------------------------------------------------------------------------- public API
    def set_lesions(self, lesions: list[Lesion] | None) -> None:
        self._lesions = [lesion.model_copy() for lesion in (lesions or [])]
        self._update_accessible()
        self.update()

    def lesions(self) -> list[Lesion]:
        return [lesion.model_copy() for lesion in self._lesions]

    def selected_segment(self) -> str | None:
        return self._selected

    def select_segment(self, seg: str | None) -> None:
        if seg is not None and seg not in geo.SHAPES_BY_SEGMENT:
            raise ValueError(f"not a Couinaud segment: {seg!r}")
        if seg == self._selected:
            return
        self._selected = seg
        self._update_accessible()
        self.update()
        if seg is not None:
            self.segmentSelected.emit(seg)

    def rows_in(self, seg: str) -> list[Lesion]:
        return [lesion for lesion in self._lesions if lesion.segment == seg]

    def add_lesion_to(self, seg: str, lesion: Lesion) -> None:
        self._lesions.append(lesion.model_copy(update={"segment": seg}))
        self._edited(f"Lesion added to segment {seg}")

    def remove_last_lesion(self, seg: str) -> bool:
        for i in range(len(self._lesions) - 1, -1, -1):
            if self._lesions[i].segment == seg:
                del self._lesions[i]
                self._edited(f"Lesion removed from segment {seg}")
                return True
        return False

    def segment_rect(self, seg: str) -> QRectF:
        self._ensure_geometry()
        return self._paths[seg].boundingRect()

    def widget_point(self, norm: geo.Point) -> QPointF:
        self._ensure_geometry()
        return QPointF(
            self._box.x() + norm[0] * self._box.width(), self._box.y() + norm[1] * self._box.height()
        )

    def segment_at_widget_point(self, pos: QPointF) -> str | None:
        self._ensure_geometry()
        if self._box.isEmpty():
            return None
        norm = ((pos.x() - self._box.x()) / self._box.width(), (pos.y() - self._box.y()) / self._box.height())
        return geo.segment_at(norm)

    # ------------------------------------------------------------------------------ internals
    def _edited(self, announcement: str) -> None:
        self._update_accessible()
        self.update()
        if QAccessible.isActive():
            from PySide6.QtGui import QAccessibleAnnouncementEvent

            QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(self, announcement))
        self.lesionsEdited.emit(self.lesions())

    def _segment_summary(self, seg: str) -> str:
        rows = self.rows_in(seg)
        if not rows:
            return "no lesions recorded"
        return describe_rows(rows).replace("\n", "; ")

    def _update_accessible(self) -> None:
        if self._selected is None:
            name = "Liver diagram, no segment selected"
        else:
            name = (
                f"Liver diagram, segment {self._selected} selected: {self._segment_summary(self._selected)}"
            )
        if name != self.accessibleName():
            self.setAccessibleName(name)

    def _ensure_geometry(self) -> None:
        avail = QRectF(self.rect()).adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN - LEGEND_H)
        h = min(avail.height(), avail.width() / geo.ASPECT)
        w = h * geo.ASPECT
        box = QRectF(avail.x() + (avail.width() - w) / 2, avail.y() + (avail.height() - h) / 2, w, h)
        if box == self._box and self._paths:
            return
        self._box = box
        self._paths = {}
        for shape in geo.SEGMENT_SHAPES:
            path = QPainterPath()
            path.addPolygon(QPolygonF([self.widget_point_raw(p) for p in shape.polygon]))
            path.closeSubpath()
            self._paths[shape.segment] = path

    def widget_point_raw(self, p: geo.Point) -> QPointF:
        return QPointF(self._box.x() + p[0] * self._box.width(), self._box.y() + p[1] * self._box.height())

    def _neighbour(self, seg: str, direction: tuple[float, float]) -> str:
        cx, cy = _CENTROIDS[seg]
        best, best_score = seg, math.inf
        for other, (ox, oy) in _CENTROIDS.items():
            if other == seg:
                continue
            vx, vy = (ox - cx) * geo.ASPECT, oy - cy
            dist = math.hypot(vx, vy)
            cos = (vx * direction[0] + vy * direction[1]) / dist
            if cos <= 0.3:
                continue
            score = dist * (1 + 2 * (1 - cos))
            if score < best_score:
                best, best_score = other, score
        return best

    def _prompt_add(self) -> None:
        seg = self._selected
        if seg is None:
            return
        dialog = LesionDialog(seg, parent=self)
        dialog.setObjectName("lesionDialog")
        dialog.accepted.connect(lambda: self.add_lesion_to(seg, dialog.lesion()))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    # -------------------------------------------------------------------------------- events
    def sizeHint(self) -> QSize:
        return QSize(480, self.heightForWidth(480))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        """Tall enough to draw the liver at this width without letterboxing."""
        return max(self.minimumHeight(), int((width - 2 * MARGIN) / geo.ASPECT) + 2 * MARGIN + LEGEND_H)

    def event(self, ev: QEvent) -> bool:
        if ev.type() == QEvent.Type.KeyPress and isinstance(ev, QKeyEvent):
            key = ev.key()
            if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and not (
                ev.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
            ):
                order = geo.KEYBOARD_ORDER
                back = key == Qt.Key.Key_Backtab or bool(ev.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                if self._selected is None:
                    self.select_segment(order[-1] if back else order[0])
                    return True
                i = order.index(self._selected) + (-1 if back else 1)
                if 0 <= i < len(order):
                    self.select_segment(order[i])
                    return True
                # at either end: let Qt move focus out of the diagram
        elif ev.type() == QEvent.Type.ToolTip:
            seg = self.segment_at_widget_point(QPointF(ev.pos()))  # type: ignore[attr-defined]
            if seg is None:
                QToolTip.hideText()
                ev.ignore()
            else:
                QToolTip.showText(
                    ev.globalPos(),  # type: ignore[attr-defined]
                    f"{geo.SHAPES_BY_SEGMENT[seg].description}\n"
                    f"{describe_rows(self.rows_in(seg)) or 'No lesions recorded'}",
                    self,
                )
            return True
        return super().event(ev)

    def keyPressEvent(self, ev: QKeyEvent) -> None:
        key = ev.key()
        if key in _ARROWS:
            self.select_segment(self._neighbour(self._selected, _ARROWS[key]) if self._selected else "I")
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._prompt_add()
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            if self._selected is not None:
                self.remove_last_lesion(self._selected)
        else:
            super().keyPressEvent(ev)

    def mousePressEvent(self, ev: QMouseEvent) -> None:
        if ev.button() == Qt.MouseButton.LeftButton:
            seg = self.segment_at_widget_point(ev.position())
            if seg is not None:
                self.select_segment(seg)
        super().mousePressEvent(ev)

    def mouseDoubleClickEvent(self, ev: QMouseEvent) -> None:
        seg = self.segment_at_widget_point(ev.position())
        if ev.button() == Qt.MouseButton.LeftButton and seg is not None:
            self.select_segment(seg)
            self._prompt_add()

    def mouseMoveEvent(self, ev: QMouseEvent) -> None:
        seg = self.segment_at_widget_point(ev.position())
        if seg != self._hovered:
            self._hovered = seg
            self.update()
        super().mouseMoveEvent(ev)

    def leaveEvent(self, ev: QEvent) -> None:
        if self._hovered is not None:
            self._hovered = None
            self.update()
        super().leaveEvent(ev)

    def paintEvent(self, ev: QPaintEvent) -> None:
        self._ensure_geometry()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.fillRect(self.rect(), self.palette().base())
        box_h = self._box.height()
        outline = QPen(QColor(style.OUTLINE), 1.4)
        outline.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        numeral_font = QFont(self.font())
        numeral_font.setBold(True)
        numeral_font.setPixelSize(max(11, int(box_h * 0.06)))
        small_font = QFont(self.font())
        small_font.setPixelSize(max(10, int(box_h * 0.036)))
        labels = []
        for shape in geo.SEGMENT_SHAPES:
            seg = shape.segment
            level, lines, compact = segment_burden(self.rows_in(seg))
            p.setPen(outline)
            p.setBrush(QColor(style.BURDEN_FILLS[level]))
            p.drawPath(self._paths[seg])
            labels.append((shape, level, lines, compact))
        # Cantlie line, dashed, over the segments.
        (x1, y1), (x2, y2) = geo.CANTLIE_LINE
        dash = QPen(QColor(style.TEXT_MUTED), 1.2, Qt.PenStyle.DashLine)
        p.setPen(dash)
        p.drawLine(self.widget_point_raw((x1, y1)), self.widget_point_raw((x2, y2)))
        # Labels after every fill, so no neighbour paints over them.
        for shape, level, lines, compact in labels:
            self._paint_label(p, shape, level, lines, compact, numeral_font, small_font)
        p.setBrush(Qt.BrushStyle.NoBrush)
        if self._hovered and self._hovered != self._selected:
            p.setPen(QPen(QColor(style.OUTLINE), 2.5))
            p.drawPath(self._paths[self._hovered])
        if self._selected:
            sel = QPen(QColor(style.SELECTION), 4.0)
            sel.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            p.setPen(sel)
            p.drawPath(self._paths[self._selected])
        self._paint_legend(p, small_font)
        if self.hasFocus():
            focus_pen = QPen(QColor(style.FOCUS), 1, Qt.PenStyle.DotLine)
            p.setPen(focus_pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(QRectF(self.rect()).adjusted(1.5, 1.5, -1.5, -1.5))
        p.end()

    def _paint_label(
        self,
        p: QPainter,
        shape: geo.SegmentShape,
        level: int,
        lines: list[str],
        compact: str,
        numeral_font: QFont,
        small_font: QFont,
    ) -> None:
        """The numeral and as much burden text as fits inside the segment (full, compact, none)."""
        path = self._paths[shape.segment]
        centre = self.widget_point_raw(shape.label_at)
        num_metrics = QFontMetricsF(numeral_font)
        small_metrics = QFontMetricsF(small_font)
        num_h = num_metrics.height()
        line_h = small_metrics.height()
        for detail in ([*lines], [compact], lines[:1], [compact.split(",")[0]], []):
            if detail and not detail[0]:
                detail = []
            width = max(
                [num_metrics.horizontalAdvance(shape.segment)]
                + [small_metrics.horizontalAdvance(t) for t in detail]
            )
            height = num_h + line_h * len(detail)
            block = QRectF(centre.x() - width / 2, centre.y() - height / 2, width, height)
            if not detail or path.contains(block.adjusted(-2, -1, 2, 1)):
                break
        p.setPen(QColor(style.burden_text_colour(level)))
        p.setFont(numeral_font)
        p.drawText(
            QRectF(block.x() - 4, block.y(), block.width() + 8, num_h),
            Qt.AlignmentFlag.AlignCenter,
            shape.segment,
        )
        p.setFont(small_font)
        for i, text in enumerate(detail):
            p.drawText(
                QRectF(block.x() - 4, block.y() + num_h + i * line_h, block.width() + 8, line_h),
                Qt.AlignmentFlag.AlignCenter,
                text,
            )

    def _paint_legend(self, p: QPainter, font: QFont) -> None:
        p.setFont(font)
        y = self.height() - MARGIN - LEGEND_H + 4
        x = MARGIN + 2
        unplaced = sum(1 for lesion in self._lesions if lesion.segment is None)
        if unplaced:
            p.setPen(QColor(style.TEXT))
            p.drawText(
                QRectF(x, y, self.width() / 2, LEGEND_H - 4),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                f"+ {unplaced} row{'s' if unplaced > 1 else ''} with unknown segment",
            )
        sw = 14
        right = self.width() - MARGIN - 2
        caption_w = p.fontMetrics().horizontalAdvance("Burden: none ") + 2
        more_w = p.fontMetrics().horizontalAdvance(" more") + 2
        x0 = right - more_w - sw * len(style.BURDEN_FILLS) - caption_w
        p.setPen(QColor(style.TEXT_MUTED))
        rect = QRectF(x0, y, caption_w, LEGEND_H - 4)
        p.drawText(rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, "Burden: none ")
        for i, fill in enumerate(style.BURDEN_FILLS):
            p.setPen(QPen(QColor(style.OUTLINE), 0.8))
            p.setBrush(QColor(fill))
            p.drawRect(QRectF(x0 + caption_w + i * sw, y + 3, sw, LEGEND_H - 10))
        p.setPen(QColor(style.TEXT_MUTED))
        p.drawText(
            QRectF(right - more_w, y, more_w, LEGEND_H - 4),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            " more",
        )
