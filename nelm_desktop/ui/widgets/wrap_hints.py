"""Size hints of word-wrapped text without laying it out (``WrapLabel``'s and its containers').

Public API:

- ``font_metrics(font) -> FontMetrics``: one font's metrics and the widths measured in it, shared by
  every label in that font (a label keeps its own until its font changes: ``font.key()`` costs).
- ``estimate_hints(plain, metrics, margins) -> (hint, min_hint)``: the preferred and minimum size of a
  word-wrapped text from a few font measurements. The preferred width is ``PREFERRED_WIDTH`` (or the
  text's width, if narrower), the minimum width the widest word capped at ``MIN_WIDTH_CAP`` (so a
  panel can narrow without clipping: text wraps instead); the height is one line's (heights come from
  ``heightForWidth``, which is exact).
- ``estimate_hints_of_parts(parts, metrics, margins)``: the same for the rich text ``"".join(parts)``
  (``WrapLabel.setTextParts``), from words kept per part.
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
from collections.abc import Callable, Sequence
from itertools import pairwise

from PySide6.QtCore import QMargins, QSize
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QWidget

PREFERRED_WIDTH = 240
MIN_WIDTH_CAP = 80
_TAG = re.compile(r"<[^>]*>")


class FontMetrics:
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
_METRICS: dict[str, FontMetrics] = {}


def font_metrics(font: QFont) -> FontMetrics:
    key = font.key()
    metrics = _METRICS.get(key)
    if metrics is None:
        if len(_METRICS) >= 64:
            _METRICS.clear()
        metrics = _METRICS[key] = FontMetrics(font)
    return metrics


def estimate_hints(plain: str, metrics: FontMetrics, margins: QMargins) -> tuple[QSize, QSize]:
    """(preferred, minimum) size of the word-wrapped ``plain`` text in the font of ``metrics``, margins
    included."""
    longest = sorted(plain.split(), key=len, reverse=True)[:3]  # as heapq.nlargest, in C
    return _hints(len(plain), longest, lambda: plain, metrics, margins)


def estimate_hints_of_parts(
    parts: Sequence[str], metrics: FontMetrics, margins: QMargins
) -> tuple[QSize, QSize]:
    """``estimate_hints(without_tags("".join(parts)), ...)`` from each part's words, kept per part: a
    long text given in parts (an expanded option's reasons) was stripped of its tags, split into
    words and sorted again on every change of one part."""
    words = [w for w in map(_part_words, parts) if w.length]

    def whole() -> str:  # only for a short text, or a word across parts
        return without_tags("".join(parts))

    if any(w.open_tag for w in words) or any(
        not a.ends_blank and not b.starts_blank for a, b in pairwise(words)
    ):
        return estimate_hints(whole(), metrics, margins)  # a tag or a word runs across two parts
    # The three longest words of the whole are among the parts' three longest, in the same order
    # (a stable sort of the candidates by length keeps equally long words in text order).
    candidates = [word for w in words for word in w.longest]
    longest = sorted(candidates, key=len, reverse=True)[:3]
    return _hints(sum(w.length for w in words), longest, whole, metrics, margins)


def _hints(
    length: int, longest: list[str], plain: Callable[[], str], metrics: FontMetrics, margins: QMargins
) -> tuple[QSize, QSize]:
    extra_w, extra_h = margins.left() + margins.right(), margins.top() + margins.bottom()
    # Clearly wider than the preferred width: no need to measure.
    wide = length * metrics.average > 2 * PREFERRED_WIDTH
    one_line = PREFERRED_WIDTH if wide else metrics.width(plain())
    widest = 0
    if longest:
        # The minimum width is capped: once a word reaches the cap, none needs measuring.
        if len(longest[-1]) * metrics.average >= 2 * MIN_WIDTH_CAP:
            widest = MIN_WIDTH_CAP
        else:
            widest = max(metrics.width(w) for w in longest)
    height = metrics.fm.height() + extra_h
    return (
        QSize(min(one_line, PREFERRED_WIDTH) + extra_w, height),
        QSize(min(widest, MIN_WIDTH_CAP) + extra_w, height),
    )


class _PartWords:
    """What the hints need of one part: its length without tags, its three longest words (in the
    order a stable sort gives), whether it starts and ends blank, whether a tag is left open."""

    __slots__ = ("ends_blank", "length", "longest", "open_tag", "starts_blank")

    def __init__(self, part: str):
        plain = without_tags(part)
        self.length = len(plain)
        self.longest = sorted(plain.split(), key=len, reverse=True)[:3]
        self.starts_blank = plain[:1].isspace()
        self.ends_blank = plain[-1:].isspace()
        self.open_tag = "<" in plain


_PARTS_KEPT = 1024
_PARTS: dict[str, _PartWords] = {}


def _part_words(part: str) -> _PartWords:
    words = _PARTS.get(part)
    if words is None:
        if len(_PARTS) >= _PARTS_KEPT:
            _PARTS.clear()
        words = _PARTS[part] = _PartWords(part)
    return words


def without_tags(text: str) -> str:
    return _TAG.sub(" ", text)


def layout_size_hint(widget: QWidget) -> QSize:
    layout = widget.layout()
    if layout is None:
        return QWidget.sizeHint(widget)
    m = widget.contentsMargins()
    return layout.sizeHint() + QSize(m.left() + m.right(), m.top() + m.bottom())
