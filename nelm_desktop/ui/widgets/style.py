"""Shared colours, symbols and small drawing helpers for the NELM Desktop widgets.

Public API (shared with the main window, case form and library panel):

- ``OKABE_ITO``: the Okabe-Ito colour-blind-safe palette, by name.
- ``STATUS_STYLE[status] -> StatusStyle(colour, tint, symbol, shape)``: one entry per
  ``evaluation.STATUS_ORDER`` status. Colour never carries a status alone: every badge also
  has a distinct shape and the status word.
- ``status_pixmap(status, size, dpr=1.0) -> QPixmap``: the badge shape, for icons.
- ``paint_status_shape(painter, rect, status)``: the same shape drawn into a painter.
- ``CRITERION_STYLE[result] -> (symbol, word, colour)`` for met / not_met / unknown.
- ``BURDEN_FILLS``: the sequential (light to dark, single hue) segment fills of the liver
  diagram, index 0 = no lesions; ``burden_text_colour(level)`` gives a readable label colour.
- ``TEXT``, ``TEXT_MUTED``, ``OUTLINE``, ``SELECTION``, ``FOCUS``: neutral UI colours.
- ``set_text_colour(widget, colour)``: palette-based text colour (cheaper than a style sheet, which
  re-polishes on every show/hide and slows live updates).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QWidget

OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

TEXT = "#1b1b1b"
TEXT_MUTED = "#555555"  # 7.4:1 on white
OUTLINE = "#3a3a3a"
SELECTION = "#D55E00"  # vermillion: visible on every burden fill, and drawn thick (not colour only)
FOCUS = "#000000"
REFUSED = "#B3261E"  # a refused entry's frame and reason (6.1:1 on white)

# A refused entry: its box framed, its reason in bold under it (the case form and the entry dialogs).
REFUSED_ENTRY_STYLE = f"""
QLabel[role="error"] {{ color: {REFUSED}; font-weight: 600; }}
*[invalid="true"] {{ border: 2px solid {REFUSED}; border-radius: 3px; }}
"""


@dataclass(frozen=True)
class StatusStyle:
    """How an option status is drawn: badge colour and shape, header tint and a text symbol."""

    colour: str  # the badge shape's colour (Okabe-Ito)
    tint: str  # light background for group headers; text on it stays dark
    symbol: str  # a text fallback symbol (plain text, reports, accessible text)
    shape: str  # check (disc), ring, question (speech bubble), no_entry (square), dash (bar)


STATUS_STYLE: dict[str, StatusStyle] = {
    "recommended": StatusStyle("#007A5A", "#E3F4EE", "✔", "check"),  # darker bluish green
    "option": StatusStyle(OKABE_ITO["blue"], "#E4EFF7", "○", "ring"),
    # Dark amber: the white "?" on it is 5.6:1 (the lighter #B07800 gave 3.8:1).
    "needs_information": StatusStyle("#8A5F00", "#FBF1DC", "?", "question"),
    "contraindicated": StatusStyle(OKABE_ITO["vermillion"], "#FAE8DE", "⊘", "no_entry"),
    "not_indicated": StatusStyle("#6B6B6B", "#EFEFEF", "–", "dash"),
}

CRITERION_STYLE: dict[str, tuple[str, str, str]] = {
    "met": ("✔", "met", "#007A5A"),
    "not_met": ("✖", "not met", OKABE_ITO["vermillion"]),
    "unknown": ("?", "unknown", "#8A5F00"),
}

VERDICT_WORDS: dict[str, str] = {"met": "All criteria met", "not_met": "Not met", "incomplete": "Incomplete"}

# Sequential single-hue blues (ColorBrewer "Blues", colour-blind safe, also readable in grey scale).
BURDEN_FILLS: tuple[str, ...] = ("#F7F7F5", "#DEEBF7", "#9ECAE1", "#4292C6", "#08519C")


def burden_text_colour(level: int) -> str:
    """Label colour with enough contrast on ``BURDEN_FILLS[level]``."""
    return "#FFFFFF" if level >= 4 else TEXT  # white on #08519C 8.1:1; dark on #4292C6 5.9:1


def paint_status_shape(painter: QPainter, rect: QRectF, status: str) -> None:
    """Draw the status badge shape (filled disc with a white symbol) into ``rect``."""
    style = STATUS_STYLE.get(status, STATUS_STYLE["not_indicated"])
    colour = QColor(style.colour)
    side = min(rect.width(), rect.height())
    r = QRectF(0, 0, side, side)
    r.moveCenter(rect.center())
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    pen = QPen(QColor("#FFFFFF"), max(1.5, side * 0.13))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    c = r.center()
    s = side / 2
    if style.shape == "ring":
        # An open ring: the one shape without a fill, so it differs in outline too.
        painter.setPen(QPen(colour, max(1.5, side * 0.16)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(r.adjusted(side * 0.12, side * 0.12, -side * 0.12, -side * 0.12))
        painter.restore()
        return
    if style.shape == "dash":
        # A bare horizontal bar: the one shape with neither disc nor fill area.
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        bar = QRectF(0, 0, side * 0.84, side * 0.3)
        bar.moveCenter(c)
        painter.drawRoundedRect(bar, side * 0.08, side * 0.08)
        painter.restore()
        return
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    if style.shape == "no_entry":
        painter.drawRect(r.adjusted(side * 0.06, side * 0.06, -side * 0.06, -side * 0.06))  # a square
    elif style.shape == "question":
        # A speech bubble (a rounded box with a tail): a "?" in a diamond read as the Unicode
        # replacement character (a font fault), and the disc, ring and square are taken.
        painter.drawPath(_bubble(r))
    else:
        painter.drawEllipse(r)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    if style.shape == "check":
        path = QPainterPath(QPointF(c.x() - s * 0.5, c.y() + s * 0.02))
        path.lineTo(c.x() - s * 0.12, c.y() + s * 0.4)
        path.lineTo(c.x() + s * 0.52, c.y() - s * 0.38)
        painter.drawPath(path)
    elif style.shape == "no_entry":
        painter.drawEllipse(QRectF(c.x() - s * 0.5, c.y() - s * 0.5, s, s))
        painter.drawLine(
            QPointF(c.x() - s * 0.33, c.y() + s * 0.33), QPointF(c.x() + s * 0.33, c.y() - s * 0.33)
        )
    elif style.shape == "question":
        font = painter.font()
        font.setBold(True)
        font.setPixelSize(max(6, int(side * 0.6)))
        painter.setFont(font)
        painter.drawText(_bubble_body(r), Qt.AlignmentFlag.AlignCenter, "?")
    painter.restore()


def _bubble_body(r: QRectF) -> QRectF:
    side = r.width()
    return QRectF(r.left() + side * 0.02, r.top() + side * 0.04, side * 0.96, side * 0.74)


def _bubble(r: QRectF) -> QPainterPath:
    side = r.width()
    body = _bubble_body(r)
    path = QPainterPath()
    path.addRoundedRect(body, side * 0.2, side * 0.2)
    tail = QPainterPath(QPointF(r.left() + side * 0.2, body.bottom() - side * 0.05))
    tail.lineTo(QPointF(r.left() + side * 0.5, body.bottom() - side * 0.05))
    tail.lineTo(QPointF(r.left() + side * 0.14, r.bottom()))
    tail.closeSubpath()
    return path.united(tail)


def status_pixmap(status: str, size: int = 16, dpr: float = 1.0) -> QPixmap:
    """The badge shape as a transparent pixmap (sharp at ``dpr``)."""
    pix = QPixmap(int(size * dpr), int(size * dpr))
    pix.setDevicePixelRatio(dpr)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    paint_status_shape(painter, QRectF(0, 0, size, size), status)
    painter.end()
    return pix


def set_text_colour(widget: QWidget, colour: str) -> None:
    palette = widget.palette()
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText, QPalette.ColorRole.Text):
        palette.setColor(role, QColor(colour))
    widget.setPalette(palette)
