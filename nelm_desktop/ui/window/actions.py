"""Menus, shortcuts and their actions for the main window (kept apart so the window stays readable).

`build_actions` returns the actions as one `WindowActions` record instead of writing attributes onto
the window. Printing, settings, history and about are imported when first used, so start-up does not
pay for them (and never for ReportLab).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    from nelm_desktop.ui.printing.controller import PrintController
    from nelm_desktop.ui.window.main_window import MainWindow

Shortcut = QKeySequence | QKeySequence.StandardKey | str


@dataclass
class WindowActions:
    """The main window's menu actions, by what they do (build_actions makes them)."""

    new: QAction
    open: QAction
    save: QAction
    save_copy: QAction
    close: QAction
    preview: QAction
    print: QAction
    pdf: QAction
    history: QAction
    timeline: QAction
    time_point: QAction
    versions: QAction
    trash: QAction
    import_: QAction
    export: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    find: QAction
    settings: QAction
    about: QAction
    demo: QAction
    zoom_in: QAction
    zoom_out: QAction
    zoom_reset: QAction
    next_pane: QAction
    previous_pane: QAction
    shortcuts: QAction
    recent_menu: QMenu
    # Enabled only while a case is open.
    case_actions: list[QAction] = field(default_factory=list)
    present: QAction | None = None  # View > Present meeting (F11)
    board: QAction | None = None  # View > Tumour board meetings


def _action(
    win: MainWindow,
    text: str,
    slot: Callable[[], object],
    shortcut: Shortcut | list[Shortcut] | None = None,
    menu: QMenu | None = None,
) -> QAction:
    action = QAction(text, win)
    if shortcut is not None:
        action.setShortcuts(key_sequences(shortcut))
    action.triggered.connect(slot)
    if menu is not None:
        menu.addAction(action)
    return action


def key_sequences(shortcut: Shortcut | list[Shortcut]) -> list[QKeySequence]:
    """The platform's bindings of each standard key (plus any extra), each sequence once: a key bound
    twice on one action is an "ambiguous shortcut" and does nothing."""
    out: list[QKeySequence] = []
    for item in shortcut if isinstance(shortcut, list) else [shortcut]:
        if isinstance(item, QKeySequence.StandardKey):
            sequences = QKeySequence.keyBindings(item)
        else:
            sequences = [QKeySequence(item)]
        for sequence in sequences:
            if not sequence.isEmpty() and sequence not in out:
                out.append(sequence)
    return out


