"""Size hints of word-wrapped text without laying it out (``WrapLabel``'s and its containers').

Public API:

- ``estimate_hints(plain, font, margins) -> (hint, min_hint)``: the preferred and minimum size of a
  word-wrapped text from a few font measurements. The preferred width is ``PREFERRED_WIDTH`` (or the
  text's width, if narrower), the minimum width the widest word capped at ``MIN_WIDTH_CAP`` (so a
  panel can narrow without clipping: text wraps instead); the height is one line's (heights come from
  ``heightForWidth``, which is exact).
- ``without_tags(text) -> str``: a rich text's words, tags replaced by spaces (enough for a width
  estimate).
- ``layout_size_hint(widget) -> QSize``: for a container's ``sizeHint`` override: its layout's size
  hint plus the widget's margins. ``QWidget.sizeHint`` (``QLayout::totalSizeHint``) also lays the
  whole container out at its preferred width to get a height; the options panel's layouts ask for
  the size hints of rows and boxes on every pass, so each changed text was laid out again at
  widths nothing is ever shown at. Heights still come from ``heightForWidth``.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QMargins, QSize
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QWidget

PREFERRED_WIDTH = 240
MIN_WIDTH_CAP = 80
_TAG = re.compile(r"<[^>]*>")


class _FontMetrics:
    """One font's metrics and the widths of the words and short lines measured in it.

    Every text change asks for new hints; QFontMetrics' average width and each measured string
    were computed afresh (a text shaped per call). Widths depend only on the font and the string.
    """

    def __init__(self, font: QFont):
        self.fm = QFontMetrics(font)
        self.average = self.fm.averageCharWidth()
        self._widths: dict[str, int] = {}

    def width(self, text: str) -> int:
        width = self._widths.get(text)
        if width is None:
            if len(self._widths) >= _WIDTHS_KEPT:
                self._widths.clear()
            width = self._widths[text] = self.fm.horizontalAdvance(text)
        return width


_WIDTHS_KEPT = 4096
_METRICS: dict[str, _FontMetrics] = {}


def _metrics_for(font: QFont) -> _FontMetrics:
    key = font.key()
    metrics = _METRICS.get(key)
    if metrics is None:
        if len(_METRICS) >= 64:
            _METRICS.clear()
        metrics = _METRICS[key] = _FontMetrics(font)
    return metrics


def estimate_hints(plain: str, font: QFont, margins: QMargins) -> tuple[QSize, QSize]:
    """(preferred, minimum) size of the word-wrapped ``plain`` text in ``font``, margins included."""
    extra_w, extra_h = margins.left() + margins.right(), margins.top() + margins.bottom()
    metrics = _metrics_for(font)
    # Clearly wider than the preferred width: no need to measure.
    wide = len(plain) * metrics.average > 2 * PREFERRED_WIDTH
    one_line = PREFERRED_WIDTH if wide else metrics.width(plain)
    words = plain.split()
    widest = 0
    if words:
        # The minimum width is capped: once a word reaches the cap, none needs measuring.
        longest = sorted(words, key=len, reverse=True)[:3]  # as heapq.nlargest, in C
        if len(longest[-1]) * metrics.average >= 2 * MIN_WIDTH_CAP:
            widest = MIN_WIDTH_CAP
        else:
            widest = max(metrics.width(w) for w in longest)
    height = metrics.fm.height() + extra_h
    return (
        QSize(min(one_line, PREFERRED_WIDTH) + extra_w, height),
        QSize(min(widest, MIN_WIDTH_CAP) + extra_w, height),
    )


def without_tags(text: str) -> str:
    return _TAG.sub(" ", text)


def layout_size_hint(widget: QWidget) -> QSize:
    layout = widget.layout()
    if layout is None:
        return QWidget.sizeHint(widget)
    m = widget.contentsMargins()
    return layout.sizeHint() + QSize(m.left() + m.right(), m.top() + m.bottom())
