"""One Tab stop for a list of controls, arrow keys inside (the "roving tab stop" of toolbars and trees).

Public API:

- ``RovingFocus(parent, next_keys, previous_keys, on_focus=None)``: a QObject. ``set_members(widgets)``
  takes the controls in visual order (call it again whenever they change); exactly one of them, the
  current one, takes Tab focus, the others only a click. The keys in ``next_keys`` / ``previous_keys``
  move to the neighbouring member, Home / End to the first / last; Return / Enter click a member
  that is a button. ``current() -> QWidget | None``. ``on_focus(widget)`` is called whenever a
  member gains focus (e.g. to scroll it into view).

Why: a keyboard user crosses a list of 16 option rows or 22 missing-fact links with one Tab instead
of 16 or 22, and a screen reader still hears each member as the arrow keys reach it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QWidget


class RovingFocus(QObject):
    def __init__(
        self,
        parent: QObject,
        next_keys: Iterable[Qt.Key],
        previous_keys: Iterable[Qt.Key],
        on_focus: Callable[[QWidget], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._next = set(next_keys)
        self._previous = set(previous_keys)
        self._on_focus = on_focus
        self._members: list[QWidget] = []
        self._filtered: set[int] = set()
        self._current: QWidget | None = None

    def current(self) -> QWidget | None:
        return self._current

    def members(self) -> list[QWidget]:
        return list(self._members)

    def set_members(self, widgets: Iterable[QWidget]) -> None:
        members = list(widgets)
        for widget in members:
            if id(widget) not in self._filtered:
                widget.installEventFilter(self)
                self._filtered.add(id(widget))
        self._members = members
        if self._current not in members:
            self._current = members[0] if members else None
        self._apply_policies()

    def _apply_policies(self) -> None:
        for widget in self._members:
            wanted = Qt.FocusPolicy.StrongFocus if widget is self._current else Qt.FocusPolicy.ClickFocus
            if widget.focusPolicy() != wanted:
                widget.setFocusPolicy(wanted)

    def _move_to(self, widget: QWidget) -> None:
        self._current = widget
        self._apply_policies()
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # While a panel is torn down, Python's garbage collector may clear this wrapper's attributes
        # before Qt stops sending it its members' last events (seen as AttributeError, then a crash).
        kind = event.type()
        if kind != QEvent.Type.FocusIn and kind != QEvent.Type.KeyPress:
            return False  # first: a member's moves, resizes and paints come through here too
        members = self.__dict__.get("_members")
        if members is None or not isinstance(watched, QWidget) or watched not in members:
            return False
        if kind == QEvent.Type.FocusIn:
            if watched is not self._current:
                self._current = watched
                self._apply_policies()
            if self._on_focus is not None:
                self._on_focus(watched)
            return False
        if not isinstance(event, QKeyEvent):
            return False
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False  # Ctrl+Z, Shift+Tab ... are not ours
        key = Qt.Key(event.key())
        index = self._members.index(watched)
        target: QWidget | None = None
        if key in self._next:
            target = self._members[min(index + 1, len(self._members) - 1)]
        elif key in self._previous:
            target = self._members[max(index - 1, 0)]
        elif key == Qt.Key.Key_Home:
            target = self._members[0]
        elif key == Qt.Key.Key_End:
            target = self._members[-1]
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and isinstance(watched, QAbstractButton):
            watched.click()
            return True
        else:
            return False
        if target is not watched:
            self._move_to(target)
        return True
