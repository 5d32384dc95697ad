"""How the board and the patient read the PDFs (issue #13 items 5, 7; issue #12 items 3, 4), read back
with pypdf: page 1 is the board's synopsis; a References section; handout openings by grade; the NEC
handout's wording; no case id and no placeholder thrice on the handout; the revision-2 facts shown."""

from __future__ import annotations

import re

import pytest
from report_helpers import SETTINGS, WHEN, evaluate, page_texts, typical_case

from nelm_desktop.core.evaluation import MODALITY_LABELS
from nelm_desktop.core.presentation import NOT_LISTED_EXPLANATION, one_line_reason
from nelm_desktop.core.report import ReportSettings, build_report
from nelm_desktop.core.report.plain_language import (
    OPENING_G3,
    OPENING_NEC,
    OPENING_UNKNOWN,
    WHAT_DECIDES,
    opening,
)
from nelm_desktop.core.sources import SOURCES


def flat(text: str) -> str:
    return " ".join(text.split())


def pages(case, kind: str, settings: ReportSettings = SETTINGS, **kw) -> list[str]:
    return [
        flat(t) for t in page_texts(build_report(case, evaluate(case), kind, "a4", settings, when=WHEN, **kw))
    ]


def test_summary_page_one_is_the_boards_synopsis():
    case = typical_case(ki67_pct=4)
    ev = evaluate(case)
    first = pages(case, "summary")[0]
    assert "Board synopsis" in first
    assert f"Grade: {ev.grade.grade}." in first
    assert "Distribution type:" in first
    offered = [o for o in ev.options if o.status in ("recommended", "option")]
    assert offered, "the typical case offers something"
    for opt in offered:
        assert MODALITY_LABELS[opt.modality] in first
        assert flat(one_line_reason(opt))[:60] in first
    assert "Not listed for this case" in first and flat(NOT_LISTED_EXPLANATION) in first
    assert "Missing facts:" in first
    # the detail follows, from page 2
    assert "Case facts" not in first and "Clinician notes" not in first


def test_summary_lists_full_references_in_a_references_section():
    text = " ".join(pages(typical_case(), "summary"))
    assert "References" in text
    tail = text[text.rindex("References") :]
    for key in ("review2023", "frilling2015", "muttillo2022"):
        assert flat(SOURCES[key]) in tail, key
    assert (
        "Frilling A, Clift AK. Therapeutic strategies for neuroendocrine liver metastases. Cancer 2015"
        in tail
    )


def test_summary_reasons_lead_with_the_clinical_sentence():
    text = " ".join(pages(typical_case(lesions=[]), "summary"))
    # fact codes are words in the sentences; ids come after them
    assert "lesion_segments" not in text.split("Case facts")[0]
    assert re.search(r"\(AMB-\d+\)", text) is None


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        ({"ki67_pct": 1}, opening("G1")),
        ({"ki67_pct": 10}, opening("G2")),
        ({"ki67_pct": 40}, OPENING_G3),
        ({"differentiation": "poorly", "ki67_pct": 60}, OPENING_NEC),
        ({"ki67_pct": None, "grade_reported": "unknown"}, OPENING_UNKNOWN),
    ],
)
def test_handout_opens_by_grade(facts, expected):
    handout = " ".join(pages(typical_case(**facts), "handout"))
    assert flat(expected) in handout
    assert flat(WHAT_DECIDES) in handout


def test_handout_opening_for_grade_one_and_two_names_the_grade():
    assert "Your tumour is grade 1." in opening("G1")
    assert "Your tumour is grade 2." in opening("G2")


def _fk_grade(text: str) -> float:
    """Flesch-Kincaid grade level with a plain vowel-group syllable count."""
    words = re.findall(r"[A-Za-z]+", text)
    sentences = max(1, len(re.findall(r"[.!?]", text)))
    syllables = sum(
        max(1, len(re.findall(r"[aeiouy]+", w.lower())) - (w.lower().endswith("e") and len(w) > 3))
        for w in words
    )
    return 0.39 * len(words) / sentences + 11.8 * syllables / len(words) - 15.59


@pytest.mark.parametrize("grade", ["G1", "G2", "G3 NET", "NEC", "undetermined"])
def test_handout_openings_read_at_about_school_grade_six(grade):
    assert _fk_grade(opening(grade)) <= 7.0


def test_nec_handout_never_says_first_line_column_or_grows_slowly():
    case = typical_case(differentiation="poorly", ki67_pct=60)
    ev = evaluate(case)
    assert ev.grade.grade == "NEC"
    chosen = [o.modality for o in ev.options if o.status in ("recommended", "option", "needs_information")]
    text = " ".join(pages(case, "handout", handout_modalities=chosen)).lower()
    for banned in (
        "first line",
        "column a",
        "column",
        "grows slowly",
        "grow slowly",
        "listed first",
        "first choice",
    ):
        assert banned not in text, banned
    assert "chemotherapy" in text
    assert (
        "the main medicine treatment that the medical papers used here describe for this type of cancer"
        in text
    )


