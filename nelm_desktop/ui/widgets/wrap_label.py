"""A word-wrapped QLabel that lays its text out once per text and width, for live-updating panels.

Public API:

- ``WrapLabel(text="", parent=None)``: a ``QLabel`` with word wrap on. It behaves as a QLabel
  (text, text format, accessibility: a static text named by its text, palette, selection), but
  caches ``heightForWidth`` per width for the current text, answers ``sizeHint`` /
  ``minimumSizeHint`` without laying the text out, and lays rich text out in a document of its own
  (same settings as QLabel's: the label's font, no margin, word wrap, the label's alignment), once
  per text and width, which it also paints. While the user has selected text, QLabel paints
  (its selection highlight included).

Why: a word-wrapped QLabel re-lays its whole text out (a QTextDocument for rich text) on every
``heightForWidth`` call, twice (at the asked width, then back), again when it paints after a
change, and computes its minimum size by laying the text out at the narrowest width (a word per
line). Qt asks several times per layout pass (box and grid layouts query the height and the
minimum height, the scroll area queries size hints), so a panel of a few dozen labels spent most
of an edit's time re-laying out text.

The hints are chosen for labels inside height-for-width layouts (``wrap_hints.estimate_hints``:
a few font measurements, no text layout). Heights come from ``heightForWidth``, which is exact.

- ``WrapLabel.setTextParts(parts)``: rich text given as its top-level parts (paragraphs, lists),
  shown exactly as ``setText("".join(parts))``; each part is a document of its own, stacked as one
  document stacks its blocks (a later part's first top margin between them, bottom margins 0), so
  an edit that changes one paragraph of a long text parses and lays out only that paragraph.
  ``text()`` is the whole text (QLabel's selection, links and accessibility use it as before).
  With ``setPixelCache(True)`` and too large for one pixmap, each exposed part's pixels are kept
  and copied (``part_pixels.PartPixels``): moved with its row, the label draws no glyph again.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Sequence

from PySide6 import QtGui
from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QGuiApplication,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import QWidget

from nelm_desktop.ui.widgets.cached_scroll_bar import backdrop_colour
from nelm_desktop.ui.widgets.forgetting_label import ForgettingLabel
from nelm_desktop.ui.widgets.part_pixels import Look, PartPixels
from nelm_desktop.ui.widgets.plain_label_paint import draw_plain_label
from nelm_desktop.ui.widgets.wrap_hints import (
    FontMetrics,
    estimate_hints,
    estimate_hints_of_parts,
    font_metrics,
    without_tags,
)

_CACHE_SIZE = 8  # widths remembered per text (the layout asks for a handful, then settles)
# Texts shown before, kept measured (and laid out, for rich text) with the current font and width:
# a status line, count, criterion verdict or reason paragraph that comes back (a value changed
# back, undo, a threshold crossed and uncrossed) is neither parsed nor laid out again.
RECENT_TEXTS = 4
# Parts (an expanded option's reason paragraphs, whose facts line carries the values) shown before,
# kept laid out: typing values back and forth comes back to a few dozen of them (16 re-parsed ~1.7 per
# regrouping edit of the bench). ~28 KB each laid out, so at most ~1.8 MB per label.
RECENT_PARTS = 64
_SPARE_DOCUMENTS = 2  # documents of forgotten texts kept for reuse (making one costs a layout)
_PIXEL_CACHE_AREA = 60_000  # device pixels: larger labels paint only their exposed part instead
# Pixels of texts shown recently, kept for small labels (a status line, count or criterion verdict):
# typing "25" shows "2" first, so a threshold is crossed and crossed back within one entry, and
# the label's earlier text came back to be drawn again. At most this many per label, the current
# one included, and only for labels of at most _RECENT_PIXELS_AREA device pixels (~64 KB each).
RECENT_PIXELS = 4
_RECENT_PIXELS_AREA = 16_000
_PIXELS_CHANGE = (
    QEvent.Type.PaletteChange,
    QEvent.Type.EnabledChange,
    QEvent.Type.ParentChange,
    QEvent.Type.LayoutDirectionChange,
    QEvent.Type.ApplicationPaletteChange,
    QEvent.Type.ApplicationFontChange,
)
_SELECTABLE = Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
_STRONG_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def _right_to_left(text: str) -> bool:
    """Whether a text may be laid out right to left (Hebrew, Arabic and related scripts)."""
    return _STRONG_RTL.search(text) is not None


class _Measured:
    """What the label worked out for one text: heights per width, hints, its laid-out document."""

    __slots__ = ("doc", "hfw", "hint", "min_hint")

    def __init__(self) -> None:
        self.hfw: dict[int, int] = {}
        self.hint: QSize | None = None
        self.min_hint: QSize | None = None
        self.doc: QTextDocument | None = None  # rich text only, built on first use


class WrapLabel(ForgettingLabel):
    caching = True  # class switch for the pixel cache (tests compare with it off)

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(text, parent)
        self._now = _Measured()  # the current text's
        self._recent: OrderedDict[str, _Measured] = OrderedDict()  # texts shown before, oldest first
        # Heights asked since the text was set, in the order first asked (sizeHint's best guess).
        self._asked: dict[int, int] = {}
        # Documents no text holds, reused for the next text: a new QTextDocument per text, parented
        # to the label, lived as long as the label did (~70 KB per edit: the leak of issue #17).
        self._spares: list[QTextDocument] = []
        # setTextParts: one document per part (None: the whole text is one document).
        self._parts: list[str] | None = None
        self._part_docs: list[QTextDocument] = []
        self._part_pool: OrderedDict[str, QTextDocument] = OrderedDict()  # parts shown before
        self._parts_setup = False  # font and text option applied to every part document
        self._pixel_cache = False
        self._pixels: QPixmap | None = None
        self._pixels_key: tuple[object, ...] | None = None
        # Earlier (key, pixels) of this generation, oldest first (see RECENT_PIXELS).
        self._recent_pixels: OrderedDict[tuple[object, ...], QPixmap | None] = OrderedDict()
        self._part_pixels = PartPixels()  # parts too long for one pixmap: each part's own (see paintEvent)
        self._generation = 0
        self._painted = False  # plain text: the first paint is QLabel's own (see _cached_pixels)
        self._metrics: FontMetrics | None = None  # the font's, for the hints (see _estimate_hints)
        self._rtl: tuple[str, bool] = ("", False)  # the last text looked at, and whether it is RTL
        self._look: Look | None = None  # what the parts' pixels were last drawn with (_copy_parts)
        self.setWordWrap(True)

    # ------------------------------------------------------------------ cache invalidation
    def _forget(self) -> None:
        """The font, format, margins, alignment or wrapping changed: nothing measured holds."""
        self._generation += 1
        for measured in (self._now, *self._recent.values()):
            self._release(measured.doc)
        for doc in self._part_pool.values():
            self._release(doc)
        self._now = _Measured()
        self._recent.clear()
        self._part_pool.clear()
        self._part_pixels.clear()
        self._asked.clear()
        self._parts_setup = False
        self._metrics = None

    def _release(self, doc: QTextDocument | None) -> None:
        if doc is None:
            return
        if len(self._spares) < _SPARE_DOCUMENTS:
            self._spares.append(doc)
        else:
            doc.setParent(None)  # the last reference goes with the caller's: deleted now

    def _take_document(self) -> QTextDocument:
        return self._spares.pop() if self._spares else self._new_document()

    def _switch_to(self, text: str) -> None:
        """The text becomes ``text``: the current one's measurements are kept among the recent
        texts, and ``text``'s are taken back if it was shown recently."""
        old = self._now
        self._now = self._recent.pop(text, None) or _Measured()
        if old.hfw or old.doc is not None:
            self._recent[self.text()] = old
            while len(self._recent) > RECENT_TEXTS:
                self._release(self._recent.popitem(last=False)[1].doc)
        self._asked.clear()

    def setText(self, text: str) -> None:
        if self._parts is not None:
            self._drop_parts()
            self._forget()
        elif text == self.text():  # QLabel ignores it too; keep the measured layout
            return
        else:
            self._switch_to(text)
        super().setText(text)

    def setTextParts(self, parts: Sequence[str]) -> None:
        """The rich text ``"".join(parts)``; only the parts that changed are parsed and laid out."""
        text = "".join(parts)
        if self._parts is not None and list(parts) == self._parts:
            return
        if self._parts is None:
            self._forget()  # the whole text's document and heights: not parts
        if not self._parts_setup:  # the font, alignment or margins changed: every part anew
            self._drop_parts()
        # Unchanged parts keep their laid-out documents (also when they moved: a paragraph added
        # above them), and so do parts shown before (kept in a pool of recent parts); the others
        # reuse spare documents, so the count stays bounded (the leak).
        kept: dict[str, list[QTextDocument]] = {}
        for old, doc in zip(self._parts or [], self._part_docs, strict=True):
            kept.setdefault(old, []).append(doc)
        docs: list[QTextDocument | None] = [kept[part].pop(0) if kept.get(part) else None for part in parts]
        for old, left in kept.items():
            for doc in left:
                self._pool(old, doc)
        for i, part in enumerate(parts):
            if docs[i] is None:
                doc = self._part_pool.pop(part, None)
                if doc is None:
                    doc = self._take_document()
                    self._setup(doc)
                    doc.setHtml(part)
                docs[i] = doc
        self._part_docs = [doc for doc in docs if doc is not None]
        self._part_pixels.keep(list(parts))
        self._parts = list(parts)
        self._parts_setup = True
        self._now = _Measured()
        self._asked.clear()
        if text != self.text():
            super().setText(text)

    def _pool(self, part: str, doc: QTextDocument) -> None:
        if part in self._part_pool:  # the same part twice: one laid-out copy is enough
            self._release(doc)
            return
        self._part_pool[part] = doc
        while len(self._part_pool) > RECENT_PARTS:
            self._release(self._part_pool.popitem(last=False)[1])

    def _drop_parts(self) -> None:
        for doc in self._part_docs:
            self._release(doc)
        self._part_docs = []
        self._part_pixels.clear()
        self._parts = None

    def changeEvent(self, event: QEvent) -> None:
        kind = event.type()
        if kind in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._forget()
        elif kind in _PIXELS_CHANGE:
            self._generation += 1  # what the pixels are drawn with, or over, may have changed
        super().changeEvent(event)

    # ------------------------------------------------------------------ rich text
    def _rich(self) -> bool:
        if not self.wordWrap() or self.textFormat() == Qt.TextFormat.PlainText:
            return False
        return self.textFormat() == Qt.TextFormat.RichText or QtGui.Qt.mightBeRichText(self.text())

    def _new_document(self) -> QTextDocument:
        doc = QTextDocument(self)
        doc.setUndoRedoEnabled(False)
        doc.setDocumentMargin(0)
        if self.width() > 0:  # laid out once, at the width it is shown at (not unwrapped first)
            doc.setTextWidth(self._text_rect_width(self.width()))
        return doc

    def _setup(self, doc: QTextDocument) -> None:
        # Font and option only when they changed: each setter re-lays the old text out.
        font = self.font()
        if doc.defaultFont() != font:
            doc.setDefaultFont(font)
        option = doc.defaultTextOption()
        if option.alignment() != self.alignment() or option.wrapMode() != QTextOption.WrapMode.WordWrap:
            option.setAlignment(self.alignment())
            option.setWrapMode(QTextOption.WrapMode.WordWrap)
            doc.setDefaultTextOption(option)

    def _document(self) -> QTextDocument:
        doc = self._now.doc
        if doc is None:
            doc = self._now.doc = self._take_document()
            self._setup(doc)
            doc.setHtml(self.text())
        return doc

    def _part_documents(self) -> list[QTextDocument]:
        if not self._parts_setup:  # the font, alignment or margins changed: every part anew
            for doc, part in zip(self._part_docs, self._parts or [], strict=True):
                self._setup(doc)
                doc.setHtml(part)
            self._parts_setup = True
        return self._part_docs

    def _parts_at(self, text_width: int) -> list[tuple[float, QTextDocument]]:
        """(top, document) per part, laid out at ``text_width``: stacked as one document would stack
        the blocks (a part's first top margin between it and the part above; a document's first
        block gets none at its top)."""
        out: list[tuple[float, QTextDocument]] = []
        y = 0.0
        for i, doc in enumerate(self._part_documents()):
            if doc.textWidth() != text_width:
                doc.setTextWidth(text_width)
            if i:
                y += doc.begin().blockFormat().topMargin()
            out.append((y, doc))
            y += doc.size().height()
        return out

    def _text_rect_width(self, width: int) -> int:
        m = self.contentsMargins()
        return max(width - m.left() - m.right(), 0)

    def _layout_at(self, text_width: int) -> QTextDocument:
        doc = self._document()
        if doc.textWidth() != text_width:  # setTextWidth always re-lays out; skip when unchanged
            doc.setTextWidth(text_width)
        return doc

    # ------------------------------------------------------------------ size hints
    def heightForWidth(self, width: int) -> int:
        height = self._asked.get(width)
        if height is not None:
            return height
        if len(self._asked) >= _CACHE_SIZE:
            self._asked.pop(next(iter(self._asked)))
        height = self._asked[width] = self._height_for(width)
        return height

    def _height_for(self, width: int) -> int:
        measured = self._now.hfw
        height = measured.get(width)
        if height is None:
            if len(measured) >= _CACHE_SIZE:
                measured.pop(next(iter(measured)))
            if self._parts is not None:
                m = self.contentsMargins()
                stacked = self._parts_at(self._text_rect_width(width))
                bottom = stacked[-1][0] + stacked[-1][1].size().height() if stacked else 0.0
                height = int(bottom + 0.999) + m.top() + m.bottom()
            elif self._rich():
                m = self.contentsMargins()
                doc = self._layout_at(self._text_rect_width(width))
                height = int(doc.size().height() + 0.999) + m.top() + m.bottom()
            else:
                height = super().heightForWidth(width)
            measured[width] = height
        return height

    def paintEvent(self, event: QPaintEvent) -> None:
        pixels = self._cached_pixels() if self._pixel_cache else None
        if pixels is not None:
            painter = QPainter(self)
            painter.drawPixmap(0, 0, pixels)
            painter.end()
            return
        if not (self._parts is not None or self._rich()) or self.hasSelectedText():
            super().paintEvent(event)
            return
        painter = QPainter(self)
        # A long label of parts (too large for one pixmap) copies each exposed part's pixels.
        copy = self._pixel_cache and self.caching and self._parts is not None
        backdrop = self._pixel_backdrop() if copy else None
        if backdrop is not None:
            self._copy_parts(painter, QRectF(event.rect()), backdrop)
        else:
            self._draw_rich(painter, QRectF(event.rect()))
        painter.end()

    def _placed(self) -> tuple[list[tuple[float, QTextDocument]], float]:
        """(top, document) per part (one for a whole rich text) and how far below the contents
        rectangle's top the text starts (vertical placement as QLabel's: centred unless aligned top
        or bottom)."""
        rect = self.contentsRect()
        if self._parts is not None:
            stacked = self._parts_at(rect.width())
            height = stacked[-1][0] + stacked[-1][1].size().height() if stacked else 0.0
        else:
            doc = self._layout_at(rect.width())
            stacked = [(0.0, doc)]
            height = doc.size().height()
        spare = max(rect.height() - height, 0.0)
        align = self.alignment()
        dy = (
            0.0
            if align & Qt.AlignmentFlag.AlignTop
            else spare
            if align & Qt.AlignmentFlag.AlignBottom
            else spare / 2
        )
        return stacked, dy

    def _text_palette(self) -> QPalette:
        palette = self.palette()
        if self.foregroundRole() != QPalette.ColorRole.Text and self.isEnabled():
            palette.setColor(QPalette.ColorRole.Text, palette.color(self.foregroundRole()))
        return palette

    def _copy_parts(self, painter: QPainter, exposed_rect: QRectF, backdrop: QColor) -> None:
        rect = self.contentsRect()
        stacked, dy = self._placed()
        key = (rect.width(), self.devicePixelRatioF(), backdrop.rgba(), self._generation)
        look = self._look
        # The font, pen and palette are asked for only when the key changes: any change of them
        # changes the generation (see changeEvent), and asking Qt for them on every paint cost more
        # than copying the pixels.
        if look is None or look.key() != key:
            look = self._look = Look(
                width=key[0],
                dpr=key[1],
                backdrop=key[2],
                generation=key[3],
                font=self.font(),
                pen=self.palette().color(self.foregroundRole()),
                palette=self._text_palette(),
            )
        painter.setClipRect(rect)
        parts = [(top, doc, text) for (top, doc), text in zip(stacked, self._parts or [], strict=True)]
        self._part_pixels.paint(painter, parts, (rect.x(), rect.y() + dy), exposed_rect, look)

    def _draw_rich(self, painter: QPainter, exposed_rect: QRectF) -> None:
        rect = self.contentsRect()
        stacked, dy = self._placed()
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette = self._text_palette()
        painter.translate(rect.x(), rect.y() + dy)
        clip = QRectF(0, 0, rect.width(), rect.height())
        painter.setClipRect(clip)
        # Only the exposed part: a long label half out of the scroll area's view, or repainted for
        # a neighbour's change, has only those lines laid out into glyphs and drawn.
        exposed = clip.intersected(exposed_rect.translated(-rect.x(), -rect.y() - dy))
        for top, doc in stacked:
            part = exposed.translated(0, -top).intersected(QRectF(0, 0, rect.width(), doc.size().height()))
            if part.isEmpty():
                continue
            painter.save()
            painter.translate(0, top)
            context.clip = part
            doc.documentLayout().draw(painter, context)
            painter.restore()

    # ------------------------------------------------------------------ pixel cache
    def setPixelCache(self, on: bool) -> None:
        """Keep the painted pixels while nothing the label shows changes, and copy them when it is
        painted again (moved with a row, uncovered). Only for a label drawn straight over the colour
        an ancestor fills (no ancestor of its own painting beneath it: a tinted header is one), whose
        ancestors keep their palette, style sheet and background filling (a change of those in an
        ancestor reaches the label as a palette or style change, which it notices)."""
        self._pixel_cache = on
        self._pixels = None
        self._pixels_key = None
        self._recent_pixels.clear()

    def _cached_pixels(self) -> QPixmap | None:
        """The label's pixels drawn over the colour beneath it, or None where QLabel must paint
        (selected text, a frame or an indent, selectable plain text, right-to-left text, a screen
        other than the primary one, a fractional scale, a large label, no solid colour beneath).

        Kept per (text, size, scale, generation): the generation counts the changes of what else
        the pixels depend on (font, palette, style, enabled state, parent, alignment, margins), so
        a label moved with its row costs a few calls, not a look at every setting again.
        """
        if not self.caching or self.hasSelectedText():
            return None
        if not self._painted and not (self._parts is not None or self._rich()):
            # A plain text's pixels are kept from its second paint on: drawing them asks the
            # style from Python, and PySide makes the QStyle type and its enums for that (~44M
            # instructions), which nothing else needs before the window's first usable frame.
            self._painted = True
            return None
        key = (self.text(), self.size(), self.devicePixelRatioF(), self._generation)
        if key == self._pixels_key:
            return self._pixels
        recent = self._recent_pixels
        if recent and next(iter(recent))[3] != key[3]:
            recent.clear()  # drawn with an older font, palette or style: never shown again
        found = key in recent
        pixels = recent.pop(key, None)
        self._keep_current_pixels(key[3])
        if not found:
            pixels = self._draw_pixels()
        self._pixels_key, self._pixels = key, pixels
        return pixels

    def _keep_current_pixels(self, generation: object) -> None:
        """The current pixels join the recent ones (same generation and a small label only)."""
        key = self._pixels_key
        if key is None or key[3] != generation:
            return
        size, dpr = key[1], key[2]
        assert isinstance(size, QSize) and isinstance(dpr, float)
        if size.width() * size.height() * dpr * dpr > _RECENT_PIXELS_AREA:
            return
        recent = self._recent_pixels
        recent[key] = self._pixels
        while len(recent) >= RECENT_PIXELS:  # the current one counts too
            recent.popitem(last=False)

    def _right_to_left(self) -> bool:
        """``_right_to_left`` of the text, looked at once per text (an option's reasons: ~10k
        characters searched on every paint)."""
        text = self.text()
        if text != self._rtl[0]:
            self._rtl = (text, _right_to_left(text))
        return self._rtl[1]

    def _pixel_backdrop(self) -> QColor | None:
        """The solid colour this label's pixels may be drawn over, or None where they must be drawn
        on the window (a frame or an indent, a fractional scale, a screen other than the primary
        one, right-to-left text, no solid colour beneath)."""
        if self.frameWidth() or self.indent() > 0:
            return None
        dpr = self.devicePixelRatioF()
        if dpr != int(dpr):
            return None
        screen = self.screen()
        if screen is None or screen is not QGuiApplication.primaryScreen():
            return None  # a pixmap's dots per inch are the primary screen's
        if self.layoutDirection() != Qt.LayoutDirection.LeftToRight or self._right_to_left():
            return None
        return backdrop_colour(self)

    def _draw_pixels(self) -> QPixmap | None:
        rich = self._parts is not None or self._rich()
        if not rich and (
            not self.wordWrap()
            or self.buddy() is not None
            or self.textInteractionFlags() & _SELECTABLE
            or self.textFormat() == Qt.TextFormat.MarkdownText
        ):
            return None
        dpr = self.devicePixelRatioF()
        if self.width() * self.height() * dpr * dpr > _PIXEL_CACHE_AREA:
            return None
        backdrop = self._pixel_backdrop()
        if backdrop is None:
            return None
        pixels = QPixmap(round(self.width() * dpr), round(self.height() * dpr))
        pixels.setDevicePixelRatio(dpr)
        pixels.fill(backdrop)  # the text blends with what lies beneath, as on the window
        painter = QPainter(pixels)
        painter.setFont(self.font())  # as QPainter(widget) begins
        painter.setPen(self.palette().color(self.foregroundRole()))
        if rich:
            self._draw_rich(painter, QRectF(self.rect()))
        else:
            draw_plain_label(self, painter)
        painter.end()
        return pixels

    def sizeHint(self) -> QSize:
        if not self.wordWrap():
            return super().sizeHint()
        now = self._now
        if now.hint is None:
            self._estimate_hints()
        assert now.hint is not None
        if self._asked:  # the last laid-out height is the best guess of the preferred height
            return QSize(now.hint.width(), next(reversed(self._asked.values())))
        return now.hint

    def minimumSizeHint(self) -> QSize:
        if not self.wordWrap():
            return super().minimumSizeHint()
        if self._now.min_hint is None:
            self._estimate_hints()
        assert self._now.min_hint is not None
        return self._now.min_hint

    def _estimate_hints(self) -> None:
        """Preferred and minimum size from a few font measurements, without a text layout."""
        if self._metrics is None:  # until the font changes (_forget): asking the font for it costs
            self._metrics = font_metrics(self.font())
        margins = self.contentsMargins()
        parts = self._parts
        if (
            parts is not None
            and self.textFormat() != Qt.TextFormat.PlainText
            and any("<" in p for p in parts)
        ):
            self._now.hint, self._now.min_hint = estimate_hints_of_parts(parts, self._metrics, margins)
        else:
            self._now.hint, self._now.min_hint = estimate_hints(self._plain_text(), self._metrics, margins)

    def _plain_text(self) -> str:
        text = self.text()
        if self.textFormat() == Qt.TextFormat.PlainText or "<" not in text:
            return text
        # Rich text: the words without tags are enough for a width estimate.
        return without_tags(text)
