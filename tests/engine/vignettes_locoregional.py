"""Catalogue vignettes: Ablation, TAE / TACE / radioembolization and PRRT rows (ABL, TAE, PRRT)."""

from __future__ import annotations

from vignettes_common import L_II_SMALL, L_III_MANY, L_LIMBI, V, les

VIGNETTES = [
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
]
