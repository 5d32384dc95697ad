"""Before a decision is recorded: the decision snapshots the case AS SAVED, so unsaved edits of that
case in the case window are saved first, or the recording is cancelled. They are never silently left
out of the snapshot (what the board decided on must be what is saved).

The board room never imports the case window: the window hands over what it knows as two callables.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QMessageBox, QWidget


@dataclass(frozen=True, slots=True)
class OpenCaseEdits:
    """What the board room may ask of the case window."""

    has_unsaved_edits: Callable[[str], bool]  # case id -> the case window holds unsaved edits of it
    save: Callable[[], bool]  # save the open case (the window's own Save); True when it was saved
    shown_label: Callable[[], str] = lambda: ""  # the open case's label as the case window shows it


def saved_before_deciding(
    parent: QWidget | None, open_case: OpenCaseEdits | None, case_id: str, saved_label: str = ""
) -> bool:
    """True when the decision may be recorded on the saved case: no unsaved edits of it are open, or
    the user chose "Save first" and the save succeeded. False on Cancel (or a failed save).
    `saved_label`: the case's label in the library, named in the question beside the one on screen."""
    if open_case is None or not open_case.has_unsaved_edits(case_id):
        return True
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Unsaved edits",
        f"{_case_words(saved_label, open_case.shown_label())} has unsaved edits in the case window.\n\n"
        "The decision records the case as saved, with the evaluation of the saved facts. Save the "
        "edits first, or cancel and record the decision later.",
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setObjectName("unsavedBeforeDecision")
    save = box.addButton("Save first", QMessageBox.ButtonRole.AcceptRole)
    save.setObjectName("saveFirst")
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    box.exec()
    if box.clickedButton() is not save:
        return False
    return open_case.save() and not open_case.has_unsaved_edits(case_id)


def _case_words(saved_label: str, shown_label: str) -> str:
    """Which case is meant, in the words the user knows it by: the board's agenda shows the saved
    label, the case window the edited one (a label edit is itself an unsaved edit)."""
    saved, shown = saved_label.strip(), shown_label.strip()
    if saved and shown and saved != shown:
        return f'The case "{saved}" (shown as "{shown}")'
    if saved or shown:
        return f'The case "{saved or shown}"'
    return "This case (no label yet)"
