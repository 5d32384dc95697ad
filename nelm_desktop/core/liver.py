"""Derived liver facts: lesion summary (LESION-1..5), lobes (LOBES-1..4), the suggested Frilling type
(PATTERN-0..8, review2023 Fig. 1), the algorithm column (COLUMN-1) and portal drainage (PORTAL-1..4).

Three-valued throughout: ``None`` means unknown, never "no".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nelm_desktop.core.distribution_types import TYPE_LABELS
from nelm_desktop.core.evaluation import FrillingType, ItemResult, LesionSummary, trusted
from nelm_desktop.core.liver_geometry import LEFT_LOBE, RIGHT_LOBE, couinaud_segment
from nelm_desktop.core.model import COUINAUD_SEGMENTS, Case, Lesion

_SEGMENT_ORDER: dict[str, int] = {s: i for i, s in enumerate(COUINAUD_SEGMENTS)}
_RIGHT_LOBE = frozenset(RIGHT_LOBE)
_LEFT_LOBE = frozenset(LEFT_LOBE)


COLUMN_BY_TYPE: dict[str, str] = {
    "I": "A",
    "limited_unilobar": "A",
    "limited_bilobar": "A",
    "II": "B",
    "III": "C",
}


def recorded_lesions(case: Case) -> list[Lesion]:
    """An empty list is treated as not recorded (CLINICAL-RULES section 3)."""
    return list(case.lesions or [])


def summarise_lesions(case: Case) -> LesionSummary:
    # One pass over the lesion rows (this runs on every evaluation, i.e. on every edit).
    lesions = case.lesions or ()
    recorded = bool(lesions)
    count_total = lower_bound = 0
    counts_known = sizes_known = segments_known = True
    largest_known: float | None = None
    smallest_known: float | None = None
    found_segments: set[str] = set()
    for les in lesions:
        count = les.count
        if count is None:
            counts_known = False
            lower_bound += 1
        else:
            count_total += count
            lower_bound += count
        size = les.size_cm
        if size is None:
            sizes_known = False
        else:
            if largest_known is None or size > largest_known:
                largest_known = size
            if smallest_known is None or size < smallest_known:
                smallest_known = size
        segment = les.segment
        if segment is None:
            segments_known = False
        elif segment:
            # IVa and IVb count as segment IV (Couinaud segments I-VIII; a subsegment is not a segment).
            found_segments.add(couinaud_segment(segment))
    # LESION-1: exact count only when every count is known; a lower bound otherwise.
    lesion_count = count_total if recorded and counts_known else None
    # LESION-2: distinct known segments.
    segments = sorted(found_segments, key=_SEGMENT_ORDER.__getitem__)
    # LESION-3 / LESION-5: three-valued size facts (any size >= 5 is the largest >= 5, and so on).
    all_sizes_known = recorded and sizes_known
    largest_ge_5: bool | None
    if largest_known is not None and largest_known >= 5:
        largest_ge_5 = True
    elif all_sizes_known:
        largest_ge_5 = False
    else:
        largest_ge_5 = None
    any_lt_5: bool | None
    if smallest_known is not None and smallest_known < 5:
        any_lt_5 = True
    elif all_sizes_known:
        any_lt_5 = False
    else:
        any_lt_5 = None
    largest_cm = largest_known if all_sizes_known else None
    # LESION-4: dominant = largest >= 2 x second largest (product heuristic); n/a for a single lesion.
    dominant: bool | None = None
    if all_sizes_known and lesion_count is not None and lesion_count > 1:
        # The two largest lesions, counting each row's lesions without listing them one by one
        # (200 rows of count 500 were 100,000 entries): sizes and counts are all known here.
        ranked = sorted(((les.size_cm or 0.0, les.count or 0) for les in lesions if les.count), reverse=True)
        largest, how_many = ranked[0]
        second = largest if how_many >= 2 else ranked[1][0]
        dominant = largest >= 2 * second
    # LOBES-1..4.
    lobes = []
    if not _RIGHT_LOBE.isdisjoint(found_segments):
        lobes.append("right")
    if not _LEFT_LOBE.isdisjoint(found_segments):
        lobes.append("left")
    caudate = "I" in found_segments
    if caudate:
        lobes.append("caudate")
    bilobar: bool | None
    if not recorded:  # LOBES-4 (AMB-55): the confirmed type decides, III stays unknown
        confirmed = case.confirmed_type
        bilobar = (
            True
            if confirmed in ("II", "limited_bilobar")
            else False
            if confirmed in ("I", "limited_unilobar")
            else None
        )
    elif "right" in lobes and "left" in lobes:  # LOBES-2: caudate alone never counts (AMB-10)
        bilobar = True
    elif segments_known:  # LOBES-3
        bilobar = False
    else:
        bilobar = None
    # Every field, in declaration order (see `trusted`).
    return trusted(
        LesionSummary,
        {
            "recorded": recorded,
            "lesion_count": lesion_count,
            "lesion_count_lower_bound": lower_bound,
            "segments": segments,
            "n_segments": len(segments),
            "lobes": lobes,
            "bilobar": bilobar,
            "largest_cm": largest_cm,
            "largest_ge_5": largest_ge_5,
            "any_lt_5": any_lt_5,
            "dominant": dominant,
            "caudate": caudate,
        },
    )


@dataclass
class PatternResult:
    """The distribution type suggested from the lesions (or none), its rule and what is missing."""

    suggested: str | None
    rule: str
    missing: list[str]
    flags: list[str] = field(default_factory=list)  # flags of the suggestion (raised only when it is used)
    text: str = ""


def suggest_type(case: Case, summary: LesionSummary) -> PatternResult:
    """PATTERN-1..8 (product heuristic thresholds, AMB-8); involvement tests skipped when unknown (AMB-11)."""
    involvement = case.hepatic_involvement_pct
    no_inv = [] if involvement is not None else ["FLAG-TYPE-NO-INVOLVEMENT"]
    if not summary.recorded:
        return PatternResult(None, "PATTERN-1", ["lesions"], text="No liver lesions recorded.")
    count = summary.lesion_count
    if count == 1 and involvement is not None and involvement >= 75:
        return PatternResult(
            "III",
            "PATTERN-2",
            [],
            text="Single lesion with >= 75 % involvement: virtually no normal parenchyma.",
        )
    if count == 1:
        return PatternResult("I", "PATTERN-3", [], list(no_inv), "Single metastasis.")
    if summary.lesion_count_lower_bound >= 2 and summary.bilobar is False:
        return PatternResult(
            "limited_unilobar",
            "PATTERN-4",
            [],
            ["FLAG-TYPE-UNILOBAR"],
            "Several lesions confined to one lobe: not one of Frilling's types; treated under column A.",
        )
    if summary.bilobar is True:
        if (
            summary.lesion_count_lower_bound > 10
            or summary.n_segments >= 6
            or (involvement is not None and involvement >= 50)
        ):
            return PatternResult(
                "III", "PATTERN-5", [], text="Bilobar and > 10 lesions, >= 6 segments or >= 50 % involvement."
            )
        if summary.dominant is True:
            return PatternResult(
                "II",
                "PATTERN-6",
                [],
                list(no_inv),
                "Bilobar with a dominant lesion (>= 2x the next largest).",
            )
        if summary.dominant is False:
            return PatternResult(
                "limited_bilobar", "PATTERN-7", [], list(no_inv), "Bilobar, limited, no dominant lesion."
            )
    lesions = recorded_lesions(case)
    missing = []
    if summary.bilobar is None and any(les.segment is None for les in lesions):
        missing.append("lesion_segments")
    if any(les.count is None for les in lesions):
        missing.append("lesion_counts")
    if summary.bilobar is not False and count != 1 and any(les.size_cm is None for les in lesions):
        missing.append("lesion_sizes")
    return PatternResult(
        None,
        "PATTERN-8",
        missing or ["lesions"],
        text="Distribution type cannot be suggested from the lesions.",
    )


def frilling_type(case: Case, summary: LesionSummary) -> tuple[FrillingType, list[str], PatternResult]:
    """The type the engine uses (PATTERN-0: a confirmed type wins) and the flags it raises."""
    suggestion = suggest_type(case, summary)
    confirmed = None if case.confirmed_type == "none" else case.confirmed_type
    flags: list[str] = []
    if confirmed is not None:
        used: str | None = confirmed
        missing: list[str] = []
        if suggestion.suggested is not None and suggestion.suggested != confirmed:
            flags.append("FLAG-TYPE-OVERRIDE")
        text = f"Clinician-confirmed: {TYPE_LABELS[confirmed]}."
    else:
        used = suggestion.suggested
        missing = suggestion.missing
        text = suggestion.text
        if used is not None:
            flags.append("FLAG-TYPE-SUGGESTED")
            flags.extend(suggestion.flags)
    column = COLUMN_BY_TYPE.get(used) if used else None
    result = trusted(
        FrillingType,
        {
            "suggested": suggestion.suggested,
            "suggested_rule": suggestion.rule,
            "confirmed": confirmed,
            "used": used,
            "used_is_suggestion": confirmed is None and used is not None,
            "column": column,
            "missing": missing,
            "text": text,
        },
    )
    return result, flags, suggestion


PORTAL_SITES = frozenset({"pancreas", "stomach", "duodenum", "small_intestine", "appendix", "colon"})


def portal_drainage(case: Case) -> tuple[ItemResult, str]:
    """PORTAL-1..4: (met | not_met | unknown, rule id)."""
    site = case.primary_site
    if site in PORTAL_SITES:
        return "met", "PORTAL-1"
    if site in ("rectum", "lung", "other"):
        return "not_met", "PORTAL-2"
    if site == "unknown_primary":
        return "not_met", "PORTAL-3"
    return "unknown", "PORTAL-4"
