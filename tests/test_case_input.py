"""Case input: unknown is a value, unambiguous spellings are accepted, ambiguous ones are refused."""

from __future__ import annotations

from typing import Any

import pytest

from nelm_desktop.core.loading import CaseInputError, case_from_data
from nelm_desktop.core.model import Case


def test_a_new_case_is_all_unknown() -> None:
    case = Case()
    assert case.differentiation == "unknown" and case.ki67_pct is None and case.lesions is None
    assert case.confirmed_type == "none" and case.fit_for_major_surgery == "unknown"


@pytest.mark.parametrize(
    ("field", "given", "stored"),
    [
        ("fit_for_major_surgery", True, "yes"),
        ("fit_for_major_surgery", "No", "no"),
        ("fit_for_major_surgery", None, "unknown"),
        ("ki67_pct", "unknown", None),
        ("ki67_pct", "2.5", 2.5),
        ("sex", "F", "female"),
        ("differentiation", "Well differentiated", "well"),
        ("differentiation", "poorly_differentiated", "poorly"),
        ("primary_site", "Small bowel", "small_intestine"),
        ("primary_site", "unknown primary", "unknown_primary"),
        ("extrahepatic_disease", "no", "none"),
        ("extrahepatic_disease", False, "none"),
        ("sstr_imaging", "pos", "positive"),
        ("fdg_pet", "negative", "negative"),
        ("fdg_pet", "Done", "done_result_unknown"),  # the v1 value keeps its meaning (MIG-1)
        ("fdg_pet", False, "not_done"),
        ("grade_reported", "g3", "G3"),
        ("grade_reported", "nec", "NEC"),
        ("surgeon_assessment", None, "not_assessed"),
        ("surgeon_assessment", "unknown", "not_assessed"),
        ("surgeon_assessment", "Two-stage only", "two_stage_only"),
        ("syndrome_type", "Insulinoma", "insulinoma"),
        ("confirmed_type", "Type 2", "II"),
        ("confirmed_type", "limited bilobar", "limited_bilobar"),
        ("confirmed_type", None, "none"),
    ],
)
def test_spellings(field: str, given: Any, stored: Any) -> None:
    assert getattr(case_from_data({field: given}), field) == stored


@pytest.mark.parametrize(
    ("given", "segment"),
    [
        (6, "VI"),
        ("6", "VI"),
        ("S6", "VI"),
        ("Segment VIII", "VIII"),
        ("IVb", "IVb"),
        ("4a", "IVa"),
        ("S4", "IV"),
        ("i", "I"),
    ],
)
def test_segment_spellings(given: Any, segment: str) -> None:
    assert case_from_data({"lesions": [{"segment": given}]}).lesions[0].segment == segment


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"extrahepatic_disease": "yes"}, "extrahepatic_disease: must be one of"),  # resectable or not?
        ({"confirmed_type": "IV"}, "confirmed_type: must be one of"),
        ({"lesions": [{"segment": "IX"}]}, "lesions.0.segment: must be one of"),
        ({"ki67_pct": 140}, "ki67_pct: must be at most 100"),
        ({"ki67_pct": True}, "ki67_pct:"),
        ({"lesions": [{"segment": "V", "size_cm": 0}]}, "lesions.0.size_cm: must be greater than 0"),
        ({"lesions": [{"segment": "V", "count": 0}]}, "lesions.0.count: must be at least 1"),
        ({"ecog": 5}, "ecog: must be at most 4"),
        ({"nonsense_field": 1}, "nonsense_field: is not a field of the case model"),
        # NaN and Infinity (JSON files written by other tools): never "must be at most 100 (got NaN)"
        # nor pydantic's own "Input should be a finite number".
        ({"ki67_pct": float("nan")}, "ki67_pct: must be a finite number (got NaN)"),
        ({"ecog": float("inf")}, "ecog: must be a finite number (got Infinity)"),
        ({"age_years": float("-inf")}, "age_years: must be a finite number (got -Infinity)"),
        ({"lesions": [{"segment": "V", "size_cm": float("inf")}]}, "lesions.0.size_cm: must be a finite"),
    ],
)
def test_refused_with_a_line_naming_the_field(data: dict[str, Any], problem: str) -> None:
    with pytest.raises(CaseInputError) as caught:
        case_from_data(data)
    assert any(line.startswith(problem) for line in caught.value.problems), caught.value.problems


def test_store_envelope_and_facts_wrapper_are_accepted() -> None:
    assert case_from_data({"case": {"ki67_pct": 3}}).ki67_pct == 3
    assert case_from_data({"facts": {"ki67_pct": 4}}).ki67_pct == 4
