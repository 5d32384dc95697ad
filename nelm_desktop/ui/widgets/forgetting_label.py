"""A QLabel that keeps measurements of its own (hints, laid-out text) and must forget them whenever a
setter changes how its text is measured: one list of those setters for every such label."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QMargins, Qt
from PySide6.QtWidgets import QLabel


class ForgettingLabel(QLabel):
    """Subclasses implement `_forget` (drop what was measured). Each setter below calls it when the
    value really changes: the panels set the same format or margins again on every update, and
    forgetting then would measure every text again."""

    def _forget(self) -> None:
        raise NotImplementedError

    def setTextFormat(self, fmt: Qt.TextFormat) -> None:
        if fmt != self.textFormat():
            self._forget()
        super().setTextFormat(fmt)

    def setWordWrap(self, on: bool) -> None:
        if on != self.wordWrap():
            self._forget()
        super().setWordWrap(on)

    def setContentsMargins(self, *margins: Any) -> None:  # QMargins, or left, top, right, bottom
        if (QMargins(*margins) if len(margins) == 4 else margins[0]) != self.contentsMargins():
            self._forget()
        super().setContentsMargins(*margins)

    def setAlignment(self, alignment: Qt.AlignmentFlag) -> None:
        if alignment != self.alignment():
            self._forget()
        super().setAlignment(alignment)

    def setMargin(self, margin: int) -> None:
        if margin != self.margin():
            self._forget()
        super().setMargin(margin)

    def setIndent(self, indent: int) -> None:
        if indent != self.indent():
            self._forget()
        super().setIndent(indent)
