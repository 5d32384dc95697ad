"""Questions whose buttons say what they do, each with a mnemonic (Alt + the underlined letter).

Qt's own question box offered Yes / No before deleting a case or emptying the trash (the user had to
read the question again to know what Yes does), and its Discard and Save buttons have no mnemonic while
Yes and No have one. `ask` keeps Qt's standard buttons (so callers and Esc behave as before: Esc is No
or Cancel) and only names them.
"""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QMessageBox, QWidget

Btn = QMessageBox.StandardButton
# Qt's texts for these have no mnemonic ("Discard", "Save"); Cancel is Esc.
MNEMONICS = {Btn.Save: "&Save", Btn.Discard: "&Discard"}


def ask(
    parent: QWidget | None,
    title: str,
    text: str,
    buttons: Btn,
    default: Btn,
    names: dict[Btn, str] | None = None,
) -> Btn:
    """Ask with Qt's standard `buttons`, named by `names` (e.g. Yes -> "Move to &trash", No ->
    "Cancel") or else by their usual words; the button chosen (Esc: No or Cancel)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, buttons, parent)
    box.setDefaultButton(default)
    for standard, name in {**MNEMONICS, **(names or {})}.items():
        button = box.button(standard)
        if button is not None:
            button.setText(name)
            # Where the desktop gives dialog buttons icons, Yes kept its green tick and No its red
            # disc under the new names ("Move to trash" ticked, "Cancel" in red): drop them.
            button.setIcon(QIcon())
    return run_box(box)


def confirm(parent: QWidget | None, title: str, text: str, action: str) -> bool:
    """A question before an action: True on `action` (its button's text, with a mnemonic), False on
    Cancel or Esc, which is the default (Enter never starts the action unread)."""
    return ask(parent, title, text, Btn.Yes | Btn.No, Btn.No, {Btn.Yes: action, Btn.No: "Cancel"}) == Btn.Yes


def run_box(box: QMessageBox) -> Btn:
    """Shows the box until answered (tests stand in for this to answer without a modal loop)."""
    return Btn(box.exec())
