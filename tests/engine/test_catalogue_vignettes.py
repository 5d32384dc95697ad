"""Independent catalogue vignettes: every expectation derived from CLINICAL-RULES.md alone.

Each vignette starts from BASE (a fully recorded, resectable G2 type I case) and overrides some facts. The
expected status and deciding rule id of the targeted modalities, and where the catalogue is specific the flags,
criteria items and missing facts, are written from the catalogue (sections 3-8 and 11), never from the engine.
Test ids carry the catalogue ids they exercise.
"""

from __future__ import annotations

from typing import Any

import pytest

from nelm_desktop.core.engine import evaluate
from nelm_desktop.core.loading import case_from_data

# ---------------------------------------------------------------------------------------------- case set-up

BASE: dict[str, Any] = {
    "age_years": 50,
    "differentiation": "well",
    "ki67_pct": 8,
    "primary_site": "pancreas",
    "primary_resected": "yes",
    "primary_resectable": "yes",  # (rev 2) read only with the primary in place (AMB-58)
    "months_since_primary_resection": 12,
    "functional_syndrome": "no",
    "syndrome_refractory": "unknown",  # read only when functional_syndrome = yes
    "tumour_burden_symptoms": "no",
    "lesions": [{"segment": "VI", "size_cm": 3, "count": 1}],
    "hepatic_involvement_pct": 10,
    "flr_pct": 40,
    "lesion_near_hilum": "no",
    "superficial_lesion": "no",
    "extrahepatic_disease": "none",
    "sstr_imaging": "positive",
    "fdg_pet": "positive",
    "renal_function_adequate": "yes",
    "marrow_reserve_adequate": "yes",
    "bilirubin_normal": "yes",
    "portal_vein_thrombosis": "no",
    "hepatic_insufficiency": "no",
    "bilioenteric_anastomosis": "no",
    "prior_whipple": "no",
    "fit_for_major_surgery": "yes",
    "ecog": 0,
    "months_stable_or_response": 12,
    "recurrence_after_liver_resection": "no",
    "hepatomegaly": "no",
    "olt_concurrent_resection": "no",
    "confirmed_type": "none",
}


def les(*entries: tuple[Any, Any, Any]) -> list[dict[str, Any]]:
    return [{"segment": s, "size_cm": z, "count": c} for s, z, c in entries]


L_I = les(("VI", 3, 1))  # PATTERN-3: type I
L_UNI = les(("VI", 3, 1), ("VII", 2, 1))  # PATTERN-4: limited_unilobar
L_LIMBI = les(("VI", 3, 1), ("III", 2, 1))  # PATTERN-7: 3 < 2 x 2, not dominant
L_II = les(("VII", 7.5, 1), ("III", 2, 1))  # PATTERN-6: dominant bulk >= 5 cm plus a small deposit
L_II_SMALL = les(("VII", 4, 1), ("III", 1.5, 1))  # PATTERN-6, every lesion < 5 cm
L_III_MANY = les(("VI", 1, 6), ("III", 1, 5))  # PATTERN-5: 11 lesions, bilobar

SIXTEEN = (
    "resection",
    "staged_resection",
    "simultaneous_resection",
    "debulking",
    "ablation",
    "tae",
    "tace",
    "radioembolization",
    "prrt",
    "transplant",
    "ssa",
    "everolimus",
    "sunitinib",
    "chemotherapy",
    "interferon",
    "immunotherapy",
)

FEAS_PREFIX = "If resection is not feasible:"
SURG_PREFIX = "If neither resection nor staged resection is feasible:"


def run(facts: dict[str, Any]) -> dict[str, Any]:
    data = dict(BASE)
    data.update(facts)
    return evaluate(case_from_data(data)).to_public_json()


def option(result: dict[str, Any], modality: str) -> dict[str, Any]:
    found = [o for o in result["options"] if o["modality"] == modality]
    assert len(found) == 1, f"{modality}: expected exactly one result, got {len(found)}"
    return found[0]


def criteria_item(result: dict[str, Any], item_id: str) -> dict[str, Any]:
    set_name = item_id.split("-")[0].lower()
    for item in result["transplant_criteria"][set_name]["items"]:
        if item["id"] == item_id:
            return item
    raise AssertionError(f"criteria item {item_id} not shown")


def V(vid: str, **spec: Any) -> Any:
    return pytest.param(spec, id=vid)


# Shared expectations (sections 5, 6.17)

BASE_OPTS = {
    "resection": ("recommended", "RES-7"),
    "staged_resection": ("not_indicated", "STAGED-3"),
    "simultaneous_resection": ("not_indicated", "SIM-5"),
    "debulking": ("not_indicated", "DEB-3"),
    "ablation": ("option", "ABL-11"),  # rev 2: every lesion < 5 cm, resection feasible (ALT)
    "tae": ("not_indicated", "TAE-3"),
    "tace": ("not_indicated", "TACE-3"),
    "radioembolization": ("not_indicated", "RE-3"),
    "prrt": ("not_indicated", "PRRT-1"),
    "transplant": ("not_indicated", "OLT-3"),
    "ssa": ("not_indicated", "SSA-3"),
    "everolimus": ("not_indicated", "EVE-3"),
    "sunitinib": ("not_indicated", "SUN-3"),
    "chemotherapy": ("not_indicated", "CHE-4"),
    "interferon": ("not_indicated", "IFN-3"),
    "immunotherapy": ("not_indicated", "IMM-3"),
}

COL_C_PANCREAS_OPTS = {
    "resection": ("not_indicated", "RES-2"),
    "staged_resection": ("not_indicated", "STAGED-2"),
    "simultaneous_resection": ("not_indicated", "SIM-3"),
    "debulking": ("not_indicated", "DEB-3"),
    "ablation": ("not_indicated", "ABL-3"),
    "tae": ("option", "TAE-7"),
    "tace": ("option", "TACE-7"),
    "radioembolization": ("option", "RE-5"),
    "prrt": ("option", "PRRT-8"),
    "ssa": ("option", "SSA-6"),
    "everolimus": ("option", "EVE-7"),
    "sunitinib": ("option", "SUN-7"),
    "chemotherapy": ("option", "CHE-6"),
    "interferon": ("not_indicated", "IFN-3"),
    "immunotherapy": ("not_indicated", "IMM-3"),
}

NEC_OPTS = {
    "resection": ("contraindicated", "RES-1"),
    "staged_resection": ("contraindicated", "STAGED-1"),
    "simultaneous_resection": ("contraindicated", "SIM-1"),
    "debulking": ("contraindicated", "DEB-1"),
    "ablation": ("not_indicated", "ABL-1"),
    "tae": ("not_indicated", "TAE-1"),
    "tace": ("not_indicated", "TACE-1"),
    "radioembolization": ("not_indicated", "RE-1"),
    "prrt": ("option", "PRRT-6"),
    "transplant": ("contraindicated", "OLT-1"),
    "ssa": ("not_indicated", "SSA-1"),
    "everolimus": ("not_indicated", "EVE-1"),
    "sunitinib": ("not_indicated", "SUN-1"),
    "chemotherapy": ("recommended", "CHE-1"),
    "interferon": ("not_indicated", "IFN-1"),
    "immunotherapy": ("not_indicated", "IMM-1"),
}

G3_COL_A_OPTS = {
    "resection": ("option", "RES-8"),
    "staged_resection": ("not_indicated", "STAGED-3"),
    "simultaneous_resection": ("not_indicated", "SIM-2"),
    "debulking": ("not_indicated", "DEB-2"),
    "ablation": ("not_indicated", "ABL-2"),
    "tae": ("not_indicated", "TAE-2"),
    "tace": ("not_indicated", "TACE-2"),
    "radioembolization": ("not_indicated", "RE-2"),
    "prrt": ("option", "PRRT-6"),
    "transplant": ("contraindicated", "OLT-2"),
    "ssa": ("not_indicated", "SSA-2"),
    "everolimus": ("not_indicated", "EVE-2"),
    "sunitinib": ("not_indicated", "SUN-2"),
    "chemotherapy": ("option", "CHE-2"),
    "interferon": ("not_indicated", "IFN-2"),
    "immunotherapy": ("not_indicated", "IMM-2"),
}

# Unfit patient, single 3 cm lesion, pancreatic primary still in place (RES-3 family).
UNFIT_I_OPTS = {
    "resection": ("contraindicated", "RES-3"),
    "staged_resection": ("not_indicated", "STAGED-3"),  # scope row before STAGED-4 (AMB-13)
    "simultaneous_resection": ("contraindicated", "SIM-6"),
    "debulking": ("not_indicated", "DEB-3"),
    "ablation": ("option", "ABL-9"),
    "tae": ("option", "TAE-7"),
    "tace": ("option", "TACE-7"),
    "radioembolization": ("option", "RE-5"),
    "prrt": ("option", "PRRT-8"),
    "transplant": ("contraindicated", "OLT-4"),
    "ssa": ("option", "SSA-6"),
    "everolimus": ("option", "EVE-8"),  # rev 2, AMB-16: column A without a surgical route
    "sunitinib": ("option", "SUN-8"),
    "chemotherapy": ("option", "CHE-6"),
    "interferon": ("not_indicated", "IFN-3"),
    "immunotherapy": ("not_indicated", "IMM-3"),
}

COND_FEAS = ("tae", "tace", "radioembolization", "prrt", "ssa", "chemotherapy", "ablation")

