"""Plain names of the facts, for 'needs information' lists, the form and the reports.

A missing fact is named by its id: a field of `Case` (e.g. ``flr_pct``) or one of the lesion-table
facts below, which the UI maps to the liver diagram.
"""

from __future__ import annotations

FACT_LABELS: dict[str, str] = {
    "age_years": "Age (years)",
    "differentiation": "Differentiation",
    "grade_reported": "Grade as reported",
    "ki67_pct": "Ki-67 index (%)",
    "ki67_liver_pct": "Ki-67 index, liver biopsy (%)",
    "primary_site": "Primary site",
    "primary_resected": "Primary resected",
    "primary_resectable": "Primary resectable",
    "months_since_primary_resection": "Months since primary resection",
    "functional_syndrome": "Functional (hormonal) syndrome",
    "syndrome_type": "Syndrome type",
    "syndrome_refractory": "Syndrome refractory to medical control incl. SSA",
    "tumour_burden_symptoms": "Symptoms from tumour burden",
    "lesions": "Liver lesions",
    "lesion_segments": "Lesion segments",
    "lesion_counts": "Lesion count",
    "lesion_sizes": "Lesion sizes",
    "hepatic_involvement_pct": "Hepatic involvement (%)",
    "flr_pct": "Future liver remnant (%)",
    "surgeon_assessment": "Surgeon's assessment",
    "lesion_near_hilum": "Lesion near the hilum",
    "superficial_lesion": "Superficial lesion",
    "extrahepatic_disease": "Extrahepatic disease",
    "sstr_imaging": "SSTR imaging",
    "fdg_pet": "FDG-PET",
    "renal_function_adequate": "Renal function adequate",
    "marrow_reserve_adequate": "Bone-marrow reserve adequate",
    "bilirubin_normal": "Serum bilirubin normal",
    "portal_vein_thrombosis": "Portal vein thrombosis",
    "hepatic_insufficiency": "Hepatic insufficiency",
    "bilioenteric_anastomosis": "Bilio-enteric anastomosis",
    "prior_whipple": "Previous Whipple procedure",
    "fit_for_major_surgery": "Fit for major surgery",
    "ecog": "ECOG performance status",
    "months_stable_or_response": "Months of stable disease / response",
    "recurrence_after_liver_resection": "Recurrence after liver resection",
    "hepatomegaly": "Hepatomegaly",
    "olt_concurrent_resection": "Resection planned with transplant",
    "confirmed_type": "Confirmed distribution type",
}

# Lesion-table facts live in the liver diagram, not in a field of their own.
LESION_FACTS = frozenset({"lesions", "lesion_segments", "lesion_counts", "lesion_sizes"})

# Order in which missing facts are listed (form order).
FACT_ORDER: tuple[str, ...] = tuple(FACT_LABELS)


# Facts the engine derives (shown with the reasons that read them); never missing facts themselves.
DERIVED_LABELS: dict[str, str] = {
    "grade": "Grade",
    "distribution_type": "Distribution type",
    "column": "Algorithm column (Fig. 2)",
    # FEAS is one-stage resection only (EVAL-4, AMB-20): a staged route may still exist.
    "resection_feasibility": "One-stage resection",
    "surgical_route": "Surgical route (one-stage or staged)",
    "staged_result": "Staged resection (result)",
    "portal_drainage": "Portal drainage",
    "largest_cm": "Largest lesion (cm)",
    "largest_ge_5": "A lesion >= 5 cm",
    "any_lt_5": "A lesion < 5 cm",
    "bilobar": "Bilobar",
    "lesion_count": "Lesion count",
}


# Case fields that are not rule facts (identity, free text): named the same on screen, in the case
# history and in validation messages.
RECORD_LABELS: dict[str, str] = {
    "patient_label": "Patient label",
    "birth_year": "Year of birth",
    "sex": "Sex",
    "primary_site_other": "Primary site (other, free text)",
    "primary_resection_date": "Primary resection date",
    "syndrome_name": "Syndrome",
    "extrahepatic_sites": "Extrahepatic sites",
    "comorbidities": "Comorbidities",
    "prior_treatments": "Prior treatments",  # schema v2 and earlier (migrated to the treatment history)
    "treatment_history": "Treatment history",
    "notes": "Notes",
    "demo": "Demo case",
}


# Every label above, as `fact_label` picks it (case facts first, then derived facts, then record fields).
FACT_NAMES: dict[str, str] = {**RECORD_LABELS, **DERIVED_LABELS, **FACT_LABELS}


def fact_label(fact: str) -> str:
    label = FACT_LABELS.get(fact) or DERIVED_LABELS.get(fact) or RECORD_LABELS.get(fact)
    return fact.replace("_", " ").capitalize() if label is None else label


FORM_RANK = {name: i for i, name in enumerate(FACT_ORDER)}


def sort_facts(facts: set[str] | list[str]) -> list[str]:
    """Unique fact ids in form order (unknown ids last, alphabetically)."""
    unique = set(facts)
    if len(unique) < 2:
        return list(unique)
    if unique <= FORM_RANK.keys():  # the usual case; the ranks alone then give the order
        return sorted(unique, key=FORM_RANK.__getitem__)
    return sorted(unique, key=lambda f: (FORM_RANK.get(f, len(FORM_RANK)), f))
