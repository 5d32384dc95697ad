"""The catalogue's vocabulary of options: modalities, statuses, roles, evidence tiers and the two display
orders (ORDER-1, NEEDS-ORDER) that every surface (panel, reports, `evaluate`) shows them in.

Kept apart from the engine's records (evaluation.py) so that a fact of CLINICAL-RULES.md has one home.
"""

from typing import Literal

from nelm_desktop.core.facts import FORM_RANK, sort_facts

Status = Literal["recommended", "option", "contraindicated", "not_indicated", "needs_information"]

MODALITIES: tuple[str, ...] = (
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

MODALITY_LABELS: dict[str, str] = {
    "resection": "Liver resection",
    "staged_resection": "Staged (two-stage) resection",
    "simultaneous_resection": "Simultaneous primary + liver resection",
    "debulking": "Debulking (cytoreductive) surgery",
    "ablation": "Ablation (RFA, microwave, cryo)",
    "tae": "Transarterial embolization (TAE)",
    "tace": "Transarterial chemoembolization (TACE)",
    "radioembolization": "Radioembolization (RE, SIRT)",
    "prrt": "Peptide receptor radionuclide therapy (PRRT)",
    "transplant": "Liver transplantation (OLT)",
    "ssa": "Somatostatin analogues (SSA)",
    "everolimus": "Everolimus",
    "sunitinib": "Sunitinib",
    "chemotherapy": "Chemotherapy",
    "interferon": "Interferon alpha",
    "immunotherapy": "Immunotherapy",
}

STATUS_ORDER: tuple[Status, ...] = (
    "recommended",
    "option",
    "needs_information",
    "contraindicated",
    "not_indicated",
)

# Wording of CLINICAL-RULES.md section 12: options per the source algorithm, never orders.
STATUS_LABELS: dict[str, str] = {
    "recommended": "First line of the source algorithm for this pattern",
    "option": "Listed alternative",
    "needs_information": "Cannot be assessed yet",
    "contraindicated": "A stated contraindication is present",
    # rev 2: the JSON code stays not_indicated; it means "not in this case's branch", not "do not".
    "not_indicated": "Not listed for this case",
}

# CLINICAL-RULES section 12 (rev 2): not_indicated keeps its JSON code; its label is explained once per
# screen or report with this line.
NOT_LISTED_EXPLANATION = (
    "not in this case's branch of the source algorithm (pattern, grade, primary site or resectability); "
    "this is not a contraindication"
)

# ROLE-1 (rev 2): the role of each result; a result not offered keeps its modality's default role.
Role = Literal["curative_surgery", "adjunct", "liver_directed", "systemic", "symptom_control"]
DEFAULT_ROLES: dict[str, Role] = {
    "resection": "curative_surgery",
    "staged_resection": "curative_surgery",
    "simultaneous_resection": "curative_surgery",
    "transplant": "curative_surgery",
    "debulking": "symptom_control",
    "ablation": "liver_directed",
    "tae": "liver_directed",
    "tace": "liver_directed",
    "radioembolization": "liver_directed",
    "prrt": "liver_directed",
    "ssa": "systemic",
    "everolimus": "systemic",
    "sunitinib": "systemic",
    "chemotherapy": "systemic",
    "interferon": "systemic",
    "immunotherapy": "systemic",
}
# Rows whose offered result takes another role than the modality's default (ROLE-1).
ROLE_BY_RULE: dict[str, Role] = {"ABL-8": "adjunct", "ABL-10": "adjunct", "SSA-5": "symptom_control"}
# Section 12 wording of the roles.
ROLE_LABELS: dict[str, str] = {
    "curative_surgery": "surgery with curative intent",
    "adjunct": "adjunct to surgery",
    "liver_directed": "liver-directed treatment",
    "systemic": "systemic treatment",
    "symptom_control": "symptom control",
}

# TIER-1 (9.1, rev 2): what the seeds contain for each modality, not the wider literature (AMB-62).
Tier = Literal["A", "B", "C"]
EVIDENCE_TIERS: dict[str, Tier] = {
    "resection": "A",
    "staged_resection": "A",
    "simultaneous_resection": "A",
    "debulking": "A",
    "transplant": "A",
    "ablation": "A",
    "tae": "A",
    "tace": "A",
    "radioembolization": "A",
    "prrt": "A",
    "ssa": "B",
    "everolimus": "B",
    "sunitinib": "B",
    "chemotherapy": "B",
    "interferon": "C",
    "immunotherapy": "C",
}
TIER_LABELS: dict[str, str] = {
    "A": "outcome figures in the sources",
    "B": "listed in the algorithm with supporting text; no figures in the sources",
    "C": "named only; the sources give no data",
}

# ORDER-1 (rev 2): display order, never a prescribed sequence (AMB-63). Status groups first, then
# surgical -> liver-directed -> systemic within a group.
ORDER_WITHIN_STATUS: tuple[str, ...] = (
    "resection",
    "staged_resection",
    "simultaneous_resection",
    "transplant",
    "debulking",
    "ablation",
    "tae",
    "tace",
    "radioembolization",
    "prrt",
    "ssa",
    "everolimus",
    "sunitinib",
    "chemotherapy",
    "interferon",
    "immunotherapy",
)

# NEEDS-ORDER (rev 2): the case's needs-information list, pathology -> staging -> fitness -> symptoms and
# course -> technique and criteria details (AMB-65). Facts not named here follow, in form order.
NEEDS_ORDER: tuple[str, ...] = (
    "differentiation",
    "ki67_pct",
    "lesions",
    "lesion_segments",
    "lesion_counts",
    "lesion_sizes",
    "hepatic_involvement_pct",
    "extrahepatic_disease",
    "primary_site",
    "primary_resected",
    "primary_resectable",
    "sstr_imaging",
    "fdg_pet",
    "fit_for_major_surgery",
    "functional_syndrome",
    "syndrome_refractory",
    "tumour_burden_symptoms",
    "months_stable_or_response",
    "months_since_primary_resection",
    "flr_pct",
    "lesion_near_hilum",
    "superficial_lesion",
    "prior_whipple",
    "portal_vein_thrombosis",
    "hepatic_insufficiency",
    "bilioenteric_anastomosis",
    "renal_function_adequate",
    "marrow_reserve_adequate",
    "age_years",
    "bilirubin_normal",
)

STATUS_SHORT: dict[str, str] = {
    "recommended": "Recommended",
    "option": "Option",
    "needs_information": "Needs information",
    "contraindicated": "Contraindicated",
    "not_indicated": "Not listed for this case",
}


_NEEDS_RANK = {fact: i for i, fact in enumerate(NEEDS_ORDER)}


def needs_order(facts: list[str]) -> list[str]:
    """NEEDS-ORDER: facts already in form order, re-ordered by the catalogue's groups (stable)."""
    return sorted(dict.fromkeys(facts), key=lambda f: _NEEDS_RANK.get(f, len(_NEEDS_RANK)))


# NEEDS-ORDER's group, then the form order: the key of `needs_order(sort_facts(...))` for every fact in
# the form, so one sort with a C-level key does both (issue #17).
_NEEDS_KEY = {fact: (_NEEDS_RANK.get(fact, len(_NEEDS_RANK)), rank) for fact, rank in FORM_RANK.items()}


def needs_information_order(missing: list[str]) -> list[str]:
    """The case's needs-information list: `missing` without duplicates, in NEEDS-ORDER, then form order."""
    unique = set(missing)
    if unique <= _NEEDS_KEY.keys():
        return sorted(unique, key=_NEEDS_KEY.__getitem__)
    return needs_order(sort_facts(unique))  # a fact outside the form: sort_facts puts it last