VIGNETTES = [
    # ------------------------------------------------------------------ section 4.4 / 5: Fig. 2 columns
    V(
        "COLUMN-1_A_PATTERN-3_type_I_baseline_all16",
        facts={},
        grade=("G2", "GRADE-4"),
        ftype=("I", "A"),
        opts=BASE_OPTS,
        flags=["FLAG-TYPE-SUGGESTED", "FLAG-MDT"],
        no_flags=[
            "FLAG-TYPE-NO-INVOLVEMENT",
            "FLAG-TYPE-OVERRIDE",
            "FLAG-ELTR-AGE",
            "FLAG-OLT-KI67",
            "FLAG-PRIMARY-IN-PLACE",
            "FLAG-DOWNSTAGING",
            "FLAG-RES-UNDET",
            "FLAG-ECOG",
        ],
        needs=[],
        verdict={"milan": "met", "enets": "met", "unos": "not_met"},
        crit={"UNOS-7": "not_met", "UNOS-8": "not_met"},
    ),
    V(
        "PATTERN-3_AMB-11_involvement_unknown_FLAG-TYPE-NO-INVOLVEMENT",
        facts={"hepatic_involvement_pct": None},
        ftype=("I", "A"),
        opts={"resection": ("recommended", "RES-7")},
        flags=["FLAG-TYPE-NO-INVOLVEMENT", "FLAG-TYPE-SUGGESTED"],
        crit={"MILAN-4": "unknown", "ENETS-3": "unknown", "UNOS-3": "unknown"},
        crit_missing={"MILAN-4": ["hepatic_involvement_pct"]},
    ),
    V(
        "PATTERN-2_single_lesion_involvement_75_type_III_COLUMN-C_AMB-14",
        facts={"hepatic_involvement_pct": 75},
        ftype=("III", "C"),
        opts={**COL_C_PANCREAS_OPTS, "transplant": ("not_indicated", "OLT-5")},
        no_recommended=True,
        flags=["FLAG-DOWNSTAGING", "FLAG-TYPE-SUGGESTED"],
        no_flags=["FLAG-TYPE-NO-INVOLVEMENT", "FLAG-PRRT-BULKY", "FLAG-ELTR-AGE", "FLAG-OLT-KI67"],
        crit={
            "MILAN-4": "not_met",
            "ENETS-3": "not_met",
            "UNOS-3": "not_met",
            "UNOS-7": "not_met",
            "UNOS-8": "met",
        },
        verdict={"milan": "not_met", "enets": "not_met", "unos": "not_met"},
    ),
    V(
        "PATTERN-2_boundary_involvement_74_stays_type_I",
        facts={"hepatic_involvement_pct": 74},
        ftype=("I", "A"),
        opts={"resection": ("recommended", "RES-7")},
        crit={"MILAN-4": "not_met", "ENETS-3": "not_met"},
    ),
    V(
        "PATTERN-4_limited_unilobar_COLUMN-A_FLAG-TYPE-UNILOBAR_AMB-9",
        facts={"lesions": L_UNI},
        ftype=("limited_unilobar", "A"),
        opts={
            "resection": ("recommended", "RES-7"),
            "staged_resection": ("not_indicated", "STAGED-3"),
            "ablation": ("option", "ABL-11"),  # rev 2: every lesion < 5 cm, resection feasible (ALT)
            "everolimus": ("not_indicated", "EVE-3"),
        },
        flags=["FLAG-TYPE-UNILOBAR"],
        no_flags=["FLAG-CAUDATE"],
        crit={"UNOS-7": "not_met"},
    ),
    V(
        "LOBES-2_AMB-10_caudate_plus_VI_is_unilobar_FLAG-CAUDATE",
        facts={"lesions": les(("I", 2, 1), ("VI", 3, 1))},
        ftype=("limited_unilobar", "A"),
        flags=["FLAG-CAUDATE", "FLAG-TYPE-UNILOBAR"],
        crit={"UNOS-7": "not_met"},
    ),
    V(
        "PATTERN-7_limited_bilobar_SIM-9_ABL-8_RES-M3_primary_in_place",
        facts={"lesions": L_LIMBI, "primary_resected": "no"},
        ftype=("limited_bilobar", "A"),
        opts={
            "resection": ("recommended", "RES-7"),
            "staged_resection": ("not_indicated", "STAGED-3"),
            "simultaneous_resection": ("option", "SIM-9"),
            "ablation": ("option", "ABL-8"),
            "everolimus": ("not_indicated", "EVE-3"),
            "debulking": ("not_indicated", "DEB-3"),
        },
        flags=["FLAG-PRIMARY-IN-PLACE"],
        no_flags=["FLAG-TYPE-UNILOBAR", "FLAG-TYPE-NO-INVOLVEMENT"],
        crit={"UNOS-7": "met", "MILAN-3": "not_met", "ENETS-4": "not_met", "UNOS-4": "not_met"},
    ),
    V(
        "LESION-4_dominance_expands_counts_4x2_vs_1_is_limited_bilobar",
        facts={"lesions": les(("VII", 4, 2), ("III", 1, 1))},
        ftype=("limited_bilobar", "A"),
    ),
    V(
        "LESION-4_dominance_4_vs_2x2_is_type_II",
        facts={"lesions": les(("VII", 4, 1), ("III", 2, 2))},
        ftype=("II", "B"),
    ),
    V(
        "PATTERN-6_type_II_COLUMN-B_resectable_STAGED-8_ABL-8_AMB-21",
        facts={"lesions": L_II},
        ftype=("II", "B"),
        opts={
            "resection": ("recommended", "RES-7"),
            "staged_resection": ("option", "STAGED-8"),
            "simultaneous_resection": ("not_indicated", "SIM-5"),  # rev 2: SIM-3 is type III only
            "debulking": ("not_indicated", "DEB-4"),
            "ablation": ("option", "ABL-8"),
            "tae": ("not_indicated", "TAE-3"),
            "tace": ("not_indicated", "TACE-3"),
            "radioembolization": ("not_indicated", "RE-3"),
            "prrt": ("not_indicated", "PRRT-1"),
            "transplant": ("not_indicated", "OLT-3"),
            "ssa": ("not_indicated", "SSA-3"),
            "everolimus": ("not_indicated", "EVE-5"),
            "sunitinib": ("not_indicated", "SUN-5"),
            "chemotherapy": ("not_indicated", "CHE-4"),
            "interferon": ("not_indicated", "IFN-3"),
        },
        opt_flags={"staged_resection": ["FLAG-STAGED-BIOPSY"]},
        flags=["FLAG-STAGED-BIOPSY"],
        no_flags=["FLAG-DOWNSTAGING", "FLAG-ABL-5CM", "FLAG-PRRT-BULKY", "FLAG-STAGED-AVAILABLE"],
    ),
    V(
        "PATTERN-5_more_than_10_lesions_type_III",
        facts={"lesions": L_III_MANY, "hepatic_involvement_pct": 40},
        ftype=("III", "C"),
        opts={"resection": ("not_indicated", "RES-2")},
    ),
    V(
        "PATTERN-5_six_segments_type_III",
        facts={
            "lesions": les(
                ("II", 1, 1), ("III", 1, 1), ("IV", 1, 1), ("V", 1, 1), ("VI", 1, 1), ("VII", 1, 1)
            )
        },
        ftype=("III", "C"),
    ),
    V(
        "PATTERN-5_involvement_50_type_III",
        facts={"lesions": L_LIMBI, "hepatic_involvement_pct": 50},
        ftype=("III", "C"),
        crit={"MILAN-4": "not_met", "UNOS-3": "not_met", "ENETS-3": "not_met"},
    ),
    V(
        "PATTERN-5_boundary_involvement_49_limited_bilobar",
        facts={"lesions": L_LIMBI, "hepatic_involvement_pct": 49},
        ftype=("limited_bilobar", "A"),
        crit={"MILAN-4": "met", "UNOS-3": "met", "ENETS-3": "met"},
    ),
    V(
        "LESION-1_lower_bound_over_10_with_unknown_count_type_III",
        facts={"lesions": les(("VI", 1, None), ("III", 1, 10)), "hepatic_involvement_pct": 30},
        ftype=("III", "C"),
        opts={"resection": ("not_indicated", "RES-2")},
    ),
    V(
        "PATTERN-8_unknown_segment_undetermined_RES-6",
        facts={"lesions": les(("VI", 3, 1), (None, 2, 1))},
        ftype=(None, None),
        ftype_missing=True,
        opts={
            "resection": ("needs_information", "RES-6"),
            "staged_resection": ("needs_information", "STAGED-6"),
            "tae": ("needs_information", "TAE-6"),
        },
        crit={"UNOS-7": "unknown"},
    ),
    V(
        "PATTERN-0_confirmed_II_overrides_suggested_I_FLAG-TYPE-OVERRIDE",
        facts={"confirmed_type": "II"},
        ftype=("II", "B"),
        opts={
            "resection": ("recommended", "RES-7"),
            "staged_resection": ("option", "STAGED-8"),
            "ablation": ("option", "ABL-8"),
            "debulking": ("not_indicated", "DEB-4"),
            "simultaneous_resection": ("not_indicated", "SIM-5"),  # rev 2: SIM-3 is type III only
        },
        flags=["FLAG-TYPE-OVERRIDE"],
        no_flags=["FLAG-TYPE-SUGGESTED"],
    ),
    V(
        "PATTERN-1_no_lesions_RES-6_TAE-6_ask_for_liver_lesions_EVAL-4",
        facts={"lesions": None},
        ftype=(None, None),
        opts={
            "resection": ("needs_information", "RES-6"),
            "tae": ("needs_information", "TAE-6"),
            "radioembolization": ("needs_information", "RE-4"),
            "ssa": ("needs_information", "SSA-4"),
            "chemotherapy": ("needs_information", "CHE-5"),
            "interferon": ("not_indicated", "IFN-3"),
        },
        missing={
            "resection": ["lesions"],
            "tae": ["lesions"],
            "radioembolization": ["lesions"],
            "chemotherapy": ["lesions"],
        },
        crit={"UNOS-7": "unknown"},
        crit_missing={"UNOS-7": ["lesions"]},
    ),
    V(
        "EVAL-3_AMB-53_unfit_without_lesions_FEAS_rows_fire_COL_rows_ask",
        facts={"lesions": None, "fit_for_major_surgery": "no"},
        opts={
            "resection": ("contraindicated", "RES-3"),
            "staged_resection": ("contraindicated", "STAGED-4"),
            "simultaneous_resection": ("not_indicated", "SIM-5"),
            "debulking": ("contraindicated", "DEB-5"),
            "ablation": ("needs_information", "ABL-7"),
            "tae": ("option", "TAE-7"),
            "tace": ("option", "TACE-7"),
            "radioembolization": ("option", "RE-5"),
            "prrt": ("option", "PRRT-8"),
            "transplant": ("contraindicated", "OLT-4"),
            "ssa": ("option", "SSA-6"),
            "everolimus": ("needs_information", "EVE-6"),
            "sunitinib": ("needs_information", "SUN-6"),
            "chemotherapy": ("option", "CHE-6"),
            "interferon": ("not_indicated", "IFN-3"),
        },
        missing={"ablation": ["lesions"], "everolimus": ["lesions"], "sunitinib": ["lesions"], "tae": []},
        cond={"tae": False, "ssa": False, "prrt": False},
        no_flags=["FLAG-RES-UNDET"],
    ),
    V(
        "LOBES-4_AMB-55_confirmed_limited_bilobar_without_lesions_UNOS-7_met",
        facts={"lesions": None, "confirmed_type": "limited_bilobar"},
        ftype=("limited_bilobar", "A"),
        crit={"UNOS-7": "met"},
        opts={"resection": ("recommended", "RES-7")},
    ),
    V(
        "LOBES-4_AMB-55_confirmed_limited_unilobar_without_lesions_UNOS-7_not_met",
        facts={"lesions": None, "confirmed_type": "limited_unilobar"},
        ftype=("limited_unilobar", "A"),
        crit={"UNOS-7": "not_met"},
    ),
    V(
        "LOBES-4_AMB-55_confirmed_III_without_lesions_UNOS-7_unknown_RES-2",
        facts={"lesions": None, "confirmed_type": "III"},
        ftype=("III", "C"),
        crit={"UNOS-7": "unknown"},
        crit_missing={"UNOS-7": ["lesions"]},
        opts={"resection": ("not_indicated", "RES-2"), "ablation": ("not_indicated", "ABL-3")},
    ),
    V(
        "AMB-54_ABL-7_confirmed_II_without_lesions_asks_liver_lesions",
        facts={"lesions": None, "confirmed_type": "II"},
        ftype=("II", "B"),
        opts={"resection": ("recommended", "RES-7"), "ablation": ("needs_information", "ABL-7")},
        missing={"ablation": ["lesions"]},
        crit={"UNOS-7": "met"},
    ),
    # ------------------------------------------------------------------ RES rows
    V(
        "RES-1_GRADE-1_NEC_status_summary_6.17_FLAG-NEC-KI67",
        facts={"differentiation": "poorly", "ki67_pct": 8, "portal_vein_thrombosis": "yes"},
        grade=("NEC", "GRADE-1"),
        opts=NEC_OPTS,
        flags=["FLAG-NEC-KI67"],
        no_flags=["FLAG-G3", "FLAG-KI67-CUTOFF", "FLAG-ELTR-AGE"],
        crit={"MILAN-2": "not_met", "ENETS-2": "not_met"},
    ),
    V(
        "RES-2_type_III_unfit_scope_row_first_AMB-13",
        facts={"lesions": L_III_MANY, "hepatic_involvement_pct": 40, "fit_for_major_surgery": "no"},
        opts={
            "resection": ("not_indicated", "RES-2"),
            "staged_resection": ("not_indicated", "STAGED-2"),
            "debulking": ("not_indicated", "DEB-3"),
            "transplant": ("contraindicated", "OLT-4"),
        },
    ),
    V(
        "RES-3_unfit_type_I_primary_in_place_SIM-6_ABL-9_OLT-4_EVE-8_AMB-16",
        facts={"fit_for_major_surgery": "no", "primary_resected": "no"},
        opts=UNFIT_I_OPTS,
        flags=["FLAG-PRIMARY-IN-PLACE"],
        no_flags=["FLAG-DOWNSTAGING", "FLAG-RES-UNDET", "FLAG-ECOG"],
    ),
    V(
        "RES-4_unresectable_EHD_FLAG-IA-EHD_PRRT-7_OLT-5",
        facts={"extrahepatic_disease": "unresectable"},
        opts={
            "resection": ("contraindicated", "RES-4"),
            "staged_resection": ("not_indicated", "STAGED-3"),
            "tae": ("option", "TAE-7"),
            "tace": ("option", "TACE-7"),
            "radioembolization": ("option", "RE-5"),
            "prrt": ("option", "PRRT-7"),
            "ablation": ("option", "ABL-9"),
            "transplant": ("not_indicated", "OLT-5"),
        },
        opt_flags={"tae": ["FLAG-IA-EHD"], "radioembolization": ["FLAG-IA-EHD"]},
        flags=["FLAG-IA-EHD"],
        no_flags=["FLAG-REHD"],
        crit={"MILAN-3": "not_met", "UNOS-4": "not_met", "UNOS-6": "not_met", "ENETS-6": "not_met"},
        verdict={"milan": "not_met", "enets": "not_met", "unos": "not_met"},
    ),
    V(
        "RES-5_FLR_29.9_type_I_STAGED-9_SIM-11_ABL-10_AMB-20_AMB-51",
        facts={"flr_pct": 29.9, "primary_resected": "no"},
        opts={
            "resection": ("contraindicated", "RES-5"),
            "staged_resection": ("option", "STAGED-9"),
            "simultaneous_resection": ("option", "SIM-11"),  # rev 2: SIM-7 retired
            "ablation": ("option", "ABL-10"),
            "tae": ("option", "TAE-7"),
            "ssa": ("option", "SSA-6"),
            "transplant": ("not_indicated", "OLT-3"),
        },
        opt_flags={"staged_resection": ["FLAG-STAGED-BIOPSY"]},
        flags=["FLAG-STAGED-AVAILABLE", "FLAG-STAGED-BIOPSY"],
        crit={"UNOS-8": "not_met"},
    ),
    V(
        "RES-5_boundary_FLR_30_RES-7_STAGED-3",
        facts={"flr_pct": 30},
        opts={"resection": ("recommended", "RES-7"), "staged_resection": ("not_indicated", "STAGED-3")},
        no_flags=["FLAG-STAGED-AVAILABLE", "FLAG-STAGED-BIOPSY"],
    ),
    V(
        "RES-6_EVAL-4_EVAL-7_FLR_unknown_conditional_options_FLAG-RES-UNDET",
        facts={"flr_pct": None},
        opts={
            "resection": ("needs_information", "RES-6"),
            "staged_resection": ("needs_information", "STAGED-6"),
            "simultaneous_resection": ("not_indicated", "SIM-5"),
            "debulking": ("not_indicated", "DEB-3"),
            "ablation": ("option", "ABL-9"),
            "tae": ("option", "TAE-7"),
            "tace": ("option", "TACE-7"),
            "radioembolization": ("option", "RE-5"),
            "prrt": ("option", "PRRT-8"),
            "transplant": ("option", "OLT-7"),
            "ssa": ("option", "SSA-6"),
            "everolimus": ("option", "EVE-8"),  # rev 2: conditional on SURG (EVAL-7)
            "chemotherapy": ("option", "CHE-6"),
            "interferon": ("not_indicated", "IFN-3"),
        },
        missing={
            "resection": ["flr_pct"],
            "staged_resection": ["flr_pct"],
            "tae": [],
            "tace": [],
            "radioembolization": [],
            "prrt": [],
            "ssa": [],
            "chemotherapy": [],
            "ablation": [],
        },
        cond={**dict.fromkeys(COND_FEAS, True), "transplant": True, "resection": False},
        opt_flags={
            "tae": ["FLAG-RES-UNDET"],
            "ablation": ["FLAG-RES-UNDET"],
            "transplant": ["FLAG-RES-UNDET", "FLAG-OLT-SELECTION"],
            "everolimus": ["FLAG-RES-UNDET"],
        },
        flags=["FLAG-RES-UNDET", "FLAG-OLT-SELECTION", "FLAG-ELTR-AGE"],
        no_flags=["FLAG-OLT-KI67"],  # retired in revision 2 (EV-OLT-2)
        needs=["flr_pct"],
        crit={"UNOS-8": "unknown"},
        crit_missing={"UNOS-8": ["flr_pct"]},
        # UNOS-7: a single lesion is not bilobar, so UNOS is not_met whatever UNOS-8 gives.
        verdict={"milan": "met", "enets": "met", "unos": "not_met"},
    ),
    V(
        "RES-6_AMB-38_EHD_unknown_PRRT-5_asks_no_conditional_TAE_conditional",
        facts={"extrahepatic_disease": "unknown"},
        opts={
            "resection": ("needs_information", "RES-6"),
            "prrt": ("needs_information", "PRRT-5"),
            "tae": ("option", "TAE-7"),
        },
        missing={"resection": ["extrahepatic_disease"], "tae": []},
        missing_incl={"prrt": ["extrahepatic_disease"]},
        cond={"tae": True, "prrt": False},
        crit={"MILAN-3": "unknown", "UNOS-6": "unknown", "ENETS-6": "unknown"},
    ),
    V(
        "RES-6_GRADE-7_ki67_unknown_dependent_rules_ask_grade_facts",
        facts={"ki67_pct": None},
        grade=("undetermined", "GRADE-7"),
        grade_missing=["ki67_pct"],
        opts={
            "resection": ("needs_information", "RES-6"),
            "tae": ("needs_information", "TAE-6"),
            "radioembolization": ("needs_information", "RE-4"),
            "chemotherapy": ("needs_information", "CHE-5"),
        },
        missing={"resection": ["ki67_pct"], "tae": ["ki67_pct"], "radioembolization": ["ki67_pct"]},
        cond={"tae": False},
        crit={"MILAN-2": "unknown", "ENETS-2": "unknown"},
    ),
    V(
        "RES-M1_resectable_EHD_FLAG-REHD_PRRT-1_AMB-66_no_FLAG-IA-EHD",
        facts={"extrahepatic_disease": "resectable"},
        opts={
            "resection": ("recommended", "RES-7"),
            "tae": ("not_indicated", "TAE-3"),
            "prrt": ("not_indicated", "PRRT-1"),  # rev 2, AMB-66
            "transplant": ("not_indicated", "OLT-3"),
        },
        opt_flags={"resection": ["FLAG-REHD"]},
        flags=["FLAG-REHD"],
        no_flags=["FLAG-IA-EHD"],
        crit={"MILAN-3": "not_met", "UNOS-4": "not_met", "UNOS-6": "not_met", "ENETS-6": "not_met"},
    ),
    V(
        "RES-M1_AMB-56_resectable_EHD_but_RES-5_no_FLAG-REHD_FLAG-IA-EHD",
        facts={"extrahepatic_disease": "resectable", "flr_pct": 20},
        opts={
            "resection": ("contraindicated", "RES-5"),
            "staged_resection": ("option", "STAGED-9"),
            "tae": ("option", "TAE-7"),
        },
        flags=["FLAG-IA-EHD", "FLAG-STAGED-AVAILABLE"],
        no_flags=["FLAG-REHD"],
    ),
    V(
        "RES-M2_recurrence_FLAG-RECURRENCE_status_unchanged",
        facts={"recurrence_after_liver_resection": "yes"},
        opts={"resection": ("recommended", "RES-7")},
        flags=["FLAG-RECURRENCE"],
    ),
    V(
        "RES-8_GRADE-5_G3_col_A_status_summary_6.17",
        facts={"ki67_pct": 25},
        grade=("G3 NET", "GRADE-5"),
        opts=G3_COL_A_OPTS,
        flags=["FLAG-G3"],
        opt_flags={"resection": ["FLAG-G3"], "chemotherapy": ["FLAG-G3"]},
        crit={"MILAN-2": "not_met", "ENETS-2": "not_met"},
    ),
    # ------------------------------------------------------------------ STAGED rows
    V(
        "STAGED-7_type_II_FLR_24_recommended_AMB-20_AMB-51_OLT-3",
        facts={"lesions": L_II, "flr_pct": 24},
        ftype=("II", "B"),
        opts={
            "resection": ("contraindicated", "RES-5"),
            "staged_resection": ("recommended", "STAGED-7"),
            "simultaneous_resection": ("not_indicated", "SIM-5"),
            "debulking": ("not_indicated", "DEB-7"),
            "ablation": ("option", "ABL-10"),  # rev 2: adjunct to the staged resection
            "tae": ("option", "TAE-7"),
            "tace": ("option", "TACE-7"),
            "radioembolization": ("option", "RE-5"),
            "prrt": ("option", "PRRT-8"),
            "transplant": ("not_indicated", "OLT-3"),
            "ssa": ("option", "SSA-6"),
            "everolimus": ("option", "EVE-7"),
            "sunitinib": ("option", "SUN-7"),
            "chemotherapy": ("option", "CHE-6"),
        },
        opt_flags={
            "staged_resection": ["FLAG-STAGED-BIOPSY"],
            "prrt": ["FLAG-PRRT-BULKY"],
        },
        flags=[
            "FLAG-STAGED-AVAILABLE",
            "FLAG-STAGED-BIOPSY",
            "FLAG-PRRT-BULKY",
            "FLAG-DOWNSTAGING",
        ],
        no_flags=["FLAG-RES-UNDET", "FLAG-OLT-SELECTION", "FLAG-ABL-5CM"],
        crit={"UNOS-8": "not_met", "UNOS-7": "met"},
    ),
    V(
        "STAGED-4_type_II_unfit_contraindicated_DEB-5_OLT-4",
        facts={"lesions": L_II, "fit_for_major_surgery": "no"},
        opts={
            "resection": ("contraindicated", "RES-3"),
            "staged_resection": ("contraindicated", "STAGED-4"),
            "debulking": ("contraindicated", "DEB-5"),
            "transplant": ("contraindicated", "OLT-4"),
        },
    ),
    V(
        "STAGED-5_type_II_unresectable_EHD",
        facts={"lesions": L_II, "extrahepatic_disease": "unresectable"},
        opts={
            "resection": ("contraindicated", "RES-4"),
            "staged_resection": ("contraindicated", "STAGED-5"),
            "tae": ("option", "TAE-7"),
        },
        flags=["FLAG-IA-EHD"],
    ),
    V(
        "STAGED-6_type_II_FLR_unknown_ABL-7_AMB-54_asks_resection_facts",
        facts={"lesions": L_II, "flr_pct": None},
        opts={
            "resection": ("needs_information", "RES-6"),
            "staged_resection": ("needs_information", "STAGED-6"),
            "ablation": ("needs_information", "ABL-7"),
            "tae": ("option", "TAE-7"),
            "debulking": ("not_indicated", "DEB-7"),
        },
        missing={"staged_resection": ["flr_pct"], "ablation": ["flr_pct"], "tae": []},
        cond={"tae": True},
    ),
    V(
        "STAGED-7_STAGED-M1_AMB-52_G3_type_II_FLR_24_capped_option",
        facts={"lesions": L_II, "flr_pct": 24, "ki67_pct": 30},
        opts={
            "resection": ("contraindicated", "RES-5"),
            "staged_resection": ("option", "STAGED-7"),
            "simultaneous_resection": ("not_indicated", "SIM-2"),
            "debulking": ("not_indicated", "DEB-2"),
            "transplant": ("contraindicated", "OLT-2"),
            "chemotherapy": ("option", "CHE-2"),
        },
        opt_flags={"staged_resection": ["FLAG-G3", "FLAG-STAGED-BIOPSY"]},
        reason_contains={"staged_resection": "ALPPS"},
        reason_rule={"staged_resection": "STAGED-M1"},
        flags=["FLAG-G3"],
    ),
    V(
        "STAGED-8_AMB-52_G3_type_II_FLR_40_option_RES-8",
        facts={"lesions": L_II, "ki67_pct": 30},
        opts={"resection": ("option", "RES-8"), "staged_resection": ("option", "STAGED-8")},
        reason_rule={"staged_resection": "STAGED-M1"},
    ),
    V(
        "STAGED-9_AMB-17_AMB-52_G3_type_I_FLR_24_option",
        facts={"flr_pct": 24, "ki67_pct": 30},
        opts={"resection": ("contraindicated", "RES-5"), "staged_resection": ("option", "STAGED-9")},
        reason_rule={"staged_resection": "STAGED-M1"},
    ),
    V(
        "STAGED-6_AMB-52_G3_type_II_FLR_unknown_asked",
        facts={"lesions": L_II, "ki67_pct": 30, "flr_pct": None},
        opts={
            "staged_resection": ("needs_information", "STAGED-6"),
            "resection": ("needs_information", "RES-6"),
        },
        missing={"staged_resection": ["flr_pct"]},
    ),
    # ------------------------------------------------------------------ SIM rows
    V(
        "SIM-2_G3_primary_in_place",
        facts={"ki67_pct": 21, "primary_resected": "no"},
        opts={"simultaneous_resection": ("not_indicated", "SIM-2"), "resection": ("option", "RES-8")},
    ),
    V(
        "SIM-11_AMB-45_type_II_primary_in_place_with_staged_option",
        facts={"lesions": L_II, "primary_resected": "no"},
        opts={
            "resection": ("recommended", "RES-7"),
            "staged_resection": ("option", "STAGED-8"),
            "simultaneous_resection": ("option", "SIM-11"),
        },
        flags=["FLAG-PRIMARY-IN-PLACE"],
    ),
    V(
        "SIM-4_AMB-56_unknown_primary_no_FLAG-PRIMARY-IN-PLACE",
        facts={"primary_site": "unknown_primary", "primary_resected": "no"},
        opts={
            "resection": ("recommended", "RES-7"),
            "simultaneous_resection": ("not_indicated", "SIM-4"),
            "chemotherapy": ("not_indicated", "CHE-3"),
        },
        no_flags=["FLAG-PRIMARY-IN-PLACE"],
    ),
    V(
        "SIM-8_primary_resected_unknown",
        facts={"primary_resected": "unknown"},
        opts={
            "simultaneous_resection": ("needs_information", "SIM-8"),
            "resection": ("recommended", "RES-7"),
        },
        missing={"simultaneous_resection": ["primary_resected"]},
        crit={"MILAN-3": "unknown", "ENETS-4": "unknown", "UNOS-4": "unknown"},
        no_flags=["FLAG-PRIMARY-IN-PLACE"],
    ),
    V(
        "SIM-8_RES_needs_information_flr_unknown_primary_in_place",
        facts={"primary_resected": "no", "flr_pct": None},
        opts={"simultaneous_resection": ("needs_information", "SIM-8")},
        missing={"simultaneous_resection": ["flr_pct"]},
    ),
    # ------------------------------------------------------------------ DEB rows
    V(
        "DEB-9_refractory_functional_syndrome_FLAG-DEB-TARGET_SSA-5",
        facts={
            "lesions": L_II,
            "flr_pct": 24,
            "functional_syndrome": "yes",
            "syndrome_refractory": "yes",
        },
        opts={"debulking": ("option", "DEB-9"), "ssa": ("option", "SSA-5")},
        opt_flags={"debulking": ["FLAG-DEB-TARGET"]},
        flags=["FLAG-DEB-TARGET"],
    ),
    V(
        "DEB-9_nonfunctional_stable_6_months_with_burden_symptoms",
        facts={
            "lesions": L_II,
            "flr_pct": 24,
            "months_stable_or_response": 6,
            "tumour_burden_symptoms": "yes",
        },
        opts={"debulking": ("option", "DEB-9")},
        flags=["FLAG-DEB-TARGET"],
    ),
    V(
        "DEB-7_nonfunctional_stable_5_months",
        facts={
            "lesions": L_II,
            "flr_pct": 24,
            "months_stable_or_response": 5,
            "tumour_burden_symptoms": "yes",
        },
        opts={"debulking": ("not_indicated", "DEB-7")},
        no_flags=["FLAG-DEB-TARGET"],
    ),
    V(
        "DEB-6_AMB-39_functional_controlled",
        facts={
            "lesions": L_II,
            "flr_pct": 24,
            "functional_syndrome": "yes",
            "syndrome_refractory": "no",
            "tumour_burden_symptoms": "yes",
        },
        opts={"debulking": ("not_indicated", "DEB-6")},
    ),
    V(
        "DEB-8_functional_refractory_unknown",
        facts={
            "lesions": L_II,
            "flr_pct": 24,
            "functional_syndrome": "yes",
            "syndrome_refractory": "unknown",
        },
        opts={"debulking": ("needs_information", "DEB-8")},
        missing={"debulking": ["syndrome_refractory"]},
        crit={"ENETS-3": "met"},
    ),
    V(
        "DEB-8_nonfunctional_months_unknown",
        facts={
            "lesions": L_II,
            "flr_pct": 24,
            "months_stable_or_response": None,
            "tumour_burden_symptoms": "yes",
        },
        opts={"debulking": ("needs_information", "DEB-8")},
        missing={"debulking": ["months_stable_or_response"]},
    ),
    V(
        "DEB-9_EVAL-4_conditional_when_FLR_unknown",
        facts={
            "lesions": L_II,
            "flr_pct": None,
            "months_stable_or_response": 12,
            "tumour_burden_symptoms": "yes",
        },
        opts={"debulking": ("option", "DEB-9")},
        cond={"debulking": True},
        missing={"debulking": []},
        opt_flags={"debulking": ["FLAG-RES-UNDET"]},
    ),
    # ------------------------------------------------------------------ ABL rows
    V(
        "ABL-6_AMB-12_lesion_5.0cm_standalone_not_indicated_FLAG-ABL-5CM",
        facts={"fit_for_major_surgery": "no", "lesions": les(("VI", 5.0, 1))},
        opts={"ablation": ("not_indicated", "ABL-6")},
        opt_flags={"ablation": ["FLAG-ABL-5CM"]},
        flags=["FLAG-ABL-5CM"],
    ),
    V(
        "ABL-9_lesion_4.9cm_standalone_option",
        facts={"fit_for_major_surgery": "no", "lesions": les(("VI", 4.9, 1))},
        opts={"ablation": ("option", "ABL-9")},
        no_flags=["FLAG-ABL-5CM"],
    ),
    V(
        "ABL-5_hilum_contraindicated",
        facts={"fit_for_major_surgery": "no", "lesion_near_hilum": "yes"},
        opts={"ablation": ("contraindicated", "ABL-5")},
    ),
    V(
        "ABL-5_before_ABL-6_prior_whipple_6cm_TAE-5_AMB-24",
        facts={
            "fit_for_major_surgery": "no",
            "lesions": les(("VI", 6, 1)),
            "prior_whipple": "yes",
            "bilioenteric_anastomosis": "no",
        },
        opts={
            "ablation": ("contraindicated", "ABL-5"),
            "tae": ("contraindicated", "TAE-5"),
            "tace": ("contraindicated", "TACE-5"),
            "radioembolization": ("option", "RE-5"),
        },
        opt_flags={"radioembolization": ["FLAG-RE-CAUTION"]},
        flags=["FLAG-RE-CAUTION"],
        no_flags=["FLAG-ABL-5CM"],
    ),
    V(
        "ABL-5_superficial_adjunct_limited_bilobar",
        facts={"lesions": L_LIMBI, "superficial_lesion": "yes"},
        opts={"ablation": ("contraindicated", "ABL-5"), "resection": ("recommended", "RES-7")},
    ),
    V(
        "ABL-4_type_II_all_lesions_ge_5cm_no_adjunct",
        facts={"lesions": les(("VII", 12, 1), ("III", 5.5, 1))},
        ftype=("II", "B"),
        opts={"ablation": ("not_indicated", "ABL-4"), "resection": ("recommended", "RES-7")},
    ),
    V(
        "ABL-6_AMB-54_FEAS_undetermined_no_adjunct_6cm",
        facts={"lesions": les(("VI", 6, 1)), "flr_pct": None},
        opts={"ablation": ("not_indicated", "ABL-6"), "resection": ("needs_information", "RES-6")},
    ),
    V(
        "ABL-7_hilum_unknown",
        facts={"fit_for_major_surgery": "no", "lesion_near_hilum": "unknown"},
        opts={"ablation": ("needs_information", "ABL-7")},
        missing={"ablation": ["lesion_near_hilum"]},
    ),
    V(
        "ABL-9_type_II_small_unfit_FLAG-DOWNSTAGING_fit_only_rev2",
        facts={"lesions": L_II_SMALL, "fit_for_major_surgery": "no"},
        ftype=("II", "B"),
        opts={"ablation": ("option", "ABL-9"), "everolimus": ("option", "EVE-7")},
        no_flags=["FLAG-DOWNSTAGING"],  # rev 2: fit patients only
    ),
    # ------------------------------------------------------------------ TAE / TACE / RE rows
    V(
        "TAE-3_before_TAE-4_resectable_with_PVT_AMB-13",
        facts={"portal_vein_thrombosis": "yes"},
        opts={
            "tae": ("not_indicated", "TAE-3"),
            "tace": ("not_indicated", "TACE-3"),
            "radioembolization": ("not_indicated", "RE-3"),
        },
    ),
    V(
        "TAE-4_PVT_RE-C_AMB-25_RE_option_with_caution",
        facts={"fit_for_major_surgery": "no", "portal_vein_thrombosis": "yes"},
        opts={
            "tae": ("contraindicated", "TAE-4"),
            "tace": ("contraindicated", "TACE-4"),
            "radioembolization": ("option", "RE-5"),
        },
        opt_flags={"radioembolization": ["FLAG-RE-CAUTION"]},
        flags=["FLAG-RE-CAUTION"],
    ),
    V(
        "TAE-4_hepatic_insufficiency",
        facts={"fit_for_major_surgery": "no", "hepatic_insufficiency": "yes"},
        opts={
            "tae": ("contraindicated", "TAE-4"),
            "tace": ("contraindicated", "TACE-4"),
            "radioembolization": ("contraindicated", "RE-6"),  # rev 2 (AMB-25)
            "prrt": ("option", "PRRT-8"),
        },
        opt_flags={"prrt": ["FLAG-PRRT-HEPATIC"]},
        flags=["FLAG-PRRT-HEPATIC"],
        no_flags=["FLAG-RE-CAUTION"],  # rev 2: the caution keeps PVT, anastomosis, Whipple
    ),
    V(
        "TAE-4_bilioenteric_anastomosis",
        facts={"fit_for_major_surgery": "no", "bilioenteric_anastomosis": "yes"},
        opts={"tae": ("contraindicated", "TAE-4"), "tace": ("contraindicated", "TACE-4")},
        flags=["FLAG-RE-CAUTION"],
    ),
    V(
        "TAE-5_AMB-24_prior_whipple_with_anastomosis_unknown",
        facts={"fit_for_major_surgery": "no", "prior_whipple": "yes", "bilioenteric_anastomosis": "unknown"},
        opts={"tae": ("contraindicated", "TAE-5"), "tace": ("contraindicated", "TACE-5")},
    ),
    V(
        "TAE-6_PVT_unknown_RE_not_held_up_AMB-25",
        facts={"fit_for_major_surgery": "no", "portal_vein_thrombosis": "unknown"},
        opts={
            "tae": ("needs_information", "TAE-6"),
            "tace": ("needs_information", "TACE-6"),
            "radioembolization": ("option", "RE-5"),
        },
        missing={"tae": ["portal_vein_thrombosis"], "radioembolization": []},
        no_flags=["FLAG-RE-CAUTION"],
    ),
    V(
        "TAE-6_anastomosis_unknown_prior_whipple_no_does_not_settle",
        facts={"fit_for_major_surgery": "no", "bilioenteric_anastomosis": "unknown"},
        opts={"tae": ("needs_information", "TAE-6")},
        missing={"tae": ["bilioenteric_anastomosis"]},
    ),
    # ------------------------------------------------------------------ PRRT rows
    V(
        "PRRT-1_AMB-38_scope_row_first_sstr_not_done_renal_unknown",
        facts={"sstr_imaging": "not_done", "renal_function_adequate": "unknown"},
        opts={"prrt": ("not_indicated", "PRRT-1")},
        missing={"prrt": []},
    ),
    V(
        "PRRT-2_sstr_negative_col_C_ENETS-6_met",
        facts={"lesions": L_III_MANY, "hepatic_involvement_pct": 40, "sstr_imaging": "negative"},
        opts={"prrt": ("not_indicated", "PRRT-2")},
        crit={"ENETS-6": "met"},
    ),
    V(
        "PRRT-3_renal_inadequate",
        facts={"lesions": L_III_MANY, "hepatic_involvement_pct": 40, "renal_function_adequate": "no"},
        opts={"prrt": ("contraindicated", "PRRT-3")},
    ),
    V(
        "PRRT-4_marrow_inadequate",
        facts={"lesions": L_III_MANY, "hepatic_involvement_pct": 40, "marrow_reserve_adequate": "no"},
        opts={"prrt": ("contraindicated", "PRRT-4")},
    ),
    V(
        "PRRT-5_sstr_not_done_col_C_AMB-31_ENETS-6_unknown",
        facts={
            "lesions": L_III_MANY,
            "hepatic_involvement_pct": 40,
            "sstr_imaging": "not_done",
            "fdg_pet": "not_done",
        },
        opts={"prrt": ("needs_information", "PRRT-5")},
        missing={"prrt": ["sstr_imaging"]},
        crit={"ENETS-6": "unknown"},
        crit_missing={"ENETS-6": ["sstr_imaging"]},
    ),
    V(
        "PRRT-5_G3_FDG_PET_not_done",
        facts={"ki67_pct": 25, "fdg_pet": "not_done"},
        opts={"prrt": ("needs_information", "PRRT-5")},
        missing={"prrt": ["fdg_pet"]},
        crit={"ENETS-6": "met"},
    ),
    V(
        "PRRT-8_type_II_not_feasible_FLAG-PRRT-BULKY_vs_col_C_none",
        facts={"lesions": L_II_SMALL, "fit_for_major_surgery": "no"},
        opts={"prrt": ("option", "PRRT-8")},
        opt_flags={"prrt": ["FLAG-PRRT-BULKY"]},
    ),
    # ------------------------------------------------------------------ OLT rows, criteria, ELTR
    V(
        "OLT-7_col_C_all_sets_met_FLAG-OLT-SELECTION_ELTR_age_50",
        facts={"lesions": L_III_MANY, "hepatic_involvement_pct": 40},
        ftype=("III", "C"),
        opts={**COL_C_PANCREAS_OPTS, "transplant": ("option", "OLT-7")},
        no_recommended=True,
        opt_flags={"transplant": ["FLAG-OLT-SELECTION"]},
        flags=["FLAG-OLT-SELECTION", "FLAG-ELTR-AGE", "FLAG-DOWNSTAGING"],
        no_flags=["FLAG-RES-UNDET", "FLAG-PRRT-BULKY", "FLAG-OLT-TIME", "FLAG-OLT-KI67"],
        cond={"transplant": False},
        verdict={"milan": "met", "enets": "met", "unos": "met"},
        crit={"UNOS-7": "met", "UNOS-8": "met", "MILAN-4": "met", "ENETS-3": "met"},
        eltr=["FLAG-ELTR-AGE"],
    ),
    V(
        "FLAG-ELTR-AGE_AMB-12_age_45_not_flagged_54_MILAN-1_met",
        facts={"lesions": L_III_MANY, "hepatic_involvement_pct": 40, "age_years": 45},
        opts={"transplant": ("option", "OLT-7")},
        no_flags=["FLAG-ELTR-AGE"],
        crit={"MILAN-1": "met", "ENETS-1": "met", "UNOS-1": "met"},
        eltr=[],
    ),
    V(
        "FLAG-ELTR-AGE_46_flagged_hepatomegaly_concurrent",
        facts={
            "lesions": L_III_MANY,
            "hepatic_involvement_pct": 40,
            "age_years": 46,
            "hepatomegaly": "yes",
            "olt_concurrent_resection": "yes",
        },
        opts={"transplant": ("option", "OLT-7")},
        flags=["FLAG-ELTR-AGE", "FLAG-ELTR-HEPATOMEGALY", "FLAG-ELTR-CONCURRENT"],
        eltr=["FLAG-ELTR-AGE", "FLAG-ELTR-HEPATOMEGALY", "FLAG-ELTR-CONCURRENT"],
    ),
    V(
        "MILAN-1_ENETS-1_UNOS-1_age_54_met",
        facts={"lesions": L_III_MANY, "hepatic_involvement_pct": 40, "age_years": 54},
        crit={"MILAN-1": "met", "ENETS-1": "met", "UNOS-1": "met"},
        opts={"transplant": ("option", "OLT-7")},
    ),
    V(
        "MILAN-1_ENETS-1_UNOS-1_age_55_not_met_OLT-5_no_FLAG-OLT-TIME",
        facts={"lesions": L_III_MANY, "hepatic_involvement_pct": 40, "age_years": 55},
        crit={"MILAN-1": "not_met", "ENETS-1": "not_met", "UNOS-1": "not_met"},
        verdict={"milan": "not_met", "enets": "not_met", "unos": "not_met"},
        opts={"transplant": ("not_indicated", "OLT-5")},
        no_flags=["FLAG-OLT-TIME", "FLAG-ELTR-AGE", "FLAG-OLT-KI67"],
    ),
    V(
        "OLT-5_MILAN-5_ENETS-5_UNOS-5_5_months_FLAG-OLT-TIME_AMB-48",
        facts={"lesions": L_III_MANY, "hepatic_involvement_pct": 40, "months_stable_or_response": 5},
        crit={"MILAN-5": "not_met", "ENETS-5": "not_met", "UNOS-5": "not_met"},
        verdict={"milan": "not_met", "enets": "not_met", "unos": "not_met"},
        opts={"transplant": ("not_indicated", "OLT-5")},
        flags=["FLAG-OLT-TIME"],
    ),
    V(
        "MILAN-5_6_months_met",
        facts={"lesions": L_III_MANY, "hepatic_involvement_pct": 40, "months_stable_or_response": 6},
        crit={"MILAN-5": "met", "ENETS-5": "met", "UNOS-5": "met"},
    ),
    V(
        "FLAG-OLT-TIME_not_raised_when_age_also_fails",
        facts={
            "lesions": L_III_MANY,
            "hepatic_involvement_pct": 40,
            "months_stable_or_response": 5,
            "age_years": 60,
        },
        opts={"transplant": ("not_indicated", "OLT-5")},
        no_flags=["FLAG-OLT-TIME"],
    ),
    V(
        "ENETS-4_5_months_since_primary_time_item_FLAG-OLT-TIME_Milan_still_met",
        facts={"lesions": L_III_MANY, "hepatic_involvement_pct": 40, "months_since_primary_resection": 5},
        crit={"ENETS-4": "not_met"},
        verdict={"milan": "met", "enets": "not_met", "unos": "met"},
        opts={"transplant": ("option", "OLT-7")},
        flags=["FLAG-OLT-TIME"],
    ),
    V(
        "ENETS-4_6_months_met_and_months_unknown_unknown",
        facts={"lesions": L_III_MANY, "hepatic_involvement_pct": 40, "months_since_primary_resection": None},
        crit={"ENETS-4": "unknown"},
        crit_missing={"ENETS-4": ["months_since_primary_resection"]},
        verdict={"enets": "incomplete"},
    ),
    V(
        "ENETS-2_ki67_10_met",
        facts={"ki67_pct": 10},
        grade=("G2", "GRADE-4"),
        crit={"ENETS-2": "met"},
        no_flags=["FLAG-KI67-CUTOFF"],
    ),
    V(
        "ENETS-2_ki67_11_not_met_MILAN-2_met",
        facts={"ki67_pct": 11},
        grade=("G2", "GRADE-4"),
        crit={"ENETS-2": "not_met", "MILAN-2": "met"},
    ),
    V(
        "ENETS-3_involvement_50_refractory_met_Milan_UNOS_not_met_OLT-7",
        facts={
            "lesions": L_LIMBI,
            "hepatic_involvement_pct": 50,
            "functional_syndrome": "yes",
            "syndrome_refractory": "yes",
        },
        ftype=("III", "C"),
        crit={"ENETS-3": "met", "MILAN-4": "not_met", "UNOS-3": "not_met"},
        verdict={"milan": "not_met", "enets": "met", "unos": "not_met"},
        opts={"transplant": ("option", "OLT-7"), "ssa": ("option", "SSA-5")},
    ),
    V(
        "ENETS-3_involvement_74_refractory_met",
        facts={
            "lesions": L_LIMBI,
            "hepatic_involvement_pct": 74,
            "functional_syndrome": "yes",
            "syndrome_refractory": "yes",
        },
        crit={"ENETS-3": "met"},
    ),
    V(
        "ENETS-3_involvement_75_refractory_not_met",
        facts={
            "lesions": L_LIMBI,
            "hepatic_involvement_pct": 75,
            "functional_syndrome": "yes",
            "syndrome_refractory": "yes",
        },
        crit={"ENETS-3": "not_met"},
        opts={"transplant": ("not_indicated", "OLT-5")},
    ),
    V(
        "ENETS-3_involvement_60_controlled_not_met",
        facts={
            "lesions": L_LIMBI,
            "hepatic_involvement_pct": 60,
            "functional_syndrome": "yes",
            "syndrome_refractory": "no",
        },
        crit={"ENETS-3": "not_met"},
    ),
    V(
        "ENETS-3_involvement_60_refractory_unknown_OLT-6",
        facts={
            "lesions": L_LIMBI,
            "hepatic_involvement_pct": 60,
            "functional_syndrome": "yes",
            "syndrome_refractory": "unknown",
        },
        crit={"ENETS-3": "unknown"},
        crit_missing={"ENETS-3": ["syndrome_refractory"]},
        verdict={"milan": "not_met", "enets": "incomplete", "unos": "not_met"},
        opts={"transplant": ("needs_information", "OLT-6")},
        missing_incl={"transplant": ["syndrome_refractory"]},
        flags=["FLAG-ELTR-AGE"],
    ),
    V(
        "OLT-6_age_unknown_TXV-3",
        facts={"lesions": L_III_MANY, "hepatic_involvement_pct": 40, "age_years": None},
        crit={"MILAN-1": "unknown", "ENETS-1": "unknown", "UNOS-1": "unknown"},
        verdict={"milan": "incomplete", "enets": "incomplete", "unos": "incomplete"},
        opts={"transplant": ("needs_information", "OLT-6")},
        missing={"transplant": ["age_years"]},
        no_flags=["FLAG-ELTR-AGE", "FLAG-OLT-KI67"],
    ),
    V(
        "OLT-6_AMB-50_fit_unknown_col_C_FLAG-ECOG_AMB-33",
        facts={
            "lesions": L_III_MANY,
            "hepatic_involvement_pct": 40,
            "fit_for_major_surgery": "unknown",
            "ecog": 2,
        },
        opts={
            "resection": ("not_indicated", "RES-2"),
            "transplant": ("needs_information", "OLT-6"),
        },
        missing={"transplant": ["fit_for_major_surgery"]},
        flags=["FLAG-ECOG"],
    ),
    V(
        "OLT-2_AMB-30_G3_UNOS_met_still_contraindicated",
        facts={"lesions": L_III_MANY, "hepatic_involvement_pct": 40, "ki67_pct": 25},
        opts={"transplant": ("contraindicated", "OLT-2"), "chemotherapy": ("option", "CHE-2")},
        verdict={"milan": "not_met", "enets": "not_met", "unos": "met"},
        crit={"MILAN-2": "not_met", "ENETS-2": "not_met"},
        no_flags=["FLAG-OLT-KI67", "FLAG-ELTR-AGE"],
    ),
    V(
        "OLT-3_AMB-34_Milan_met_but_resectable",
        facts={},
        opts={"transplant": ("not_indicated", "OLT-3")},
        verdict={"milan": "met", "enets": "met"},
    ),
    V(
        "ENETS-6_sstr_not_done_fdg_done_met_ENETS-7_bilirubin_not_met",
        facts={"sstr_imaging": "not_done", "fdg_pet": "done", "bilirubin_normal": "no"},
        crit={"ENETS-6": "met", "ENETS-7": "not_met"},
        verdict={"enets": "not_met"},
    ),
    V(
        "ENETS-7_AMB-32_bilirubin_unknown",
        facts={"bilirubin_normal": "unknown"},
        crit={"ENETS-7": "unknown"},
        crit_missing={"ENETS-7": ["bilirubin_normal"]},
    ),
    # ------------------------------------------------------------------ sites: EVE/SUN/CHE/IFN/IMM, PORTAL
    V(
        "IFN-6_IMM-6_EVE-7_SI_col_C_SUN-4_CHE-3",
        facts={"lesions": L_III_MANY, "hepatic_involvement_pct": 40, "primary_site": "small_intestine"},
        opts={
            "interferon": ("option", "IFN-6"),
            "immunotherapy": ("option", "IMM-6"),
            "everolimus": ("option", "EVE-7"),
            "sunitinib": ("not_indicated", "SUN-4"),
            "chemotherapy": ("not_indicated", "CHE-3"),
        },
        crit={"MILAN-3": "met", "UNOS-2": "met"},
    ),
    V(
        "IFN-4_IMM-4_SI_resectable_CHE-3_EVE-3",
        facts={"primary_site": "small_intestine"},
        opts={
            "interferon": ("not_indicated", "IFN-4"),
            "immunotherapy": ("not_indicated", "IMM-4"),
            "chemotherapy": ("not_indicated", "CHE-3"),
            "everolimus": ("not_indicated", "EVE-3"),
        },
    ),
    V(
        "PORTAL-2_AMB-27_rectum_col_C_EVE-4_SUN-4_CHE-3_IFN-3_MILAN-3_UNOS-2",
        facts={"lesions": L_III_MANY, "hepatic_involvement_pct": 40, "primary_site": "rectum"},
        opts={
            "everolimus": ("not_indicated", "EVE-4"),
            "sunitinib": ("not_indicated", "SUN-4"),
            "chemotherapy": ("not_indicated", "CHE-3"),
            "interferon": ("not_indicated", "IFN-3"),
            "immunotherapy": ("not_indicated", "IMM-3"),
            "ssa": ("option", "SSA-6"),
        },
        crit={"MILAN-3": "not_met", "UNOS-2": "not_met"},
    ),
    V(
        "PORTAL-3_AMB-28_AMB-46_unknown_primary_col_C",
        facts={
            "lesions": L_III_MANY,
            "hepatic_involvement_pct": 40,
            "primary_site": "unknown_primary",
            "primary_resected": "no",
        },
        opts={
            "everolimus": ("not_indicated", "EVE-4"),
            "sunitinib": ("not_indicated", "SUN-4"),
            "chemotherapy": ("not_indicated", "CHE-3"),
            "interferon": ("not_indicated", "IFN-3"),
            "immunotherapy": ("not_indicated", "IMM-3"),
            "transplant": ("not_indicated", "OLT-5"),
        },
        crit={"MILAN-3": "not_met", "UNOS-2": "not_met", "UNOS-4": "not_met", "ENETS-4": "not_met"},
        verdict={"milan": "not_met", "enets": "not_met", "unos": "not_met"},
        no_flags=["FLAG-PRIMARY-IN-PLACE"],
    ),
    V(
        "PORTAL-4_AMB-46_primary_site_not_recorded_EVE-6_CHE-5_IFN-5",
        facts={"lesions": L_III_MANY, "hepatic_involvement_pct": 40, "primary_site": "unknown"},
        opts={
            "everolimus": ("needs_information", "EVE-6"),
            "sunitinib": ("needs_information", "SUN-6"),
            "chemotherapy": ("needs_information", "CHE-5"),
            "interferon": ("needs_information", "IFN-5"),
            "immunotherapy": ("needs_information", "IMM-5"),
        },
        missing={
            "everolimus": ["primary_site"],
            "chemotherapy": ["primary_site"],
            "interferon": ["primary_site"],
        },
        crit={"UNOS-2": "unknown", "MILAN-3": "unknown"},
        crit_missing={"UNOS-2": ["primary_site"]},
    ),
    V(
        "EVE-4_col_A_rectum_unfit_no_surgical_route_rev2",
        facts={"primary_site": "rectum", "fit_for_major_surgery": "no"},
        opts={"everolimus": ("not_indicated", "EVE-4"), "sunitinib": ("not_indicated", "SUN-4")},
    ),
    V(
        "EVE-7_IFN-6_type_II_SI_FLR_24_col_B_not_feasible",
        facts={"lesions": L_II, "flr_pct": 24, "primary_site": "small_intestine"},
        opts={
            "everolimus": ("option", "EVE-7"),
            "sunitinib": ("not_indicated", "SUN-4"),
            "interferon": ("option", "IFN-6"),
            "immunotherapy": ("option", "IMM-6"),
        },
    ),
    # ------------------------------------------------------------------ SSA rows
    V(
        "SSA-5_functional_resectable_option",
        facts={"functional_syndrome": "yes", "syndrome_refractory": "no"},
        opts={"ssa": ("option", "SSA-5"), "resection": ("recommended", "RES-7")},
    ),
    V(
        "SSA-4_functional_unknown_resectable",
        facts={"functional_syndrome": "unknown"},
        opts={"ssa": ("needs_information", "SSA-4")},
        missing={"ssa": ["functional_syndrome"]},
    ),
    V(
        "SSA-6_functional_unknown_not_asked_col_C",
        facts={"lesions": L_III_MANY, "hepatic_involvement_pct": 40, "functional_syndrome": "unknown"},
        opts={"ssa": ("option", "SSA-6")},
        missing={"ssa": []},
    ),
    V(
        "SSA-5_ki67_unknown_functional_only_differentiation_needed",
        facts={"ki67_pct": None, "functional_syndrome": "yes", "syndrome_refractory": "yes"},
        grade=("undetermined", "GRADE-7"),
        opts={"ssa": ("option", "SSA-5")},
    ),
    V(
        "SSA-5_G3_functional_FLAG-G3",
        facts={"ki67_pct": 40, "functional_syndrome": "yes", "syndrome_refractory": "yes"},
        opts={"ssa": ("option", "SSA-5")},
        opt_flags={"ssa": ["FLAG-G3"]},
    ),
    V(
        "SSA-4_G3_functional_unknown",
        facts={"ki67_pct": 40, "functional_syndrome": "unknown"},
        opts={"ssa": ("needs_information", "SSA-4")},
        missing={"ssa": ["functional_syndrome"]},
    ),
    # ------------------------------------------------------------------ GRADE rows and Ki-67 flags
    V(
        "GRADE-2_ki67_2_G1_FLAG-KI67-CUTOFF_ENETS-2_met",
        facts={"ki67_pct": 2},
        grade=("G1", "GRADE-2"),
        flags=["FLAG-KI67-CUTOFF"],
        no_flags=["FLAG-KI67-GAP"],
        opts={"resection": ("recommended", "RES-7")},
        crit={"ENETS-2": "met", "MILAN-2": "met"},
    ),
    V(
        "GRADE-3_AMB-1_ki67_2.5_G2_FLAG-KI67-GAP",
        facts={"ki67_pct": 2.5},
        grade=("G2", "GRADE-3"),
        flags=["FLAG-KI67-GAP"],
        no_flags=["FLAG-KI67-CUTOFF"],
        opts={"resection": ("recommended", "RES-7")},
    ),
    V(
        "GRADE-4_AMB-2_ki67_3_G2_FLAG-KI67-CUTOFF",
        facts={"ki67_pct": 3},
        grade=("G2", "GRADE-4"),
        flags=["FLAG-KI67-CUTOFF"],
        no_flags=["FLAG-KI67-GAP"],
    ),
    V(
        "GRADE-4_AMB-2_ki67_20_G2_FLAG-KI67-CUTOFF",
        facts={"ki67_pct": 20},
        grade=("G2", "GRADE-4"),
        flags=["FLAG-KI67-CUTOFF"],
        no_flags=["FLAG-G3"],
        opts={"resection": ("recommended", "RES-7")},
    ),
    V(
        "GRADE-5_ki67_21_G3_NET_FLAG-G3",
        facts={"ki67_pct": 21},
        grade=("G3 NET", "GRADE-5"),
        flags=["FLAG-G3"],
        no_flags=["FLAG-KI67-CUTOFF"],
        opts={"resection": ("option", "RES-8")},
    ),
    V(
        "GRADE-1_AMB-4_poorly_ki67_20_FLAG-NEC-KI67",
        facts={"differentiation": "poorly", "ki67_pct": 20},
        grade=("NEC", "GRADE-1"),
        flags=["FLAG-NEC-KI67"],
        no_flags=["FLAG-KI67-CUTOFF"],
    ),
    V(
        "GRADE-1_poorly_ki67_21_no_FLAG-NEC-KI67",
        facts={"differentiation": "poorly", "ki67_pct": 21},
        grade=("NEC", "GRADE-1"),
        no_flags=["FLAG-NEC-KI67", "FLAG-G3"],
        opts={"chemotherapy": ("recommended", "CHE-1")},
    ),
    V(
        "GRADE-1_AMB-56_poorly_ki67_2_no_KI67_cutoff_flag",
        facts={"differentiation": "poorly", "ki67_pct": 2},
        grade=("NEC", "GRADE-1"),
        flags=["FLAG-NEC-KI67"],
        no_flags=["FLAG-KI67-CUTOFF"],
    ),
    V(
        "GRADE-6_AMB-3_differentiation_unknown_ki67_25",
        facts={"differentiation": "unknown", "ki67_pct": 25},
        grade=("undetermined", "GRADE-6"),
        grade_missing=["differentiation"],
        grade_text="G3 NET or NEC cannot be decided",
        opts={"resection": ("needs_information", "RES-6"), "chemotherapy": ("needs_information", "CHE-5")},
        missing_incl={"resection": ["differentiation"]},
        no_flags=["FLAG-G3"],
    ),
    V(
        "GRADE-6_differentiation_and_ki67_unknown",
        facts={"differentiation": "unknown", "ki67_pct": None},
        grade=("undetermined", "GRADE-6"),
        grade_missing=["differentiation", "ki67_pct"],
    ),
    # ------------------------------------------------------------------ flags with one trigger each
    V(
        "FLAG-ECOG_not_raised_when_fitness_recorded",
        facts={"ecog": 3},
        no_flags=["FLAG-ECOG"],
        opts={"resection": ("recommended", "RES-7")},
    ),
    # ------------------------------------------------------------------ batch 2: EVAL-2/3/4/7 edge cases
    V(
        "EVAL-4_fit_unknown_TAE_conditional_OLT-6_asks_fitness_AMB-50",
        facts={"fit_for_major_surgery": "unknown"},
        opts={
            "resection": ("needs_information", "RES-6"),
            "tae": ("option", "TAE-7"),
            "transplant": ("needs_information", "OLT-6"),
        },
        missing={"resection": ["fit_for_major_surgery"], "tae": []},
        missing_incl={"transplant": ["fit_for_major_surgery"]},
        cond={"tae": True},
        flags=["FLAG-ECOG", "FLAG-RES-UNDET"],
    ),
    V(
        "EVAL-4_RES_lacks_lesions_and_FLR_TAE-6_names_only_lesions",
        facts={"lesions": None, "flr_pct": None},
        opts={"resection": ("needs_information", "RES-6"), "tae": ("needs_information", "TAE-6")},
        missing={"resection": ["lesions", "flr_pct"], "tae": ["lesions"], "radioembolization": ["lesions"]},
    ),
    V(
        "EVAL-4_RES_lacks_lesions_and_fitness_RE-4_names_only_lesions",
        facts={"lesions": None, "fit_for_major_surgery": "unknown"},
        opts={"radioembolization": ("needs_information", "RE-4")},
        missing={"radioembolization": ["lesions"]},
    ),
    V(
        "PRRT-5_rev2_no_lesions_resectable_EHD_asks_lesions",
        facts={"lesions": None, "extrahepatic_disease": "resectable"},
        opts={"resection": ("needs_information", "RES-6"), "prrt": ("needs_information", "PRRT-5")},
        missing={"prrt": ["lesions"]},
    ),
    V(
        "PRRT-6_G3_no_lesions_not_held_up",
        facts={"lesions": None, "ki67_pct": 30},
        opts={
            "prrt": ("option", "PRRT-6"),
            "resection": ("needs_information", "RES-6"),
            "staged_resection": ("needs_information", "STAGED-6"),
            "ablation": ("not_indicated", "ABL-2"),
            "tae": ("not_indicated", "TAE-2"),
            "chemotherapy": ("option", "CHE-2"),
            "transplant": ("contraindicated", "OLT-2"),
            "ssa": ("not_indicated", "SSA-2"),
        },
        missing={"prrt": [], "resection": ["lesions"]},
        opt_flags={"prrt": ["FLAG-G3"]},
    ),
    V(
        "NEC_without_lesions_all_rows_settled_by_grade",
        facts={"lesions": None, "differentiation": "poorly", "ki67_pct": 60},
        opts=NEC_OPTS,
        needs=[],
    ),
    V(
        "SSA-5_functional_without_lesions_not_held_up_SSA-4",
        facts={"lesions": None, "functional_syndrome": "yes", "syndrome_refractory": "no"},
        opts={"ssa": ("option", "SSA-5")},
        missing={"ssa": []},
    ),
    V(
        "SSA-6_EVAL-4_conditional_functional_unknown_not_asked",
        facts={"flr_pct": None, "functional_syndrome": "unknown"},
        opts={"ssa": ("option", "SSA-6")},
        cond={"ssa": True},
        missing={"ssa": []},
    ),
    V(
        "SSA-6_unfit_functional_unknown_not_asked",
        facts={"fit_for_major_surgery": "no", "functional_syndrome": "unknown"},
        opts={"ssa": ("option", "SSA-6")},
        missing={"ssa": []},
    ),
    V(
        "SSA-4_grade_unknown_functional_only_differentiation",
        facts={"differentiation": "unknown", "functional_syndrome": "yes", "syndrome_refractory": "yes"},
        opts={"ssa": ("needs_information", "SSA-4")},
        missing={"ssa": ["differentiation"]},
    ),
    V(
        "TAE-6_FEAS_undetermined_by_FLR_names_only_PVT",
        facts={"flr_pct": None, "portal_vein_thrombosis": "unknown"},
        opts={"tae": ("needs_information", "TAE-6")},
        missing={"tae": ["portal_vein_thrombosis"]},
    ),
    V(
        "COL-C_facts_unknown_irrelevant_FEAS_not_feasible_PRRT-8_not_held_up",
        facts={
            "lesions": L_III_MANY,
            "hepatic_involvement_pct": 40,
            "fit_for_major_surgery": "unknown",
            "flr_pct": None,
            "extrahepatic_disease": "unknown",
        },
        opts={
            "resection": ("not_indicated", "RES-2"),
            "staged_resection": ("not_indicated", "STAGED-2"),
            "tae": ("option", "TAE-7"),
            "prrt": ("option", "PRRT-8"),
            "ssa": ("option", "SSA-6"),
            "chemotherapy": ("option", "CHE-6"),
            "everolimus": ("option", "EVE-7"),
        },
        cond={"tae": False, "prrt": False},
        missing={"prrt": [], "tae": [], "resection": []},
        no_flags=["FLAG-RES-UNDET", "FLAG-IA-EHD"],
    ),
    V(
        "EVAL-2_grade_unknown_row_ii_fires_TAE-4_OLT-4_RES-3",
        facts={"differentiation": "unknown", "fit_for_major_surgery": "no", "portal_vein_thrombosis": "yes"},
        opts={
            "resection": ("contraindicated", "RES-3"),
            "tae": ("contraindicated", "TAE-4"),
            "transplant": ("contraindicated", "OLT-4"),
            "ablation": ("needs_information", "ABL-7"),
        },
        missing={"ablation": ["differentiation"]},
    ),
    V(
        "EVAL-2_grade_unknown_scope_rows_fire_RES-2_ABL-3_EVE-4_IFN-3_PRRT-2",
        facts={
            "differentiation": "unknown",
            "lesions": L_III_MANY,
            "hepatic_involvement_pct": 40,
            "primary_site": "rectum",
            "sstr_imaging": "negative",
        },
        opts={
            "resection": ("not_indicated", "RES-2"),
            "staged_resection": ("not_indicated", "STAGED-2"),
            "simultaneous_resection": ("not_indicated", "SIM-3"),
            "debulking": ("not_indicated", "DEB-3"),
            "ablation": ("not_indicated", "ABL-3"),
            "everolimus": ("not_indicated", "EVE-4"),
            "sunitinib": ("not_indicated", "SUN-4"),
            "interferon": ("not_indicated", "IFN-3"),
            "immunotherapy": ("not_indicated", "IMM-3"),
            "prrt": ("not_indicated", "PRRT-2"),
            "chemotherapy": ("needs_information", "CHE-5"),
            "tae": ("needs_information", "TAE-6"),
        },
        missing={"chemotherapy": ["differentiation"], "tae": ["differentiation"]},
    ),
    V(
        "EVAL-7_type_II_FLR_unknown_OLT-7_conditional_UNOS-8_unknown",
        facts={"lesions": L_II, "flr_pct": None},
        opts={
            "resection": ("needs_information", "RES-6"),
            "staged_resection": ("needs_information", "STAGED-6"),
            "transplant": ("option", "OLT-7"),
            "everolimus": ("option", "EVE-7"),
            "sunitinib": ("option", "SUN-7"),
        },
        cond={"transplant": True, "everolimus": True, "sunitinib": True},
        missing={"transplant": [], "everolimus": []},
        crit={"UNOS-7": "met", "UNOS-8": "unknown"},
        crit_missing={"UNOS-8": ["flr_pct"]},
        verdict={"milan": "met", "unos": "incomplete"},
        opt_flags={"transplant": ["FLAG-RES-UNDET", "FLAG-OLT-SELECTION"]},
    ),
    V(
        "EVAL-7_no_lesions_SURG_undetermined_OLT-6_asks_lesions",
        facts={"lesions": None},
        opts={"transplant": ("needs_information", "OLT-6")},
        missing_incl={"transplant": ["lesions"]},
        crit={"UNOS-8": "unknown"},
    ),
    V(
        "IFN-6_IMM-6_EVAL-4_conditional_SI_col_A_FLR_unknown",
        facts={"primary_site": "small_intestine", "flr_pct": None},
        opts={
            "interferon": ("option", "IFN-6"),
            "immunotherapy": ("option", "IMM-6"),
            "chemotherapy": ("not_indicated", "CHE-3"),
        },
        cond={"interferon": True, "immunotherapy": True},
    ),
    V(
        "DEB-9_type_II_unresectable_EHD_refractory_functional",
        facts={
            "lesions": L_II,
            "extrahepatic_disease": "unresectable",
            "functional_syndrome": "yes",
            "syndrome_refractory": "yes",
        },
        opts={"debulking": ("option", "DEB-9"), "resection": ("contraindicated", "RES-4")},
    ),
    V(
        "STAGED-3_before_STAGED-5_col_A_FLR_40_unresectable_EHD",
        facts={"extrahepatic_disease": "unresectable"},
        opts={"staged_resection": ("not_indicated", "STAGED-3")},
    ),
    V(
        "SIM-9_limited_unilobar_primary_in_place_resectable_EHD",
        facts={"lesions": L_UNI, "primary_resected": "no", "extrahepatic_disease": "resectable"},
        opts={"simultaneous_resection": ("option", "SIM-9"), "resection": ("recommended", "RES-7")},
        flags=["FLAG-REHD", "FLAG-PRIMARY-IN-PLACE"],
    ),
    V(
        "ABL-4_limited_bilobar_all_ge_5_feasible",
        facts={"lesions": les(("VI", 6, 1), ("III", 5, 1))},
        ftype=("limited_bilobar", "A"),
        opts={"ablation": ("not_indicated", "ABL-4")},
    ),
    V(
        "ABL-7_unfit_single_lesion_size_unknown",
        facts={"fit_for_major_surgery": "no", "lesions": les(("VI", None, 1))},
        ftype=("I", "A"),
        opts={"ablation": ("needs_information", "ABL-7")},
    ),
    V(
        "PATTERN-8_bilobar_size_unknown_dominance_unknown",
        facts={"lesions": les(("VI", 6, 1), ("III", None, 1))},
        ftype=(None, None),
        ftype_missing=True,
        crit={"UNOS-7": "met"},
    ),
    V(
        "PATTERN-5_via_count_with_involvement_unknown_no_FLAG-TYPE-NO-INVOLVEMENT",
        facts={"lesions": L_III_MANY, "hepatic_involvement_pct": None},
        ftype=("III", "C"),
        no_flags=["FLAG-TYPE-NO-INVOLVEMENT"],
    ),
    V(
        "PATTERN-4_involvement_unknown_no_FLAG-TYPE-NO-INVOLVEMENT",
        facts={"lesions": L_UNI, "hepatic_involvement_pct": None},
        ftype=("limited_unilobar", "A"),
        no_flags=["FLAG-TYPE-NO-INVOLVEMENT"],
        flags=["FLAG-TYPE-UNILOBAR"],
    ),
    V(
        "PATTERN-6_involvement_unknown_FLAG-TYPE-NO-INVOLVEMENT",
        facts={"lesions": L_II, "hepatic_involvement_pct": None},
        ftype=("II", "B"),
        flags=["FLAG-TYPE-NO-INVOLVEMENT"],
    ),
    V(
        "PATTERN-7_involvement_unknown_FLAG-TYPE-NO-INVOLVEMENT",
        facts={"lesions": L_LIMBI, "hepatic_involvement_pct": None},
        ftype=("limited_bilobar", "A"),
        flags=["FLAG-TYPE-NO-INVOLVEMENT"],
    ),
    V(
        "PATTERN-0_confirmed_equals_suggestion_no_override_no_suggested_flag",
        facts={"confirmed_type": "I", "hepatic_involvement_pct": None},
        ftype=("I", "A"),
        no_flags=["FLAG-TYPE-OVERRIDE", "FLAG-TYPE-SUGGESTED"],
    ),
    V(
        "PATTERN-0_confirmed_II_without_lesions_no_override_flag",
        facts={"confirmed_type": "II", "lesions": None},
        ftype=("II", "B"),
        no_flags=["FLAG-TYPE-OVERRIDE", "FLAG-TYPE-SUGGESTED"],
    ),
    V(
        "LOBES-2_caudate_with_both_lobes_is_bilobar_FLAG-CAUDATE",
        facts={"lesions": les(("I", 1, 1), ("II", 1, 1), ("VI", 1, 1))},
        ftype=("limited_bilobar", "A"),
        flags=["FLAG-CAUDATE"],
        crit={"UNOS-7": "met"},
    ),
    V(
        "OLT-5_before_OLT-6_fit_unknown_all_sets_not_met",
        facts={"lesions": L_LIMBI, "hepatic_involvement_pct": 60, "fit_for_major_surgery": "unknown"},
        opts={"transplant": ("not_indicated", "OLT-5")},
    ),
    V(
        "OLT-2_before_OLT-4_G3_unfit",
        facts={"ki67_pct": 25, "fit_for_major_surgery": "no"},
        opts={"transplant": ("contraindicated", "OLT-2"), "resection": ("contraindicated", "RES-3")},
    ),
    V(
        "OLT-6_missing_only_unknown_items_of_incomplete_sets",
        facts={
            "lesions": L_LIMBI,
            "hepatic_involvement_pct": 60,
            "functional_syndrome": "yes",
            "syndrome_refractory": "unknown",
            "bilirubin_normal": "unknown",
        },
        verdict={"milan": "not_met", "enets": "incomplete", "unos": "not_met"},
        opts={"transplant": ("needs_information", "OLT-6")},
        missing={"transplant": ["syndrome_refractory", "bilirubin_normal"]},
    ),
    V(
        "TXV-2_not_met_outranks_unknown",
        facts={"age_years": 60, "bilirubin_normal": "unknown"},
        verdict={"milan": "not_met", "enets": "not_met"},
        crit={"ENETS-7": "unknown", "ENETS-1": "not_met"},
    ),
    V(
        "ENETS-3_involvement_49_functional_refractory_unknown_met",
        facts={"hepatic_involvement_pct": 49, "functional_syndrome": "yes", "syndrome_refractory": "unknown"},
        crit={"ENETS-3": "met"},
    ),
    V(
        "FLAG-OLT-TIME_AMB-56_raised_whatever_transplant_status_G3_UNOS-5",
        facts={
            "lesions": L_III_MANY,
            "hepatic_involvement_pct": 40,
            "ki67_pct": 25,
            "months_stable_or_response": 5,
        },
        opts={"transplant": ("contraindicated", "OLT-2")},
        verdict={"unos": "not_met"},
        flags=["FLAG-OLT-TIME"],
    ),
    V(
        "FLAG-PRRT-BULKY_AMB-56_type_II_PRRT-7_option",
        facts={"lesions": L_II, "extrahepatic_disease": "unresectable"},
        opts={"prrt": ("option", "PRRT-7"), "resection": ("contraindicated", "RES-4")},
        flags=["FLAG-PRRT-BULKY"],
    ),
    V(
        "FLAG-IA-EHD_RE_option_while_TAE_contraindicated",
        facts={
            "fit_for_major_surgery": "no",
            "portal_vein_thrombosis": "yes",
            "extrahepatic_disease": "unresectable",
        },
        opts={"tae": ("contraindicated", "TAE-4"), "radioembolization": ("option", "RE-5")},
        flags=["FLAG-IA-EHD", "FLAG-RE-CAUTION"],
    ),
    V(
        "FLAG-STAGED-AVAILABLE_G3_col_A_FLR_24",
        facts={"ki67_pct": 25, "flr_pct": 24},
        opts={"staged_resection": ("option", "STAGED-9")},
        flags=["FLAG-STAGED-AVAILABLE", "FLAG-G3"],
    ),
    V(
        "PRRT-1_scope_before_PRRT-2_sstr_negative_resectable",
        facts={"sstr_imaging": "negative"},
        opts={"prrt": ("not_indicated", "PRRT-1")},
    ),
    V(
        "PRRT-3_before_PRRT-5_renal_no_sstr_not_done",
        facts={"fit_for_major_surgery": "no", "renal_function_adequate": "no", "sstr_imaging": "not_done"},
        opts={"prrt": ("contraindicated", "PRRT-3")},
    ),
    V(
        "PRRT-5_EHD_unresectable_sstr_not_done",
        facts={"extrahepatic_disease": "unresectable", "sstr_imaging": "not_done"},
        opts={"prrt": ("needs_information", "PRRT-5")},
        missing={"prrt": ["sstr_imaging"]},
    ),
    V(
        "PRRT-2_NEC_sstr_negative",
        facts={"differentiation": "poorly", "ki67_pct": 50, "sstr_imaging": "negative"},
        opts={"prrt": ("not_indicated", "PRRT-2")},
    ),
    V(
        "PRRT-8_AMB-38_EHD_unknown_col_C_not_asked",
        facts={"extrahepatic_disease": "unknown", "lesions": L_III_MANY, "hepatic_involvement_pct": 40},
        opts={"prrt": ("option", "PRRT-8")},
        missing={"prrt": []},
    ),
    # ------------------------------------------------------------------ batch 3: LESION/LOBES corners, row order
    V(
        "LESION-1_single_entry_count_unknown_PATTERN-8",
        facts={"lesions": les(("VI", 3, None))},
        ftype=(None, None),
        ftype_missing=True,
        opts={"resection": ("needs_information", "RES-6")},
    ),
    V(
        "LESION-1_lower_bound_2_unilobar_PATTERN-4",
        facts={"lesions": les(("VI", 3, None), ("VII", 2, 1))},
        ftype=("limited_unilobar", "A"),
    ),
    V(
        "LESION-4_count_unknown_dominance_unknown_PATTERN-8",
        facts={"lesions": les(("VII", 8, 1), ("III", 2, None))},
        ftype=(None, None),
        ftype_missing=True,
        crit={"UNOS-7": "met"},
    ),
    V(
        "LOBES-3_unknown_segment_but_both_lobes_known_bilobar",
        facts={"lesions": les(("VI", 1, 1), ("III", 1, 1), (None, 1, 1))},
        ftype=("limited_bilobar", "A"),
        crit={"UNOS-7": "met"},
    ),
    V(
        "LESION-2_caudate_counts_as_segment_six_segments_type_III",
        facts={
            "lesions": les(("I", 1, 1), ("II", 1, 1), ("III", 1, 1), ("V", 1, 1), ("VI", 1, 1), ("VII", 1, 1))
        },
        ftype=("III", "C"),
        flags=["FLAG-CAUDATE"],
    ),
    V(
        "AMB-54_ABL-9_conditional_type_II_all_lt_5_FLR_unknown",
        facts={"lesions": L_II_SMALL, "flr_pct": None},
        opts={"ablation": ("option", "ABL-9")},
        cond={"ablation": True},
        missing={"ablation": []},
    ),
    V(
        "ABL-8_limited_bilobar_with_6cm_lesion_adjunct",
        facts={"lesions": les(("VI", 6, 1), ("III", 4, 1))},
        ftype=("limited_bilobar", "A"),
        opts={"ablation": ("option", "ABL-8")},
        no_flags=["FLAG-ABL-5CM"],
    ),
    V(
        "ABL-4_before_ABL-5_type_I_feasible_hilum_yes",
        facts={"lesion_near_hilum": "yes", "lesions": les(("VI", 6, 1))},
        opts={"ablation": ("not_indicated", "ABL-4")},
    ),
    V(
        "ABL-4_before_ABL-7_type_I_feasible_hilum_unknown",
        facts={"lesion_near_hilum": "unknown", "lesions": les(("VI", 6, 1))},
        opts={"ablation": ("not_indicated", "ABL-4")},
        missing={"ablation": []},
    ),
    V(
        "ABL-7_confirmed_II_one_size_unknown_any_lt_5_true_ABL-8",
        facts={"confirmed_type": "II", "lesions": les(("VII", 3, 1), ("III", None, 1))},
        opts={"ablation": ("option", "ABL-8")},
    ),
    V(
        "ABL-7_confirmed_II_sizes_unknown_feasible_asks_sizes",
        facts={"confirmed_type": "II", "lesions": les(("VII", 7, 1), ("III", None, 1))},
        opts={"ablation": ("needs_information", "ABL-7")},
    ),
    V(
        "ABL-7_confirmed_I_no_lesions_unfit_asks_lesions",
        facts={"confirmed_type": "I", "lesions": None, "fit_for_major_surgery": "no"},
        opts={"ablation": ("needs_information", "ABL-7")},
        missing={"ablation": ["lesions"]},
    ),
    V(
        "SIM-6_unfit_primary_resected_unknown",
        facts={"fit_for_major_surgery": "no", "primary_resected": "unknown"},
        opts={"simultaneous_resection": ("contraindicated", "SIM-6")},
    ),
    V(
        "SIM-4_unknown_primary_with_primary_resected_unknown",
        facts={"primary_site": "unknown_primary", "primary_resected": "unknown"},
        opts={"simultaneous_resection": ("not_indicated", "SIM-4")},
        crit={"MILAN-3": "not_met", "ENETS-4": "not_met", "UNOS-4": "not_met"},
    ),
    V(
        "SIM-9_primary_site_not_recorded_but_in_place_FLAG-PRIMARY-IN-PLACE",
        facts={"primary_site": "unknown", "primary_resected": "no"},
        opts={"simultaneous_resection": ("option", "SIM-9"), "chemotherapy": ("not_indicated", "CHE-4")},
        flags=["FLAG-PRIMARY-IN-PLACE"],
    ),
    V(
        "CHE-4_IFN-4_EVE-3_FEAS_feasible_site_not_recorded_row_i",
        facts={"primary_site": "unknown"},
        opts={
            "chemotherapy": ("not_indicated", "CHE-4"),
            "interferon": ("not_indicated", "IFN-4"),
            "immunotherapy": ("not_indicated", "IMM-4"),
            "everolimus": ("not_indicated", "EVE-3"),
            "sunitinib": ("not_indicated", "SUN-3"),
        },
    ),
    V(
        "EVE-4_rectum_without_lesions_not_held_up",
        facts={"primary_site": "rectum", "lesions": None},
        opts={
            "everolimus": ("not_indicated", "EVE-4"),
            "sunitinib": ("not_indicated", "SUN-4"),
            "chemotherapy": ("not_indicated", "CHE-3"),
            "interferon": ("not_indicated", "IFN-3"),
        },
    ),
    V(
        "EVE-4_before_EVE-5_type_II_resectable_rectum",
        facts={"lesions": L_II, "primary_site": "rectum"},
        opts={"everolimus": ("not_indicated", "EVE-4"), "sunitinib": ("not_indicated", "SUN-4")},
    ),
    V(
        "CHE-3_SI_FEAS_undetermined_site_row_first",
        facts={"primary_site": "small_intestine", "flr_pct": None},
        opts={"chemotherapy": ("not_indicated", "CHE-3")},
    ),
    V(
        "DEB-7_months_3_symptoms_unknown_fires",
        facts={
            "lesions": L_II,
            "flr_pct": 24,
            "months_stable_or_response": 3,
            "tumour_burden_symptoms": "unknown",
        },
        opts={"debulking": ("not_indicated", "DEB-7")},
    ),
    V(
        "DEB-8_nonfunctional_symptoms_unknown",
        facts={"lesions": L_II, "flr_pct": 24, "tumour_burden_symptoms": "unknown"},
        opts={"debulking": ("needs_information", "DEB-8")},
        missing={"debulking": ["tumour_burden_symptoms"]},
    ),
    V(
        "DEB-8_functional_unknown",
        facts={"lesions": L_II, "flr_pct": 24, "functional_syndrome": "unknown"},
        opts={"debulking": ("needs_information", "DEB-8")},
        missing={"debulking": ["functional_syndrome"]},
    ),
    V(
        "DEB-8_fit_unknown_RES-5_settles_FEAS",
        facts={
            "lesions": L_II,
            "flr_pct": 24,
            "fit_for_major_surgery": "unknown",
            "tumour_burden_symptoms": "yes",
        },
        opts={"resection": ("contraindicated", "RES-5"), "debulking": ("needs_information", "DEB-8")},
        missing={"debulking": ["fit_for_major_surgery"]},
    ),
    V(
        "STAGED-4_col_A_FLR_24_unfit",
        facts={"flr_pct": 24, "fit_for_major_surgery": "no"},
        opts={"staged_resection": ("contraindicated", "STAGED-4"), "resection": ("contraindicated", "RES-3")},
    ),
    V(
        "STAGED-6_no_lesions_FLR_40_asks_lesions",
        facts={"lesions": None},
        opts={"staged_resection": ("needs_information", "STAGED-6")},
        missing={"staged_resection": ["lesions"]},
    ),
    V(
        "RES-M2_RES-M3_reason_lines",
        facts={
            "recurrence_after_liver_resection": "yes",
            "primary_resected": "no",
            "extrahepatic_disease": "resectable",
        },
        opts={"resection": ("recommended", "RES-7")},
        reason_rule={"resection": "RES-M1"},
        flags=["FLAG-RECURRENCE", "FLAG-PRIMARY-IN-PLACE", "FLAG-REHD"],
    ),
    V(
        "PRRT-6_G3_EHD_unknown_not_asked",
        facts={"ki67_pct": 25, "extrahepatic_disease": "unknown"},
        opts={"prrt": ("option", "PRRT-6"), "resection": ("needs_information", "RES-6")},
        missing={"prrt": []},
    ),
    V(
        "OLT-3_criteria_unknown_not_asked",
        facts={"age_years": None, "bilirubin_normal": "unknown"},
        opts={"transplant": ("not_indicated", "OLT-3")},
        missing={"transplant": []},
        no_flags=["FLAG-OLT-KI67"],
    ),
    V(
        "FLAG-ECOG_not_raised_without_ecog",
        facts={"ecog": None, "fit_for_major_surgery": "unknown"},
        no_flags=["FLAG-ECOG"],
    ),
    V(
        "GRADE-2_ki67_0_G1_no_flags",
        facts={"ki67_pct": 0},
        grade=("G1", "GRADE-2"),
        no_flags=["FLAG-KI67-CUTOFF", "FLAG-KI67-GAP"],
    ),
    V(
        "ENETS-6_sstr_unknown_fdg_done_met",
        facts={"sstr_imaging": "unknown", "fdg_pet": "done"},
        crit={"ENETS-6": "met"},
    ),
    V(
        "ENETS-6_sstr_not_done_fdg_unknown_unknown",
        facts={"sstr_imaging": "not_done", "fdg_pet": "unknown"},
        crit={"ENETS-6": "unknown"},
        crit_missing={"ENETS-6": ["sstr_imaging"]},
    ),
    V(
        "MILAN-3_AMB-29_unresectable_EHD_outranks_unknown_resected",
        facts={"primary_resected": "unknown", "extrahepatic_disease": "unresectable"},
        crit={"MILAN-3": "not_met", "UNOS-4": "not_met", "ENETS-4": "unknown"},
    ),
    V(
        "ENETS-2_poorly_ki67_unknown_not_met",
        facts={"differentiation": "poorly", "ki67_pct": None},
        grade=("NEC", "GRADE-1"),
        crit={"ENETS-2": "not_met", "MILAN-2": "not_met"},
        no_flags=["FLAG-NEC-KI67"],
    ),
    V(
        "ENETS-2_differentiation_unknown_ki67_15_not_met_MILAN-2_unknown",
        facts={"differentiation": "unknown", "ki67_pct": 15},
        crit={"ENETS-2": "not_met", "MILAN-2": "unknown"},
    ),
    V(
        "ENETS-2_differentiation_unknown_ki67_5_unknown",
        facts={"differentiation": "unknown", "ki67_pct": 5},
        crit={"ENETS-2": "unknown"},
    ),
    V(
        "PORTAL-1_stomach_appendix_met",
        facts={"primary_site": "stomach"},
        crit={"UNOS-2": "met", "MILAN-3": "met"},
    ),
    V(
        "PORTAL-2_other_not_met",
        facts={"primary_site": "other"},
        crit={"UNOS-2": "not_met", "MILAN-3": "not_met"},
    ),
    V(
        "PORTAL-2_lung_not_met",
        facts={"primary_site": "lung"},
        crit={"UNOS-2": "not_met"},
    ),
    V(
        "PORTAL-1_duodenum_colon_appendix",
        facts={"primary_site": "appendix"},
        crit={"UNOS-2": "met"},
    ),
    V(
        "ENETS-4_primary_in_place_not_met_no_time_flag",
        facts={"lesions": L_III_MANY, "hepatic_involvement_pct": 40, "primary_resected": "no"},
        crit={"ENETS-4": "not_met", "MILAN-3": "not_met", "UNOS-4": "not_met"},
        opts={"transplant": ("not_indicated", "OLT-5")},
        no_flags=["FLAG-OLT-TIME"],
    ),
    # ------------------------------------------------------------------ batch 4: settled-without-type, grade gaps
    V(
        "AMB-53_RES-5_without_lesions_FEAS_settled_DEB-7_row_ii_STAGED-6_OLT-6",
        facts={"lesions": None, "flr_pct": 20},
        opts={
            "resection": ("contraindicated", "RES-5"),
            "staged_resection": ("needs_information", "STAGED-6"),
            "tae": ("option", "TAE-7"),
            "radioembolization": ("option", "RE-5"),
            "ablation": ("needs_information", "ABL-7"),
            "debulking": ("not_indicated", "DEB-7"),
            "transplant": ("needs_information", "OLT-6"),
            "ssa": ("option", "SSA-6"),
        },
        missing={"staged_resection": ["lesions"], "ablation": ["lesions"], "tae": []},
        missing_incl={"transplant": ["lesions"]},
        crit={"UNOS-8": "unknown"},
        crit_missing={"UNOS-8": ["lesions"]},
        no_flags=["FLAG-STAGED-AVAILABLE", "FLAG-RES-UNDET"],
    ),
    V(
        "AMB-53_RES-4_without_lesions_FLAG-IA-EHD",
        facts={"lesions": None, "extrahepatic_disease": "unresectable"},
        opts={
            "resection": ("contraindicated", "RES-4"),
            "staged_resection": ("contraindicated", "STAGED-5"),
            "tae": ("option", "TAE-7"),
            "prrt": ("option", "PRRT-7"),
        },
        flags=["FLAG-IA-EHD"],
    ),
    V(
        "ABL-6_limited_bilobar_all_ge_5_FLR_unknown_no_adjunct",
        facts={"lesions": les(("VI", 6, 1), ("III", 5, 1)), "flr_pct": None},
        opts={"ablation": ("not_indicated", "ABL-6")},
    ),
    V(
        "ABL-7_limited_bilobar_6cm_FLR_unknown_asks_FLR",
        facts={"lesions": les(("VI", 6, 1), ("III", 4, 1)), "flr_pct": None},
        opts={"ablation": ("needs_information", "ABL-7")},
        missing={"ablation": ["flr_pct"]},
    ),
    V(
        "ABL-7_confirmed_II_no_lesions_FLR_unknown_asks_both",
        facts={"confirmed_type": "II", "lesions": None, "flr_pct": None},
        opts={"ablation": ("needs_information", "ABL-7")},
        missing={"ablation": ["lesions", "flr_pct"]},
    ),
    V(
        "PRRT-5_FEAS_undetermined_by_lesions_asks_lesions",
        facts={"lesions": None},
        opts={"prrt": ("needs_information", "PRRT-5"), "ssa": ("needs_information", "SSA-4")},
        missing={"prrt": ["lesions"], "ssa": ["lesions"]},
    ),
    V(
        "SSA-4_functional_and_lesions_unknown",
        facts={"lesions": None, "functional_syndrome": "unknown"},
        opts={"ssa": ("needs_information", "SSA-4")},
        missing={"ssa": ["functional_syndrome", "lesions"]},
    ),
    V(
        "DEB-3_grade_unknown_col_A_row_i",
        facts={"differentiation": "unknown"},
        # rev 2: EVE-3 needs SURG exists; with the grade unknown SURG is undetermined
        opts={"debulking": ("not_indicated", "DEB-3"), "everolimus": ("needs_information", "EVE-6")},
    ),
    V(
        "CHE-5_GRADE-7_ki67_unknown_unfit_pancreas",
        facts={"ki67_pct": None, "fit_for_major_surgery": "no"},
        opts={"chemotherapy": ("needs_information", "CHE-5"), "resection": ("contraindicated", "RES-3")},
        missing={"chemotherapy": ["ki67_pct"]},
    ),
    V(
        "IFN-5_GRADE-7_ki67_unknown_unfit_SI",
        facts={"ki67_pct": None, "fit_for_major_surgery": "no", "primary_site": "small_intestine"},
        opts={
            "interferon": ("needs_information", "IFN-5"),
            "chemotherapy": ("needs_information", "CHE-5"),
            "everolimus": ("needs_information", "EVE-6"),  # rev 2: EVE-3 needs SURG exists
        },
        missing={"interferon": ["ki67_pct"]},
    ),
    V(
        "RES-2_G3_col_C_not_indicated_6.17",
        facts={"lesions": L_III_MANY, "hepatic_involvement_pct": 40, "ki67_pct": 30},
        opts={
            "resection": ("not_indicated", "RES-2"),
            "staged_resection": ("not_indicated", "STAGED-2"),
            "prrt": ("option", "PRRT-6"),
            "chemotherapy": ("option", "CHE-2"),
        },
        flags=["FLAG-DOWNSTAGING", "FLAG-G3"],
    ),
    V(
        "RES-1_before_RES-2_NEC_col_C",
        facts={"lesions": L_III_MANY, "hepatic_involvement_pct": 40, "differentiation": "poorly"},
        opts={"resection": ("contraindicated", "RES-1"), "staged_resection": ("contraindicated", "STAGED-1")},
    ),
    V(
        "FLAG-DOWNSTAGING_FLAG-PRRT-BULKY_NEC_type_II",
        facts={"lesions": L_II, "differentiation": "poorly", "ki67_pct": 40},
        opts={"prrt": ("option", "PRRT-6"), "resection": ("contraindicated", "RES-1")},
        flags=["FLAG-DOWNSTAGING", "FLAG-PRRT-BULKY"],
        no_flags=["FLAG-IA-EHD"],
    ),
    V(
        "FLAG-REHD_G3_RES-8_resectable_EHD",
        facts={"ki67_pct": 30, "extrahepatic_disease": "resectable"},
        opts={"resection": ("option", "RES-8")},
        flags=["FLAG-REHD", "FLAG-G3"],
    ),
    V(
        "STAGED-7_FLR_29.9_type_II_recommended",
        facts={"lesions": L_II, "flr_pct": 29.9},
        opts={"staged_resection": ("recommended", "STAGED-7")},
    ),
    V(
        "STAGED-8_FLR_30_type_II_option",
        facts={"lesions": L_II, "flr_pct": 30},
        opts={"staged_resection": ("option", "STAGED-8"), "resection": ("recommended", "RES-7")},
    ),
    V(
        "ENETS-4_6_months_since_primary_met",
        facts={"months_since_primary_resection": 6},
        crit={"ENETS-4": "met"},
    ),
    V(
        "GRADE-3_ki67_2.99_gap",
        facts={"ki67_pct": 2.99},
        grade=("G2", "GRADE-3"),
        flags=["FLAG-KI67-GAP"],
    ),
    V(
        "GRADE-5_ki67_20.5_G3",
        facts={"ki67_pct": 20.5},
        grade=("G3 NET", "GRADE-5"),
        flags=["FLAG-G3"],
        no_flags=["FLAG-KI67-CUTOFF"],
    ),
    V(
        "ABL-9_lesion_4.99cm_any_lt_5",
        facts={"fit_for_major_surgery": "no", "lesions": les(("VI", 4.99, 1))},
        opts={"ablation": ("option", "ABL-9")},
    ),
    V(
        "OLT-4_unfit_grade_known_criteria_unknown_not_asked",
        facts={"fit_for_major_surgery": "no", "age_years": None, "months_stable_or_response": None},
        opts={"transplant": ("contraindicated", "OLT-4")},
        missing={"transplant": []},
        no_flags=["FLAG-OLT-KI67"],
    ),
    # ------------------------------------------------------------------ batch 5: pattern corners, UNOS-8 facts
    V(
        "PATTERN-4_unilobar_with_involvement_80_stays_column_A_AMB-9",
        facts={"lesions": L_UNI, "hepatic_involvement_pct": 80},
        ftype=("limited_unilobar", "A"),
        opts={"resection": ("recommended", "RES-7")},
        crit={"MILAN-4": "not_met", "ENETS-3": "not_met"},
    ),
    V(
        "PATTERN-3_single_lesion_segment_unknown_type_I_UNOS-7_unknown",
        facts={"lesions": les((None, 3, 1))},
        ftype=("I", "A"),
        crit={"UNOS-7": "unknown"},
    ),
    V(
        "PATTERN-5_six_segments_sizes_unknown_type_III",
        facts={
            "lesions": les(
                ("II", None, 1),
                ("III", None, 1),
                ("IV", None, 1),
                ("V", None, 1),
                ("VI", None, 1),
                ("VII", None, 1),
            )
        },
        ftype=("III", "C"),
    ),
    V(
        "PATTERN-1_empty_list_is_not_recorded",
        facts={"lesions": []},
        ftype=(None, None),
        opts={"resection": ("needs_information", "RES-6")},
        missing={"resection": ["lesions"]},
    ),
    V(
        "UNOS-8_missing_union_of_RES_and_STAGED_missing",
        facts={"lesions": L_II, "flr_pct": None, "extrahepatic_disease": "unknown"},
        crit={"UNOS-8": "unknown"},
        crit_missing={"UNOS-8": ["flr_pct", "extrahepatic_disease"]},
        opts={"transplant": ("needs_information", "OLT-6")},
        missing_incl={"transplant": ["extrahepatic_disease"]},
    ),
    # ------------------------------------------------------------------ batch 6: confirmed type vs lesions, time flag
    V(
        "PATTERN-0_confirmed_I_with_bilobar_lesions_LOBES_from_lesions",
        facts={"confirmed_type": "I", "lesions": L_LIMBI},
        ftype=("I", "A"),
        opts={"ablation": ("option", "ABL-11"), "resection": ("recommended", "RES-7")},
        crit={"UNOS-7": "met"},
        flags=["FLAG-TYPE-OVERRIDE"],
        no_flags=["FLAG-TYPE-SUGGESTED"],
    ),
    V(
        "FLAG-OLT-TIME_AMB-48_time_item_fails_other_items_unknown",
        facts={
            "lesions": L_III_MANY,
            "hepatic_involvement_pct": 40,
            "months_stable_or_response": 5,
            "age_years": None,
        },
        verdict={"milan": "not_met", "enets": "not_met", "unos": "not_met"},
        opts={"transplant": ("not_indicated", "OLT-5")},
        flags=["FLAG-OLT-TIME"],
    ),
    V(
        "FLAG-OLT-TIME_ENETS-4_resected_no_is_not_a_time_item",
        facts={"primary_resected": "no", "months_since_primary_resection": 3},
        crit={"ENETS-4": "not_met"},
        no_flags=["FLAG-OLT-TIME"],
    ),
]


