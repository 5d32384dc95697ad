"""The option row's expand/collapse control, announced as a tree item ("Liver resection, Recommended,
collapsed"), not as a check box: "checked" read as "treatment chosen" (issue #13, item 16).

Public API:

- ``Expander(parent=None)``: a checkable arrow ``QToolButton`` (checked = expanded) whose
  accessible interface has the role ``TreeItem``, the states expandable/expanded/collapsed (never
  checkable/checked) and the actions expand/collapse/toggle. ``install_accessibility()`` registers
  the interface factory once (called by ``Expander``).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import (
    QAccessible,
    QAccessibleActionInterface,
    QAccessibleInterface,
    QAccessibleStateChangeEvent,
)
from PySide6.QtWidgets import QAccessibleWidget, QToolButton, QWidget

_installed = False


class Expander(QToolButton):
    def __init__(self, parent: QWidget | None = None):
        install_accessibility()
        super().__init__(parent)
        self.setCheckable(True)
        self.setArrowType(Qt.ArrowType.RightArrow)
        self.toggled.connect(self._announce)

    def _announce(self, expanded: bool) -> None:
        self.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        if QAccessible.isActive():
            state = QAccessible.State()
            state.expanded = True
            state.collapsed = True
            QAccessible.updateAccessibility(QAccessibleStateChangeEvent(self, state))


class ExpanderAccessible(QAccessibleWidget):
    """Role TreeItem; the expanded state is a state, not a check mark."""

    def __init__(self, widget: Expander):
        super().__init__(widget, QAccessible.Role.TreeItem)
        self._expander = widget

    def role(self) -> QAccessible.Role:
        return QAccessible.Role.TreeItem

    def state(self) -> QAccessible.State:
        state = super().state()
        expanded = self._expander.isChecked()
        state.expandable = True
        state.expanded = expanded
        state.collapsed = not expanded
        state.checkable = False
        state.checked = False
        return state

    def actionNames(self) -> list[str]:
        return [QAccessibleActionInterface.toggleAction(), QAccessibleActionInterface.pressAction()]

    def doAction(self, name: str) -> None:
        if name in self.actionNames():
            self._expander.click()

    def keyBindingsForAction(self, name: str) -> list[str]:
        return ["Space"] if name in self.actionNames() else []


def _factory(key: str, obj: QObject) -> QAccessibleInterface | None:
    if isinstance(obj, Expander):
        return ExpanderAccessible(obj)
    return None


def install_accessibility() -> None:
    global _installed
    if not _installed:
        QAccessible.installFactory(_factory)
        _installed = True
