"""What both documents share: escaping, the page frame (footer "Page x of y", DEMO watermark), metadata.

Every user-entered string goes through `esc` before it enters a Paragraph: ReportLab's Paragraph
parses a mini-markup, so an unescaped ``<b>`` would turn bold and a stray ``&`` would raise.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate

from nelm_desktop import __version__
from nelm_desktop.core.paths import APP_AUTHOR
from nelm_desktop.core.report.fonts import FONT, FONT_BOLD, register_fonts
from nelm_desktop.core.report.styles import MUTED

PAGE_SIZES: dict[str, tuple[float, float]] = {"a4": A4, "letter": LETTER}
MARGIN = 16 * mm
FOOTER_Y = 9 * mm


def esc(value: object) -> str:
    """Escape text for a Paragraph; newlines become line breaks. Never pass user text unescaped."""
    text = "" if value is None else str(value)
    return escape(text).replace("\r\n", "\n").replace("\n", "<br/>")


@dataclass(frozen=True)
class PageFrame:
    """What every page carries besides the flowing content."""

    footer_left: str  # e.g. "NELM clinical summary · case 1234"
    demo: bool


def _canvas_class(frame: PageFrame) -> type[Canvas]:
    """A canvas that holds pages back until the end, so each footer can say "Page x of y"."""

    class _FramedCanvas(Canvas):  # type: ignore[misc]  # ReportLab is untyped
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                _decorate(self, frame, number, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return _FramedCanvas


def _decorate(canvas: Canvas, frame: PageFrame, number: int, total: int) -> None:
    width, height = canvas._pagesize
    canvas.saveState()
    if frame.demo:
        canvas.setFillColorRGB(0.75, 0.1, 0.1)
        canvas.setFillAlpha(0.13)
        canvas.setFont(FONT_BOLD, 110)
        canvas.translate(width / 2, height / 2)
        canvas.rotate(50)
        canvas.drawCentredString(0, -35, "DEMO")
        canvas.restoreState()
        canvas.saveState()
    canvas.setStrokeColor(MUTED)
    canvas.setLineWidth(0.4)
    canvas.line(MARGIN, FOOTER_Y + 10, width - MARGIN, FOOTER_Y + 10)
    canvas.setFillColor(MUTED)
    canvas.setFont(FONT, 7.5)
    left = frame.footer_left + ("  ·  DEMO" if frame.demo else "")
    canvas.drawString(MARGIN, FOOTER_Y, _fit(left, FONT, 7.5, width - 2 * MARGIN - 80))
    canvas.drawRightString(width - MARGIN, FOOTER_Y, f"Page {number} of {total}")
    canvas.restoreState()


def _fit(text: str, font: str, size: float, max_width: float) -> str:
    """Shorten text with an ellipsis so a canvas string never runs off the page."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, font, size) <= max_width:
        return text
    while text and stringWidth(text + "…", font, size) > max_width:
        text = text[:-1]
    return text + "…"


def render(
    story: Sequence[Any],
    *,
    paper: str,
    frame: PageFrame,
    title: str,
    subject: str,
    on_page: Callable[[Canvas, Any], None] | None = None,
) -> bytes:
    """Lay out the story and return the PDF bytes. Metadata carries ids only, never the patient label."""
    register_fonts()
    if paper not in PAGE_SIZES:
        raise ValueError(f"paper must be one of {', '.join(PAGE_SIZES)} (got {paper!r})")
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=PAGE_SIZES[paper],
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=14 * mm,
        bottomMargin=20 * mm,
        title=title,
        subject=subject,
        author=f"{APP_AUTHOR} {__version__}",
        creator=f"{APP_AUTHOR} {__version__}",
        keywords="",
    )

    def _noop(canvas: Canvas, doc: Any) -> None:
        return None

    page_hook = on_page or _noop
    doc.build(list(story), onFirstPage=page_hook, onLaterPages=page_hook, canvasmaker=_canvas_class(frame))
    return buffer.getvalue()


def content_width(paper: str) -> float:
    return float(PAGE_SIZES[paper][0] - 2 * MARGIN)