def test_nec_summary_shows_no_column_and_no_first_line():
    case = typical_case(differentiation="poorly", ki67_pct=60)
    first = pages(case, "summary")[0].lower()
    assert "algorithm column" not in first
    assert "first line" not in first


def test_handout_has_no_case_id_and_no_placeholder_thrice():
    case = typical_case()
    text = " ".join(pages(case, "handout", settings=ReportSettings()))
    assert case.case_id not in text
    assert "(ask your care team)" not in text
    assert text.count("Ask your care team how to reach them") == 1
    full = " ".join(pages(case, "handout"))
    assert "Your doctor: Dr Ada Test. Hospital: Test Hospital. Contact: Nurse line +44 1234 567890." in full
    assert "Ask your care team how to reach them" not in full


def test_summary_shows_the_revision_two_facts():
    case = typical_case(
        surgeon_assessment="two_stage_only",
        primary_resected="no",
        primary_resectable="yes",
        grade_reported="G2",
        ki67_liver_pct=6,
        functional_syndrome="yes",
        syndrome_type="carcinoid",
        fdg_pet="negative",
    )
    first = pages(case, "summary")[0]
    for words in (
        "Surgeon's assessment two stages only",
        "resectable: yes",
        "grade as reported: G2",
        "liver biopsy 6 %",
        "carcinoid syndrome",
        "positive / negative",
    ):
        assert words in first, words


def test_segment_iv_subsegments_share_one_geometry_and_count_as_segment_iv():
    from nelm_desktop.core.liver_geometry import (
        SEGMENT_IV,
        SEGMENT_SHAPES,
        centroid,
        point_in_polygon,
        segment_at,
    )
    from nelm_desktop.core.model import Lesion
    from nelm_desktop.core.report.liver_drawing import liver_drawing

    # IVa and IVb tile segment IV; every shape's centre hits itself
    for shape in SEGMENT_SHAPES:
        assert segment_at(centroid(shape.polygon)) == shape.segment
    for x in range(1, 100):
        for y in range(1, 100):
            point = (x / 100 + 0.001, y / 100 + 0.002)
            in_iv = point_in_polygon(point, SEGMENT_IV.polygon)
            assert in_iv == (segment_at(point) in ("IVa", "IVb")), point
    lesions = [
        Lesion(segment="IVa", size_cm=2.0),
        Lesion(segment="IVb", size_cm=1.0),
        Lesion(segment="IV", size_cm=1.0),
    ]
    case = typical_case(lesions=lesions)
    ev = evaluate(case)
    assert ev.lesions.segments == ["IV"] and ev.lesions.n_segments == 1  # one Couinaud segment
    assert ev.lesions.lobes == ["left"]
    drawing = liver_drawing(lesions, 260)
    labels = {getattr(item, "text", None) for item in drawing.contents}
    assert {"IVa", "IVb", "IV"} <= labels
    summary = " ".join(pages(case, "summary"))
    assert "IVa" in summary and "IVb" in summary


def test_plain_segment_iv_is_drawn_without_a_stray_label():
    from nelm_desktop.core.model import Lesion
    from nelm_desktop.core.report.liver_drawing import liver_drawing

    labels = {
        getattr(item, "text", None)
        for item in liver_drawing([Lesion(segment="IVa", size_cm=2.0)], 260).contents
    }
    assert "IV" not in labels and "IVa" in labels


def test_summary_shows_tier_and_role_per_option_and_order_1():
    from nelm_desktop.core.evaluation import ROLE_LABELS, TIER_LABELS
    from nelm_desktop.core.presentation import ordered_options

    case = typical_case(ki67_pct=4)
    ev = evaluate(case)
    first = pages(case, "summary")[0]
    offered = [o for o in ordered_options(ev.options) if o.status in ("recommended", "option")]
    for opt in offered:
        assert f"{ROLE_LABELS[opt.role]}; tier {opt.evidence_tier}" in first
    for tier in {o.evidence_tier for o in offered}:
        assert f"{tier} = {TIER_LABELS[tier]}" in first
    # ORDER-1 on page 1: the option rows appear in the engine's display order
    positions = [first.index(MODALITY_LABELS[o.modality]) for o in offered]
    assert positions == sorted(positions)


def test_outside_sources_precautions_are_boxed_apart_in_the_summary():
    case = typical_case(functional_syndrome="yes", syndrome_type="insulinoma", syndrome_refractory="no")
    ev = evaluate(case)
    outside = [f for f in ev.flags if f.outside_sources]
    assert outside
    text = " ".join(pages(case, "summary"))
    flags_part = text[text.rindex("Flags (grey zones") :]
    box_at = flags_part.index("Precautions from outside the cited sources")
    for flag in outside:
        # listed in the box after the sourced flags, with its outside-sources locator
        assert flags_part.index(f"[{flag.id}]") > box_at
    assert "Source: outside-sources." in flags_part
    assert "[outside the cited sources]" in pages(case, "summary")[0]
