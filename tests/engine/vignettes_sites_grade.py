"""Catalogue vignettes: Primary sites, SSA rows, grading rows, Ki-67 flags and single-trigger flags."""

from __future__ import annotations

from vignettes_common import L_II, L_III_MANY, V

VIGNETTES = [
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
]
