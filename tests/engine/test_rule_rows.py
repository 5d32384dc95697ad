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
    ("SIM-3", "simultaneous_resection", "not_indicated", {**III, "primary_resected": "no"}),
    ("SIM-4", "simultaneous_resection", "not_indicated", {"primary_site": "unknown_primary"}),
    ("SIM-5", "simultaneous_resection", "not_indicated", {}),
    ("SIM-6", "simultaneous_resection", "contraindicated", {"primary_resected": "no", **UNFIT}),
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
    ("ABL-4", "ablation", "not_indicated", {"lesions": [{"segment": "VI", "size_cm": 6.0, "count": 1}]}),
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
    ("PRRT-7", "prrt", "option", {"extrahepatic_disease": "unresectable"}),
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
        # rev 2: column A without any surgical route (AMB-16)
        (f"{prefix}-8", modality, "option", {**UNFIT, "primary_site": site}),
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
DEB_OPTION = {**II_LOW_FLR, "functional_syndrome": "yes", "syndrome_refractory": "yes"}
# DEB-M1 adds a reason line and no flag (rev 2).
REASON_ONLY_MODIFIERS: list[tuple[str, str, str, dict[str, Any]]] = [
    ("DEB-M1", "debulking", "option", {**DEB_OPTION, "flr_pct": 40, "surgeon_assessment": "unresectable"}),
]

