"""Paragraph styles: a compact set for the clinical summary, a large-type set for the handout."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle

from nelm_desktop.core.report.fonts import FONT, FONT_BOLD, register_fonts

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#9aa5b1")
HEAD_FILL = colors.HexColor("#e6ebf0")
ZEBRA = colors.HexColor("#f6f8fa")

# Precautions from outside the cited sources (AMB-64): a box of their own.
OUTSIDE_FILL = colors.HexColor("#fff3e6")
OUTSIDE_RULE = colors.HexColor("#d55e00")

STATUS_FILL: dict[str, Any] = {
    "recommended": colors.HexColor("#d9efdf"),
    "option": colors.HexColor("#e3edf9"),
    "needs_information": colors.HexColor("#fbf0d0"),
    "contraindicated": colors.HexColor("#f7dcdc"),
    "not_indicated": colors.HexColor("#eeeeee"),
}


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    bullet: ParagraphStyle
    closing: ParagraphStyle
    contact: ParagraphStyle


def _make(base_size: float, leading: float, heading: float, cell_size: float) -> Styles:
    register_fonts()
    body = ParagraphStyle(
        "body",
        fontName=FONT,
        fontSize=base_size,
        leading=leading,
        textColor=INK,
        spaceAfter=base_size * 0.4,
        splitLongWords=1,
    )
    small = ParagraphStyle(
        "small", parent=body, fontSize=base_size - 1.5, leading=leading - 2, textColor=MUTED, spaceAfter=2
    )
    cell = ParagraphStyle("cell", parent=body, fontSize=cell_size, leading=cell_size * 1.28, spaceAfter=0)
    return Styles(
        title=ParagraphStyle(
            "title", parent=body, fontName=FONT_BOLD, fontSize=heading + 4, leading=heading + 8, spaceAfter=4
        ),
        h1=ParagraphStyle(
            "h1",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=heading,
            leading=heading + 4,
            spaceBefore=heading * 0.7,
            spaceAfter=4,
        ),
        h2=ParagraphStyle(
            "h2",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=base_size,
            leading=leading,
            spaceBefore=4,
            spaceAfter=2,
            keepWithNext=1,
        ),
        body=body,
        small=small,
        cell=cell,
        cell_bold=ParagraphStyle("cell_bold", parent=cell, fontName=FONT_BOLD),
        bullet=ParagraphStyle(
            "bullet",
            parent=body,
            bulletFontName=FONT,
            bulletFontSize=base_size,
            leftIndent=base_size * 1.2,
            bulletIndent=base_size * 0.2,
            spaceAfter=base_size * 0.25,
        ),
        closing=ParagraphStyle("closing", parent=body, fontName=FONT_BOLD, spaceBefore=4),
        contact=ParagraphStyle(
            "contact",
            parent=body,
            borderColor=RULE,
            borderWidth=0.6,
            borderPadding=5,
            backColor=HEAD_FILL,
            spaceBefore=10,
            spaceAfter=10,
        ),
    )


_cache: dict[str, Styles] = {}


def summary_styles() -> Styles:
    """Dense clinical layout: 9 pt body."""
    if "summary" not in _cache:
        _cache["summary"] = _make(9, 11.5, 12, 8)
    return _cache["summary"]


def handout_styles() -> Styles:
    """Large type for patients: 12 pt body (the issue asks for at least 12 pt)."""
    if "handout" not in _cache:
        _cache["handout"] = _make(12, 14.4, 14, 12)
    return _cache["handout"]
