"""Ctrl+Z in a case field undoes the case, not the box's own text (`UndoToWindow`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QKeyCombination, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QWidget

# The mixin sits before a Qt class in the bases; for the type checker it is that kind of widget.
if TYPE_CHECKING:
    _WidgetBase = QWidget
else:
    _WidgetBase = object


class UndoToWindow(_WidgetBase):
    """Mixin of every text and number field: Ctrl+Z, Ctrl+Y and Ctrl+Shift+Z reach the window's undo
    stack (one history for the whole case, linked facts included) instead of the widget's own text
    undo, which would change the box without changing the case."""

    def event(self, event: QEvent) -> bool:
        override = event.type() == QEvent.Type.ShortcutOverride
        if override and isinstance(event, QKeyEvent) and _is_undo_or_redo(event):
            event.ignore()  # not overridden here: the window's shortcut takes it
            return False
        return super().event(event)


def _is_undo_or_redo(event: QKeyEvent) -> bool:
    if event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo):
        return True
    control = Qt.KeyboardModifier.ControlModifier
    return event.keyCombination() in (
        QKeyCombination(control | Qt.KeyboardModifier.ShiftModifier, Qt.Key.Key_Z),
        QKeyCombination(control, Qt.Key.Key_Y),
    )
