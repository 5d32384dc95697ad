"""A word-wrapped QLabel that lays its text out once per text and width, for live-updating panels.

Public API:

- ``WrapLabel(text="", parent=None)``: a ``QLabel`` with word wrap on. It behaves as a QLabel
  (text format, selection, accessibility, palette), but caches ``heightForWidth`` per width for
  the current text, and answers ``sizeHint`` / ``minimumSizeHint`` without laying the text out.

Why: a word-wrapped QLabel re-lays its whole text out (a QTextDocument for rich text) on every
``heightForWidth`` call, and computes its minimum size by laying the text out at the narrowest
width (a word per line). Qt asks several times per layout pass (box and grid layouts query the
height and the minimum height, the scroll area queries size hints), so a panel of a few dozen
labels spent most of an edit's time re-laying out text that had not changed.

The hints are chosen for labels inside height-for-width layouts: the preferred width is
``PREFERRED_WIDTH`` (or the text's width, if narrower), the minimum width the widest word capped at
``MIN_WIDTH_CAP`` (so a panel can narrow without clipping: text wraps instead). Heights come from
``heightForWidth``, which is exact.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import QLabel, QWidget

PREFERRED_WIDTH = 240
MIN_WIDTH_CAP = 80
_CACHE_SIZE = 8  # widths remembered per text (the layout asks for a handful, then settles)


class WrapLabel(QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(text, parent)
        self._hfw: dict[int, int] = {}
        self._hint: QSize | None = None
        self._min_hint: QSize | None = None
        self.setWordWrap(True)

    # ------------------------------------------------------------------ cache invalidation
    def _forget(self) -> None:
        self._hfw.clear()
        self._hint = None
        self._min_hint = None

    def setText(self, text: str) -> None:
        self._forget()
        super().setText(text)

    def setTextFormat(self, fmt: Qt.TextFormat) -> None:
        self._forget()
        super().setTextFormat(fmt)

    def setWordWrap(self, on: bool) -> None:
        self._forget()
        super().setWordWrap(on)

    def setContentsMargins(self, *margins: object) -> None:  # type: ignore[override]
        self._forget()
        super().setContentsMargins(*margins)  # type: ignore[arg-type]

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._forget()
        super().changeEvent(event)

    # ------------------------------------------------------------------ size hints
    def heightForWidth(self, width: int) -> int:
        height = self._hfw.get(width)
        if height is None:
            if len(self._hfw) >= _CACHE_SIZE:
                self._hfw.pop(next(iter(self._hfw)))
            height = self._hfw[width] = super().heightForWidth(width)
        return height

    def sizeHint(self) -> QSize:
        if not self.wordWrap():
            return super().sizeHint()
        if self._hint is None:
            m = self.contentsMargins()
            extra_w, extra_h = m.left() + m.right(), m.top() + m.bottom()
            fm = self.fontMetrics()
            one_line = fm.horizontalAdvance(self._plain_text()) if self._plain_text() else 0
            width = min(one_line, PREFERRED_WIDTH) + extra_w
            self._hint = QSize(width, fm.height() + extra_h)
        if self._hfw:  # the last laid-out height is the best guess of the preferred height
            return QSize(self._hint.width(), next(reversed(self._hfw.values())))
        return self._hint

    def minimumSizeHint(self) -> QSize:
        if not self.wordWrap():
            return super().minimumSizeHint()
        if self._min_hint is None:
            m = self.contentsMargins()
            fm = self.fontMetrics()
            words = self._plain_text().split()
            widest = max((fm.horizontalAdvance(w) for w in words), default=0)
            self._min_hint = QSize(
                min(widest, MIN_WIDTH_CAP) + m.left() + m.right(), fm.height() + m.top() + m.bottom()
            )
        return self._min_hint

    def _plain_text(self) -> str:
        text = self.text()
        if self.textFormat() == Qt.TextFormat.PlainText or "<" not in text:
            return text
        # Rich text: the words without tags are enough for a width estimate.
        out, inside = [], False
        for ch in text:
            if ch == "<":
                inside = True
                out.append(" ")
            elif ch == ">":
                inside = False
            elif not inside:
                out.append(ch)
        return "".join(out)
