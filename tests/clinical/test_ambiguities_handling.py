"""Each ambiguity of CLINICAL-RULES section 11 that no other test pins, held to its chosen handling;
and the revision-1 migration (MIG-1..4) as the engine then reads the case."""

from __future__ import annotations

from nelm_desktop.core.engine import evaluate
from nelm_desktop.core.evaluation import Evaluation
from nelm_desktop.core.model import Case
from nelm_desktop.core.store.migrations import migrate
from tests.clinical.clinical_cases import TYPE_II, TYPE_III, ev, flag_ids, opt

NEC = {"differentiation": "poorly", "ki67_pct": 50}


def _statuses(evaluation: Evaluation, *modalities: str) -> dict[str, str]:
    return {m: opt(evaluation, m).status for m in modalities}


def test_amb_5_g3_outside_fig_2_only_the_named_exceptions_are_offered() -> None:
    """AMB-5 and EVAL-5: 'Not listed for G3 in the sources' for every modality without its own G3 row."""
    evaluation = ev(ki67_pct=25, functional_syndrome="yes", syndrome_refractory="no", syndrome_type="other")
    assert (opt(evaluation, "resection").status, opt(evaluation, "resection").rule) == ("option", "RES-8")
    assert (opt(evaluation, "ssa").status, opt(evaluation, "ssa").rule) == ("option", "SSA-5")
    assert opt(evaluation, "chemotherapy").rule == "CHE-2"
    for modality in (
        "simultaneous_resection",
        "debulking",
        "ablation",
        "tae",
        "radioembolization",
        "everolimus",
    ):
        result = opt(evaluation, modality)
        assert result.status == "not_indicated", modality
        assert result.reasons[0].text == "Not listed for G3 in the sources.", modality
    assert "FLAG-G3" in flag_ids(evaluation)


def test_amb_6_and_amb_19_nec_surgery_contraindicated_the_rest_not_listed() -> None:
    """AMB-6, AMB-19 (chosen handling, CLINICAL-RULES section 11)."""
    evaluation = ev(**NEC, portal_vein_thrombosis="yes")
    assert _statuses(evaluation, "resection", "staged_resection", "simultaneous_resection", "debulking") == {
        "resection": "contraindicated",
        "staged_resection": "contraindicated",
        "simultaneous_resection": "contraindicated",
        "debulking": "contraindicated",  # AMB-19: a product decision for palliative surgery
    }
    # 6.17: the NEC row comes first, so TAE-4's contraindication does not apply.
    assert (opt(evaluation, "tae").status, opt(evaluation, "tae").rule) == ("not_indicated", "TAE-1")
    for modality in (
        "ablation",
        "tace",
        "radioembolization",
        "ssa",
        "everolimus",
        "sunitinib",
        "interferon",
        "immunotherapy",
    ):
        assert opt(evaluation, modality).status == "not_indicated", modality


def test_amb_7_nec_chemotherapy_recommended_without_first_line_wording() -> None:
    """AMB-7 (chosen handling, CLINICAL-RULES section 11)."""
    result = opt(ev(**NEC), "chemotherapy")
    assert (result.status, result.rule) == ("recommended", "CHE-1")
    text = " ".join(r.text for r in result.reasons).lower()
    assert "first line" not in text and "column" not in text  # section 12 (rev 2)


def test_amb_15_conditional_option_missing_facts_listed_once_on_resection() -> None:
    """AMB-15 (chosen handling, CLINICAL-RULES section 11)."""
    evaluation = ev(lesions=TYPE_III, confirmed_type="limited_bilobar", flr_pct=None)
    resection = opt(evaluation, "resection")
    assert (resection.status, resection.missing) == ("needs_information", ["flr_pct"])
    tae = opt(evaluation, "tae")
    assert (tae.status, tae.conditional, tae.missing) == ("option", True, [])
    assert tae.reasons[0].text.startswith("If resection is not feasible:")
    assert "FLAG-RES-UNDET" in tae.flags
    assert evaluation.needs_information.count("flr_pct") == 1


def test_amb_18_resectable_extrahepatic_disease_keeps_resection_with_rehd() -> None:
    """AMB-18 (chosen handling, CLINICAL-RULES section 11)."""
    evaluation = ev(extrahepatic_disease="resectable")
    resection = opt(evaluation, "resection")
    assert (resection.status, resection.rule) == ("recommended", "RES-7")
    assert "RES-M1" in [r.rule for r in resection.reasons]
    assert "FLAG-REHD" in resection.flags
    # AMB-66: PRRT stays outside the branch while the curative route is open.
    assert opt(evaluation, "prrt").rule == "PRRT-1"


def test_amb_22_ablation_for_limited_nonresectable_burden_is_an_option_not_recommended() -> None:
    """AMB-22 (chosen handling, CLINICAL-RULES section 11)."""
    result = opt(ev(fit_for_major_surgery="no"), "ablation")
    assert (result.status, result.rule) == ("option", "ABL-9")


