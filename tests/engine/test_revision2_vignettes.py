"""Vignettes for every revision-2 change, expectations written from CLINICAL-RULES.md (revision 2) alone.

Each starts from the fully recorded G2 pancreatic type I case of the catalogue vignettes (BASE, vignettes_common.py) and
changes what the catalogue row needs. Test names carry the catalogue ids they exercise.
"""

from __future__ import annotations

from typing import Any

from vignettes_common import L_II, L_III_MANY, les, option, run

OUT = "outside-sources"


def flags(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["id"]: f for f in result["flags"]}


def status(result: dict[str, Any], modality: str) -> tuple[str, str]:
    found = option(result, modality)
    return found["status"], found["rule"]


# ------------------------------------------------------------------ 4.1 grade (GRADE-0/8/9)
def test_GRADE_8_published_case_grade_without_ki67_decides_FLAG_GRADE_REPORTED() -> None:
    r = run({"differentiation": "unknown", "ki67_pct": None, "grade_reported": "G2"})
    assert (r["grade"], r["grade_detail"]["rule"]) == ("G2", "GRADE-8")
    assert status(r, "resection") == ("recommended", "RES-7")
    assert "FLAG-GRADE-REPORTED" in flags(r)
    assert "ki67_pct" not in r["needs_information"]


def test_GRADE_0_reported_NEC_implies_poor_differentiation_section_12_NEC_wording() -> None:
    r = run(
        {"differentiation": "unknown", "ki67_pct": None, "grade_reported": "NEC", "primary_resected": "no"}
    )
    assert (r["grade"], r["grade_detail"]["rule"]) == ("NEC", "GRADE-1")
    assert status(r, "resection") == ("contraindicated", "RES-1")
    assert status(r, "transplant") == ("contraindicated", "OLT-1")
    chemo = option(r, "chemotherapy")
    assert (chemo["status"], chemo["rule"]) == ("recommended", "CHE-1")
    text = chemo["reasons"][0]["text"]
    assert "outside the G1/G2 algorithm" in text and "first line" not in text.lower()
    # RES-M3 and FLAG-PRIMARY-IN-PLACE are not for NEC (rev 2)
    assert "RES-M3" not in {x["rule"] for x in option(r, "resection")["reasons"]}
    assert "FLAG-PRIMARY-IN-PLACE" not in flags(r)
    for o in r["options"]:
        for reason in o["reasons"]:
            assert "column a" not in reason["text"].lower() and "first line" not in reason["text"].lower()


def test_GRADE_9_recorded_well_against_reported_NEC_is_left_to_the_clinician() -> None:
    r = run({"differentiation": "well", "ki67_pct": None, "grade_reported": "NEC"})
    assert (r["grade"], r["grade_detail"]["rule"]) == ("undetermined", "GRADE-9")
    assert "FLAG-GRADE-DISCORDANT" in flags(r)
    assert status(r, "resection") == ("needs_information", "RES-6")
    assert r["needs_information"][0] == "ki67_pct"


def test_GRADE_0_higher_ki67_grades_FLAG_KI67_DISCORDANT_and_STAGED_M1() -> None:
    r = run({"ki67_pct": 2, "ki67_liver_pct": 25, "lesions": L_II, "flr_pct": 24})
    assert r["grade"] == "G3 NET"
    assert "FLAG-KI67-DISCORDANT" in flags(r)
    assert status(r, "staged_resection") == ("option", "STAGED-7")
    assert "STAGED-M1" in {x["rule"] for x in option(r, "staged_resection")["reasons"]}


def test_GRADE_0_known_ki67_wins_over_the_report_FLAG_GRADE_DISCORDANT() -> None:
    r = run({"ki67_pct": 12, "grade_reported": "G1"})
    assert (r["grade"], r["grade_detail"]["rule"]) == ("G2", "GRADE-4")
    assert "FLAG-GRADE-DISCORDANT" in flags(r)
    assert "G1" in flags(r)["FLAG-GRADE-DISCORDANT"]["text"]


