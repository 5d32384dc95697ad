"""What the parts of the meetings window (details, attendees, agenda) need from the window: the meeting
on screen, one edit applied under the meeting's lock, the message line, and the entries refused but
kept on screen. The parts build their widgets into the window (the widget tree, and so the keyboard
order and the accessible names, is the one window's)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel

from nelm_desktop.core.board.model import Meeting
from nelm_desktop.core.board.store import BoardStore, Loaded
from nelm_desktop.core.store import CaseStore

INVALID_BORDER = "border: 2px solid #B00020;"
INVALID_FILL = QColor("#FDE7EA")
# (meeting id, case id or "" for the meeting's details, field) -> (the text typed, why it is not saved).
# Entries refused (too long, empty name, a hidden character) stay on screen, marked, and are never
# saved until the user corrects them; a refill after another edit shows them again, not the saved text.
Pending = dict[tuple[str, str, str], tuple[str, str]]


class MeetingHost(Protocol):
    meeting: Loaded[Meeting] | None
    message: QLabel
    pending: Pending
    cases: CaseStore
    board: BoardStore

    def edit(self, mutate: Callable[[Meeting], Meeting], done: str) -> bool:
        """Apply `mutate` to the newest version on disk; False (and said) when it was refused."""
        ...

    def refill(self) -> None:
        """Show the meeting again (the saved record, with the entries still pending over it)."""
        ...

    def refresh(self, select: str | None = None) -> None:
        """Re-read the meetings list (another workstation may have changed it) and show `select`."""
        ...

    def filling(self) -> bool:
        """True while the window writes into its widgets (their change signals are not edits)."""
        ...