def test_amb_23_usually_contraindicated_maps_to_contraindicated() -> None:
    """AMB-23 (chosen handling, CLINICAL-RULES section 11)."""
    for fact in ("lesion_near_hilum", "superficial_lesion"):
        result = opt(ev(fit_for_major_surgery="no", **{fact: "yes"}), "ablation")
        assert (result.status, result.rule) == ("contraindicated", "ABL-5"), fact


def test_amb_24_prior_whipple_with_anastomosis_recorded_no_shows_both() -> None:
    """AMB-24 (chosen handling, CLINICAL-RULES section 11)."""
    evaluation = ev(lesions=TYPE_III, prior_whipple="yes", bilioenteric_anastomosis="no")
    tae = opt(evaluation, "tae")
    assert (tae.status, tae.rule) == ("contraindicated", "TAE-5")
    assert tae.reasons[0].facts["bilioenteric_anastomosis"] == "no"
    assert tae.reasons[0].facts["prior_whipple"] == "yes"


def test_amb_26_everolimus_for_si_nen_follows_fig_2_sunitinib_does_not() -> None:
    """AMB-26 (chosen handling, CLINICAL-RULES section 11)."""
    evaluation = ev(lesions=TYPE_III)  # small-intestinal primary
    assert (opt(evaluation, "everolimus").status, opt(evaluation, "everolimus").rule) == ("option", "EVE-7")
    assert (opt(evaluation, "sunitinib").status, opt(evaluation, "sunitinib").rule) == (
        "not_indicated",
        "SUN-4",
    )


def test_amb_35_ssa_without_site_restriction() -> None:
    """AMB-35 (chosen handling, CLINICAL-RULES section 11)."""
    result = opt(ev(lesions=TYPE_III, primary_site="rectum"), "ssa")
    assert (result.status, result.rule) == ("option", "SSA-6")
    assert "evidence for small-intestinal and pancreatic origin" in result.reasons[0].text


def test_amb_36_and_amb_46_chemotherapy_g12_pancreas_only() -> None:
    """AMB-36, AMB-46 (chosen handling, CLINICAL-RULES section 11)."""
    assert opt(ev(lesions=TYPE_III, primary_site="small_intestine"), "chemotherapy").rule == "CHE-3"
    assert opt(ev(lesions=TYPE_III, primary_site="unknown_primary"), "chemotherapy").rule == "CHE-3"
    missing = opt(ev(lesions=TYPE_III, primary_site="unknown"), "chemotherapy")
    assert (missing.status, missing.missing) == ("needs_information", ["primary_site"])


def test_amb_37_immunotherapy_handled_like_interferon() -> None:
    """AMB-37 (chosen handling, CLINICAL-RULES section 11)."""
    for site in ("small_intestine", "pancreas"):
        evaluation = ev(lesions=TYPE_III, primary_site=site)
        ifn, imm = opt(evaluation, "interferon"), opt(evaluation, "immunotherapy")
        assert (ifn.status, ifn.rule.replace("IFN", "X")) == (imm.status, imm.rule.replace("IMM", "X"))
        assert imm.evidence_tier == "C"


def test_amb_40_ki67_olt_figures_only_in_the_evidence_list_as_printed() -> None:
    """AMB-40 (chosen handling, CLINICAL-RULES section 11)."""
    evaluation = ev(lesions=TYPE_III, hepatic_involvement_pct=30)
    assert opt(evaluation, "transplant").status == "option"
    entries = {e["id"]: e["text"] for e in evaluation.evidence}
    assert (
        "only 17% of patients with Ki67% LI <2% were free from recurrence at 3 years" in entries["EV-OLT-2"]
    )
    assert "AMB-40" in entries["EV-OLT-2"]
    assert "FLAG-OLT-KI67" not in flag_ids(evaluation)


def test_amb_41_42_43_figures_and_trials_reproduced_as_printed() -> None:
    """AMB-41, AMB-42, AMB-43 (chosen handling, CLINICAL-RULES section 11)."""
    evaluation = ev(lesions=TYPE_II, flr_pct=20, functional_syndrome="yes", syndrome_refractory="yes")
    entries = {e["id"]: e["text"] for e in evaluation.evidence}
    assert (
        "67% of patients underwent surgery achieving 5 years overall survival" in entries["EV-POOL"]
    )  # AMB-41
    assert "median 5-year OS of 60.7% months" in entries["EV-DEB"]  # AMB-42
    trials = {t["id"]: t["name"] for t in evaluation.trials}
    assert trials.get("TRIAL-5") == "DEBOXA, NCT0388306"  # AMB-43: 7 digits, not corrected


def test_amb_47_recurrent_nelm_same_algorithm() -> None:
    """AMB-47 (chosen handling, CLINICAL-RULES section 11)."""
    plain, recurrent = ev(lesions=TYPE_II), ev(lesions=TYPE_II, recurrence_after_liver_resection="yes")
    assert [(o.status, o.rule) for o in plain.options] == [(o.status, o.rule) for o in recurrent.options]
    assert "RES-M2" in [r.rule for r in opt(recurrent, "resection").reasons]
    assert "FLAG-RECURRENCE" in flag_ids(recurrent)
    assert "EV-REC" in [e["id"] for e in recurrent.evidence]


