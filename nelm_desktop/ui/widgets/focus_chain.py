"""Putting widgets made late back where widgets made early sit in the window's focus chain.

Qt appends a widget made after its window was built to the END of the window's focus chain (the
chain Tab follows and the order a screen reader's focus moves in). A part built late for start-up
(a case form section, an option row below the fold) is moved back to where it would be had it been
made with its neighbours.

- ``place_after(anchor, widgets) -> QWidget``: `widgets`, in order, just after `anchor`; returns
  the last one (the anchor for what follows).
- ``chain_block(widget) -> list[QWidget]``: `widget` and its descendants that follow it in the
  chain without a gap (all of a widget made in one go: Qt chains its children as they are made).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget


def set_tab_order(first: QWidget, second: QWidget) -> None:
    """QWidget.setTabOrder, also for widgets that take no focus (a row's box, a label): Qt ignores
    those, but they must keep their place in the chain, so they take tab focus for the move."""
    policies = [(w, w.focusPolicy()) for w in (first, second) if w.focusPolicy() == Qt.FocusPolicy.NoFocus]
    for widget, _policy in policies:
        widget.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    QWidget.setTabOrder(first, second)
    for widget, policy in policies:
        widget.setFocusPolicy(policy)


def place_after(anchor: QWidget, widgets: Iterable[QWidget]) -> QWidget:
    for widget in widgets:
        if anchor.nextInFocusChain() is not widget:
            set_tab_order(anchor, widget)
        anchor = widget
    return anchor


def chain_block(widget: QWidget) -> list[QWidget]:
    block = [widget]
    following = widget.nextInFocusChain()
    while following is not None and following is not widget and widget.isAncestorOf(following):
        block.append(following)
        following = following.nextInFocusChain()
    return block