def build_actions(win: MainWindow) -> WindowActions:
    bar = win.menuBar()

    file_menu = bar.addMenu("&File")
    new = _action(win, "&New case", win.new_case, QKeySequence.StandardKey.New, file_menu)
    open_ = _action(win, "&Open case file…", win.files.open_file, QKeySequence.StandardKey.Open, file_menu)
    recent_menu = file_menu.addMenu("Open &recent case")
    recent_menu.aboutToShow.connect(lambda: win.fill_recent_menu(recent_menu))
    demo = _action(win, "Open the &demo cases", win.open_demo_cases, None, file_menu)
    file_menu.addSeparator()
    save = _action(win, "&Save", win.save_case, QKeySequence.StandardKey.Save, file_menu)
    save_copy = _action(win, "Save as &copy", lambda: win.session.save_copy(), None, file_menu)
    close = _action(win, "&Close case", win.close_case, QKeySequence.StandardKey.Close, file_menu)
    file_menu.addSeparator()
    preview = _action(win, "Print pre&view…", lambda: _printing(win).preview(), None, file_menu)
    print_ = _action(
        win, "&Print…", lambda: _printing(win).print_(), QKeySequence.StandardKey.Print, file_menu
    )
    pdf = _action(win, "Save as P&DF…", lambda: _printing(win).save_pdf(), "Ctrl+Shift+P", file_menu)
    file_menu.addSeparator()
    history = _action(win, "Case &history…", lambda: _history(win), None, file_menu)
    timeline = _action(win, "Case &timeline", lambda: win.timeline.toggle(), "Ctrl+T", file_menu)
    time_point = _action(
        win, "Save as time p&oint…", lambda: win.timeline.save_time_point(), "Ctrl+Shift+T", file_menu
    )
    versions = _action(win, "Earlier &versions…", lambda: _versions(win), None, file_menu)
    trash = _action(win, "&Trash…", lambda: _trash(win), None, file_menu)
    import_ = _action(win, "&Import…", win.files.import_dialog, None, file_menu)
    export = _action(win, "&Export library…", win.files.export_dialog, None, file_menu)
    file_menu.addSeparator()
    quit_ = _action(win, "&Quit", win.close, QKeySequence.StandardKey.Quit, file_menu)

    edit_menu = bar.addMenu("&Edit")
    # Plain actions wired to the undo stack once the window is built (start-up stays light).
    undo = _action(win, "&Undo", lambda: win.document.undo_stack.undo(), QKeySequence.StandardKey.Undo)
    # Both common redo keys on every platform (the standard one differs: Ctrl+Y or Ctrl+Shift+Z).
    redo = _action(
        win,
        "&Redo",
        lambda: win.document.undo_stack.redo(),
        [QKeySequence.StandardKey.Redo, "Ctrl+Y", "Ctrl+Shift+Z"],
    )
    undo.setEnabled(False)
    redo.setEnabled(False)
    edit_menu.addAction(undo)
    edit_menu.addAction(redo)
    edit_menu.addSeparator()
    find = _action(win, "&Find in library", win.find_in_library, QKeySequence.StandardKey.Find, edit_menu)
    edit_menu.addSeparator()
    settings = _action(
        win, "&Settings…", lambda: _settings(win), QKeySequence.StandardKey.Preferences, edit_menu
    )

    view_menu = bar.addMenu("&View")
    zoom_in = _action(
        win, "Zoom &in", lambda: win.zoom(+1), [QKeySequence.StandardKey.ZoomIn, "Ctrl+="], view_menu
    )
    zoom_out = _action(win, "Zoom &out", lambda: win.zoom(-1), QKeySequence.StandardKey.ZoomOut, view_menu)
    zoom_reset = _action(win, "&Actual size", lambda: win.zoom(0), "Ctrl+0", view_menu)
    view_menu.addSeparator()
    next_pane = _action(win, "&Next pane", lambda: win.pane_focus.cycle(+1), "F6", view_menu)
    previous_pane = _action(win, "&Previous pane", lambda: win.pane_focus.cycle(-1), "Shift+F6", view_menu)
    view_menu.addSeparator()
    present = _action(win, "&Present meeting", win.board.present, "F11", view_menu)
    board = _action(win, "Tumour &board meetings…", win.board.show, "Ctrl+Shift+B", view_menu)

    help_menu = bar.addMenu("&Help")
    shortcuts = _action(
        win, "&Keyboard shortcuts", lambda: _shortcuts(win), QKeySequence.StandardKey.HelpContents, help_menu
    )
    about = _action(win, "&About NELM Desktop", lambda: _about(win), None, help_menu)

    actions = WindowActions(
        new=new,
        open=open_,
        save=save,
        save_copy=save_copy,
        close=close,
        preview=preview,
        print=print_,
        pdf=pdf,
        history=history,
        timeline=timeline,
        time_point=time_point,
        versions=versions,
        trash=trash,
        import_=import_,
        export=export,
        quit=quit_,
        undo=undo,
        redo=redo,
        find=find,
        settings=settings,
        about=about,
        demo=demo,
        zoom_in=zoom_in,
        zoom_out=zoom_out,
        zoom_reset=zoom_reset,
        next_pane=next_pane,
        previous_pane=previous_pane,
        shortcuts=shortcuts,
        recent_menu=recent_menu,
        case_actions=[save, save_copy, close, preview, print_, pdf, history, timeline, time_point, versions],
        present=present,
        board=board,
    )
    # Shortcuts work whichever panel has focus.
    for action in [
        *actions.case_actions,
        new,
        open_,
        find,
        undo,
        redo,
        zoom_in,
        zoom_out,
        zoom_reset,
        next_pane,
        previous_pane,
        shortcuts,
        present,
        board,
    ]:
        win.addAction(action)
    return actions


def connect_undo(win: MainWindow) -> None:
    """Follow the undo stack's enabled state (slots of the actions themselves: no dangling lambdas)."""
    stack = win.document.undo_stack
    stack.canUndoChanged.connect(win.menu_actions.undo.setEnabled)
    stack.canRedoChanged.connect(win.menu_actions.redo.setEnabled)


def _printing(win: MainWindow) -> PrintController:
    if win.print_controller is None:
        from nelm_desktop.ui.printing.controller import PrintController

        win.print_controller = PrintController(win.document, win)
        board = win.board.store()
        win.print_controller.decision_for = board.latest_signed_decision
    return win.print_controller


def _history(win: MainWindow) -> None:
    from nelm_desktop.ui.window.dialogs import HistoryDialog

    if win.document.case is not None:
        HistoryDialog(win.store, win.document.case, win).exec()


def _versions(win: MainWindow) -> None:
    from nelm_desktop.ui.library.versions_dialogs import VersionsDialog

    if win.document.case is not None:
        VersionsDialog(win.session, win.document.case, win).exec()


def _trash(win: MainWindow) -> None:
    from nelm_desktop.ui.library.versions_dialogs import TrashDialog

    TrashDialog(win.session, win).exec()


def _settings(win: MainWindow) -> None:
    from nelm_desktop.ui.window.settings_dialog import SettingsDialog

    dialog = SettingsDialog(win)
    if dialog.exec() and dialog.data_dir_changed:
        win.statusBar().showMessage("The new data folder is used after a restart of NELM Desktop.", 10000)


def _shortcuts(win: MainWindow) -> None:
    from nelm_desktop.ui.window.shortcuts_dialog import ShortcutsDialog

    ShortcutsDialog(win).exec()


def _about(win: MainWindow) -> None:
    from nelm_desktop.ui.window.dialogs import show_about

    show_about(win, win.document.evaluation)