def test_amb_49_resection_asks_extrahepatic_disease_and_ki67() -> None:
    """AMB-49 (chosen handling, CLINICAL-RULES section 11)."""
    assert opt(ev(extrahepatic_disease="unknown"), "resection").missing == ["extrahepatic_disease"]
    assert opt(ev(ki67_pct=None), "resection").missing == ["ki67_pct"]


def test_amb_62_63_65_tiers_roles_and_needs_order_are_displayed_data_not_statuses() -> None:
    """AMB-62 (tiers describe the seeds), AMB-63 (roles, display order), AMB-65 (needs order): none of
    them changes a status; every result carries tier and role."""
    evaluation = ev(lesions=TYPE_III)
    assert {o.evidence_tier for o in evaluation.options} == {"A", "B", "C"}
    assert opt(evaluation, "prrt").role == "liver_directed"  # review2023's grouping (AMB-63)
    assert sorted(o.modality for o in evaluation.display_order()) == sorted(
        o.modality for o in evaluation.options
    )


def test_mig_1_to_4_revision_1_case_read_by_the_engine() -> None:
    v1 = {
        "schema_version": 1,
        "differentiation": "well",
        "ki67_pct": 30,
        "primary_site": "pancreas",
        "primary_resected": "no",
        "fdg_pet": "done",
        "sstr_imaging": "not_done",
        "extrahepatic_disease": "none",
        "functional_syndrome": "yes",
        "syndrome_name": "insulinoma",
    }
    migrated = migrate(v1, 1)
    assert migrated["fdg_pet"] == "done_result_unknown"  # MIG-1
    assert migrated["ki67_pct"] == 30 and migrated.get("ki67_liver_pct") is None  # MIG-2
    case = Case(**{k: v for k, v in migrated.items() if k != "schema_version"})
    assert case.surgeon_assessment == "not_assessed" and case.primary_resectable == "unknown"  # MIG-3
    assert case.syndrome_type == "unknown"  # MIG-4: never from the free-text name
    evaluation = evaluate(case)
    assert "FLAG-SYNDROME-TYPE" in flag_ids(evaluation)
    assert "FLAG-OUT-SSA-INSULINOMA" not in flag_ids(evaluation)
    # MIG-1: ENETS-6 counts done_result_unknown as functional imaging done; PRRT-5 asks the result (G3).
    enets6 = next(i for i in evaluation.transplant_criteria["enets"].items if i.id == "ENETS-6")
    assert enets6.result == "met"
    assert "fdg_pet" in opt(evaluation, "prrt").missing
    # MIG-3: the primary in place is asked for primary_resectable where it decides (G3: RES-6).
    assert "primary_resectable" in opt(evaluation, "resection").missing


def test_amb_44_fig_2_prints_pprt_for_prrt() -> None:
    """AMB-44: the figure's "PPRT" is PRRT (its legend defines it); the app names the modality PRRT."""
    evaluation = ev(lesions=TYPE_III)
    prrt = opt(evaluation, "prrt")
    assert "(PRRT)" in prrt.label and "PPRT" not in prrt.label
    assert "Fig. 2" in prrt.reasons[0].sources[-1].locator


def test_eval_1_order_sim_ablation_and_transplant_read_earlier_results() -> None:
    """EVAL-1: RES -> FEAS -> STAGED -> SURG -> the others, transplant last; SIM and ablation read the
    staged result (SIM-11, ABL-10), transplant reads SURG (OLT-3)."""
    from nelm_desktop.core.engine import ALL_TABLES

    order = [t.modality for t in ALL_TABLES]
    assert order[:2] == ["resection", "staged_resection"] and order[-1] == "transplant"
    evaluation = ev(lesions=TYPE_II, flr_pct=20, primary_resected="no", primary_resectable="yes")
    assert [opt(evaluation, m).rule for m in ("simultaneous_resection", "ablation", "transplant")] == [
        "SIM-11",
        "ABL-10",
        "OLT-3",
    ]


def test_eval_8_wording_when_the_staged_route_is_offered() -> None:
    """EVAL-8 (rev 2): FEAS not_feasible but SURG exists: the FEAS option rows start 'If the staged
    resection is not pursued'; with no surgical route they keep 'resection not feasible'."""
    staged = ev(lesions=TYPE_II, flr_pct=20, primary_site="pancreas")
    for modality in ("tae", "tace", "radioembolization", "prrt", "ssa"):
        assert opt(staged, modality).reasons[0].text.startswith("If the staged resection is not pursued"), (
            modality
        )
    for modality in ("everolimus", "sunitinib", "chemotherapy"):
        assert "if the staged resection is not pursued" in opt(staged, modality).reasons[0].text, modality
    none = ev(lesions=TYPE_II, fit_for_major_surgery="no", primary_site="pancreas")
    assert opt(none, "tae").reasons[0].text.startswith("Resection contraindicated or not feasible")
    assert "resection not feasible" in opt(none, "chemotherapy").reasons[0].text