PRIMARY_IN_PLACE = {"primary_resected": "no"}
TWO_STAGE = {"surgeon_assessment": "two_stage_only"}
# Revision 2: one test per new row, and per changed row the condition that changed.
# (test id, rule id, modality, expected status, overrides)
REV2_ROWS: list[tuple[str, str, str, str, dict[str, Any]]] = [
    ("RES-9", "RES-9", "resection", "contraindicated", {"surgeon_assessment": "unresectable"}),
    ("RES-10", "RES-10", "resection", "contraindicated", {**TWO_STAGE, "flr_pct": None}),
    ("RES-11", "RES-11", "resection", "contraindicated", {**PRIMARY_IN_PLACE, "primary_resectable": "no"}),
    (
        "RES-11 before RES-5",
        "RES-11",
        "resection",
        "contraindicated",
        {**PRIMARY_IN_PLACE, "primary_resectable": "no", "flr_pct": 20},
    ),
    (
        "RES-9 before RES-5",
        "RES-9",
        "resection",
        "contraindicated",
        {"surgeon_assessment": "unresectable", "flr_pct": 20},
    ),
    (
        "RES-6 asks primary_resectable",
        "RES-6",
        "resection",
        "needs_information",
        {**PRIMARY_IN_PLACE, "primary_resectable": "unknown"},
    ),
    (
        "RES-9 without the type",
        "RES-9",
        "resection",
        "contraindicated",
        {"surgeon_assessment": "unresectable", "lesions": None},
    ),
    (
        "STAGED-10",
        "STAGED-10",
        "staged_resection",
        "contraindicated",
        {**II_LOW_FLR, **PRIMARY_IN_PLACE, "primary_resectable": "no"},
    ),
    (
        "STAGED-11",
        "STAGED-11",
        "staged_resection",
        "contraindicated",
        {**II_LOW_FLR, "surgeon_assessment": "unresectable"},
    ),
    (
        "STAGED-3 FLR sufficient",
        "STAGED-3",
        "staged_resection",
        "not_indicated",
        {"surgeon_assessment": "one_stage"},
    ),
    (
        "STAGED-6 no FLR with two_stage_only",
        "STAGED-7",
        "staged_resection",
        "recommended",
        {"lesions": TYPE_II, **TWO_STAGE, "flr_pct": None},
    ),
    (
        "STAGED-6 asks primary_resectable",
        "STAGED-6",
        "staged_resection",
        "needs_information",
        {**II_LOW_FLR, **PRIMARY_IN_PLACE, "primary_resectable": "unknown"},
    ),
    (
        "STAGED-7 two_stage_only",
        "STAGED-7",
        "staged_resection",
        "recommended",
        {"lesions": TYPE_II, **TWO_STAGE},
    ),
    (
        "STAGED-8 FLR sufficient",
        "STAGED-8",
        "staged_resection",
        "option",
        {**II_OK_FLR, "surgeon_assessment": "one_stage"},
    ),
    ("STAGED-9 two_stage_only", "STAGED-9", "staged_resection", "option", TWO_STAGE),
    (
        "SIM-6 after RES-9",
        "SIM-6",
        "simultaneous_resection",
        "contraindicated",
        {**PRIMARY_IN_PLACE, "surgeon_assessment": "unresectable"},
    ),
    (
        "SIM-6 after RES-11",
        "SIM-6",
        "simultaneous_resection",
        "contraindicated",
        {**PRIMARY_IN_PLACE, "primary_resectable": "no"},
    ),
    (
        "SIM-8 staged result missing",
        "SIM-8",
        "simultaneous_resection",
        "needs_information",
        {**PRIMARY_IN_PLACE, **TWO_STAGE, "lesions": TYPE_II, "extrahepatic_disease": "unknown"},
    ),
    (
        "SIM-11 type II staged",
        "SIM-11",
        "simultaneous_resection",
        "option",
        {**II_LOW_FLR, **PRIMARY_IN_PLACE},
    ),
    (
        "SIM-11 type I FLR low",
        "SIM-11",
        "simultaneous_resection",
        "option",
        {**PRIMARY_IN_PLACE, "flr_pct": 20},
    ),
    (
        "ABL-10",
        "ABL-10",
        "ablation",
        "option",
        {
            "lesions": [
                {"segment": "VI", "size_cm": 6.0, "count": 1},
                {"segment": "VII", "size_cm": 1.0, "count": 1},
            ],
            "flr_pct": 20,
        },
    ),
    ("ABL-11", "ABL-11", "ablation", "option", {}),
    ("ABL-6 no adjunct possible", "ABL-6", "ablation", "not_indicated", {**UNFIT, "lesions": TYPE_II}),
    ("RE-6", "RE-6", "radioembolization", "contraindicated", {**UNFIT, "hepatic_insufficiency": "yes"}),
    (
        "RE-4 asks hepatic_insufficiency",
        "RE-4",
        "radioembolization",
        "needs_information",
        {**UNFIT, "hepatic_insufficiency": "unknown"},
    ),
    ("PRRT-1 resectable EHD", "PRRT-1", "prrt", "not_indicated", {"extrahepatic_disease": "resectable"}),
    (
        "PRRT-5 FDG result needed",
        "PRRT-5",
        "prrt",
        "needs_information",
        {**NEC, "fdg_pet": "done_result_unknown"},
    ),
    ("PRRT-6 FDG negative", "PRRT-6", "prrt", "option", {**NEC, "fdg_pet": "negative"}),
    (
        "PRRT-7 resectable EHD, liver not",
        "PRRT-7",
        "prrt",
        "option",
        {**UNFIT, "extrahepatic_disease": "resectable"},
    ),
    ("EVE-3 with a surgical route", "EVE-3", "everolimus", "not_indicated", {"primary_site": "pancreas"}),
    ("SUN-3 with a surgical route", "SUN-3", "sunitinib", "not_indicated", {"primary_site": "pancreas"}),
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


@pytest.mark.parametrize(
    ("name", "rule", "modality", "status", "overrides"), REV2_ROWS, ids=[r[0] for r in REV2_ROWS]
)
def test_revision_2_row_fires(
    name: str, rule: str, modality: str, status: str, overrides: dict[str, Any]
) -> None:
    test_row_fires(rule, modality, status, overrides)


@pytest.mark.parametrize(
    ("rule", "modality", "status", "overrides"),
    REASON_ONLY_MODIFIERS,
    ids=[m[0] for m in REASON_ONLY_MODIFIERS],
)
def test_reason_only_modifier(rule: str, modality: str, status: str, overrides: dict[str, Any]) -> None:
    result = ev(**overrides).option(modality)
    assert result.status == status
    assert rule in [r.rule for r in result.reasons]


def test_every_row_has_a_test() -> None:
    tested = {r[0] for r in ROWS} | {m[0] for m in MODIFIERS} | {m[0] for m in REASON_ONLY_MODIFIERS}
    tested |= {r[1] for r in REV2_ROWS}
    declared = {row.id for table in ALL_TABLES for row in table.rows}
    declared |= {mod.id for table in ALL_TABLES for mod in table.modifiers}
    assert declared - tested == set()


def test_solitary_baseline_is_resection_first_line() -> None:
    evaluation = ev(lesions=SOLITARY)
    assert evaluation.statuses()["resection"] == "recommended"
    assert [o.modality for o in evaluation.options if o.status == "recommended"] == ["resection"]