# ------------------------------------------------------------------ surgeon's assessment (AMB-57)
def test_RES_9_STAGED_surgeon_unresectable_type_I_EVE_8_ABL_9_SIM_6() -> None:
    r = run({"surgeon_assessment": "unresectable", "primary_resected": "no"})
    assert status(r, "resection") == ("contraindicated", "RES-9")
    assert status(r, "staged_resection") == ("not_indicated", "STAGED-3")  # scope row first (AMB-13)
    assert status(r, "simultaneous_resection") == ("contraindicated", "SIM-6")
    assert status(r, "ablation") == ("option", "ABL-9")
    assert status(r, "everolimus") == ("option", "EVE-8")
    assert status(r, "sunitinib") == ("option", "SUN-8")
    assert status(r, "tae") == ("option", "TAE-7")


def test_STAGED_11_surgeon_unresectable_type_II() -> None:
    r = run({"surgeon_assessment": "unresectable", "lesions": L_II, "flr_pct": 24})
    assert status(r, "resection") == ("contraindicated", "RES-9")  # precedes RES-5
    assert status(r, "staged_resection") == ("contraindicated", "STAGED-11")
    assert status(r, "transplant")[0] != "not_indicated" or status(r, "transplant")[1] != "OLT-3"


def test_RES_10_two_stage_only_without_FLR_STAGED_7_EVAL_8_ABL_10_SIM_11() -> None:
    r = run(
        {"surgeon_assessment": "two_stage_only", "flr_pct": None, "lesions": L_II, "primary_resected": "no"}
    )
    assert status(r, "resection") == ("contraindicated", "RES-10")
    staged = option(r, "staged_resection")
    assert (staged["status"], staged["rule"]) == ("recommended", "STAGED-7")
    assert "HPB surgeon: two stages only" in staged["reasons"][0]["text"]
    assert "flr_pct" not in r["needs_information"]  # no FLR asked with two_stage_only
    assert "FLAG-STAGED-AVAILABLE" in flags(r)
    assert status(r, "simultaneous_resection") == ("option", "SIM-11")
    ablation = option(r, "ablation")
    assert (ablation["status"], ablation["rule"], ablation["role"]) == ("option", "ABL-10", "adjunct")
    for modality in ("tae", "tace", "radioembolization", "prrt", "ssa"):
        text = option(r, modality)["reasons"][0]["text"]
        assert text.startswith("If the staged resection is not pursued"), (modality, text)
        assert "resection not feasible" not in text.lower()
    assert option(r, "chemotherapy")["reasons"][0]["text"].startswith(
        "G1/G2 pancreatic primary, if the staged resection is not pursued"
    )
    assert option(r, "everolimus")["reasons"][0]["text"].startswith(
        "G1/G2 pancreatic primary, if the staged resection is not pursued"
    )


def test_FLAG_SURGEON_CONFLICT_one_stage_with_FLR_below_30_uses_the_restrictive_finding() -> None:
    r = run({"surgeon_assessment": "one_stage", "flr_pct": 20})
    assert status(r, "resection") == ("contraindicated", "RES-5")
    assert "FLAG-SURGEON-CONFLICT" in flags(r)
    assert "FLR 20 %" in flags(r)["FLAG-SURGEON-CONFLICT"]["text"]


def test_FLAG_SURGEON_CONFLICT_with_type_III() -> None:
    r = run({"surgeon_assessment": "two_stage_only", "lesions": L_III_MANY})
    assert status(r, "resection") == ("not_indicated", "RES-2")
    assert "type III" in flags(r)["FLAG-SURGEON-CONFLICT"]["text"]


def test_DEB_M1_surgeon_unresectable_keeps_cytoreduction_separate() -> None:
    r = run(
        {
            "surgeon_assessment": "unresectable",
            "lesions": L_II,
            "functional_syndrome": "yes",
            "syndrome_refractory": "yes",
            "syndrome_type": "gastrinoma",
        }
    )
    debulking = option(r, "debulking")
    assert (debulking["status"], debulking["rule"]) == ("option", "DEB-9")
    assert debulking["role"] == "symptom_control"
    assert "DEB-M1" in {x["rule"] for x in debulking["reasons"]}


