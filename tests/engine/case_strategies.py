"""Hypothesis strategies: any valid case, with boundary values of the catalogue's thresholds."""

from __future__ import annotations

from typing import Any, get_args

from hypothesis import strategies as st

from nelm_desktop.core.model import SEGMENTS, Case, PrimarySite

YES_NO = st.sampled_from(["yes", "no", "unknown"])


def _number(boundaries: list[float], low: float, high: float) -> st.SearchStrategy[float | None]:
    return st.one_of(st.none(), st.sampled_from(boundaries), st.floats(low, high, allow_nan=False))


lesion = st.fixed_dictionaries(
    {
        "segment": st.one_of(st.none(), st.sampled_from(SEGMENTS)),
        "size_cm": _number([0.5, 4.9, 5.0, 5.1, 10.0], 0.1, 30),
        "count": st.one_of(st.none(), st.integers(1, 12)),
    }
)

FACTS: dict[str, st.SearchStrategy[Any]] = {
    "age_years": st.one_of(st.none(), st.sampled_from([44, 45, 46, 54, 55]), st.integers(0, 120)),
    "differentiation": st.sampled_from(["well", "poorly", "unknown"]),
    "ki67_pct": _number([0, 2, 2.5, 3, 10, 11, 20, 21], 0, 100),
    "ki67_liver_pct": _number([2, 3, 20, 21], 0, 100),
    "grade_reported": st.sampled_from(["G1", "G2", "G3", "NEC", "unknown"]),
    "primary_site": st.sampled_from(get_args(PrimarySite)),
    "primary_resected": YES_NO,
    "primary_resectable": YES_NO,
    "months_since_primary_resection": _number([5, 6], 0, 240),
    "functional_syndrome": YES_NO,
    "syndrome_refractory": YES_NO,
    "syndrome_type": st.sampled_from(
        ["carcinoid", "insulinoma", "gastrinoma", "glucagonoma", "vipoma", "other", "unknown"]
    ),
    "tumour_burden_symptoms": YES_NO,
    "lesions": st.one_of(st.none(), st.lists(lesion, max_size=6)),
    "hepatic_involvement_pct": _number([49, 50, 74, 75], 0, 100),
    "flr_pct": _number([29.9, 30], 0, 100),
    "surgeon_assessment": st.sampled_from(["one_stage", "two_stage_only", "unresectable", "not_assessed"]),
    "lesion_near_hilum": YES_NO,
    "superficial_lesion": YES_NO,
    "hepatomegaly": YES_NO,
    "confirmed_type": st.sampled_from(["none", "I", "limited_unilobar", "limited_bilobar", "II", "III"]),
    "extrahepatic_disease": st.sampled_from(["none", "resectable", "unresectable", "unknown"]),
    "sstr_imaging": st.sampled_from(["positive", "negative", "not_done", "unknown"]),
    "fdg_pet": st.sampled_from(["positive", "negative", "done_result_unknown", "not_done", "unknown"]),
    "renal_function_adequate": YES_NO,
    "marrow_reserve_adequate": YES_NO,
    "bilirubin_normal": YES_NO,
    "portal_vein_thrombosis": YES_NO,
    "hepatic_insufficiency": YES_NO,
    "ecog": st.one_of(st.none(), st.integers(0, 4)),
    "fit_for_major_surgery": YES_NO,
    "bilioenteric_anastomosis": YES_NO,
    "prior_whipple": YES_NO,
    "months_stable_or_response": _number([5, 6], 0, 120),
    "recurrence_after_liver_resection": YES_NO,
    "olt_concurrent_resection": YES_NO,
}

cases = st.fixed_dictionaries(FACTS).map(lambda facts: Case(case_id="prop", **facts))

UNKNOWN_VALUE: dict[str, Any] = {
    name: None
    if name
    in {
        "age_years",
        "ki67_pct",
        "ki67_liver_pct",
        "months_since_primary_resection",
        "lesions",
        "hepatic_involvement_pct",
        "flr_pct",
        "ecog",
        "months_stable_or_response",
    }
    else "none"
    if name == "confirmed_type"
    else "not_assessed"
    if name == "surgeon_assessment"
    else "unknown"
    for name in FACTS
}
