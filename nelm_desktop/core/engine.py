"""The engine: a pure function from a case to its evaluation (CLINICAL-RULES EVAL-1 order).

GRADE -> LESION/LOBES -> PATTERN -> COLUMN -> PORTAL -> RES -> FEAS -> STAGED -> SURG -> the other
modalities -> transplant criteria -> OLT. Options per the source algorithm; the clinician and the
multidisciplinary tumour board decide.
"""

from __future__ import annotations

from nelm_desktop.core.distribution_types import TYPE_LABELS
from nelm_desktop.core.evaluation import (
    MODALITIES,
    MODALITY_LABELS,
    Evaluation,
    Flag,
    OptionResult,
    needs_information_order,
    new_flag,
    trusted,
)
from nelm_desktop.core.evidence import evidence_entries
from nelm_desktop.core.flags import ELTR_FLAGS, FLAG_TEXTS, OUTSIDE_SOURCE_FLAGS
from nelm_desktop.core.grading import grade_case
from nelm_desktop.core.liver import frilling_type, portal_drainage, summarise_lesions
from nelm_desktop.core.model import Case
from nelm_desktop.core.rules.ablation import ABLATION
from nelm_desktop.core.rules.base import (
    Ctx,
    Table,
    check_settled_before_shown,
    check_shown_facts_exist,
    read_facts,
    run_table,
)
from nelm_desktop.core.rules.criteria import CRITERIA_SETS, evaluate_criteria
from nelm_desktop.core.rules.debulking import DEBULKING
from nelm_desktop.core.rules.embolization import RADIOEMBOLIZATION, TACE, TAE
from nelm_desktop.core.rules.prrt import PRRT
from nelm_desktop.core.rules.resection import RESECTION, SIMULTANEOUS, STAGED
from nelm_desktop.core.rules.systemic import (
    CHEMOTHERAPY,
    EVEROLIMUS,
    IMMUNOTHERAPY,
    INTERFERON,
    SSA,
    SUNITINIB,
)
from nelm_desktop.core.rules.transplant import TRANSPLANT
from nelm_desktop.core.sources import KNOWLEDGE_BASE_VERSION
from nelm_desktop.core.treatments import progressions
from nelm_desktop.core.trials import trial_hints

# Evaluation order (EVAL-1); transplant runs after the criteria, which read SURG.
TABLES_BEFORE_CRITERIA: tuple[Table, ...] = (
    RESECTION,
    STAGED,
    SIMULTANEOUS,
    DEBULKING,
    ABLATION,
    TAE,
    TACE,
    RADIOEMBOLIZATION,
    PRRT,
    SSA,
    EVEROLIMUS,
    SUNITINIB,
    CHEMOTHERAPY,
    INTERFERON,
    IMMUNOTHERAPY,
)
ALL_TABLES: tuple[Table, ...] = (*TABLES_BEFORE_CRITERIA, TRANSPLANT)
CRITERIA_READS: tuple[str, ...] = tuple(
    fact for _name, items in CRITERIA_SETS.values() for item in items for fact in item.reads
)
# Every fact shown with a reason or a criterion item (`read_facts` reads them once per evaluation).
SHOWN_FACTS: tuple[str, ...] = tuple(
    dict.fromkeys([fact for table in ALL_TABLES for fact in table.reads] + list(CRITERIA_READS))
)
# Explanations read their facts when first shown, after the evaluation: FEAS and SURG must be settled
# before any table or criterion that shows them runs (EVAL-1 order: tables, criteria, transplant).
check_settled_before_shown(TABLES_BEFORE_CRITERIA, CRITERIA_READS)
check_settled_before_shown(ALL_TABLES, ())
check_shown_facts_exist(SHOWN_FACTS)

OFFERED = ("recommended", "option")
TXV_RULES = {"met": "TXV-1", "not_met": "TXV-2", "incomplete": "TXV-3"}


def _type_name(value: str | None) -> str:
    return TYPE_LABELS.get(value or "", "undetermined")