# ------------------------------------------------------------------ primary resectable (AMB-58, MIG-3)
def test_RES_11_STAGED_10_SIM_6_unresectable_primary_PRRT_and_debulking_unrestricted() -> None:
    r = run({"primary_resected": "no", "primary_resectable": "no", "lesions": L_II, "flr_pct": 24})
    assert status(r, "resection") == ("contraindicated", "RES-11")  # before RES-5
    assert status(r, "staged_resection") == ("contraindicated", "STAGED-10")
    assert status(r, "simultaneous_resection") == ("contraindicated", "SIM-6")
    assert status(r, "prrt") == ("option", "PRRT-8")
    assert status(r, "transplant")[1] != "OLT-3"


def test_MIG_3_primary_in_place_asks_primary_resectable_alternatives_conditional_EVAL_4() -> None:
    r = run({"primary_resected": "no", "primary_resectable": "unknown"})
    resection = option(r, "resection")
    assert (resection["status"], resection["missing"]) == ("needs_information", ["primary_resectable"])
    tae = option(r, "tae")
    assert (tae["status"], tae["conditional"]) == ("option", True)
    assert tae["reasons"][0]["text"].startswith("If resection is not feasible:")
    assert "primary_resectable" in r["needs_information"]


def test_AMB_58_primary_resectable_ignored_without_a_primary_in_place() -> None:
    for facts in ({"primary_resected": "yes"}, {"primary_site": "unknown_primary", "primary_resected": "no"}):
        r = run({**facts, "primary_resectable": "unknown"})
        assert status(r, "resection") == ("recommended", "RES-7")


# ------------------------------------------------------------------ FDG-PET result (MIG-1, AMB-60)
def test_PRRT_5_FDG_result_required_for_NEC_PRRT_6_FLAG_DUAL_TRACER() -> None:
    nec = {"differentiation": "poorly", "ki67_pct": 60}
    asked = run({**nec, "fdg_pet": "done_result_unknown"})
    assert status(asked, "prrt") == ("needs_information", "PRRT-5")
    assert option(asked, "prrt")["missing"] == ["fdg_pet"]
    offered = run({**nec, "fdg_pet": "negative"})
    assert status(offered, "prrt") == ("option", "PRRT-6")
    text = flags(offered)["FLAG-DUAL-TRACER"]["text"]
    assert "SSTR imaging positive" in text and "FDG-PET negative" in text
    assert "FLAG-DUAL-TRACER" in option(offered, "prrt")["flags"]


def test_ENETS_6_done_result_unknown_counts_as_functional_imaging() -> None:
    r = run({"sstr_imaging": "not_done", "fdg_pet": "done_result_unknown"})
    items = {i["id"]: i["result"] for i in r["transplant_criteria"]["enets"]["items"]}
    assert items["ENETS-6"] == "met"


# ------------------------------------------------------------------ ablation (ABL-0, AMB-21, AMB-54)
def test_ABL_11_alternative_to_a_feasible_resection_at_the_5_cm_boundary() -> None:
    assert status(run({"lesions": les(("VI", 4.9, 1))}), "ablation") == ("option", "ABL-11")
    assert status(run({"lesions": les(("VI", 5.0, 1))}), "ablation") == ("not_indicated", "ABL-4")


def test_ABL_10_adjunct_to_a_staged_resection_FLR_clearance() -> None:
    r = run({"lesions": les(("VI", 7, 1), ("VII", 1, 1)), "flr_pct": 20})
    assert status(r, "staged_resection") == ("option", "STAGED-9")
    ablation = option(r, "ablation")
    assert (ablation["status"], ablation["rule"], ablation["role"]) == ("option", "ABL-10", "adjunct")


def test_ABL_6_large_lesion_without_any_adjunct() -> None:
    r = run({"lesions": les(("VI", 7, 1)), "fit_for_major_surgery": "no"})
    assert status(r, "ablation") == ("not_indicated", "ABL-6")
    assert "FLAG-ABL-5CM" in flags(r)


