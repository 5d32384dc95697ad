"""Menus, shortcuts and their actions for the main window (kept apart so the window stays readable).

Printing, settings, history and about are imported when first used, so start-up does not pay for
them (and never for ReportLab).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QKeySequence

if TYPE_CHECKING:
    from nelm_desktop.ui.main_window import MainWindow


def build_menus(win: MainWindow) -> None:
    bar = win.menuBar()

    file_menu = bar.addMenu("&File")
    win.action_new = win._action("&New case", win.new_case, QKeySequence.StandardKey.New, file_menu)
    win.action_open = win._action("&Open case file…", win.open_file, QKeySequence.StandardKey.Open, file_menu)
    file_menu.addSeparator()
    win.action_save = win._action("&Save", win.save_case, QKeySequence.StandardKey.Save, file_menu)
    win.action_save_copy = win._action("Save as &copy", lambda: win.session.save_copy(), None, file_menu)
    win.action_close = win._action("&Close case", win.close_case, "Ctrl+W", file_menu)
    file_menu.addSeparator()
    win.action_preview = win._action("Print pre&view…", lambda: _printing(win).preview(), None, file_menu)
    win.action_print = win._action(
        "&Print…", lambda: _printing(win).print_(), QKeySequence.StandardKey.Print, file_menu
    )
    win.action_pdf = win._action(
        "Save as P&DF…", lambda: _printing(win).save_pdf(), "Ctrl+Shift+P", file_menu
    )
    file_menu.addSeparator()
    win.action_history = win._action("Case &history…", lambda: _history(win), None, file_menu)
    win.action_versions = win._action("Earlier &versions…", lambda: _versions(win), None, file_menu)
    win.action_trash = win._action("&Trash…", lambda: _trash(win), None, file_menu)
    win.action_import = win._action("&Import…", win.import_dialog, None, file_menu)
    win.action_export = win._action("&Export library…", win.export_dialog, None, file_menu)
    file_menu.addSeparator()
    win._action("&Quit", win.close, QKeySequence.StandardKey.Quit, file_menu)

    edit_menu = bar.addMenu("&Edit")
    # Plain actions wired to the undo stack once the window is built (start-up stays light).
    undo = win._action("&Undo", lambda: win.document.undo_stack.undo(), QKeySequence.StandardKey.Undo)
    redo = win._action(
        "&Redo",
        lambda: win.document.undo_stack.redo(),
        [QKeySequence("Ctrl+Shift+Z"), QKeySequence(QKeySequence.StandardKey.Redo)],
    )
    undo.setEnabled(False)
    redo.setEnabled(False)
    edit_menu.addAction(undo)
    edit_menu.addAction(redo)
    win.action_undo, win.action_redo = undo, redo
    edit_menu.addSeparator()
    win.action_find = win._action(
        "&Find in library", win.find_in_library, QKeySequence.StandardKey.Find, edit_menu
    )
    edit_menu.addSeparator()
    win.action_settings = win._action(
        "&Settings…", lambda: _settings(win), QKeySequence.StandardKey.Preferences, edit_menu
    )

    help_menu = bar.addMenu("&Help")
    win._action("&About NELM Desktop", lambda: _about(win), None, help_menu)

    win.case_actions = [
        win.action_save,
        win.action_save_copy,
        win.action_close,
        win.action_preview,
        win.action_print,
        win.action_pdf,
        win.action_history,
        win.action_versions,
    ]
    # Shortcuts work whichever panel has focus.
    for action in [*win.case_actions, win.action_new, win.action_open, win.action_find, undo, redo]:
        win.addAction(action)


def connect_undo(win: MainWindow) -> None:
    """Follow the undo stack's enabled state (slots of the actions themselves: no dangling lambdas)."""
    stack = win.document.undo_stack
    undo, redo = win.action_undo, win.action_redo
    stack.canUndoChanged.connect(undo.setEnabled)
    stack.canRedoChanged.connect(redo.setEnabled)


def _printing(win: MainWindow) -> Any:
    controller = getattr(win, "_print_controller", None)
    if controller is None:
        from nelm_desktop.ui.print_actions import PrintController

        controller = PrintController(win.document, win)
        win._print_controller = controller  # type: ignore[attr-defined]
    return controller


def _history(win: MainWindow) -> None:
    from nelm_desktop.ui.dialogs import HistoryDialog

    if win.document.case is not None:
        HistoryDialog(win.store, win.document.case, win).exec()


def _versions(win: MainWindow) -> None:
    from nelm_desktop.ui.versions_dialogs import VersionsDialog

    if win.document.case is not None:
        VersionsDialog(win.session, win.document.case, win).exec()


def _trash(win: MainWindow) -> None:
    from nelm_desktop.ui.versions_dialogs import TrashDialog

    TrashDialog(win.session, win).exec()


def _settings(win: MainWindow) -> None:
    from nelm_desktop.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(win)
    if dialog.exec() and dialog.data_dir_changed:
        win.statusBar().showMessage("The new data folder is used after a restart of NELM Desktop.", 10000)


def _about(win: MainWindow) -> None:
    from nelm_desktop.ui.dialogs import show_about

    show_about(win, win.document.evaluation)


__all__ = ["QAction", "build_menus"]
