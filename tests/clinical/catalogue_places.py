"""Third clinical audit: every '(rev 2)' place of CLINICAL-RULES.md and every AMB-* handling as one case,
with what the catalogue text says it must give (status and deciding rule, facts read, missing facts,
flags, reason wording, criteria items). tests/clinical/test_catalogue_places_end_to_end.py runs each
through `evaluate --format json` and the tumour-board summary PDF."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tests.clinical.clinical_cases import (
    LIMITED_BILOBAR,
    SOLITARY_6CM,
    SOLITARY_SIZE_UNKNOWN,
    TYPE_II,
    TYPE_III,
    UNILOBAR,
)

StatusRule = tuple[str, str]
IN_PLACE = {"primary_resected": "no", "primary_resectable": "yes"}
NEC = {"differentiation": "poorly", "ki67_pct": 50}
G3 = {"ki67_pct": 30}
III = {"lesions": TYPE_III, "hepatic_involvement_pct": 30}
II = {"lesions": TYPE_II, "hepatic_involvement_pct": 20}
FUNCTIONAL = {"functional_syndrome": "yes", "syndrome_refractory": "no"}
NOT_PURSUED = "If the staged resection is not pursued:"


@dataclass(frozen=True)
class Place:
    """One catalogue place: the case (overrides on the engine test baseline) and what it must give."""

    place: str  # the catalogue id(s) it exercises
    facts: dict[str, Any]
    opts: dict[str, StatusRule] = field(default_factory=dict)  # modality -> (status, deciding rule)
    reads: dict[str, dict[str, Any]] = field(default_factory=dict)  # deciding reason's facts (subset)
    missing: dict[str, list[str]] = field(default_factory=dict)  # modality -> missing facts, exact
    needs: list[str] | None = None  # the case's needs-information list, exact and in order
    flags: frozenset[str] = frozenset()  # raised (case list)
    no_flags: frozenset[str] = frozenset()
    on: dict[str, frozenset[str]] = field(default_factory=dict)  # modality -> flags attached to it
    starts: dict[str, str] = field(default_factory=dict)  # modality -> deciding reason text starts
    lines: dict[str, str] = field(default_factory=dict)  # modality -> a reason line (rule) it carries
    grade: StatusRule | None = None  # (grade, grade rule)
    items: dict[str, str] = field(default_factory=dict)  # criterion item id -> met / not_met / unknown
    conditional: frozenset[str] = frozenset()  # options offered conditionally (EVAL-4 / EVAL-7)
    evidence: dict[str, frozenset[str]] = field(default_factory=dict)  # modality -> evidence ids listed
    lesions: dict[str, Any] = field(default_factory=dict)  # lesion summary fields (LESION, LOBES)
    suggested: str | None = None  # PATTERN's suggested type


def P(place: str, facts: dict[str, Any], **expect: Any) -> Place:
    for key in ("flags", "no_flags", "conditional"):
        if key in expect:
            expect[key] = frozenset(expect[key])
    for key in ("on", "evidence"):
        if key in expect:
            expect[key] = {m: frozenset(f) for m, f in expect[key].items()}
    return Place(place, facts, **expect)


PLACES: list[Place] = [
    # --- 3 / 4.1: grade_reported, ki67_liver_pct, GRADE-0, GRADE-8, GRADE-9 and the grade flags (rev 2)
    P(
        "GRADE-8 grade_reported G2 without Ki-67",
        {"ki67_pct": None, "grade_reported": "G2"},
        grade=("G2", "GRADE-8"),
        opts={"resection": ("recommended", "RES-7")},
        flags={"FLAG-GRADE-REPORTED"},
        no_flags={"FLAG-GRADE-DISCORDANT"},
    ),
    P(
        "GRADE-0 differentiation_eff well from a reported G3",
        {"differentiation": "unknown", "ki67_pct": None, "grade_reported": "G3"},
        grade=("G3 NET", "GRADE-8"),
        opts={"resection": ("option", "RES-8"), "chemotherapy": ("option", "CHE-2")},
        reads={"resection": {}},
        flags={"FLAG-GRADE-REPORTED", "FLAG-G3"},
    ),
    P(
        "GRADE-0 differentiation_eff poorly from a reported NEC",
        {"differentiation": "unknown", "ki67_pct": None, "grade_reported": "NEC"},
        grade=("NEC", "GRADE-1"),
        opts={"resection": ("contraindicated", "RES-1"), "chemotherapy": ("recommended", "CHE-1")},
        flags={"FLAG-GRADE-REPORTED"},
        no_flags={"FLAG-NEC-KI67", "FLAG-PRIMARY-IN-PLACE"},
    ),
    P(
        "GRADE-9 / AMB-59 reported NEC against recorded well differentiation",
        {"ki67_pct": None, "grade_reported": "NEC"},
        grade=("undetermined", "GRADE-9"),
        opts={"resection": ("needs_information", "RES-6")},
        missing={"resection": ["ki67_pct"]},
        flags={"FLAG-GRADE-DISCORDANT"},
    ),
    P(
        "FLAG-GRADE-DISCORDANT: the Ki-67 grade differs from the report",
        {"ki67_pct": 1, "grade_reported": "G2"},
        grade=("G1", "GRADE-2"),
        flags={"FLAG-GRADE-DISCORDANT"},
        no_flags={"FLAG-GRADE-REPORTED"},
    ),
    P(
        "GRADE-0 the higher Ki-67; FLAG-KI67-DISCORDANT (rev 2)",
        {"ki67_pct": 1, "ki67_liver_pct": 25},
        grade=("G3 NET", "GRADE-5"),
        opts={"resection": ("option", "RES-8")},
        flags={"FLAG-KI67-DISCORDANT", "FLAG-G3"},
    ),
    P(
        "FLAG-KI67-DISCORDANT bands: 2.5 and 3 are one band; 3 is a cut-off (AMB-2)",
        {"ki67_pct": 2.5, "ki67_liver_pct": 3},
        grade=("G2", "GRADE-4"),
        flags={"FLAG-KI67-CUTOFF"},
        no_flags={"FLAG-KI67-DISCORDANT", "FLAG-KI67-GAP"},
    ),
    P(
        "ENETS-2 reads GRADE-0's Ki-67 (rev 2): the liver's 12 % fails it",
        {"ki67_pct": 5, "ki67_liver_pct": 12},
        grade=("G2", "GRADE-4"),
        items={"ENETS-2": "not_met"},
    ),
    P(
        "AMB-59 ENETS-2 needs a Ki-67 value",
        {"ki67_pct": None, "grade_reported": "G1"},
        grade=("G1", "GRADE-8"),
        items={"ENETS-2": "unknown", "MILAN-2": "met"},
    ),
    # --- AMB-1..4: grade ambiguities
    P("AMB-1 Ki-67 gap", {"ki67_pct": 2.5}, grade=("G2", "GRADE-3"), flags={"FLAG-KI67-GAP"}),
    P("AMB-2 cut-off 2", {"ki67_pct": 2}, grade=("G1", "GRADE-2"), flags={"FLAG-KI67-CUTOFF"}),
    P("AMB-2 cut-off 20", {"ki67_pct": 20}, grade=("G2", "GRADE-4"), flags={"FLAG-KI67-CUTOFF"}),
    P(
        "AMB-3 differentiation unknown at Ki-67 30",
        {"differentiation": "unknown", "ki67_pct": 30},
        grade=("undetermined", "GRADE-6"),
        opts={"resection": ("needs_information", "RES-6"), "chemotherapy": ("needs_information", "CHE-5")},
        missing={"resection": ["differentiation"]},
        needs=["differentiation"],
    ),
    P(
        "AMB-4 poorly differentiated with Ki-67 10",
        {"differentiation": "poorly", "ki67_pct": 10},
        grade=("NEC", "GRADE-1"),
        flags={"FLAG-NEC-KI67"},
    ),
    # --- fdg_pet values (rev 2), PRRT-5/6, FLAG-DUAL-TRACER, AMB-38, AMB-60
    P(
        "PRRT-5 (rev 2) NEC asks the FDG-PET result",
        {**NEC, "fdg_pet": "done_result_unknown"},
        opts={"prrt": ("needs_information", "PRRT-5"), "chemotherapy": ("recommended", "CHE-1")},
        missing={"prrt": ["fdg_pet"]},
        needs=["fdg_pet"],
    ),
    P(
        "PRRT-6 (rev 2) NEC, FDG negative accepted; FLAG-DUAL-TRACER",
        {**NEC, "fdg_pet": "negative", "extrahepatic_disease": "unknown"},
        opts={"prrt": ("option", "PRRT-6")},
        on={"prrt": {"FLAG-DUAL-TRACER"}},
        flags={"FLAG-DUAL-TRACER"},
    ),
    P(
        "PRRT-6 G3: FLAG-G3 and FLAG-DUAL-TRACER on PRRT",
        {**G3, **III},
        opts={"prrt": ("option", "PRRT-6"), "tae": ("not_indicated", "TAE-2")},
        on={"prrt": {"FLAG-DUAL-TRACER", "FLAG-G3"}},
    ),
    P(
        "AMB-60 no rule reads the FDG result for G1/G2",
        {**III, "fdg_pet": "done_result_unknown"},
        opts={"prrt": ("option", "PRRT-8")},
        no_flags={"FLAG-DUAL-TRACER"},
    ),
    P(
        "MIG-1 / ENETS-6: done_result_unknown counts as functional imaging done",
        {"sstr_imaging": "not_done", "fdg_pet": "done_result_unknown"},
        items={"ENETS-6": "met"},
    ),
    P(
        "AMB-31 ENETS-6 without functional imaging asks SSTR imaging",
        {"sstr_imaging": "not_done", "fdg_pet": "not_done"},
        items={"ENETS-6": "unknown"},
    ),
    # --- primary_resectable: RES-11, STAGED-10, SIM-6, RES-6, EVAL-4, AMB-58 (rev 2)
    P(
        "RES-11 / STAGED-10 / SIM-6 primary in place, not resectable",
        {"primary_resected": "no", "primary_resectable": "no", **II, "flr_pct": 20},
        opts={
            "resection": ("contraindicated", "RES-11"),
            "staged_resection": ("contraindicated", "STAGED-10"),
            "simultaneous_resection": ("contraindicated", "SIM-6"),
            "tae": ("option", "TAE-7"),
        },
        reads={"resection": {"primary_resectable": "no"}},
        starts={"tae": "Resection contraindicated or not feasible:"},
        no_flags={"FLAG-STAGED-AVAILABLE"},
    ),
    P(
        "AMB-13 / RES-2 type III is outside the branch before primary_resectable is asked",
        {
            "primary_resected": "no",
            "primary_resectable": "unknown",
            "lesions": TYPE_III,
            "hepatic_involvement_pct": 60,
        },
        opts={"resection": ("not_indicated", "RES-2")},
        missing={"resection": []},
    ),
    P(
        "RES-6 / EVAL-4 (rev 2) primary_resectable unknown, type I",
        {"primary_resected": "no", "primary_resectable": "unknown"},
        opts={
            "resection": ("needs_information", "RES-6"),
            "staged_resection": ("not_indicated", "STAGED-3"),
            "tae": ("option", "TAE-7"),
        },
        missing={"resection": ["primary_resectable"]},
        needs=["primary_resectable"],
        conditional={"tae", "tace", "radioembolization", "ssa"},
        starts={"tae": "If resection is not feasible:"},
        flags={"FLAG-RES-UNDET", "FLAG-PRIMARY-IN-PLACE"},
    ),
    P(
        "AMB-58 primary_resectable not read while primary_resected is unknown (SIM-8 asks that)",
        {"primary_resected": "unknown", "primary_resectable": "unknown"},
        opts={
            "resection": ("recommended", "RES-7"),
            "simultaneous_resection": ("needs_information", "SIM-8"),
        },
        missing={"simultaneous_resection": ["primary_resected"]},
        needs=["primary_resected"],
    ),
    # --- surgeon_assessment: RES-9, RES-10, STAGED-11, STAGED-6/7/9, DEB-M1, FLAG-SURGEON-CONFLICT, AMB-57
    P(
        "RES-9 / STAGED-11 surgeon: unresectable; EVAL-3 settles without the type",
        {"surgeon_assessment": "unresectable", "lesions": None},
        opts={
            "resection": ("contraindicated", "RES-9"),
            "staged_resection": ("contraindicated", "STAGED-11"),
            "tae": ("option", "TAE-7"),
            "ablation": ("needs_information", "ABL-7"),
        },
        reads={"resection": {"surgeon_assessment": "unresectable"}},
        missing={"ablation": ["lesions"]},
    ),
    P(
        "RES-10 / STAGED-7 two stages only, no FLR asked; FLAG-STAGED-AVAILABLE; EVAL-8",
        {**II, "surgeon_assessment": "two_stage_only", "flr_pct": None},
        opts={
            "resection": ("contraindicated", "RES-10"),
            "staged_resection": ("recommended", "STAGED-7"),
            "tae": ("option", "TAE-7"),
            "radioembolization": ("option", "RE-5"),
        },
        starts={"tae": NOT_PURSUED, "radioembolization": NOT_PURSUED, "ssa": NOT_PURSUED},
        on={"staged_resection": {"FLAG-STAGED-AVAILABLE", "FLAG-STAGED-BIOPSY"}},
        needs=[],
    ),
    P(
        "STAGED-9 (rev 2) column A, two stages only",
        {"surgeon_assessment": "two_stage_only", "flr_pct": None},
        opts={"resection": ("contraindicated", "RES-10"), "staged_resection": ("option", "STAGED-9")},
        starts={"staged_resection": "HPB surgeon: two stages only"},
    ),
    P(
        "STAGED-6 (rev 2) type II, FLR unknown without a surgeon's assessment",
        {**II, "flr_pct": None},
        opts={
            "resection": ("needs_information", "RES-6"),
            "staged_resection": ("needs_information", "STAGED-6"),
        },
        missing={"staged_resection": ["flr_pct"], "resection": ["flr_pct"]},
    ),
    P(
        "FLAG-SURGEON-CONFLICT one stage against FLR 20 %: the more restrictive finding is used",
        {**II, "surgeon_assessment": "one_stage", "flr_pct": 20},
        opts={"resection": ("contraindicated", "RES-5"), "staged_resection": ("recommended", "STAGED-7")},
        flags={"FLAG-SURGEON-CONFLICT", "FLAG-STAGED-AVAILABLE"},
    ),
    P(
        "FLAG-SURGEON-CONFLICT two stages only against type III",
        {**III, "hepatic_involvement_pct": 60, "surgeon_assessment": "two_stage_only"},
        opts={"resection": ("not_indicated", "RES-2"), "staged_resection": ("not_indicated", "STAGED-2")},
        flags={"FLAG-SURGEON-CONFLICT"},
    ),
    P(
        "DEB-9 / DEB-M1 (rev 2) surgeon 'unresectable' leaves cytoreduction to a separate judgement",
        {
            **II,
            "surgeon_assessment": "unresectable",
            "functional_syndrome": "yes",
            "syndrome_refractory": "yes",
        },
        opts={"debulking": ("option", "DEB-9")},
        lines={"debulking": "DEB-M1"},
        starts={"debulking": "Type II, resection not feasible:"},
        on={"debulking": {"FLAG-DEB-TARGET"}},
        flags={"FLAG-SYNDROME-TYPE"},
    ),
    P(
        "DEB-9 (rev 2 text) EVAL-8 wording with a staged resection",
        {
            **II,
            "flr_pct": 20,
            "functional_syndrome": "yes",
            "syndrome_refractory": "yes",
            "syndrome_type": "other",
        },
        opts={"debulking": ("option", "DEB-9"), "staged_resection": ("recommended", "STAGED-7")},
        starts={"debulking": NOT_PURSUED},
    ),
    # --- staged resection and G3 (STAGED-3/7/8, STAGED-M1, AMB-17, AMB-52)
    P(
        "STAGED-3 (rev 2) column A with FLR sufficient",
        {},
        opts={"staged_resection": ("not_indicated", "STAGED-3"), "resection": ("recommended", "RES-7")},
    ),
    P(
        "STAGED-8 (rev 2) type II with FLR >= 30",
        {**II, "flr_pct": 40},
        opts={"resection": ("recommended", "RES-7"), "staged_resection": ("option", "STAGED-8")},
    ),
    P(
        "STAGED-7 G3 capped at option; STAGED-M1 ALPPS excluded (AMB-52)",
        {**G3, **II, "flr_pct": 20},
        opts={"staged_resection": ("option", "STAGED-7"), "resection": ("contraindicated", "RES-5")},
        lines={"staged_resection": "STAGED-M1"},
        on={"staged_resection": {"FLAG-G3"}},
    ),
    P(
        "AMB-52 G3 solitary lesion with FLR sufficient",
        {**G3},
        opts={"staged_resection": ("not_indicated", "STAGED-3"), "resection": ("option", "RES-8")},
    ),
    P(
        "AMB-17 / STAGED-9 column A with FLR < 30; ABL-10 adjunct (rev 2)",
        {"flr_pct": 25},
        opts={
            "resection": ("contraindicated", "RES-5"),
            "staged_resection": ("option", "STAGED-9"),
            "ablation": ("option", "ABL-10"),
            "simultaneous_resection": ("not_indicated", "SIM-5"),
        },
        on={"staged_resection": {"FLAG-STAGED-AVAILABLE"}},
    ),
    # --- simultaneous resection (SIM-3, SIM-8, SIM-11, SIM-7 retired, AMB-45)
    P(
        "SIM-3 (rev 2) type III, primary in place",
        {**IN_PLACE, **III, "hepatic_involvement_pct": 60},
        opts={"simultaneous_resection": ("not_indicated", "SIM-3")},
    ),
    P(
        "SIM-11 (rev 2) primary resection with the staged first stage",
        {**IN_PLACE, **II, "flr_pct": 20, "primary_site": "pancreas"},
        opts={
            "staged_resection": ("recommended", "STAGED-7"),
            "simultaneous_resection": ("option", "SIM-11"),
        },
        flags={"FLAG-PRIMARY-IN-PLACE"},
        lines={"resection": "RES-M3"},
    ),
    P(
        "SIM-7 retired: column A, FLR 25 %, primary in place -> SIM-11",
        {**IN_PLACE, "flr_pct": 25},
        opts={"staged_resection": ("option", "STAGED-9"), "simultaneous_resection": ("option", "SIM-11")},
    ),
    P(
        "SIM-9 column A, resection recommended, primary in place",
        {**IN_PLACE},
        opts={"simultaneous_resection": ("option", "SIM-9")},
    ),
    P(
        "SIM-6 (rev 2) after RES-9",
        {**IN_PLACE, "surgeon_assessment": "unresectable"},
        opts={"simultaneous_resection": ("contraindicated", "SIM-6")},
    ),
    # --- ablation (ABL-0, -4, -6, -7, -8, -9, -10, -11; AMB-21, AMB-22, AMB-23, AMB-54)
    P(
        "ABL-4 (rev 2) resection feasible, one lesion of 6 cm",
        {"lesions": SOLITARY_6CM},
        opts={"ablation": ("not_indicated", "ABL-4")},
    ),
    P(
        "ABL-6 (rev 2) a 6 cm lesion, unfit: FLAG-ABL-5CM",
        {"lesions": SOLITARY_6CM, "fit_for_major_surgery": "no"},
        opts={"ablation": ("not_indicated", "ABL-6"), "resection": ("contraindicated", "RES-3")},
        on={"ablation": {"FLAG-ABL-5CM"}},
    ),
    P(
        "AMB-12 5.0 cm is not < 5 cm (stand-alone ablation)",
        {"lesions": [{"segment": "VI", "size_cm": 5.0, "count": 1}], "fit_for_major_surgery": "no"},
        opts={"ablation": ("not_indicated", "ABL-6")},
    ),
    P(
        "ABL-7 (rev 2) size unknown: asks only the sizes",
        {"lesions": SOLITARY_SIZE_UNKNOWN},
        opts={"ablation": ("needs_information", "ABL-7"), "resection": ("recommended", "RES-7")},
        missing={"ablation": ["lesion_sizes"]},
        needs=["lesion_sizes"],
    ),
    P(
        "ABL-8 adjunct to a one-stage resection of limited bilobar disease",
        {"lesions": LIMITED_BILOBAR},
        opts={"ablation": ("option", "ABL-8"), "resection": ("recommended", "RES-7")},
    ),
    P(
        "ABL-11 (rev 2) alternative to a feasible resection",
        {},
        opts={"ablation": ("option", "ABL-11")},
    ),
    P(
        "ABL-9 / AMB-54 conditional: FEAS undetermined, every lesion < 5 cm",
        {"fit_for_major_surgery": "unknown"},
        opts={"ablation": ("option", "ABL-9"), "resection": ("needs_information", "RES-6")},
        conditional={"ablation"},
        flags={"FLAG-RES-UNDET"},
        needs=["fit_for_major_surgery"],
    ),
    P(
        "ABL-5 / AMB-23 lesion near the hilum",
        {"lesion_near_hilum": "yes"},
        opts={"ablation": ("contraindicated", "ABL-5")},
    ),
    P(
        "ABL-8 with a type II bulk >= 5 cm, smaller deposits ablated (AMB-21)",
        {**II, "flr_pct": 40},
        opts={"ablation": ("option", "ABL-8")},
    ),
    # --- TAE / TACE / RE (RE-4, RE-6, RE-C, FLAG-EMBO-RENAL, AMB-13, AMB-24, AMB-25)
    P(
        "RE-6 (rev 2) hepatic insufficiency; FLAG-PRRT-HEPATIC on PRRT",
        {**III, "hepatic_insufficiency": "yes"},
        opts={
            "radioembolization": ("contraindicated", "RE-6"),
            "tae": ("contraindicated", "TAE-4"),
            "prrt": ("option", "PRRT-8"),
        },
        on={"prrt": {"FLAG-PRRT-HEPATIC"}},
    ),
    P(
        "RE-4 (rev 2) hepatic insufficiency unknown",
        {**III, "hepatic_insufficiency": "unknown"},
        opts={"radioembolization": ("needs_information", "RE-4"), "tae": ("needs_information", "TAE-6")},
        missing={"radioembolization": ["hepatic_insufficiency"]},
        needs=["hepatic_insufficiency"],
    ),
    P(
        "RE-C / AMB-25 portal vein thrombosis: a caution for RE, a contraindication for TAE",
        {**III, "portal_vein_thrombosis": "yes"},
        opts={"radioembolization": ("option", "RE-5"), "tae": ("contraindicated", "TAE-4")},
        on={"radioembolization": {"FLAG-RE-CAUTION"}},
    ),
    P(
        "AMB-24 prior Whipple contraindicates embolization",
        {**III, "prior_whipple": "yes"},
        opts={"tae": ("contraindicated", "TAE-5"), "tace": ("contraindicated", "TACE-5")},
        on={"radioembolization": {"FLAG-RE-CAUTION"}},
    ),
    P(
        "FLAG-EMBO-RENAL (rev 2) on TAE and TACE in play",
        {**III, "renal_function_adequate": "no"},
        opts={"tae": ("option", "TAE-7"), "prrt": ("contraindicated", "PRRT-3")},
        on={"tae": {"FLAG-EMBO-RENAL"}, "tace": {"FLAG-EMBO-RENAL"}},
    ),
    P(
        "AMB-13 a resectable case with PVT: TAE outside the branch first",
        {"portal_vein_thrombosis": "yes"},
        opts={"tae": ("not_indicated", "TAE-3")},
    ),
    P(
        "AMB-13 an unfit type III patient: resection outside the branch first",
        {**III, "hepatic_involvement_pct": 60, "fit_for_major_surgery": "no"},
        opts={"resection": ("not_indicated", "RES-2")},
    ),
    # --- PRRT (PRRT-1, PRRT-5, PRRT-7, AMB-38, AMB-66, FLAG-PRIMARY-PRRT)
    P(
        "PRRT-1 / AMB-66 resectable liver and resectable extrahepatic disease; RES-M1, FLAG-REHD",
        {"extrahepatic_disease": "resectable"},
        opts={"prrt": ("not_indicated", "PRRT-1"), "resection": ("recommended", "RES-7")},
        lines={"resection": "RES-M1"},
        on={"resection": {"FLAG-REHD"}},
    ),
    P(
        "PRRT-7 (rev 2) unresectable extrahepatic disease",
        {"extrahepatic_disease": "unresectable"},
        opts={"prrt": ("option", "PRRT-7"), "resection": ("contraindicated", "RES-4")},
    ),
    P(
        "PRRT-5 (rev 2) extrahepatic disease unknown while FEAS is not not_feasible",
        {"extrahepatic_disease": "unknown"},
        opts={"prrt": ("needs_information", "PRRT-5"), "resection": ("needs_information", "RES-6")},
        missing={"prrt": ["extrahepatic_disease"]},
        needs=["extrahepatic_disease"],
    ),
    P(
        "FLAG-PRIMARY-PRRT (rev 2) pancreatic primary in place, diffuse G1/G2",
        {**IN_PLACE, **III, "hepatic_involvement_pct": 60, "primary_site": "pancreas"},
        opts={"prrt": ("option", "PRRT-8")},
        on={"prrt": {"FLAG-PRIMARY-PRRT"}},
    ),
    P(
        "FLAG-PRRT-BULKY PRRT option in type II",
        {**II, "fit_for_major_surgery": "no"},
        opts={"prrt": ("option", "PRRT-8")},
        on={"prrt": {"FLAG-PRRT-BULKY"}},
        no_flags={"FLAG-DOWNSTAGING"},
    ),
    # --- systemic (EVE-3, EVE-8, SSA, CHE; AMB-16, AMB-26, AMB-35, AMB-36, AMB-46)
    P(
        "EVE-3 / SUN-3 (rev 2) column A with a surgical route",
        {"primary_site": "pancreas"},
        opts={"everolimus": ("not_indicated", "EVE-3"), "sunitinib": ("not_indicated", "SUN-3")},
    ),
    P(
        "EVE-8 / SUN-8 (rev 2) column A without a surgical route",
        {"primary_site": "pancreas", "fit_for_major_surgery": "no"},
        opts={
            "everolimus": ("option", "EVE-8"),
            "sunitinib": ("option", "SUN-8"),
            "chemotherapy": ("option", "CHE-6"),
        },
    ),
    P(
        "EVE-8 conditional while SURG is undetermined (EVAL-7)",
        {"primary_site": "pancreas", "flr_pct": None},
        opts={"everolimus": ("option", "EVE-8"), "resection": ("needs_information", "RES-6")},
        conditional={"everolimus", "sunitinib"},
        flags={"FLAG-RES-UNDET"},
    ),
    P(
        "AMB-26 everolimus for a small-intestinal primary, type III",
        {**III, "hepatic_involvement_pct": 60},
        opts={"everolimus": ("option", "EVE-7"), "sunitinib": ("not_indicated", "SUN-4")},
    ),
    P(
        "AMB-35 SSA for control of proliferation; AMB-36 chemotherapy not listed for SI-NEN",
        {**III, "hepatic_involvement_pct": 60},
        opts={
            "ssa": ("option", "SSA-6"),
            "chemotherapy": ("not_indicated", "CHE-3"),
            "interferon": ("option", "IFN-6"),
        },
    ),
    P(
        "AMB-46 unknown primary: the site-restricted drugs are not listed",
        {**III, "hepatic_involvement_pct": 60, "primary_site": "unknown_primary"},
        opts={
            "everolimus": ("not_indicated", "EVE-4"),
            "chemotherapy": ("not_indicated", "CHE-3"),
            "immunotherapy": ("not_indicated", "IMM-3"),
        },
        items={"MILAN-3": "not_met", "UNOS-2": "not_met", "ENETS-4": "not_met"},
    ),
    P(
        "AMB-46 primary site not recorded: asked",
        {**III, "hepatic_involvement_pct": 60, "primary_site": "unknown"},
        opts={"everolimus": ("needs_information", "EVE-6"), "chemotherapy": ("needs_information", "CHE-5")},
        missing={"everolimus": ["primary_site"]},
    ),
    P(
        "SSA-5 symptom control in G3 (any grade G1-G3)",
        {**G3, **FUNCTIONAL, "syndrome_type": "other"},
        opts={"ssa": ("option", "SSA-5")},
        on={"ssa": {"FLAG-G3"}},
    ),
    P(
        "AMB-7 NEC chemotherapy recommended (CHE-1), never 'first line'",
        {**NEC},
        opts={"chemotherapy": ("recommended", "CHE-1"), "debulking": ("contraindicated", "DEB-1")},
    ),
    # --- outside-sources precautions (AMB-64) and the syndrome type
    P(
        "FLAG-OUT-SSA-INSULINOMA (rev 2) on SSA in play",
        {**FUNCTIONAL, "syndrome_type": "insulinoma", "primary_site": "pancreas"},
        opts={"ssa": ("option", "SSA-5")},
        on={"ssa": {"FLAG-OUT-SSA-INSULINOMA"}},
        no_flags={"FLAG-SYNDROME-TYPE", "FLAG-OUT-CARCINOID-HEART"},
    ),
    P(
        "FLAG-OUT-CARCINOID-HEART (rev 2) on offered surgery and embolization only",
        {**FUNCTIONAL, "syndrome_type": "carcinoid"},
        opts={"resection": ("recommended", "RES-7"), "transplant": ("not_indicated", "OLT-3")},
        on={"resection": {"FLAG-OUT-CARCINOID-HEART"}},
    ),
    P(
        "FLAG-SYNDROME-TYPE (rev 2) the precautions cannot be checked",
        {**FUNCTIONAL},
        flags={"FLAG-SYNDROME-TYPE"},
        no_flags={"FLAG-OUT-SSA-INSULINOMA", "FLAG-OUT-CARCINOID-HEART"},
    ),
    # --- performance status, down-staging, flags (AMB-33, AMB-56, AMB-61)
    P(
        "FLAG-PS-POOR (rev 2) ECOG 3 on offered non-surgical options; no status change (AMB-61)",
        {**III, "ecog": 3},
        opts={"tae": ("option", "TAE-7"), "transplant": ("option", "OLT-7")},
        on={"tae": {"FLAG-PS-POOR"}, "ssa": {"FLAG-PS-POOR"}},
        flags={"FLAG-PS-POOR"},
    ),
    P(
        "AMB-33 FLAG-ECOG: ECOG recorded, fitness not",
        {"ecog": 1, "fit_for_major_surgery": "unknown"},
        flags={"FLAG-ECOG"},
        no_flags={"FLAG-PS-POOR"},
        opts={"resection": ("needs_information", "RES-6")},
    ),
    P(
        "FLAG-DOWNSTAGING (rev 2) type II, not feasible, fit",
        {**II, "flr_pct": 20},
        flags={"FLAG-DOWNSTAGING"},
    ),
    P(
        "FLAG-DOWNSTAGING (rev 2) NEC type II, fit: the trigger as written",
        {**NEC, **II},
        opts={"resection": ("contraindicated", "RES-1"), "tae": ("not_indicated", "TAE-1")},
        flags={"FLAG-DOWNSTAGING"},
    ),
    P(
        "FLAG-GEP-SCOPE (rev 2) lung primary",
        {"primary_site": "lung"},
        flags={"FLAG-GEP-SCOPE"},
        items={"MILAN-3": "not_met", "UNOS-2": "not_met"},
    ),
    P(
        "RES-M3 / FLAG-PRIMARY-IN-PLACE (rev 2) not for NEC",
        {**NEC, **IN_PLACE},
        opts={"resection": ("contraindicated", "RES-1")},
        no_flags={"FLAG-PRIMARY-IN-PLACE"},
    ),
    P(
        "RES-M2 (rev 2 text) recurrence after liver resection",
        {"recurrence_after_liver_resection": "yes"},
        opts={"resection": ("recommended", "RES-7")},
        lines={"resection": "RES-M2"},
        flags={"FLAG-RECURRENCE"},
    ),
    # --- pattern ambiguities (AMB-8..11, AMB-14, AMB-53, AMB-55)
    P(
        "AMB-8 the confirmed type wins over the suggestion",
        {"confirmed_type": "II", "flr_pct": 40},
        opts={"staged_resection": ("option", "STAGED-8")},
        flags={"FLAG-TYPE-OVERRIDE"},
        no_flags={"FLAG-TYPE-SUGGESTED"},
    ),
    P(
        "AMB-9 several lesions in one lobe: limited unilobar, column A",
        {"lesions": UNILOBAR},
        opts={"resection": ("recommended", "RES-7"), "debulking": ("not_indicated", "DEB-3")},
        flags={"FLAG-TYPE-UNILOBAR"},
    ),
    P(
        "AMB-10 caudate with segment VI is unilobar",
        {
            "lesions": [
                {"segment": "I", "size_cm": 2.0, "count": 1},
                {"segment": "VI", "size_cm": 2.0, "count": 1},
            ]
        },
        flags={"FLAG-CAUDATE", "FLAG-TYPE-UNILOBAR"},
        items={"UNOS-7": "not_met"},
    ),
    P(
        "AMB-11 involvement unknown: FLAG-TYPE-NO-INVOLVEMENT",
        {"hepatic_involvement_pct": None},
        flags={"FLAG-TYPE-NO-INVOLVEMENT"},
    ),
    P(
        "AMB-14 column C: nothing recommended",
        {**III, "hepatic_involvement_pct": 60},
        opts={"tae": ("option", "TAE-7"), "resection": ("not_indicated", "RES-2")},
    ),
    P(
        "AMB-53 / EVAL-3 FEAS without the type: an unfit patient without lesions",
        {"lesions": None, "fit_for_major_surgery": "no"},
        opts={
            "tae": ("option", "TAE-7"),
            "ssa": ("option", "SSA-6"),
            "prrt": ("option", "PRRT-8"),
            "ablation": ("needs_information", "ABL-7"),
            "everolimus": ("needs_information", "EVE-6"),
        },
        missing={"ablation": ["lesions"], "everolimus": ["lesions"]},
    ),
    P(
        "AMB-55 confirmed type III without lesions: bilobar unknown",
        {"lesions": None, "confirmed_type": "III"},
        items={"UNOS-7": "unknown"},
    ),
    # --- transplant (AMB-27..34, AMB-48, AMB-50, AMB-51, EV-OLT-2)
    P(
        "AMB-27 rectum is not portal",
        {"primary_site": "rectum"},
        items={"MILAN-3": "not_met", "UNOS-2": "not_met"},
    ),
    P(
        "AMB-29 Milan's third bullet: resectable extrahepatic disease not removed",
        {**III, "extrahepatic_disease": "resectable"},
        items={"MILAN-3": "not_met", "UNOS-4": "not_met", "UNOS-6": "not_met"},
    ),
    P(
        "AMB-30 G3: UNOS can be met, transplant contraindicated",
        {**G3, **III},
        opts={"transplant": ("contraindicated", "OLT-2")},
        items={"MILAN-2": "not_met"},
    ),
    P(
        "AMB-34 transplant when a surgical route exists",
        {},
        opts={"transplant": ("not_indicated", "OLT-3")},
        items={"UNOS-8": "not_met"},
    ),
    P(
        "AMB-48 time items below 6 months: not met now, FLAG-OLT-TIME",
        {**III, "months_stable_or_response": 4},
        items={"MILAN-5": "not_met", "ENETS-5": "not_met", "UNOS-5": "not_met"},
        flags={"FLAG-OLT-TIME"},
        opts={"transplant": ("not_indicated", "OLT-5")},
    ),
    P(
        "AMB-50 unfit patient: transplant contraindicated",
        {**III, "fit_for_major_surgery": "no"},
        opts={"transplant": ("contraindicated", "OLT-4")},
    ),
    P(
        "AMB-51 type II, FLR < 30, staged recommended: transplant not listed, UNOS-8 not met",
        {**II, "flr_pct": 20},
        opts={"transplant": ("not_indicated", "OLT-3"), "staged_resection": ("recommended", "STAGED-7")},
        items={"UNOS-8": "not_met"},
    ),
    P(
        "OLT-7 option with FLAG-OLT-SELECTION; ELTR age flag",
        {**III, "age_years": 50},
        opts={"transplant": ("option", "OLT-7")},
        on={"transplant": {"FLAG-OLT-SELECTION", "FLAG-ELTR-AGE"}},
        no_flags={"FLAG-OLT-KI67"},
    ),
    # --- debulking (AMB-39)
    P(
        "AMB-39 a controlled functional tumour with bulk symptoms is not covered",
        {**II, "fit_for_major_surgery": "yes", "flr_pct": 20, **FUNCTIONAL, "tumour_burden_symptoms": "yes"},
        opts={"debulking": ("not_indicated", "DEB-6")},
    ),
    P(
        "DEB-7 non-functional, stable < 6 months",
        {**II, "flr_pct": 20, "months_stable_or_response": 4, "tumour_burden_symptoms": "yes"},
        opts={"debulking": ("not_indicated", "DEB-7")},
    ),
    # --- more ambiguities (AMB-20, AMB-32, AMB-37, AMB-40)
    P(
        "AMB-20 FLR < 30 %: the alternatives are options beside the staged route",
        {**II, "flr_pct": 20, "primary_site": "pancreas"},
        opts={
            "resection": ("contraindicated", "RES-5"),
            "staged_resection": ("recommended", "STAGED-7"),
            "tace": ("option", "TACE-7"),
            "chemotherapy": ("option", "CHE-6"),
            "everolimus": ("option", "EVE-7"),
        },
        starts={
            "tace": NOT_PURSUED,
            "chemotherapy": "G1/G2 pancreatic primary, if the staged resection is not",
        },
        on={"staged_resection": {"FLAG-STAGED-AVAILABLE"}},
    ),
    P(
        "AMB-32 ENETS-7 bilirubin not recorded",
        {"bilirubin_normal": "unknown"},
        items={"ENETS-7": "unknown"},
    ),
    P(
        "AMB-37 immunotherapy handled like interferon",
        {**III, "hepatic_involvement_pct": 60},
        opts={"immunotherapy": ("option", "IMM-6"), "interferon": ("option", "IFN-6")},
    ),
    P(
        "AMB-40 / EV-OLT-2 (rev 2) the Ki-67 figures as evidence with transplant, never a flag",
        {**III, "ki67_pct": 1.5},
        opts={"transplant": ("option", "OLT-7")},
        evidence={"transplant": {"EV-OLT-1", "EV-OLT-2", "EV-POOL"}},
        no_flags={"FLAG-OLT-KI67"},
    ),
    # --- Couinaud IVa / IVb: no rule reads a subsegment; LESION-2 and LOBES-1 count them as segment IV
    P(
        "LESION-2 / LOBES-1 IVa and IVb are one segment IV (PATTERN-5's >= 6 segments not reached)",
        {
            "lesions": [
                {"segment": s, "size_cm": 1.5, "count": 1} for s in ("II", "III", "IVa", "IVb", "V", "VI")
            ]
        },
        lesions={"segments": ["II", "III", "IV", "V", "VI"], "n_segments": 5, "bilobar": True},
        suggested="limited_bilobar",
        opts={"resection": ("recommended", "RES-7")},
    ),
    P(
        "LOBES-1 IVa alone is the left lobe: IVa with VII is bilobar",
        {
            "lesions": [
                {"segment": "IVa", "size_cm": 2.0, "count": 1},
                {"segment": "VII", "size_cm": 2.0, "count": 1},
            ]
        },
        lesions={"segments": ["IV", "VII"], "lobes": ["right", "left"], "bilobar": True},
        suggested="limited_bilobar",
    ),
    # --- NEEDS-ORDER (AMB-65): technique details after pathology, staging, fitness and course
    P(
        "NEEDS-ORDER pathology -> staging -> fitness -> technique details",
        {
            "ki67_pct": None,
            "flr_pct": None,
            "extrahepatic_disease": "unknown",
            "fit_for_major_surgery": "unknown",
            "lesion_near_hilum": "unknown",
            "portal_vein_thrombosis": "unknown",
        },
        needs=[
            "ki67_pct",
            "extrahepatic_disease",
            "fit_for_major_surgery",
            "flr_pct",
            "lesion_near_hilum",
            "portal_vein_thrombosis",
        ],
    ),
]