# ------------------------------------------------------------------ RE, cautions, PRRT branch
def test_RE_6_hepatic_insufficiency_FLAG_PRRT_HEPATIC() -> None:
    r = run({"fit_for_major_surgery": "no", "hepatic_insufficiency": "yes"})
    assert status(r, "radioembolization") == ("contraindicated", "RE-6")
    assert "FLAG-PRRT-HEPATIC" in option(r, "prrt")["flags"]
    assert "FLAG-RE-CAUTION" not in flags(r)


def test_RE_C_portal_vein_thrombosis_stays_a_caution() -> None:
    r = run({"fit_for_major_surgery": "no", "portal_vein_thrombosis": "yes"})
    assert status(r, "radioembolization") == ("option", "RE-5")
    assert "FLAG-RE-CAUTION" in flags(r)


def test_FLAG_EMBO_RENAL_on_TAE_and_TACE() -> None:
    r = run({"fit_for_major_surgery": "no", "renal_function_adequate": "no"})
    assert status(r, "prrt") == ("contraindicated", "PRRT-3")
    for modality in ("tae", "tace"):
        assert "FLAG-EMBO-RENAL" in option(r, modality)["flags"]


def test_PRRT_1_AMB_66_resectable_extrahepatic_and_liver_disease() -> None:
    r = run({"extrahepatic_disease": "resectable"})
    assert status(r, "prrt") == ("not_indicated", "PRRT-1")
    unfit = run({"extrahepatic_disease": "resectable", "fit_for_major_surgery": "no"})
    assert status(unfit, "prrt") == ("option", "PRRT-7")


def test_FLAG_PRIMARY_PRRT_pancreatic_primary_in_place_diffuse() -> None:
    r = run({"lesions": L_III_MANY, "primary_resected": "no"})
    assert "FLAG-PRIMARY-PRRT" in option(r, "prrt")["flags"]


def test_FLAG_GEP_SCOPE_lung_primary() -> None:
    r = run({"primary_site": "lung"})
    assert "lung" in flags(r)["FLAG-GEP-SCOPE"]["text"]
    assert "FLAG-GEP-SCOPE" not in flags(run({}))


# ------------------------------------------------------------------ performance status (AMB-61)
def test_FLAG_PS_POOR_on_non_surgical_options_never_a_status() -> None:
    base = {"fit_for_major_surgery": "no", "functional_syndrome": "yes", "syndrome_refractory": "no"}
    poor, good = run({**base, "ecog": 3}), run({**base, "ecog": 1})
    assert [(o["status"], o["rule"]) for o in poor["options"]] == [
        (o["status"], o["rule"]) for o in good["options"]
    ]
    assert "ECOG 3" in flags(poor)["FLAG-PS-POOR"]["text"]
    for o in poor["options"]:
        offered = o["status"] in ("recommended", "option")
        surgical = o["role"] == "curative_surgery" or o["modality"] == "debulking"
        assert ("FLAG-PS-POOR" in o["flags"]) == (offered and not surgical), o["modality"]
    assert "FLAG-PS-POOR" not in flags(good)


# ------------------------------------------------------------------ outside-sources precautions (AMB-64)
def test_FLAG_OUT_SSA_INSULINOMA_marked_outside_sources_and_attached_to_SSA() -> None:
    r = run({"functional_syndrome": "yes", "syndrome_refractory": "no", "syndrome_type": "insulinoma"})
    flag = flags(r)["FLAG-OUT-SSA-INSULINOMA"]
    assert flag["source"] == OUT and flag["outside_sources"] is True
    assert flag["text"].startswith("Not from the encoded sources; verify against your local guideline")
    assert "FLAG-OUT-SSA-INSULINOMA" in option(r, "ssa")["flags"]
    assert all(not f["outside_sources"] for f in r["flags"] if f["id"] != "FLAG-OUT-SSA-INSULINOMA")


