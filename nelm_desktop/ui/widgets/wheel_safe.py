"""Controls the mouse wheel changes only while they have the keyboard focus.

Qt's combo box takes a wheel turn as a choice (and says `activated`, as for a click), and by default a
wheel turn even gives it the focus. In a scrolling form that means scrolling past a combo silently
changes a recorded fact. Here an unfocused control lets the turn go on to the scroll area instead.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QComboBox, QWidget


class WheelSafeComboBox(QComboBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # not WheelFocus: a turn never takes the focus

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()  # on to the scroll area
