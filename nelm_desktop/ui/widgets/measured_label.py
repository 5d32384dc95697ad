"""A QLabel that remembers its own size hints for the texts it showed recently (issue #17).

Public API:

- ``MeasuredLabel(text="", parent=None)``: a ``QLabel`` whose ``sizeHint``, ``minimumSizeHint`` and
  ``heightForWidth`` are QLabel's own, computed once per text (and text format, size policy) and
  kept for the last ``RECENT_TEXTS`` texts; a font, style, margin, indent, alignment or wrapping
  change forgets them all.

Why: a word-wrapped QLabel lays its text out several times to answer each of these (at the asked
width, at the narrowest, at a guessed preferred width; ~1M instructions for the liver facts'
distribution-type line), and a form asks again after every change of the text, also when the text
only went back to one shown before (a value changed back, undo).
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QEvent, QSize
from PySide6.QtWidgets import QWidget

from nelm_desktop.ui.widgets.forgetting_label import ForgettingLabel

RECENT_TEXTS = 4
_FORGET = (
    QEvent.Type.FontChange,
    QEvent.Type.StyleChange,
    QEvent.Type.ApplicationFontChange,
    QEvent.Type.LayoutDirectionChange,
    QEvent.Type.ContentsRectChange,
)


class MeasuredLabel(ForgettingLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(text, parent)
        self._measured: OrderedDict[tuple[object, ...], dict[object, QSize | int]] = OrderedDict()

    def _now(self) -> dict[object, QSize | int]:
        policy = self.sizePolicy()
        key = (self.text(), self.textFormat(), policy.horizontalPolicy(), policy.verticalPolicy())
        measured = self._measured.get(key)
        if measured is None:
            measured = self._measured[key] = {}
            while len(self._measured) > RECENT_TEXTS:
                self._measured.popitem(last=False)
        else:
            self._measured.move_to_end(key)
        return measured

    def sizeHint(self) -> QSize:
        measured = self._now()
        hint = measured.get("size")
        if not isinstance(hint, QSize):
            hint = measured["size"] = super().sizeHint()
        return QSize(hint)

    def minimumSizeHint(self) -> QSize:
        measured = self._now()
        hint = measured.get("minimum")
        if not isinstance(hint, QSize):
            hint = measured["minimum"] = super().minimumSizeHint()
        return QSize(hint)

    def heightForWidth(self, width: int) -> int:
        measured = self._now()
        height = measured.get(width)
        if not isinstance(height, int):
            height = measured[width] = super().heightForWidth(width)
        return height

    def _forget(self) -> None:
        self._measured.clear()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in _FORGET:
            self._forget()
        super().changeEvent(event)
