"""What every catalogue vignette shares: the BASE case, lesion shorthands, the shared expectations and the
`V` maker (test_catalogue_vignettes.py explains the method)."""

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
