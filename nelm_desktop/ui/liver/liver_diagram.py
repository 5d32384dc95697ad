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
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAccessible,
    QBrush,
    QColor,
    QFont,
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
from nelm_desktop.core.model import MAX_LESION_ROWS, Lesion
from nelm_desktop.ui.liver.liver_burden import describe_rows, paint_label, paint_legend, segment_burden
from nelm_desktop.ui.widgets import style

MARGIN = 8
LEGEND_H = 22
_ARROWS = {
    Qt.Key.Key_Left: (-1.0, 0.0),
    Qt.Key.Key_Right: (1.0, 0.0),
    Qt.Key.Key_Up: (0.0, -1.0),
    Qt.Key.Key_Down: (0.0, 1.0),
}
_CENTROIDS = {s.segment: geo.centroid(s.polygon) for s in geo.SEGMENT_SHAPES}


class LiverDiagram(QWidget):
    segmentSelected = Signal(str)
    lesionsEdited = Signal(list)
    addRefused = Signal(str)  # why a lesion could not be added (the editor shows it)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._lesions: list[Lesion] = []
        self._resected: tuple[str, ...] = ()
        self._selected: str | None = None
        self._hovered: str | None = None
        self._box = QRectF()
        self._paths: dict[str, QPainterPath] = {}
        # Smallest numeral and caption (burden lines, legend) in pixels: the form's defaults; the
        # presentation asks for projector sizes (its legend was ~10 px under 18 px text).
        self._text_px = (11, 10)
        self._legend_h = LEGEND_H
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

    def set_resected(self, segments: Sequence[str]) -> None:
        """Segments a recorded liver resection removed (treatment history): drawn hatched, "resected"."""
        resected = tuple(s for s in segments if s in geo.SHAPES_BY_SEGMENT)
        if resected != self._resected:
            self._resected = resected
            self._update_accessible()
            self.update()

    def resected(self) -> tuple[str, ...]:
        return self._resected

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
        removed = "resected (treatment history); " if seg in self._resected else ""
        if not rows:
            return removed + "no lesions recorded"
        return removed + describe_rows(rows).replace("\n", "; ")

    def _update_accessible(self) -> None:
        if self._selected is None:
            name = "Liver diagram, no segment selected"
        else:
            name = (
                f"Liver diagram, segment {self._selected} selected: {self._segment_summary(self._selected)}"
            )
        if name != self.accessibleName():
            self.setAccessibleName(name)

    def set_minimum_text(self, numeral_px: int, caption_px: int) -> None:
        """The smallest numeral and caption drawn; the legend line grows with its text."""
        self._text_px = (numeral_px, caption_px)
        self._legend_h = max(LEGEND_H, caption_px + 12)
        self._paths = {}
        self.updateGeometry()
        self.update()

    def _ensure_geometry(self) -> None:
        avail = QRectF(self.rect()).adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN - self._legend_h)
        h = min(avail.height(), avail.width() / geo.ASPECT)
        w = h * geo.ASPECT
        box = QRectF(avail.x() + (avail.width() - w) / 2, avail.y() + (avail.height() - h) / 2, w, h)
        if box == self._box and self._paths:
            return
        self._box = box
        self._paths = {}
        for shape in (*geo.SEGMENT_SHAPES, geo.SEGMENT_IV):  # IV: lesions without their subsegment
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
        if len(self._lesions) >= MAX_LESION_ROWS:  # refused before the dialog asks for anything
            self.addRefused.emit(full_table_message())
            return
        from nelm_desktop.ui.liver.lesion_dialog import LesionDialog  # first use: not at start-up

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
        return max(self.minimumHeight(), int((width - 2 * MARGIN) / geo.ASPECT) + 2 * MARGIN + self._legend_h)

    def event(self, ev: QEvent) -> bool:
        # Tab / Shift+Tab leave the diagram (one tab stop); arrow keys, Home and End move inside it.
        if ev.type() == QEvent.Type.ToolTip:
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
        elif key in (Qt.Key.Key_Home, Qt.Key.Key_End):
            order = geo.KEYBOARD_ORDER
            self.select_segment(order[0] if key == Qt.Key.Key_Home else order[-1])
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
        numeral_px, caption_px = self._text_px
        numeral_font.setPixelSize(max(numeral_px, int(box_h * 0.06)))
        small_font = QFont(self.font())
        small_font.setPixelSize(max(caption_px, int(box_h * 0.036)))
        labels = []
        for shape in geo.SEGMENT_SHAPES:
            seg = shape.segment
            level, lines, compact = segment_burden(self.rows_in(seg))
            p.setPen(outline)
            p.setBrush(QColor(style.BURDEN_FILLS[level]))
            removed = seg in self._resected or geo.SUBSEGMENT_OF.get(seg, "") in self._resected
            if removed and not lines:
                # Removed by a recorded resection: white, hatched, dashed outline.
                p.setBrush(QColor("#ffffff"))
                p.drawPath(self._paths[seg])
                p.setBrush(QBrush(QColor(style.TEXT_MUTED), Qt.BrushStyle.BDiagPattern))
                p.setPen(QPen(QColor(style.OUTLINE), 1.2, Qt.PenStyle.DashLine))
            p.drawPath(self._paths[seg])
            labels.append((shape, level, lines, compact))
        if self.rows_in(geo.SEGMENT_IV.segment):
            # Lesions recorded as plain "IV" (subsegment not recorded): a label over IVa + IVb.
            labels.append((geo.SEGMENT_IV, *segment_burden(self.rows_in(geo.SEGMENT_IV.segment))))
        # Cantlie line, dashed, over the segments.
        (x1, y1), (x2, y2) = geo.CANTLIE_LINE
        dash = QPen(QColor(style.TEXT_MUTED), 1.2, Qt.PenStyle.DashLine)
        p.setPen(dash)
        p.drawLine(self.widget_point_raw((x1, y1)), self.widget_point_raw((x2, y2)))
        # Labels after every fill, so no neighbour paints over them.
        for shape, level, lines, compact in labels:
            paint_label(
                p,
                self._paths[shape.segment],
                self.widget_point_raw(shape.label_at),
                shape.segment,
                level,
                lines,
                compact,
                numeral_font,
                small_font,
            )
        p.setPen(QColor(style.TEXT_MUTED))
        p.setFont(small_font)
        for seg in self._resected:
            at = self.widget_point_raw(geo.SHAPES_BY_SEGMENT[seg].label_at)
            box = QRectF(
                at.x() - 40, at.y() + numeral_font.pixelSize() * 0.7, 80, small_font.pixelSize() * 1.5
            )
            p.drawText(box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, "resected")
        p.setBrush(Qt.BrushStyle.NoBrush)
        if self._hovered and self._hovered != self._selected:
            p.setPen(QPen(QColor(style.OUTLINE), 2.5))
            p.drawPath(self._paths[self._hovered])
        if self._selected:
            sel = QPen(QColor(style.SELECTION), 4.0)
            sel.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            p.setPen(sel)
            p.drawPath(self._paths[self._selected])
        unplaced = sum(1 for lesion in self._lesions if lesion.segment is None)
        paint_legend(p, QRectF(self.rect()), small_font, unplaced, MARGIN, self._legend_h)
        if self.hasFocus():
            focus_pen = QPen(QColor(style.FOCUS), 1, Qt.PenStyle.DotLine)
            p.setPen(focus_pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(QRectF(self.rect()).adjusted(1.5, 1.5, -1.5, -1.5))
        p.end()


def full_table_message() -> str:
    """Why no lesion row can be added: the case keeps at most MAX_LESION_ROWS rows (one row is lesions of
    about one size in one segment, its count up to 500)."""
    return (
        f"At most {MAX_LESION_ROWS} lesion rows can be saved; this case has {MAX_LESION_ROWS}. Give a row a "
        "larger count instead of adding one."
    )
