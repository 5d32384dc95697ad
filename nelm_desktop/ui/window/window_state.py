"""Window geometry, splitter sizes and the zoom level, kept in ``<config>/window.ini`` (QSettings,
IniFormat).

Always under `paths.config_dir()`, never the platform registry, so tests and portable installs stay
self-contained.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter

from nelm_desktop.ui.widgets.file_dialogs import SETTINGS_FILE, ui_settings

FILE_NAME = SETTINGS_FILE

# View > Zoom steps of 15 % each: 55 % .. 190 % of the system font. A stored value outside the range
# (a hand edit, a newer app) is clamped; anything that is not a whole number means actual size.
ZOOM_MIN, ZOOM_MAX = -3, 6
ZOOM_KEY = "view/zoom"


def clamp_zoom(level: int) -> int:
    return max(ZOOM_MIN, min(ZOOM_MAX, level))


def saved_zoom() -> int:
    raw = window_settings().value(ZOOM_KEY, 0)
    try:
        level = int(str(raw).strip())
    except ValueError:
        return 0
    return clamp_zoom(level)


def save_zoom(level: int) -> None:
    """Written at once (not only at exit): a second window and the next start see it."""
    settings = window_settings()
    settings.setValue(ZOOM_KEY, clamp_zoom(level))
    settings.sync()


def window_settings() -> QSettings:
    return ui_settings()


def save_window_state(window: QMainWindow, splitter: QSplitter) -> None:
    settings = window_settings()
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/state", window.saveState())
    settings.setValue("window/splitter", splitter.saveState())
    settings.sync()


def restore_window_state(window: QMainWindow, splitter: QSplitter) -> bool:
    """True when a saved geometry was applied (else the caller picks a default size)."""
    settings = window_settings()
    geometry = settings.value("window/geometry")
    restored = False
    if isinstance(geometry, QByteArray | bytes) and geometry:
        restored = window.restoreGeometry(QByteArray(geometry))
    state = settings.value("window/state")
    if isinstance(state, QByteArray | bytes) and state:
        window.restoreState(QByteArray(state))
    restore_splitter(splitter)
    return restored


def restore_splitter(splitter: QSplitter) -> bool:
    """Apply the saved splitter sizes (again after the panels replaced the empty panes)."""
    sizes = window_settings().value("window/splitter")
    if isinstance(sizes, QByteArray | bytes) and sizes:
        return splitter.restoreState(QByteArray(sizes))
    return False
