"""The report fonts: DejaVu Sans from `resources/fonts/`, found the same way from source and bundle."""

from __future__ import annotations

import threading

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


def register_fonts() -> None:
    """Register the family once per process (ReportLab's registry is global); safe from any thread."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        for name, filename in _FILES.items():
            path = resource("fonts", filename)
            if not path.is_file():
                raise FontMissingError(f"report font missing: {path} (reinstall NELM Desktop)")
            pdfmetrics.registerFont(TTFont(name, str(path)))
        # Bold italic is not shipped; <b><i> prints bold.
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD
        )
        _registered = True
