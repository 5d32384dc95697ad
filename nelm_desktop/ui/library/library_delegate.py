"""Two-line rows for the case library: label (with a DEMO badge) and grade, then primary and last edit.

Fixed row height, so the list view lays out 10,000 rows in constant time. QStyle is imported where
a row is painted (see `paint`), not at the module's import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyledItemDelegate

if TYPE_CHECKING:  # not made at start-up: PySide makes a type and its enums when a module names it
    from PySide6.QtWidgets import QStyleOptionViewItem

from nelm_desktop.core.dates import shown_time
from nelm_desktop.core.model import PRIMARY_SITE_LABELS
from nelm_desktop.core.validation_messages import visible
from nelm_desktop.ui.library.library_model import BOARD_ROLE, DEMO_MARK, SUMMARY_ROLE

DEMO_COLOUR = QColor("#8A4B00")  # dark orange, 6.4:1 on white; white text on it
MUTED = QColor("#555555")


def row_height(font: QFont) -> int:
    """Every row's height in the list's `font`: two lines and their padding."""
    return 2 * QFontMetrics(font).lineSpacing() + 14


class CaseRowDelegate(QStyledItemDelegate):
    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(200, row_height(option.font))

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        summary: Any = index.data(SUMMARY_ROLE)
        if summary is None:
            super().paint(painter, option, index)
            return
        # Imported here, not with the module: creating QStyle's Python type (~160 enums) cost ~6 ms
        # before the window's first frame, and a row is painted only once the library is listed.
        from PySide6.QtWidgets import QStyle

        painter.save()
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text_colour = option.palette.highlightedText().color() if selected else option.palette.text().color()
        muted = option.palette.highlightedText().color() if selected else MUTED
        rect = option.rect.adjusted(8, 5, -8, -5)
        bold = QFont(option.font)
        bold.setBold(True)
        fm_bold = QFontMetrics(bold)
        fm = QFontMetrics(option.font)
        line_h = fm.lineSpacing()
        top = QRect(rect.left(), rect.top(), rect.width(), line_h)
        bottom = QRect(rect.left(), rect.top() + line_h + 2, rect.width(), line_h)

        grade = summary.grade if summary.grade and summary.grade != "undetermined" else "grade ?"
        grade_w = fm_bold.horizontalAdvance(grade) + 4
        x = top.left()
        if summary.demo:
            badge_w = fm_bold.horizontalAdvance(DEMO_MARK) + 10
            badge = QRect(x, top.top() + 1, badge_w, line_h - 2)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(DEMO_COLOUR)
            painter.drawRoundedRect(badge, 3, 3)
            painter.setPen(QColor("white"))
            painter.setFont(bold)
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, DEMO_MARK)
            x += badge_w + 6
        label = visible(summary.patient_label) or "(no label)"  # an override never turns it
        if summary.read_only:
            label += " (read-only)"
        painter.setFont(bold)
        painter.setPen(text_colour)
        label_rect = QRect(x, top.top(), top.right() - x - grade_w - 6, line_h)
        painter.drawText(
            label_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            fm_bold.elidedText(label, Qt.TextElideMode.ElideRight, label_rect.width()),
        )
        painter.drawText(top, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, grade)

        painter.setFont(option.font)
        painter.setPen(muted)
        edited = shown_time(summary.updated_at, seconds=False)  # this computer's time
        edited_w = fm.horizontalAdvance(edited) + 4
        primary = PRIMARY_SITE_LABELS.get(summary.primary_site, summary.primary_site)
        primary_rect = QRect(bottom.left(), bottom.top(), bottom.width() - edited_w - 8, line_h)
        painter.drawText(
            primary_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            fm.elidedText(
                (f"{board} · " if (board := index.data(BOARD_ROLE)) else "") + f"Primary: {primary}",
                Qt.TextElideMode.ElideRight,
                primary_rect.width(),
            ),
        )
        painter.drawText(bottom, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, edited)
        painter.restore()
