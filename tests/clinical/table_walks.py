"""Ordered decision tables as walks (second clinical audit; used by test_decision_table_order and
test_unknown_facts_are_asked).

A walk starts from a case in which a table's first row and as many later rows as the facts allow hold at
once; each step names the row that must decide, then removes that row's trigger (`then`), so the next row
that still holds must decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.clinical.clinical_cases import (
    BASE,
    LIMITED_BILOBAR,
    PRIMARY_IN_PLACE,
    SOLITARY,
    SOLITARY_6CM,
    SOLITARY_SIZE_UNKNOWN,
    TYPE_I_FACTS,
    TYPE_II_FACTS,
    TYPE_II_SMALL,
    TYPE_III_FACTS,
)


@dataclass(frozen=True)
class Step:
    rule: str
    status: str
    missing: tuple[str, ...] = ()
    then: dict[str, Any] | None = None  # the trigger removed for the next step
    flags: tuple[str, ...] = ()
    conditional: bool = False


@dataclass(frozen=True)
class Walk:
    modality: str
    start: dict[str, Any]
    steps: tuple[Step, ...]


WALKS: dict[str, Walk] = {
    "resection": Walk(
        "resection",
        {
            "differentiation": "poorly",
            "ki67_pct": 30,
            **TYPE_III_FACTS,
            "fit_for_major_surgery": "no",
            "extrahepatic_disease": "unresectable",
            "primary_resected": "no",
            "primary_resectable": "no",
            "surgeon_assessment": "unresectable",
            "flr_pct": 20,
        },
        (
            Step("RES-1", "contraindicated", then={"differentiation": "well"}),  # G3 NET from here
            Step("RES-2", "not_indicated", then=TYPE_II_FACTS),
            Step("RES-3", "contraindicated", then={"fit_for_major_surgery": "yes"}),
            Step("RES-4", "contraindicated", then={"extrahepatic_disease": "none"}),
            Step("RES-11", "contraindicated", then={"primary_resectable": "yes"}),
            Step("RES-9", "contraindicated", then={"surgeon_assessment": "two_stage_only"}),
            # FLR < 30 and two_stage_only both hold: RES-5 comes first.
            Step("RES-5", "contraindicated", then={"flr_pct": None}),
            Step("RES-10", "contraindicated", then={"surgeon_assessment": "not_assessed"}),
            Step("RES-6", "needs_information", ("flr_pct",), then={"flr_pct": 45}),
            Step("RES-8", "option", then={"ki67_pct": 1}, flags=("FLAG-G3", "FLAG-PRIMARY-IN-PLACE")),
            Step("RES-7", "recommended"),
        ),
    ),
    "staged_resection": Walk(
        "staged_resection",
        {
            "differentiation": "poorly",
            "ki67_pct": 30,
            **TYPE_III_FACTS,
            "fit_for_major_surgery": "no",
            "extrahepatic_disease": "unresectable",
            "primary_resected": "no",
            "primary_resectable": "no",
            "surgeon_assessment": "unresectable",
            "flr_pct": 60,
        },
        (
            Step("STAGED-1", "contraindicated", then={"differentiation": "well"}),
            Step("STAGED-2", "not_indicated", then=TYPE_I_FACTS),
            # Column A with FLR sufficient: a scope row, before the contraindications that also hold.
            Step("STAGED-3", "not_indicated", then=TYPE_II_FACTS),
            Step("STAGED-4", "contraindicated", then={"fit_for_major_surgery": "yes"}),
            Step("STAGED-5", "contraindicated", then={"extrahepatic_disease": "none"}),
            Step("STAGED-10", "contraindicated", then={"primary_resectable": "yes"}),
            Step(
                "STAGED-11", "contraindicated", then={"surgeon_assessment": "not_assessed", "flr_pct": None}
            ),
            Step("STAGED-6", "needs_information", ("flr_pct",), then={"flr_pct": 20}),
            # G3 NET: the STAGED-7 row capped at option, ALPPS excluded (STAGED-M1, AMB-52).
            Step("STAGED-7", "option", then={"flr_pct": 60}, flags=("FLAG-G3", "FLAG-STAGED-BIOPSY")),
            Step("STAGED-8", "option", then={**TYPE_I_FACTS, "surgeon_assessment": "two_stage_only"}),
            Step("STAGED-9", "option", then={**TYPE_II_FACTS, "ki67_pct": 1}),
            # G1/G2 with two_stage_only: no FLR asked (RES-10), STAGED-7 recommended.
            Step("STAGED-7", "recommended", then={"flr_pct": None}),
            Step("STAGED-7", "recommended"),
        ),
    ),
    "simultaneous_resection": Walk(
        "simultaneous_resection",
        {
            "differentiation": "poorly",
            "ki67_pct": 30,
            **TYPE_III_FACTS,
            "primary_site": "unknown_primary",
            "primary_resected": "yes",
            "fit_for_major_surgery": "no",
        },
        (
            Step("SIM-1", "contraindicated", then={"differentiation": "well"}),
            Step("SIM-2", "not_indicated", then={"ki67_pct": 1}),
            Step("SIM-3", "not_indicated", then=TYPE_I_FACTS),
            Step("SIM-4", "not_indicated", then={"primary_site": "small_intestine"}),
            Step("SIM-5", "not_indicated", then=PRIMARY_IN_PLACE),
            Step("SIM-6", "contraindicated", then={"fit_for_major_surgery": "unknown"}),
            Step(
                "SIM-8",
                "needs_information",
                ("fit_for_major_surgery",),
                then={"fit_for_major_surgery": "yes"},
            ),
            Step("SIM-9", "option", then={**TYPE_II_FACTS, "flr_pct": 20}),
            Step("SIM-11", "option"),
        ),
    ),
    "debulking": Walk(
        "debulking",
        {
            "differentiation": "poorly",
            "ki67_pct": 30,
            **TYPE_III_FACTS,
            "fit_for_major_surgery": "no",
            "functional_syndrome": "yes",
            "syndrome_refractory": "no",
        },
        (
            Step("DEB-1", "contraindicated", then={"differentiation": "well"}),
            Step("DEB-2", "not_indicated", then={"ki67_pct": 1}),
            Step("DEB-3", "not_indicated", then={**TYPE_II_FACTS, "fit_for_major_surgery": "yes"}),
            Step("DEB-4", "not_indicated", then={"fit_for_major_surgery": "no"}),
            Step("DEB-5", "contraindicated", then={"fit_for_major_surgery": "yes", "flr_pct": 20}),
            Step(
                "DEB-6",
                "not_indicated",
                then={
                    "functional_syndrome": "no",
                    "months_stable_or_response": 3,
                    "tumour_burden_symptoms": "yes",
                },
            ),
            Step("DEB-7", "not_indicated", then={"months_stable_or_response": None}),
            Step(
                "DEB-8",
                "needs_information",
                ("months_stable_or_response",),
                then={"months_stable_or_response": 6},
            ),
            Step("DEB-9", "option", flags=("FLAG-DEB-TARGET",)),
        ),
    ),
    "ablation": Walk(
        "ablation",
        {"differentiation": "poorly", "ki67_pct": 30, **TYPE_III_FACTS, "lesion_near_hilum": "yes"},
        (
            Step("ABL-1", "not_indicated", then={"differentiation": "well"}),
            Step("ABL-2", "not_indicated", then={"ki67_pct": 1}),
            Step("ABL-3", "not_indicated", then={"lesions": SOLITARY_6CM, "hepatic_involvement_pct": 10}),
            # Resection feasible, one lesion >= 5 cm: a scope row, before the hilum contraindication.
            Step("ABL-4", "not_indicated", then={"fit_for_major_surgery": "no"}),
            Step("ABL-5", "contraindicated", then={"lesion_near_hilum": "unknown"}),
            # All four ABL-0 conditions false: ABL-6 before the needs_information row.
            Step("ABL-6", "not_indicated", then={"lesions": SOLITARY_SIZE_UNKNOWN}, flags=("FLAG-ABL-5CM",)),
            Step(
                "ABL-7",
                "needs_information",
                ("lesion_sizes", "lesion_near_hilum"),
                then={"lesions": SOLITARY, "lesion_near_hilum": "no"},
            ),
            Step("ABL-9", "option"),
        ),
    ),
    "ablation-adjuncts": Walk(
        "ablation",
        # Limited bilobar < 5 cm, resection feasible: ADJ1 (ABL-8) and ALT (ABL-11) both hold.
        {"lesions": LIMITED_BILOBAR, "hepatic_involvement_pct": 5},
        (
            Step(
                "ABL-8",
                "option",
                then={"lesions": TYPE_II_SMALL, "hepatic_involvement_pct": 20, "flr_pct": 20},
            ),
            # Type II < 5 cm with one-stage excluded: ADJ2 (ABL-10) and SOLO (ABL-9) both hold.
            Step("ABL-10", "option", then=TYPE_I_FACTS | {"flr_pct": 60}),
            Step("ABL-11", "option", then={"flr_pct": None}),
            # FEAS undetermined on the FLR only, every lesion < 5 cm: EVAL-4's conditional option.
            Step("ABL-9", "option", conditional=True),
        ),
    ),
    "prrt": Walk(
        "prrt",
        {
            "extrahepatic_disease": "resectable",
            "sstr_imaging": "negative",
            "renal_function_adequate": "no",
            "marrow_reserve_adequate": "no",
        },
        (
            Step("PRRT-1", "not_indicated", then={"fit_for_major_surgery": "no"}),
            Step("PRRT-2", "not_indicated", then={"sstr_imaging": "positive"}),
            Step("PRRT-3", "contraindicated", then={"renal_function_adequate": "yes"}),
            Step("PRRT-4", "contraindicated", then={"marrow_reserve_adequate": "unknown"}),
            Step(
                "PRRT-5",
                "needs_information",
                ("marrow_reserve_adequate",),
                then={"marrow_reserve_adequate": "yes"},
            ),
            Step("PRRT-7", "option", then={"extrahepatic_disease": "none"}),
            Step("PRRT-8", "option", then={"differentiation": "poorly", "fdg_pet": "negative"}),
            Step("PRRT-6", "option", flags=("FLAG-DUAL-TRACER",)),
        ),
    ),
    "transplant": Walk(
        "transplant",
        {"differentiation": "poorly", "ki67_pct": 30, "fit_for_major_surgery": "no", "age_years": 60},
        (
            Step("OLT-1", "contraindicated", then={"differentiation": "well"}),
            Step("OLT-2", "contraindicated", then={"ki67_pct": 1, "fit_for_major_surgery": "yes"}),
            Step("OLT-3", "not_indicated", then={"fit_for_major_surgery": "no"}),
            Step(
                "OLT-4",
                "contraindicated",
                then={"fit_for_major_surgery": "yes", "surgeon_assessment": "unresectable"},
            ),
            Step("OLT-5", "not_indicated", then={"age_years": None}),
            # Milan and ENETS then lack only the age; UNOS fails on UNOS-7 (a solitary lesion).
            Step("OLT-6", "needs_information", ("age_years",), then={"age_years": 50}),
            Step("OLT-7", "option", flags=("FLAG-OLT-SELECTION",)),
        ),
    ),
    "ssa": Walk(
        "ssa",
        {"differentiation": "poorly", "functional_syndrome": "yes"},
        (
            Step(
                "SSA-1",
                "not_indicated",
                then={"differentiation": "well", "ki67_pct": 30, "functional_syndrome": "no"},
            ),
            Step("SSA-2", "not_indicated", then={"ki67_pct": 1}),
            Step("SSA-3", "not_indicated", then={"functional_syndrome": "unknown"}),
            Step(
                "SSA-4",
                "needs_information",
                ("functional_syndrome",),
                then={"functional_syndrome": "yes", "fit_for_major_surgery": "no"},
            ),
            # Functional with resection not feasible: SSA-5 and SSA-6 both hold; SSA-5 first.
            Step("SSA-5", "option", then={"functional_syndrome": "no"}),
            Step("SSA-6", "option"),
        ),
    ),
    "chemotherapy": Walk(
        "chemotherapy",
        {"differentiation": "poorly", "ki67_pct": 30},
        (
            Step("CHE-1", "recommended", then={"differentiation": "well"}),
            Step("CHE-2", "option", then={"ki67_pct": 1}),
            Step("CHE-3", "not_indicated", then={"primary_site": "pancreas"}),
            Step("CHE-4", "not_indicated", then={"primary_site": "unknown", "fit_for_major_surgery": "no"}),
            Step("CHE-5", "needs_information", ("primary_site",), then={"primary_site": "pancreas"}),
            Step("CHE-6", "option"),
        ),
    ),
}


def _targeted_walk(modality: str, prefix: str, site: str) -> Walk:
    return Walk(
        modality,
        {"differentiation": "poorly", "ki67_pct": 30, "primary_site": "rectum"},
        (
            Step(f"{prefix}-1", "not_indicated", then={"differentiation": "well"}),
            Step(f"{prefix}-2", "not_indicated", then={"ki67_pct": 1}),
            Step(f"{prefix}-3", "not_indicated", then=TYPE_II_FACTS),
            Step(f"{prefix}-4", "not_indicated", then={"primary_site": site}),
            Step(
                f"{prefix}-5",
                "not_indicated",
                then={"primary_site": "unknown", "fit_for_major_surgery": "no"},
            ),
            Step(f"{prefix}-6", "needs_information", ("primary_site",), then={"primary_site": site}),
            Step(f"{prefix}-7", "option", then=TYPE_I_FACTS),
            Step(f"{prefix}-8", "option"),
        ),
    )


def _si_walk(modality: str, prefix: str) -> Walk:
    return Walk(
        modality,
        {"differentiation": "poorly", "ki67_pct": 30, "primary_site": "rectum"},
        (
            Step(f"{prefix}-1", "not_indicated", then={"differentiation": "well"}),
            Step(f"{prefix}-2", "not_indicated", then={"ki67_pct": 1}),
            Step(f"{prefix}-3", "not_indicated", then={"primary_site": "small_intestine"}),
            Step(
                f"{prefix}-4",
                "not_indicated",
                then={"primary_site": "unknown", "fit_for_major_surgery": "no"},
            ),
            Step(
                f"{prefix}-5",
                "needs_information",
                ("primary_site",),
                then={"primary_site": "small_intestine"},
            ),
            Step(f"{prefix}-6", "option"),
        ),
    )


def _embolization_walk(modality: str, prefix: str) -> Walk:
    return Walk(
        modality,
        {
            "differentiation": "poorly",
            "ki67_pct": 30,
            "portal_vein_thrombosis": "yes",
            "prior_whipple": "yes",
            "bilioenteric_anastomosis": "unknown",
        },
        (
            Step(f"{prefix}-1", "not_indicated", then={"differentiation": "well"}),
            Step(f"{prefix}-2", "not_indicated", then={"ki67_pct": 1}),
            Step(f"{prefix}-3", "not_indicated", then={"fit_for_major_surgery": "no"}),
            Step(f"{prefix}-4", "contraindicated", then={"portal_vein_thrombosis": "no"}),
            Step(f"{prefix}-5", "contraindicated", then={"prior_whipple": "no"}),
            Step(
                f"{prefix}-6",
                "needs_information",
                ("bilioenteric_anastomosis",),
                then={"bilioenteric_anastomosis": "no"},
            ),
            Step(f"{prefix}-7", "option"),
        ),
    )


WALKS |= {
    "everolimus": _targeted_walk("everolimus", "EVE", "small_intestine"),
    "sunitinib": _targeted_walk("sunitinib", "SUN", "pancreas"),
    "interferon": _si_walk("interferon", "IFN"),
    "immunotherapy": _si_walk("immunotherapy", "IMM"),
    "tae": _embolization_walk("tae", "TAE"),
    "tace": _embolization_walk("tace", "TACE"),
    "radioembolization": Walk(
        "radioembolization",
        {
            "differentiation": "poorly",
            "ki67_pct": 30,
            "hepatic_insufficiency": "yes",
            "portal_vein_thrombosis": "yes",
        },
        (
            Step("RE-1", "not_indicated", then={"differentiation": "well"}),
            Step("RE-2", "not_indicated", then={"ki67_pct": 1}),
            Step("RE-3", "not_indicated", then={"fit_for_major_surgery": "no"}),
            Step("RE-6", "contraindicated", then={"hepatic_insufficiency": "unknown"}),
            Step(
                "RE-4", "needs_information", ("hepatic_insufficiency",), then={"hepatic_insufficiency": "no"}
            ),
            # Portal vein thrombosis: a caution for RE, not a contraindication (RE-C, AMB-25).
            Step("RE-5", "option", flags=("FLAG-RE-CAUTION",)),
        ),
    ),
}


def walk_params() -> list[Any]:
    """One pytest param per step: (modality, the case's facts at that step, the step)."""
    params = []
    for name, walk in WALKS.items():
        facts = {**BASE, **walk.start}
        for index, step in enumerate(walk.steps):
            params.append(pytest.param(walk.modality, dict(facts), step, id=f"{name}-{index}-{step.rule}"))
            facts = {**facts, **(step.then or {})}
    return params
