"""Catalogue vignettes: Fourth to sixth batches: combinations across sections."""

from __future__ import annotations

from vignettes_common import L_II, L_III_MANY, L_LIMBI, L_UNI, V, les

VIGNETTES = [
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
