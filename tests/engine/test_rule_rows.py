"""One test per rule row of the modality tables: the row fires, with its status, on a case built for it.

Each case starts from BASE (G1 small-intestinal NET, solitary lesion, everything recorded) and changes
only what the row needs. `test_every_row_has_a_test` fails when a rule is added without a test here.
"""

from __future__ import annotations

from typing import Any

import pytest
from engine_cases import SOLITARY, TYPE_II, TYPE_III, ev, flag_ids

from nelm_desktop.core.engine import ALL_TABLES

NEC = {"differentiation": "poorly", "ki67_pct": 50}
G3 = {"ki67_pct": 25}
UNFIT = {"fit_for_major_surgery": "no"}
II_LOW_FLR = {"lesions": TYPE_II, "flr_pct": 24}
II_OK_FLR = {"lesions": TYPE_II, "flr_pct": 40}
III = {"lesions": TYPE_III}

# (rule id, modality, expected status, overrides)
ROWS: list[tuple[str, str, str, dict[str, Any]]] = [
    ("RES-1", "resection", "contraindicated", NEC),
    ("RES-2", "resection", "not_indicated", III),
    ("RES-3", "resection", "contraindicated", UNFIT),
    ("RES-4", "resection", "contraindicated", {"extrahepatic_disease": "unresectable"}),
    ("RES-5", "resection", "contraindicated", {"flr_pct": 29.9}),
    ("RES-6", "resection", "needs_information", {"flr_pct": None}),
    ("RES-7", "resection", "recommended", {}),
    ("RES-8", "resection", "option", G3),
    ("STAGED-1", "staged_resection", "contraindicated", NEC),
    ("STAGED-2", "staged_resection", "not_indicated", III),
    ("STAGED-3", "staged_resection", "not_indicated", {}),
    ("STAGED-4", "staged_resection", "contraindicated", {**UNFIT, "flr_pct": 20}),
    (
        "STAGED-5",
        "staged_resection",
        "contraindicated",
        {"extrahepatic_disease": "unresectable", "flr_pct": 20},
    ),
    ("STAGED-6", "staged_resection", "needs_information", {"lesions": TYPE_II, "flr_pct": None}),
    ("STAGED-7", "staged_resection", "recommended", II_LOW_FLR),
    ("STAGED-8", "staged_resection", "option", II_OK_FLR),
    ("STAGED-9", "staged_resection", "option", {"flr_pct": 20}),
    ("SIM-1", "simultaneous_resection", "contraindicated", NEC),
    ("SIM-2", "simultaneous_resection", "not_indicated", G3),
    ("SIM-3", "simultaneous_resection", "not_indicated", II_OK_FLR),
    ("SIM-4", "simultaneous_resection", "not_indicated", {"primary_site": "unknown_primary"}),
    ("SIM-5", "simultaneous_resection", "not_indicated", {}),
    ("SIM-6", "simultaneous_resection", "contraindicated", {"primary_resected": "no", **UNFIT}),
    ("SIM-7", "simultaneous_resection", "contraindicated", {"primary_resected": "no", "flr_pct": 20}),
    ("SIM-8", "simultaneous_resection", "needs_information", {"primary_resected": "unknown"}),
    ("SIM-9", "simultaneous_resection", "option", {"primary_resected": "no"}),
    ("DEB-1", "debulking", "contraindicated", NEC),
    ("DEB-2", "debulking", "not_indicated", G3),
    ("DEB-3", "debulking", "not_indicated", {}),
    ("DEB-4", "debulking", "not_indicated", II_OK_FLR),
    ("DEB-5", "debulking", "contraindicated", {"lesions": TYPE_II, **UNFIT}),
    (
        "DEB-6",
        "debulking",
        "not_indicated",
        {**II_LOW_FLR, "functional_syndrome": "yes", "syndrome_refractory": "no"},
    ),
    ("DEB-7", "debulking", "not_indicated", {**II_LOW_FLR, "months_stable_or_response": 3}),
    (
        "DEB-8",
        "debulking",
        "needs_information",
        {**II_LOW_FLR, "months_stable_or_response": None, "tumour_burden_symptoms": "yes"},
    ),
    (
        "DEB-9",
        "debulking",
        "option",
        {**II_LOW_FLR, "functional_syndrome": "yes", "syndrome_refractory": "yes"},
    ),
    ("ABL-1", "ablation", "not_indicated", NEC),
    ("ABL-2", "ablation", "not_indicated", G3),
    ("ABL-3", "ablation", "not_indicated", III),
    ("ABL-4", "ablation", "not_indicated", {}),
    ("ABL-5", "ablation", "contraindicated", {**UNFIT, "lesion_near_hilum": "yes"}),
    (
        "ABL-6",
        "ablation",
        "not_indicated",
        {**UNFIT, "lesions": [{"segment": "VI", "size_cm": 5.0, "count": 1}]},
    ),
    ("ABL-7", "ablation", "needs_information", {**UNFIT, "superficial_lesion": "unknown"}),
    ("ABL-8", "ablation", "option", II_OK_FLR),
    ("ABL-9", "ablation", "option", {**UNFIT, "lesions": [{"segment": "VI", "size_cm": 4.9, "count": 1}]}),
    ("RE-1", "radioembolization", "not_indicated", NEC),
    ("RE-2", "radioembolization", "not_indicated", G3),
    ("RE-3", "radioembolization", "not_indicated", {}),
    ("RE-4", "radioembolization", "needs_information", {"lesions": None}),
    ("RE-5", "radioembolization", "option", UNFIT),
    ("PRRT-1", "prrt", "not_indicated", {}),
    ("PRRT-2", "prrt", "not_indicated", {**UNFIT, "sstr_imaging": "negative"}),
    ("PRRT-3", "prrt", "contraindicated", {**UNFIT, "renal_function_adequate": "no"}),
    ("PRRT-4", "prrt", "contraindicated", {**UNFIT, "marrow_reserve_adequate": "no"}),
    ("PRRT-5", "prrt", "needs_information", {**UNFIT, "sstr_imaging": "not_done"}),
    ("PRRT-6", "prrt", "option", NEC),
    ("PRRT-7", "prrt", "option", {"extrahepatic_disease": "resectable"}),
    ("PRRT-8", "prrt", "option", UNFIT),
    ("OLT-1", "transplant", "contraindicated", NEC),
    ("OLT-2", "transplant", "contraindicated", G3),
    ("OLT-3", "transplant", "not_indicated", {}),
    ("OLT-4", "transplant", "contraindicated", UNFIT),
    ("OLT-5", "transplant", "not_indicated", {**III, "age_years": 60, "hepatic_involvement_pct": 60}),
    ("OLT-6", "transplant", "needs_information", {**III, "age_years": None}),
    ("OLT-7", "transplant", "option", III),
    ("SSA-1", "ssa", "not_indicated", NEC),
    ("SSA-2", "ssa", "not_indicated", G3),
    ("SSA-3", "ssa", "not_indicated", {}),
    ("SSA-4", "ssa", "needs_information", {"functional_syndrome": "unknown"}),
    ("SSA-5", "ssa", "option", {"functional_syndrome": "yes"}),
    ("SSA-6", "ssa", "option", UNFIT),
    ("CHE-1", "chemotherapy", "recommended", NEC),
    ("CHE-2", "chemotherapy", "option", G3),
    ("CHE-3", "chemotherapy", "not_indicated", {}),
    ("CHE-4", "chemotherapy", "not_indicated", {"primary_site": "pancreas"}),
    ("CHE-5", "chemotherapy", "needs_information", {"ki67_pct": None}),
    ("CHE-6", "chemotherapy", "option", {"primary_site": "pancreas", **UNFIT}),
]
for prefix, modality, site in (("EVE", "everolimus", "small_intestine"), ("SUN", "sunitinib", "pancreas")):
    ROWS += [
        (f"{prefix}-1", modality, "not_indicated", NEC),
        (f"{prefix}-2", modality, "not_indicated", G3),
        (f"{prefix}-3", modality, "not_indicated", {"primary_site": site}),
        (f"{prefix}-4", modality, "not_indicated", {**III, "primary_site": "colon"}),
        (f"{prefix}-5", modality, "not_indicated", {**II_OK_FLR, "primary_site": site}),
        (f"{prefix}-6", modality, "needs_information", {**III, "primary_site": "unknown"}),
        (f"{prefix}-7", modality, "option", {**III, "primary_site": site}),
    ]
