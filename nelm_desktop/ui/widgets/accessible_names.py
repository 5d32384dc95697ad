"""Names for the controls Qt creates on its own (scroll bars, line-edit clear buttons, a combo box's
list and its text box, a dialog's button row, menu bar), so a screen reader never announces a bare
"scroll bar" or "list": each takes its owner's name (a window's title where nothing inside is named).
Every window and dialog calls `name_generated_controls` once its widgets are made."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QComboBox,
    QDialog,
    QLineEdit,
    QMenuBar,
    QToolButton,
    QWidget,
)


def _owner_name(widget: QWidget) -> str:
    while widget is not None:
        if widget.accessibleName():
            return widget.accessibleName()
        if isinstance(widget, QDialog):  # its title says what the dialog is about
            return widget.windowTitle()
        parent = widget.parentWidget()
        if parent is None:
            break
        widget = parent
    return ""


def name_generated_controls(root: QWidget, button_rows: bool = True) -> None:
    """Name every unnamed scroll bar, clear button, combo-box list and text box, dialog button row and
    menu bar under `root` after its owner. ``button_rows=False``: `root` holds no dialog button row
    (the main window, a case form section), and PySide does not make the QDialogButtonBox type and its
    37 enum members (~7M instructions before the window is usable) to look for one."""
    for area in root.findChildren(QAbstractScrollArea):
        if isinstance(area.parentWidget(), QComboBox) or area.window() is not root.window():
            continue
        owner = _owner_name(area) or "Panel"
        if not area.accessibleName():
            area.setAccessibleName(owner)
        for bar, direction in (
            (area.verticalScrollBar(), "vertical"),
            (area.horizontalScrollBar(), "horizontal"),
        ):
            if not bar.accessibleName():
                bar.setAccessibleName(f"{owner}, {direction} scroll bar")
    for edit in root.findChildren(QLineEdit):
        for button in edit.findChildren(QToolButton):
            if not button.accessibleName():
                button.setAccessibleName(f"Clear {_owner_name(edit) or 'text'}")
    for combo in root.findChildren(QComboBox):
        if not combo.view().accessibleName():
            combo.view().setAccessibleName(f"{_owner_name(combo) or 'Choice'}: list")
        text_box = combo.lineEdit()
        if text_box is not None and not text_box.accessibleName():  # an editable combo box's text box
            text_box.setAccessibleName(_owner_name(combo) or "Choice")
    if button_rows:
        from PySide6.QtWidgets import QDialogButtonBox

        for box in root.findChildren(QDialogButtonBox):
            if not box.accessibleName():
                box.setAccessibleName("Dialog buttons")
    for menu_bar in root.findChildren(QMenuBar):
        if not menu_bar.accessibleName():
            menu_bar.setAccessibleName("Menu bar")
