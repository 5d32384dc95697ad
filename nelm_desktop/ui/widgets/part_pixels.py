"""The pixels of a long rich label's parts, drawn once and then copied (issue #17, edit -> repaint).

Public API:

- ``PartPixels()``: per part (one of ``WrapLabel.setTextParts``, by its text), the pixels it was
  drawn with over a solid colour. ``paint(painter, parts, origin, exposed, look)`` copies the
  exposed parts' pixels onto ``painter`` (drawing a part's pixels first when it has none for this
  ``look``); ``keep(texts)`` keeps the pixels of the parts shown now and of the parts shown most
  recently before, up to ``RECENT_AREA`` device pixels (a value typed back shows its paragraphs
  again); ``clear()``.
- ``Look``: what else the pixels depend on: the text width, the scale, the colour beneath, the
  label's generation (font, palette, style), its font, pen colour and palette.

Why: an expanded option's reasons are a long label (a few hundred pixels tall, ~2,000 glyphs); a
regrouping edit moves it with its row, and every glyph of its visible part was shaped and drawn
again (~4M instructions per such edit, a seventh of it). A label over one solid colour can copy
what it drew instead; a part whose text changed is drawn once. Only parts that are exposed are
ever drawn (a long label half out of view draws only what is seen, as before).

The copies are the same pixels: each part is drawn at the same fraction of a pixel below the
pixmap's top edge as it sits below a pixel row in the label, over the colour the label is drawn
over, with the painter set up as the label's own paint sets it up.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRectF
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QPainter,
    QPalette,
    QPixmap,
    QTextDocument,
)


@dataclass(frozen=True)
class Look:
    """What a part's pixels are drawn with, besides its text (see the module docstring)."""

    width: int  # the text width the parts are laid out at
    dpr: float
    backdrop: int  # the colour beneath, as QColor.rgba()
    generation: int  # the label's count of changes to its font, palette, style, parent
    font: QFont
    pen: QColor
    palette: QPalette

    def key(self) -> tuple[object, ...]:
        return (self.width, self.dpr, self.backdrop, self.generation)


# Pixels of parts no longer shown, kept per label: ~1 MB (a few paragraphs of an option's reasons).
RECENT_AREA = 250_000


class PartPixels:
    def __init__(self) -> None:
        # (part text, its fraction of a pixel) -> (look key, pixels), least recently shown first
        self._pixels: OrderedDict[tuple[str, float], tuple[tuple[object, ...], QPixmap]] = OrderedDict()

    def clear(self) -> None:
        self._pixels.clear()

    def keep(self, texts: list[str]) -> None:
        """The pixels of ``texts`` (the parts shown now) stay, and the most recent others up to
        ``RECENT_AREA`` device pixels: the memory stays bounded however many texts were shown."""
        shown = set(texts)
        area = 0
        for part in reversed(list(self._pixels)):
            if part[0] in shown:
                continue
            pixmap = self._pixels[part][1]
            area += pixmap.width() * pixmap.height()
            if area > RECENT_AREA:
                del self._pixels[part]

    def paint(
        self,
        painter: QPainter,
        parts: list[tuple[float, QTextDocument, str]],
        origin: tuple[int, float],
        exposed: QRectF,
        look: Look,
    ) -> None:
        """Copy each part (top, laid-out document, text) that meets ``exposed`` (label coordinates)
        to ``origin`` + its top.

        ``origin`` is where the first part's top left corner is in the label (x whole, y may have
        a fraction); the caller has clipped ``painter`` to the label's text rectangle."""
        x, y = origin
        for top, doc, text in parts:
            height = doc.size().height()
            y0 = y + top
            if not exposed.intersects(QRectF(x, y0, look.width, height)):
                continue
            row = math.floor(y0)
            fraction = y0 - row
            key = look.key()
            kept = self._pixels.get((text, fraction))
            if kept is None or kept[0] != key:
                kept = self._pixels[text, fraction] = (key, _draw(doc, fraction, height, look))
            else:
                self._pixels.move_to_end((text, fraction))
            painter.drawPixmap(QPoint(x, row), kept[1])


def _draw(doc: QTextDocument, fraction: float, height: float, look: Look) -> QPixmap:
    dpr = look.dpr
    pixmap = QPixmap(max(1, round(look.width * dpr)), max(1, math.ceil((fraction + height) * dpr)))
    pixmap.setDevicePixelRatio(dpr)
    pixmap.fill(QColor.fromRgba(look.backdrop))  # the text blends with the colour beneath, as on the window
    painter = QPainter(pixmap)
    painter.setFont(look.font)  # as QPainter(widget) begins
    painter.setPen(look.pen)
    painter.translate(0, fraction)
    context = QAbstractTextDocumentLayout.PaintContext()
    context.palette = look.palette
    context.clip = QRectF(0, 0, look.width, height)
    doc.documentLayout().draw(painter, context)
    painter.end()
    return pixmap
