"""The report fonts: DejaVu Sans from `nelm_desktop/resources/fonts/`, found the same way from source and bundle."""

from __future__ import annotations

import threading
from typing import Any

from nelm_desktop.core.paths import resource
from nelm_desktop.core.report.arabic_forms import letters_of

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"

_FILES = {
    FONT: "DejaVuSans.ttf",
    FONT_BOLD: "DejaVuSans-Bold.ttf",
    FONT_ITALIC: "DejaVuSans-Oblique.ttf",
}

_lock = threading.Lock()
_registered = False


class FontMissingError(RuntimeError):
    """The bundled fonts are not where the installation should have put them."""


_WIDTH_CACHE_LIMIT = 200_000


def _cached_font_class() -> type[Any]:
    """TTFont with a per-font cache of text widths.

    Line breaking measures every word of every paragraph, and ReportLab 4 measures TrueType text in
    pure Python. Words repeat across a report (and across reports), so caching the width per 1 pt
    roughly halves the time to build the summary. Same numbers, so the same layout.
    """
    from reportlab.pdfbase.ttfonts import TTFont

    class CachedWidthTTFont(TTFont):  # type: ignore[misc]  # ReportLab is untyped
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._widths: dict[str, float] = {}

        def stringWidth(self, text: str | bytes, size: float, encoding: str = "utf8") -> float:
            if isinstance(text, bytes):
                text = text.decode(encoding or "utf8")
            width = self._widths.get(text)
            if width is None:
                get = self.face.charWidths.get
                default = self.face.defaultWidth
                width = 0.001 * sum(get(ord(ch), default) for ch in text)
                if len(self._widths) > _WIDTH_CACHE_LIMIT:
                    self._widths.clear()
                self._widths[text] = width
            return float(width * size)

    return CachedWidthTTFont


_covered: frozenset[int] = frozenset()


def printable(text: str) -> str:
    """`text` with each character the report font has no glyph for written out as ``[U+1F44D]``.
    ReportLab would draw an empty box and drop the character from the PDF's text (copy, search,
    screen readers): the reader could not know what the record holds."""
    if text.isascii():
        return text
    register_fonts()
    return "".join(ch if has_glyph(ch) else f"[U+{ord(ch):04X}]" for ch in text)


def has_glyph(char: str) -> bool:
    """Whether the regular and bold report faces both draw `char`."""
    if ord(char) < 128:
        return True
    if not _registered:
        register_fonts()
    return ord(char) in _covered


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode CMap with characters beyond U+FFFF written as UTF-16 surrogate pairs.

    ReportLab writes them as five hex digits ("<1F600>"), which PDF readers reject: text copied or
    searched in the PDF, and what pypdf reads back, lost every emoji and other supplementary
    character although the page drew it. A joined Arabic form is written as the letters it stands
    for, so copying a joined name gives the name as typed."""

    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(
            f"<{i:02X}> <{letters_of(chr(code)).encode('utf-16-be').hex().upper()}>"
            for i, code in enumerate(subset)
        ),
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(lines)


def register_fonts() -> None:
    """Register the family once per process (ReportLab's registry is global); safe from any thread."""
    global _registered, _covered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        from reportlab.pdfbase import pdfmetrics, ttfonts

        ttfonts.makeToUnicodeCMap = _to_unicode_cmap
        font_class = _cached_font_class()

        for name, filename in _FILES.items():
            path = resource("fonts", filename)
            if not path.is_file():
                raise FontMissingError(f"report font missing: {path} (reinstall NELM Desktop)")
            font = font_class(name, str(path))
            pdfmetrics.registerFont(font)
            if name != FONT_ITALIC:  # user text prints in the regular and bold faces, never oblique
                covered = frozenset(font.face.charToGlyph)
                _covered = covered if name == FONT else _covered & covered
        # Bold italic is not shipped; <b><i> prints bold.
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD
        )
        _registered = True
