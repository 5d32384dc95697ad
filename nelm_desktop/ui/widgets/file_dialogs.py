"""Where file dialogs open: the folder last used, else Documents (never the process's working folder)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from nelm_desktop.core import paths

SETTINGS_FILE = "window.ini"  # shared with the window's geometry (ui/window/window_state.py)


def ui_settings() -> QSettings:
    """The window's settings file, private (0700 folder, 0600 file): it names the library and the
    clinician's last folders."""
    from nelm_desktop.core.fileio import ensure_dir, private_file

    folder = paths.config_dir()
    try:
        ensure_dir(folder)
    except OSError:
        # A file in the folder's place, a read-only disk: the window still opens (it raised at start-up)
        # and keeps its size, zoom and folders for this session only; the status bar names the
        # settings problem (settings.load_settings_checked).
        pass
    else:
        private_file(folder / SETTINGS_FILE)
    return QSettings(str(folder / SETTINGS_FILE), QSettings.Format.IniFormat)


def dialog_folder() -> str:
    from PySide6.QtCore import QStandardPaths  # when a dialog opens, not at start-up

    last = ui_settings().value("dialogs/last_folder", "")
    if isinstance(last, str) and last and Path(last).is_dir():
        return last
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return documents if documents and Path(documents).is_dir() else str(Path.home())


def start_path(file_name: str = "") -> str:
    """A dialog's start: the folder (and a suggested file name in it)."""
    folder = dialog_folder()
    return str(Path(folder) / file_name) if file_name else folder


def remember_dialog_path(path: str) -> None:
    if path:
        settings = ui_settings()
        settings.setValue("dialogs/last_folder", str(Path(path).parent))
        settings.sync()