@pytest.mark.parametrize("spec", VIGNETTES)
def test_catalogue_vignette(spec: dict[str, Any]) -> None:
    result = run(spec.get("facts", {}))
    problems: list[str] = []

    def chk(ok: bool, msg: str) -> None:
        if not ok:
            problems.append(msg)

    assert {o["modality"] for o in result["options"]} == set(SIXTEEN)

    if "grade" in spec:
        grade, rule = spec["grade"]
        chk(result["grade"] == grade, f"grade {result['grade']!r} != {grade!r}")
        chk(result["grade_detail"]["rule"] == rule, f"grade rule {result['grade_detail']['rule']} != {rule}")
    if "grade_missing" in spec:
        got = set(result["grade_detail"]["missing"])
        chk(
            got == set(spec["grade_missing"]),
            f"grade missing {sorted(got)} != {sorted(spec['grade_missing'])}",
        )
    if "grade_text" in spec:
        chk(
            spec["grade_text"] in result["grade_detail"]["text"],
            f"grade text: {result['grade_detail']['text']!r}",
        )

    if "ftype" in spec:
        used, column = spec["ftype"]
        ft = result["frilling_type"]
        chk(ft["used"] == used, f"type used {ft['used']!r} != {used!r}")
        chk(ft["column"] == column, f"column {ft['column']!r} != {column!r}")
    if spec.get("ftype_missing"):
        chk(bool(result["frilling_type"]["missing"]), "frilling_type.missing is empty")

    for modality, (status, rule) in spec.get("opts", {}).items():
        o = option(result, modality)
        chk(
            (o["status"], o["rule"]) == (status, rule),
            f"{modality}: {o['status']} {o['rule']} (missing {o['missing']}) != {status} {rule}",
        )
    for modality, expected in spec.get("missing", {}).items():
        got = option(result, modality)["missing"]
        chk(set(got) == set(expected), f"{modality} missing {got} != {expected}")
    for modality, expected in spec.get("missing_incl", {}).items():
        got = option(result, modality)["missing"]
        chk(set(expected) <= set(got), f"{modality} missing {got} lacks {expected}")
    for modality, conditional in spec.get("cond", {}).items():
        o = option(result, modality)
        chk(
            bool(o["conditional"]) == conditional,
            f"{modality} conditional {o['conditional']} != {conditional}",
        )
        if conditional:
            prefix = SURG_PREFIX if modality == "transplant" else FEAS_PREFIX
            text = o["reasons"][0]["text"] if o["reasons"] else ""
            chk(text.startswith(prefix), f"{modality} reason lacks prefix {prefix!r}: {text!r}")
    for modality, flags in spec.get("opt_flags", {}).items():
        got = option(result, modality)["flags"]
        chk(set(flags) <= set(got), f"{modality} flags {got} lack {flags}")
    for modality, needle in spec.get("reason_contains", {}).items():
        texts = " | ".join(r["text"] for r in option(result, modality)["reasons"])
        chk(needle in texts, f"{modality} reasons lack {needle!r}: {texts!r}")
    for modality, rule in spec.get("reason_rule", {}).items():
        rules = [r["rule"] for r in option(result, modality)["reasons"]]
        chk(rule in rules, f"{modality} reason rules {rules} lack {rule}")
    if spec.get("no_recommended"):
        rec = [o["modality"] for o in result["options"] if o["status"] == "recommended"]
        chk(not rec, f"recommended in column C: {rec}")

    flag_ids = {f["id"] for f in result["flags"]}
    for f in spec.get("flags", []):
        chk(f in flag_ids, f"flag {f} not raised (flags: {sorted(flag_ids)})")
    for f in spec.get("no_flags", []):
        chk(f not in flag_ids, f"flag {f} raised")
    if "eltr" in spec:
        got = {f["id"] for f in result["eltr_factors"]}
        chk(got == set(spec["eltr"]), f"eltr_factors {sorted(got)} != {sorted(spec['eltr'])}")
    if "needs" in spec:
        got = set(result["needs_information"])
        chk(got == set(spec["needs"]), f"needs_information {sorted(got)} != {sorted(spec['needs'])}")

    for item_id, expected in spec.get("crit", {}).items():
        item = criteria_item(result, item_id)
        chk(
            item["result"] == expected,
            f"{item_id} {item['result']} (missing {item['missing']}) != {expected}",
        )
    for item_id, expected in spec.get("crit_missing", {}).items():
        got = criteria_item(result, item_id)["missing"]
        chk(set(expected) <= set(got), f"{item_id} missing {got} lacks {expected}")
    for set_name, verdict in spec.get("verdict", {}).items():
        got = result["transplant_criteria"][set_name]["verdict"]
        chk(got == verdict, f"{set_name} verdict {got} != {verdict}")

    assert not problems, "\n".join(problems)


