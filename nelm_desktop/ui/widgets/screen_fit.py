"""Windows never open larger than the screen: sizes come from the available screen geometry (the
screen minus task bars), so at 1366x768 the title bar, the buttons and the status bar stay reachable."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# Room left for the window frame (title bar and borders drawn by the window manager).
FRAME_W, FRAME_H = 16, 40


def available_geometry(widget: QWidget | None = None) -> QRect:
    """The usable area of the widget's screen (or the primary screen)."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 768)


def fit_size(preferred: QSize, available: QRect, share: float = 1.0) -> QSize:
    """`preferred`, shrunk to `share` of the available area minus the frame."""
    width = min(preferred.width(), int(available.width() * share) - FRAME_W)
    height = min(preferred.height(), int(available.height() * share) - FRAME_H)
    return QSize(max(width, 200), max(height, 150))


def fit_to_screen(widget: QWidget, width: int, height: int, share: float = 1.0) -> None:
    """Resize to (width, height) or less, and move fully onto the available area. A dialog that was
    never placed is only resized: Qt centres it on its parent when shown (moved here, it would open in
    the screen's corner, away from the window it belongs to). A top-level window that was never placed
    (the main window's first start) opens in the middle of the screen, not in its top-left corner;
    a saved position, restored afterwards, replaces that."""
    available = available_geometry(widget)
    size = fit_size(QSize(width, height), available, share)
    widget.resize(size)
    unplaced = not widget.isVisible() and not widget.testAttribute(Qt.WidgetAttribute.WA_Moved)
    if unplaced and widget.parentWidget() is not None:
        return
    if unplaced:
        framed = QSize(size.width() + FRAME_W, size.height() + FRAME_H)
        widget.move(available.center() - QRect(QPoint(0, 0), framed).center())
    keep_on_screen(widget, available)


def keep_on_screen(widget: QWidget, available: QRect | None = None) -> None:
    """Shrink and move a (restored) window so that all of it lies in the available area."""
    available = available or available_geometry(widget)
    size = fit_size(widget.size(), available)
    if size != widget.size():
        widget.resize(size)
    x = min(max(widget.x(), available.left()), available.right() - size.width() - FRAME_W + 1)
    y = min(max(widget.y(), available.top()), available.bottom() - size.height() - FRAME_H + 1)
    widget.move(max(x, available.left()), max(y, available.top()))
