"""Couinaud segment geometry: the ONE definition the Qt diagram and the PDF report both draw.

Anterior schematic (as the clinician faces the patient: the patient's right lobe is on the viewer's
left). Coordinates are normalised: x in [0, 1] left to right, y in [0, 1] top to bottom, inside a box
whose width is ASPECT times its height. The polygons tile the liver outline without overlap, so a hit
test by point-in-polygon is unambiguous. Segment I (caudate) is drawn as the small central block at
the hilum. Segment IV is drawn as its two subsegments, IVa (superior) and IVb (inferior), split at the
portal plane; a lesion recorded as plain "IV" (subsegment not recorded) stays valid and is drawn in
``SEGMENT_IV``, the union of both. The rules count IVa and IVb as segment IV (``couinaud_segment``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

Point = tuple[float, float]

ASPECT = 1.6  # width / height of the drawing box

# Lobes per CLINICAL-RULES.md LOBES-1: the caudate belongs to neither lobe.
RIGHT_LOBE = ("V", "VI", "VII", "VIII")
LEFT_LOBE = ("II", "III", "IV", "IVa", "IVb")
CAUDATE = ("I",)


@dataclass(frozen=True)
class SegmentShape:
    """A Couinaud segment as drawn on the liver diagram: its outline, label position and name."""

    segment: str
    polygon: tuple[Point, ...]
    label_at: Point
    description: str  # accessible name / tooltip heading

    @property
    def lobe(self) -> str:
        if self.segment in RIGHT_LOBE:
            return "right"
        if self.segment in LEFT_LOBE:
            return "left"
        return "caudate"


SEGMENT_SHAPES: tuple[SegmentShape, ...] = (
    SegmentShape(
        "I",
        ((0.48, 0.38), (0.56, 0.40), (0.56, 0.52), (0.48, 0.54), (0.42, 0.50), (0.42, 0.40)),
        (0.49, 0.46),
        "Segment I (caudate lobe)",
    ),
    SegmentShape(
        "II",
        ((0.68, 0.12), (0.84, 0.18), (0.98, 0.30), (0.67, 0.40)),
        (0.81, 0.26),
        "Segment II (left lateral, superior)",
    ),
    SegmentShape(
        "III",
        ((0.67, 0.40), (0.98, 0.30), (0.82, 0.52), (0.66, 0.68)),
        (0.77, 0.47),
        "Segment III (left lateral, inferior)",
    ),
    SegmentShape(
        "IVa",
        ((0.48, 0.07), (0.68, 0.12), (0.67, 0.40), (0.56, 0.40), (0.48, 0.38)),
        (0.60, 0.22),
        "Segment IVa (left medial, superior)",
    ),
    SegmentShape(
        "IVb",
        ((0.56, 0.40), (0.67, 0.40), (0.66, 0.68), (0.48, 0.86), (0.48, 0.54), (0.56, 0.52)),
        (0.585, 0.66),
        "Segment IVb (left medial, inferior)",
    ),
    SegmentShape(
        "V",
        ((0.26, 0.45), (0.42, 0.45), (0.42, 0.50), (0.48, 0.54), (0.48, 0.86), (0.35, 0.92), (0.24, 0.88)),
        (0.36, 0.68),
        "Segment V (right anterior, inferior)",
    ),
    SegmentShape(
        "VI",
        ((0.04, 0.50), (0.26, 0.45), (0.24, 0.88), (0.14, 0.80), (0.05, 0.60)),
        (0.15, 0.63),
        "Segment VI (right posterior, inferior)",
    ),
    SegmentShape(
        "VII",
        ((0.02, 0.35), (0.08, 0.20), (0.15, 0.12), (0.26, 0.08), (0.26, 0.45), (0.04, 0.50)),
        (0.15, 0.31),
        "Segment VII (right posterior, superior)",
    ),
    SegmentShape(
        "VIII",
        ((0.26, 0.08), (0.48, 0.07), (0.48, 0.38), (0.42, 0.40), (0.42, 0.45), (0.26, 0.45)),
        (0.37, 0.25),
        "Segment VIII (right anterior, superior)",
    ),
)

# A lesion recorded as "IV" without its subsegment: drawn in the union of IVa and IVb (never clicked:
# a click lands in IVa or IVb).
SEGMENT_IV = SegmentShape(
    "IV",
    (
        (0.48, 0.07),
        (0.68, 0.12),
        (0.67, 0.40),
        (0.66, 0.68),
        (0.48, 0.86),
        (0.48, 0.54),
        (0.56, 0.52),
        (0.56, 0.40),
        (0.48, 0.38),
    ),
    (0.615, 0.45),
    "Segment IV (left medial; subsegment not recorded)",
)

# Every valid segment value, "IV" included.
SHAPES_BY_SEGMENT: dict[str, SegmentShape] = {s.segment: s for s in (*SEGMENT_SHAPES, SEGMENT_IV)}

# Couinaud's subsegments and the segment the rules count them as (LESION-2, LOBES).
SUBSEGMENT_OF: dict[str, str] = {"IVa": "IV", "IVb": "IV"}


def couinaud_segment(segment: str) -> str:
    """The Couinaud segment a value counts as: IVa and IVb are segment IV."""
    return SUBSEGMENT_OF.get(segment, segment)


# Cantlie line (gallbladder fossa to IVC): divides the right from the left liver.
CANTLIE_LINE: tuple[Point, Point] = ((0.48, 0.02), (0.48, 0.95))

# Keyboard order for moving between segments (reading order of the numbers).
KEYBOARD_ORDER: tuple[str, ...] = ("I", "II", "III", "IVa", "IVb", "V", "VI", "VII", "VIII")


def point_in_polygon(point: Point, polygon: Sequence[Point]) -> bool:
    """Even-odd ray casting; points exactly on an edge may fall on either side."""
    x, y = point
    inside = False
    n = len(polygon)
    for i in range(n):
        x1, y1 = polygon[i]
        x2, y2 = polygon[(i + 1) % n]
        if (y1 > y) != (y2 > y):
            x_cross = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
            if x < x_cross:
                inside = not inside
    return inside


def segment_at(point: Point) -> str | None:
    """The segment under a normalised point, or None outside the liver."""
    for shape in SEGMENT_SHAPES:
        if point_in_polygon(point, shape.polygon):
            return shape.segment
    return None


def centroid(polygon: Sequence[Point]) -> Point:
    """Area centroid (shoelace); used by tests to click each segment's centre."""
    area = cx = cy = 0.0
    n = len(polygon)
    for i in range(n):
        x1, y1 = polygon[i]
        x2, y2 = polygon[(i + 1) % n]
        cross = x1 * y2 - x2 * y1
        area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    area *= 0.5
    return (cx / (6 * area), cy / (6 * area))


def outline() -> list[tuple[Point, ...]]:
    """Every segment polygon, for drawing the outline."""
    return [s.polygon for s in SEGMENT_SHAPES]
