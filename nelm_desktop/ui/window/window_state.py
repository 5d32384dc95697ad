"""Window geometry and splitter sizes, kept in ``<config>/window.ini`` (QSettings, IniFormat).

Always under `paths.config_dir()`, never the platform registry, so tests and portable installs stay
self-contained.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter

from nelm_desktop.ui.widgets.file_dialogs import SETTINGS_FILE, ui_settings

FILE_NAME = SETTINGS_FILE


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
