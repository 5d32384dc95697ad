"""Radio-group semantics for segmented choices (Unknown | Yes | No) for screen readers.

A segmented choice is ONE focusable widget whose buttons never take focus. Qt would announce each
checkable tool button as "Yes, check box", unlinked to its question. This factory exposes the buttons
as radio buttons ("No, radio button, checked, 2 of 3") inside a grouping named by the question, and
`announce_choice` moves the reader's focus to the checked radio button (the tab-bar pattern), so the
reader says "Portal vein thrombosis, No, 2 of 3".

A widget opts in with the dynamic property ``segmented=True``; its buttons carry ``choice``.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QAccessibleInterface,
    QAccessibleStateChangeEvent,
    QAccessibleValueChangeEvent,
)
from PySide6.QtWidgets import QAbstractButton, QAccessibleWidget, QWidget

_installed = False
# Python-made interfaces must stay referenced while Qt's accessibility cache holds them.
_alive: dict[int, QAccessibleInterface] = {}


def _is_choice_button(obj: QObject | None) -> bool:
    parent = obj.parent() if obj is not None else None
    return (
        isinstance(obj, QAbstractButton)
        and obj.property("choice") is not None
        and isinstance(parent, QWidget)
        and bool(parent.property("segmented"))
    )


class _ChoiceButton(QAccessibleWidget):
    def __init__(self, button: QAbstractButton) -> None:
        super().__init__(button, QAccessible.Role.RadioButton, "")
        self._button = button

    def _position(self) -> tuple[int, int]:
        parent = self._button.parentWidget()
        buttons = [
            b for b in (parent.findChildren(QAbstractButton) if parent else []) if _is_choice_button(b)
        ]
        return (buttons.index(self._button) + 1 if self._button in buttons else 1), max(len(buttons), 1)

    def state(self) -> QAccessible.State:
        state = super().state()
        state.checkable = True
        state.checked = self._button.isChecked()
        state.focusable = True
        parent = self._button.parentWidget()
        state.focused = bool(parent is not None and parent.hasFocus() and self._button.isChecked())
        return state

    def text(self, kind: QAccessible.Text) -> str:
        if kind == QAccessible.Text.Name:
            return self._button.text()
        if kind == QAccessible.Text.Description:
            index, count = self._position()
            return f"{index} of {count}"
        return str(super().text(kind))


class _ChoiceGroup(QAccessibleWidget):
    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget, QAccessible.Role.Grouping, "")
        self._widget = widget

    def text(self, kind: QAccessible.Text) -> str:
        if kind == QAccessible.Text.Name:
            return self._widget.accessibleName()
        if kind == QAccessible.Text.Value:
            checked = _checked_button(self._widget)
            return checked.text() if checked is not None else ""
        return str(super().text(kind))

    def focusChild(self) -> QAccessibleInterface:
        checked = _checked_button(self._widget)
        if checked is None or not self._widget.hasFocus():
            return super().focusChild()
        return QAccessible.queryAccessibleInterface(checked)


def _checked_button(widget: QWidget) -> QAbstractButton | None:
    for button in widget.findChildren(QAbstractButton):
        if _is_choice_button(button) and button.isChecked():
            return button
    return None


def _factory(_class_name: str, obj: QObject | None) -> Any:
    if obj is None:
        return None
    interface: QAccessibleInterface | None = None
    if _is_choice_button(obj):
        interface = _ChoiceButton(obj)  # type: ignore[arg-type]
    elif isinstance(obj, QWidget) and obj.property("segmented"):
        interface = _ChoiceGroup(obj)
    if interface is not None:
        key = id(obj)
        _alive[key] = interface
        obj.destroyed.connect(partial(_forget, key))
    return interface


def _forget(key: int, *_args: object) -> None:
    _alive.pop(key, None)


def install_choice_accessibility() -> None:
    global _installed
    if not _installed:
        QAccessible.installFactory(_factory)
        _installed = True


def refresh_choice_interfaces(widget: QWidget) -> None:
    """Drop any plain interface a screen reader made for the group or its buttons while they were being
    built (before they carried their properties), so the next query gets the radio-group ones."""
    if not QAccessible.isActive():
        return
    for obj in [widget, *widget.findChildren(QAbstractButton)]:
        interface = QAccessible.queryAccessibleInterface(obj)
        if interface is not None and not isinstance(interface, _ChoiceButton | _ChoiceGroup):
            QAccessible.deleteAccessibleInterface(QAccessible.uniqueId(interface))


def announce_choice(widget: QWidget) -> None:
    """Tell assistive technology that the checked choice of a focused group is now the focus."""
    if not QAccessible.isActive():
        return
    checked = _checked_button(widget)
    if checked is None:
        return
    QAccessible.updateAccessibility(QAccessibleEvent(checked, QAccessible.Event.Focus))
    state = QAccessible.State()
    state.checked = True
    QAccessible.updateAccessibility(QAccessibleStateChangeEvent(checked, state))
    QAccessible.updateAccessibility(QAccessibleValueChangeEvent(widget, checked.text()))