for prefix, modality in (("IFN", "interferon"), ("IMM", "immunotherapy")):
    ROWS += [
        (f"{prefix}-1", modality, "not_indicated", NEC),
        (f"{prefix}-2", modality, "not_indicated", G3),
        (f"{prefix}-3", modality, "not_indicated", {"primary_site": "pancreas"}),
        (f"{prefix}-4", modality, "not_indicated", {}),
        (f"{prefix}-5", modality, "needs_information", {"ki67_pct": None}),
        (f"{prefix}-6", modality, "option", UNFIT),
    ]
for prefix, modality in (("TAE", "tae"), ("TACE", "tace")):
    ROWS += [
        (f"{prefix}-1", modality, "not_indicated", NEC),
        (f"{prefix}-2", modality, "not_indicated", G3),
        (f"{prefix}-3", modality, "not_indicated", {"portal_vein_thrombosis": "yes"}),
        (f"{prefix}-4", modality, "contraindicated", {**UNFIT, "portal_vein_thrombosis": "yes"}),
        (f"{prefix}-5", modality, "contraindicated", {**UNFIT, "prior_whipple": "yes"}),
        (f"{prefix}-6", modality, "needs_information", {**UNFIT, "hepatic_insufficiency": "unknown"}),
        (f"{prefix}-7", modality, "option", UNFIT),
    ]

