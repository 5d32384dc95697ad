"""Liver-diagram drawing helpers: burden shading level and labels, segment labels, the legend.

Public API: ``segment_burden(rows) -> (level 0-4, two-line label, compact label)``,
``describe_rows(rows) -> str`` (one line per lesion row, for tooltips and accessible names),
``paint_label(...)`` (numeral plus as much burden text as fits inside the segment),
``paint_legend(...)``. Display only: the clinical lesion summary is computed by core.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen

from nelm_desktop.core.model import Lesion
from nelm_desktop.ui.widgets import style


def _fmt_cm(value: float) -> str:
    return f"{value:g} cm"


def segment_burden(rows: list[Lesion]) -> tuple[int, list[str], str]:
    """Display shading level (0-4), a two-line label and a compact one-line label for one segment.

    Display only (count lower bound and largest known size); the clinical lesion summary is core's.
    """
    if not rows:
        return 0, [], ""
    known = sum(r.count for r in rows if r.count is not None)
    unknown_counts = sum(1 for r in rows if r.count is None)
    lower = known + unknown_counts
    sizes = [r.size_cm for r in rows if r.size_cm is not None]
    largest = max(sizes) if sizes else None
    count_level = 1 if lower <= 1 else 2 if lower <= 3 else 3 if lower <= 10 else 4
    size_level = (
        0 if largest is None else 1 if largest < 3 else 2 if largest < 5 else 3 if largest < 10 else 4
    )
    level = max(count_level, size_level)
    count_txt = f"≥{lower}" if unknown_counts else str(lower)
    noun = "lesion" if lower == 1 and not unknown_counts else "lesions"
    some_unknown = len(sizes) < len(rows)
    if largest is None:
        size_txt, compact_size = "size ?", "size ?"
    else:
        bound = "≥" if some_unknown else ""
        size_txt, compact_size = f"max {bound}{_fmt_cm(largest)}", f"≤{_fmt_cm(largest)}"
        if some_unknown:
            compact_size = f"{_fmt_cm(largest)}+?"
    return level, [f"{count_txt} {noun}", size_txt], f"{count_txt}, {compact_size}"


def describe_rows(rows: list[Lesion]) -> str:
    """One line per lesion row, e.g. '2 lesions, 3.5 cm'."""
    lines = []
    for r in rows:
        count = (
            "unknown number of lesions"
            if r.count is None
            else f"{r.count} lesion{'s' if r.count != 1 else ''}"
        )
        size = "size unknown" if r.size_cm is None else _fmt_cm(r.size_cm)
        lines.append(f"{count}, {size}")
    return "\n".join(lines)


def paint_label(
    p: QPainter,
    path: QPainterPath,
    centre: QPointF,
    numeral: str,
    level: int,
    lines: list[str],
    compact: str,
    numeral_font: QFont,
    small_font: QFont,
) -> None:
    """The numeral and as much burden text as fits inside the segment (full, compact, none)."""
    num_metrics = QFontMetricsF(numeral_font)
    small_metrics = QFontMetricsF(small_font)
    num_h = num_metrics.height()
    line_h = small_metrics.height()
    for detail in ([*lines], [compact], lines[:1], [compact.split(",")[0]], []):
        if detail and not detail[0]:
            detail = []
        width = max(
            [num_metrics.horizontalAdvance(numeral)] + [small_metrics.horizontalAdvance(t) for t in detail]
        )
        height = num_h + line_h * len(detail)
        block = QRectF(centre.x() - width / 2, centre.y() - height / 2, width, height)
        if not detail or path.contains(block.adjusted(-2, -1, 2, 1)):
            break
    p.setPen(QColor(style.burden_text_colour(level)))
    p.setFont(numeral_font)
    p.drawText(
        QRectF(block.x() - 4, block.y(), block.width() + 8, num_h),
        Qt.AlignmentFlag.AlignCenter,
        numeral,
    )
    p.setFont(small_font)
    for i, text in enumerate(detail):
        p.drawText(
            QRectF(block.x() - 4, block.y() + num_h + i * line_h, block.width() + 8, line_h),
            Qt.AlignmentFlag.AlignCenter,
            text,
        )


def paint_legend(p: QPainter, rect: QRectF, font: QFont, unplaced: int, margin: int, height: int) -> None:
    """Bottom line: rows with an unknown segment (left) and the burden scale (right)."""
    p.setFont(font)
    y = rect.height() - margin - height + 4
    x = margin + 2
    if unplaced:
        p.setPen(QColor(style.TEXT))
        p.drawText(
            QRectF(x, y, rect.width() / 2, height - 4),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            f"+ {unplaced} row{'s' if unplaced > 1 else ''} with unknown segment",
        )
    sw = max(14, p.fontMetrics().height())  # a swatch as wide as a line of the legend is high
    right = rect.width() - margin - 2
    caption_w = p.fontMetrics().horizontalAdvance("Burden: none ") + 2
    more_w = p.fontMetrics().horizontalAdvance(" more") + 2
    x0 = right - more_w - sw * len(style.BURDEN_FILLS) - caption_w
    p.setPen(QColor(style.TEXT_MUTED))
    rect = QRectF(x0, y, caption_w, height - 4)
    p.drawText(rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, "Burden: none ")
    for i, fill in enumerate(style.BURDEN_FILLS):
        p.setPen(QPen(QColor(style.OUTLINE), 0.8))
        p.setBrush(QColor(fill))
        p.drawRect(QRectF(x0 + caption_w + i * sw, y + 3, sw, height - 10))
    p.setPen(QColor(style.TEXT_MUTED))
    p.drawText(
        QRectF(right - more_w, y, more_w, height - 4),
        Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
        " more",
    )
