"""CLINICAL-RULES 7.1 item by item, one case per cell of the item table (met / not_met / unknown) with the
boundary values the catalogue names (AMB-12: 54 met, 55 not met; 49 / 50; Ki-67 10 met; 6 months), and
the missing facts each unknown item names. 7.2 verdicts (TXV-1..3), 7.4 ELTR flags and FLAG-OLT-TIME.

Baseline (tests/engine/engine_cases.BASE): G1 small-intestinal NET, primary resected 12 months ago,
solitary lesion, everything recorded; every item of Milan and ENETS is met there.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.clinical.clinical_cases import LIMITED_BILOBAR, TYPE_II, ev, flag_ids, item

# (item id, set, overrides, expected result, expected missing facts)
CELLS: list[tuple[str, str, dict[str, Any], str, list[str]]] = [
    # MILAN-1 "Age <55 years"
    ("MILAN-1", "milan", {"age_years": 54}, "met", []),
    ("MILAN-1", "milan", {"age_years": 55}, "not_met", []),
    ("MILAN-1", "milan", {"age_years": None}, "unknown", ["age_years"]),
    # MILAN-2 "Confirmed histology of low-grade neuroendocrine tumors (G1/G2)"
    ("MILAN-2", "milan", {"ki67_pct": 20}, "met", []),
    ("MILAN-2", "milan", {"ki67_pct": 21}, "not_met", []),
    ("MILAN-2", "milan", {"differentiation": "poorly"}, "not_met", []),
    ("MILAN-2", "milan", {"differentiation": "unknown"}, "unknown", ["differentiation"]),
    ("MILAN-2", "milan", {"ki67_pct": None}, "unknown", ["ki67_pct"]),
    # MILAN-3 portal drainage AND primary removed AND all extrahepatic deposits removed (AMB-29)
    ("MILAN-3", "milan", {}, "met", []),
    ("MILAN-3", "milan", {"primary_site": "rectum"}, "not_met", []),
    ("MILAN-3", "milan", {"primary_site": "unknown_primary"}, "not_met", []),
    ("MILAN-3", "milan", {"primary_resected": "no"}, "not_met", []),
    ("MILAN-3", "milan", {"extrahepatic_disease": "resectable"}, "not_met", []),
    ("MILAN-3", "milan", {"primary_site": "unknown"}, "unknown", ["primary_site"]),
    ("MILAN-3", "milan", {"primary_resected": "unknown"}, "unknown", ["primary_resected"]),
    (
        "MILAN-3",
        "milan",
        {"primary_resected": "unknown", "extrahepatic_disease": "unknown"},
        "unknown",
        ["primary_resected", "extrahepatic_disease"],
    ),
    # MILAN-4 "Involvement of <50% hepatic parenchyma"
    ("MILAN-4", "milan", {"hepatic_involvement_pct": 49}, "met", []),
    ("MILAN-4", "milan", {"hepatic_involvement_pct": 50}, "not_met", []),
    ("MILAN-4", "milan", {"hepatic_involvement_pct": None}, "unknown", ["hepatic_involvement_pct"]),
    # MILAN-5 "(at least 6 months)"
    ("MILAN-5", "milan", {"months_stable_or_response": 6}, "met", []),
    ("MILAN-5", "milan", {"months_stable_or_response": 5.9}, "not_met", []),
    ("MILAN-5", "milan", {"months_stable_or_response": None}, "unknown", ["months_stable_or_response"]),
    # ENETS-1 "Young patients (<55 years)"
    ("ENETS-1", "enets", {"age_years": 54}, "met", []),
    ("ENETS-1", "enets", {"age_years": 55}, "not_met", []),
    ("ENETS-1", "enets", {"age_years": None}, "unknown", ["age_years"]),
    # ENETS-2 "Well-differentiated NEN (G1/G2) with Ki67 proliferation index ≤10%" (GRADE-0, rev 2)
    ("ENETS-2", "enets", {"ki67_pct": 10}, "met", []),
    ("ENETS-2", "enets", {"ki67_pct": 10.1}, "not_met", []),
    ("ENETS-2", "enets", {"differentiation": "poorly"}, "not_met", []),
    ("ENETS-2", "enets", {"differentiation": "unknown"}, "unknown", ["differentiation"]),
    ("ENETS-2", "enets", {"ki67_pct": None}, "unknown", ["ki67_pct"]),
    # GRADE-0: differentiation_eff from the reported grade, the higher of the two Ki-67 values.
    ("ENETS-2", "enets", {"differentiation": "unknown", "grade_reported": "G1"}, "met", []),
    ("ENETS-2", "enets", {"differentiation": "unknown", "grade_reported": "NEC"}, "not_met", []),
    ("ENETS-2", "enets", {"ki67_pct": 5, "ki67_liver_pct": 15}, "not_met", []),
    ("ENETS-2", "enets", {"ki67_pct": None, "ki67_liver_pct": 8}, "met", []),
    # AMB-59: a reported grade never stands for a Ki-67 value.
    ("ENETS-2", "enets", {"ki67_pct": None, "grade_reported": "G1"}, "unknown", ["ki67_pct"]),
    # ENETS-3 "<50% ... or <75% in cases with refractory hormonal symptoms"
    ("ENETS-3", "enets", {"hepatic_involvement_pct": 49}, "met", []),
    (
        "ENETS-3",
        "enets",
        {"hepatic_involvement_pct": 74, "functional_syndrome": "yes", "syndrome_refractory": "yes"},
        "met",
        [],
    ),
    (
        "ENETS-3",
        "enets",
        {"hepatic_involvement_pct": 75, "functional_syndrome": "yes", "syndrome_refractory": "yes"},
        "not_met",
        [],
    ),
    ("ENETS-3", "enets", {"hepatic_involvement_pct": 50}, "not_met", []),  # functional_syndrome = no
    (
        "ENETS-3",
        "enets",
        {"hepatic_involvement_pct": 60, "functional_syndrome": "yes", "syndrome_refractory": "no"},
        "not_met",
        [],
    ),
    ("ENETS-3", "enets", {"hepatic_involvement_pct": None}, "unknown", ["hepatic_involvement_pct"]),
    (
        "ENETS-3",
        "enets",
        {"hepatic_involvement_pct": 60, "functional_syndrome": "yes", "syndrome_refractory": "unknown"},
        "unknown",
        ["syndrome_refractory"],
    ),
    # Only the fact still missing is named: refractory already recorded as yes.
    (
        "ENETS-3",
        "enets",
        {"hepatic_involvement_pct": 60, "functional_syndrome": "unknown", "syndrome_refractory": "yes"},
        "unknown",
        ["functional_syndrome"],
    ),
    (
        "ENETS-3",
        "enets",
        {"hepatic_involvement_pct": 60, "functional_syndrome": "unknown", "syndrome_refractory": "unknown"},
        "unknown",
        ["functional_syndrome", "syndrome_refractory"],
    ),
    # ENETS-4 "Primary tumor removed prior to OLT (at least 6 months)"
    ("ENETS-4", "enets", {"months_since_primary_resection": 6}, "met", []),
    ("ENETS-4", "enets", {"months_since_primary_resection": 5}, "not_met", []),
    ("ENETS-4", "enets", {"primary_resected": "no"}, "not_met", []),
    ("ENETS-4", "enets", {"primary_site": "unknown_primary"}, "not_met", []),
    ("ENETS-4", "enets", {"primary_resected": "unknown"}, "unknown", ["primary_resected"]),
    (
        "ENETS-4",
        "enets",
        {"months_since_primary_resection": None},
        "unknown",
        ["months_since_primary_resection"],
    ),
    # ENETS-5 "Stable disease for at least 6 months"
    ("ENETS-5", "enets", {"months_stable_or_response": 6}, "met", []),
    ("ENETS-5", "enets", {"months_stable_or_response": 5}, "not_met", []),
    ("ENETS-5", "enets", {"months_stable_or_response": None}, "unknown", ["months_stable_or_response"]),
    # ENETS-6 "Robust exclusion of extrahepatic disease by optimized staging" (AMB-31, MIG-1)
    ("ENETS-6", "enets", {}, "met", []),
    ("ENETS-6", "enets", {"sstr_imaging": "negative", "fdg_pet": "not_done"}, "met", []),
    ("ENETS-6", "enets", {"sstr_imaging": "not_done", "fdg_pet": "done_result_unknown"}, "met", []),
    ("ENETS-6", "enets", {"extrahepatic_disease": "resectable"}, "not_met", []),
    ("ENETS-6", "enets", {"extrahepatic_disease": "unresectable"}, "not_met", []),
    ("ENETS-6", "enets", {"extrahepatic_disease": "unknown"}, "unknown", ["extrahepatic_disease"]),
    ("ENETS-6", "enets", {"sstr_imaging": "not_done", "fdg_pet": "not_done"}, "unknown", ["sstr_imaging"]),
    # ENETS-7 "Low serum total bilirubin" (AMB-32)
    ("ENETS-7", "enets", {"bilirubin_normal": "yes"}, "met", []),
    ("ENETS-7", "enets", {"bilirubin_normal": "no"}, "not_met", []),
    ("ENETS-7", "enets", {"bilirubin_normal": "unknown"}, "unknown", ["bilirubin_normal"]),
    # UNOS-1..8
    ("UNOS-1", "unos", {"age_years": 54}, "met", []),
    ("UNOS-1", "unos", {"age_years": 55}, "not_met", []),
    ("UNOS-1", "unos", {"age_years": None}, "unknown", ["age_years"]),
    ("UNOS-2", "unos", {"primary_site": "colon"}, "met", []),
    ("UNOS-2", "unos", {"primary_site": "lung"}, "not_met", []),
    ("UNOS-2", "unos", {"primary_site": "unknown_primary"}, "not_met", []),
    ("UNOS-2", "unos", {"primary_site": "unknown"}, "unknown", ["primary_site"]),
    ("UNOS-3", "unos", {"hepatic_involvement_pct": 49}, "met", []),
    ("UNOS-3", "unos", {"hepatic_involvement_pct": 50}, "not_met", []),
    ("UNOS-3", "unos", {"hepatic_involvement_pct": None}, "unknown", ["hepatic_involvement_pct"]),
    ("UNOS-4", "unos", {}, "met", []),
    ("UNOS-4", "unos", {"primary_resected": "no"}, "not_met", []),
    ("UNOS-4", "unos", {"primary_site": "unknown_primary"}, "not_met", []),
    ("UNOS-4", "unos", {"extrahepatic_disease": "unresectable"}, "not_met", []),
    ("UNOS-4", "unos", {"primary_resected": "unknown"}, "unknown", ["primary_resected"]),
    ("UNOS-5", "unos", {"months_stable_or_response": 6}, "met", []),
    ("UNOS-5", "unos", {"months_stable_or_response": 5}, "not_met", []),
    ("UNOS-5", "unos", {"months_stable_or_response": None}, "unknown", ["months_stable_or_response"]),
    ("UNOS-6", "unos", {}, "met", []),
    ("UNOS-6", "unos", {"extrahepatic_disease": "resectable"}, "not_met", []),
    ("UNOS-6", "unos", {"extrahepatic_disease": "unknown"}, "unknown", ["extrahepatic_disease"]),
    ("UNOS-7", "unos", {"lesions": LIMITED_BILOBAR}, "met", []),
    ("UNOS-7", "unos", {}, "not_met", []),  # solitary lesion in VI
    ("UNOS-7", "unos", {"lesions": None, "confirmed_type": "III"}, "unknown", ["lesions"]),  # AMB-55
    ("UNOS-7", "unos", {"lesions": None, "confirmed_type": "II"}, "met", []),  # LOBES-4
    (
        "UNOS-7",
        "unos",
        {
            "lesions": [
                {"segment": "VI", "size_cm": 2, "count": 1},
                {"segment": None, "size_cm": 1, "count": 1},
            ]
        },
        "unknown",
        ["lesion_segments"],
    ),
    # UNOS-8 "not amenable to resection", read through SURG (AMB-51)
    ("UNOS-8", "unos", {"fit_for_major_surgery": "no"}, "met", []),
    ("UNOS-8", "unos", {}, "not_met", []),
    ("UNOS-8", "unos", {"lesions": TYPE_II, "flr_pct": 20}, "not_met", []),  # staged route exists
    ("UNOS-8", "unos", {"flr_pct": None}, "unknown", ["flr_pct"]),
]


@pytest.mark.parametrize(("item_id", "set_key", "overrides", "result", "missing"), CELLS)
def test_item_cell(
    item_id: str, set_key: str, overrides: dict[str, Any], result: str, missing: list[str]
) -> None:
    got_result, got_missing = item(ev(**overrides), set_key, item_id)
    assert got_result == result
    assert got_missing == missing


def test_every_item_of_table_2_has_met_not_met_and_unknown_cells() -> None:
    seen: dict[str, set[str]] = {}
    for item_id, _set, _o, result, _m in CELLS:
        seen.setdefault(item_id, set()).add(result)
    expected = [f"MILAN-{i}" for i in range(1, 6)] + [f"ENETS-{i}" for i in range(1, 8)]
    expected += [f"UNOS-{i}" for i in range(1, 9)]
    assert sorted(seen) == sorted(expected)
    assert all(results == {"met", "not_met", "unknown"} for results in seen.values()), seen


def test_enets_2_shows_the_facts_it_reads_grade_0() -> None:
    """Shown facts = read facts: the liver Ki-67 and the reported grade decide ENETS-2 (GRADE-0)."""
    evaluation = ev(ki67_pct=5, ki67_liver_pct=15)
    found = next(i for i in evaluation.transplant_criteria["enets"].items if i.id == "ENETS-2")
    assert found.facts["ki67_liver_pct"] == 15
    assert found.facts["ki67_pct"] == 5
    assert "grade_reported" in found.facts


# 7.2 verdicts
def test_txv_1_met_txv_2_not_met_txv_3_incomplete() -> None:
    evaluation = ev()
    assert {k: s.verdict for k, s in evaluation.transplant_criteria.items()} == {
        "milan": "met",  # TXV-1
        "enets": "met",
        "unos": "not_met",  # TXV-2: UNOS-7 (solitary) and UNOS-8 (resectable)
    }
    incomplete = ev(age_years=None)
    assert incomplete.transplant_criteria["milan"].verdict == "incomplete"  # TXV-3
    assert {"TXV-1", "TXV-2"} <= set(evaluation.fired_rules)
    assert "TXV-3" in incomplete.fired_rules


def test_txv_not_met_wins_over_unknown() -> None:
    evaluation = ev(age_years=55, hepatic_involvement_pct=None)
    assert evaluation.transplant_criteria["milan"].verdict == "not_met"


def test_criteria_are_shown_for_nec_and_g3_too() -> None:
    """7.2: 'Shown for every case, NEC/G3 included'; AMB-30: a G3 case can meet UNOS."""
    nec = ev(differentiation="poorly", ki67_pct=50)
    assert set(nec.transplant_criteria) == {"milan", "enets", "unos"}
    assert nec.transplant_criteria["milan"].verdict == "not_met"
    g3 = ev(
        ki67_pct=25,
        lesions=LIMITED_BILOBAR,
        fit_for_major_surgery="no",
    )
    assert g3.transplant_criteria["unos"].verdict == "met"
    transplant = next(o for o in g3.options if o.modality == "transplant")
    assert (transplant.status, transplant.rule) == ("contraindicated", "OLT-2")


# 7.4 ELTR flags: "age more than 45 years" (46 flagged, 45 not), hepatomegaly, concurrent resection.
OLT_OPEN = {"lesions": LIMITED_BILOBAR, "fit_for_major_surgery": "yes", "surgeon_assessment": "unresectable"}


@pytest.mark.parametrize(("age", "flagged"), [(45, False), (46, True)])
def test_eltr_age_boundary(age: int, flagged: bool) -> None:
    evaluation = ev(**OLT_OPEN, age_years=age)
    assert next(o for o in evaluation.options if o.modality == "transplant").status == "option"
    assert ("FLAG-ELTR-AGE" in flag_ids(evaluation)) is flagged


def test_eltr_hepatomegaly_and_concurrent_resection_only_while_transplant_is_in_play() -> None:
    shown = ev(**OLT_OPEN, hepatomegaly="yes", olt_concurrent_resection="yes", age_years=40)
    assert {"FLAG-ELTR-HEPATOMEGALY", "FLAG-ELTR-CONCURRENT"} <= flag_ids(shown)
    assert {f.id for f in shown.eltr_factors} == {"FLAG-ELTR-HEPATOMEGALY", "FLAG-ELTR-CONCURRENT"}
    # Transplant not_indicated (a surgical route exists, OLT-3): no ELTR flag.
    hidden = ev(hepatomegaly="yes", olt_concurrent_resection="yes", age_years=50)
    assert not {"FLAG-ELTR-HEPATOMEGALY", "FLAG-ELTR-CONCURRENT", "FLAG-ELTR-AGE"} & flag_ids(hidden)


def test_flag_olt_time_only_when_a_set_fails_on_time_items_alone() -> None:
    """FLAG-OLT-TIME (AMB-48): below 6 months is not_met now, and the flag says it may be met later."""
    time_only = ev(months_stable_or_response=3)
    assert "FLAG-OLT-TIME" in flag_ids(time_only)
    recent = ev(months_since_primary_resection=2)  # ENETS-4 as a time item
    assert "FLAG-OLT-TIME" in flag_ids(recent)
    assert recent.transplant_criteria["enets"].verdict == "not_met"
    mixed = ev(months_stable_or_response=3, age_years=60)
    assert "FLAG-OLT-TIME" not in flag_ids(mixed)
    # ENETS-4 failed because the primary is in place is not a time item.
    in_place = ev(primary_resected="no", months_since_primary_resection=None)
    assert in_place.transplant_criteria["enets"].verdict == "not_met"
    assert "FLAG-OLT-TIME" not in flag_ids(in_place)
