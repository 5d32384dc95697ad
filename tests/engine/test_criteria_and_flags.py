"""Transplant criteria (review2023 Table 2; MILAN/ENETS/UNOS items, TXV verdicts), ELTR factors and the
flags of section 8 with their one trigger each."""

from __future__ import annotations

from typing import Any

import pytest
from engine_cases import SOLITARY, TYPE_II, TYPE_III, ev, flag_ids


def item(evaluation: Any, set_key: str, item_id: str) -> Any:
    return next(i for i in evaluation.transplant_criteria[set_key].items if i.id == item_id)


@pytest.mark.parametrize(
    ("overrides", "set_key", "item_id", "result"),
    [
        ({"age_years": 54}, "milan", "MILAN-1", "met"),
        ({"age_years": 55}, "milan", "MILAN-1", "not_met"),
        ({"age_years": None}, "unos", "UNOS-1", "unknown"),
        ({"ki67_pct": 25}, "milan", "MILAN-2", "not_met"),
        ({"ki67_pct": None}, "milan", "MILAN-2", "unknown"),
        ({}, "milan", "MILAN-3", "met"),
        ({"primary_site": "rectum"}, "milan", "MILAN-3", "not_met"),
        ({"extrahepatic_disease": "resectable"}, "milan", "MILAN-3", "not_met"),
        ({"primary_resected": "unknown"}, "milan", "MILAN-3", "unknown"),
        ({"hepatic_involvement_pct": 49}, "milan", "MILAN-4", "met"),
        ({"hepatic_involvement_pct": 50}, "milan", "MILAN-4", "not_met"),
        ({"months_stable_or_response": 6}, "milan", "MILAN-5", "met"),
        ({"months_stable_or_response": 5}, "milan", "MILAN-5", "not_met"),
        ({"ki67_pct": 10}, "enets", "ENETS-2", "met"),
        ({"ki67_pct": 11}, "enets", "ENETS-2", "not_met"),
        ({"differentiation": "unknown", "ki67_pct": 12}, "enets", "ENETS-2", "not_met"),
        ({"hepatic_involvement_pct": 49}, "enets", "ENETS-3", "met"),
        (
            {"hepatic_involvement_pct": 74, "functional_syndrome": "yes", "syndrome_refractory": "yes"},
            "enets",
            "ENETS-3",
            "met",
        ),
        (
            {"hepatic_involvement_pct": 75, "functional_syndrome": "yes", "syndrome_refractory": "yes"},
            "enets",
            "ENETS-3",
            "not_met",
        ),
        ({"hepatic_involvement_pct": 50, "functional_syndrome": "no"}, "enets", "ENETS-3", "not_met"),
        (
            {"hepatic_involvement_pct": 60, "functional_syndrome": "yes", "syndrome_refractory": "unknown"},
            "enets",
            "ENETS-3",
            "unknown",
        ),
        ({"months_since_primary_resection": 6}, "enets", "ENETS-4", "met"),
        ({"months_since_primary_resection": 5}, "enets", "ENETS-4", "not_met"),
        ({"primary_site": "unknown_primary"}, "enets", "ENETS-4", "not_met"),
        ({"months_since_primary_resection": None}, "enets", "ENETS-4", "unknown"),
        ({"months_stable_or_response": 5}, "enets", "ENETS-5", "not_met"),
        ({}, "enets", "ENETS-6", "met"),
        ({"sstr_imaging": "not_done", "fdg_pet": "not_done"}, "enets", "ENETS-6", "unknown"),
        ({"extrahepatic_disease": "unresectable"}, "enets", "ENETS-6", "not_met"),
        ({"bilirubin_normal": "no"}, "enets", "ENETS-7", "not_met"),
        ({"primary_site": "unknown_primary"}, "unos", "UNOS-2", "not_met"),
        ({"primary_site": "unknown"}, "unos", "UNOS-2", "unknown"),
        ({"hepatic_involvement_pct": 50}, "unos", "UNOS-3", "not_met"),
        ({"primary_resected": "no"}, "unos", "UNOS-4", "not_met"),
        ({"months_stable_or_response": None}, "unos", "UNOS-5", "unknown"),
        ({"extrahepatic_disease": "resectable"}, "unos", "UNOS-6", "not_met"),
        ({"lesions": SOLITARY}, "unos", "UNOS-7", "not_met"),
        ({"lesions": TYPE_III}, "unos", "UNOS-7", "met"),
        ({"lesions": None}, "unos", "UNOS-7", "unknown"),
        ({"lesions": TYPE_III}, "unos", "UNOS-8", "met"),
        ({"lesions": TYPE_II, "flr_pct": 24}, "unos", "UNOS-8", "not_met"),  # AMB-51: staged route exists
        ({"lesions": TYPE_II, "flr_pct": None}, "unos", "UNOS-8", "unknown"),
    ],
)
def test_criterion_item(overrides: dict[str, Any], set_key: str, item_id: str, result: str) -> None:
    found = item(ev(**overrides), set_key, item_id)
    assert found.result == result
    assert bool(found.missing) == (result == "unknown")