def test_FLAG_MDT_on_every_result_and_flags_never_change_status() -> None:
    """FLAG-MDT: every result. Flags never change a status (section 8): FLAG-RECURRENCE / hepatomegaly rows."""
    plain = run({})
    flagged = run(
        {"recurrence_after_liver_resection": "yes", "hepatomegaly": "yes", "olt_concurrent_resection": "yes"}
    )
    for r in (plain, flagged, run({"differentiation": "unknown", "lesions": None})):
        assert "FLAG-MDT" in {f["id"] for f in r["flags"]}
    assert [(o["modality"], o["status"], o["rule"]) for o in plain["options"]] == [
        (o["modality"], o["status"], o["rule"]) for o in flagged["options"]
    ]


def test_EVAL_2_every_option_cites_its_deciding_rule_in_reasons() -> None:
    r = run({"lesions": L_II, "flr_pct": 24})
    for o in r["options"]:
        assert o["rule"] in {x["rule"] for x in o["reasons"]}, o["modality"]


def test_cli_evaluate_json_matches_python(tmp_path) -> None:
    """The CLI contract of the brief: `nelm-desktop evaluate CASE.json --format json`."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    case = dict(BASE, lesions=L_II, flr_pct=24)
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    exe = Path(sys.executable).with_name("nelm-desktop")
    if not exe.exists():
        pytest.skip("nelm-desktop console script not installed next to the interpreter")
    out = subprocess.run(
        [str(exe), "evaluate", str(path), "--format", "json"], capture_output=True, check=True
    )
    cli = json.loads(out.stdout)
    py = run({"lesions": L_II, "flr_pct": 24})
    assert [(o["modality"], o["status"], o["rule"]) for o in cli["options"]] == [
        (o["modality"], o["status"], o["rule"]) for o in py["options"]
    ]


def test_section_12_suggested_type_note_only_when_the_suggestion_is_used() -> None:
    suggested = option(run({}), "resection")["reasons"][0]
    confirmed = option(run({"confirmed_type": "I"}), "resection")["reasons"][0]
    assert suggested["uses_suggested_type"] is True
    assert confirmed["uses_suggested_type"] is False


def test_TXV_criteria_shown_for_every_case_with_catalogue_item_ids() -> None:
    for facts in ({}, {"differentiation": "poorly"}, {"ki67_pct": 30}, {"lesions": None, "age_years": None}):
        tc = run(facts)["transplant_criteria"]
        assert [i["id"] for i in tc["milan"]["items"]] == [f"MILAN-{n}" for n in range(1, 6)]
        assert [i["id"] for i in tc["enets"]["items"]] == [f"ENETS-{n}" for n in range(1, 8)]
        assert [i["id"] for i in tc["unos"]["items"]] == [
            f"UNOS-{n}" for n in range(1, 9)
        ]  # AMB-30: no grade item
