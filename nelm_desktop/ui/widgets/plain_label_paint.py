"""QLabel's own painting of a word-wrapped plain text, for a label that draws its text into a pixmap it
keeps (wrap_label.WrapLabel's pixel cache): the same pixels as QLabel::paintEvent."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QLabel


def draw_plain_label(label: QLabel, painter: QPainter) -> None:
    """QLabel::paintEvent for a word-wrapped plain text without a frame, indent or text control."""
    from PySide6.QtWidgets import QStyleOption  # PySide makes the QStyle types when first named

    option = QStyleOption()
    option.initFrom(label)
    m = label.margin()
    rect = label.contentsRect().adjusted(m, m, -m, -m)
    align = label.alignment()
    if not align & Qt.AlignmentFlag.AlignHorizontal_Mask:
        align |= Qt.AlignmentFlag.AlignLeft
    flags = (
        align.value
        | Qt.TextFlag.TextWordWrap.value
        | Qt.TextFlag.TextExpandTabs.value
        | Qt.TextFlag.TextForceLeftToRight.value
    )
    label.style().drawItemText(
        painter, rect, flags, option.palette, label.isEnabled(), label.text(), label.foregroundRole()
    )
