"""Help > Keyboard shortcuts: every menu shortcut (read from the actions themselves, so the list can
never drift from the keys) and the keys that work inside controls."""

from __future__ import annotations

from PySide6.QtCore import QKeyCombination, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMainWindow,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nelm_desktop.ui.widgets.accessible_names import name_generated_controls

# Keys handled inside controls (not menu actions).
CONTROL_KEYS: tuple[tuple[str, str], ...] = (
    ("Tab / Shift+Tab", "Next / previous control (one stop per question, one stop for the liver diagram)"),
    ("Left / Right, Home / End", "Change the answer of a Unknown / Yes / No question"),
    ("First letter (U, Y, N, …)", "Pick that answer of a question"),
    ("Arrow keys in the liver diagram", "Move between segments"),
    ("Space / Enter in the liver diagram", "Add a lesion to the segment"),
    ("Enter on a missing fact", "Go to the field that needs it"),
    ("Arrow keys, Home / End in the options panel", "Move between missing facts, or between option rows"),
    ("Space / Enter, Right / Left on an option row", "Show / hide its reasons; expand / collapse"),
)


def _on_a_common_keyboard(sequence: QKeySequence) -> bool:
    """False for a bare dedicated key the platform adds to a standard key (X11's "Undo", "New",
    "Zoom In", Sun's F14): they still work, but listing them ("Ctrl+Z, F14, Undo") only confuses."""
    if sequence.count() != 1:
        return True
    combination: QKeyCombination = sequence[0]  # type: ignore[index]  # (the stubs lack __getitem__)
    bare = combination.keyboardModifiers() == Qt.KeyboardModifier.NoModifier
    return not (bare and combination.key().value >= Qt.Key.Key_F13.value)


def menu_shortcuts(window: QMainWindow) -> list[tuple[str, str]]:
    """(what, keys) for every menu action with a shortcut, in menu order."""
    rows: list[tuple[str, str]] = []
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        if not isinstance(menu, QMenu):
            continue
        for action in menu.actions():
            shown = [s for s in action.shortcuts() if _on_a_common_keyboard(s)]
            if isinstance(action, QAction) and shown:
                keys = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in shown)
                what = f"{menu_action.text().replace('&', '')} › {action.text().replace('&', '').rstrip('…')}"
                rows.append((what, keys))
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, window: QMainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.setWindowTitle("Keyboard shortcuts")
        rows = [(keys, what) for what, keys in menu_shortcuts(window)] + list(CONTROL_KEYS)
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setHorizontalHeaderLabels(["Keys", "Does"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (keys, what) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(keys))
            self.table.setItem(row, 1, QTableWidgetItem(what))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(640, 520)
        name_generated_controls(self)  # Qt's own parts (lists, scroll bars, button row) named

    def rows(self) -> list[tuple[str, str]]:
        out = []
        for row in range(self.table.rowCount()):
            keys, what = self.table.item(row, 0), self.table.item(row, 1)
            out.append((keys.text() if keys else "", what.text() if what else ""))
        return out