def test_verdicts() -> None:
    evaluation = ev(lesions=TYPE_III)
    assert {k: v.verdict for k, v in evaluation.transplant_criteria.items()} == {
        "milan": "met",
        "enets": "met",
        "unos": "met",
    }
    incomplete = ev(lesions=TYPE_III, age_years=None).transplant_criteria["milan"]
    assert incomplete.verdict == "incomplete"
    assert ev(lesions=TYPE_III, age_years=60).transplant_criteria["enets"].verdict == "not_met"


def test_unos_has_no_grade_item_so_g3_can_meet_it_but_transplant_stays_contraindicated() -> None:
    evaluation = ev(lesions=TYPE_III, ki67_pct=25)
    assert evaluation.transplant_criteria["unos"].verdict == "met"  # AMB-30
    assert evaluation.option("transplant").rule == "OLT-2"


def test_eltr_factors_when_transplant_is_offered() -> None:
    evaluation = ev(lesions=TYPE_III, age_years=46, hepatomegaly="yes", olt_concurrent_resection="yes")
    assert evaluation.option("transplant").status == "option"
    assert {f.id for f in evaluation.eltr_factors} == {
        "FLAG-ELTR-AGE",
        "FLAG-ELTR-HEPATOMEGALY",
        "FLAG-ELTR-CONCURRENT",
    }
    assert "FLAG-ELTR-AGE" not in flag_ids(ev(lesions=TYPE_III, age_years=45))


def test_olt_time_flag_when_only_time_items_fail() -> None:
    evaluation = ev(lesions=TYPE_III, months_stable_or_response=3)
    flag = next(f for f in evaluation.flags if f.id == "FLAG-OLT-TIME")
    assert "Milan" in flag.text and "ENETS" in flag.text and "UNOS" in flag.text
    assert "FLAG-OLT-TIME" not in flag_ids(ev(lesions=TYPE_III, months_stable_or_response=3, age_years=60))


@pytest.mark.parametrize(
    ("overrides", "flag", "raised"),
    [
        ({"ecog": 1, "fit_for_major_surgery": "unknown"}, "FLAG-ECOG", True),
        ({"ecog": 1}, "FLAG-ECOG", False),
        ({"lesions": TYPE_II, "flr_pct": 24}, "FLAG-DOWNSTAGING", True),
        ({"lesions": TYPE_II, "flr_pct": 24}, "FLAG-STAGED-AVAILABLE", True),
        ({"lesions": TYPE_II, "flr_pct": 24}, "FLAG-STAGED-BIOPSY", True),
        ({"lesions": TYPE_II, "flr_pct": 24}, "FLAG-PRRT-BULKY", True),
        ({"lesions": TYPE_II, "flr_pct": 40}, "FLAG-PRRT-BULKY", False),
        ({"fit_for_major_surgery": "no", "extrahepatic_disease": "unresectable"}, "FLAG-IA-EHD", True),
        ({"fit_for_major_surgery": "no"}, "FLAG-IA-EHD", False),
        ({"primary_resected": "no", "primary_site": "unknown_primary"}, "FLAG-PRIMARY-IN-PLACE", False),
        ({"fit_for_major_surgery": "unknown"}, "FLAG-RES-UNDET", True),
        ({}, "FLAG-MDT", True),
        ({"lesions": TYPE_III}, "FLAG-OLT-SELECTION", True),
        # FLAG-OLT-KI67 is retired (rev 2): the figures are in the evidence list (EV-OLT-2)
        ({"lesions": TYPE_III}, "FLAG-OLT-KI67", False),
        (
            {"lesions": [{"segment": "VI", "size_cm": 6, "count": 1}], "fit_for_major_surgery": "no"},
            "FLAG-ABL-5CM",
            True,
        ),
        (
            {"lesions": TYPE_II, "flr_pct": 24, "functional_syndrome": "yes", "syndrome_refractory": "yes"},
            "FLAG-DEB-TARGET",
            True,
        ),
    ],
)
def test_flag_trigger(overrides: dict[str, Any], flag: str, raised: bool) -> None:
    assert (flag in flag_ids(ev(**overrides))) is raised


def test_conditional_option_when_only_fitness_is_missing() -> None:
    evaluation = ev(fit_for_major_surgery="unknown")
    resection = evaluation.option("resection")
    assert resection.status == "needs_information" and resection.missing == ["fit_for_major_surgery"]
    tae = evaluation.option("tae")
    assert (tae.status, tae.conditional) == ("option", True)
    assert tae.reasons[0].text.startswith("If resection is not feasible:")
    assert tae.missing == []  # listed once, on the resection result (EVAL-4)


def test_unfit_without_lesions_is_offered_feas_rows_but_asked_for_lesions_by_col_rows() -> None:
    evaluation = ev(fit_for_major_surgery="no", lesions=None, primary_site="pancreas")  # EVAL-3, AMB-53
    statuses = evaluation.statuses()
    for modality in ("tae", "tace", "radioembolization", "ssa", "prrt"):
        assert statuses[modality] == "option", modality
    for modality in ("ablation", "everolimus", "sunitinib"):
        assert statuses[modality] == "needs_information", modality
        assert "lesions" in evaluation.option(modality).missing
