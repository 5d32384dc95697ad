"""Zoom (Ctrl+plus / Ctrl+minus / Ctrl+0): the case form and the options panel scaled from the system
font, through their fonts and, where a style sheet starts, through the sheet (Qt does not pass a
parent's font on into a style-sheet-styled subtree)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

from nelm_desktop.ui.window.window_state import clamp_zoom

if TYPE_CHECKING:
    from nelm_desktop.ui.window.main_window import MainWindow


def apply_zoom(window: MainWindow, level: int) -> int:
    """Set the window's zoom level (clamped) on its panes; returns it in percent of the system font."""
    window.zoom_level = clamp_zoom(level)
    base = QApplication.font().pointSizeF()
    size = base * (1 + 0.15 * window.zoom_level)
    for pane in (window.centre, window.options_panel) if window.built else ():
        font = QFont(pane.font())
        font.setPointSizeF(size)
        pane.setFont(font)
        for root in _style_sheet_roots(pane):
            _zoom_style_sheet(root, size, size / base)
    return round(100 * size / base)


def _style_sheet_roots(pane: QWidget) -> list[QWidget]:
    """Containers under `pane` where a style sheet starts (e.g. the case form's content). Qt does not
    pass a parent's font on into a style-sheet-styled subtree, so the zoom reaches those through their
    sheet. (A single styled control, e.g. a chip, takes the pane's font as it is.)"""
    sheet = Qt.WidgetAttribute.WA_StyleSheet
    roots = []
    for widget in pane.findChildren(QWidget):
        parent = widget.parentWidget()
        starts = bool(widget.styleSheet()) and parent is not None and not parent.testAttribute(sheet)
        if starts and widget.findChild(QWidget) is not None:
            roots.append(widget)
    return roots


_FONT_SIZE = re.compile(r"font-size:\s*([0-9.]+)pt")


def _zoom_style_sheet(root: QWidget, size: float, factor: float) -> None:
    """The root's own sheet with its font sizes scaled and, when zoomed, a base size for the subtree;
    actual size gives back the sheet exactly as it was."""
    base = root.property("unzoomedStyleSheet")
    if not isinstance(base, str):
        base = root.styleSheet()
        root.setProperty("unzoomedStyleSheet", base)
    sheet = base
    if abs(factor - 1) > 1e-6:
        scaled = _FONT_SIZE.sub(lambda m: f"font-size: {float(m.group(1)) * factor:.1f}pt", base)
        sheet = f"{scaled}\nQWidget {{ font-size: {size:.1f}pt; }}"
    if sheet != root.styleSheet():
        root.setStyleSheet(sheet)
