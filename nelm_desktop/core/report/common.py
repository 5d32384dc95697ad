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

from reportlab.graphics import shapes
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate, tables

from nelm_desktop import __version__
from nelm_desktop.core.paths import APP_AUTHOR
from nelm_desktop.core.report.arabic_forms import join_letters
from nelm_desktop.core.report.bidi import visual_order
from nelm_desktop.core.report.fonts import FONT, FONT_BOLD, has_glyph, printable, register_fonts
from nelm_desktop.core.report.styles import MUTED
from nelm_desktop.core.validation_messages import visible

PAGE_SIZES: dict[str, tuple[float, float]] = {"a4": A4, "letter": LETTER}
MARGIN = 16 * mm
FOOTER_Y = 9 * mm


def esc(value: object) -> str:
    """Escape text for a Paragraph; newlines become line breaks. Never pass user text unescaped.
    A control character or direction override prints as ``[U+202E]`` (ReportLab would draw nothing
    or a blank box for it, and a reader could not tell what the record holds); right-to-left text
    is put in the order it is drawn (`drawn`)."""
    return escape(drawn("" if value is None else str(value))).replace("\r\n", "\n").replace("\n", "<br/>")


def drawn(text: str) -> str:
    """User text as ReportLab must draw it: hidden characters named, characters the font lacks
    written out, Arabic letters joined (`arabic_forms`), right-to-left runs in drawing order (`bidi`)."""
    return visual_order(join_letters(printable(visible(text)), has_glyph))


@dataclass(frozen=True)
class PageFrame:
    """What every page carries besides the flowing content."""

    footer_left: str  # e.g. "NELM clinical summary · case 1234"
    demo: bool


LANGUAGE = "en-GB"  # the reports' language (PDF /Lang and XMP dc:language)


@dataclass(frozen=True)
class DocInfo:
    title: str
    subject: str
    author: str


def _xmp_packet(info: DocInfo) -> str:
    """XMP metadata (ISO 16684) saying what the Info dictionary says, for readers that only read XMP."""
    title, subject, author = escape(info.title), escape(info.subject), escape(info.author)
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
   <dc:language><rdf:Bag><rdf:li>{LANGUAGE}</rdf:li></rdf:Bag></dc:language>
   <xmp:CreatorTool>{author}</xmp:CreatorTool>
   <pdf:Producer>ReportLab PDF Library</pdf:Producer>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def _canvas_class(frame: PageFrame, info: DocInfo) -> type[Canvas]:
    """A canvas that holds pages back until the end, so each footer can say "Page x of y".

    It also sets what accessible PDF readers use: the title shown in the window title bar instead
    of the file name (DisplayDocTitle), the language (/Lang, from the template) and XMP metadata.
    """
    from reportlab.pdfbase.pdfdoc import XMP

    class _FramedCanvas(Canvas):  # type: ignore[misc]  # ReportLab is untyped
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []
            self.setViewerPreference("DisplayDocTitle", "true")
            self._doc.Catalog.Metadata = XMP(creator=lambda _doc: _xmp_packet(info).encode("utf-8"))

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
    left = drawn(frame.footer_left) + ("  ·  DEMO" if frame.demo else "")
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
    # A Table sets its cells' font even when they hold Paragraphs; its default is Helvetica, which
    # is never embedded. Our tables never want it: make DejaVu the cell default (ReportLab-wide, but
    # the reports are ReportLab's only user in the app).
    tables.CellStyle.fontname = FONT
    # Same for a Drawing (the liver diagram): its renderer starts each drawing with the default font.
    shapes.STATE_DEFAULTS["fontName"] = FONT
    if paper not in PAGE_SIZES:
        raise ValueError(f"paper must be one of {', '.join(PAGE_SIZES)} (got {paper!r})")
    buffer = io.BytesIO()
    info = DocInfo(title=title, subject=subject, author=f"{APP_AUTHOR} {__version__}")
    doc = SimpleDocTemplate(
        buffer,
        pagesize=PAGE_SIZES[paper],
        # Every page's preamble sets a font; without this it is ReportLab's default, Helvetica,
        # referenced but never embedded. DejaVu Sans is embedded (subset), so every font is.
        initialFontName=FONT,
        initialFontSize=10,
        initialLeading=12,
        lang=LANGUAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=14 * mm,
        bottomMargin=20 * mm,
        title=title,
        subject=subject,
        author=info.author,
        creator=info.author,
        keywords="",
    )

    def _noop(canvas: Canvas, doc: Any) -> None:
        return None

    page_hook = on_page or _noop
    doc.build(
        list(story), onFirstPage=page_hook, onLaterPages=page_hook, canvasmaker=_canvas_class(frame, info)
    )
    return buffer.getvalue()


def content_width(paper: str) -> float:
    return float(PAGE_SIZES[paper][0] - 2 * MARGIN)