def test_FLAG_OUT_CARCINOID_HEART_on_surgery_and_embolization_offered() -> None:
    r = run({"functional_syndrome": "yes", "syndrome_refractory": "no", "syndrome_type": "carcinoid"})
    assert flags(r)["FLAG-OUT-CARCINOID-HEART"]["source"] == OUT
    assert "FLAG-OUT-CARCINOID-HEART" in option(r, "resection")["flags"]
    assert "FLAG-OUT-CARCINOID-HEART" not in option(r, "tae")["flags"]  # not offered here (TAE-3)


def test_FLAG_SYNDROME_TYPE_when_the_type_is_not_recorded_MIG_4() -> None:
    r = run({"functional_syndrome": "yes", "syndrome_refractory": "no", "syndrome_name": "insulinoma"})
    assert "FLAG-SYNDROME-TYPE" in flags(r)
    assert "FLAG-OUT-SSA-INSULINOMA" not in flags(r)  # never set from the free-text name


# ------------------------------------------------------------------ presentation data (TIER-1, ROLE-1, ORDER-1)
def test_ROLE_1_TIER_1_per_option_in_the_json() -> None:
    r = run(
        {"lesions": L_II, "functional_syndrome": "yes", "syndrome_refractory": "no", "syndrome_type": "other"}
    )
    expected_tiers = {
        "resection": "A",
        "prrt": "A",
        "tae": "A",
        "ssa": "B",
        "everolimus": "B",
        "chemotherapy": "B",
        "interferon": "C",
        "immunotherapy": "C",
    }
    for modality, tier in expected_tiers.items():
        assert option(r, modality)["evidence_tier"] == tier
    assert option(r, "resection")["role"] == "curative_surgery"
    assert (option(r, "ablation")["rule"], option(r, "ablation")["role"]) == ("ABL-8", "adjunct")
    assert (option(r, "ssa")["rule"], option(r, "ssa")["role"]) == ("SSA-5", "symptom_control")
    assert option(r, "prrt")["role"] == "liver_directed"


def test_ORDER_1_status_groups_then_surgical_liver_directed_systemic() -> None:
    r = run({"fit_for_major_surgery": "no"})
    order = r["display_order"]
    assert sorted(order) == sorted(o["modality"] for o in r["options"])
    rank = {"recommended": 0, "option": 1, "needs_information": 2, "contraindicated": 3, "not_indicated": 4}
    statuses = [rank[option(r, m)["status"]] for m in order]
    assert statuses == sorted(statuses)
    offered = [m for m in order if option(r, m)["status"] == "option"]
    assert offered.index("ablation") < offered.index("tae") < offered.index("prrt") < offered.index("ssa")


def test_NEEDS_ORDER_pathology_staging_fitness_symptoms_technique() -> None:
    r = run(
        {
            "differentiation": "unknown",
            "flr_pct": None,
            "fit_for_major_surgery": "unknown",
            "functional_syndrome": "unknown",
            "extrahepatic_disease": "unknown",
        }
    )
    needs = r["needs_information"]
    groups = [
        ["differentiation"],
        ["extrahepatic_disease"],
        ["fit_for_major_surgery"],
        ["functional_syndrome"],
        ["flr_pct"],
    ]
    positions = [needs.index(g[0]) for g in groups]
    assert positions == sorted(positions), needs


def test_EV_OLT_2_in_the_evidence_list_FLAG_OLT_KI67_retired() -> None:
    r = run({"lesions": L_III_MANY, "hepatic_involvement_pct": 40})
    assert status(r, "transplant") == ("option", "OLT-7")
    evidence = {e["id"]: e for e in r["evidence"]}
    assert "inverted" in evidence["EV-OLT-2"]["text"] and "17%" in evidence["EV-OLT-2"]["text"]
    assert "FLAG-OLT-KI67" not in flags(r)


def test_EVE_8_conditional_on_the_surgical_route_EVAL_7() -> None:
    r = run({"flr_pct": None})
    everolimus = option(r, "everolimus")
    assert (everolimus["status"], everolimus["rule"], everolimus["conditional"]) == ("option", "EVE-8", True)
    assert everolimus["reasons"][0]["text"].startswith(
        "If neither resection nor staged resection is feasible:"
    )


def test_knowledge_base_names_revision_2() -> None:
    assert "revision 2" in run({})["knowledge_base"]
