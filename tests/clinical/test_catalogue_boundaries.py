"""Decision tables at their boundaries, from the catalogue's own rows (CLINICAL-RULES sections 4, 6, 8, 9.1,
11, 12): Ki-67 exactly at each cut-off, FLR exactly 30 %, a lesion exactly 5 cm, the type heuristics'
thresholds, ECOG 3, the roles (ROLE-1), tiers (TIER-1), display order (ORDER-1) and NEEDS-ORDER as the
catalogue's text states them (parsed from docs/clinical-rules.md, not copied from the code)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from nelm_desktop.core.engine import evaluate
from nelm_desktop.core.evaluation import EVIDENCE_TIERS, NEEDS_ORDER, ORDER_WITHIN_STATUS
from nelm_desktop.core.model import Case
from tests.clinical.clinical_cases import LIMITED_BILOBAR, TYPE_II, TYPE_III, ev, flag_ids, opt

CATALOGUE = (Path(__file__).resolve().parents[2] / "docs" / "clinical-rules.md").read_text(encoding="utf-8")


# --- 4.1 GRADE-0..9 -------------------------------------------------------------------------------
# (overrides, grade, rule, flags expected, flags absent)
GRADE_ROWS: list[tuple[dict[str, Any], str, str, set[str], set[str]]] = [
    ({"ki67_pct": 2}, "G1", "GRADE-2", {"FLAG-KI67-CUTOFF"}, {"FLAG-KI67-GAP"}),
    ({"ki67_pct": 1.9}, "G1", "GRADE-2", set(), {"FLAG-KI67-CUTOFF"}),
    ({"ki67_pct": 2.01}, "G2", "GRADE-3", {"FLAG-KI67-GAP"}, {"FLAG-KI67-CUTOFF"}),
    ({"ki67_pct": 2.99}, "G2", "GRADE-3", {"FLAG-KI67-GAP"}, set()),
    ({"ki67_pct": 3}, "G2", "GRADE-4", {"FLAG-KI67-CUTOFF"}, {"FLAG-KI67-GAP"}),
    ({"ki67_pct": 10}, "G2", "GRADE-4", set(), {"FLAG-KI67-CUTOFF"}),
    ({"ki67_pct": 20}, "G2", "GRADE-4", {"FLAG-KI67-CUTOFF"}, {"FLAG-G3"}),
    ({"ki67_pct": 20.1}, "G3 NET", "GRADE-5", {"FLAG-G3"}, {"FLAG-KI67-CUTOFF"}),
    # GRADE-1: differentiation decides at any Ki-67 (AMB-4), also unknown.
    ({"differentiation": "poorly", "ki67_pct": 20}, "NEC", "GRADE-1", {"FLAG-NEC-KI67"}, set()),
    ({"differentiation": "poorly", "ki67_pct": 20.1}, "NEC", "GRADE-1", set(), {"FLAG-NEC-KI67"}),
    ({"differentiation": "poorly", "ki67_pct": None}, "NEC", "GRADE-1", set(), {"FLAG-NEC-KI67"}),
    # GRADE-6 / 7 / 8 / 9 and GRADE-0's two sources.
    ({"differentiation": "unknown", "ki67_pct": 30}, "undetermined", "GRADE-6", set(), set()),
    ({"differentiation": "unknown", "ki67_pct": None}, "undetermined", "GRADE-6", set(), set()),
    ({"ki67_pct": None}, "undetermined", "GRADE-7", set(), set()),
    ({"ki67_pct": None, "grade_reported": "G1"}, "G1", "GRADE-8", {"FLAG-GRADE-REPORTED"}, set()),
    (
        {"ki67_pct": None, "grade_reported": "G3"},
        "G3 NET",
        "GRADE-8",
        {"FLAG-GRADE-REPORTED", "FLAG-G3"},
        set(),
    ),
    (
        {"ki67_pct": None, "grade_reported": "NEC"},
        "undetermined",
        "GRADE-9",
        {"FLAG-GRADE-DISCORDANT"},
        set(),
    ),
    (
        {"differentiation": "unknown", "grade_reported": "NEC", "ki67_pct": None},
        "NEC",
        "GRADE-1",
        {"FLAG-GRADE-REPORTED"},
        set(),
    ),
    (
        {"differentiation": "unknown", "grade_reported": "G2", "ki67_pct": 10},
        "G2",
        "GRADE-4",
        {"FLAG-GRADE-REPORTED"},
        set(),
    ),
    # A known Ki-67 always wins over the reported grade; the difference is flagged (AMB-59).
    ({"ki67_pct": 25, "grade_reported": "G2"}, "G3 NET", "GRADE-5", {"FLAG-GRADE-DISCORDANT"}, set()),
    ({"ki67_pct": 10, "grade_reported": "G2"}, "G2", "GRADE-4", set(), {"FLAG-GRADE-DISCORDANT"}),
    # Two Ki-67 values: the higher grades; different bands (<= 2, > 2 to 20, > 20) flagged.
    ({"ki67_pct": 2, "ki67_liver_pct": 2.5}, "G2", "GRADE-3", {"FLAG-KI67-DISCORDANT"}, set()),
    ({"ki67_pct": 3, "ki67_liver_pct": 20}, "G2", "GRADE-4", set(), {"FLAG-KI67-DISCORDANT"}),
    ({"ki67_pct": 20, "ki67_liver_pct": 20.5}, "G3 NET", "GRADE-5", {"FLAG-KI67-DISCORDANT"}, set()),
    ({"ki67_pct": None, "ki67_liver_pct": 1}, "G1", "GRADE-2", set(), {"FLAG-KI67-DISCORDANT"}),
]


@pytest.mark.parametrize(("overrides", "grade", "rule", "flags", "absent"), GRADE_ROWS)
def test_grade_rows(
    overrides: dict[str, Any], grade: str, rule: str, flags: set[str], absent: set[str]
) -> None:
    evaluation = ev(**overrides)
    assert (evaluation.grade.grade, evaluation.grade.rule) == (grade, rule)
    assert flags <= flag_ids(evaluation)
    assert not absent & flag_ids(evaluation)


@pytest.mark.parametrize(
    ("overrides", "missing"),
    [
        ({"differentiation": "unknown", "ki67_pct": 30}, ["differentiation"]),
        ({"differentiation": "unknown", "ki67_pct": None}, ["differentiation", "ki67_pct"]),
        ({"ki67_pct": None}, ["ki67_pct"]),
        ({"ki67_pct": None, "grade_reported": "NEC"}, ["ki67_pct"]),
    ],
)
def test_undetermined_grade_names_exactly_its_missing_facts(
    overrides: dict[str, Any], missing: list[str]
) -> None:
    evaluation = ev(**overrides)
    assert evaluation.grade.missing == missing
    assert evaluation.needs_information == missing  # nothing else is missing in the baseline


def test_grade_6_says_g3_net_or_nec_cannot_be_decided_above_20() -> None:
    assert "G3 NET or NEC cannot be decided" in ev(differentiation="unknown", ki67_pct=30).grade.text


# --- 6.1 / 6.2 FLR exactly 30 % ("at least 30%", AMB-12) -------------------------------------------
@pytest.mark.parametrize(
    ("lesions", "flr", "resection", "staged"),
    [
        (None, 30, ("recommended", "RES-7"), ("not_indicated", "STAGED-3")),
        (None, 29.9, ("contraindicated", "RES-5"), ("option", "STAGED-9")),
        (TYPE_II, 30, ("recommended", "RES-7"), ("option", "STAGED-8")),
        (TYPE_II, 29.9, ("contraindicated", "RES-5"), ("recommended", "STAGED-7")),
    ],
)
def test_flr_30_boundary(
    lesions: Any, flr: float, resection: tuple[str, str], staged: tuple[str, str]
) -> None:
    overrides: dict[str, Any] = {"flr_pct": flr}
    if lesions is not None:
        overrides["lesions"] = lesions
    evaluation = ev(**overrides)
    assert (opt(evaluation, "resection").status, opt(evaluation, "resection").rule) == resection
    assert (opt(evaluation, "staged_resection").status, opt(evaluation, "staged_resection").rule) == staged


def test_surgeon_two_stage_only_needs_no_flr_and_one_stage_never_waives_it() -> None:
    """RES-10 / STAGED-7 (rev 2): no FLR asked with two_stage_only; AMB-57: one_stage with FLR < 30 keeps
    RES-5 and raises FLAG-SURGEON-CONFLICT."""
    two = ev(lesions=TYPE_II, flr_pct=None, surgeon_assessment="two_stage_only")
    assert (opt(two, "resection").rule, opt(two, "staged_resection").rule) == ("RES-10", "STAGED-7")
    assert "flr_pct" not in two.needs_information
    assert "FLAG-STAGED-AVAILABLE" in flag_ids(two)
    conflict = ev(flr_pct=20, surgeon_assessment="one_stage")
    assert opt(conflict, "resection").rule == "RES-5"
    assert "FLAG-SURGEON-CONFLICT" in flag_ids(conflict)
    type_iii = ev(lesions=TYPE_III, surgeon_assessment="one_stage")
    assert opt(type_iii, "resection").rule == "RES-2"
    assert "FLAG-SURGEON-CONFLICT" in flag_ids(type_iii)


def test_res_11_and_res_9_precede_res_5() -> None:
    """Order (rev 2): disease ruled out by the primary or the surgeon is not sent to the staged route."""
    primary = ev(lesions=TYPE_II, flr_pct=20, primary_resected="no", primary_resectable="no")
    assert opt(primary, "resection").rule == "RES-11"
    assert opt(primary, "staged_resection").rule == "STAGED-10"
    assert opt(primary, "simultaneous_resection").rule == "SIM-6"
    surgeon = ev(lesions=TYPE_II, flr_pct=20, surgeon_assessment="unresectable")
    assert (opt(surgeon, "resection").rule, opt(surgeon, "staged_resection").rule) == ("RES-9", "STAGED-11")
    assert "FLAG-STAGED-AVAILABLE" not in flag_ids(surgeon)


# --- 6.5 ablation at 5 cm (AMB-21, AMB-54) ---------------------------------------------------------
@pytest.mark.parametrize(
    ("size", "fit", "rule", "status"),
    [
        (4.9, "yes", "ABL-11", "option"),  # ALT: feasible, every lesion < 5 cm
        (5.0, "yes", "ABL-4", "not_indicated"),  # feasible, a lesion >= 5 cm, no adjunct
        (4.9, "no", "ABL-9", "option"),  # SOLO
        (5.0, "no", "ABL-6", "not_indicated"),  # stand-alone limit
    ],
)
def test_ablation_five_cm(size: float, fit: str, rule: str, status: str) -> None:
    evaluation = ev(lesions=[{"segment": "VI", "size_cm": size, "count": 1}], fit_for_major_surgery=fit)
    assert (opt(evaluation, "ablation").status, opt(evaluation, "ablation").rule) == (status, rule)


def test_ablation_adjunct_has_no_size_limit_on_the_bulk() -> None:
    """ABL-8 (ADJ1): type II with an 8 cm bulk and smaller deposits; ABL-10 (ADJ2) with the staged route."""
    one_stage = ev(lesions=TYPE_II)
    assert (opt(one_stage, "ablation").rule, opt(one_stage, "ablation").role) == ("ABL-8", "adjunct")
    staged = ev(lesions=TYPE_II, flr_pct=20)
    assert (opt(staged, "ablation").rule, opt(staged, "ablation").role) == ("ABL-10", "adjunct")
    all_big = [{"segment": "VII", "size_cm": 8.0, "count": 1}, {"segment": "III", "size_cm": 5.0, "count": 1}]
    none_small = ev(lesions=all_big, flr_pct=20)
    assert opt(none_small, "ablation").rule == "ABL-6"


def test_ablation_unknown_size_is_asked_never_assumed() -> None:
    """AMB-54: any_lt_5 unknown keeps ADJ1/ALT open: the sizes are asked (LESION-3, LESION-5)."""
    lesions = [
        {"segment": "VII", "size_cm": 8.0, "count": 1},
        {"segment": "III", "size_cm": None, "count": 1},
    ]
    evaluation = ev(lesions=lesions, confirmed_type="II")
    ablation = opt(evaluation, "ablation")
    assert (ablation.status, ablation.rule, ablation.missing) == (
        "needs_information",
        "ABL-7",
        ["lesion_sizes"],
    )
    assert evaluation.lesions.largest_ge_5 is True and evaluation.lesions.any_lt_5 is None


# --- 4.2-4.4 LESION / LOBES / PATTERN thresholds (product heuristics, AMB-8) ------------------------
def _lesions(segments: list[str], size: float = 2.0, count: int = 1) -> list[dict[str, Any]]:
    return [{"segment": s, "size_cm": size, "count": count} for s in segments]


@pytest.mark.parametrize(
    ("lesions", "involvement", "used", "rule"),
    [
        (_lesions(["VI"]), 74, "I", "PATTERN-3"),
        (_lesions(["VI"]), 75, "III", "PATTERN-2"),
        (_lesions(["VI", "III"]), 49, "limited_bilobar", "PATTERN-7"),
        (_lesions(["VI", "III"]), 50, "III", "PATTERN-5"),
        # lesion_count > 10: 10 is not, 11 is.
        ([*_lesions(["VI"], count=5), *_lesions(["III"], count=5)], 10, "limited_bilobar", "PATTERN-7"),
        ([*_lesions(["VI"], count=6), *_lesions(["III"], count=5)], 10, "III", "PATTERN-5"),
        # n_segments >= 6: 5 is not, 6 is.
        (_lesions(["II", "III", "V", "VI", "VII"]), 10, "limited_bilobar", "PATTERN-7"),
        (_lesions(["II", "III", "V", "VI", "VII", "VIII"]), 10, "III", "PATTERN-5"),
        # dominant = largest >= 2 x second largest (exactly 2x counts).
        ([{"segment": "VI", "size_cm": 4.0, "count": 1}, *_lesions(["III"])], 10, "II", "PATTERN-6"),
        (
            [{"segment": "VI", "size_cm": 3.9, "count": 1}, *_lesions(["III"])],
            10,
            "limited_bilobar",
            "PATTERN-7",
        ),
        # One lobe (AMB-9); caudate counts in neither lobe (AMB-10, LOBES-1/2).
        (_lesions(["VI", "VII"]), 10, "limited_unilobar", "PATTERN-4"),
        (_lesions(["I", "VI"]), 10, "limited_unilobar", "PATTERN-4"),
        (None, 10, None, "PATTERN-1"),
    ],
)
def test_pattern_thresholds(lesions: Any, involvement: float, used: str | None, rule: str) -> None:
    evaluation = ev(lesions=lesions, hepatic_involvement_pct=involvement)
    assert (evaluation.frilling_type.used, evaluation.frilling_type.suggested_rule) == (used, rule)


def test_involvement_unknown_is_skipped_and_flagged() -> None:
    """AMB-11: PATTERN-2 and the involvement test of PATTERN-5 are skipped, FLAG-TYPE-NO-INVOLVEMENT."""
    evaluation = ev(hepatic_involvement_pct=None)
    assert (evaluation.frilling_type.used, evaluation.frilling_type.suggested_rule) == ("I", "PATTERN-3")
    assert {"FLAG-TYPE-NO-INVOLVEMENT", "FLAG-TYPE-SUGGESTED"} <= flag_ids(evaluation)
    assert "FLAG-CAUDATE" in flag_ids(ev(lesions=_lesions(["I", "VI"])))


def test_confirmed_type_wins_and_the_override_is_flagged() -> None:
    """PATTERN-0, FLAG-TYPE-OVERRIDE; LOBES-4 for a confirmed type without lesions (AMB-55)."""
    evaluation = ev(confirmed_type="II")
    assert (evaluation.frilling_type.used, evaluation.frilling_type.column) == ("II", "B")
    assert "FLAG-TYPE-OVERRIDE" in flag_ids(evaluation)
    assert "FLAG-TYPE-SUGGESTED" not in flag_ids(evaluation)
    no_lesions = ev(lesions=None, confirmed_type="limited_bilobar")
    assert no_lesions.lesions.bilobar is True


def test_pattern_8_names_the_blocking_lesion_fields() -> None:
    lesions = [
        {"segment": "VI", "size_cm": None, "count": 2},
        {"segment": "III", "size_cm": 2.0, "count": None},
    ]
    evaluation = ev(lesions=lesions)
    assert evaluation.frilling_type.suggested_rule == "PATTERN-8"
    assert evaluation.frilling_type.missing == ["lesion_counts", "lesion_sizes"]


# --- 4.5 PORTAL-1..4 (AMB-27, AMB-28) ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("site", "rule", "result"),
    [
        ("stomach", "PORTAL-1", "met"),
        ("appendix", "PORTAL-1", "met"),
        ("rectum", "PORTAL-2", "not_met"),
        ("other", "PORTAL-2", "not_met"),
        ("unknown_primary", "PORTAL-3", "not_met"),
        ("unknown", "PORTAL-4", "unknown"),
    ],
)
def test_portal_rows(site: str, rule: str, result: str) -> None:
    evaluation = ev(primary_site=site)
    assert evaluation.portal_drainage == result
    assert rule in evaluation.fired_rules


# --- section 8: FLAG-PS-POOR at ECOG 3 (AMB-61), attached to offered non-surgical options ----------
def test_ps_poor_threshold_and_attachment() -> None:
    assert "FLAG-PS-POOR" not in flag_ids(ev(lesions=TYPE_III, ecog=2))
    evaluation = ev(lesions=TYPE_III, ecog=3)
    assert "FLAG-PS-POOR" in flag_ids(evaluation)
    for option in evaluation.options:
        attached = "FLAG-PS-POOR" in option.flags
        offered = option.status in ("recommended", "option")
        surgical = option.modality in (
            "resection",
            "staged_resection",
            "simultaneous_resection",
            "debulking",
            "transplant",
        )
        assert attached == (offered and not surgical), option.modality
    # FLAG-ECOG: ECOG recorded, fitness unknown (AMB-33): ECOG decides nothing.
    unfit_unknown = ev(ecog=4, fit_for_major_surgery="unknown")
    assert "FLAG-ECOG" in flag_ids(unfit_unknown)
    assert opt(unfit_unknown, "resection").missing == ["fit_for_major_surgery"]


# --- ROLE-1, TIER-1 (9.1), ORDER-1, NEEDS-ORDER from the catalogue's text ----------------------------
def _tier_table() -> dict[str, str]:
    section = CATALOGUE.split("### 9.1", 1)[1].split("## 10.", 1)[0]
    tiers: dict[str, str] = {}
    for modalities, tier in re.findall(r"^\| ([a-z_, ]+) \| ([ABC]) \|", section, flags=re.M):
        for modality in modalities.split(", "):
            tiers[modality] = tier
    return tiers


def test_tier_1_matches_the_catalogue_table_and_every_result_carries_it() -> None:
    tiers = _tier_table()
    expected = {("radioembolization" if m == "radioembolization" else m): t for m, t in tiers.items()}
    assert len(expected) == 16
    assert dict(EVIDENCE_TIERS) == expected
    for option in ev().options:
        assert option.evidence_tier == expected[option.modality]


@pytest.mark.parametrize(
    ("overrides", "modality", "rule", "role"),
    [
        ({}, "resection", "RES-7", "curative_surgery"),
        ({"lesions": TYPE_II}, "ablation", "ABL-8", "adjunct"),
        ({"lesions": TYPE_II, "flr_pct": 20}, "ablation", "ABL-10", "adjunct"),
        ({}, "ablation", "ABL-11", "liver_directed"),
        ({"fit_for_major_surgery": "no"}, "ablation", "ABL-9", "liver_directed"),
        ({"lesions": TYPE_III}, "prrt", "PRRT-8", "liver_directed"),
        ({"lesions": TYPE_III}, "ssa", "SSA-6", "systemic"),
        ({"functional_syndrome": "yes", "syndrome_refractory": "no"}, "ssa", "SSA-5", "symptom_control"),
        (
            {"lesions": TYPE_II, "flr_pct": 20, "functional_syndrome": "yes", "syndrome_refractory": "yes"},
            "debulking",
            "DEB-9",
            "symptom_control",
        ),
        ({"lesions": TYPE_III, "hepatic_involvement_pct": 30}, "transplant", "OLT-7", "curative_surgery"),
        ({"lesions": TYPE_III, "primary_site": "pancreas"}, "everolimus", "EVE-7", "systemic"),
    ],
)
def test_role_1(overrides: dict[str, Any], modality: str, rule: str, role: str) -> None:
    result = opt(ev(**overrides), modality)
    assert (result.rule, result.role) == (rule, role)


def test_order_1_status_groups_then_surgical_liver_directed_systemic() -> None:
    order_text = CATALOGUE.split("- ORDER-1 (rev 2) Display order:", 1)[1].split("Source", 1)[0]
    groups = re.findall(
        r"recommended, option, needs_information, contraindicated,\s+not_indicated", order_text
    )
    assert groups, "ORDER-1's status groups as printed"
    assert ORDER_WITHIN_STATUS[:5] == (
        "resection",
        "staged_resection",
        "simultaneous_resection",
        "transplant",
        "debulking",
    )
    evaluation = ev(
        lesions=TYPE_II, flr_pct=20, differentiation="unknown", ki67_pct=None, grade_reported="G2"
    )
    shown = [(o.status, o.modality) for o in evaluation.display_order()]
    status_rank = {
        "recommended": 0,
        "option": 1,
        "needs_information": 2,
        "contraindicated": 3,
        "not_indicated": 4,
    }
    keys = [(status_rank[s], ORDER_WITHIN_STATUS.index(m)) for s, m in shown]
    assert keys == sorted(keys)
    assert shown[0] == ("recommended", "staged_resection")


_NEEDS_WORDS = {
    "liver lesions": "lesions",
    "lesion segments": "lesion_segments",
    "lesion count": "lesion_counts",
    "lesion sizes": "lesion_sizes",
}


def _needs_order_from_catalogue() -> list[str]:
    text = CATALOGUE.split("- NEEDS-ORDER (rev 2)", 1)[1].split("Source order", 1)[0]
    text = re.sub(r"\s+", " ", text)
    facts: list[str] = []
    for group in re.findall(r"\(\d\) [a-z ,]+: ([^;.]+)", text):
        for word in group.split(", "):
            word = word.strip()
            facts.append(_NEEDS_WORDS.get(word, word))
    return facts


def test_needs_order_is_the_catalogue_order() -> None:
    from_text = _needs_order_from_catalogue()
    assert len(from_text) == 30
    assert list(NEEDS_ORDER[: len(from_text)]) == from_text


def test_a_case_with_nothing_recorded_lists_needs_in_needs_order() -> None:
    evaluation = evaluate(Case())
    order = _needs_order_from_catalogue()
    needs = evaluation.needs_information
    assert needs[:2] == ["differentiation", "ki67_pct"]
    known = [f for f in needs if f in order]
    assert known == sorted(known, key=order.index)
    assert not [o for o in evaluation.options if o.status in ("recommended", "option")]


def test_g3_status_summary_6_17() -> None:
    """6.17 for G3 NET, column B (type II) with FLR < 30 % and a functional syndrome."""
    evaluation = ev(
        ki67_pct=30,
        lesions=TYPE_II,
        flr_pct=20,
        functional_syndrome="yes",
        syndrome_refractory="yes",
        syndrome_type="other",
        fdg_pet="positive",
    )
    expected = {
        "resection": "contraindicated",  # RES-5 fires first; RES-8 would give option with FLR >= 30
        "staged_resection": "option",
        "simultaneous_resection": "not_indicated",
        "debulking": "not_indicated",
        "ablation": "not_indicated",
        "tae": "not_indicated",
        "tace": "not_indicated",
        "radioembolization": "not_indicated",
        "prrt": "option",
        "transplant": "contraindicated",
        "ssa": "option",
        "everolimus": "not_indicated",
        "sunitinib": "not_indicated",
        "chemotherapy": "option",
        "interferon": "not_indicated",
        "immunotherapy": "not_indicated",
    }
    assert {o.modality: o.status for o in evaluation.options} == expected
    assert "ALPPS excluded" in " ".join(r.text for r in opt(evaluation, "staged_resection").reasons)


def test_limited_bilobar_column_a_everolimus_only_without_a_surgical_route() -> None:
    """EVE-3 / EVE-8 (rev 2, AMB-16)."""
    route = ev(lesions=LIMITED_BILOBAR, primary_site="pancreas")
    assert opt(route, "everolimus").rule == "EVE-3"
    no_route = ev(lesions=LIMITED_BILOBAR, primary_site="pancreas", fit_for_major_surgery="no")
    assert (opt(no_route, "everolimus").status, opt(no_route, "everolimus").rule) == ("option", "EVE-8")
    assert (opt(no_route, "sunitinib").status, opt(no_route, "sunitinib").rule) == ("option", "SUN-8")
