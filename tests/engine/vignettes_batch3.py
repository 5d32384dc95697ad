"""Catalogue vignettes: Third batch: combinations across sections."""

from __future__ import annotations

from vignettes_common import L_II, L_II_SMALL, L_III_MANY, V, les

VIGNETTES = [
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
]
