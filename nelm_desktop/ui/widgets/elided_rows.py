"""One-line list rows as wide as their list: a longer text is elided, whole in the row's tooltip.

A horizontal scroll bar cut them instead: under the library's one-row follow-up list it took the row's
height (a red sliver), in the meetings list it cut a board name mid-word."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem


def elide_rows(view: QListWidget) -> None:
    """No horizontal scroll bar: rows keep the list's width and elide at the right."""
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)


def fit_row(view: QListWidget, item: QListWidgetItem) -> None:
    """One line high and as wide as the list, not as its text (else the list still scrolls sideways)."""
    item.setSizeHint(QSize(1, view.fontMetrics().height() + 2))
