"""The report fonts: DejaVu Sans from `nelm_desktop/resources/fonts/`, found the same way from source and bundle."""

from __future__ import annotations

import threading
from typing import Any

from nelm_desktop.core.paths import resource

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


def register_fonts() -> None:
    """Register the family once per process (ReportLab's registry is global); safe from any thread."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        from reportlab.pdfbase import pdfmetrics

        font_class = _cached_font_class()

        for name, filename in _FILES.items():
            path = resource("fonts", filename)
            if not path.is_file():
                raise FontMissingError(f"report font missing: {path} (reinstall NELM Desktop)")
            pdfmetrics.registerFont(font_class(name, str(path)))
        # Bold italic is not shipped; <b><i> prints bold.
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD
        )
        _registered = True