# Modifier rows (EVAL-6): they add a reason line and flags; the status stays that of the deciding row.
MODIFIERS: list[tuple[str, str, str, dict[str, Any], str]] = [
    ("RES-M1", "resection", "recommended", {"extrahepatic_disease": "resectable"}, "FLAG-REHD"),
    ("RES-M2", "resection", "recommended", {"recurrence_after_liver_resection": "yes"}, "FLAG-RECURRENCE"),
    ("RES-M3", "resection", "recommended", {"primary_resected": "no"}, "FLAG-PRIMARY-IN-PLACE"),
    ("STAGED-M1", "staged_resection", "option", {**II_LOW_FLR, **G3}, "FLAG-G3"),
    ("RE-C", "radioembolization", "option", {**UNFIT, "portal_vein_thrombosis": "yes"}, "FLAG-RE-CAUTION"),
]


@pytest.mark.parametrize(("rule", "modality", "status", "overrides"), ROWS, ids=[r[0] for r in ROWS])
def test_row_fires(rule: str, modality: str, status: str, overrides: dict[str, Any]) -> None:
    result = ev(**overrides).option(modality)
    assert (result.rule, result.status) == (rule, status), result.reasons[0].text
    assert result.reasons[0].rule == rule
    if status != "not_indicated":
        assert all(r.sources for r in result.reasons[:1]), "a decided status cites its source"
    if status == "needs_information":
        assert result.missing, "needs_information names the missing facts"
        assert "{missing}" not in result.reasons[0].text


@pytest.mark.parametrize(
    ("rule", "modality", "status", "overrides", "flag"), MODIFIERS, ids=[m[0] for m in MODIFIERS]
)
def test_modifier_adds_reason_and_flag(
    rule: str, modality: str, status: str, overrides: dict[str, Any], flag: str
) -> None:
    evaluation = ev(**overrides)
    result = evaluation.option(modality)
    assert result.status == status
    assert rule in [r.rule for r in result.reasons]
    assert flag in result.flags and flag in flag_ids(evaluation)


def test_every_row_has_a_test() -> None:
    tested = {r[0] for r in ROWS} | {m[0] for m in MODIFIERS}
    declared = {row.id for table in ALL_TABLES for row in table.rows}
    declared |= {mod.id for table in ALL_TABLES for mod in table.modifiers}
    assert declared - tested == set()


def test_solitary_baseline_is_resection_first_line() -> None:
    evaluation = ev(lesions=SOLITARY)
    assert evaluation.statuses()["resection"] == "recommended"
    assert [o.modality for o in evaluation.options if o.status == "recommended"] == ["resection"]
