"""Case builders for engine tests: a fully recorded baseline and the liver patterns of Fig. 1/2."""

from __future__ import annotations

from typing import Any

from nelm_desktop.core.engine import evaluate
from nelm_desktop.core.evaluation import Evaluation
from nelm_desktop.core.model import Case

SOLITARY = [{"segment": "VI", "size_cm": 3.0, "count": 1}]
UNILOBAR = [{"segment": "VI", "size_cm": 2.0, "count": 1}, {"segment": "VII", "size_cm": 2.0, "count": 1}]
LIMITED_BILOBAR = [
    {"segment": "VI", "size_cm": 2.0, "count": 1},
    {"segment": "III", "size_cm": 2.0, "count": 1},
]
TYPE_II = [
    {"segment": "VII", "size_cm": 8.0, "count": 1},
    {"segment": "VIII", "size_cm": 2.0, "count": 1},
    {"segment": "III", "size_cm": 1.5, "count": 1},
]
TYPE_III = [{"segment": s, "size_cm": 1.5, "count": 2} for s in ("II", "III", "IV", "V", "VI", "VII", "VIII")]

# G1 small-intestinal NET, solitary lesion, everything recorded: resection is the first line.
BASE: dict[str, Any] = {
    "age_years": 50,
    "differentiation": "well",
    "ki67_pct": 1,
    "primary_site": "small_intestine",
    "primary_resected": "yes",
    "primary_resectable": "yes",  # read only with the primary in place (AMB-58)
    "months_since_primary_resection": 12,
    "functional_syndrome": "no",
    "tumour_burden_symptoms": "no",
    "lesions": SOLITARY,
    "hepatic_involvement_pct": 5,
    "flr_pct": 60,
    "lesion_near_hilum": "no",
    "superficial_lesion": "no",
    "hepatomegaly": "no",
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
    "months_stable_or_response": 8,
    "recurrence_after_liver_resection": "no",
    "olt_concurrent_resection": "no",
}


def case(**overrides: Any) -> Case:
    return Case(**{**BASE, **overrides})


def ev(**overrides: Any) -> Evaluation:
    return evaluate(case(**overrides))


def flag_ids(evaluation: Evaluation) -> set[str]:
    return {f.id for f in evaluation.flags}
