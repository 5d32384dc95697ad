"""A refused or hidden-character cell of the agenda stays marked when its row is selected.

The red fill alone was painted over by the selection highlight, so the entry the message line named
could not be told from the others in the selected row. The delegate paints such a cell as unselected
(its red fill and normal text) inside a red frame; the rest of the row still shows the selection."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

# The why of a refused entry, on the cell (the tooltip and accessible description say it in words).
INVALID_ROLE = Qt.ItemDataRole.UserRole + 40
INVALID_FRAME = QColor("#B00020")
FRAME_PX = 2


class InvalidCellDelegate(QStyledItemDelegate):
    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        if not index.data(INVALID_ROLE):
            super().paint(painter, option, index)
            return
        plain = QStyleOptionViewItem(option)
        # Neither the selection nor the hover tint covers the red fill.
        plain.state &= ~(QStyle.StateFlag.State_Selected | QStyle.StateFlag.State_MouseOver)
        super().paint(painter, plain, index)
        r = option.rect
        painter.save()
        for strip in (
            r.adjusted(0, 0, 0, -(r.height() - FRAME_PX)),
            r.adjusted(0, r.height() - FRAME_PX, 0, 0),
            r.adjusted(0, 0, -(r.width() - FRAME_PX), 0),
            r.adjusted(r.width() - FRAME_PX, 0, 0, 0),
        ):
            painter.fillRect(strip, INVALID_FRAME)
        painter.restore()
