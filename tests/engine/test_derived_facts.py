"""Grade (GRADE-0..9), lesions and lobes (LESION, LOBES), the suggested type (PATTERN), column and portal
drainage, at the catalogue's exact thresholds."""

from __future__ import annotations

import pytest
from engine_cases import LIMITED_BILOBAR, SOLITARY, TYPE_II, TYPE_III, UNILOBAR, case, ev, flag_ids

from nelm_desktop.core.grading import grade_case
from nelm_desktop.core.liver import portal_drainage, summarise_lesions


@pytest.mark.parametrize(
    ("differentiation", "ki67", "grade", "rule", "flag"),
    [
        ("well", 0, "G1", "GRADE-2", None),
        ("well", 2, "G1", "GRADE-2", "FLAG-KI67-CUTOFF"),
        ("well", 2.5, "G2", "GRADE-3", "FLAG-KI67-GAP"),
        ("well", 3, "G2", "GRADE-4", "FLAG-KI67-CUTOFF"),
        ("well", 10, "G2", "GRADE-4", None),
        ("well", 20, "G2", "GRADE-4", "FLAG-KI67-CUTOFF"),
        ("well", 20.1, "G3 NET", "GRADE-5", "FLAG-G3"),
        ("well", 21, "G3 NET", "GRADE-5", "FLAG-G3"),
        ("poorly", 15, "NEC", "GRADE-1", "FLAG-NEC-KI67"),
        ("poorly", 20, "NEC", "GRADE-1", "FLAG-NEC-KI67"),
        ("poorly", 55, "NEC", "GRADE-1", None),
        ("poorly", None, "NEC", "GRADE-1", None),
        ("unknown", 25, "undetermined", "GRADE-6", None),
        ("unknown", None, "undetermined", "GRADE-6", None),
        ("well", None, "undetermined", "GRADE-7", None),
    ],
)
def test_grade(differentiation: str, ki67: float | None, grade: str, rule: str, flag: str | None) -> None:
    result, flags = grade_case(case(differentiation=differentiation, ki67_pct=ki67))
    assert (result.grade, result.rule) == (grade, rule)
    assert list(flags) == ([flag] if flag else [])


@pytest.mark.parametrize(
    ("facts", "grade", "rule", "flags", "missing"),
    [
        # GRADE-8: a reported grade without any Ki-67 decides, flagged as taken from the report
        (
            {"differentiation": "unknown", "grade_reported": "G1"},
            "G1",
            "GRADE-8",
            {"FLAG-GRADE-REPORTED"},
            [],
        ),
        ({"differentiation": "well", "grade_reported": "G2"}, "G2", "GRADE-8", {"FLAG-GRADE-REPORTED"}, []),
        (
            {"differentiation": "unknown", "grade_reported": "G3"},
            "G3 NET",
            "GRADE-8",
            {"FLAG-GRADE-REPORTED", "FLAG-G3"},
            [],
        ),
        # GRADE-0: a reported NEC implies poor differentiation -> GRADE-1
        (
            {"differentiation": "unknown", "grade_reported": "NEC"},
            "NEC",
            "GRADE-1",
            {"FLAG-GRADE-REPORTED"},
            [],
        ),
        # GRADE-9: recorded well against a reported NEC without Ki-67: left to the clinician
        (
            {"differentiation": "well", "grade_reported": "NEC"},
            "undetermined",
            "GRADE-9",
            {"FLAG-GRADE-DISCORDANT"},
            ["ki67_pct"],
        ),
        # a known Ki-67 always wins over the reported grade; the difference is flagged
        (
            {"differentiation": "well", "grade_reported": "G1", "ki67_pct": 12},
            "G2",
            "GRADE-4",
            {"FLAG-GRADE-DISCORDANT"},
            [],
        ),
        (
            {"differentiation": "unknown", "grade_reported": "G2", "ki67_pct": 25},
            "G3 NET",
            "GRADE-5",
            {"FLAG-GRADE-REPORTED", "FLAG-GRADE-DISCORDANT", "FLAG-G3"},
            [],
        ),
        # the higher of the two Ki-67 values grades; different bands are flagged
        (
            {"differentiation": "well", "ki67_pct": 1.5, "ki67_liver_pct": 8},
            "G2",
            "GRADE-4",
            {"FLAG-KI67-DISCORDANT"},
            [],
        ),
        (
            {"differentiation": "well", "ki67_pct": None, "ki67_liver_pct": 22},
            "G3 NET",
            "GRADE-5",
            {"FLAG-G3"},
            [],
        ),
        ({"differentiation": "well", "ki67_pct": 4, "ki67_liver_pct": 18}, "G2", "GRADE-4", set(), []),
        # the reported grade never replaces a recorded poor differentiation
        (
            {"differentiation": "poorly", "grade_reported": "G2", "ki67_pct": 30},
            "NEC",
            "GRADE-1",
            {"FLAG-GRADE-DISCORDANT"},
            [],
        ),
        # nothing reported, nothing recorded: GRADE-6 names differentiation and Ki-67
        ({"differentiation": "unknown"}, "undetermined", "GRADE-6", set(), ["differentiation", "ki67_pct"]),
    ],
)
def test_grade_0_reported_grade_and_two_ki67_values(
    facts: dict[str, object], grade: str, rule: str, flags: set[str], missing: list[str]
) -> None:
    base = {"ki67_pct": None, **facts}
    result, raised = grade_case(case(**base))
    assert (result.grade, result.rule) == (grade, rule)
    assert set(raised) == flags
    assert result.missing == missing


def test_ki67_discordant_flag_names_both_values() -> None:
    evaluation = ev(differentiation="well", ki67_pct=2, ki67_liver_pct=25)
    [flag] = [f for f in evaluation.flags if f.id == "FLAG-KI67-DISCORDANT"]
    assert "2 % (primary)" in flag.text and "25 % (liver)" in flag.text
    assert evaluation.grade.grade == "G3 NET" and evaluation.grade.ki67 == 25


