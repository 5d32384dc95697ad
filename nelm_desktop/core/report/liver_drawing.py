"""The Couinaud diagram as PDF vectors, drawn from `core.liver_geometry` (the one geometry the UI uses).

Geometry is normalised with y pointing down; ReportLab's y points up, so y is flipped here. Lesions
are dots inside their segment: one dot per lesion up to `MAX_DOTS` per segment, sized by the recorded
size; a segment with more lesions shows its total beside the label. The layout of dots is
deterministic (same case, same picture).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, String
from reportlab.lib import colors

from nelm_desktop.core.liver_geometry import (
    ASPECT,
    CANTLIE_LINE,
    SEGMENT_IV,
    SEGMENT_SHAPES,
    SUBSEGMENT_OF,
    Point,
    centroid,
    point_in_polygon,
)
from nelm_desktop.core.model import Lesion
from nelm_desktop.core.report.fonts import FONT, FONT_BOLD, register_fonts

MAX_DOTS = 8
SEGMENT_FILL = colors.HexColor("#f3dcd2")
AFFECTED_FILL = colors.HexColor("#e9b9a6")
OUTLINE = colors.HexColor("#7a4a3a")
DOT = colors.HexColor("#4a1010")
RESECTED_FILL = colors.white


@dataclass(frozen=True)
class SegmentMarks:
    segment: str
    total: int  # lesions recorded in the segment (unknown counts count as one)
    count_known: bool
    sizes: tuple[float | None, ...]  # one per dot drawn


def segment_marks(lesions: Sequence[Lesion] | None) -> dict[str, SegmentMarks]:
    """Lesions grouped by segment; rows without a segment are not drawn (the caption counts them)."""
    grouped: dict[str, list[Lesion]] = {}
    for lesion in lesions or []:
        if lesion.segment is not None:
            grouped.setdefault(lesion.segment, []).append(lesion)
    marks: dict[str, SegmentMarks] = {}
    for segment, rows in grouped.items():
        sizes: list[float | None] = []
        total = 0
        known = True
        for row in sorted(rows, key=lambda r: -(r.size_cm or 0)):
            count = row.count if row.count is not None else 1
            known = known and row.count is not None
            total += count
            sizes.extend([row.size_cm] * min(count, MAX_DOTS))
        marks[segment] = SegmentMarks(segment, total, known, tuple(sizes[:MAX_DOTS]))
    return marks


def _dot_positions(
    polygon: Sequence[Point],
    label_at: Point,
    n: int,
    keep_out: tuple[float, float, float],
    clearance: float,
) -> list[Point]:
    """Up to n points inside the polygon, near its centre, outside the label box, not touching.

    `keep_out` = (half width, height above, height below) of the label box and `clearance` = the
    largest dot's radius, all normalised by the drawing's height (x is scaled by ASPECT to match).
    Fewer than n points come back when the segment has no room; the caller then prints the count.
    """
    if n == 0:
        return []
    half_w, above, below = keep_out

    def clear_of_label(point: Point) -> bool:
        dx, dy = (point[0] - label_at[0]) * ASPECT, point[1] - label_at[1]
        return abs(dx) > half_w or dy < -above or dy > below

    def scaled(point: Point) -> Point:
        return (point[0] * ASPECT, point[1])

    shape = [scaled(p) for p in polygon]
    xs = [p[0] for p in polygon]
    ys = [p[1] for p in polygon]
    step = 0.015
    candidates: list[Point] = []
    y = min(ys) + step / 2
    while y < max(ys):
        x = min(xs) + step / 2
        while x < max(xs):
            if (
                point_in_polygon((x, y), polygon)
                and clear_of_label((x, y))
                and _edge_distance(scaled((x, y)), shape) > clearance * 1.15
            ):
                candidates.append((x, y))
            x += step / ASPECT
        y += step
    centre = centroid(polygon)
    candidates.sort(key=lambda p: (math.dist(scaled(p), scaled(centre)), p))
    chosen: list[Point] = []
    for point in candidates:
        if len(chosen) == n:
            break
        if all(math.dist(scaled(point), scaled(c)) >= 2.2 * clearance for c in chosen):
            chosen.append(point)
    return chosen


Box = tuple[float, float, float]


def _label_box(segment: str, label_size: float, margin: float, height: float, with_count: bool) -> Box:
    """(half width, height above, height below) of a segment label, plus margin, in height units."""
    text_w = max(len(segment) * 0.62 * label_size, 3.2 * label_size if with_count else 0)
    return (
        (text_w / 2 + margin) / height,
        (0.65 * label_size + margin) / height,
        ((1.9 if with_count else 0.45) * label_size + margin) / height,
    )


def _edge_distance(point: Point, polygon: Sequence[Point]) -> float:
    px, py = point
    best = math.inf
    for i in range(len(polygon)):
        (x1, y1), (x2, y2) = polygon[i], polygon[(i + 1) % len(polygon)]
        dx, dy = x2 - x1, y2 - y1
        length2 = dx * dx + dy * dy
        t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - x1) * dx + (py - y1) * dy) / length2))
        best = min(best, math.dist(point, (x1 + t * dx, y1 + t * dy)))
    return best


def liver_drawing(
    lesions: Sequence[Lesion] | None,
    width: float,
    *,
    label_size: float = 9,
    resected: Sequence[str] = (),
) -> Drawing:
    """The anterior Couinaud schematic, `width` points wide, with the case's lesions marked and the
    segments a recorded liver resection removed (`resected`) drawn pale and dashed, labelled "resected"."""
    register_fonts()
    height = width / ASPECT
    drawing = Drawing(width, height)

    def to_pdf(point: Point) -> tuple[float, float]:
        return point[0] * width, (1 - point[1]) * height

    marks = segment_marks(lesions)
    for shape in SEGMENT_SHAPES:
        coords: list[float] = []
        for point in shape.polygon:
            coords.extend(to_pdf(point))
        # A lesion or resection recorded as plain "IV" covers both subsegments.
        parent = SUBSEGMENT_OF.get(shape.segment, "")
        affected = shape.segment in marks or parent in marks
        if (shape.segment in resected or parent in resected) and not affected:
            drawing.add(
                Polygon(
                    coords,
                    fillColor=RESECTED_FILL,
                    strokeColor=OUTLINE,
                    strokeWidth=0.8,
                    strokeDashArray=[2, 2],
                )
            )
            continue
        fill = AFFECTED_FILL if affected else SEGMENT_FILL
        drawing.add(Polygon(coords, fillColor=fill, strokeColor=OUTLINE, strokeWidth=0.8))

    (x1, y1), (x2, y2) = to_pdf(CANTLIE_LINE[0]), to_pdf(CANTLIE_LINE[1])
    drawing.add(Line(x1, y1, x2, y2, strokeColor=OUTLINE, strokeWidth=0.6, strokeDashArray=[3, 2]))

    unit = width / 260  # dot sizes are tuned for a 260 pt wide diagram
    # A lesion recorded as plain "IV" is drawn in IVa + IVb, labelled "IV" only then.
    shapes = (*SEGMENT_SHAPES, SEGMENT_IV) if SEGMENT_IV.segment in marks else SEGMENT_SHAPES
    for shape in shapes:
        mark = marks.get(shape.segment)
        lx, ly = to_pdf(shape.label_at)
        drawing.add(
            String(
                lx,
                ly - label_size * 0.35,
                shape.segment,
                fontName=FONT_BOLD,
                fontSize=label_size,
                fillColor=OUTLINE,
                textAnchor="middle",
            )
        )
        removed = shape.segment in resected or SUBSEGMENT_OF.get(shape.segment, "") in resected
        if removed and shape is not SEGMENT_IV:
            drawing.add(
                String(
                    lx,
                    ly - label_size * 1.4,
                    "resected",
                    fontName=FONT,
                    fontSize=label_size * 0.8,
                    fillColor=OUTLINE,
                    textAnchor="middle",
                )
            )
        if mark is None:
            continue
        radii = [(2.6 if size is None else min(7.0, 2.2 + 0.9 * size)) * unit for size in mark.sizes]
        more = mark.total > len(mark.sizes) or not mark.count_known
        # The label box (numeral, and the count line under it) in height units, plus a margin.
        margin = max(radii) + 1.5 * unit

        def keep_out(with_count: bool, segment: str = shape.segment, margin: float = margin) -> Box:
            return _label_box(segment, label_size, margin, height, with_count)

        clearance = max(radii) / height
        positions = _dot_positions(shape.polygon, shape.label_at, len(radii), keep_out(more), clearance)
        if len(positions) < mark.total and not more:  # no room for every dot: the count is printed too
            more = True
            positions = _dot_positions(shape.polygon, shape.label_at, len(radii), keep_out(True), clearance)
        for point, radius in zip(positions, radii, strict=False):
            cx, cy = to_pdf(point)
            drawing.add(Circle(cx, cy, radius, fillColor=DOT, strokeColor=colors.white, strokeWidth=0.5))
        if more:
            shown = f"{mark.total}{'' if mark.count_known else '+'}"
            drawing.add(
                String(
                    lx,
                    ly - label_size * 1.4,
                    f"({shown})",
                    fontName=FONT,
                    fontSize=label_size,
                    fillColor=DOT,
                    textAnchor="middle",
                )
            )
    return drawing


def unplaced_lesions(lesions: Sequence[Lesion] | None) -> int:
    """Lesion rows whose segment is not recorded (counted once each when the count is unknown)."""
    return sum(lesion.count or 1 for lesion in lesions or [] if lesion.segment is None)