IN_PLAY = ("recommended", "option", "needs_information")  # section 8 (rev 2)
# FLAG-PS-POOR is attached to every offered non-surgical modality (section 8).
NON_SURGICAL = (
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
CARCINOID_HEART_MODALITIES = (
    "resection",
    "staged_resection",
    "simultaneous_resection",
    "debulking",
    "transplant",
    "tae",
    "tace",
    "radioembolization",
)
_SITE_WORDS = {"lung": "lung", "other": "other"}


def _attach(
    ctx: Ctx, flag_id: str, modalities: tuple[str, ...], statuses: tuple[str, ...], **values: str
) -> None:
    """Raise a case-level flag and attach it to those of `modalities` whose status is in `statuses`."""
    ctx.raise_flag(flag_id, **values)
    for modality in modalities:
        result = ctx.results[modality]
        if result.status in statuses and flag_id not in result.flags:
            result.flags.append(flag_id)


def _surgeon_conflict(ctx: Ctx) -> str:
    """FLAG-SURGEON-CONFLICT's finding, or "" without a conflict (AMB-57)."""
    case = ctx.case
    found = []
    if case.surgeon_assessment == "one_stage" and case.flr_pct is not None and case.flr_pct < 30:
        found.append(f"FLR {case.flr_pct:g} %")
    if case.surgeon_assessment in ("one_stage", "two_stage_only") and ctx.type_used == "III":
        found.append("type III")
    return " / ".join(found)


def _case_flags(ctx: Ctx) -> None:
    """Flags whose trigger is a case fact or a combination of results (section 8, AMB-56)."""
    case, results = ctx.case, ctx.results
    if ctx.lesions.caudate:
        ctx.raise_flag("FLAG-CAUDATE")
    if ctx.primary_in_place() and not ctx.nec:
        ctx.raise_flag("FLAG-PRIMARY-IN-PLACE")
    if case.primary_site in _SITE_WORDS:
        ctx.raise_flag("FLAG-GEP-SCOPE", site=_SITE_WORDS[case.primary_site])
    if case.recurrence_after_liver_resection == "yes":
        ctx.raise_flag("FLAG-RECURRENCE")
    if results["resection"].rule in ("RES-5", "RES-10") and results["staged_resection"].status in OFFERED:
        _option_flag(ctx, results["staged_resection"], "FLAG-STAGED-AVAILABLE")
    conflict = _surgeon_conflict(ctx)
    if conflict:
        assessment = case.surgeon_assessment.replace("_", " ")
        ctx.raise_flag("FLAG-SURGEON-CONFLICT", assessment=assessment, finding=conflict)
    if case.extrahepatic_disease in ("resectable", "unresectable"):
        for modality in ("tae", "tace", "radioembolization"):
            if results[modality].status == "option":
                _option_flag(ctx, results[modality], "FLAG-IA-EHD")
    if case.renal_function_adequate == "no":
        _attach(ctx, "FLAG-EMBO-RENAL", ("tae", "tace"), IN_PLAY)
    if case.hepatic_insufficiency == "yes":
        _attach(ctx, "FLAG-PRRT-HEPATIC", ("prrt",), IN_PLAY)
    if results["prrt"].status == "option" and ctx.type_used == "II":
        _option_flag(ctx, results["prrt"], "FLAG-PRRT-BULKY")
    if results["prrt"].rule == "PRRT-6":
        sstr, fdg = case.sstr_imaging, case.fdg_pet
        _option_flag(ctx, results["prrt"], "FLAG-DUAL-TRACER")
        ctx.raise_flag("FLAG-DUAL-TRACER", sstr=sstr, fdg=fdg)
    if ctx.g12 and case.primary_site == "pancreas" and ctx.primary_in_place() and ctx.type_used == "III":
        _attach(ctx, "FLAG-PRIMARY-PRRT", ("prrt",), IN_PLAY)
    if ctx.g3:
        for modality in ("prrt", "ssa"):
            if results[modality].rule in ("PRRT-6", "SSA-5"):
                _option_flag(ctx, results[modality], "FLAG-G3")
    transplant = results["transplant"]
    if transplant.status in ("option", "needs_information"):
        eltr = {
            "FLAG-ELTR-HEPATOMEGALY": case.hepatomegaly == "yes",
            "FLAG-ELTR-AGE": case.age_years is not None and case.age_years > 45,
            "FLAG-ELTR-CONCURRENT": case.olt_concurrent_resection == "yes",
        }
        for flag_id, raised in eltr.items():
            if raised:
                _option_flag(ctx, transplant, flag_id)
    if case.ecog is not None and case.fit_for_major_surgery == "unknown":
        ctx.raise_flag("FLAG-ECOG")
    if case.ecog is not None and case.ecog >= 3:  # AMB-61: a product threshold, never a status
        _attach(ctx, "FLAG-PS-POOR", NON_SURGICAL, OFFERED, ecog=str(case.ecog))
    # rev 2: down-staging presupposes a later operation, so fit patients only.
    if ctx.type_used in ("II", "III") and ctx.feas == "not_feasible" and case.fit_for_major_surgery == "yes":
        ctx.raise_flag("FLAG-DOWNSTAGING")
    if case.functional_syndrome == "yes":
        if case.syndrome_type == "unknown":
            ctx.raise_flag("FLAG-SYNDROME-TYPE")
        elif case.syndrome_type == "insulinoma":
            _attach(ctx, "FLAG-OUT-SSA-INSULINOMA", ("ssa",), IN_PLAY)
        elif case.syndrome_type == "carcinoid":
            _attach(ctx, "FLAG-OUT-CARCINOID-HEART", CARCINOID_HEART_MODALITIES, OFFERED)
    ctx.raise_flag("FLAG-MDT")


def _option_flag(ctx: Ctx, result: OptionResult, flag_id: str) -> None:
    if flag_id not in result.flags:
        result.flags.append(flag_id)
    ctx.raise_flag(flag_id)


# Flag id -> (text, source, outside the sources), worked out once.
_FLAG_PARTS: dict[str, tuple[str, str, bool]] = {
    flag_id: (text, source, flag_id in OUTSIDE_SOURCE_FLAGS) for flag_id, (text, source) in FLAG_TEXTS.items()
}


def _render_flags(ctx: Ctx, confirmed: str | None, suggested: str | None) -> list[Flag]:
    flags = []
    parts = _FLAG_PARTS
    for flag_id, found in ctx.flags.items():
        text, source, outside = parts[flag_id]
        if flag_id == "FLAG-TYPE-OVERRIDE":
            found = {"confirmed": _type_name(confirmed), "suggested": _type_name(suggested), **found}
        if found:
            text = text.format(**found)
        flags.append(new_flag(flag_id, text, source, outside))
    return flags


HISTORY_SOURCE = "this case's treatment history"


def _history_flags(case: Case, ctx: Ctx) -> list[Flag]:
    """A recorded progression on a modality, shown next to that option (issue #16). Never a status change:
    the sources give no rule for it, so the engine only shows what the case's own history records."""
    by_modality: dict[str, list[str]] = {}
    for line in progressions(case.treatment_history):
        what = line.name.strip() or MODALITY_LABELS[line.modality]
        when = line.end or line.start
        by_modality.setdefault(line.modality, []).append(f"{what} {when}".strip())
    out = []
    for modality, items in by_modality.items():
        flag_id = f"HISTORY-PROGRESSION-{modality.upper()}"
        result = ctx.results[modality]
        if flag_id not in result.flags:
            result.flags.append(flag_id)
        out.append(Flag(flag_id, f"Progression on {'; '.join(items)} recorded.", HISTORY_SOURCE, modality))
    return out


def evaluate(case: Case) -> Evaluation:
    """Evaluate one case. Total and deterministic: every valid case gives all 16 modalities once."""
    grade, grade_flags = grade_case(case)
    lesions = summarise_lesions(case)
    ftype, type_flags, _suggestion = frilling_type(case, lesions)
    portal, portal_rule = portal_drainage(case)
    ctx = Ctx(
        case=case,
        grade=grade.grade,
        grade_missing=list(grade.missing),
        diff_eff=grade.differentiation_eff,
        lesions=lesions,
        type_value=ftype.used,
        type_is_suggestion=ftype.used_is_suggestion,
        col_value=ftype.column,
        col_missing=list(ftype.missing) if ftype.column is None else [],
        portal=portal,
    )
    read_facts(ctx)
    for flag_id, values in grade_flags.items():
        ctx.raise_flag(flag_id, **values)
    for flag_id in type_flags:
        ctx.raise_flag(flag_id)
    for table in TABLES_BEFORE_CRITERIA:
        run_table(table, ctx)
    ctx.criteria = evaluate_criteria(ctx)
    run_table(TRANSPLANT, ctx)
    _case_flags(ctx)

    results = ctx.results
    options = [results[m] for m in MODALITIES]
    # One pass over the results: missing facts, evidence, offered modalities and the rules that fired.
    missing: list[str] = []
    evidence_ids = ["EV-GEN-1"]
    offered: set[str] = set()
    fired = [grade.rule, ftype.suggested_rule, "PATTERN-0" if ftype.confirmed else "", portal_rule]
    for opt in options:
        status = opt.status
        if status == "needs_information":
            missing += opt.missing
            evidence_ids += opt.evidence
        elif status in OFFERED:
            offered.add(opt.modality)
            evidence_ids += opt.evidence
        for reason in opt.reasons:
            fired.append(reason.rule)
    needs_information = needs_information_order(missing) if missing else []
    if case.recurrence_after_liver_resection == "yes":
        evidence_ids.append("EV-REC")
    flags = _render_flags(ctx, ftype.confirmed, ftype.suggested)
    if case.treatment_history:
        flags += _history_flags(case, ctx)
    for criteria_set in ctx.criteria.values():
        fired.append(TXV_RULES[criteria_set.verdict])
    fired_rules = dict.fromkeys(fired)  # first-seen order, duplicates dropped
    fired_rules.pop("", None)  # PATTERN-0 when no type was confirmed
    # Every field, in declaration order (see `trusted`).
    return trusted(
        Evaluation,
        {
            "case_id": case.case_id,
            "demo": case.demo,
            "knowledge_base": KNOWLEDGE_BASE_VERSION,
            "grade": grade,
            "lesions": lesions,
            "frilling_type": ftype,
            "portal_drainage": portal,
            "options": options,
            "transplant_criteria": ctx.criteria,
            "eltr_factors": [f for f in flags if f.id in ELTR_FLAGS],
            "needs_information": needs_information,
            "flags": flags,
            "evidence": evidence_entries(dict.fromkeys(evidence_ids)),
            "trials": trial_hints(offered),
            "fired_rules": list(fired_rules),
        },
    )