def test_grade_never_infers_differentiation_from_ki67() -> None:
    result, _ = grade_case(case(differentiation="unknown", ki67_pct=40))
    assert result.missing == ["differentiation"]
    assert "G3 NET or NEC cannot be decided" in result.text


def test_lesion_summary_three_valued() -> None:
    summary = summarise_lesions(
        case(
            lesions=[
                {"segment": "VI", "size_cm": 6, "count": None},
                {"segment": None, "size_cm": None, "count": 2},
            ]
        )
    )
    assert summary.lesion_count is None and summary.lesion_count_lower_bound == 3
    assert summary.largest_ge_5 is True and summary.any_lt_5 is None and summary.largest_cm is None
    assert summary.bilobar is None  # one segment unknown, right lobe only so far (LOBES-3)


def test_empty_lesion_list_is_not_recorded() -> None:
    summary = summarise_lesions(case(lesions=[]))
    assert not summary.recorded and summary.any_lt_5 is None and summary.largest_ge_5 is None


def test_caudate_alone_never_makes_bilobar() -> None:
    lesions = [{"segment": "I", "size_cm": 2, "count": 1}, {"segment": "VI", "size_cm": 2, "count": 1}]
    evaluation = ev(lesions=lesions)
    assert evaluation.lesions.bilobar is False  # LOBES-2, AMB-10
    assert evaluation.frilling_type.suggested == "limited_unilobar"  # PATTERN-4
    assert {"FLAG-CAUDATE", "FLAG-TYPE-UNILOBAR"} <= flag_ids(evaluation)


@pytest.mark.parametrize(
    ("confirmed", "bilobar"),
    [
        ("II", True),
        ("limited_bilobar", True),
        ("I", False),
        ("limited_unilobar", False),
        ("III", None),
        ("none", None),
    ],
)
def test_lobes_without_lesions_follow_confirmed_type(confirmed: str, bilobar: bool | None) -> None:
    assert summarise_lesions(case(lesions=None, confirmed_type=confirmed)).bilobar is bilobar  # LOBES-4


@pytest.mark.parametrize(
    ("lesions", "involvement", "suggested", "rule"),
    [
        (None, 5, None, "PATTERN-1"),
        (SOLITARY, 75, "III", "PATTERN-2"),
        (SOLITARY, 74, "I", "PATTERN-3"),
        (UNILOBAR, 5, "limited_unilobar", "PATTERN-4"),
        (TYPE_III, 5, "III", "PATTERN-5"),
        (LIMITED_BILOBAR, 50, "III", "PATTERN-5"),
        (
            [{"segment": "VI", "size_cm": 1, "count": 6}, {"segment": "III", "size_cm": 1, "count": 5}],
            5,
            "III",
            "PATTERN-5",
        ),
        (TYPE_II, 5, "II", "PATTERN-6"),
        (LIMITED_BILOBAR, 49, "limited_bilobar", "PATTERN-7"),
        ([{"segment": "VI", "size_cm": 3, "count": None}], 5, None, "PATTERN-8"),
    ],
)
def test_pattern_suggestion(
    lesions: list | None, involvement: float, suggested: str | None, rule: str
) -> None:
    ft = ev(lesions=lesions, hepatic_involvement_pct=involvement).frilling_type
    assert (ft.suggested, ft.suggested_rule) == (suggested, rule)


def test_involvement_unknown_is_skipped_and_flagged() -> None:
    evaluation = ev(lesions=SOLITARY, hepatic_involvement_pct=None)
    assert evaluation.frilling_type.suggested == "I"
    assert {"FLAG-TYPE-NO-INVOLVEMENT", "FLAG-TYPE-SUGGESTED"} <= flag_ids(evaluation)


def test_pattern_8_names_blocking_lesion_facts() -> None:
    ft = ev(lesions=[{"segment": "VI", "size_cm": 3, "count": None}]).frilling_type
    assert ft.used is None and ft.missing == ["lesion_counts"]


def test_confirmed_type_wins_and_override_is_flagged() -> None:
    evaluation = ev(lesions=SOLITARY, confirmed_type="III")
    ft = evaluation.frilling_type
    assert (ft.suggested, ft.confirmed, ft.used, ft.column) == ("I", "III", "III", "C")
    assert not ft.used_is_suggestion
    override = next(f for f in evaluation.flags if f.id == "FLAG-TYPE-OVERRIDE")
    assert "Type III" in override.text and "Type I" in override.text
    assert "FLAG-TYPE-SUGGESTED" not in flag_ids(evaluation)
    assert evaluation.option("resection").rule == "RES-2"


def test_reasons_say_when_the_type_was_a_suggestion() -> None:
    suggested = ev(lesions=SOLITARY).option("resection").reasons[0]
    confirmed = ev(lesions=SOLITARY, confirmed_type="I").option("resection").reasons[0]
    assert suggested.uses_suggested_type and not confirmed.uses_suggested_type


@pytest.mark.parametrize(
    ("site", "drainage", "rule"),
    [
        ("pancreas", "met", "PORTAL-1"),
        ("stomach", "met", "PORTAL-1"),
        ("colon", "met", "PORTAL-1"),
        ("rectum", "not_met", "PORTAL-2"),
        ("lung", "not_met", "PORTAL-2"),
        ("unknown_primary", "not_met", "PORTAL-3"),
        ("unknown", "unknown", "PORTAL-4"),
    ],
)
def test_portal_drainage(site: str, drainage: str, rule: str) -> None:
    assert portal_drainage(case(primary_site=site)) == (drainage, rule)
