"""Unknown facts are asked, never guessed (second clinical audit, steps 1-2).

- A case that one row decides, with one fact that row needs made unknown: the table's needs_information
  row names exactly that fact (or EVAL-4/EVAL-7's conditional option applies), never a later row.
- A definite result (not needs_information, not conditional) stands whatever a still-unknown fact turns
  out to be, except where the catalogue names the handling (`_sanctioned`).
- Every needs-information names a case field (or a lesion-table fact) that is still unknown, and the
  case's list is the union of the results' lists in NEEDS-ORDER.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

import pytest

from nelm_desktop.core.engine import evaluate
from nelm_desktop.core.evaluation import NEEDS_ORDER
from nelm_desktop.core.model import Case
from tests.clinical.clinical_cases import (
    BASE,
    LIMITED_BILOBAR,
    PRIMARY_IN_PLACE,
    SOLITARY,
    SOLITARY_6CM,
    SOLITARY_SIZE_UNKNOWN,
    TYPE_II,
    TYPE_II_FACTS,
    TYPE_II_SMALL,
    TYPE_III,
    TYPE_III_FACTS,
    flag_ids,
    opt,
)
from tests.clinical.table_walks import walk_params

UNFIT = {"fit_for_major_surgery": "no"}
TYPE_II_FLR_20 = {**TYPE_II_FACTS, "flr_pct": 20}


@dataclass(frozen=True)
class Blank:
    modality: str
    facts: dict[str, Any]  # on BASE: `decided_by` decides
    decided_by: str
    blank: dict[str, Any]  # the fact made unknown
    rule: str  # what decides then
    status: str
    missing: tuple[str, ...]
    conditional: bool = False


BLANKS: dict[str, Blank] = {
    # resection: every fact of RES-6's cell, one at a time.
    "res1-differentiation": Blank(
        "resection",
        {"differentiation": "poorly", "ki67_pct": 30},
        "RES-1",
        {"differentiation": "unknown"},
        "RES-6",
        "needs_information",
        ("differentiation",),
    ),
    "res2-lesions": Blank(
        "resection", TYPE_III_FACTS, "RES-2", {"lesions": None}, "RES-6", "needs_information", ("lesions",)
    ),
    "res3-fit": Blank(
        "resection",
        UNFIT,
        "RES-3",
        {"fit_for_major_surgery": "unknown"},
        "RES-6",
        "needs_information",
        ("fit_for_major_surgery",),
    ),
    "res4-ehd": Blank(
        "resection",
        {"extrahepatic_disease": "unresectable"},
        "RES-4",
        {"extrahepatic_disease": "unknown"},
        "RES-6",
        "needs_information",
        ("extrahepatic_disease",),
    ),
    "res11-primary": Blank(
        "resection",
        {"primary_resected": "no", "primary_resectable": "no"},
        "RES-11",
        {"primary_resectable": "unknown"},
        "RES-6",
        "needs_information",
        ("primary_resectable",),
    ),
    "res5-flr": Blank(
        "resection", {"flr_pct": 20}, "RES-5", {"flr_pct": None}, "RES-6", "needs_information", ("flr_pct",)
    ),
    "res7-ki67": Blank(
        "resection", {}, "RES-7", {"ki67_pct": None}, "RES-6", "needs_information", ("ki67_pct",)
    ),
    # staged resection: FLR is asked unless the surgeon's two_stage_only settles one-stage (RES-10).
    "staged3-flr": Blank(
        "staged_resection", {}, "STAGED-3", {"flr_pct": None}, "STAGED-6", "needs_information", ("flr_pct",)
    ),
    "staged7-flr": Blank(
        "staged_resection",
        TYPE_II_FLR_20,
        "STAGED-7",
        {"flr_pct": None},
        "STAGED-6",
        "needs_information",
        ("flr_pct",),
    ),
    "staged4-fit": Blank(
        "staged_resection",
        {**TYPE_II_FLR_20, **UNFIT},
        "STAGED-4",
        {"fit_for_major_surgery": "unknown"},
        "STAGED-6",
        "needs_information",
        ("fit_for_major_surgery",),
    ),
    "staged10-primary": Blank(
        "staged_resection",
        {**TYPE_II_FLR_20, "primary_resected": "no", "primary_resectable": "no"},
        "STAGED-10",
        {"primary_resectable": "unknown"},
        "STAGED-6",
        "needs_information",
        ("primary_resectable",),
    ),
    "staged9-lesions": Blank(
        "staged_resection",
        {"flr_pct": 20},
        "STAGED-9",
        {"lesions": None},
        "STAGED-6",
        "needs_information",
        ("lesions",),
    ),
    # simultaneous resection
    "sim9-primary-resected": Blank(
        "simultaneous_resection",
        PRIMARY_IN_PLACE,
        "SIM-9",
        {"primary_resected": "unknown"},
        "SIM-8",
        "needs_information",
        ("primary_resected",),
    ),
    "sim11-staged-ehd": Blank(
        "simultaneous_resection",
        {**TYPE_II_FLR_20, **PRIMARY_IN_PLACE},
        "SIM-11",
        {"extrahepatic_disease": "unknown"},
        "SIM-8",
        "needs_information",
        ("extrahepatic_disease",),
    ),
    # debulking: DEB-8 asks per branch (refractory if functional; stable months and symptoms if not).
    "deb9-functional": Blank(
        "debulking",
        {**TYPE_II_FLR_20, "functional_syndrome": "yes", "syndrome_refractory": "yes"},
        "DEB-9",
        {"functional_syndrome": "unknown"},
        "DEB-8",
        "needs_information",
        ("functional_syndrome",),
    ),
    "deb9-refractory": Blank(
        "debulking",
        {**TYPE_II_FLR_20, "functional_syndrome": "yes", "syndrome_refractory": "yes"},
        "DEB-9",
        {"syndrome_refractory": "unknown"},
        "DEB-8",
        "needs_information",
        ("syndrome_refractory",),
    ),
    "deb9-symptoms": Blank(
        "debulking",
        {**TYPE_II_FLR_20, "months_stable_or_response": 6, "tumour_burden_symptoms": "yes"},
        "DEB-9",
        {"tumour_burden_symptoms": "unknown"},
        "DEB-8",
        "needs_information",
        ("tumour_burden_symptoms",),
    ),
    "deb5-fit": Blank(
        "debulking",
        {**TYPE_II_FACTS, **UNFIT, "functional_syndrome": "yes", "syndrome_refractory": "yes"},
        "DEB-5",
        {"fit_for_major_surgery": "unknown"},
        "DEB-8",
        "needs_information",
        ("fit_for_major_surgery",),
    ),
    # debulking with FEAS undetermined only on the FLR: EVAL-4's conditional option, nothing asked.
    "deb9-flr": Blank(
        "debulking",
        {**TYPE_II_FLR_20, "functional_syndrome": "yes", "syndrome_refractory": "yes"},
        "DEB-9",
        {"flr_pct": None},
        "DEB-9",
        "option",
        (),
        conditional=True,
    ),
    # ablation
    "abl5-hilum": Blank(
        "ablation",
        {**UNFIT, "lesion_near_hilum": "yes"},
        "ABL-5",
        {"lesion_near_hilum": "unknown"},
        "ABL-7",
        "needs_information",
        ("lesion_near_hilum",),
    ),
    "abl5-whipple": Blank(
        "ablation",
        {**UNFIT, "prior_whipple": "yes"},
        "ABL-5",
        {"prior_whipple": "unknown"},
        "ABL-7",
        "needs_information",
        ("prior_whipple",),
    ),
    "abl9-size": Blank(
        "ablation",
        UNFIT,
        "ABL-9",
        {"lesions": SOLITARY_SIZE_UNKNOWN},
        "ABL-7",
        "needs_information",
        ("lesion_sizes",),
    ),
    "abl11-size": Blank(
        "ablation",
        {},
        "ABL-11",
        {"lesions": SOLITARY_SIZE_UNKNOWN},
        "ABL-7",
        "needs_information",
        ("lesion_sizes",),
    ),
    # embolization: TAE-6 / TACE-6 / RE-4
    "tae4-pvt": Blank(
        "tae",
        {**UNFIT, "portal_vein_thrombosis": "yes"},
        "TAE-4",
        {"portal_vein_thrombosis": "unknown"},
        "TAE-6",
        "needs_information",
        ("portal_vein_thrombosis",),
    ),
    "tace4-hepatic": Blank(
        "tace",
        {**UNFIT, "hepatic_insufficiency": "yes"},
        "TACE-4",
        {"hepatic_insufficiency": "unknown"},
        "TACE-6",
        "needs_information",
        ("hepatic_insufficiency",),
    ),
    "tae7-anastomosis": Blank(
        "tae",
        UNFIT,
        "TAE-7",
        {"bilioenteric_anastomosis": "unknown"},
        "TAE-6",
        "needs_information",
        ("bilioenteric_anastomosis",),
    ),
    "re6-hepatic": Blank(
        "radioembolization",
        {**UNFIT, "hepatic_insufficiency": "yes"},
        "RE-6",
        {"hepatic_insufficiency": "unknown"},
        "RE-4",
        "needs_information",
        ("hepatic_insufficiency",),
    ),
    # Liver-pattern facts are asked only while FEAS is undetermined (EVAL-3): RES-5 settles it without.
    "tae3-lesions": Blank("tae", {}, "TAE-3", {"lesions": None}, "TAE-6", "needs_information", ("lesions",)),
    "tae7-lesions-feas-settled": Blank(
        "tae", {"flr_pct": 20}, "TAE-7", {"lesions": None}, "TAE-7", "option", ()
    ),
    # PRRT
    "prrt2-sstr": Blank(
        "prrt",
        {**UNFIT, "sstr_imaging": "negative"},
        "PRRT-2",
        {"sstr_imaging": "not_done"},
        "PRRT-5",
        "needs_information",
        ("sstr_imaging",),
    ),
    "prrt3-renal": Blank(
        "prrt",
        {**UNFIT, "renal_function_adequate": "no"},
        "PRRT-3",
        {"renal_function_adequate": "unknown"},
        "PRRT-5",
        "needs_information",
        ("renal_function_adequate",),
    ),
    "prrt6-fdg": Blank(
        "prrt",
        {"differentiation": "poorly", "fdg_pet": "negative"},
        "PRRT-6",
        {"fdg_pet": "done_result_unknown"},
        "PRRT-5",
        "needs_information",
        ("fdg_pet",),
    ),
    "prrt1-ehd": Blank(
        "prrt",
        {},
        "PRRT-1",
        {"extrahepatic_disease": "unknown"},
        "PRRT-5",
        "needs_information",
        ("extrahepatic_disease",),
    ),
    "prrt7-ehd": Blank(
        "prrt",
        {**UNFIT, "extrahepatic_disease": "resectable", "surgeon_assessment": "unresectable"},
        "PRRT-7",
        {"extrahepatic_disease": "unknown"},
        "PRRT-8",
        "option",
        (),
    ),
    # transplant
    "olt4-fit": Blank(
        "transplant",
        {**UNFIT, **TYPE_III_FACTS, "hepatic_involvement_pct": 30},
        "OLT-4",
        {"fit_for_major_surgery": "unknown"},
        "OLT-6",
        "needs_information",
        ("fit_for_major_surgery",),
    ),
    "olt7-age": Blank(
        "transplant",
        {**TYPE_III_FACTS, "hepatic_involvement_pct": 30},
        "OLT-7",
        {"age_years": None},
        "OLT-6",
        "needs_information",
        ("age_years",),
    ),
    # SSA: with a functional syndrome only the differentiation is asked of the grade facts.
    "ssa5-functional": Blank(
        "ssa",
        {"functional_syndrome": "yes"},
        "SSA-5",
        {"functional_syndrome": "unknown"},
        "SSA-4",
        "needs_information",
        ("functional_syndrome",),
    ),
    "ssa5-differentiation": Blank(
        "ssa",
        {"functional_syndrome": "yes"},
        "SSA-5",
        {"differentiation": "unknown"},
        "SSA-4",
        "needs_information",
        ("differentiation",),
    ),
    "ssa5-ki67": Blank(
        "ssa", {"functional_syndrome": "yes"}, "SSA-5", {"ki67_pct": None}, "SSA-5", "option", ()
    ),
    "ssa3-functional": Blank(
        "ssa",
        {},
        "SSA-3",
        {"functional_syndrome": "unknown"},
        "SSA-4",
        "needs_information",
        ("functional_syndrome",),
    ),
    "ssa6-functional": Blank(
        "ssa", UNFIT, "SSA-6", {"functional_syndrome": "unknown"}, "SSA-6", "option", ()
    ),
    # systemic drugs and the site restriction
    "eve4-site": Blank(
        "everolimus",
        {**TYPE_II_FLR_20, "primary_site": "rectum"},
        "EVE-4",
        {"primary_site": "unknown"},
        "EVE-6",
        "needs_information",
        ("primary_site",),
    ),
    "eve7-lesions": Blank(
        "everolimus",
        {**TYPE_III_FACTS},
        "EVE-7",
        {"lesions": None},
        "EVE-6",
        "needs_information",
        ("lesions",),
    ),
    "sun8-flr": Blank(
        "sunitinib",
        {"primary_site": "pancreas", "surgeon_assessment": "unresectable"},
        "SUN-8",
        {"surgeon_assessment": "not_assessed", "flr_pct": None},
        "SUN-8",
        "option",
        (),
        conditional=True,
    ),
    "che6-site": Blank(
        "chemotherapy",
        {**UNFIT, "primary_site": "pancreas"},
        "CHE-6",
        {"primary_site": "unknown"},
        "CHE-5",
        "needs_information",
        ("primary_site",),
    ),
    "ifn3-site": Blank(
        "interferon",
        {"primary_site": "rectum"},
        "IFN-3",
        {"primary_site": "unknown"},
        "IFN-4",
        "not_indicated",
        (),
    ),
    "imm6-site": Blank(
        "immunotherapy",
        UNFIT,
        "IMM-6",
        {"primary_site": "unknown"},
        "IMM-5",
        "needs_information",
        ("primary_site",),
    ),
}


@pytest.mark.parametrize("blank", BLANKS.values(), ids=list(BLANKS))
def test_a_fact_the_deciding_row_needs_made_unknown_is_asked(blank: Blank) -> None:
    before = opt(evaluate(Case(**{**BASE, **blank.facts})), blank.modality)
    assert before.rule == blank.decided_by and before.missing == []
    after = opt(evaluate(Case(**{**BASE, **blank.facts, **blank.blank})), blank.modality)
    assert (after.rule, after.status, after.conditional) == (blank.rule, blank.status, blank.conditional)
    assert after.missing == list(blank.missing)


# --- Never a guess: a definite result does not depend on a fact that is still unknown ---------------

# Values a clinician could still enter for a fact that is unknown (the thresholds' two sides).
FILL: dict[str, tuple[Any, ...]] = {
    "differentiation": ("well", "poorly"),
    "ki67_pct": (1, 10, 30),
    "primary_site": ("pancreas", "small_intestine", "rectum", "unknown_primary"),
    "primary_resected": ("yes", "no"),
    "primary_resectable": ("yes", "no"),
    "functional_syndrome": ("yes", "no"),
    "syndrome_refractory": ("yes", "no"),
    "tumour_burden_symptoms": ("yes", "no"),
    "hepatic_involvement_pct": (10, 60, 80),
    "flr_pct": (20, 40),
    "lesion_near_hilum": ("yes", "no"),
    "superficial_lesion": ("yes", "no"),
    "extrahepatic_disease": ("none", "resectable", "unresectable"),
    "sstr_imaging": ("positive", "negative"),
    "fdg_pet": ("positive", "negative"),
    "renal_function_adequate": ("yes", "no"),
    "marrow_reserve_adequate": ("yes", "no"),
    "portal_vein_thrombosis": ("yes", "no"),
    "hepatic_insufficiency": ("yes", "no"),
    "bilioenteric_anastomosis": ("yes", "no"),
    "prior_whipple": ("yes", "no"),
    "fit_for_major_surgery": ("yes", "no"),
    "months_stable_or_response": (3, 8),
    "months_since_primary_resection": (3, 8),
    "age_years": (40, 60),
    "bilirubin_normal": ("yes", "no"),
}
NOT_YET = (None, "unknown", "not_done", "done_result_unknown")


def _sanctioned(case: Case, flags: set[str], fact: str, modality: str) -> bool:
    """Unknown facts the catalogue lets a definite result stand on (each handling named)."""
    if fact == "hepatic_involvement_pct":  # AMB-11: a type reached past a skipped test, flagged
        return "FLAG-TYPE-NO-INVOLVEMENT" in flags
    if fact == "primary_resected":  # AMB-58: primary_resectable is not read while this is unknown
        return True
    if fact == "primary_site":  # section 3: 'primary in place' reads primary_resected when recorded
        return case.primary_resected != "unknown"
    if fact == "prior_whipple":  # AMB-24: a recorded anastomosis = no settles TAE-6's question
        return modality in ("tae", "tace") and case.bilioenteric_anastomosis == "no"
    return False


LIVERS = (SOLITARY, SOLITARY_6CM, LIMITED_BILOBAR, TYPE_II, TYPE_II_SMALL, TYPE_III)


def _random_cases(count: int, seed: int) -> list[dict[str, Any]]:
    """Fully recorded cases with one to three facts left unknown, drawn from a fixed seed."""
    rng = random.Random(seed)
    found = []
    for _ in range(count):
        facts = {fact: rng.choice(values) for fact, values in FILL.items()}
        facts["lesions"] = rng.choice(LIVERS)
        facts["surgeon_assessment"] = rng.choice(
            ("not_assessed", "one_stage", "two_stage_only", "unresectable")
        )
        for fact in rng.sample(sorted(FILL), rng.randint(1, 3)):
            facts[fact] = None if isinstance(FILL[fact][0], int) else "unknown"
        found.append(facts)
    return found


def _audited_cases() -> list[dict[str, Any]]:
    found = [facts for _m, facts, _s in (p.values for p in walk_params())]
    found += [{**BASE, **b.facts, **b.blank} for b in BLANKS.values()]
    return found + _random_cases(300, seed=2026_12_04)


def _offered(status: str) -> bool:
    return status in ("recommended", "option")


@pytest.mark.parametrize("facts", _audited_cases())
def test_a_definite_result_stands_whatever_an_unknown_fact_turns_out_to_be(facts: dict[str, Any]) -> None:
    case = Case(**facts)
    evaluation = evaluate(case)
    flags = flag_ids(evaluation)
    definite = {
        o.modality: o for o in evaluation.options if o.status != "needs_information" and not o.conditional
    }
    ki67_known = case.ki67_liver_pct is not None
    reported = case.grade_reported != "unknown"
    for fact, values in FILL.items():
        if getattr(case, fact) not in NOT_YET or (fact == "ki67_pct" and ki67_known):
            continue
        if fact == "differentiation" and reported:  # GRADE-0: the report already implies it
            continue
        for value in values:
            filled = evaluate(Case(**{**facts, fact: value}))
            for result in filled.options:
                before = definite.get(result.modality)
                if before is None or _offered(before.status) == _offered(result.status):
                    continue
                assert _sanctioned(case, flags, fact, result.modality), (
                    f"{before.modality} {before.status} by {before.rule} with {fact} unknown; "
                    f"{fact} = {value} gives {result.status} by {result.rule}"
                )


LESION_WORDS = {
    "lesions": None,
    "lesion_segments": "segment",
    "lesion_counts": "count",
    "lesion_sizes": "size_cm",
}


def _still_unknown(case: Case, fact: str) -> bool:
    if fact in LESION_WORDS:
        if not case.lesions:
            return fact == "lesions"
        return any(getattr(lesion, LESION_WORDS[fact] or "") is None for lesion in case.lesions)
    return getattr(case, fact) in NOT_YET


@pytest.mark.parametrize("facts", _audited_cases()[::3])
def test_needs_information_names_unknown_case_fields_in_needs_order(facts: dict[str, Any]) -> None:
    """Step 2 of the audit: every needs-information names a case field (or a lesion-table fact) that is
    really still unknown, and the case's list is the union of the results' lists in NEEDS-ORDER."""
    case = Case(**facts)
    evaluation = evaluate(case)
    asked: list[str] = []
    for result in evaluation.options:
        if result.status != "needs_information":
            continue
        assert result.missing, result.modality
        for fact in result.missing:
            assert fact in Case.model_fields or fact in LESION_WORDS, fact
            assert _still_unknown(case, fact), (result.rule, fact)
        asked += result.missing
    assert evaluation.needs_information == [f for f in NEEDS_ORDER if f in set(asked)]
