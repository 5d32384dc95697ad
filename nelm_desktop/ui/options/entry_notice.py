"""The notice above the options while a field holds an entry the model refused.

Keyboard tracking lets each keystroke reach the case: typing 140 into Ki-67 (0–100) stored 1 and 14
before 140 was refused. The box shows "140" in red and Save is blocked, but the options are evaluated
with 14. This notice says so, naming each such field with both values, until the entry is fixed or
undone (what the user sees is what is evaluated, or the difference is stated).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from nelm_desktop.ui.widgets import style
from nelm_desktop.ui.widgets.markup import escape

# (field label, what the box shows, the last accepted value, the accepted range or the reason)
StaleEntry = tuple[str, str, str, str]

BORDER = style.OKABE_ITO["vermillion"]
BACKGROUND = "#FDF0EC"


def notice_sentences(entries: Sequence[StaleEntry]) -> list[str]:
    return [
        f"{label} shows {shown}, which is not accepted ({rule}). "
        + (
            "Options below treat it as unknown, its last accepted value."
            if accepted == "unknown"
            else f"Options below use the last accepted value, {accepted}."
        )
        + " Fix the entry to update them."
        for label, shown, accepted, rule in entries
    ]


class EntryNotice(QLabel):
    """Hidden while every entry is accepted; else one sentence per refused entry, framed. A plain
    word-wrapped QLabel: it is rarely shown, and it sits above the scroll area so it never scrolls away."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("entryNotice")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        self.setStyleSheet(
            f"#entryNotice {{ color: {style.TEXT}; background: {BACKGROUND}; padding: 6px 8px; "
            f"border: 2px solid {BORDER}; border-radius: 3px; margin: 6px 10px 0 10px; }}"
        )
        self._sentences: list[str] = []
        self.hide()

    def sentences(self) -> list[str]:
        return list(self._sentences)

    def set_entries(self, entries: Sequence[StaleEntry]) -> None:
        sentences = notice_sentences(entries)
        if sentences == self._sentences:
            return
        self._sentences = sentences
        html = "".join(f"<p style='margin:0'><b>⚠</b> {escape(s)}</p>" for s in sentences)
        self.setText(html)
        self.setAccessibleName("Entry not accepted" if sentences else "")
        self.setAccessibleDescription(" ".join(sentences))
        self.setVisible(bool(sentences))
